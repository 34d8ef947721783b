import type { FilterQuery } from '@mikro-orm/postgresql';
import { accessibleWhere, asSubject } from '@asn/authz';
import { DomainError, ErrorCode, InputCheck, assertId, transition, uuidv7, visitMachine, type VisitEvent } from '@asn/domain';
import { inTx, type Ctx, type Tx } from '../../platform/context.js';
import { loader } from '../../platform/loaders.js';
import { User } from '../../platform/db/entities.js';
import { RepairOrder } from '../repair-orders/repair-order.entity.js';
import { notify } from '../../platform/notifications.js';
import { tenantTime } from '../../platform/tenant-time.js';
import { customerPhone } from '../customers/customer.service.js';
import { Visit } from './visit.entity.js';

/** A visit change is recorded on its repair order, so the order's timeline and the customer's page follow it. */
function recordOnOrder(tx: Tx, order: RepairOrder, visit: Visit, action: string, extra: Record<string, unknown> = {}): void {
  const summary = { visitId: visit.id, status: order.status, visitStatus: visit.status, eta: visit.eta?.toISOString() ?? null, ...extra };
  tx.record({ action: `visit.${action}`, entityType: 'RepairOrder', entityId: order.id, after: summary, data: { number: order.number, ...summary } });
}

export async function scheduleVisit(ctx: Ctx, input: { repairOrderId: string; engineerId: string; scheduledAt: Date; loanUnit?: string | null }): Promise<Visit> {
  assertId('input.repairOrderId', input.repairOrderId);
  assertId('input.engineerId', input.engineerId);
  if (input.scheduledAt <= ctx.clock.now()) throw DomainError.badInput([{ field: 'input.scheduledAt', message: 'must be in the future' }]);
  return inTx(ctx, async (tx) => {
    const order = await tx.em.findOne(RepairOrder, { id: input.repairOrderId });
    if (!order || !ctx.ability.can('read', asSubject('RepairOrder', order))) throw DomainError.notFound('Repair order');
    if (!ctx.ability.can('dispatch', asSubject('Visit', { tenantId: order.tenantId }))) throw DomainError.forbidden('The workshop controller schedules visits.');
    if (!order.onSite || !order.siteAddress) throw DomainError.badInput([{ field: 'input.repairOrderId', message: 'this repair order is not an on-site job' }]);
    if (['DELIVERED', 'CANCELLED'].includes(order.status)) throw new DomainError(ErrorCode.INVALID_TRANSITION, `Repair order ${order.number} is ${order.status}.`);
    const engineer = await tx.em.findOne(User, { id: input.engineerId, active: true });
    if (!engineer || !engineer.roles.includes('TECHNICIAN')) throw DomainError.badInput([{ field: 'input.engineerId', message: 'is not an active technician of this workshop' }]);
    const visit = Object.assign(new Visit(), {
      id: uuidv7(),
      tenantId: order.tenantId,
      repairOrderId: order.id,
      engineerId: engineer.id,
      status: visitMachine.initial,
      scheduledAt: input.scheduledAt,
      address: order.siteAddress,
      loanUnit: input.loanUnit?.trim() || null,
      createdAt: ctx.clock.now(),
    });
    tx.em.persist(visit);
    await tx.em.flush();
    recordOnOrder(tx, order, visit, 'scheduled', { scheduledAt: input.scheduledAt.toISOString() });
    return visit;
  });
}

async function moveVisit(
  ctx: Ctx,
  input: { id: string; version: number },
  event: VisitEvent,
  change: (v: Visit, order: RepairOrder, tx: Tx) => Promise<Record<string, unknown> | void> | Record<string, unknown> | void,
): Promise<Visit> {
  assertId('input.id', input.id);
  return inTx(ctx, async (tx) => {
    const visit = await tx.em.findOne(Visit, { id: input.id });
    if (!visit || !ctx.ability.can('read', asSubject('Visit', visit))) throw DomainError.notFound('Visit');
    if (!ctx.ability.can('work', asSubject('Visit', visit))) throw DomainError.forbidden('This visit belongs to another engineer.');
    if (visit.version !== input.version) throw DomainError.conflict('This visit was updated meanwhile; reload and try again.');
    const order = await tx.em.findOneOrFail(RepairOrder, { id: visit.repairOrderId });
    visit.status = transition(visitMachine, visit.status, event);
    const extra = (await change(visit, order, tx)) ?? {};
    await tx.em.flush();
    recordOnOrder(tx, order, visit, event, extra);
    return visit;
  });
}

/** Leaving for the customer: address, model and fault confirmed with the customer first; an ETA. */
export function depart(ctx: Ctx, input: { id: string; version: number; eta: Date; confirmedWithCustomer: boolean }): Promise<Visit> {
  if (!input.confirmedWithCustomer) throw DomainError.badInput([{ field: 'input.confirmedWithCustomer', message: 'confirm address, model and fault with the customer before leaving' }]);
  return moveVisit(ctx, input, 'DEPART', (v) => {
    if (input.eta <= ctx.clock.now()) throw DomainError.badInput([{ field: 'input.eta', message: 'must be in the future' }]);
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
    if (input.eta <= ctx.clock.now()) throw DomainError.badInput([{ field: 'input.eta', message: 'must be in the future' }]);
    const late = !!v.eta && input.eta > v.eta;
    v.eta = input.eta;
    v.lateReason = reason;
    const time = await tenantTime(tx, input.eta, { hour: '2-digit', minute: '2-digit' });
    await notify(tx, { repairOrderId: order.id, audience: 'CUSTOMER', channel: 'SMS', to: await customerPhone(tx, order.customerId), kind: 'visitDelayed', message: `上门工程师将于${time}左右到达（${reason}），给您带来不便敬请谅解。` });
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

/**
 * The on-site dispatch board: visits scheduled in [from, to) — plus, whatever their planned day,
 * those still on the road or on site — optionally of one engineer, in time order.
 */
export async function listVisits(ctx: Ctx, args: { from: Date; to: Date; engineerId?: string | null }): Promise<Visit[]> {
  const where = accessibleWhere(ctx.ability, 'read', 'Visit');
  if (!where) return [];
  const check = new InputCheck();
  if (!(args.to > args.from)) check.add('to', 'must be after from');
  else if (args.to.getTime() - args.from.getTime() > 31 * 86_400_000) check.add('to', 'a board shows at most 31 days');
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
