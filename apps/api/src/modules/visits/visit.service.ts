import type { FilterQuery } from '@mikro-orm/postgresql';
import { accessibleWhere, asSubject } from '@asn/authz';
import { DomainError, ErrorCode, InputCheck, assertId, uuidv7, type VisitEvent } from '@asn/domain';
import { inTx, type Ctx, type Tx } from '../../platform/context.js';
import { create, expectEvent, load, move, type MoveFacts } from '../../platform/documents/index.js';
import { loader } from '../../platform/loaders.js';
import { User } from '../../platform/db/entities.js';
import { RepairOrder } from '../repair-orders/repair-order.entity.js';
import { RepairOrderDocument } from '../repair-orders/repair-order.document.js';
import { notify } from '../../platform/notifications.js';
import { tenantTime } from '../../platform/tenant-time.js';
import { customerPhone } from '../customers/customer.service.js';
import { Visit } from './visit.entity.js';
import { VisitDocument, visitSnapshot } from './visit.document.js';

/**
 * The facts a visit's step records on its repair order (VisitDocument is filed under the order):
 * the ORDER's number and status — the order's timeline and the customer's tracking page read an
 * entry's `status` as the order's — and the visit's own id, state and ETA. State and ETA are read
 * when the document layer writes the step, so they are the visit's after the move.
 */
function onOrder(order: RepairOrder, visit: Visit, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    number: order.number,
    status: order.status,
    visitId: visit.id,
    get visitStatus() {
      return visit.status;
    },
    get eta() {
      return visit.eta?.toISOString() ?? null;
    },
    ...extra,
  };
}

const mustBeFuture = (field: string) => DomainError.badField(field, 'MUST_BE_FUTURE', {}, 'must be in the future');

export async function scheduleVisit(
  ctx: Ctx,
  input: { repairOrderId: string; engineerId: string; scheduledAt: Date; loanUnit?: string | null },
): Promise<Visit> {
  assertId('input.repairOrderId', input.repairOrderId);
  assertId('input.engineerId', input.engineerId);
  if (input.scheduledAt <= ctx.clock.now()) throw mustBeFuture('input.scheduledAt');
  return inTx(ctx, async (tx) => {
    // locked: an order being delivered or cancelled meanwhile gets no new trip
    const order = await load(tx, RepairOrderDocument, input.repairOrderId, 'read');
    if (!ctx.ability.can('dispatch', asSubject('Visit', { tenantId: order.tenantId }))) {
      throw DomainError.because(ErrorCode.FORBIDDEN, 'ROLE_NOT_ALLOWED', { action: 'dispatch', subject: 'Visit' }, 'The workshop controller schedules visits.');
    }
    if (!order.onSite || !order.siteAddress)
      throw DomainError.badField('input.repairOrderId', 'NOT_ON_SITE_JOB', {}, 'this repair order is not an on-site job');
    if (RepairOrderDocument.machine.terminal.includes(order.status)) {
      throw DomainError.because(
        ErrorCode.INVALID_TRANSITION,
        'DOCUMENT_CLOSED',
        { document: 'RepairOrder', number: order.number, status: order.status },
        `Repair order ${order.number} is ${order.status}.`,
      );
    }
    const engineer = await tx.em.findOne(User, { id: input.engineerId, active: true });
    if (!engineer || !engineer.roles.includes('TECHNICIAN')) {
      throw DomainError.badField('input.engineerId', 'NOT_ACTIVE_STAFF', { role: 'TECHNICIAN' }, 'is not an active technician of this workshop');
    }
    const id = uuidv7();
    const fields = {
      id,
      tenantId: order.tenantId,
      repairOrderId: order.id,
      engineerId: engineer.id,
      scheduledAt: input.scheduledAt,
      address: order.siteAddress,
      loanUnit: input.loanUnit?.trim() || null,
      createdAt: ctx.clock.now(),
    };
    const data = {
      number: order.number,
      status: order.status,
      visitId: id,
      visitStatus: VisitDocument.machine.initial,
      eta: null,
      scheduledAt: input.scheduledAt.toISOString(),
    };
    return create(tx, VisitDocument, fields, { action: 'scheduled', facts: { data } });
  });
}

/**
 * A step of a visit: permission and version (load, with the action the event needs), the machine
 * (checked before the change is made), the change, then the document layer's move — state, the
 * step on the order's timeline, audit and event — in one transaction.
 */
async function moveVisit(
  ctx: Ctx,
  input: { id: string; version: number },
  event: VisitEvent,
  change: (v: Visit, order: RepairOrder, tx: Tx) => Promise<Record<string, unknown> | void> | Record<string, unknown> | void,
): Promise<Visit> {
  return inTx(ctx, async (tx) => {
    const visit = await load(tx, VisitDocument, input.id, VisitDocument.eventActions[event], input.version);
    expectEvent(VisitDocument, visit, event);
    const order = await tx.em.findOneOrFail(RepairOrder, { id: visit.repairOrderId });
    const before = visitSnapshot(visit);
    const extra = (await change(visit, order, tx)) ?? {};
    const facts: MoveFacts = { before, data: onOrder(order, visit, extra) };
    await move(tx, VisitDocument, visit, event, facts);
    return visit;
  });
}

/** Leaving for the customer: address, model and fault confirmed with the customer first; an ETA. */
export function depart(ctx: Ctx, input: { id: string; version: number; eta: Date; confirmedWithCustomer: boolean }): Promise<Visit> {
  if (!input.confirmedWithCustomer) {
    throw DomainError.badField('input.confirmedWithCustomer', 'CONFIRM_WITH_CUSTOMER', {}, 'confirm address, model and fault with the customer before leaving');
  }
  return moveVisit(ctx, input, 'DEPART', (v) => {
    if (input.eta <= ctx.clock.now()) throw mustBeFuture('input.eta');
    v.eta = input.eta;
    v.departedAt = ctx.clock.now();
  });
}

/** Late: the customer is told the new time, with the reason. */
export function reviseEta(ctx: Ctx, input: { id: string; version: number; eta: Date; reason: string }): Promise<Visit> {
  const check = new InputCheck();
  const reason = check.required('input.reason', input.reason, 300);
  check.done();
  return moveVisit(ctx, input, 'REVISE_ETA', async (v, order, tx) => {
    if (input.eta <= ctx.clock.now()) throw mustBeFuture('input.eta');
    const late = !!v.eta && input.eta > v.eta;
    v.eta = input.eta;
    v.lateReason = reason;
    const time = await tenantTime(tx, input.eta, { hour: '2-digit', minute: '2-digit' });
    await notify(tx, {
      about: { type: 'RepairOrder', id: order.id },
      audience: 'CUSTOMER',
      channel: 'SMS',
      to: await customerPhone(tx, order.customerId),
      kind: 'visitDelayed',
      message: `上门工程师将于${time}左右到达（${reason}），给您带来不便敬请谅解。`,
    });
    return { late, reason };
  });
}

export function arrive(ctx: Ctx, input: { id: string; version: number; place: string }): Promise<Visit> {
  const check = new InputCheck();
  const place = check.required('input.place', input.place, 200);
  check.done();
  return moveVisit(ctx, input, 'ARRIVE', (v) => {
    v.arrivedAt = ctx.clock.now();
    v.arrivedPlace = place;
    return { early: !!v.eta && v.arrivedAt <= v.eta };
  });
}

/** Done on site: the customer signs on the spot. */
export function finishVisit(ctx: Ctx, input: { id: string; version: number; place: string; signedBy: string }): Promise<Visit> {
  const check = new InputCheck();
  const place = check.required('input.place', input.place, 200);
  const signedBy = check.required('input.signedBy', input.signedBy, 80);
  check.done();
  return moveVisit(ctx, input, 'FINISH', (v) => {
    v.finishedAt = ctx.clock.now();
    v.finishedPlace = place;
    v.signedBy = signedBy;
  });
}

/** Engineer trips per order, batched across a whole response (the dispatch board lists many orders). */
export function visitsByOrder(ctx: Ctx) {
  return loader<string, Visit[]>(ctx, 'visitsByOrder', async (ids) =>
    inTx(ctx, async (tx) => {
      const rows = await tx.em.find(Visit, { repairOrderId: { $in: [...ids] } }, { orderBy: { id: 'asc' } });
      return ids.map((id) => rows.filter((v) => v.repairOrderId === id));
    }),
  );
}

/** The longest range the dispatch board shows. */
const BOARD_DAYS = 31;

/**
 * The on-site dispatch board: visits scheduled in [from, to) — plus, whatever their planned day,
 * those still on the road or on site — optionally of one engineer, in time order.
 */
export async function listVisits(ctx: Ctx, args: { from: Date; to: Date; engineerId?: string | null }): Promise<Visit[]> {
  const where = accessibleWhere(ctx.ability, 'read', 'Visit');
  if (!where) return [];
  const check = new InputCheck();
  if (!(args.to > args.from)) check.because('to', 'NOT_BEFORE', { otherField: 'from' }, 'must be after from');
  else if (args.to.getTime() - args.from.getTime() > BOARD_DAYS * 86_400_000)
    check.because('to', 'RANGE_TOO_LONG', { maxDays: BOARD_DAYS }, `a board shows at most ${BOARD_DAYS} days`);
  if (args.engineerId) assertId('engineerId', args.engineerId);
  check.done();
  const when = { $or: [{ scheduledAt: { $gte: args.from, $lt: args.to } }, { status: { $in: ['EN_ROUTE', 'ARRIVED'] } }] };
  const filter = { $and: [where, when, ...(args.engineerId ? [{ engineerId: args.engineerId }] : [])] } as FilterQuery<Visit>;
  return inTx(ctx, (tx) => tx.em.find(Visit, filter, { orderBy: { scheduledAt: 'asc', id: 'asc' }, limit: 500 }));
}

/** One visit (NOT_FOUND when the actor may not read it). */
export async function getVisit(ctx: Ctx, id: string): Promise<Visit> {
  assertId('id', id);
  const v = await inTx(ctx, (tx) => tx.em.findOne(Visit, { id }));
  if (!v || !ctx.ability.can('read', asSubject('Visit', v))) throw DomainError.notFound('Visit');
  return v;
}
