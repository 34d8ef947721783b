import { appointmentReminderAt, followUpsAt, maskPhone, pickupNoticeAt, progressCheckAt, type RepairOrderState } from '@asn/domain';
import type { JobRegistry } from '../../platform/jobs.js';
import type { TimerDeclaration } from '../../platform/documents/index.js';
import { notify } from '../../platform/notifications.js';
import { tenantTime } from '../../platform/tenant-time.js';
import { Customer, Vehicle } from '../customers/customer.entity.js';
import { RepairOrder } from './repair-order.entity.js';
import { openFollowUp } from '../follow-ups/follow-up.service.js';

export const TIMER = {
  PROGRESS_CHECK: 'repairOrder.progressCheck',
  PICKUP_NOTICE: 'repairOrder.pickupNotice',
  FOLLOW_UP: 'repairOrder.followUp',
  APPOINTMENT_REMINDER: 'repairOrder.appointmentReminder',
} as const;

const WORKING: readonly RepairOrderState[] = ['IN_PROGRESS', 'AWAITING_PARTS', 'AWAITING_APPROVAL'];

/**
 * The timers a repair order's states start (its document declaration plans and cancels them on
 * every move): the appointment reminder while APPOINTED; the progress check when work starts; the
 * pickup notice from the approval (kept while the order is in the workshop); two follow-up calls
 * on delivery.
 */
export const repairOrderTimers: readonly TimerDeclaration<RepairOrder, RepairOrderState>[] = [
  {
    kind: TIMER.APPOINTMENT_REMINDER,
    start: ['APPOINTED'],
    plan: (order, now) => {
      const at = order.appointmentAt && appointmentReminderAt(order.appointmentAt, now);
      return at ? [{ runAt: at, payload: { repairOrderId: order.id } }] : [];
    },
  },
  {
    kind: TIMER.PROGRESS_CHECK,
    start: ['IN_PROGRESS'],
    keep: WORKING,
    plan: (order, now) => {
      const at = progressCheckAt(now, order.promisedAt);
      return at ? [{ runAt: at, payload: { repairOrderId: order.id } }] : [];
    },
  },
  {
    kind: TIMER.PICKUP_NOTICE,
    start: ['IN_PROGRESS', 'APPROVED'],
    keep: ['APPROVED', 'IN_PROGRESS', 'AWAITING_PARTS', 'AWAITING_APPROVAL', 'QC', 'READY', 'SETTLED'],
    plan: (order, now) => {
      const at = pickupNoticeAt(order.checkIn ? new Date(order.checkIn.at) : now, order.promisedAt);
      return at ? [{ runAt: at, payload: { repairOrderId: order.id } }] : [];
    },
  },
  {
    kind: TIMER.FOLLOW_UP,
    start: ['DELIVERED'],
    plan: (order, now) => followUpsAt(now).map((runAt, i) => ({ runAt, payload: { repairOrderId: order.id, call: i + 1 }, key: String(i + 1) })),
  },
];

export function registerRepairOrderTimers(jobs: JobRegistry): void {
  jobs.register(TIMER.PROGRESS_CHECK, async (tx, payload) => {
    const order = await tx.em.findOne(RepairOrder, { id: String(payload.repairOrderId) });
    if (!order || !WORKING.includes(order.status)) return; // already in QC or beyond: nothing to ask
    await notify(tx, {
      about: { type: 'RepairOrder', id: order.id },
      audience: 'STAFF',
      channel: 'IN_APP',
      kind: 'progressCheck',
      message: `${order.number}: 75 % of the estimated time has passed — ask the workshop how it is going.`,
    });
    tx.record({
      action: 'repairOrder.progressCheckDue',
      entityType: 'RepairOrder',
      entityId: order.id,
      after: { status: order.status },
      data: { number: order.number },
    });
  });

  jobs.register(TIMER.PICKUP_NOTICE, async (tx, payload) => {
    const order = await tx.em.findOne(RepairOrder, { id: String(payload.repairOrderId) });
    if (!order || ['DELIVERED', 'CANCELLED'].includes(order.status) || !order.promisedAt) return;
    const [customer, vehicle] = await Promise.all([
      tx.em.findOneOrFail(Customer, { id: order.customerId }),
      tx.em.findOneOrFail(Vehicle, { id: order.vehicleId }),
    ]);
    const time = await tenantTime(tx, order.promisedAt, { hour: '2-digit', minute: '2-digit' });
    await notify(tx, {
      about: { type: 'RepairOrder', id: order.id },
      audience: 'CUSTOMER',
      channel: 'SMS',
      to: customer.phone,
      kind: 'pickupNotice',
      message: `尊敬的${customer.name.slice(0, 1)}先生/女士：您的车辆${vehicle.plate ?? vehicle.vin}预计于${time}完工，请安排接车。（${maskPhone(customer.phone)}）`,
    });
    tx.record({
      action: 'repairOrder.pickupNoticeSent',
      entityType: 'RepairOrder',
      entityId: order.id,
      after: { status: order.status, promisedAt: order.promisedAt.toISOString() },
      data: { number: order.number },
    });
  });

  jobs.register(TIMER.APPOINTMENT_REMINDER, async (tx, payload) => {
    const order = await tx.em.findOne(RepairOrder, { id: String(payload.repairOrderId) });
    if (!order || order.status !== 'APPOINTED' || !order.appointmentAt) return;
    const [customer, vehicle] = await Promise.all([
      tx.em.findOneOrFail(Customer, { id: order.customerId }),
      tx.em.findOneOrFail(Vehicle, { id: order.vehicleId }),
    ]);
    const when = await tenantTime(tx, order.appointmentAt, { month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit' });
    await notify(tx, {
      about: { type: 'RepairOrder', id: order.id },
      audience: 'CUSTOMER',
      channel: 'SMS',
      to: customer.phone,
      kind: 'appointmentReminder',
      message: `尊敬的${customer.name.slice(0, 1)}先生/女士：您预约了${when}为车辆${vehicle.plate ?? vehicle.vin}维修保养，请准时到店。如需改期请来电。`,
    });
    tx.record({
      action: 'repairOrder.appointmentReminderSent',
      entityType: 'RepairOrder',
      entityId: order.id,
      after: { status: order.status },
      data: { number: order.number },
    });
  });

  jobs.register(TIMER.FOLLOW_UP, async (tx, payload) => {
    const order = await tx.em.findOne(RepairOrder, { id: String(payload.repairOrderId) });
    if (!order) return;
    const call = Number(payload.call ?? 1);
    const task = await openFollowUp(tx, order.id, call);
    if (!task) return;
    await notify(tx, {
      about: { type: 'RepairOrder', id: order.id },
      audience: 'STAFF',
      channel: 'IN_APP',
      kind: 'followUpDue',
      message: `${order.number}: follow-up call ${call} is due.`,
    });
    tx.record({ action: 'repairOrder.followUpDue', entityType: 'RepairOrder', entityId: order.id, after: { call }, data: { number: order.number, call } });
  });
}
