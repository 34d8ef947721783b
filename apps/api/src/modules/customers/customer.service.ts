import type { FilterQuery } from '@mikro-orm/postgresql';
import { accessibleWhere, asSubject } from '@asn/authz';
import { DomainError, ErrorCode, InputCheck, assertId, normalizePhone, normalizePlate, normalizeVin, uuidv7 } from '@asn/domain';
import { inTx, memberOf, type Ctx, type Tx } from '../../platform/context.js';
import { emptyConnection, paginate, type Connection } from '../../platform/graphql/common.js';
import { byKeys, loader } from '../../platform/loaders.js';
import { leanRows } from '../../platform/db/lean.js';
import { Customer, MeterReading, Vehicle, type UsageUnit } from './customer.entity.js';
import { scheduleMaintenanceReminder } from './customer.timers.js';

export interface VehicleData {
  vin: string;
  plate?: string | null;
  brand?: string | null;
  model?: string | null;
  usageUnit?: UsageUnit | null;
  currentMeter?: number | null;
  nextMaintenanceOn?: string | null;
  nextMaintenanceMeter?: number | null;
}

export function checkVehicle(check: InputCheck, field: string, v: VehicleData) {
  const vin = normalizeVin(v.vin ?? '');
  if (vin.length < 6 || vin.length > 30 || !/^[A-Z0-9-]+$/.test(vin))
    check.because(`${field}.vin`, 'NOT_A_VIN', { value: v.vin ?? '', min: 6, max: 30 }, `"${v.vin}" is not a VIN or serial number`);
  const meter = check.wholeNumber(`${field}.currentMeter`, v.currentMeter, 0, 'KM_OR_HOURS', false);
  const nextOn = check.day(`${field}.nextMaintenanceOn`, v.nextMaintenanceOn);
  return {
    vin,
    plate: v.plate ? normalizePlate(v.plate) : null,
    brand: v.brand?.trim() || null,
    model: v.model?.trim() || null,
    usageUnit: v.usageUnit ?? 'KM',
    currentMeter: meter,
    nextMaintenanceOn: nextOn ?? null,
    nextMaintenanceMeter: v.nextMaintenanceMeter ?? null,
  } satisfies Partial<Vehicle>;
}

export async function persistVehicle(tx: Tx, tenantId: string, customerId: string, data: ReturnType<typeof checkVehicle>): Promise<Vehicle> {
  const existing = await tx.em.findOne(Vehicle, { vin: data.vin });
  if (existing)
    throw DomainError.because(ErrorCode.CONFLICT, 'DUPLICATE', { what: 'VIN', value: data.vin }, `A vehicle with VIN ${data.vin} is already on file.`);
  const now = tx.ctx.clock.now();
  const vehicle = Object.assign(new Vehicle(), { id: uuidv7(), tenantId, customerId, ...data, createdAt: now, updatedAt: now });
  tx.em.persist(vehicle);
  await tx.em.flush(); // the reading references the vehicle (plain FK columns: no ORM ordering)
  // the meter on the file is the first point of the vehicle's usage history
  if (data.currentMeter != null)
    tx.em.persist(
      Object.assign(new MeterReading(), {
        id: uuidv7(),
        tenantId,
        vehicleId: vehicle.id,
        reading: data.currentMeter,
        source: 'CUSTOMER_FILE',
        recordedAt: now,
      }),
    );
  await tx.em.flush();
  await scheduleMaintenanceReminder(tx, vehicle);
  tx.record({ action: 'vehicle.created', entityType: 'Vehicle', entityId: vehicle.id, after: { ...data, customerId } });
  return vehicle;
}

export async function createCustomer(
  ctx: Ctx,
  input: { name: string; phone: string; company?: string | null; address?: string | null; notes?: string | null; vehicles?: VehicleData[] | null },
): Promise<Customer> {
  const actor = memberOf(ctx);
  const check = new InputCheck();
  const name = check.required('input.name', input.name, 80);
  const phone = normalizePhone(input.phone ?? '');
  if (!phone) check.because('input.phone', 'NOT_A_PHONE', { value: input.phone ?? '' }, `"${input.phone}" is not a phone number`);
  const vehicles = (input.vehicles ?? []).map((v, i) => checkVehicle(check, `input.vehicles[${i}]`, v));
  check.done();
  if (!ctx.ability.can('create', asSubject('Customer', { tenantId: actor.tenantId }))) throw DomainError.forbidden();
  return inTx(ctx, async (tx) => {
    const customer = await insertCustomer(tx, actor.tenantId, { name, phone: phone!, company: input.company, address: input.address, notes: input.notes });
    for (const v of vehicles) await persistVehicle(tx, actor.tenantId, customer.id, v);
    await tx.em.flush();
    return customer;
  });
}

/** Opens a customer file inside a transaction (inputs already checked; the phone normalised). */
export async function insertCustomer(
  tx: Tx,
  tenantId: string,
  c: { name: string; phone: string; company?: string | null; address?: string | null; notes?: string | null },
): Promise<Customer> {
  const now = tx.ctx.clock.now();
  const customer = Object.assign(new Customer(), {
    id: uuidv7(),
    tenantId,
    name: c.name,
    phone: c.phone,
    phoneLast4: c.phone.slice(-4),
    company: c.company?.trim() || null,
    address: c.address?.trim() || null,
    notes: c.notes?.trim() || null,
    createdAt: now,
    updatedAt: now,
  });
  tx.em.persist(customer);
  await tx.em.flush(); // vehicles reference the customer (plain FK columns: no ORM ordering)
  tx.record({ action: 'customer.created', entityType: 'Customer', entityId: customer.id, after: { name: c.name, company: customer.company } });
  return customer;
}

export async function addVehicle(ctx: Ctx, input: VehicleData & { customerId: string }): Promise<Vehicle> {
  const actor = memberOf(ctx);
  assertId('input.customerId', input.customerId);
  const check = new InputCheck();
  const data = checkVehicle(check, 'input', input);
  check.done();
  return inTx(ctx, async (tx) => {
    const customer = await tx.em.findOne(Customer, { id: input.customerId });
    if (!customer) throw DomainError.notFound('Customer');
    if (!ctx.ability.can('create', asSubject('Vehicle', { tenantId: customer.tenantId }))) throw DomainError.forbidden();
    const vehicle = await persistVehicle(tx, actor.tenantId, customer.id, data);
    await tx.em.flush();
    return vehicle;
  });
}

/**
 * "Starts with" as a range (p ≤ value < p with its last character incremented) on the "C"-collated
 * columns: plain comparisons are leakproof, so the planner can use the index under row-level
 * security, which it cannot for LIKE.
 */
function startsWith(p: string): { $gte: string; $lt: string } {
  const chars = [...p];
  const last = chars.pop()!;
  return { $gte: p, $lt: chars.join('') + String.fromCodePoint(last.codePointAt(0)! + 1) };
}

/**
 * Newest customers (at most 1 000) whose name may contain `q`: candidates by bigram, the caller
 * checks the exact text. Each bigram's frequency is counted only up to 5 001 (cheap even for one
 * that every name shares, like 公司 or 客户); the three rarest are intersected. When every bigram is
 * that common, the newest names holding all of them are taken, scanning from the newest.
 */
async function nameContains(tx: Tx, q: string): Promise<string[]> {
  const CAP = 5000;
  const chars = [...q.toLowerCase().replace(/\s+/g, '')];
  const grams = [...new Set(chars.slice(0, -1).map((c, i) => c + chars[i + 1]))];
  if (!grams.length || grams.length > 20) return [];
  const counts = await tx.em.execute<{ gram: string; n: number }[]>(
    `select q.gram, (select count(*) from (select 1 from customer_name_grams g where g.tenant_id = ? and g.gram = q.gram limit ${CAP + 1}) x)::int as n
       from (values ${grams.map(() => '(?::text)').join(', ')}) q(gram) order by n`,
    [tx.tenantId, ...grams],
  );
  if (!counts.length || counts[0]!.n === 0) return [];
  const use = counts[0]!.n <= CAP ? counts.slice(0, 3).map((c) => c.gram) : grams;
  const list = use.map(() => '?').join(', ');
  const rows = await tx.em.execute<{ customer_id: string }[]>(
    counts[0]!.n <= CAP
      ? `select customer_id from customer_name_grams where tenant_id = ? and gram in (${list})
          group by customer_id having count(*) = ? order by customer_id desc limit 1000`
      : `select g.customer_id from customer_name_grams g
          where g.tenant_id = ? and g.gram = ?
            and (select count(*) from customer_name_grams h where h.tenant_id = g.tenant_id and h.customer_id = g.customer_id and h.gram in (${list})) = ?
          order by g.customer_id desc limit 1000`,
    counts[0]!.n <= CAP ? [tx.tenantId, ...use, use.length] : [tx.tenantId, counts[0]!.gram, ...use, use.length],
  );
  return rows.map((r) => r.customer_id);
}

/**
 * Finds customers by what the service desk has at hand: the last four digits or the beginning of
 * a phone number, the beginning of a plate or VIN, or any part of the name of two characters or
 * more (bigram table; one character matches the start of the name, surname first). Each branch is served by an index that leads with the tenant;
 * see `pnpm --filter @asn/api bench:search` for the figures on 100 000 customers.
 */
export async function searchCustomers(ctx: Ctx, args: { search?: string | null; first?: number | null; after?: string | null }): Promise<Connection<Customer>> {
  const where = accessibleWhere(ctx.ability, 'read', 'Customer');
  if (!where) return emptyConnection();
  const q = args.search?.trim() ?? '';
  return inTx(ctx, async (tx) => {
    if (!q) return paginate(tx.em, Customer, where as FilterQuery<Customer>, { ...args, newestFirst: true }, (c) => c);
    const or: FilterQuery<Customer>[] = [];
    const digits = normalizePhone(q) ?? (/^\d{3,}$/.test(q) ? q : null);
    if (digits) {
      or.push(digits.length === 4 ? { phoneLast4: digits } : { phone: startsWith(digits) });
    } else {
      or.push({ name: startsWith(q) });
      // plates (沪A…) and VIN/serial fragments are not names: no bigram lookup for them
      const plateOrSerial = /^[\u4e00-\u9fff][A-Za-z]/.test(q) || (/\d/.test(q) && /^[A-Za-z0-9-]+$/.test(q));
      const contains = plateOrSerial ? [] : await nameContains(tx, q);
      if (contains.length) or.push({ id: { $in: contains }, name: { $ilike: `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` } });
      const key = normalizeVin(q);
      if (key.length >= 2) {
        const vehicles = await tx.em.find(
          Vehicle,
          { $or: [{ plate: startsWith(normalizePlate(q)) }, { vin: startsWith(key) }] },
          { fields: ['customerId'], limit: 200 },
        );
        if (vehicles.length) or.push({ id: { $in: [...new Set(vehicles.map((v) => v.customerId))] } });
      }
    }
    return paginate<Customer, Customer>(tx.em, Customer, { $and: [where, { $or: or }] }, { ...args, newestFirst: true }, (c) => c);
  });
}

export async function getCustomer(ctx: Ctx, id: string): Promise<Customer> {
  assertId('id', id);
  const c = await inTx(ctx, (tx) => tx.em.findOne(Customer, { id }));
  if (!c || !ctx.ability.can('read', asSubject('Customer', c))) throw DomainError.notFound('Customer');
  return c;
}

export async function getVehicle(ctx: Ctx, id: string): Promise<Vehicle> {
  assertId('id', id);
  const v = await inTx(ctx, (tx) => tx.em.findOne(Vehicle, { id }));
  if (!v || !ctx.ability.can('read', asSubject('Vehicle', v))) throw DomainError.notFound('Vehicle');
  return v;
}

/** Vehicles per customer, batched across a whole response. */
export function vehiclesByCustomer(ctx: Ctx) {
  return loader<string, Vehicle[]>(ctx, 'vehiclesByCustomer', async (ids) =>
    inTx(ctx, async (tx) => {
      const rows = await tx.em.find(Vehicle, { customerId: { $in: [...ids] } }, { orderBy: { id: 'asc' } });
      return ids.map((id) => rows.filter((v) => v.customerId === id));
    }),
  );
}

export function customerById(ctx: Ctx) {
  return loader<string, Customer>(ctx, 'customerById', async (ids) => leanRows(ctx, Customer, 'id', ids).then((rows) => byKeys(ids, rows, (c) => c.id)));
}

export function vehicleById(ctx: Ctx) {
  return loader<string, Vehicle>(ctx, 'vehicleById', async (ids) => leanRows(ctx, Vehicle, 'id', ids).then((rows) => byKeys(ids, rows, (v) => v.id)));
}

/** The phone an SMS to a customer goes to (null when the file is not found), inside a transaction. */
export async function customerPhone(tx: Tx, customerId: string): Promise<string | null> {
  const c = await tx.em.findOne(Customer, { id: customerId });
  return c?.phone ?? null;
}
