import { fail } from '@sveltejs/kit';
import { api, failure } from '$lib/server/api';
import { requireArea, text } from '$lib/server/guard';
import { InviteUserDocument, SetUserActiveDocument, SetUserRolesDocument, UsersDocument, type Role } from '$lib/graphql/generated';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, cookies, url }) => {
  requireArea(locals.me, 'users');
  const search = url.searchParams.get('q');
  const r = await api(UsersDocument, { first: 100, search }, { cookies });
  return { users: r.users, search };
};

export const actions: Actions = {
  invite: async ({ request, cookies }) => {
    const f = await request.formData();
    try {
      const r = await api(
        InviteUserDocument,
        {
          input: {
            email: String(f.get('email') ?? ''),
            displayName: String(f.get('displayName') ?? ''),
            roles: f.getAll('roles').map(String) as Role[],
            initialPassword: text(f.get('initialPassword')),
          },
        },
        { cookies },
      );
      return { invited: r.inviteUser.user.email, temporaryPassword: r.inviteUser.temporaryPassword };
    } catch (e) {
      return fail(400, failure(e));
    }
  },
  roles: async ({ request, cookies }) => {
    const f = await request.formData();
    try {
      await api(
        SetUserRolesDocument,
        { input: { userId: String(f.get('userId')), roles: f.getAll('roles').map(String) as Role[], version: Number(f.get('version')) } },
        { cookies },
      );
      return { rolesSaved: true };
    } catch (e) {
      return fail(400, failure(e));
    }
  },
  active: async ({ request, cookies }) => {
    const f = await request.formData();
    try {
      await api(
        SetUserActiveDocument,
        { input: { userId: String(f.get('userId')), active: f.get('active') === 'true', version: Number(f.get('version')) } },
        { cookies },
      );
      return { activeSaved: true };
    } catch (e) {
      return fail(400, failure(e));
    }
  },
};
