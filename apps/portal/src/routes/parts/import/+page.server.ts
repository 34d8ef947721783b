import { error } from '@sveltejs/kit';
import { abilityOf } from '$lib/server/ability';
import { requireArea } from '$lib/server/guard';
import type { PageServerLoad } from './$types';

/**
 * 配件目录导入: a seller's catalogue staff (the manufacturer's parts manager or admin, a supplier's
 * order desk or admin) import its catalogue. The page runs in the browser: it starts the import,
 * sends the file to the import's upload path (forwarded to the API like /graphql, streamed) and
 * polls the import's counts until it is done.
 */
export const load: PageServerLoad = async ({ locals }) => {
  const me = requireArea(locals.me, 'parts');
  if (!abilityOf(me).can('update', 'CataloguePart')) error(403, { message: 'FORBIDDEN', code: 'FORBIDDEN' });
  return {};
};
