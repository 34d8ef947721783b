import type { FilterQuery } from '@mikro-orm/postgresql';
import { accessibleWhere, asSubject } from '@asn/authz';
import { DomainError, ErrorCode, InputCheck, assertId, uuidv7 } from '@asn/domain';
import { inTx, type Ctx, type Tx } from '../../platform/context.js';
import { User } from '../../platform/db/entities.js';
import { emptyConnection, paginate, type Connection } from '../../platform/graphql/common.js';
import { nextNumber } from '../../platform/numbers.js';
import { Vehicle } from '../customers/customer.entity.js';
import { scheduleMaintenanceReminder } from '../customers/customer.timers.js';
import { RepairOrder } from '../repair-orders/repair-order.entity.js';
import { Complaint, FollowUp } from './follow-up.entity.js';

/**
 * Opens the follow-up task of a delivered order (called by the follow-up timer). It goes to the
 * active care agent with the fewest open calls; with none, it waits unassigned for the supervisor.
 */
export async function openFollowUp(tx: Tx, repairOrderId: string, callNo: number): Promise<FollowUp | null> {
  const order = await tx.em.findOne(RepairOrder, { id: repairOrderId });
  if (!order || order.status !== 'DELIVERED') return null;
  if (await tx.em.findOne(FollowUp, { repairOrderId, callNo })) return null;
  const agents = await tx.em.find(User, { active: true, roles: { $contains: ['CUSTOMER_CARE'] } }, { orderBy: { id: 'asc' } });
  let assignee: string | null = null;
  let fewest = Infinity;
  for (const a of agents) {
    const open = await tx.em.count(FollowUp, { assignedTo: a.id, status: 'OPEN' });
    if (open < fewest) [assignee, fewest] = [a.id, open];
  }
  const f = Object.assign(new FollowUp(), {
    id: uuidv7(),
    tenantId: order.tenantId,
    repairOrderId,
    customerId: order.customerId,
    callNo,
    dueAt: tx.ctx.clock.now(),
    assignedTo: assignee,
    createdAt: tx.ctx.clock.now(),
  });
  tx.em.persist(f);
  await tx.em.flush();
  tx.record({ action: 'followUp.opened', entityType: 'FollowUp', entityId: f.id, after: { repairOrderId, callNo, assignedTo: assignee }, data: { number: order.number, callNo } });
  return f;
}

export async function listFollowUps(ctx: Ctx, args: { status?: 'OPEN' | 'DONE' | null; first?: number | null; after?: string | null }): Promise<Connection<FollowUp>> {
  const where = accessibleWhere(ctx.ability, 'read', 'FollowUp');
  if (!where) return emptyConnection();
  const filter = (args.status ? { $and: [where, { status: args.status }] } : where) as FilterQuery<FollowUp>;
  return inTx(ctx, (tx) => paginate(tx.em, FollowUp, filter, args, (f) => f));
}

async function load(tx: Tx, id: string, action: 'read' | 'record' | 'assign'): Promise<FollowUp> {
  assertId('input.id', id);
  const f = await tx.em.findOne(FollowUp, { id });
  if (!f || !tx.ctx.ability.can('read', asSubject('FollowUp', f))) throw DomainError.notFound('Follow-up');
  if (!tx.ctx.ability.can(action, asSubject('FollowUp', f))) throw DomainError.forbidden('This call is in another agent’s queue.');
  return f;
}

export interface FollowUpOutcome {
  id: string;
  version: number;
  reached: boolean;
  satisfaction?: number | null;
  vehicleCondition?: string | null;
  remarks?: string | null;
  nextMaintenanceOn?: string | null;
  nextMaintenanceMeter?: number | null;
  complaint?: string | null;
}

/** Records a call: reached or not, satisfaction 1–5, remarks, next maintenance; a complaint raised is recorded and linked. */
export async function recordFollowUp(ctx: Ctx, input: FollowUpOutcome): Promise<FollowUp> {
  const check = new InputCheck();
  if (input.reached && (input.satisfaction == null || !Number.isInteger(input.satisfaction) || input.satisfaction < 1 || input.satisfaction > 5)) {
    check.add('input.satisfaction', 'ask for satisfaction 1–5 when the customer was reached');
  }
  const nextOn = check.day('input.nextMaintenanceOn', input.nextMaintenanceOn);
  const nextMeter = input.nextMaintenanceMeter ?? null;
  if (nextMeter != null && (!Number.isInteger(nextMeter) || nextMeter <= 0)) check.add('input.nextMaintenanceMeter', 'must be a whole number > 0 (km or hours)');
  check.done();
  return inTx(ctx, async (tx) => {
    const f = await load(tx, input.id, 'record');
    if (f.version !== input.version) throw DomainError.conflict('This call was updated meanwhile; reload and try again.');
    if (f.status === 'DONE') throw new DomainError(ErrorCode.INVALID_TRANSITION, 'This call is recorded already.');
    const now = ctx.clock.now();
    Object.assign(f, {
      status: 'DONE',
      reached: input.reached,
      satisfaction: input.reached ? input.satisfaction : null,
      vehicleCondition: input.vehicleCondition?.trim() || null,
      remarks: input.remarks?.trim() || null,
      nextMaintenanceOn: nextOn ?? null,
      doneAt: now,
      doneBy: ctx.actor.type === 'member' ? ctx.actor.userId : null,
    });
    if (nextOn || nextMeter != null) {
      const order = await tx.em.findOneOrFail(RepairOrder, { id: f.repairOrderId });
      const vehicle = await tx.em.findOneOrFail(Vehicle, { id: order.vehicleId });
      if (nextMeter != null && vehicle.currentMeter != null && nextMeter <= vehicle.currentMeter) {
        throw DomainError.badInput([{ field: 'input.nextMaintenanceMeter', message: `must be above the vehicle's last reading (${vehicle.currentMeter})` }]);
      }
      if (nextOn) vehicle.nextMaintenanceOn = nextOn;
      if (nextMeter != null) vehicle.nextMaintenanceMeter = nextMeter;
      await scheduleMaintenanceReminder(tx, vehicle);
    }
    const text = input.complaint?.trim();
    if (text) {
      const complaint = Object.assign(new Complaint(), {
        id: uuidv7(),
        tenantId: f.tenantId,
        number: await nextNumber(tx, f.tenantId, 'CP'),
        channel: 'FOLLOW_UP_CALL',
        customerId: f.customerId,
        repairOrderId: f.repairOrderId,
        followUpId: f.id,
        description: text.slice(0, 4000),
        createdBy: f.doneBy,
        createdAt: now,
      });
      tx.em.persist(complaint);
      f.complaintId = complaint.id;
      await tx.em.flush();
      tx.record({ action: 'complaint.received', entityType: 'Complaint', entityId: complaint.id, after: { number: complaint.number, channel: complaint.channel, repairOrderId: f.repairOrderId } });
    }
    await tx.em.flush();
    tx.record({
      action: 'followUp.recorded',
      entityType: 'FollowUp',
      entityId: f.id,
      after: { reached: f.reached, satisfaction: f.satisfaction, remarks: f.remarks, nextMaintenanceOn: f.nextMaintenanceOn, nextMaintenanceMeter: nextMeter, complaintId: f.complaintId },
    });
    return f;
  });
}

/** The supervisor moves a call to another care agent (e.g. when the assigned one is absent). */
export async function reassignFollowUp(ctx: Ctx, input: { id: string; version: number; assigneeId: string }): Promise<FollowUp> {
  assertId('input.assigneeId', input.assigneeId);
  return inTx(ctx, async (tx) => {
    const f = await load(tx, input.id, 'assign');
    if (f.version !== input.version) throw DomainError.conflict('This call was updated meanwhile; reload and try again.');
    if (f.status === 'DONE') throw new DomainError(ErrorCode.INVALID_TRANSITION, 'This call is recorded already.');
    const agent = await tx.em.findOne(User, { id: input.assigneeId, active: true });
    if (!agent || !agent.roles.includes('CUSTOMER_CARE')) throw DomainError.badInput([{ field: 'input.assigneeId', message: 'is not an active care agent of this workshop' }]);
    const before = { assignedTo: f.assignedTo };
    f.assignedTo = agent.id;
    await tx.em.flush();
    tx.record({ action: 'followUp.reassigned', entityType: 'FollowUp', entityId: f.id, before, after: { assignedTo: agent.id } });
    return f;
  });
}
