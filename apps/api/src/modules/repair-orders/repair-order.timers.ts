import { appointmentReminderAt, followUpsAt, maskPhone, pickupNoticeAt, progressCheckAt } from '@asn/domain';
import type { Tx } from '../../platform/context.js';
import { scheduleJob, type JobQueue } from '../../platform/jobs.js';
import { notify } from '../../platform/notifications.js';
import { Customer, Vehicle } from '../customers/customer.entity.js';
import { RepairOrder } from './repair-order.entity.js';
import { openFollowUp } from '../follow-ups/follow-up.service.js';

export const TIMER = {
  PROGRESS_CHECK: 'repairOrder.progressCheck',
  PICKUP_NOTICE: 'repairOrder.pickupNotice',
  FOLLOW_UP: 'repairOrder.followUp',
  APPOINTMENT_REMINDER: 'repairOrder.appointmentReminder',
} as const;

const WORKING = ['IN_PROGRESS', 'AWAITING_PARTS', 'AWAITING_APPROVAL'];

/** Called from the lifecycle: (re)schedules the timers that follow from the order's new state. */
export async function scheduleTimers(tx: Tx, order: RepairOrder): Promise<void> {
  const now = tx.ctx.clock.now();
  const key = (kind: string) => `${kind}:${order.id}`;
  if (order.status === 'APPOINTED' && order.appointmentAt) {
    const remindAt = appointmentReminderAt(order.appointmentAt, now);
    if (remindAt) await scheduleJob(tx, { kind: TIMER.APPOINTMENT_REMINDER, runAt: remindAt, payload: { repairOrderId: order.id }, dedupeKey: key(TIMER.APPOINTMENT_REMINDER) });
  }
  if (order.status === 'IN_PROGRESS' || order.status === 'APPROVED') {
    const checkAt = order.status === 'IN_PROGRESS' ? progressCheckAt(now, order.promisedAt) : null;
    if (checkAt) await scheduleJob(tx, { kind: TIMER.PROGRESS_CHECK, runAt: checkAt, payload: { repairOrderId: order.id }, dedupeKey: key(TIMER.PROGRESS_CHECK) });
    const checkedIn = order.checkIn ? new Date(order.checkIn.at) : now;
    const pickupAt = pickupNoticeAt(checkedIn, order.promisedAt);
    if (pickupAt) await scheduleJob(tx, { kind: TIMER.PICKUP_NOTICE, runAt: pickupAt, payload: { repairOrderId: order.id }, dedupeKey: key(TIMER.PICKUP_NOTICE) });
  }
  if (order.status === 'DELIVERED') {
    const [first, second] = followUpsAt(now);
    await scheduleJob(tx, { kind: TIMER.FOLLOW_UP, runAt: first, payload: { repairOrderId: order.id, call: 1 }, dedupeKey: `${key(TIMER.FOLLOW_UP)}:1` });
    await scheduleJob(tx, { kind: TIMER.FOLLOW_UP, runAt: second, payload: { repairOrderId: order.id, call: 2 }, dedupeKey: `${key(TIMER.FOLLOW_UP)}:2` });
  }
}

export function registerRepairOrderTimers(jobs: JobQueue): void {
  jobs.register(TIMER.PROGRESS_CHECK, async (tx, payload) => {
    const order = await tx.em.findOne(RepairOrder, { id: String(payload.repairOrderId) });
    if (!order || !WORKING.includes(order.status)) return; // already in QC or beyond: nothing to ask
    await notify(tx, {
      repairOrderId: order.id,
      audience: 'STAFF',
      channel: 'IN_APP',
      kind: 'progressCheck',
      message: `${order.number}: 75 % of the estimated time has passed — ask the workshop how it is going.`,
    });
    tx.record({ action: 'repairOrder.progressCheckDue', entityType: 'RepairOrder', entityId: order.id, after: { status: order.status }, data: { number: order.number } });
  });

  jobs.register(TIMER.PICKUP_NOTICE, async (tx, payload) => {
    const order = await tx.em.findOne(RepairOrder, { id: String(payload.repairOrderId) });
    if (!order || ['DELIVERED', 'CANCELLED'].includes(order.status) || !order.promisedAt) return;
    const [customer, vehicle] = await Promise.all([tx.em.findOneOrFail(Customer, { id: order.customerId }), tx.em.findOneOrFail(Vehicle, { id: order.vehicleId })]);
    const time = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' }).format(order.promisedAt);
    await notify(tx, {
      repairOrderId: order.id,
      audience: 'CUSTOMER',
      channel: 'SMS',
      kind: 'pickupNotice',
      message: `尊敬的${customer.name.slice(0, 1)}先生/女士：您的车辆${vehicle.plate ?? vehicle.vin}预计于${time}完工，请安排接车。（${maskPhone(customer.phone)}）`,
    });
    tx.record({ action: 'repairOrder.pickupNoticeSent', entityType: 'RepairOrder', entityId: order.id, after: { status: order.status, promisedAt: order.promisedAt.toISOString() }, data: { number: order.number } });
  });

  jobs.register(TIMER.APPOINTMENT_REMINDER, async (tx, payload) => {
    const order = await tx.em.findOne(RepairOrder, { id: String(payload.repairOrderId) });
    if (!order || order.status !== 'APPOINTED' || !order.appointmentAt) return;
    const [customer, vehicle] = await Promise.all([tx.em.findOneOrFail(Customer, { id: order.customerId }), tx.em.findOneOrFail(Vehicle, { id: order.vehicleId })]);
    const when = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(order.appointmentAt);
    await notify(tx, {
      repairOrderId: order.id,
      audience: 'CUSTOMER',
      channel: 'SMS',
      kind: 'appointmentReminder',
      message: `尊敬的${customer.name.slice(0, 1)}先生/女士：您预约了${when}为车辆${vehicle.plate ?? vehicle.vin}维修保养，请准时到店。如需改期请来电。`,
    });
    tx.record({ action: 'repairOrder.appointmentReminderSent', entityType: 'RepairOrder', entityId: order.id, after: { status: order.status }, data: { number: order.number } });
  });

  jobs.register(TIMER.FOLLOW_UP, async (tx, payload) => {
    const order = await tx.em.findOne(RepairOrder, { id: String(payload.repairOrderId) });
    if (!order) return;
    const call = Number(payload.call ?? 1);
    const task = await openFollowUp(tx, order.id, call);
    if (!task) return;
    await notify(tx, {
      repairOrderId: order.id,
      audience: 'STAFF',
      channel: 'IN_APP',
      kind: 'followUpDue',
      message: `${order.number}: follow-up call ${call} is due.`,
    });
    tx.record({ action: 'repairOrder.followUpDue', entityType: 'RepairOrder', entityId: order.id, after: { call }, data: { number: order.number, call } });
  });
}
