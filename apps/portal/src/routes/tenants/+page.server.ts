import { fail } from '@sveltejs/kit';
import { api, failure } from '$lib/server/api';
import { requireArea, text } from '$lib/server/guard';
import { CreateTenantDocument, TenantsDocument, type TenantKind } from '$lib/graphql/generated';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, cookies }) => {
  requireArea(locals.me, 'tenants');
  const r = await api(TenantsDocument, { first: 100 }, { cookies });
  return { tenants: r.tenants };
};

export const actions: Actions = {
  create: async ({ request, cookies }) => {
    const f = await request.formData();
    try {
      const r = await api(
        CreateTenantDocument,
        {
          input: {
            kind: String(f.get('kind')) as TenantKind,
            name: String(f.get('name') ?? ''),
            code: String(f.get('code') ?? ''),
            timezone: text(f.get('timezone')),
            adminEmail: String(f.get('adminEmail') ?? ''),
            adminDisplayName: String(f.get('adminDisplayName') ?? ''),
            adminPassword: String(f.get('adminPassword') ?? ''),
          },
        },
        { cookies },
      );
      return { created: r.createTenant.tenant.name };
    } catch (e) {
      return fail(400, failure(e));
    }
  },
};
