import { LockMode } from '@mikro-orm/core';
import type { FilterQuery } from '@mikro-orm/postgresql';
import { accessibleWhere, asSubject } from '@asn/authz';
import {
  BOOKING_HORIZON_DAYS,
  BOOKING_KINDS,
  BOOKING_OPEN_PER_PHONE,
  BOOKING_PER_PROVIDER_HOUR,
  DomainError,
  ErrorCode,
  InputCheck,
  alternativeSlots,
  allowedEvents as machineEvents,
  assertId,
  isServiceProvider,
  isSlotStart,
  normalizePhone,
  normalizePlate,
  normalizeVin,
  slotRulesIn,
  slotsAfter,
  type BookingEvent,
  type BookingKind,
  type SlotRules,
  type TenantKind,
} from '@asn/domain';
import { createCtx, inTx, memberOf, type AppServices, type Ctx, type Tx } from '../../platform/context.js';
import { withoutIdempotencyClaim } from '../../platform/idempotency.js';
import { emptyConnection, paginate, type Connection } from '../../platform/graphql/common.js';
import type { JobRegistry } from '../../platform/jobs.js';
import { loader } from '../../platform/loaders.js';
import { create, expectEvent, load, move } from '../../platform/documents/index.js';
import { Customer, Vehicle } from '../customers/customer.entity.js';
import { checkVehicle, insertCustomer, persistVehicle } from '../customers/customer.service.js';
import { RepairOrder } from '../repair-orders/repair-order.entity.js';
import { checkDay, openOrder, slotLoad } from '../repair-orders/repair-order.service.js';
import { notify } from '../../platform/notifications.js';
import { tenantTime, tenantTimeZone } from '../../platform/tenant-time.js';
import { openLink } from '../tracking/tracking.service.js';
import { BookingRequest } from './booking.entity.js';
import { BOOKING_EXPIRY, BookingRequestDocument, bookingSnapshot } from './booking.document.js';

export { BOOKING_EXPIRY };

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** NOT_A_SLOT_START on `field`: the opening hours and slot length of the provider's rules. */
function notSlotStart(check: InputCheck, field: string, rules: SlotRules, message: string): void {
  check.because(field, 'NOT_A_SLOT_START', { opensAt: hhmm(rules.opensAt), closesAt: hhmm(rules.closesAt), slotMinutes: rules.slotMinutes }, message);
}

// ---------------------------------------------------------------------------------------------
// The public page: a provider found by its code, its free times, and the request itself.

export interface Provider {
  id: string;
  code: string;
  name: string;
}

/** A dealer or shop by its public code (the manufacturer and suppliers take no bookings). */
export async function providerByCode(services: AppServices, code: string): Promise<Provider> {
  const c = (code ?? '').trim();
  if (!/^[A-Za-z0-9_-]{2,40}$/.test(c)) throw DomainError.notFound('Service provider');
  const anon = createCtx(services, { type: 'anonymous' }, null);
  const rows = await anon.em.fork().execute<{ id: string; kind: TenantKind; name: string }[]>('select * from app_find_tenant_by_code(?)', [c]);
  const t = rows[0];
  if (!t || !isServiceProvider(t.kind)) throw DomainError.notFound('Service provider');
  return { id: t.id, code: c.toUpperCase(), name: t.name };
}

/** Pending workshop requests per slot: they hold a place until the desk decides. */
async function pendingBySlot(tx: Tx, slots: Date[]): Promise<Map<number, number>> {
  const rows = await tx.em.find(BookingRequest, { kind: 'WORKSHOP', status: 'PENDING', requestedAt: { $in: slots } }, { fields: ['requestedAt'] });
  const m = new Map<number, number>();
  for (const r of rows) m.set(r.requestedAt.getTime(), (m.get(r.requestedAt.getTime()) ?? 0) + 1);
  return m;
}

export interface PublicSlot {
  start: Date;
  available: boolean;
}

/** The provider's free times of a day as the public page shows them: no counts, no names. */
export async function publicSlots(ctx: Ctx, provider: Provider, day: string): Promise<PublicSlot[]> {
  const d = checkDay(day);
  const now = ctx.clock.now();
  const horizon = now.getTime() + BOOKING_HORIZON_DAYS * 86_400_000;
  return inTx(
    ctx,
    async (tx) => {
      const load = await slotLoad(tx, d);
      const pending = await pendingBySlot(
        tx,
        load.map((s) => s.start),
      );
      return load.map((s) => ({
        start: s.start,
        available: s.start > now && s.start.getTime() <= horizon && s.booked + (pending.get(s.start.getTime()) ?? 0) < s.capacity,
      }));
    },
    { tenantId: provider.id },
  );
}

export interface BookingInput {
  kind: BookingKind;
  requestedAt: Date;
  complaint: string;
  siteAddress?: string | null;
}

export interface VisitorInput extends BookingInput {
  name: string;
  phone: string;
  plate?: string | null;
  vin?: string | null;
  model?: string | null;
}

function checkWhen(check: InputCheck, now: Date, input: BookingInput, requireAddress = true): void {
  const at = input.requestedAt;
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
    check.because('input.requestedAt', 'NOT_A_DATE_TIME', { value: String(at) }, 'must be a date and time');
    return;
  }
  if (at <= now) check.because('input.requestedAt', 'MUST_BE_FUTURE', {}, 'must be in the future');
  else if (at.getTime() > now.getTime() + BOOKING_HORIZON_DAYS * 86_400_000) {
    check.because('input.requestedAt', 'TOO_FAR_AHEAD', { days: BOOKING_HORIZON_DAYS }, `bookings are taken up to ${BOOKING_HORIZON_DAYS} days ahead`);
  }
  if (requireAddress && input.kind === 'ON_SITE' && !input.siteAddress?.trim()) check.because('input.siteAddress', 'ADDRESS_REQUIRED_ON_SITE', {}, 'an on-site visit needs the address');
  if ((input.siteAddress ?? '').length > 200) check.because('input.siteAddress', 'TOO_LONG', { max: 200 }, 'must be at most 200 characters');
}

/** A request from the public booking page (no account). */
export async function requestBooking(ctx: Ctx, providerCode: string, input: VisitorInput): Promise<{ request: BookingRequest; provider: Provider }> {
  const check = new InputCheck();
  check.oneOf('input.kind', input.kind, BOOKING_KINDS);
  const name = check.required('input.name', input.name, 80);
  const phone = normalizePhone(input.phone ?? '');
  if (!phone || !/^1\d{10}$/.test(phone)) check.because('input.phone', 'NOT_A_MOBILE', { value: input.phone ?? '' }, 'enter a mobile number (11 digits): the confirmation comes by SMS');
  const plate = input.plate?.trim() ? normalizePlate(input.plate) : null;
  const vin = input.vin?.trim() ? normalizeVin(input.vin) : null;
  if (!plate && !vin) check.because('input.plate', 'PLATE_OR_VIN_REQUIRED', {}, 'enter the plate or the VIN / serial number');
  if (plate && plate.length > 12) check.because('input.plate', 'NOT_A_PLATE', { value: input.plate ?? '' }, 'is not a plate number');
  if (vin && (vin.length < 6 || vin.length > 30 || !/^[A-Z0-9-]+$/.test(vin))) {
    check.because('input.vin', 'NOT_A_VIN', { value: input.vin ?? '', min: 6, max: 30 }, `"${input.vin}" is not a VIN or serial number`);
  }
  if ((input.model ?? '').length > 80) check.because('input.model', 'TOO_LONG', { max: 80 }, 'must be at most 80 characters');
  const complaint = check.required('input.complaint', input.complaint, 1000);
  checkWhen(check, ctx.clock.now(), input);
  check.done();
  const provider = await providerByCode(ctx.services, providerCode);
  // always as an anonymous visitor, even when a signed-in user of another tenant fills the form
  const visitor = createCtx(ctx.services, { type: 'anonymous' }, null, { requestId: ctx.requestId, clientIp: ctx.clientIp, userAgent: ctx.userAgent });
  const request = await inTx(
    visitor,
    (tx) =>
      insertRequest(tx, provider, {
        kind: input.kind,
        requestedAt: input.requestedAt,
        complaint,
        siteAddress: input.siteAddress?.trim() || null,
        name,
        phone: phone!,
        plate,
        vin,
        model: input.model?.trim() || null,
        source: 'BOOKING_PAGE',
        sourceRepairOrderId: null,
      }),
    { tenantId: provider.id },
  );
  return { request, provider };
}

/**
 * A request from a verified tracking link ("book the next service"): the customer and vehicle
 * come from the order, so the visitor types neither their name nor their phone again.
 */
export async function requestBookingByLink(
  services: AppServices,
  token: string,
  phoneLast4: string,
  input: BookingInput,
): Promise<{ request: BookingRequest; provider: Provider }> {
  // the link's own transactions come before the write: the idempotency key is claimed by the booking's
  const customerCtx = await withoutIdempotencyClaim(() => openLink(services, token, phoneLast4));
  const check = new InputCheck();
  check.oneOf('input.kind', input.kind, BOOKING_KINDS);
  const complaint = check.required('input.complaint', input.complaint, 1000);
  checkWhen(check, customerCtx.clock.now(), input, false); // the address may come from the customer file
  check.done();
  if (customerCtx.actor.type !== 'customer') {
    throw DomainError.because(ErrorCode.FORBIDDEN, 'ROLE_NOT_ALLOWED', { action: 'create', subject: 'BookingRequest' }, 'Only the customer of a tracking link books from it.');
  }
  const { tenantId, repairOrderId } = customerCtx.actor;
  let provider!: Provider; // read inside the transaction
  const request = await inTx(customerCtx, async (tx) => {
    const order = await tx.em.findOneOrFail(RepairOrder, { id: repairOrderId });
    const [customer, vehicle, tenant] = await Promise.all([
      tx.em.findOneOrFail(Customer, { id: order.customerId }),
      tx.em.findOneOrFail(Vehicle, { id: order.vehicleId }),
      tx.em.execute<{ code: string; name: string }[]>(`select code, name from tenants where id = ?`, [tenantId]),
    ]);
    provider = { id: tenantId, code: tenant[0]!.code, name: tenant[0]!.name };
    const siteAddress = input.siteAddress?.trim() || customer.address;
    if (input.kind === 'ON_SITE' && !siteAddress) throw DomainError.badField('input.siteAddress', 'ADDRESS_REQUIRED_ON_SITE', {}, 'an on-site visit needs the address');
    return insertRequest(tx, provider, {
      kind: input.kind,
      requestedAt: input.requestedAt,
      complaint,
      siteAddress,
      name: customer.name,
      phone: customer.phone,
      plate: vehicle.plate,
      vin: vehicle.vin,
      model: vehicle.model,
      source: 'TRACKING_LINK',
      sourceRepairOrderId: order.id,
    });
  });
  return { request, provider };
}

/**
 * The receipt of a request taken before, read again as the visitor sees it (a retried booking form
 * with the same idempotency key gets it instead of a second request).
 */
export async function bookingReceipt(ctx: Ctx, tenantId: string, id: string): Promise<{ request: BookingRequest; provider: Provider }> {
  const visitor = createCtx(ctx.services, { type: 'anonymous' }, null, { requestId: ctx.requestId });
  return inTx(
    visitor,
    async (tx) => {
      const [request, tenant] = await Promise.all([
        tx.em.findOne(BookingRequest, { id: assertId('id', id) }),
        tx.em.execute<{ code: string; name: string }[]>(`select code, name from tenants where id = ?`, [tenantId]),
      ]);
      if (!request || !tenant[0]) throw DomainError.notFound('Booking request');
      return { request, provider: { id: tenantId, code: tenant[0].code, name: tenant[0].name } };
    },
    { tenantId },
  );
}

async function insertRequest(
  tx: Tx,
  provider: Provider,
  r: Omit<BookingRequest, 'id' | 'tenantId' | 'number' | 'status' | 'repairOrderId' | 'decidedBy' | 'decidedAt' | 'declineReason' | 'createdAt' | 'version'>,
): Promise<BookingRequest> {
  const now = tx.ctx.clock.now();
  const rules = slotRulesIn(await tenantTimeZone(tx)); // the provider's opening hours, on its own wall clock
  if (!isSlotStart(r.requestedAt, rules)) {
    const check = new InputCheck();
    notSlotStart(check, 'input.requestedAt', rules, 'pick a time within opening hours (08:00–18:00, on the hour)');
    check.done();
  }
  // Limits for an anonymous page: a few open requests per phone, and a provider-wide hourly cap.
  await tx.em.execute(`select pg_advisory_xact_lock(hashtext('booking' || ?))`, [provider.id]);
  const [open, lastHour] = await Promise.all([
    tx.em.count(BookingRequest, { phone: r.phone, status: 'PENDING' }),
    tx.em.count(BookingRequest, { createdAt: { $gt: new Date(now.getTime() - 3_600_000) } }),
  ]);
  if (open >= BOOKING_OPEN_PER_PHONE) {
    throw DomainError.because(
      ErrorCode.RATE_LIMITED,
      'TOO_MANY_OPEN_REQUESTS',
      { open, provider: provider.name },
      `This phone number already has ${open} requests waiting for ${provider.name}. Please wait for their answer or call them.`,
    );
  }
  if (lastHour >= BOOKING_PER_PROVIDER_HOUR) {
    throw DomainError.because(ErrorCode.RATE_LIMITED, 'PROVIDER_BUSY', { provider: provider.name }, `${provider.name} is receiving many requests right now. Please try again later or call them.`);
  }
  if (r.kind === 'WORKSHOP') await checkSlotFree(tx, r.requestedAt, rules);
  // the number, the PENDING state and its expiry timer (nobody answered before the wanted time:
  // the request expires and the customer is told) come from the declaration
  const visitor = r.source === 'BOOKING_PAGE' ? `visitor (booking page): ${r.name}` : 'customer (tracking link)';
  const request = await create(
    recordingAs(tx, visitor),
    BookingRequestDocument,
    { ...r, tenantId: provider.id, createdAt: now },
    { action: 'received', facts: { data: { kind: r.kind, requestedAt: r.requestedAt.toISOString(), source: r.source } } },
  );
  await notify(tx, {
    repairOrderId: null,
    audience: 'CUSTOMER',
    channel: 'SMS',
    kind: 'bookingReceived',
    to: r.phone,
    message: `【${provider.name}】已收到您的${r.kind === 'ON_SITE' ? '上门服务' : '预约'}申请（${request.number}），我们将尽快与您确认。`,
  });
  return request;
}

/**
 * The transaction with its audit entries naming `name` as the actor: a visitor of the public page
 * has no signed-in principal, and names themselves on the form. (The document layer records with
 * the transaction's actor; this view of `tx` changes only that — everything else is `tx`'s.)
 */
function recordingAs(tx: Tx, name: string): Tx {
  const actor = { userId: null, name };
  const view = Object.create(tx) as Tx;
  view.record = (change, tenantId) => tx.record({ ...change, actor }, tenantId);
  return view;
}

/** A workshop time is free when appointments plus waiting requests leave a bay; else CONFLICT with the nearest free times. */
async function checkSlotFree(tx: Tx, slot: Date, rules: SlotRules): Promise<void> {
  await tx.em.execute(`select pg_advisory_xact_lock(hashtext(? || ?))`, [tx.tenantId, slot.toISOString()]);
  const upcoming = [slot, ...slotsAfter(slot, rules, 7)];
  const [orders, pending] = await Promise.all([
    tx.em.find(RepairOrder, { appointmentAt: { $in: upcoming }, status: { $ne: 'CANCELLED' } }, { fields: ['appointmentAt'] }),
    pendingBySlot(tx, upcoming),
  ]);
  const counts = new Map(pending);
  for (const o of orders) counts.set(o.appointmentAt!.getTime(), (counts.get(o.appointmentAt!.getTime()) ?? 0) + 1);
  if ((counts.get(slot.getTime()) ?? 0) < rules.capacity) return;
  const alternatives = alternativeSlots(slot, (s) => counts.get(s.getTime()) ?? 0, rules).map((a) => a.toISOString());
  throw DomainError.because(ErrorCode.CONFLICT, 'SLOT_FULL', { alternatives }, `This time is fully booked. Free times: ${alternatives.join(', ')}.`, { alternatives });
}

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
async function answer(tx: Tx, r: BookingRequest, event: BookingEvent, facts: { before: Record<string, unknown>; data?: Record<string, unknown>; automatic?: boolean }): Promise<void> {
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
      if (!isSlotStart(slot, rules)) notSlotStart(check, 'input.appointmentAt', rules, 'pick the start of a slot within opening hours (08:00–18:00, on the hour)');
      if (slot <= ctx.clock.now()) check.because('input.appointmentAt', 'REQUESTED_TIME_PASSED', {}, 'the requested time has passed: agree a new time with the customer');
    }
    check.done();

    // customer file: the desk's choice, else the one file with this phone, else a new one
    let customer: Customer | null;
    if (input.customerId) {
      customer = await tx.em.findOne(Customer, { id: input.customerId });
      if (!customer) throw DomainError.notFound('Customer');
    } else {
      const same = await tx.em.find(Customer, { phone: r.phone }, { limit: 2 });
      if (same.length > 1) throw DomainError.badField('input.customerId', 'SEVERAL_CUSTOMERS_WITH_PHONE', {}, 'several customer files have this phone number: choose one');
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
      throw DomainError.badField(input.vehicleId ? 'input.vehicleId' : 'input.vin', 'VEHICLE_OF_OTHER_CUSTOMER', {}, 'this vehicle is on another customer’s file');
    }
    if (!vehicle) {
      if (!vin) {
        throw DomainError.badField('input.vin', 'VIN_NEEDED_FOR_VEHICLE', {}, 'the request has no VIN and no vehicle on file matches: ask the customer for the VIN to open the vehicle file');
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
      repairOrderId: order.id,
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
      repairOrderId: null,
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
      repairOrderId: null,
      audience: 'CUSTOMER',
      channel: 'SMS',
      kind: 'bookingExpired',
      to: r.phone,
      message: `【${await providerName(tx)}】很抱歉，您的预约申请（${r.number}）未能在预约时间前确认，请重新预约或来电。`,
    });
    await tx.em.flush();
  });
}
