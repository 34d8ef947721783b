import { fail } from '@sveltejs/kit';
import { api, failure, notFoundAs404 } from '$lib/server/api';
import { chosenFiles, noFile, oversized, tooLarge, uploadEach } from '$lib/server/uploads';
import { requireArea, text } from '$lib/server/guard';
import { formKey, postedKey } from '$lib/server/idempotency';
import {
  PartsAnswerDiscrepancyDocument,
  PartsCancelOrderDocument,
  PartsConfirmOrderDocument,
  PartsOrderPageDocument,
  PartsReceiveShipmentDocument,
  PartsShipOrderDocument,
  PartsShortCloseDocument,
  PartsSubmitOrderDocument,
  type DiscrepancyAnswer,
  type LineRefusalReason,
  type ReceiptRejectReason,
} from '$lib/graphql/generated';
import type { Actions, PageServerLoad } from './$types';

/**
 * One parts order, for both of its parties: the buyer follows its lines, shipments and ETAs,
 * receives each shipment (with what was wrong) and may cancel before anything ships; the seller
 * confirms each line (allocated, backordered with a day, refused with a reason), ships, gives up
 * a backorder and answers discrepancies. The buttons are the events the API allows this user now.
 */
export const load: PageServerLoad = async ({ locals, cookies, params }) => {
  const me = requireArea(locals.me, 'parts');
  const { partsOrder } = await api(PartsOrderPageDocument, { id: params.id }, { cookies }).catch(notFoundAs404);
  return { order: partsOrder, isSeller: partsOrder.sellerId === me.tenant?.id, formKey: formKey() };
};

const ref = (f: FormData) => ({ id: String(f.get('id') ?? ''), version: Number(f.get('version')) });
const int = (v: FormDataEntryValue | null) => (v === null || String(v).trim() === '' ? 0 : Number(v));
/** The values of fields named `<prefix>.<lineId>`, by line id. */
function byLine(f: FormData, prefix: string): Map<string, FormDataEntryValue> {
  const out = new Map<string, FormDataEntryValue>();
  for (const [k, v] of f.entries()) if (k.startsWith(`${prefix}.`)) out.set(k.slice(prefix.length + 1), v);
  return out;
}

/** Runs one step; a refusal goes back to the form that sent it (named by `form`). */
async function step(form: string, run: () => Promise<unknown>) {
  try {
    await run();
    return { done: form };
  } catch (e) {
    return fail(400, { ...failure(e), form });
  }
}

export const actions: Actions = {
  submit: async ({ request, cookies }) => {
    const f = await request.formData();
    return step('submit', () => api(PartsSubmitOrderDocument, { input: { ...ref(f), idempotencyKey: postedKey(f) } }, { cookies }));
  },
  cancel: async ({ request, cookies }) => {
    const f = await request.formData();
    return step('cancel', () => api(PartsCancelOrderDocument, { input: { ...ref(f), reason: String(f.get('reason') ?? '') } }, { cookies }));
  },
  confirm: async ({ request, cookies }) => {
    const f = await request.formData();
    const allocate = byLine(f, 'allocate');
    const backorder = byLine(f, 'backorder');
    const expected = byLine(f, 'expectedOn');
    const refuse = byLine(f, 'refuse');
    const lines = [...allocate.keys()].map((lineId) => ({
      lineId,
      allocate: int(allocate.get(lineId) ?? null),
      backorder: int(backorder.get(lineId) ?? null),
      expectedOn: text(expected.get(lineId) ?? null),
      refuse: (text(refuse.get(lineId) ?? null) as LineRefusalReason | null) ?? null,
    }));
    return step('confirm', () => api(PartsConfirmOrderDocument, { input: { ...ref(f), lines } }, { cookies }));
  },
  ship: async ({ request, cookies }) => {
    const f = await request.formData();
    const lines = [...byLine(f, 'ship').entries()].map(([lineId, q]) => ({ lineId, quantity: int(q) })).filter((l) => l.quantity > 0);
    return step('ship', () =>
      api(PartsShipOrderDocument, { input: { ...ref(f), lines, carrier: text(f.get('carrier')), trackingNumber: text(f.get('trackingNumber')) } }, { cookies }),
    );
  },
  shortClose: async ({ request, cookies }) => {
    const f = await request.formData();
    return step('shortClose', () =>
      api(PartsShortCloseDocument, { input: { ...ref(f), lineId: String(f.get('lineId') ?? ''), note: text(f.get('note')) } }, { cookies }),
    );
  },
  receive: async ({ request, cookies }) => {
    const f = await request.formData();
    const received = byLine(f, 'received');
    const rejected = byLine(f, 'rejected');
    const reason = byLine(f, 'rejectReason');
    const note = byLine(f, 'note');
    const lines = [...received.keys()].map((shipmentLineId) => {
      const r = int(rejected.get(shipmentLineId) ?? null);
      return {
        shipmentLineId,
        received: int(received.get(shipmentLineId) ?? null),
        rejected: r,
        rejectReason: r > 0 ? ((text(reason.get(shipmentLineId) ?? null) as ReceiptRejectReason | null) ?? null) : null,
        note: text(note.get(shipmentLineId) ?? null),
      };
    });
    return step('receive', () =>
      api(PartsReceiveShipmentDocument, { input: { ...ref(f), shipmentId: String(f.get('shipmentId') ?? ''), lines } }, { cookies }),
    );
  },
  answer: async ({ request, cookies }) => {
    const f = await request.formData();
    return step('answer', () =>
      api(
        PartsAnswerDiscrepancyDocument,
        {
          input: {
            ...ref(f),
            discrepancyId: String(f.get('discrepancyId') ?? ''),
            answer: String(f.get('answer') ?? '') as DiscrepancyAnswer,
            note: text(f.get('note')),
          },
        },
        { cookies },
      ),
    );
  },
  /** The buyer's photos of a discrepancy (each file one upload, ADR 0006); the seller sees them. */
  photos: async ({ request, cookies }) => {
    const f = await request.formData();
    const id = String(f.get('discrepancyId') ?? '');
    const files = chosenFiles(f);
    if (!files.length) return fail(400, { ...noFile(), form: 'photos' });
    const tooBig = oversized(files);
    if (tooBig) return fail(400, { ...tooLarge(tooBig), form: 'photos' });
    const { attached, refused } = await uploadEach(cookies, files, () => ({ ownerType: 'PARTS_DISCREPANCY', ownerId: id }));
    return refused ? fail(400, { ...refused, attached, form: 'photos' }) : { done: 'photos', attached };
  },
};
