/**
 * Warranty claims at volume: the manufacturer's review queue and a dealer's claim list.
 * Seeds N claims (two lines each) over the three demo dealers of OEM-HY, in every state, then
 * times through the real GraphQL API: the reviewer's queue (first page, with lines, findings and
 * dealer names), the queue filtered by finding, by region and by VIN, the overdue queue, and
 * the dealer's own list.
 *
 *   pnpm --filter @asn/api bench:claims            # 100 000 claims
 *   BENCH_CLAIMS=20000 pnpm --filter @asn/api bench:claims
 */
import { loadConfig } from '../platform/config.js';
import { startApi } from '../server.js';
import { seedDemo } from '../seed/demo.js';
import { createTestDatabase, stopEmbeddedTestServer } from '../testing/database.js';
import { Client } from '../testing/client.js';
import pg from 'pg';

const N = Number(process.env.BENCH_CLAIMS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);

async function main(): Promise<void> {
  const db = await createTestDatabase('asn_bench_claims');
  const api = await startApi(loadConfig({ databaseUrl: db.url, port: 0, jobPollMs: 0 }));
  try {
    await seedDemo(api.services, db.url);
    const owner = new pg.Client({ connectionString: db.url });
    await owner.connect();
    const started = Date.now();
    const oem = (await owner.query(`select id from tenants where code = 'OEM-HY'`)).rows[0].id;
    const dealers = (await owner.query(`select t.id, r.region from tenants t join relationships r on r.to_tenant_id = t.id and r.kind = 'DEALER_AUTHORIZATION' where t.code like 'DLR-%' order by t.code`)).rows;
    await owner.query(
      `insert into warranty_claims (id, tenant_id, manufacturer_id, number, type, status, region, vin, brand, meter, failure_date, repair_date,
         complaint, cause, correction, causal_part_number, causal_component_group, currency, claimed_minor, approved_minor, findings, finding_codes,
         submitted_at, review_due_at, decided_at, created_at)
       select gen_random_uuid(), d.id, $1, 'WB-' || lpad(i::text, 7, '0'), 'STANDARD',
              (array['UNDER_REVIEW','UNDER_REVIEW','APPROVED','PARTIALLY_APPROVED','REJECTED','NEEDS_INFO','CREDITED','PARTS_RETURN_REQUESTED','DRAFT','CREDITED'])[1 + i % 10],
              d.region, 'LBENCH' || lpad((i % ($2 / 3))::text, 11, '0'), '华岳装载机', 100 + i % 4000,
              date '2026-01-01' + (i % 300), date '2026-01-01' + (i % 300), '故障', '原因', '处理', 'ALT-12', 'ELECTRICAL', 'CNY', 132000,
              case when i % 10 in (2, 3, 6, 9) then 120000 end,
              case when i % 7 = 0 then '[{"code":"LABOUR_OVER_STANDARD","message":"x","evidence":{}}]'::jsonb else '[]'::jsonb end,
              case when i % 7 = 0 then '{LABOUR_OVER_STANDARD}'::text[] else '{}' end,
              now() - make_interval(hours => i % 2000), now() - make_interval(hours => i % 2000) + interval '24 hours',
              case when i % 10 in (2, 3, 4, 6, 7, 9) then now() - make_interval(hours => i % 1000) end, now() - make_interval(hours => i % 2000)
         from generate_series(1, $2) i
         join lateral (select * from (values ($3::uuid, $4::text), ($5::uuid, $6::text), ($7::uuid, $8::text)) v(id, region) offset i % 3 limit 1) d on true`,
      [oem, N, dealers[0].id, dealers[0].region, dealers[1].id, dealers[1].region, dealers[2].id, dealers[2].region],
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
    for (const table of ['warranty_claims', 'warranty_claim_lines']) await owner.query(`vacuum analyze ${table}`);
    await owner.query('checkpoint');
    await owner.end();
    console.log(`seeded ${N.toLocaleString()} claims (two lines each) over 3 dealers in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const reviewer = await new Client(api.url).signIn('reviewer@oem.demo');
    const clerk = await new Client(api.url).signIn('warranty@dealer-east.demo');
    const page = `nodes { id number status vin dealerName claimed { amountMinor } findings { code } reviewDueAt lines { kind amount { amountMinor } } } totalCount`;
    const parts = `nodes { line { tagCode returnStatus approved { amountMinor } } claim { number vin dealerName } } totalCount`;
    const cases: [string, Client, string, (i: number) => Record<string, unknown>][] = [
      ['review queue (UNDER_REVIEW, first 20)', reviewer, `{ warrantyClaims(filter: { status: [UNDER_REVIEW] }, first: 20) { ${page} } }`, () => ({})],
      ['queue by finding', reviewer, `{ warrantyClaims(filter: { status: [UNDER_REVIEW], findingCode: LABOUR_OVER_STANDARD }, first: 20) { ${page} } }`, () => ({})],
      ['queue by region', reviewer, `{ warrantyClaims(filter: { status: [UNDER_REVIEW], region: "华北" }, first: 20) { ${page} } }`, () => ({})],
      ['overdue queue', reviewer, `{ warrantyClaims(filter: { overdue: true }, first: 20) { ${page} } }`, () => ({})],
      ['claims of a VIN', reviewer, `query($v: String) { warrantyClaims(filter: { vin: $v }, first: 20) { ${page} } }`, (i) => ({ v: `LBENCH${String((i * 7919) % Math.floor(N / 3)).padStart(11, '0')}` })],
      ['dealer’s own list', clerk, `{ warrantyClaims(first: 20) { ${page} } }`, () => ({})],
      ['receiving desk: open parts, oldest first (25)', reviewer, `{ returnedParts(status: [REQUESTED, SHIPPED, RECEIVED], first: 25, oldestFirst: true) { ${parts} } }`, () => ({})],
      ['inspected parts, newest first (25)', reviewer, `{ returnedParts(status: [INSPECTED], first: 25) { ${parts} } }`, () => ({})],
      ['dealer’s parts to ship (25)', clerk, `{ returnedParts(status: [REQUESTED], first: 25, oldestFirst: true) { ${parts} } }`, () => ({})],
    ];
    console.log(`| case | p50 ms | p95 ms | total rows |`);
    console.log(`|---|---|---|---|`);
    for (const [name, client, query, vars] of cases) {
      await client.ok(query, vars(0)); // warm
      const times: number[] = [];
      let total = 0;
      for (let i = 1; i <= ROUNDS; i++) {
        const t0 = performance.now();
        const r = await client.ok(query, vars(i));
        times.push(performance.now() - t0);
        total = (Object.values(r)[0] as { totalCount: number }).totalCount;
      }
      times.sort((a, b) => a - b);
      const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(0);
      console.log(`| ${name} | ${p(0.5)} | ${p(0.95)} | ${total.toLocaleString()} |`);
    }
  } finally {
    await api.stop();
    await db.drop();
    await stopEmbeddedTestServer();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
