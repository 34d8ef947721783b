import { api } from '$lib/server/api';
import { HomeDocument } from '$lib/graphql/generated';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, cookies }) => {
  if (!locals.me || locals.me.isPlatformAdmin) return { counts: null };
  const r = await api(HomeDocument, {}, { cookies });
  return { counts: { relationships: r.relationships.totalCount, colleagues: r.users.totalCount } };
};
