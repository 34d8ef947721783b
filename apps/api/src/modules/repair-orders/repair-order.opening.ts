/** Opening repair orders: appointment slots and their load, the desk's form, an accepted booking. */
import { asSubject } from '@asn/authz';
import {
  DomainError,
  ErrorCode,
  InputCheck,
  DEFAULT_SLOT_RULES,
  alternativeSlots,
  assertId,
  daySlots,
  checkDeposit,
  isSlotStart,
  slotRulesIn,
  slotsAfter,
} from '@asn/domain';
import { inTx, memberOf, type Ctx, type Tx } from '../../platform/context.js';
import { tenantTimeZone } from '../../platform/tenant-time.js';
import { Customer, Vehicle } from '../customers/customer.entity.js';
import { RepairOrder } from './repair-order.entity.js';
import { RepairOrderDocument } from './repair-order.document.js';
import { create } from '../../platform/documents/index.js';

// ---------------------------------------------------------------------------------------------
// Lifecycle

export interface ReservedPartData {
  partNumber: string;
  description: string;
  unitPriceMinor: string;
  quantity: number;
}

/** Appointments booked in one slot, counted under a lock so two bookings cannot both take the last bay. */
async function bookedInSlot(tx: Tx, slot: Date): Promise<number> {
  await tx.em.execute(`select pg_advisory_xact_lock(hashtext(? || ?))`, [tx.tenantId, slot.toISOString()]);
  return tx.em.count(RepairOrder, { appointmentAt: slot, status: { $ne: 'CANCELLED' } });
}

/** Free and booked capacity of each slot of a day (the appointment calendar). */
export async function slotsOfDay(ctx: Ctx, day: string): Promise<SlotLoad[]> {
  const d = checkDay(day);
  return inTx(ctx, (tx) => slotLoad(tx, d));
}

export interface SlotLoad {
  start: Date;
  booked: number;
  capacity: number;
}

/** A calendar day from input (YYYY-MM-DD), or BAD_USER_INPUT. */
export function checkDay(day: string, field = 'day'): string {
  const check = new InputCheck();
  const d = check.day(field, day);
  if (!day) check.because(field, 'REQUIRED', {}, 'must not be empty');
  check.done();
  return d!;
}

/** The slots of a day with their bookings, in the transaction's tenant. */
export async function slotLoad(tx: Tx, day: string): Promise<SlotLoad[]> {
  const rules = slotRulesIn(await tenantTimeZone(tx));
  const starts = daySlots(day, rules);
  const rows = await tx.em.find(RepairOrder, { appointmentAt: { $in: starts }, status: { $ne: 'CANCELLED' } }, { fields: ['appointmentAt'] });
  return starts.map((start) => ({ start, booked: rows.filter((r) => r.appointmentAt?.getTime() === start.getTime()).length, capacity: rules.capacity }));
}

export async function createRepairOrder(
  ctx: Ctx,
  input: {
    customerId: string;
    vehicleId: string;
    complaint: string;
    appointmentAt?: Date | null;
    promisedAt?: Date | null;
    onSite?: boolean | null;
    siteAddress?: string | null;
    reservedParts?: ReservedPartData[] | null;
    depositMinor?: string | null;
  },
): Promise<RepairOrder> {
  assertId('input.customerId', input.customerId);
  assertId('input.vehicleId', input.vehicleId);
  const check = new InputCheck();
  const complaint = check.required('input.complaint', input.complaint, 2000);
  if (input.onSite && !input.siteAddress?.trim())
    check.because('input.siteAddress', 'ADDRESS_REQUIRED_ON_SITE', {}, 'an on-site job needs the customer’s address');
  const now = ctx.clock.now();
  const slot = input.appointmentAt ?? null;
  if (slot && slot <= now) check.because('input.appointmentAt', 'MUST_BE_FUTURE', {}, 'must be in the future');
  const parts = (input.reservedParts ?? []).map((p, i) => {
    const f = `input.reservedParts[${i}]`;
    check.required(`${f}.partNumber`, p.partNumber, 40);
    check.required(`${f}.description`, p.description, 200);
    check.wholeNumber(`${f}.quantity`, p.quantity, 1, 'ITEMS');
    return { ...p, unitPriceMinor: (check.minor(`${f}.unitPriceMinor`, p.unitPriceMinor) ?? 0n).toString() };
  });
  const deposit = input.depositMinor ? check.minor('input.depositMinor', input.depositMinor) : 0n;
  if (parts.length && !slot) check.because('input.reservedParts', 'PARTS_NEED_APPOINTMENT', {}, 'parts are reserved for an appointment');
  assertMayOpenOrders(ctx);
  return inTx(ctx, async (tx) => {
    // the opening hours are the workshop's, in its time zone (read in this transaction, not another)
    if (slot) {
      const rules = slotRulesIn(await tenantTimeZone(tx));
      if (!isSlotStart(slot, rules)) {
        const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
        check.because(
          'input.appointmentAt',
          'NOT_A_SLOT_START',
          { opensAt: hhmm(rules.opensAt), closesAt: hhmm(rules.closesAt), slotMinutes: rules.slotMinutes },
          `pick the start of a slot within opening hours (${hhmm(rules.opensAt)}–${hhmm(rules.closesAt)}, every ${rules.slotMinutes} minutes)`,
        );
      }
    }
    check.done();
    if (parts.length)
      checkDeposit(
        parts.map((p) => ({ unitPriceMinor: BigInt(p.unitPriceMinor), quantity: p.quantity })),
        deposit ?? 0n,
      );
    const [customer, vehicle] = await Promise.all([tx.em.findOne(Customer, { id: input.customerId }), tx.em.findOne(Vehicle, { id: input.vehicleId })]);
    if (!customer) throw DomainError.notFound('Customer');
    if (!vehicle) throw DomainError.notFound('Vehicle');
    if (vehicle.customerId !== customer.id)
      throw DomainError.badInput([
        { field: 'input.vehicleId', message: 'this vehicle is not on this customer’s file', reason: 'VEHICLE_OF_OTHER_CUSTOMER', params: {} },
      ]);
    return openOrder(tx, {
      customer,
      vehicle,
      complaint,
      slot,
      promisedAt: input.promisedAt ?? null,
      onSite: !!input.onSite,
      siteAddress: input.siteAddress?.trim() || null,
      reservation: parts.length ? { parts, depositMinor: (deposit ?? 0n).toString() } : null,
    });
  });
}

/** FORBIDDEN (ACTION_NOT_ALLOWED) unless the caller's roles may open repair orders in its tenant. */
export function assertMayOpenOrders(ctx: Ctx): void {
  const actor = memberOf(ctx);
  if (!ctx.ability.can('create', asSubject('RepairOrder', { tenantId: actor.tenantId }))) {
    throw DomainError.because(
      ErrorCode.FORBIDDEN,
      'ACTION_NOT_ALLOWED',
      { document: 'RepairOrder', action: 'create' },
      'Your roles do not allow you to open repair orders.',
    );
  }
}

/**
 * Opens an APPOINTED order inside a transaction (the desk's form, or an accepted booking
 * request): a full slot is refused with the nearest free ones, timers are scheduled, and the
 * creation is audited and published. Inputs are already checked.
 */
export async function openOrder(
  tx: Tx,
  o: {
    customer: Customer;
    vehicle: Vehicle;
    complaint: string;
    slot: Date | null;
    promisedAt?: Date | null;
    onSite: boolean;
    siteAddress: string | null;
    reservation?: RepairOrder['reservation'];
  },
): Promise<RepairOrder> {
  const actor = memberOf(tx.ctx);
  const { slot } = o;
  if (slot && (await bookedInSlot(tx, slot)) >= DEFAULT_SLOT_RULES.capacity) {
    const alternatives = await freeSlotsNear(tx, slot);
    const free = alternatives.map((a) => a.toISOString());
    throw DomainError.because(ErrorCode.CONFLICT, 'SLOT_FULL', { alternatives: free }, `The slot is fully booked. Free slots: ${free.join(', ')}.`, {
      alternatives: free,
    });
  }
  const tenant = await tx.em.execute(`select currency from tenants where id = ?`, [actor.tenantId]);
  const now = tx.ctx.clock.now();
  return create(
    tx,
    RepairOrderDocument,
    {
      tenantId: actor.tenantId,
      customerId: o.customer.id,
      vehicleId: o.vehicle.id,
      complaint: o.complaint,
      onSite: o.onSite,
      siteAddress: o.siteAddress,
      appointmentAt: slot,
      promisedAt: o.promisedAt ?? null,
      reservation: o.reservation ?? null,
      currency: (tenant[0] as { currency?: string } | undefined)?.currency ?? 'CNY',
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    },
    { facts: { data: { complaint: o.complaint, appointmentAt: slot?.toISOString() ?? null, depositMinor: o.reservation?.depositMinor ?? null } } },
  );
}

/** The nearest free slots after a full one (one query for the coming week's bookings; the domain picks). */
export async function freeSlotsNear(tx: Tx, slot: Date): Promise<Date[]> {
  const rules = slotRulesIn(await tenantTimeZone(tx));
  const upcoming = [...slotsAfter(slot, rules, 7)];
  const rows = await tx.em.find(RepairOrder, { appointmentAt: { $in: upcoming }, status: { $ne: 'CANCELLED' } }, { fields: ['appointmentAt'] });
  const counts = new Map<number, number>();
  for (const r of rows) counts.set(r.appointmentAt!.getTime(), (counts.get(r.appointmentAt!.getTime()) ?? 0) + 1);
  return alternativeSlots(slot, (s) => counts.get(s.getTime()) ?? 0, rules);
}
