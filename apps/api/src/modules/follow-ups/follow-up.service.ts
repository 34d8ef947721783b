import type { FilterQuery } from '@mikro-orm/postgresql';
import { accessibleWhere } from '@asn/authz';
import { COMPLAINT_CATEGORIES, DomainError, ErrorCode, InputCheck, assertId } from '@asn/domain';
import { inTx, type Ctx, type Tx } from '../../platform/context.js';
import { create, expectEvent, load, move, recordChange } from '../../platform/documents/index.js';
import { User } from '../../platform/db/entities.js';
import { emptyConnection, paginate, type Connection } from '../../platform/graphql/common.js';
import { Vehicle } from '../customers/customer.entity.js';
import { scheduleMaintenanceReminder } from '../customers/customer.timers.js';
import { RepairOrder } from '../repair-orders/repair-order.entity.js';
import { FollowUp } from './follow-up.entity.js';
import { complaintFromCall } from '../complaints/complaint.filing.js';
import { FollowUpDocument, followUpSnapshot } from './follow-up.document.js';

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
  const now = tx.ctx.clock.now();
  return create(
    tx,
    FollowUpDocument,
    { tenantId: order.tenantId, repairOrderId, customerId: order.customerId, callNo, dueAt: now, assignedTo: assignee, createdAt: now },
    // the call has no number of its own: it is named by its order's
    { action: 'opened', facts: { data: { number: order.number, repairOrderId, callNo, assignedTo: assignee } } },
  );
}

export async function listFollowUps(
  ctx: Ctx,
  args: { status?: 'OPEN' | 'DONE' | null; first?: number | null; after?: string | null },
): Promise<Connection<FollowUp>> {
  const where = accessibleWhere(ctx.ability, 'read', 'FollowUp');
  if (!where) return emptyConnection();
  const filter = (args.status ? { $and: [where, { status: args.status }] } : where) as FilterQuery<FollowUp>;
  return inTx(ctx, (tx) => paginate(tx.em, FollowUp, filter, args, (f) => f));
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
  complaintCategory?: string | null;
}

/** Records a call: reached or not, satisfaction 1–5, remarks, next maintenance; a complaint raised is recorded and linked. */
export async function recordFollowUp(ctx: Ctx, input: FollowUpOutcome): Promise<FollowUp> {
  const check = new InputCheck();
  if (input.reached && input.satisfaction == null) {
    check.because('input.satisfaction', 'SATISFACTION_REQUIRED', {}, 'ask for satisfaction 1–5 when the customer was reached');
  } else if (input.reached) {
    check.range('input.satisfaction', input.satisfaction, 1, 5, 'STARS');
  }
  const nextOn = check.day('input.nextMaintenanceOn', input.nextMaintenanceOn);
  const nextMeter = check.wholeNumber('input.nextMaintenanceMeter', input.nextMaintenanceMeter, 1, 'KM_OR_HOURS', false);
  check.optional('input.complaint', input.complaint, 4000);
  const complaintCategory = input.complaintCategory ? check.oneOf('input.complaintCategory', input.complaintCategory, COMPLAINT_CATEGORIES) : null;
  check.done();
  return inTx(ctx, async (tx) => {
    const f = await load(tx, FollowUpDocument, input.id, 'record', input.version);
    // a call recorded already: the machine's WRONG_STATUS
    expectEvent(FollowUpDocument, f, 'RECORD');
    const before = followUpSnapshot(f);
    // a complaint said in the call becomes a complaint of its own (its clock, its handling); filed
    // before the call changes, so the call still moves in one version step
    const text = input.complaint?.trim();
    const complaint = text ? await complaintFromCall(tx, f, { description: text, category: complaintCategory }) : null;
    if (complaint) f.complaintId = complaint.id;
    const now = ctx.clock.now();
    Object.assign(f, {
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
        throw DomainError.badField(
          'input.nextMaintenanceMeter',
          'METER_NOT_ABOVE_LAST',
          { last: vehicle.currentMeter },
          `must be above the vehicle's last reading (${vehicle.currentMeter})`,
        );
      }
      if (nextOn) vehicle.nextMaintenanceOn = nextOn;
      if (nextMeter != null) vehicle.nextMaintenanceMeter = nextMeter;
      await scheduleMaintenanceReminder(tx, vehicle);
    }
    // the outcome and the complaint are written with the move (one version step)
    await move(tx, FollowUpDocument, f, 'RECORD', {
      before,
      data: {
        reached: f.reached,
        satisfaction: f.satisfaction,
        remarks: f.remarks,
        nextMaintenanceOn: f.nextMaintenanceOn,
        nextMaintenanceMeter: nextMeter,
        complaintId: f.complaintId,
      },
    });
    return f;
  });
}

/** The supervisor moves a call to another care agent (e.g. when the assigned one is absent). */
export async function reassignFollowUp(ctx: Ctx, input: { id: string; version: number; assigneeId: string }): Promise<FollowUp> {
  assertId('input.assigneeId', input.assigneeId);
  return inTx(ctx, async (tx) => {
    const f = await load(tx, FollowUpDocument, input.id, 'assign', input.version);
    if (FollowUpDocument.machine.terminal.includes(f.status)) {
      throw DomainError.because(ErrorCode.INVALID_TRANSITION, 'ALREADY_RECORDED', {}, 'This call is recorded already.');
    }
    const agent = await tx.em.findOne(User, { id: input.assigneeId, active: true });
    if (!agent || !agent.roles.includes('CUSTOMER_CARE')) {
      throw DomainError.badField('input.assigneeId', 'NOT_ACTIVE_STAFF', { role: 'CUSTOMER_CARE' }, 'is not an active care agent of this workshop');
    }
    const before = followUpSnapshot(f);
    f.assignedTo = agent.id;
    await tx.em.flush();
    recordChange(tx, FollowUpDocument, f, 'reassigned', { before, data: { assignedTo: agent.id } });
    return f;
  });
}
