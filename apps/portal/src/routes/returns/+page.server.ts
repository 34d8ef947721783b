import { fail } from '@sveltejs/kit';
import { api, badField, failure } from '$lib/server/api';
import { requireArea, text } from '$lib/server/guard';
import { abilityOf } from '$lib/server/ability';
import { ReturnsInspectDocument, ReturnsPageDocument, ReturnsReceiveDocument, ReturnsShipDocument, type InspectionResult } from '$lib/graphql/generated';
import { partReturnMachine } from '@asn/domain';
import type { Actions, PageServerLoad } from './$types';

/** Open work: parts asked back whose machine still has a step (ship, receive, inspect). */
const OPEN = partReturnMachine.states.filter((s) => s !== partReturnMachine.initial && !partReturnMachine.terminal.includes(s));
const RESULTS: readonly InspectionResult[] = ['CONFIRMED', 'NOT_CONFIRMED', 'SUPPLIER_CAUSED'];

/**
 * 旧件返还: the dealer's to-ship list (one parcel per claim), the manufacturer's receiving desk
 * (scan the old-part tag) and its inspection list.
 */
export const load: PageServerLoad = async ({ locals, cookies, url }) => {
  const me = requireArea(locals.me, 'returns');
  const ability = abilityOf(me);
  // two pages: the open work (?open=, oldest first) and the inspected history (?after=, newest first)
  const openAfter = url.searchParams.get('open');
  const after = url.searchParams.get('after');
  const [open, inspected] = await Promise.all([
    api(ReturnsPageDocument, { status: OPEN, after: openAfter, oldestFirst: true }, { cookies }).then((r) => r.returnedParts),
    api(ReturnsPageDocument, { status: [...partReturnMachine.terminal], after }, { cookies }).then((r) => r.returnedParts),
  ]);
  return {
    parts: [...open.nodes, ...inspected.nodes],
    openPage: { after: openAfter, ...open.pageInfo, totalCount: open.totalCount },
    inspectedPage: { after, ...inspected.pageInfo, totalCount: inspected.totalCount },
    can: { ship: ability.can('ship', 'WarrantyClaim'), receive: ability.can('receive', 'WarrantyClaim') },
  };
};

export const actions: Actions = {
  ship: async ({ request, cookies }) => {
    const f = await request.formData();
    try {
      const r = await api(
        ReturnsShipDocument,
        {
          input: {
            id: String(f.get('id')),
            version: Number(f.get('version')),
            carrier: String(f.get('carrier') ?? ''),
            trackingNumber: String(f.get('trackingNumber') ?? ''),
          },
        },
        { cookies },
      );
      return { shipped: r.shipClaimParts.claim.number };
    } catch (e) {
      return fail(400, { ...failure(e), claimId: String(f.get('id')) });
    }
  },
  /** A scanner types the tag code and Enter: the part is in. */
  receive: async ({ request, cookies }) => {
    const f = await request.formData();
    const tagCode = (text(f.get('tagCode')) ?? '').toUpperCase();
    try {
      const r = await api(ReturnsReceiveDocument, { input: { tagCode } }, { cookies });
      return { received: tagCode, claimNumber: r.receiveReturnedPart.claim.number };
    } catch (e) {
      return fail(400, { ...failure(e), scanned: tagCode });
    }
  },
  inspect: async ({ request, cookies }) => {
    const f = await request.formData();
    const tagCode = String(f.get('tagCode') ?? '');
    const result = String(f.get('result') ?? '') as InspectionResult;
    if (!RESULTS.includes(result)) return fail(400, { ...badField('input.result', 'REQUIRED'), tagCode });
    try {
      await api(ReturnsInspectDocument, { input: { tagCode, result, note: text(f.get('note')) } }, { cookies });
      return { inspected: tagCode, result };
    } catch (e) {
      return fail(400, { ...failure(e), tagCode });
    }
  },
};
