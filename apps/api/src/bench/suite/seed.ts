/**
 * The benchmark's dataset, seeded straight into the tables (as the owner) on top of the demo
 * network: warranty claims with two lines each, in every state, over the demo dealers of OEM-HY,
 * and repair orders with two lines each over customers and vehicles of those dealers. Each run adds
 * fresh draft claims for the write benchmark to submit.
 */
import type pg from 'pg';

/** Inserts `n` claims numbered `WB-0000001`… (two lines each) over OEM-HY's dealers. */
export async function seedClaims(owner: pg.Client, n: number): Promise<void> {
  const oem = (await owner.query<{ id: string }>(`select id from tenants where code = 'OEM-HY'`)).rows[0]!.id;
  const dealers = (
    await owner.query<{ id: string; region: string }>(
      `select t.id, r.region from tenants t join relationships r on r.to_tenant_id = t.id and r.kind = 'DEALER_AUTHORIZATION' where t.code like 'DLR-%' order by t.code`,
    )
  ).rows;
  await owner.query(
    `insert into warranty_claims (id, tenant_id, manufacturer_id, number, type, status, region, vin, brand, meter, failure_date, repair_date,
       complaint, cause, correction, causal_part_number, causal_component_group, currency, claimed_minor, approved_minor, findings, finding_codes,
       submitted_at, review_due_at, decided_at, created_at)
     select gen_random_uuid(), d.id, $1, 'WB-' || lpad(i::text, 7, '0'), 'STANDARD',
            (array['UNDER_REVIEW','UNDER_REVIEW','APPROVED','PARTIALLY_APPROVED','REJECTED','NEEDS_INFO','CREDITED','PARTS_RETURN_REQUESTED','DRAFT','CREDITED'])[1 + i % 10],
            d.region, 'LBENCH' || lpad((i % greatest($2 / 3, 1))::text, 11, '0'), '华岳装载机', 100 + i % 4000,
            date '2026-01-01' + (i % 300), date '2026-01-01' + (i % 300), '故障', '原因', '处理', 'ALT-12', 'ELECTRICAL', 'CNY', 132000,
            case when i % 10 in (2, 3, 6, 9) then 120000 end,
            case when i % 7 = 0 then '[{"code":"LABOUR_OVER_STANDARD","message":"x","evidence":{}}]'::jsonb else '[]'::jsonb end,
            case when i % 7 = 0 then '{LABOUR_OVER_STANDARD}'::text[] else '{}' end,
            case when i % 10 <> 8 then now() - make_interval(hours => i % 2000) end,
            case when i % 10 <> 8 then now() - make_interval(hours => i % 2000) + interval '24 hours' end,
            case when i % 10 in (2, 3, 4, 6, 7, 9) then now() - make_interval(hours => i % 1000) end, now() - make_interval(hours => i % 2000)
       from generate_series(1, $2) i
       join lateral (select * from (values ($3::uuid, $4::text), ($5::uuid, $6::text), ($7::uuid, $8::text)) v(id, region) offset i % 3 limit 1) d on true`,
    [oem, n, dealers[0]!.id, dealers[0]!.region, dealers[1]!.id, dealers[1]!.region, dealers[2]!.id, dealers[2]!.region],
  );
  await owner.query(
    `insert into warranty_claim_lines (id, tenant_id, manufacturer_id, claim_id, position, kind, description, operation_code, hours_milli, standard_hours_milli, rate_minor, amount_minor)
     select gen_random_uuid(), c.tenant_id, c.manufacturer_id, c.id, p, 'LABOUR', '更换发电机', 'EL-0101', 1000, 1000, 12000, 12000
       from warranty_claims c cross join generate_series(1, 2) p where c.number like 'WB-%'`,
  );
  // the second line of claims waiting for parts (10 %) is a part on its way back; of credited ones (20 %), an inspected part
  await owner.query(
    `update warranty_claim_lines l set kind = 'PART', part_number = 'ALT-12', operation_code = null, hours_milli = null, standard_hours_milli = null,
            rate_minor = null, quantity_milli = 1000, unit_price_minor = 12000, tag_code = 'BENCH-' || c.number || '-02',
            return_status = case when c.status = 'CREDITED' then 'INSPECTED' else (array['REQUESTED','SHIPPED','RECEIVED'])[1 + (hashtext(c.number) & 65535) % 3] end,
            inspection_result = case when c.status = 'CREDITED' then 'CONFIRMED' end,
            inspected_at = case when c.status = 'CREDITED' then now() end
       from warranty_claims c
      where c.id = l.claim_id and l.position = 2 and c.number like 'WB-%' and c.status in ('PARTS_RETURN_REQUESTED', 'CREDITED')`,
  );
}

/**
 * Inserts `n` fresh draft claims of one dealer (numbered `<prefix>-00001`…, two labour lines each)
 * with every kind of evidence a policy may ask for (a one-byte file each), for the write benchmark
 * to submit: each run brings its own, since a submitted draft is gone.
 */
export async function seedDrafts(owner: pg.Client, dealerId: string, n: number, prefix: string): Promise<{ id: string; version: number }[]> {
  const { rows } = await owner.query(
    `insert into warranty_claims (id, tenant_id, manufacturer_id, number, type, status, region, vin, brand, meter, failure_date, repair_date,
       complaint, cause, correction, causal_part_number, causal_component_group, currency, claimed_minor, findings, finding_codes, created_at)
     select gen_random_uuid(), $1, r.from_tenant_id, $3 || '-' || lpad(i::text, 5, '0'), 'STANDARD', 'DRAFT', r.region,
            'LBENCH' || lpad((i % 1000)::text, 11, '0'), '华岳装载机', 100 + i % 4000, date '2026-06-01', date '2026-06-01',
            '故障', '原因', '处理', 'ALT-12', 'ELECTRICAL', 'CNY', 24000, '[]'::jsonb, '{}', now()
       from generate_series(1, $2) i
       join relationships r on r.to_tenant_id = $1 and r.kind = 'DEALER_AUTHORIZATION'
     returning id, version`,
    [dealerId, n, prefix],
  );
  await owner.query(
    `insert into warranty_claim_lines (id, tenant_id, manufacturer_id, claim_id, position, kind, description, operation_code, hours_milli, standard_hours_milli, rate_minor, amount_minor)
     select gen_random_uuid(), c.tenant_id, c.manufacturer_id, c.id, p, 'LABOUR', '更换发电机', 'EL-0101', 1000, 1000, 12000, 12000
       from warranty_claims c cross join generate_series(1, 2) p where c.number like $1 || '-%'`,
    [prefix],
  );
  await owner.query(
    `insert into attachments (id, tenant_id, owner_type, owner_id, file_name, content_type, size_bytes, sha256, content, uploaded_by, evidence_kind)
     select gen_random_uuid(), c.tenant_id, 'WarrantyClaim', c.id, lower(k) || '.png', 'image/png', 1, encode(sha256('\\x00'::bytea), 'hex'), '\\x00'::bytea,
            (select u.id from users u where u.tenant_id = c.tenant_id order by u.created_at limit 1), k
       from warranty_claims c cross join unnest(array['FAILURE_PHOTO','METER_PHOTO','DIAGNOSIS_REPORT','PART_TAG_PHOTO']) k
      where c.number like $1 || '-%'`,
    [prefix],
  );
  return rows as { id: string; version: number }[];
}

/** Inserts `n` repair orders numbered `RB-0000001`… (two lines each) over the same dealers, 1,000 customers each. */
export async function seedRepairOrders(owner: pg.Client, n: number): Promise<void> {
  const dealers = (await owner.query<{ id: string }>(`select id from tenants where code like 'DLR-%' order by code`)).rows.map((r) => r.id);
  const perDealer = 1000;
  await owner.query(
    `insert into customers (id, tenant_id, name, phone, phone_last4)
     select gen_random_uuid(), d, '压测客户' || i, '139' || lpad(i::text, 8, '0'), right(lpad(i::text, 8, '0'), 4)
       from unnest($1::uuid[]) d cross join generate_series(1, $2) i`,
    [dealers, perDealer],
  );
  await owner.query(
    `insert into vehicles (id, tenant_id, customer_id, vin, plate, brand, model)
     select gen_random_uuid(), c.tenant_id, c.id, 'LRBENCH' || lpad(substr(c.phone, 4)::text, 10, '0'), '沪B' || right(c.phone, 5), '华岳', 'HY-50'
       from customers c where c.name like '压测客户%'`,
  );
  await owner.query(
    `with v as (select v.*, row_number() over (order by v.tenant_id, v.id) - 1 as k, count(*) over () as total from vehicles v where v.vin like 'LRBENCH%')
     insert into repair_orders (id, tenant_id, number, customer_id, vehicle_id, status, complaint, currency, created_at)
     select gen_random_uuid(), v.tenant_id, 'RB-' || lpad(i::text, 7, '0'), v.customer_id, v.id,
            (array['APPOINTED','CHECKED_IN','DIAGNOSED','ESTIMATED','APPROVED','IN_PROGRESS','QC','READY','DELIVERED','DELIVERED'])[1 + i % 10],
            '异响', 'CNY', now() - make_interval(mins => i)
       from generate_series(1, $1) i join v on v.k = i % v.total`,
    [n],
  );
  await owner.query(
    `insert into repair_order_lines (id, tenant_id, repair_order_id, kind, description, operation_code, hours_milli, rate_minor, part_number, quantity_milli, unit_price_minor, source, pay_type, amount_minor, status)
     select gen_random_uuid(), o.tenant_id, o.id, k, case k when 'LABOUR' then '更换刹车片' else '刹车片' end,
            case k when 'LABOUR' then 'BR-01' end, case k when 'LABOUR' then 1500 end, case k when 'LABOUR' then 20000 end,
            case k when 'PART' then 'BP-01' end, case k when 'PART' then 1000 end, case k when 'PART' then 45000 end, case k when 'PART' then 'OEM' end,
            'CUSTOMER', case k when 'LABOUR' then 30000 else 45000 end, 'APPROVED'
       from repair_orders o cross join unnest(array['LABOUR','PART']) k where o.number like 'RB-%'`,
  );
}
