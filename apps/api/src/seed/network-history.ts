import type pg from 'pg';
import { addDays } from '@asn/domain';
import { createCtx, inTx, type AppServices } from '../platform/context.js';
import { refreshFigures } from '../modules/network-figures/figures.refresh.js';

/**
 * A network's past, written straight into the tables (owner connection) so the figures have a
 * history: delivered repair orders with their lines, follow-up calls, ratings and surveys,
 * warranty claims (some rejected, by reason), complaints, and parts orders placed with a supplier
 * (some backordered, some emergency, a few counted in short) — per dealer, per day, deterministic
 * (the same options give the same rows). Used by the demo seed (a few orders a day) and by
 * `bench:network` (a hundred dealers, a year, about a million orders).
 */
export interface HistoryDealer {
  id: string;
  /** The manufacturer its claims go to and the region its claims carry. */
  manufacturerId: string;
  region: string | null;
  brands: readonly string[];
}

export interface HistoryOptions {
  dealers: readonly HistoryDealer[];
  /** First local day (Asia/Shanghai) and how many days. */
  from: string;
  days: number;
  ordersPerDay: number;
  /** Varies the dice per dealer (a dealer's own quality level). */
  seed?: number;
  /** Skip the figures triggers while writing (a bulk load refreshes every day afterwards anyway). */
  bulk?: boolean;
  /** Recompute the figures of every day written (default); false leaves it to the refresh jobs the triggers planned. */
  refresh?: boolean;
  /** The parts supplier the dealers order from (a supply agreement with their manufacturer); none: no parts orders. */
  supplierId?: string | null;
  /** Parts orders a dealer places a day (default: a ninth of its repair orders, at least one). */
  partsOrdersPerDay?: number;
}

const OPERATIONS = ['HY-0301', 'EL-0101', 'GEN-0001', 'MT-0100', 'BR-0200', 'EN-0400'];
const REASONS = ['NOT_COVERED', 'OUTSIDE_WARRANTY', 'LABOUR_OVER_STANDARD', 'PRICE_OVER_LIST', 'INSUFFICIENT_EVIDENCE', 'MISUSE', 'LATE_FILING'];
const INDICATORS = ['STAFF_ATTITUDE', 'STAFF_REPLY_SPEED', 'REPAIR_EQUIPMENT', 'REPAIR_TIMELINESS', 'REPAIR_FIRST_TIME'];
/** The history's vehicles' models (loaders, excavators). */
const MODELS = ['ZL50GN', 'LG855N', 'XE215D', 'SY75C', 'CLG856H'];
const PARTS = ['HP-100', 'SEAL-7', 'HOSE-2', 'FLT-0401', 'BRK-0220', 'ELC-0310'];

/**
 * One dealer's parts orders with the supplier: three lines each, confirmed within hours; about one
 * line in twelve backordered (shipped 1–7 days after the rest); one order in ten EMERGENCY (24 h
 * promise, a few broken); every shipment counted in the next day, ~1.5 % of its lines with a discrepancy.
 */
async function partsHistory(db: pg.ClientBase, d: HistoryDealer, o: HistoryOptions, supplierId: string, q: number): Promise<void> {
  const perDay = o.partsOrdersPerDay ?? Math.max(1, Math.round(o.ordersPerDay / 9));
  // the seller's shipment numbers are unique across its buyers: the dealer's random id tail, not its time-ordered head
  const prefix = `HIS-PO-${d.id.replace(/-/g, '').slice(-10).toUpperCase()}${o.seed ?? 1}-`;
  await db.query(
    `with g as (
       select day, k, abs(hashtext($2 || 'po:' || day || ':' || k)) as h
         from generate_series(0, $4::int - 1) day, generate_series(1, $5::int) k
     ), o as (
       select g.*, (($3::date + day)::timestamp + interval '8 hours' + (h % 540) * interval '1 minute') at time zone 'Asia/Shanghai' as submitted,
              case when h % 10 = 0 then 'EMERGENCY' else 'STOCK' end as type
         from g
     )
     insert into parts_orders (id, tenant_id, seller_id, number, type, status, total_minor, submitted_at, promise_due_at,
                               promise_broken_at, confirmed_at, created_at, updated_at)
     select gen_random_uuid(), $1::uuid, $6::uuid, $7 || lpad((o.day * $5 + o.k)::text, 7, '0'), o.type, 'CLOSED', 0, o.submitted,
            case when o.type = 'EMERGENCY' then o.submitted + interval '24 hours' end,
            case when o.type = 'EMERGENCY' and (o.h / 10) % 100 < 6 + $8::int then o.submitted + interval '24 hours' end,
            o.submitted + ((20 + o.h % 160) * interval '1 minute'), o.submitted, o.submitted
       from o`,
    [d.id, prefix, o.from, o.days, perDay, supplierId, prefix, q],
  );
  // lines: a stock order's line backordered when its dice say so (the rest allocated in full at the first pass)
  await db.query(
    `with r as (select id, number, type, confirmed_at from parts_orders where tenant_id = $1 and number like $3 || '%'),
     l as (select r.*, pos, abs(hashtext(r.number || ':' || pos)) as h from r, generate_series(1, 3) pos)
     insert into parts_order_lines (id, tenant_id, seller_id, parts_order_id, position, part_number, ordered_number, description,
                                    unit_price_minor, ordered, shipped, allocated_first, backordered_at)
     select gen_random_uuid(), $1::uuid, $2::uuid, l.id, l.pos, ($4::text[])[1 + l.h % cardinality($4::text[])], ($4::text[])[1 + l.h % cardinality($4::text[])],
            '配件', 3000 + (l.h % 40) * 1000, 1 + l.h % 4, 1 + l.h % 4,
            case when l.type = 'STOCK' and (l.h / 7) % 100 < 6 + $5::int / 2 then 0 else 1 + l.h % 4 end,
            case when l.type = 'STOCK' and (l.h / 7) % 100 < 6 + $5::int / 2 then l.confirmed_at end
       from l`,
    [d.id, supplierId, prefix, PARTS, q],
  );
  // shipments: the first within hours (an emergency one before its promise unless broken), the backorders 1–7 days later
  await db.query(
    `with r as (
       select o.id, o.number, o.type, o.confirmed_at, o.promise_broken_at, abs(hashtext(o.number || 's')) as h,
              exists (select 1 from parts_order_lines l where l.parts_order_id = o.id and l.backordered_at is not null) as bo
         from parts_orders o where o.tenant_id = $1 and o.number like $3 || '%'
     ), s as (
       select r.*, case when r.type = 'EMERGENCY' and r.promise_broken_at is not null then r.confirmed_at + ((26 + r.h % 12) * interval '1 hour')
                        when r.type = 'EMERGENCY' then r.confirmed_at + ((2 + r.h % 18) * interval '1 hour')
                        else r.confirmed_at + ((2 + r.h % 30) * interval '1 hour') end as first_at
         from r
     )
     insert into parts_shipments (id, tenant_id, seller_id, parts_order_id, number, shipped_at, received_at)
     select gen_random_uuid(), $1::uuid, $2::uuid, s.id, 'S' || s.number || '-1', s.first_at, s.first_at + interval '1 day' from s
     union all
     select gen_random_uuid(), $1::uuid, $2::uuid, s.id, 'S' || s.number || '-2', s.first_at + ((1 + s.h % 7) * interval '1 day'),
            s.first_at + ((2 + s.h % 7) * interval '1 day') from s where s.bo`,
    [d.id, supplierId, prefix],
  );
  await db.query(
    `insert into parts_shipment_lines (id, tenant_id, seller_id, shipment_id, order_line_id, part_number, quantity, received, accepted, rejected)
     select gen_random_uuid(), $1::uuid, $2::uuid, s.id, l.id, l.part_number, l.ordered, l.ordered,
            l.ordered - case when abs(hashtext(l.id::text)) % 1000 < 15 then 1 else 0 end,
            case when abs(hashtext(l.id::text)) % 1000 < 15 then 1 else 0 end
       from parts_orders o join parts_order_lines l on l.parts_order_id = o.id
       join parts_shipments s on s.parts_order_id = o.id and s.number = 'S' || o.number || case when l.backordered_at is null then '-1' else '-2' end
      where o.tenant_id = $1 and o.number like $3 || '%'`,
    [d.id, supplierId, prefix],
  );
  await db.query(
    `insert into parts_discrepancies (id, tenant_id, seller_id, parts_order_id, shipment_line_id, part_number, reason, quantity, status, created_at)
     select gen_random_uuid(), $1::uuid, $2::uuid, s.parts_order_id, sl.id, sl.part_number, 'DAMAGED', sl.rejected, 'CREDITED', s.received_at
       from parts_shipments s join parts_shipment_lines sl on sl.shipment_id = s.id
      where s.tenant_id = $1 and s.number like 'S' || $3 || '%' and sl.rejected > 0`,
    [d.id, supplierId, prefix],
  );
  await db.query(
    `update parts_orders o set shipped_at = x.shipped, received_at = x.received, closed_at = x.received,
                               total_minor = (select sum(l.unit_price_minor * l.ordered) from parts_order_lines l where l.parts_order_id = o.id)
       from (select parts_order_id, max(shipped_at) as shipped, max(received_at) as received from parts_shipments
              where tenant_id = $1 and number like 'S' || $2 || '%' group by parts_order_id) x
      where x.parts_order_id = o.id`,
    [d.id, prefix],
  );
}

/** Writes one dealer's history; returns the number of repair orders written. */
async function dealerHistory(db: pg.ClientBase, d: HistoryDealer, o: HistoryOptions, n: number): Promise<number> {
  const salt = `${o.seed ?? 1}:${n}:`;
  const vehicles = Math.max(40, o.ordersPerDay * 25);
  // a batch's own numbers (a later batch for the same dealer writes new ones): the dealer and the seed
  const tag = `${d.id.slice(0, 8).toUpperCase()}${o.seed ?? 1}`;
  // the history's vehicles are known by their VIN's prefix HIS (their models are real ones: ZL50GN, LG855N…)
  const existing = await db.query(`select 1 from vehicles where tenant_id = $1 and vin like 'HIS%' limit 1`, [d.id]);
  // a dealer's own quality: 0..9 shifts its rework, rejection and satisfaction rates
  const q = (n * 7 + (o.seed ?? 1)) % 10;
  const base = [d.id, salt, o.from, o.days, o.ordersPerDay, vehicles, tag, q];
  if (!existing.rowCount)
    await db.query(
      `insert into customers (id, tenant_id, name, phone, phone_last4)
     select gen_random_uuid(), $1, '历史客户' || i, '139' || lpad((i + abs(hashtext($2)) % 1000)::text, 8, '0'),
            right(lpad((i + abs(hashtext($2)) % 1000)::text, 8, '0'), 4)
       from generate_series(1, $3::int) i`,
      [d.id, salt, vehicles],
    );
  if (!existing.rowCount)
    await db.query(
      `insert into vehicles (id, tenant_id, customer_id, vin, brand, model)
     select gen_random_uuid(), c.tenant_id, c.id, 'HIS' || $2 || lpad(row_number() over (order by c.id)::text, 9, '0'),
            ($3::text[])[1 + (row_number() over (order by c.id))::int % cardinality($3::text[])],
            ($4::text[])[1 + (row_number() over (order by c.id))::int % cardinality($4::text[])]
       from customers c where c.tenant_id = $1 and c.name like '历史客户%'
        and not exists (select 1 from vehicles v where v.customer_id = c.id)`,
      [d.id, tag, d.brands.length ? d.brands : [''], MODELS],
    );
  // the orders: checked in during the day, delivered 2 hours to 3 days later
  const orders = await db.query(
    `with v as (select id, customer_id, row_number() over (order by id) as i from vehicles where tenant_id = $1 and vin like 'HIS%'),
     g as (
       select day, k, abs(hashtext($2 || day || ':' || k)) as h
         from generate_series(0, $4::int - 1) day, generate_series(1, $5::int) k
     ),
     o as (
       select g.*, (($3::date + day)::timestamp + interval '8 hours' + (h % 540) * interval '1 minute') at time zone 'Asia/Shanghai' as checked_in
         from g
     )
     insert into repair_orders (id, tenant_id, number, customer_id, vehicle_id, status, complaint, on_site, check_in, diagnosis,
                                rework_count, technician_id, created_at, updated_at, delivered_at)
     select gen_random_uuid(), $1, 'HIS-' || $7 || '-' || lpad((o.day * $5 + o.k)::text, 7, '0'), v.customer_id, v.id, 'DELIVERED',
            '定期保养及故障检修', (o.h % 23 = 0),
            jsonb_build_object('at', o.checked_in, 'meter', 1000 + o.h % 90000, 'customerSigned', (o.h % 31 <> 0),
                               'fuelEighths', 4, 'belongings', '[]'::jsonb, 'documents', '[]'::jsonb, 'keyTag', null, 'damageNotes', null),
            case when o.h % 17 = 0 then null else jsonb_build_object('findings', '[]'::jsonb, 'summary', '检测完成', 'at', o.checked_in, 'by', '技师') end,
            case when (o.h / 7) % 100 < 3 + $8::int then 1 else 0 end,
            (select id from users where tenant_id = $1 order by id limit 1),
            o.checked_in, o.checked_in,
            o.checked_in + ((120 + (o.h / 13) % 4200) * interval '1 minute')
       from o join v on v.i = 1 + (o.h / 3) % $6::int`,
    base.slice(0, 8),
  );
  // one labour and one part line each, one pay type per order
  await db.query(
    `with r as (select id, abs(hashtext(number)) as h from repair_orders where tenant_id = $1 and number like 'HIS-' || $2 || '-%'),
     p as (select id, h, case when h % 100 < 58 then 'CUSTOMER' when h % 100 < 83 then 'WARRANTY' when h % 100 < 90 then 'CONTRACT'
                              when h % 100 < 95 then 'GOODWILL' else 'INTERNAL' end as pay,
                  ($3::text[])[1 + (h / 100) % cardinality($3::text[])] as op from r)
     insert into repair_order_lines (id, tenant_id, repair_order_id, kind, description, operation_code, hours_milli, rate_minor,
                                     part_number, quantity_milli, unit_price_minor, source, pay_type, amount_minor, status,
                                     technician_id, clocked_minutes)
     select gen_random_uuid(), $1, p.id, 'LABOUR', '维修工时', p.op, 1500, 12000, null, null, null, null, p.pay, 18000, 'APPROVED',
            case when p.h % 19 = 0 then null else (select id from users where tenant_id = $1 order by id limit 1) end, 60 + p.h % 120
       from p
     union all
     select gen_random_uuid(), $1, p.id, 'PART', '配件', null, null, null, 'P-' || p.op, 1000, 20000 + (p.h % 50) * 1000, 'OEM', p.pay,
            20000 + (p.h % 50) * 1000, 'APPROVED', null, 0
       from p`,
    [d.id, tag, OPERATIONS],
  );
  // fresh rows: the planner needs their statistics before the statements that join them
  await db.query(`analyze repair_orders, repair_order_lines, vehicles`);
  // follow-up calls after warranty work (a few never reached), answers and stars
  await db.query(
    `insert into follow_ups (id, tenant_id, repair_order_id, customer_id, call_no, due_at, status, reached, satisfaction, done_at)
     select gen_random_uuid(), r.tenant_id, r.id, r.customer_id, 1, r.delivered_at + interval '3 days',
            'DONE', (abs(hashtext(r.number || 'f')) % 100 >= 4 + $3::int / 3),
            case when abs(hashtext(r.number || 's')) % 100 < 1 + $3::int / 2 then 3 when abs(hashtext(r.number || 's')) % 100 < 20 then 4 else 5 end,
            r.delivered_at + interval '3 days' + interval '2 hours'
       from repair_orders r
      where r.tenant_id = $1 and r.number like 'HIS-' || $2 || '-%'
        and exists (select 1 from repair_order_lines l where l.tenant_id = r.tenant_id and l.repair_order_id = r.id and l.pay_type = 'WARRANTY')`,
    [d.id, tag, q],
  );
  await db.query(
    `insert into repair_order_ratings (id, tenant_id, repair_order_id, stars, created_at)
     select gen_random_uuid(), r.tenant_id, r.id, case when abs(hashtext(r.number || 'r')) % 100 < 2 + $3::int / 3 then 2 else 5 end,
            r.delivered_at + interval '5 hours'
       from repair_orders r where r.tenant_id = $1 and r.number like 'HIS-' || $2 || '-%' and abs(hashtext(r.number)) % 10 < 3`,
    [d.id, tag, q],
  );
  await db.query(
    `insert into satisfaction_surveys (id, tenant_id, repair_order_id, channel, answers, answered_at)
     select gen_random_uuid(), r.tenant_id, r.id, 'FOLLOW_UP_CALL',
            (select jsonb_agg(jsonb_build_object('indicator', i, 'expected', 4 + abs(hashtext(r.number || i)) % 2,
                                                 'actual', 3 + abs(hashtext(r.number || i || 'a')) % 3)) from unnest($3::text[]) i),
            r.delivered_at + interval '3 days'
       from repair_orders r where r.tenant_id = $1 and r.number like 'HIS-' || $2 || '-%' and abs(hashtext(r.number)) % 10 = 5`,
    [d.id, tag, INDICATORS],
  );
  // a warranty claim for warranty work: submitted the next day, decided two days later
  await db.query(
    `insert into warranty_claims (id, tenant_id, manufacturer_id, number, type, status, repair_order_id, region, vin, brand, meter,
                                  failure_date, repair_date, complaint, cause, correction, causal_part_number, currency,
                                  claimed_minor, approved_minor, reason_code, submitted_at, decided_at, created_at, updated_at)
     select gen_random_uuid(), r.tenant_id, $3, 'HIS-WC-' || $2 || '-' || substr(r.number, length(r.number) - 6), 'STANDARD',
            case when abs(hashtext(r.number || 'c')) % 100 < 8 + $5::int then 'REJECTED' else 'APPROVED' end,
            r.id, $4, v.vin, v.brand, (r.check_in->>'meter')::int,
            (r.delivered_at at time zone 'Asia/Shanghai')::date, (r.delivered_at at time zone 'Asia/Shanghai')::date,
            '故障', '零件失效', '更换', 'P-HIS', 'CNY', 38000,
            case when abs(hashtext(r.number || 'c')) % 100 < 8 + $5::int then null else 36000 end,
            case when abs(hashtext(r.number || 'c')) % 100 < 8 + $5::int then ($6::text[])[1 + abs(hashtext(r.number || 'x')) % cardinality($6::text[])] end,
            r.delivered_at + interval '1 day', r.delivered_at + interval '1 day' + ((600 + abs(hashtext(r.number || 't')) % 4000) * interval '1 minute'),
            r.delivered_at + interval '1 day', r.delivered_at + interval '3 days'
       from repair_orders r join vehicles v on v.id = r.vehicle_id
      where r.tenant_id = $1 and r.number like 'HIS-' || $2 || '-%'
        and exists (select 1 from repair_order_lines l where l.tenant_id = r.tenant_id and l.repair_order_id = r.id and l.pay_type = 'WARRANTY')`,
    [d.id, tag, d.manufacturerId, d.region, q, REASONS],
  );
  // complaints about 2 % of the orders: acknowledged within hours, resolved within days, some escalated
  await db.query(
    `insert into complaints (id, tenant_id, number, channel, status, customer_id, repair_order_id, description, category, severity,
                             vehicle_id, vin, received_at, clock_from, ack_due_at, resolve_due_at, escalate2_at, acknowledged_at,
                             escalation_level, escalated_at, resolved_at, resolution, created_at, updated_at)
     select gen_random_uuid(), r.tenant_id, 'HIS-CP-' || $2 || '-' || substr(r.number, length(r.number) - 6), 'PHONE', 'RESOLVED',
            r.customer_id, r.id, '对维修质量不满意', 'SERVICE_QUALITY', 'MINOR', r.vehicle_id, v.vin,
            r.delivered_at + interval '2 days', r.delivered_at + interval '2 days',
            r.delivered_at + interval '3 days', r.delivered_at + interval '4 days', r.delivered_at + interval '6 days',
            r.delivered_at + interval '2 days' + ((30 + abs(hashtext(r.number || 'k')) % 600) * interval '1 minute'),
            case when abs(hashtext(r.number || 'e')) % 5 = 0 then 1 else 0 end,
            case when abs(hashtext(r.number || 'e')) % 5 = 0 then r.delivered_at + interval '4 days' end,
            r.delivered_at + interval '3 days' + ((abs(hashtext(r.number || 'z')) % 3000) * interval '1 minute'), '已返修并致歉',
            r.delivered_at + interval '2 days', r.delivered_at + interval '5 days'
       from repair_orders r join vehicles v on v.id = r.vehicle_id
      where r.tenant_id = $1 and r.number like 'HIS-' || $2 || '-%' and abs(hashtext(r.number || 'p')) % 100 < 1 + $3::int / 3`,
    [d.id, tag, q],
  );
  if (o.supplierId) await partsHistory(db, d, o, o.supplierId, q);
  return orders.rowCount ?? 0;
}

/** Writes the history of every dealer (owner connection), then brings their figures up to date. */
export async function writeNetworkHistory(services: AppServices, db: pg.ClientBase, o: HistoryOptions): Promise<{ orders: number }> {
  if (o.bulk) await db.query(`set session_replication_role = replica`);
  let orders = 0;
  try {
    for (const [n, d] of o.dealers.entries()) orders += await dealerHistory(db, d, o, n);
  } finally {
    if (o.bulk) await db.query(`set session_replication_role = origin`);
  }
  if (o.refresh === false) return { orders };
  const days: string[] = [];
  for (let i = 0; i < o.days + 8; i++) days.push(addDays(o.from, i));
  await refreshDays(services, [...o.dealers.map((d) => d.id), ...(o.supplierId ? [o.supplierId] : [])], days);
  return { orders };
}

/** Recomputes the named days of each tenant (a backfill), in rounds of at most 400 days. */
export async function refreshDays(services: AppServices, tenantIds: readonly string[], days: readonly string[]): Promise<void> {
  const system = createCtx(services, { type: 'anonymous' }, null);
  for (const tenantId of tenantIds) {
    for (let i = 0; i < days.length; i += 400) {
      await inTx(system, (tx) => refreshFigures(tx, days.slice(i, i + 400)), { tenantId });
    }
  }
}
