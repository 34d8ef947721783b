import { api } from '$lib/server/api';
import { requireArea } from '$lib/server/guard';
import { AuditEntriesDocument } from '$lib/graphql/generated';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, cookies, url }) => {
  requireArea(locals.me, 'audit');
  const after = url.searchParams.get('after');
  const r = await api(AuditEntriesDocument, { first: 50, after }, { cookies });
  return { entries: r.auditEntries };
};
