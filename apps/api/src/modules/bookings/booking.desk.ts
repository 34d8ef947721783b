/** The service desk's inbox of booking requests: reading, accepting (opening the order), declining, and the expiry timer. */
import { LockMode } from '@mikro-orm/core';
import type { FilterQuery } from '@mikro-orm/postgresql';
import { accessibleWhere, asSubject } from '@asn/authz';
import { DomainError, InputCheck, allowedEvents as machineEvents, assertId, isSlotStart, normalizeVin, slotRulesIn, type BookingEvent } from '@asn/domain';
import { inTx, memberOf, type Ctx, type Tx } from '../../platform/context.js';
import { emptyConnection, paginate, type Connection } from '../../platform/graphql/common.js';
import type { JobRegistry } from '../../platform/jobs.js';
import { loader } from '../../platform/loaders.js';
import { expectEvent, load, move } from '../../platform/documents/index.js';
import { Customer, Vehicle } from '../customers/customer.entity.js';
import { checkVehicle, insertCustomer, persistVehicle } from '../customers/customer.service.js';
import { openOrder } from '../repair-orders/repair-order.service.js';
import { notify } from '../../platform/notifications.js';
import { tenantTime, tenantTimeZone } from '../../platform/tenant-time.js';
import { BookingRequest } from './booking.entity.js';
import { BOOKING_EXPIRY, BookingRequestDocument, bookingSnapshot } from './booking.document.js';

export { BOOKING_EXPIRY };

import { notSlotStart } from './booking.public.js';

// ---------------------------------------------------------------------------------------------
// The service desk's inbox

export async function listBookingRequests(
  ctx: Ctx,
  args: { status?: BookingRequest['status'] | null; first?: number | null; after?: string | null },
): Promise<Connection<BookingRequest>> {
  const where = accessibleWhere(ctx.ability, 'read', 'BookingRequest');
  if (!where) return emptyConnection();
  const filter = (args.status ? { $and: [where, { status: args.status }] } : where) as FilterQuery<BookingRequest>;
  return inTx(ctx, (tx) => paginate(tx.em, BookingRequest, filter, args, (r) => r));
}

/** One request of the desk's inbox (NOT_FOUND when the actor may not read it). */
export async function getBookingRequest(ctx: Ctx, id: string): Promise<BookingRequest> {
  assertId('id', id);
  return inTx(ctx, async (tx) => {
    const r = await tx.em.findOne(BookingRequest, { id });
    if (!r || !ctx.ability.can('read', asSubject('BookingRequest', r))) throw DomainError.notFound('Booking request');
    return r;
  });
}

/**
 * A request the desk answers, loaded for the change (locked; NOT_FOUND / FORBIDDEN / CONFLICT the
 * same as every document) and refused (WRONG_STATUS) before anything is written when its machine
 * does not take `event` any more.
 */
async function loadForAnswer(tx: Tx, input: { id: string; version: number }, event: BookingEvent): Promise<BookingRequest> {
  const r = await load(tx, BookingRequestDocument, input.id, BookingRequestDocument.eventActions[event], input.version);
  expectEvent(BookingRequestDocument, r, event);
  return r;
}

/** The answer (the desk's, or the expiry timer's): who and when, then the document layer's move. */
async function answer(
  tx: Tx,
  r: BookingRequest,
  event: BookingEvent,
  facts: { before: Record<string, unknown>; data?: Record<string, unknown>; automatic?: boolean },
): Promise<void> {
  r.decidedAt = tx.ctx.clock.now();
  r.decidedBy = tx.ctx.actor.type === 'member' ? tx.ctx.actor.userId : null;
  await move(tx, BookingRequestDocument, r, event, facts);
}

/**
 * Accepts a request: finds the customer file by phone (or the one the desk chose), finds or opens
 * the vehicle file, and opens an APPOINTED order in the wanted (or a time agreed by phone) slot —
 * all in one transaction, so a full slot leaves nothing behind.
 */
export async function acceptBookingRequest(
  ctx: Ctx,
  input: { id: string; version: number; customerId?: string | null; vehicleId?: string | null; vin?: string | null; appointmentAt?: Date | null },
): Promise<BookingRequest> {
  const actor = memberOf(ctx);
  if (input.customerId) assertId('input.customerId', input.customerId);
  if (input.vehicleId) assertId('input.vehicleId', input.vehicleId);
  return inTx(ctx, async (tx) => {
    const r = await loadForAnswer(tx, input, 'ACCEPT');
    const before = bookingSnapshot(r);
    const check = new InputCheck();
    const slot = input.appointmentAt ?? r.requestedAt;
    if (r.kind === 'WORKSHOP') {
      const rules = slotRulesIn(await tenantTimeZone(tx));
      if (!isSlotStart(slot, rules))
        notSlotStart(check, 'input.appointmentAt', rules, 'pick the start of a slot within opening hours (08:00–18:00, on the hour)');
      if (slot <= ctx.clock.now())
        check.because('input.appointmentAt', 'REQUESTED_TIME_PASSED', {}, 'the requested time has passed: agree a new time with the customer');
    }
    check.done();

    // customer file: the desk's choice, else the one file with this phone, else a new one
    let customer: Customer | null;
    if (input.customerId) {
      customer = await tx.em.findOne(Customer, { id: input.customerId });
      if (!customer) throw DomainError.notFound('Customer');
    } else {
      const same = await tx.em.find(Customer, { phone: r.phone }, { limit: 2 });
      if (same.length > 1)
        throw DomainError.badField('input.customerId', 'SEVERAL_CUSTOMERS_WITH_PHONE', {}, 'several customer files have this phone number: choose one');
      customer = same[0] ?? (await insertCustomer(tx, actor.tenantId, { name: r.name, phone: r.phone, address: r.siteAddress }));
    }

    // vehicle file (一车一档): the desk's choice, else by VIN, else by plate on this customer, else new
    const vin = normalizeVin(input.vin ?? r.vin ?? '') || null;
    let vehicle: Vehicle | null = null;
    if (input.vehicleId) {
      vehicle = await tx.em.findOne(Vehicle, { id: input.vehicleId });
      if (!vehicle) throw DomainError.notFound('Vehicle');
    } else if (vin) {
      vehicle = await tx.em.findOne(Vehicle, { vin });
    }
    if (!vehicle && r.plate) vehicle = await tx.em.findOne(Vehicle, { customerId: customer.id, plate: r.plate });
    if (vehicle && vehicle.customerId !== customer.id) {
      throw DomainError.badField(
        input.vehicleId ? 'input.vehicleId' : 'input.vin',
        'VEHICLE_OF_OTHER_CUSTOMER',
        {},
        'this vehicle is on another customer’s file',
      );
    }
    if (!vehicle) {
      if (!vin) {
        throw DomainError.badField(
          'input.vin',
          'VIN_NEEDED_FOR_VEHICLE',
          {},
          'the request has no VIN and no vehicle on file matches: ask the customer for the VIN to open the vehicle file',
        );
      }
      const vcheck = new InputCheck();
      const data = checkVehicle(vcheck, 'input', { vin, plate: r.plate, model: r.model });
      vcheck.done();
      vehicle = await persistVehicle(tx, actor.tenantId, customer.id, data);
    }

    const order = await openOrder(tx, {
      customer,
      vehicle,
      complaint: r.complaint,
      slot: r.kind === 'WORKSHOP' ? slot : null,
      onSite: r.kind === 'ON_SITE',
      siteAddress: r.kind === 'ON_SITE' ? r.siteAddress : null,
    });
    r.repairOrderId = order.id;
    // the expiry timer stops with the PENDING state (the declaration's timers)
    await answer(tx, r, 'ACCEPT', { before, data: { repairOrderId: order.id, appointmentAt: r.kind === 'WORKSHOP' ? slot.toISOString() : null } });
    const provider = await providerName(tx);
    await notify(tx, {
      about: { type: 'RepairOrder', id: order.id },
      audience: 'CUSTOMER',
      channel: 'SMS',
      kind: 'bookingAccepted',
      to: r.phone,
      message:
        r.kind === 'WORKSHOP'
          ? `【${provider}】预约成功：${await tenantTime(tx, slot, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false })}，车辆${vehicle.plate ?? vehicle.vin}，工单号${order.number}。如需改期请来电。`
          : `【${provider}】已受理您的上门服务申请（工单号${order.number}），工程师出发前会与您电话确认时间和地址。`,
    });
    await tx.em.flush();
    return r;
  });
}

export async function declineBookingRequest(ctx: Ctx, input: { id: string; version: number; reason: string }): Promise<BookingRequest> {
  memberOf(ctx);
  const check = new InputCheck();
  const reason = check.required('input.reason', input.reason, 500);
  check.done();
  return inTx(ctx, async (tx) => {
    const r = await loadForAnswer(tx, input, 'DECLINE');
    const before = bookingSnapshot(r);
    r.declineReason = reason;
    await answer(tx, r, 'DECLINE', { before, data: { reason } });
    await notify(tx, {
      about: null,
      audience: 'CUSTOMER',
      channel: 'SMS',
      kind: 'bookingDeclined',
      to: r.phone,
      message: `【${await providerName(tx)}】很抱歉，您的预约申请（${r.number}）未能安排：${reason}`,
    });
    await tx.em.flush();
    return r;
  });
}

async function providerName(tx: Tx): Promise<string> {
  const rows = await tx.em.execute<{ name: string }[]>(`select name from tenants where id = ?`, [tx.tenantId]);
  return rows[0]?.name ?? '';
}

/** The customer files with a request's phone number (the desk sees whom it will be booked for). */
export function customersByPhone(ctx: Ctx) {
  return loader<string, Customer[]>(ctx, 'customersByPhone', async (phones) =>
    inTx(ctx, async (tx) => {
      const rows = await tx.em.find(Customer, { phone: { $in: [...phones] } }, { orderBy: { id: 'asc' } });
      return phones.map((p) => rows.filter((c) => c.phone === p));
    }),
  );
}

export function registerBookingTimers(jobs: JobRegistry): void {
  jobs.register(BOOKING_EXPIRY, async (tx, payload) => {
    const r = await tx.em.findOne(BookingRequest, { id: String(payload.id) }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!r || !machineEvents(BookingRequestDocument.machine, r.status).includes('EXPIRE')) return; // answered meanwhile
    await answer(tx, r, 'EXPIRE', { before: bookingSnapshot(r), automatic: true });
    await notify(tx, {
      about: null,
      audience: 'CUSTOMER',
      channel: 'SMS',
      kind: 'bookingExpired',
      to: r.phone,
      message: `【${await providerName(tx)}】很抱歉，您的预约申请（${r.number}）未能在预约时间前确认，请重新预约或来电。`,
    });
    await tx.em.flush();
  });
}
