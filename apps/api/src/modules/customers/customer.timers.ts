import { localDay, maintenanceReminderPlan, maskPhone, meterDueAt } from '@asn/domain';
import type { Tx } from '../../platform/context.js';
import { cancelJobs, scheduleJob, type JobRegistry } from '../../platform/jobs.js';
import { notify } from '../../platform/notifications.js';
import { tenantTimeZone } from '../../platform/tenant-time.js';
import { Customer, MeterReading, Vehicle } from './customer.entity.js';

export const MAINTENANCE_REMINDER = 'vehicle.maintenanceReminder';

/** The reminder the vehicle's file calls for now: by due date or by the meter's predicted due day. */
async function planFor(tx: Tx, vehicle: Vehicle) {
  const now = tx.ctx.clock.now();
  const readings =
    vehicle.nextMaintenanceMeter == null
      ? []
      : await tx.em.find(
          MeterReading,
          { vehicleId: vehicle.id, recordedAt: { $gte: new Date(now.getTime() - 366 * 86_400_000) } },
          { orderBy: { recordedAt: 'asc' } },
        );
  const meterDue = meterDueAt(
    readings.map((r) => ({ reading: r.reading, at: r.recordedAt })),
    vehicle.nextMaintenanceMeter,
    now,
  );
  return maintenanceReminderPlan(vehicle.nextMaintenanceOn, meterDue, now, await tenantTimeZone(tx));
}

/** What a planned reminder is about; a job whose key no longer matches the file is stale. */
const planKey = (vehicle: Vehicle, basis: 'DATE' | 'METER') =>
  basis === 'DATE' ? `DATE:${vehicle.nextMaintenanceOn}` : `METER:${vehicle.nextMaintenanceMeter}`;

/**
 * Proactive maintenance (主动预约): a week before the vehicle is due — by its next-due date, or by
 * the day its meter is expected to reach the next-due reading at its usage of the last year,
 * whichever comes first — the customer gets a reminder and the service desk a call to make.
 * Re-planned whenever the due date, the due reading or a new meter reading changes the picture.
 */
export async function scheduleMaintenanceReminder(tx: Tx, vehicle: Vehicle): Promise<void> {
  const key = `${MAINTENANCE_REMINDER}:${vehicle.id}`;
  const plan = await planFor(tx, vehicle);
  if (!plan) return cancelJobs(tx, key);
  await scheduleJob(tx, {
    kind: MAINTENANCE_REMINDER,
    runAt: plan.remindAt,
    payload: { vehicleId: vehicle.id, basis: plan.basis, plan: planKey(vehicle, plan.basis), dueAt: plan.dueAt.toISOString() },
    dedupeKey: key,
  });
}

export function registerCustomerTimers(jobs: JobRegistry): void {
  jobs.register(MAINTENANCE_REMINDER, async (tx, payload) => {
    const vehicle = await tx.em.findOne(Vehicle, { id: String(payload.vehicleId) });
    const basis = payload.basis === 'METER' ? 'METER' : 'DATE';
    // jobs planned before meter-based reminders carried only the due date
    const planned = typeof payload.plan === 'string' ? payload.plan : `DATE:${String(payload.due)}`;
    if (!vehicle || planKey(vehicle, basis) !== planned) return; // the file changed meanwhile
    const customer = await tx.em.findOneOrFail(Customer, { id: vehicle.customerId });
    const unit = vehicle.usageUnit === 'HOURS' ? '小时' : '公里';
    const due =
      basis === 'DATE'
        ? `将于${vehicle.nextMaintenanceOn}到期保养`
        : `预计${localDay(new Date(String(payload.dueAt)), await tenantTimeZone(tx))}前后达到保养${unit}数${vehicle.nextMaintenanceMeter}${unit}`;
    await notify(tx, {
      about: null,
      audience: 'CUSTOMER',
      channel: 'SMS',
      kind: 'maintenanceReminder',
      to: customer.phone,
      message: `尊敬的${customer.name.slice(0, 1)}先生/女士：您的车辆${vehicle.plate ?? vehicle.vin}${due}，欢迎预约到店。`,
    });
    await notify(tx, {
      about: null,
      audience: 'STAFF',
      channel: 'IN_APP',
      kind: 'maintenanceDue',
      message: `${vehicle.plate ?? vehicle.vin}（${customer.name}，${maskPhone(customer.phone)}）${due}：请电话邀约。`,
    });
    tx.record({
      action: 'vehicle.maintenanceReminderSent',
      entityType: 'Vehicle',
      entityId: vehicle.id,
      after: { basis, due: basis === 'DATE' ? vehicle.nextMaintenanceOn : vehicle.nextMaintenanceMeter },
    });
  });
}
