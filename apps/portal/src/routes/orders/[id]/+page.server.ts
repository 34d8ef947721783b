import { fail, type Cookies } from '@sveltejs/kit';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { Action } from '@asn/authz';
import { api, attempt, failure, notFoundAs404 } from '$lib/server/api';
import { wallTimeToIso, zoneOf } from '$lib/day';
import { yuanToFen } from '$lib/money';
import { list, requireArea, text } from '$lib/server/guard';
import { abilityOf, canOnOrder } from '$lib/server/ability';
import { formKey, postedKey } from '$lib/server/idempotency';
import { asSubject } from '@asn/authz';
import {
  type StaffDecisionChannel,
  AnswerChaseDocument,
  DecideEstimateDocument,
  CancelRepairOrderDocument,
  CheckInRepairOrderDocument,
  ClockLabourLineDocument,
  CreateTrackingLinkDocument,
  ArriveAtVisitDocument,
  DepartForVisitDocument,
  FinishVisitDocument,
  ReviseVisitEtaDocument,
  ScheduleVisitDocument,
  RevokeTrackingLinkDocument,
  DecideAdditionalWorkDocument,
  DeliverRepairOrderDocument,
  DiagnoseRepairOrderDocument,
  DispatchRepairOrderDocument,
  EstimateRepairOrderDocument,
  FinishRepairWorkDocument,
  PartsArrivedDocument,
  ProposeAdditionalWorkDocument,
  RecordQualityCheckDocument,
  RepairOrderDetailDocument,
  RepairOrderPartsDocument,
  RepairPartsSellersDocument,
  ReserveRepairOrderPartsDocument,
  SettleRepairOrderDocument,
  StartRepairWorkDocument,
  WaitForPartsDocument,
  type AttachmentOwnerType,
  type EstimateMethod,
  type LineInput,
  type LineKind,
  type PartSource,
  type PartsOrderType,
  type PayType,
} from '$lib/graphql/generated';
import { chosenFiles, noFile, oversized, tooLarge, uploadEach } from '$lib/server/uploads';
import { vehicleWarranty } from '$lib/server/warranty';
import type { Actions, PageServerLoad } from './$types';

const ACTIONS: Action[] = [
  'update',
  'checkIn',
  'diagnose',
  'estimate',
  'approve',
  'dispatch',
  'work',
  'manageParts',
  'inspect',
  'decideAdditionalWork',
  'settle',
  'discount',
  'deliver',
  'cancel',
];

export const load: PageServerLoad = async ({ locals, cookies, params }) => {
  const me = requireArea(locals.me, 'workshop');
  const r = await api(RepairOrderDetailDocument, { id: params.id }, { cookies }).catch(notFoundAs404);
  const order = r.repairOrder;
  const can = Object.fromEntries(ACTIONS.map((a) => [a, canOnOrder(me, a, order)])) as Record<Action, boolean>;
  const technicians = r.users.nodes.filter((u) => u.active && u.roles.includes('TECHNICIAN'));
  const ability = abilityOf(me);
  const visitCan = {
    schedule: ability.can('dispatch', 'Visit'),
    work: Object.fromEntries(order.visits.map((v) => [v.id, ability.can('work', asSubject('Visit', { tenantId: me.tenant?.id, engineerId: v.engineerId }))])),
  };
  // photos: the technician of the order, the front desk and the controller (the API checks again)
  const attachCan = { lines: ability.can('create', 'Attachment') && (can.work || can.update) };
  // a warranty claim is filed from the order's approved warranty lines (warranty clerk, service admin)
  const canClaim = ability.can('create', 'WarrantyClaim');
  // the manufacturers' word on this VIN at the desk: registration, policy, 三包, open recalls
  const warranty = await vehicleWarranty(cookies, me, order.vehicle.vin);
  // the part lines and what became of each (reserved, on order, issued, lapsed); parts staff order what is missing
  const canOrderParts = can.manageParts && ability.can('create', 'PartsOrder');
  const [parts, sellers] = await Promise.all([
    order.lines.some((l) => l.kind === 'PART') ? api(RepairOrderPartsDocument, { id: order.id }, { cookies }).then((p) => p.repairOrder.partLines) : [],
    canOrderParts ? api(RepairPartsSellersDocument, {}, { cookies }).then((p) => p.partsSellers) : [],
  ]);
  return {
    order,
    can,
    technicians,
    visitCan,
    attachCan,
    canClaim,
    warranty,
    parts,
    partsCan: { reserve: can.manageParts, order: canOrderParts },
    sellers,
    formKey: formKey(),
  };
};

const PARTS_ORDER_TYPES: readonly PartsOrderType[] = ['EMERGENCY', 'STOCK', 'WARRANTY'];

/** A datetime-local field on the signed-in person's workshop clock, as an instant. */
const wallClock = (v: FormDataEntryValue | null, me: App.Locals['me']) => wallTimeToIso(v, zoneOf(me?.tenant)) ?? '';

const ref = (f: FormData) => ({ id: String(f.get('id')), version: Number(f.get('version')) });

/** The customer's answer as staff record it (CustomerAnswer.svelte): per line, the channel and the signature. */
function customerAnswer(f: FormData) {
  const ids = f.getAll('lineId').map(String);
  return {
    decisions: ids.length ? ids.map((lineId) => ({ lineId, approve: f.get(`approve-${lineId}`) !== 'no' })) : null,
    channel: (f.get('channel') === 'PHONE' ? 'PHONE' : 'IN_SHOP') as StaffDecisionChannel,
    customerSigned: f.get('customerSigned') === 'on',
  };
}

/** Lines from repeated form fields (kind[], description[], …). */
function lines(f: FormData): LineInput[] {
  const kinds = f.getAll('kind').map(String);
  return kinds
    .map((kind, i) => {
      const at = (name: string) => text(f.getAll(name)[i] ?? null);
      return {
        kind: kind as LineKind,
        description: at('description') ?? '',
        operationCode: at('operationCode'),
        hours: kind === 'LABOUR' ? at('qty') : null,
        rateMinor: kind === 'LABOUR' ? yuanToFen(at('price')) : null,
        partNumber: kind === 'PART' ? at('partNumber') : null,
        quantity: kind === 'PART' ? at('qty') : null,
        unitPriceMinor: kind === 'PART' ? yuanToFen(at('price')) : null,
        source: kind === 'PART' ? ((at('source') ?? 'OEM') as PartSource) : null,
        payType: (at('payType') ?? 'CUSTOMER') as PayType,
      };
    })
    .filter((l) => l.description);
}

const run = <V extends Record<string, unknown>>(doc: TypedDocumentNode<unknown, V>, vars: V, cookies: Cookies) => attempt(doc, vars, cookies);

export const actions: Actions = {
  checkIn: async ({ request, cookies }) => {
    const f = await request.formData();
    const fuel = text(f.get('fuel'));
    return run(
      CheckInRepairOrderDocument,
      {
        input: {
          ...ref(f),
          meter: Number(f.get('meter') ?? -1),
          fuelEighths: fuel ? Number(fuel) : null,
          damageNotes: text(f.get('damageNotes')),
          belongings: list(f.get('belongings')),
          keyTag: text(f.get('keyTag')),
          customerSigned: f.get('customerSigned') === 'on',
        },
      },
      cookies,
    );
  },
  diagnose: async ({ request, cookies }) => {
    const f = await request.formData();
    return run(
      DiagnoseRepairOrderDocument,
      {
        input: {
          ...ref(f),
          findings: [{ system: String(f.get('system') ?? ''), finding: String(f.get('finding') ?? '') }],
          summary: String(f.get('summary') ?? ''),
        },
      },
      cookies,
    );
  },
  estimate: async ({ request, cookies }) => {
    const f = await request.formData();
    return run(EstimateRepairOrderDocument, { input: { ...ref(f), method: String(f.get('method')) as EstimateMethod, lines: lines(f) } }, cookies);
  },
  approve: async ({ request, cookies }) => {
    const f = await request.formData();
    return run(DecideEstimateDocument, { input: { ...ref(f), ...customerAnswer(f) } }, cookies);
  },
  answerChase: async ({ request, cookies }) => run(AnswerChaseDocument, { input: ref(await request.formData()) }, cookies),
  dispatch: async ({ request, cookies }) => {
    const f = await request.formData();
    return run(DispatchRepairOrderDocument, { input: { ...ref(f), technicianId: String(f.get('technicianId')), bay: text(f.get('bay')) } }, cookies);
  },
  start: async ({ request, cookies }) => run(StartRepairWorkDocument, { input: ref(await request.formData()) }, cookies),
  clock: async ({ request, cookies }) => {
    const f = await request.formData();
    return run(ClockLabourLineDocument, { input: { lineId: String(f.get('lineId')), on: f.get('on') === 'true' } }, cookies);
  },
  propose: async ({ request, cookies }) => {
    const f = await request.formData();
    const delay = text(f.get('delayMinutes'));
    return run(
      ProposeAdditionalWorkDocument,
      {
        input: {
          ...ref(f),
          reason: String(f.get('reason') ?? ''),
          safetyRelevant: f.get('safetyRelevant') === 'on',
          delayMinutes: delay ? Number(delay) : null,
          lines: lines(f),
        },
      },
      cookies,
    );
  },
  decide: async ({ request, cookies }) => {
    const f = await request.formData();
    const { decisions, ...how } = customerAnswer(f);
    return run(DecideAdditionalWorkDocument, { input: { ...ref(f), decisions: decisions ?? [], ...how } }, cookies);
  },
  waitParts: async ({ request, cookies }) => {
    const f = await request.formData();
    return run(WaitForPartsDocument, { input: { ...ref(f), note: String(f.get('note') ?? '') } }, cookies);
  },
  partsArrived: async ({ request, cookies }) => run(PartsArrivedDocument, { input: ref(await request.formData()) }, cookies),
  /** 预留配件 / 订购缺件: stock for the part lines, and — with a seller — a parts order for what stock cannot serve. */
  reserveParts: async ({ request, cookies }) => {
    const f = await request.formData();
    const sellerId = text(f.get('sellerId'));
    const type = PARTS_ORDER_TYPES.find((x) => x === f.get('orderType')) ?? 'EMERGENCY';
    return run(ReserveRepairOrderPartsDocument, { input: { ...ref(f), order: sellerId ? { sellerId, type } : null } }, cookies);
  },
  finish: async ({ request, cookies }) => run(FinishRepairWorkDocument, { input: ref(await request.formData()) }, cookies),
  qc: async ({ request, cookies }) => {
    const f = await request.formData();
    return run(RecordQualityCheckDocument, { input: { ...ref(f), passed: f.get('passed') === 'true', notes: text(f.get('notes')) } }, cookies);
  },
  settle: async ({ request, cookies }) => {
    const f = await request.formData();
    return run(
      SettleRepairOrderDocument,
      {
        input: {
          ...ref(f),
          paymentMethod: String(f.get('paymentMethod') ?? ''),
          discountMinor: yuanToFen(text(f.get('discount'))),
          idempotencyKey: postedKey(f),
        },
      },
      cookies,
    );
  },
  deliver: async ({ request, cookies }) => {
    const f = await request.formData();
    return run(
      DeliverRepairOrderDocument,
      {
        input: { ...ref(f), belongingsReturned: f.get('belongingsReturned') === 'on', customerSigned: f.get('customerSigned') === 'on' },
      },
      cookies,
    );
  },
  share: async ({ request, cookies, url }) => {
    const f = await request.formData();
    try {
      const r = await api(CreateTrackingLinkDocument, { input: { repairOrderId: String(f.get('id')) } }, { cookies });
      return { shared: `${url.origin}${r.createTrackingLink.path}` };
    } catch (e) {
      return fail(400, failure(e));
    }
  },
  revoke: async ({ request, cookies }) => {
    const f = await request.formData();
    return run(RevokeTrackingLinkDocument, { input: { id: String(f.get('linkId')) } }, cookies);
  },
  scheduleVisit: async ({ request, cookies, locals }) => {
    const f = await request.formData();
    return run(
      ScheduleVisitDocument,
      {
        input: {
          repairOrderId: String(f.get('id')),
          engineerId: String(f.get('engineerId')),
          scheduledAt: wallClock(f.get('scheduledAt'), locals.me),
          loanUnit: text(f.get('loanUnit')),
          idempotencyKey: postedKey(f),
        },
      },
      cookies,
    );
  },
  depart: async ({ request, cookies, locals }) => {
    const f = await request.formData();
    return run(
      DepartForVisitDocument,
      { input: { ...ref(f), eta: wallClock(f.get('eta'), locals.me), confirmedWithCustomer: f.get('confirmed') === 'on' } },
      cookies,
    );
  },
  reviseEta: async ({ request, cookies, locals }) => {
    const f = await request.formData();
    return run(ReviseVisitEtaDocument, { input: { ...ref(f), eta: wallClock(f.get('eta'), locals.me), reason: String(f.get('reason') ?? '') } }, cookies);
  },
  arrive: async ({ request, cookies }) => {
    const f = await request.formData();
    return run(ArriveAtVisitDocument, { input: { ...ref(f), place: String(f.get('place') ?? '') } }, cookies);
  },
  finishVisit: async ({ request, cookies }) => {
    const f = await request.formData();
    return run(FinishVisitDocument, { input: { ...ref(f), place: String(f.get('place') ?? ''), signedBy: String(f.get('signedBy') ?? '') } }, cookies);
  },
  /** Photos for a proposed additional-work line or an on-site visit: each file one upload (base64, ADR 0006). */
  attach: async ({ request, cookies }) => {
    const f = await request.formData();
    const files = chosenFiles(f);
    if (!files.length) return fail(400, noFile());
    const tooBig = oversized(files);
    if (tooBig) return fail(400, tooLarge(tooBig));
    const ownerType: AttachmentOwnerType = f.get('ownerType') === 'VISIT' ? 'VISIT' : 'REPAIR_ORDER_LINE';
    const taken = String(f.get('takenAt') ?? '').split(',');
    const lat = text(f.get('latitude'));
    const lng = text(f.get('longitude'));
    const { attached, refused } = await uploadEach(cookies, files, (file, i) => {
      // the browser's time of the file (a fresh camera photo: when it was taken), if plausible
      const ms = Number(taken[i]);
      const takenAt = Number.isFinite(ms) && ms > Date.now() - 90 * 86_400_000 && ms <= Date.now() ? new Date(ms).toISOString() : null;
      return {
        ownerType,
        ownerId: String(f.get('ownerId') ?? ''),
        contentType: file.type,
        takenAt,
        place: text(f.get('place')),
        latitude: lat && lng ? Number(lat) : null,
        longitude: lat && lng ? Number(lng) : null,
        customerVisible: ownerType === 'VISIT' ? null : f.get('customerVisible') === 'on',
      };
    });
    return refused ? fail(400, { ...refused, attached }) : { attached };
  },
  cancel: async ({ request, cookies }) => {
    const f = await request.formData();
    return run(CancelRepairOrderDocument, { input: { ...ref(f), reason: String(f.get('reason') ?? '') } }, cookies);
  },
};
