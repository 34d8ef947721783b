import type { FilterQuery } from '@mikro-orm/postgresql';
import { accessibleWhere, asSubject, type Action } from '@asn/authz';
import {
  DomainError,
  ErrorCode,
  InputCheck,
  PAY_TYPES,
  REPAIR_ORDER_STATES,
  DEFAULT_SLOT_RULES,
  alternativeSlots,
  assertId,
  daySlots,
  checkDeposit,
  isSlotStart,
  lineAmountMinor,
  slotRulesIn,
  slotsAfter,
  orderTotals,
  uuidv7,
  type OrderTotals,
  type PayType,
  type RepairOrderEvent,
  type RepairOrderState,
} from '@asn/domain';
import { inTx, memberOf, type Ctx, type Tx } from '../../platform/context.js';
import { emptyConnection, leanPage, type Connection } from '../../platform/graphql/common.js';
import { leanById, leanRows } from '../../platform/db/lean.js';
import { rowMapper } from '../../platform/db/reads.js';
import { customerById, vehicleById } from '../customers/customer.service.js';
import { loader } from '../../platform/loaders.js';
import { tenantTimeZone } from '../../platform/tenant-time.js';
import { User } from '../../platform/db/entities.js';
import { Customer, MeterReading, Vehicle } from '../customers/customer.entity.js';
import { RepairOrder, RepairOrderLine, type LineKind, type PartSource } from './repair-order.entity.js';
import { RepairLine, RepairOrderDocument, snapshot } from './repair-order.document.js';
import { advance, create, expectEvent, initialItem, load, move as moveDocument, recordChange } from '../../platform/documents/index.js';
import { scheduleMaintenanceReminder } from '../customers/customer.timers.js';

/** Loads an order for a change (locked; NOT_FOUND / FORBIDDEN / CONFLICT the same as every document). */
function loadOrder(tx: Tx, id: string, action: Action = 'read', version?: number): Promise<RepairOrder> {
  return load(tx, RepairOrderDocument, id, action, version);
}

/**
 * The one way a repair order changes state: permission and version (load), the state machine
 * (checked before the change is made), the change itself, then the document layer's move —
 * state, audit, event and timers — all in one transaction.
 */
async function move(
  ctx: Ctx,
  input: { id: string; version: number },
  action: Action,
  event: RepairOrderEvent,
  change?: (order: RepairOrder, tx: Tx) => Promise<Record<string, unknown> | void> | Record<string, unknown> | void,
): Promise<RepairOrder> {
  return inTx(ctx, async (tx) => {
    const order = await loadOrder(tx, input.id, action, input.version);
    expectEvent(RepairOrderDocument, order, event);
    const before = snapshot(order);
    const details = (await change?.(order, tx)) ?? {};
    await moveDocument(tx, RepairOrderDocument, order, event, { before, data: details });
    return order;
  });
}

/** An edit that does not change the state (dispatch, clocking): same checks, audited. */
async function edit(
  ctx: Ctx,
  input: { id: string; version: number },
  action: Action,
  name: string,
  allowedIn: readonly RepairOrderState[],
  change: (order: RepairOrder, tx: Tx) => Promise<Record<string, unknown> | void>,
): Promise<RepairOrder> {
  return inTx(ctx, async (tx) => {
    const order = await loadOrder(tx, input.id, action, input.version);
    if (!allowedIn.includes(order.status)) {
      throw DomainError.because(
        ErrorCode.INVALID_TRANSITION,
        'WRONG_STATUS',
        { document: 'RepairOrder', number: order.number, status: order.status, event: name, allowed: [] },
        `Cannot ${name} repair order ${order.number} while ${order.status}; only while ${allowedIn.join(', ')}.`,
        { from: order.status, event: name },
      );
    }
    const before = snapshot(order);
    const details = (await change(order, tx)) ?? {};
    order.updatedAt = ctx.clock.now(); // bumps the version: the order changed
    await tx.em.flush();
    recordChange(tx, RepairOrderDocument, order, name, { before, data: details });
    return order;
  });
}

// ---------------------------------------------------------------------------------------------
// Lines

export interface LineData {
  kind: LineKind;
  description: string;
  operationCode?: string | null;
  hours?: string | null;
  rateMinor?: string | null;
  partNumber?: string | null;
  quantity?: string | null;
  unitPriceMinor?: string | null;
  source?: PartSource | null;
  payType: PayType;
}

function buildLines(check: InputCheck, field: string, lines: readonly LineData[], tenantId: string, orderId: string, extra: Partial<RepairOrderLine>): RepairOrderLine[] {
  return lines.map((l, i) => {
    const f = `${field}[${i}]`;
    const description = check.required(`${f}.description`, l.description, 200);
    if (!(PAY_TYPES as readonly string[]).includes(l.payType)) check.add(`${f}.payType`, `unknown pay type ${l.payType}`);
    const line = Object.assign(new RepairOrderLine(), { id: uuidv7(), tenantId, repairOrderId: orderId, kind: l.kind, description, payType: l.payType, ...initialItem(RepairLine), ...extra });
    if (l.kind === 'LABOUR') {
      const hoursMilli = check.milli(`${f}.hours`, l.hours, true);
      const rate = check.minor(`${f}.rateMinor`, l.rateMinor);
      line.operationCode = l.operationCode?.trim() || null;
      line.hoursMilli = hoursMilli;
      line.rateMinor = rate?.toString() ?? null;
      line.amountMinor = hoursMilli != null && rate != null ? lineAmountMinor({ kind: 'LABOUR', hoursMilli, rateMinor: rate }).toString() : '0';
    } else {
      const quantityMilli = check.milli(`${f}.quantity`, l.quantity, true);
      const price = check.minor(`${f}.unitPriceMinor`, l.unitPriceMinor);
      if (!l.source) check.add(`${f}.source`, 'say whether the part is OEM, AFTERMARKET or CUSTOMER_SUPPLIED');
      line.partNumber = check.required(`${f}.partNumber`, l.partNumber, 40);
      line.quantityMilli = quantityMilli;
      line.unitPriceMinor = price?.toString() ?? null;
      line.source = l.source ?? null;
      line.amountMinor = quantityMilli != null && price != null ? lineAmountMinor({ kind: 'PART', quantityMilli, unitPriceMinor: price }).toString() : '0';
    }
    return line;
  });
}

export function totalsOf(order: Pick<RepairOrder, 'discountMinor'>, lines: readonly RepairOrderLine[], asIfApproved = false): OrderTotals {
  return orderTotals(
    lines.map((l) => ({ kind: l.kind, status: asIfApproved ? 'APPROVED' : l.status, payType: l.payType, amountMinor: BigInt(l.amountMinor) })),
    BigInt(order.discountMinor),
  );
}

// ---------------------------------------------------------------------------------------------
// Queries

export async function listRepairOrders(
  ctx: Ctx,
  args: {
    status?: RepairOrderState[] | null;
    vehicleId?: string | null;
    customerId?: string | null;
    technicianId?: string | null;
    onSite?: boolean | null;
    first?: number | null;
    after?: string | null;
  },
): Promise<Connection<RepairOrder>> {
  const where = accessibleWhere(ctx.ability, 'read', 'RepairOrder');
  if (!where) return emptyConnection();
  const extra: Record<string, unknown>[] = [];
  if (args.status?.length) {
    const bad = args.status.filter((s) => !(REPAIR_ORDER_STATES as readonly string[]).includes(s));
    if (bad.length) throw DomainError.badInput([{ field: 'status', message: `unknown state ${bad.join(', ')}` }]);
    extra.push({ status: { $in: args.status } });
  }
  if (args.vehicleId) extra.push({ vehicleId: assertId('vehicleId', args.vehicleId) });
  if (args.customerId) extra.push({ customerId: assertId('customerId', args.customerId) });
  if (args.technicianId) extra.push({ technicianId: assertId('technicianId', args.technicianId) });
  if (args.onSite != null) extra.push({ onSite: args.onSite });
  const filter = (extra.length ? { $and: [where, ...extra] } : where) as FilterQuery<RepairOrder>;
  // each order's customer and vehicle come in the page's own statement (field resolvers find them loaded)
  const customers = customerById(ctx);
  const vehicles = vehicleById(ctx);
  const toCustomer = rowMapper(ctx.services.orm, Customer);
  const toVehicle = rowMapper(ctx.services.orm, Vehicle);
  return leanPage(ctx, RepairOrder, filter, { ...args, newestFirst: true }, {
    wrap: (page, tenant, order) =>
      `select p.*, row_to_json(c) as along_customer, row_to_json(v) as along_vehicle from (${page}) p
         left join customers c on c.id = p.customer_id and c.tenant_id = ${tenant}
         left join vehicles v on v.id = p.vehicle_id and v.tenant_id = ${tenant}
        order by p.id ${order}`,
    seen: (row) => {
      if (row.along_customer) customers.prime(row.customer_id as string, toCustomer(row.along_customer as Record<string, unknown>));
      if (row.along_vehicle) vehicles.prime(row.vehicle_id as string, toVehicle(row.along_vehicle as Record<string, unknown>));
    },
  });
}

export async function getRepairOrder(ctx: Ctx, id: string): Promise<RepairOrder> {
  // the read path: one round trip, no EntityManager (a detached copy; changes load their own in inTx)
  assertId('input.id', id);
  const order = await leanById(ctx, RepairOrder, id);
  if (!order || !ctx.ability.can('read', asSubject('RepairOrder', order))) throw DomainError.notFound('Repair order');
  return order;
}

export interface NoticeRow {
  id: string;
  repair_order_id: string;
  created_at: Date;
  audience: string;
  channel: string;
  kind: string;
  message: string;
  recipient: string | null;
  status: string;
  sent_at: Date | null;
  last_error: string | null;
}

/** Messages about each order (SMS to the customer, alerts for the desk), oldest first, batched. */
export function noticesByOrder(ctx: Ctx) {
  return loader<string, NoticeRow[]>(ctx, 'noticesByOrder', async (ids) =>
    inTx(ctx, async (tx) => {
      const rows = (await tx.em.execute(
        `select id, repair_order_id, created_at, audience, channel, kind, message, recipient, status, sent_at, last_error
           from notifications where repair_order_id in (${ids.map(() => '?').join(', ')}) order by id`,
        [...ids],
      )) as NoticeRow[];
      return ids.map((id) => rows.filter((r) => r.repair_order_id === id));
    }),
  );
}

/** Orders by id, batched (visits on the dispatch board name their order). */
export function orderById(ctx: Ctx) {
  return loader<string, RepairOrder>(ctx, 'orderById', async (ids) =>
    inTx(ctx, async (tx) => {
      const rows = await tx.em.find(RepairOrder, { id: { $in: [...ids] } });
      return ids.map((id) => rows.find((o) => o.id === id && tx.ctx.ability.can('read', asSubject('RepairOrder', o))) ?? null);
    }),
  );
}

export function linesByOrder(ctx: Ctx) {
  return loader<string, RepairOrderLine[]>(ctx, 'linesByOrder', async (ids) =>
    leanRows(ctx, RepairOrderLine, 'repairOrderId', ids).then((rows) => ids.map((id) => rows.filter((l) => l.repairOrderId === id))),
  );
}

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
  if (!day) check.add(field, 'must not be empty');
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
  const actor = memberOf(ctx);
  assertId('input.customerId', input.customerId);
  assertId('input.vehicleId', input.vehicleId);
  const check = new InputCheck();
  const complaint = check.required('input.complaint', input.complaint, 2000);
  if (input.onSite && !input.siteAddress?.trim()) check.add('input.siteAddress', 'an on-site job needs the customer’s address');
  const now = ctx.clock.now();
  const slot = input.appointmentAt ?? null;
  if (slot && !isSlotStart(slot, slotRulesIn(await tenantTimeZone(ctx)))) check.add('input.appointmentAt', 'pick the start of a slot within opening hours (08:00–18:00, on the hour)');
  if (slot && slot <= now) check.add('input.appointmentAt', 'must be in the future');
  const parts = (input.reservedParts ?? []).map((p, i) => {
    const f = `input.reservedParts[${i}]`;
    check.required(`${f}.partNumber`, p.partNumber, 40);
    check.required(`${f}.description`, p.description, 200);
    if (!Number.isInteger(p.quantity) || p.quantity < 1) check.add(`${f}.quantity`, 'must be a whole number ≥ 1');
    return { ...p, unitPriceMinor: (check.minor(`${f}.unitPriceMinor`, p.unitPriceMinor) ?? 0n).toString() };
  });
  const deposit = input.depositMinor ? check.minor('input.depositMinor', input.depositMinor) : 0n;
  if (parts.length && !slot) check.add('input.reservedParts', 'parts are reserved for an appointment');
  check.done();
  if (parts.length) checkDeposit(parts.map((p) => ({ unitPriceMinor: BigInt(p.unitPriceMinor), quantity: p.quantity })), deposit ?? 0n);
  if (!ctx.ability.can('create', asSubject('RepairOrder', { tenantId: actor.tenantId }))) throw DomainError.forbidden();
  return inTx(ctx, async (tx) => {
    const [customer, vehicle] = await Promise.all([tx.em.findOne(Customer, { id: input.customerId }), tx.em.findOne(Vehicle, { id: input.vehicleId })]);
    if (!customer) throw DomainError.notFound('Customer');
    if (!vehicle) throw DomainError.notFound('Vehicle');
    if (vehicle.customerId !== customer.id) throw DomainError.badInput([{ field: 'input.vehicleId', message: 'this vehicle is not on this customer’s file' }]);
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
    throw DomainError.conflict(`The slot is fully booked. Free slots: ${alternatives.map((a) => a.toISOString()).join(', ')}.`, {
      alternatives: alternatives.map((a) => a.toISOString()),
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

/** The customer did not come: the appointment is cancelled and counted on their credit record. */
export async function markNoShow(ctx: Ctx, input: { id: string; version: number }): Promise<RepairOrder> {
  return move(ctx, input, 'cancel', 'CANCEL', async (order, tx) => {
    if (!order.appointmentAt || order.appointmentAt > ctx.clock.now()) {
      throw new DomainError('INVALID_TRANSITION', 'A no-show is recorded only after the appointment time has passed.');
    }
    order.noShow = true;
    order.cancelReason = 'NO_SHOW';
    const customer = await tx.em.findOneOrFail(Customer, { id: order.customerId });
    customer.noShowCount += 1;
    return { reason: 'NO_SHOW', noShowCount: customer.noShowCount };
  });
}

export async function checkIn(
  ctx: Ctx,
  input: { id: string; version: number; meter: number; fuelEighths?: number | null; damageNotes?: string | null; belongings?: string[] | null; documents?: string[] | null; keyTag?: string | null; customerSigned: boolean },
): Promise<RepairOrder> {
  const check = new InputCheck();
  if (!Number.isInteger(input.meter) || input.meter < 0) check.add('input.meter', 'must be a whole number ≥ 0');
  if (input.fuelEighths != null && (!Number.isInteger(input.fuelEighths) || input.fuelEighths < 0 || input.fuelEighths > 8)) check.add('input.fuelEighths', 'must be 0–8 (eighths of a tank)');
  if (!input.customerSigned) check.add('input.customerSigned', 'the customer signs the check-in sheet');
  check.done();
  return move(ctx, input, 'checkIn', 'CHECK_IN', async (order, tx) => {
    const vehicle = await tx.em.findOneOrFail(Vehicle, { id: order.vehicleId });
    if (vehicle.currentMeter != null && input.meter < vehicle.currentMeter) {
      throw DomainError.badInput([{ field: 'input.meter', message: `is below the last reading (${vehicle.currentMeter})` }]);
    }
    const at = ctx.clock.now();
    order.checkIn = {
      meter: input.meter,
      fuelEighths: input.fuelEighths ?? null,
      damageNotes: input.damageNotes?.trim() || null,
      belongings: (input.belongings ?? []).map((b) => b.trim()).filter(Boolean),
      documents: (input.documents ?? []).map((b) => b.trim()).filter(Boolean),
      keyTag: input.keyTag?.trim() || null,
      customerSigned: true,
      at: at.toISOString(),
    };
    vehicle.currentMeter = input.meter;
    tx.em.persist(Object.assign(new MeterReading(), { id: uuidv7(), tenantId: order.tenantId, vehicleId: vehicle.id, reading: input.meter, source: 'CHECK_IN', repairOrderId: order.id, recordedAt: at }));
    await tx.em.flush();
    await scheduleMaintenanceReminder(tx, vehicle); // a new reading moves a meter-based reminder
    return { meter: input.meter };
  });
}

export async function diagnose(ctx: Ctx, input: { id: string; version: number; findings: { system: string; finding: string }[]; summary: string }): Promise<RepairOrder> {
  const check = new InputCheck();
  const summary = check.required('input.summary', input.summary, 2000);
  if (!input.findings.length) check.add('input.findings', 'record at least one finding');
  input.findings.forEach((f, i) => {
    check.required(`input.findings[${i}].system`, f.system, 80);
    check.required(`input.findings[${i}].finding`, f.finding, 1000);
  });
  check.done();
  return move(ctx, input, 'diagnose', 'DIAGNOSE', (order) => {
    order.diagnosis = { findings: input.findings.map((f) => ({ system: f.system.trim(), finding: f.finding.trim() })), summary, at: ctx.clock.now().toISOString(), by: ctx.principal?.displayName ?? '' };
  });
}

/** Writes (or rewrites) the estimate: labour and part lines, method and promised time. */
export async function estimate(
  ctx: Ctx,
  input: { id: string; version: number; method: 'SYSTEM' | 'SYMPTOM' | 'ITEM'; promisedAt?: Date | null; lines: LineData[] },
): Promise<RepairOrder> {
  const actor = memberOf(ctx);
  const check = new InputCheck();
  if (!input.lines.length) check.add('input.lines', 'an estimate needs at least one line');
  const lines = buildLines(check, 'input.lines', input.lines, actor.tenantId, input.id, {});
  check.done();
  return move(ctx, input, 'estimate', 'ESTIMATE', async (order, tx) => {
    await tx.em.nativeDelete(RepairOrderLine, { repairOrderId: order.id, additional: false });
    for (const l of lines) tx.em.persist(l);
    order.estimateMethod = input.method;
    if (input.promisedAt) order.promisedAt = input.promisedAt;
    const totals = totalsOf(order, lines, true);
    return { method: input.method, lines: lines.length, estimateMinor: totals.gross.toString() };
  });
}

export async function approveEstimate(ctx: Ctx, input: { id: string; version: number }): Promise<RepairOrder> {
  return move(ctx, input, 'approve', 'APPROVE', async (order, tx) => {
    const now = ctx.clock.now();
    const lines = await tx.em.find(RepairOrderLine, { repairOrderId: order.id, status: 'PROPOSED', additional: false });
    for (const l of lines) {
      advance(RepairLine, l, 'APPROVE');
      Object.assign(l, { decidedAt: now, decidedBy: `${ctx.principal?.displayName ?? 'staff'} (in the shop)` });
    }
    return { approvedLines: lines.length };
  });
}

export async function dispatch(ctx: Ctx, input: { id: string; version: number; technicianId: string; bay?: string | null }): Promise<RepairOrder> {
  assertId('input.technicianId', input.technicianId);
  return edit(ctx, input, 'dispatch', 'dispatched', ['APPROVED', 'IN_PROGRESS', 'AWAITING_PARTS', 'AWAITING_APPROVAL'], async (order, tx) => {
    const tech = await tx.em.findOne(User, { id: input.technicianId, active: true });
    if (!tech || !tech.roles.includes('TECHNICIAN')) throw DomainError.badInput([{ field: 'input.technicianId', message: 'is not an active technician of this workshop' }]);
    order.technicianId = tech.id;
    order.bay = input.bay?.trim() || order.bay;
    const open = await tx.em.find(RepairOrderLine, { repairOrderId: order.id, kind: 'LABOUR', technicianId: null });
    for (const l of open) l.technicianId = tech.id;
    return { technician: tech.displayName, bay: order.bay };
  });
}

export async function startWork(ctx: Ctx, input: { id: string; version: number }): Promise<RepairOrder> {
  return move(ctx, input, 'work', 'START_WORK', (order) => {
    if (!order.technicianId) throw new DomainError('INVALID_TRANSITION', `Dispatch ${order.number} to a technician before work starts.`);
  });
}

/** Technician clocks on or off one of their own labour lines (only while the work is in progress). */
export async function clockLine(ctx: Ctx, input: { lineId: string; on: boolean }): Promise<RepairOrder> {
  assertId('input.lineId', input.lineId);
  return inTx(ctx, async (tx) => {
    const line = await tx.em.findOne(RepairOrderLine, { id: input.lineId });
    if (!line) throw DomainError.notFound('Repair order line');
    const order = await loadOrder(tx, line.repairOrderId);
    if (line.kind !== 'LABOUR') throw DomainError.badInput([{ field: 'input.lineId', message: 'only labour lines are clocked' }]);
    if (!ctx.ability.can('work', asSubject('RepairOrderLine', line))) throw DomainError.forbidden('This labour line belongs to another technician.');
    if (order.status !== 'IN_PROGRESS') throw new DomainError('INVALID_TRANSITION', `Clocking is possible while the order is IN_PROGRESS, not ${order.status}.`);
    if (line.status !== 'APPROVED') throw new DomainError('INVALID_TRANSITION', 'Only approved work is clocked.');
    const now = ctx.clock.now();
    if (input.on) {
      if (line.clockStartedAt) throw DomainError.conflict('Already clocked on.');
      line.clockStartedAt = now;
    } else {
      if (!line.clockStartedAt) throw DomainError.conflict('Not clocked on.');
      line.clockedMinutes += Math.max(0, Math.round((now.getTime() - line.clockStartedAt.getTime()) / 60_000));
      line.clockStartedAt = null;
    }
    await tx.em.flush();
    tx.record({ action: input.on ? 'repairOrder.clockedOn' : 'repairOrder.clockedOff', entityType: 'RepairOrder', entityId: order.id, after: { lineId: line.id, clockedMinutes: line.clockedMinutes }, data: { number: order.number } });
    return order;
  });
}

export async function proposeAdditionalWork(
  ctx: Ctx,
  input: { id: string; version: number; lines: LineData[]; safetyRelevant?: boolean | null; delayMinutes?: number | null; reason: string },
): Promise<RepairOrder> {
  const actor = memberOf(ctx);
  const check = new InputCheck();
  const reason = check.required('input.reason', input.reason, 1000);
  if (!input.lines.length) check.add('input.lines', 'propose at least one line');
  if (input.delayMinutes != null && (!Number.isInteger(input.delayMinutes) || input.delayMinutes < 0)) check.add('input.delayMinutes', 'must be whole minutes ≥ 0');
  const lines = buildLines(check, 'input.lines', input.lines, actor.tenantId, input.id, {
    additional: true,
    safetyRelevant: !!input.safetyRelevant,
    delayMinutes: input.delayMinutes ?? 0,
  });
  check.done();
  return move(ctx, input, 'work', 'PROPOSE_ADDITIONAL_WORK', (order, tx) => {
    for (const l of lines) {
      if (l.kind === 'LABOUR') l.technicianId = order.technicianId;
      tx.em.persist(l);
    }
    return {
      reason,
      delayMinutes: input.delayMinutes ?? 0,
      safetyRelevant: !!input.safetyRelevant,
      proposedLines: lines.map((l) => ({ id: l.id, description: l.description, amountMinor: l.amountMinor })),
    };
  });
}

/**
 * The customer's answer to proposed additional work, per line — given in the shop or by phone
 * (recorded by staff), or through the tracking link. A decline is respected and recorded.
 */
export async function decideAdditionalWork(
  ctx: Ctx,
  input: { id: string; version: number; decisions: { lineId: string; approve: boolean }[] },
  decidedBy: string,
  action: Action | null = 'decideAdditionalWork',
): Promise<RepairOrder> {
  if (!input.decisions.length) throw DomainError.badInput([{ field: 'input.decisions', message: 'decide at least one line' }]);
  input.decisions.forEach((d, i) => assertId(`input.decisions[${i}].lineId`, d.lineId));
  return move(ctx, input, action ?? 'read', 'DECIDE_ADDITIONAL_WORK', async (order, tx) => {
    const pending = await tx.em.find(RepairOrderLine, { repairOrderId: order.id, additional: true, status: 'PROPOSED' });
    const byId = new Map(pending.map((l) => [l.id, l]));
    const unknown = input.decisions.filter((d) => !byId.has(d.lineId));
    if (unknown.length) throw DomainError.badInput([{ field: 'input.decisions', message: `${unknown.length} line(s) are not pending additional work of this order` }]);
    if (input.decisions.length !== pending.length) throw DomainError.badInput([{ field: 'input.decisions', message: `decide all ${pending.length} proposed line(s)` }]);
    const now = ctx.clock.now();
    for (const d of input.decisions) {
      const line = byId.get(d.lineId)!;
      advance(RepairLine, line, d.approve ? 'APPROVE' : 'DECLINE');
      Object.assign(line, { decidedAt: now, decidedBy });
    }
    const approved = input.decisions.filter((d) => d.approve).length;
    const delay = approved ? Math.max(...pending.filter((l) => l.status === 'APPROVED').map((l) => l.delayMinutes ?? 0)) : 0;
    if (delay && order.promisedAt) order.promisedAt = new Date(order.promisedAt.getTime() + delay * 60_000);
    return { approved, declined: input.decisions.length - approved, decidedBy, promisedAt: order.promisedAt?.toISOString() ?? null };
  });
}

export async function waitForParts(ctx: Ctx, input: { id: string; version: number; note: string }): Promise<RepairOrder> {
  const check = new InputCheck();
  const note = check.required('input.note', input.note, 500);
  check.done();
  return move(ctx, input, 'manageParts', 'WAIT_FOR_PARTS', () => ({ note }));
}

export async function partsArrived(ctx: Ctx, input: { id: string; version: number }): Promise<RepairOrder> {
  return move(ctx, input, 'manageParts', 'PARTS_ARRIVED');
}

/** Work done: open clocks are stopped and the order goes to the inspector. */
export async function finishWork(ctx: Ctx, input: { id: string; version: number }): Promise<RepairOrder> {
  return move(ctx, input, 'work', 'FINISH_WORK', async (order, tx) => {
    const now = ctx.clock.now();
    const open = await tx.em.find(RepairOrderLine, { repairOrderId: order.id, clockStartedAt: { $ne: null } });
    for (const l of open) {
      l.clockedMinutes += Math.max(0, Math.round((now.getTime() - l.clockStartedAt!.getTime()) / 60_000));
      l.clockStartedAt = null;
    }
  });
}

/** 竣工检验: a fail sends the order back to the workshop and counts as rework. */
export async function recordQc(ctx: Ctx, input: { id: string; version: number; passed: boolean; notes?: string | null }): Promise<RepairOrder> {
  const notes = input.notes?.trim() || null;
  if (!input.passed && !notes) throw DomainError.badInput([{ field: 'input.notes', message: 'say what failed' }]);
  return move(ctx, input, 'inspect', input.passed ? 'PASS_QC' : 'FAIL_QC', (order) => {
    if (!input.passed) order.reworkCount += 1;
    return { passed: input.passed, notes, inspector: ctx.principal?.displayName ?? null };
  });
}

/** 结算: totals per pay type; a discount needs the service admin. */
export async function settle(ctx: Ctx, input: { id: string; version: number; discountMinor?: string | null; paymentMethod: string }): Promise<RepairOrder> {
  const check = new InputCheck();
  const paymentMethod = check.required('input.paymentMethod', input.paymentMethod, 40);
  const discount = input.discountMinor ? check.minor('input.discountMinor', input.discountMinor) : 0n;
  check.done();
  return move(ctx, input, 'settle', 'SETTLE', async (order, tx) => {
    if (discount && discount > 0n && !ctx.ability.can('discount', asSubject('RepairOrder', order))) {
      throw DomainError.forbidden('A discount needs the service admin (业务主管).');
    }
    order.discountMinor = (discount ?? 0n).toString();
    const lines = await tx.em.find(RepairOrderLine, { repairOrderId: order.id });
    const totals = totalsOf(order, lines);
    order.paymentMethod = paymentMethod;
    return {
      paymentMethod,
      byPayType: Object.fromEntries(Object.entries(totals.byPayType).map(([k, v]) => [k, v.toString()])),
      discountMinor: totals.discount.toString(),
      customerPaysMinor: totals.customerPays.toString(),
    };
  });
}

export async function deliver(ctx: Ctx, input: { id: string; version: number; belongingsReturned: boolean; customerSigned: boolean }): Promise<RepairOrder> {
  const check = new InputCheck();
  if (!input.belongingsReturned) check.add('input.belongingsReturned', 'check the belongings back with the customer');
  if (!input.customerSigned) check.add('input.customerSigned', 'the customer signs the release note');
  check.done();
  return move(ctx, input, 'deliver', 'DELIVER', () => ({ belongingsReturned: true, customerSigned: true }));
}

export async function cancel(ctx: Ctx, input: { id: string; version: number; reason: string }): Promise<RepairOrder> {
  const check = new InputCheck();
  const reason = check.required('input.reason', input.reason, 500);
  check.done();
  return move(ctx, input, 'cancel', 'CANCEL', (order) => {
    order.cancelReason = reason;
    return { reason };
  });
}
