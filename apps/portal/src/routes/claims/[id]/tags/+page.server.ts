import { api, notFoundAs404 } from '$lib/server/api';
import { requireArea } from '$lib/server/guard';
import { ClaimTagsDocument } from '$lib/graphql/generated';
import type { PageServerLoad } from './$types';

/** The old-part tags (旧件标签) of a claim: one per removed part, printed on A4 and cut out. */
export const load: PageServerLoad = async ({ locals, cookies, params }) => {
  const me = requireArea(locals.me, 'claims');
  const claim = await api(ClaimTagsDocument, { id: params.id }, { cookies }).then((r) => r.warrantyClaim, notFoundAs404);
  return { claim, tags: claim.lines.filter((l) => l.kind === 'PART' && l.tagCode), tenant: me.tenant };
};
