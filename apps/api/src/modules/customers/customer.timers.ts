import { maskPhone } from '@asn/domain';
import type { Tx } from '../../platform/context.js';
import { cancelJobs, scheduleJob, type JobQueue } from '../../platform/jobs.js';
import { notify } from '../repair-orders/repair-order.timers.js';
import { Customer, Vehicle } from './customer.entity.js';

export const MAINTENANCE_REMINDER = 'vehicle.maintenanceReminder';
const WEEK = 7 * 86_400_000;

/**
 * Proactive maintenance (主动预约): a week before the vehicle's next-due date the customer gets a
 * reminder and the service desk a call to make. Re-scheduled whenever the due date changes.
 * (Due by meter needs a usage rate per vehicle and is not handled yet.)
 */
export async function scheduleMaintenanceReminder(tx: Tx, vehicle: Vehicle): Promise<void> {
  const key = `${MAINTENANCE_REMINDER}:${vehicle.id}`;
  if (!vehicle.nextMaintenanceOn) return cancelJobs(tx, key);
  const due = Date.parse(`${vehicle.nextMaintenanceOn}T01:00:00Z`); // 09:00 in Shanghai
  const runAt = new Date(Math.max(due - WEEK, tx.ctx.clock.now().getTime()));
  if (due <= tx.ctx.clock.now().getTime()) return cancelJobs(tx, key);
  await scheduleJob(tx, { kind: MAINTENANCE_REMINDER, runAt, payload: { vehicleId: vehicle.id, due: vehicle.nextMaintenanceOn }, dedupeKey: key });
}

export function registerCustomerTimers(jobs: JobQueue): void {
  jobs.register(MAINTENANCE_REMINDER, async (tx, payload) => {
    const vehicle = await tx.em.findOne(Vehicle, { id: String(payload.vehicleId) });
    if (!vehicle || vehicle.nextMaintenanceOn !== payload.due) return; // moved meanwhile
    const customer = await tx.em.findOneOrFail(Customer, { id: vehicle.customerId });
    await notify(tx, {
      repairOrderId: null,
      audience: 'CUSTOMER',
      channel: 'SMS',
      kind: 'maintenanceReminder',
      message: `尊敬的${customer.name.slice(0, 1)}先生/女士：您的车辆${vehicle.plate ?? vehicle.vin}将于${vehicle.nextMaintenanceOn}到期保养，欢迎预约到店。`,
    });
    await notify(tx, {
      repairOrderId: null,
      audience: 'STAFF',
      channel: 'IN_APP',
      kind: 'maintenanceDue',
      message: `${vehicle.plate ?? vehicle.vin}（${customer.name}，${maskPhone(customer.phone)}）${vehicle.nextMaintenanceOn} 到期保养：请电话邀约。`,
    });
    tx.record({ action: 'vehicle.maintenanceReminderSent', entityType: 'Vehicle', entityId: vehicle.id, after: { due: vehicle.nextMaintenanceOn } });
  });
}
