/** Online booking from the customer's side: the provider's public page, its free times, a request from the page or a tracking link. */
import {
  BOOKING_HORIZON_DAYS,
  BOOKING_KINDS,
  BOOKING_OPEN_PER_PHONE,
  BOOKING_PER_PROVIDER_HOUR,
  DomainError,
  ErrorCode,
  InputCheck,
  alternativeSlots,
  assertId,
  isServiceProvider,
  isSlotStart,
  normalizePhone,
  normalizePlate,
  normalizeVin,
  slotRulesIn,
  slotsAfter,
  type BookingKind,
  type SlotRules,
  type TenantKind,
} from '@asn/domain';
import { createCtx, inTx, type AppServices, type Ctx, type Tx } from '../../platform/context.js';
import { withoutIdempotencyClaim } from '../../platform/idempotency.js';
import { create } from '../../platform/documents/index.js';
import { Customer, Vehicle } from '../customers/customer.entity.js';
import { RepairOrder } from '../repair-orders/repair-order.entity.js';
import { checkDay, slotLoad } from '../repair-orders/repair-order.service.js';
import { notify } from '../../platform/notifications.js';
import { tenantTimeZone } from '../../platform/tenant-time.js';
import { openLink } from '../tracking/tracking.service.js';
import { BookingRequest } from './booking.entity.js';
import { BOOKING_EXPIRY, BookingRequestDocument } from './booking.document.js';

export { BOOKING_EXPIRY };

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** NOT_A_SLOT_START on `field`: the opening hours and slot length of the provider's rules. */
export function notSlotStart(check: InputCheck, field: string, rules: SlotRules, message: string): void {
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
  if (requireAddress && input.kind === 'ON_SITE' && !input.siteAddress?.trim())
    check.because('input.siteAddress', 'ADDRESS_REQUIRED_ON_SITE', {}, 'an on-site visit needs the address');
  if ((input.siteAddress ?? '').length > 200) check.because('input.siteAddress', 'TOO_LONG', { max: 200 }, 'must be at most 200 characters');
}

/** A request from the public booking page (no account). */
export async function requestBooking(ctx: Ctx, providerCode: string, input: VisitorInput): Promise<{ request: BookingRequest; provider: Provider }> {
  const check = new InputCheck();
  check.oneOf('input.kind', input.kind, BOOKING_KINDS);
  const name = check.required('input.name', input.name, 80);
  const phone = normalizePhone(input.phone ?? '');
  if (!phone || !/^1\d{10}$/.test(phone))
    check.because('input.phone', 'NOT_A_MOBILE', { value: input.phone ?? '' }, 'enter a mobile number (11 digits): the confirmation comes by SMS');
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
    throw DomainError.because(
      ErrorCode.FORBIDDEN,
      'ROLE_NOT_ALLOWED',
      { action: 'create', subject: 'BookingRequest' },
      'Only the customer of a tracking link books from it.',
    );
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
    if (input.kind === 'ON_SITE' && !siteAddress)
      throw DomainError.badField('input.siteAddress', 'ADDRESS_REQUIRED_ON_SITE', {}, 'an on-site visit needs the address');
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
    throw DomainError.because(
      ErrorCode.RATE_LIMITED,
      'PROVIDER_BUSY',
      { provider: provider.name },
      `${provider.name} is receiving many requests right now. Please try again later or call them.`,
    );
  }
  if (r.kind === 'WORKSHOP') await checkSlotFree(tx, r.requestedAt, rules);
  // the number, the PENDING state and its expiry timer (nobody answered before the wanted time:
  // the request expires and the customer is told) come from the declaration
  const visitor = r.source === 'BOOKING_PAGE' ? `visitor (booking page): ${r.name}` : 'customer (tracking link)';
  const request = await create(
    tx,
    BookingRequestDocument,
    { ...r, tenantId: provider.id, createdAt: now },
    {
      action: 'received',
      facts: { actor: { userId: null, name: visitor }, data: { kind: r.kind, requestedAt: r.requestedAt.toISOString(), source: r.source } },
    },
  );
  await notify(tx, {
    about: null,
    audience: 'CUSTOMER',
    channel: 'SMS',
    kind: 'bookingReceived',
    to: r.phone,
    message: `【${provider.name}】已收到您的${r.kind === 'ON_SITE' ? '上门服务' : '预约'}申请（${request.number}），我们将尽快与您确认。`,
  });
  return request;
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
  throw DomainError.because(ErrorCode.CONFLICT, 'SLOT_FULL', { alternatives }, `This time is fully booked. Free times: ${alternatives.join(', ')}.`, {
    alternatives,
  });
}
