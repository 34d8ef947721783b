/**
 * The parts catalogue at scale (issue 13): a 50 000-row CSV imported through the real import path
 * (startCatalogueImport, then the file POSTed to its upload route, as the portal does), then the
 * catalogue grown to 200 000 parts the same way and searched as a buyer through the GraphQL API —
 * by the start of a part number, by Chinese name, by English words and by model — with row-level
 * security on (the buyer reads the seller's catalogue through app_buys_from).
 *
 *   pnpm bench:parts                                   # from the repository root (builds first)
 *   BENCH_PARTS=100000 BENCH_ROUNDS=20 pnpm bench:parts
 */
import pg from 'pg';
import { percentileLine } from '../timings.js';
import { loadConfig } from '../../platform/config.js';
import { startApi } from '../../server.js';
import { seedDemo } from '../../seed/demo.js';
import { createTestDatabase, stopEmbeddedTestServer } from '../../testing/database.js';
import { Client } from '../../testing/client.js';
import { COMPONENTS, MODELS, POSITIONS, benchPart, catalogueCsv } from './catalogue-file.js';

const FILE_ROWS = 50_000;
const TOTAL = Number(process.env.BENCH_PARTS ?? 200_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);

interface Imported {
  status: string;
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

/** One import through the real path; its result and the time from start to finished. */
async function importCsv(base: string, c: Client, fileName: string, csv: string): Promise<{ ms: number; result: Imported }> {
  const t0 = performance.now();
  const started = await c.ok<{ startCatalogueImport: { uploadPath: string } }>(
    `mutation($i: StartCatalogueImportInput!) { startCatalogueImport(input: $i) { uploadPath } }`,
    { i: { fileName } },
  );
  const res = await fetch(base + started.startCatalogueImport.uploadPath, {
    method: 'POST',
    headers: { cookie: c.cookie ?? '', 'content-type': 'text/csv' },
    body: csv,
  });
  const body = (await res.json()) as { data?: { catalogueImport: Imported }; errors?: unknown };
  const ms = performance.now() - t0;
  if (res.status !== 200 || !body.data || body.data.catalogueImport.status !== 'DONE') throw new Error(`import failed: ${res.status} ${JSON.stringify(body)}`);
  return { ms, result: body.data.catalogueImport };
}

async function main(): Promise<void> {
  const db = await createTestDatabase('asn_bench');
  const api = await startApi(loadConfig({ databaseUrl: db.url, port: 0, jobPollMs: 0 }));
  const base = api.url.replace(/\/graphql$/, '');
  try {
    await seedDemo(api.services, db.url);
    const desk = await new Client(api.url).signIn('orders@sup-hyd.demo');
    const oem = await new Client(api.url).signIn('parts@oem.demo');
    const clerk = await new Client(api.url).signIn('parts@dealer-east.demo');

    const csv = catalogueCsv(0, FILE_ROWS);
    console.log(`import of a ${FILE_ROWS.toLocaleString()}-row CSV (${(Buffer.byteLength(csv) / 1024 / 1024).toFixed(1)} MiB), start to finished, over HTTP:`);
    const first = await importCsv(base, desk, 'catalogue.csv', csv);
    console.log(
      `  new catalogue          ${(first.ms / 1000).toFixed(2)} s  (${Math.round(FILE_ROWS / (first.ms / 1000)).toLocaleString()} rows/s)  ${JSON.stringify(first.result)}`,
    );
    const again = await importCsv(base, desk, 'catalogue.csv', csv);
    console.log(`  the same file again    ${(again.ms / 1000).toFixed(2)} s  ${JSON.stringify(again.result)}`);
    const changed = csv.replace(/,(\d+)\.(\d\d),/g, (_m, y: string, f: string) => `,${Number(y) + 1}.${f},`);
    const repriced = await importCsv(base, desk, 'catalogue.csv', changed);
    console.log(`  every price changed    ${(repriced.ms / 1000).toFixed(2)} s  ${JSON.stringify(repriced.result)}`);

    // grow the catalogue to TOTAL parts the same way; another seller holds parts of the same numbers
    for (let from = FILE_ROWS; from < TOTAL; from += FILE_ROWS) {
      const r = await importCsv(base, desk, `more-${from}.csv`, catalogueCsv(from, Math.min(FILE_ROWS, TOTAL - from)));
      console.log(`  rows ${from.toLocaleString()}–${(from + r.result.rowsRead - 1).toLocaleString()}      ${(r.ms / 1000).toFixed(2)} s`);
    }
    await importCsv(base, oem, 'oem.csv', catalogueCsv(0, FILE_ROWS));
    const owner = new pg.Client({ connectionString: db.url });
    await owner.connect();
    for (const table of ['catalogue_parts', 'catalogue_part_terms']) await owner.query(`vacuum analyze ${table}`);
    await owner.query('checkpoint');
    const [{ parts, terms }] = (
      await owner.query<{ parts: number; terms: number }>(
        `select (select count(*) from catalogue_parts)::int as parts, (select count(*) from catalogue_part_terms)::int as terms`,
      )
    ).rows as [{ parts: number; terms: number }];
    console.log(
      `\ncatalogue: ${TOTAL.toLocaleString()} parts of SUP-HYD (+ ${FILE_ROWS.toLocaleString()} of the manufacturer), ${parts.toLocaleString()} parts and ${terms.toLocaleString()} search terms in all`,
    );

    const SUP = (await owner.query<{ id: string }>(`select id from tenants where code = 'SUP-HYD'`)).rows[0]!.id;
    await owner.end();
    const query = `query($s: ID, $q: String, $n: String, $m: String) { catalogueSearch(sellerId: $s, query: $q, name: $n, model: $m, first: 20) {
      parts { partNumber nameZh nameEn models netPrice { amountMinor } } } }`;
    type Found = { catalogueSearch: { parts: { partNumber: string; nameZh: string; nameEn: string | null; models: string[] }[] } };
    const pick = (i: number) => benchPart((i * 7919) % TOTAL);
    const cases: [string, (i: number) => Record<string, string>, (r: Found['catalogueSearch']['parts'][number], v: Record<string, string>) => boolean][] = [
      ['number prefix', (i) => ({ q: pick(i).partNumber.slice(0, 8) }), (p, v) => p.partNumber.startsWith(v.q!)],
      ['name zh (rare)', (i) => ({ n: pick(i).nameZh.slice(1) }), (p, v) => p.nameZh.includes(v.n!)],
      ['name zh (common)', (i) => ({ n: COMPONENTS[i % COMPONENTS.length]![1] }), (p, v) => p.nameZh.includes(v.n!)],
      [
        'name en words',
        (i) => ({ n: `${POSITIONS[i % POSITIONS.length]![1]} ${COMPONENTS[i % COMPONENTS.length]![2].slice(0, 6)}` }),
        (p, v) => !!p.nameEn?.includes(v.n!.split(' ')[0]!),
      ],
      ['model', (i) => ({ m: MODELS[i % MODELS.length]! }), (p, v) => p.models.includes(v.m!)],
      [
        'model + name',
        (i) => ({ m: MODELS[i % MODELS.length]!, n: COMPONENTS[(i * 3) % COMPONENTS.length]![1] }),
        (p, v) => p.models.includes(v.m!) && p.nameZh.includes(v.n!),
      ],
    ];
    console.log(
      `\n${'search (as a buyer)'.padEnd(20)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)}  (${ROUNDS} requests each, over HTTP incl. session check)`,
    );
    for (const [name, make, holds] of cases) {
      await clerk.ok(query, { s: SUP, ...make(0) }); // warm up
      const times: number[] = [];
      let empty = 0;
      for (let i = 1; i <= ROUNDS; i++) {
        const v = make(i);
        const t0 = performance.now();
        const r = await clerk.ok<Found>(query, { s: SUP, q: null, n: null, m: null, ...v });
        times.push(performance.now() - t0);
        if (!r.catalogueSearch.parts.length) empty++;
        const wrong = r.catalogueSearch.parts.find((p) => !holds(p, v));
        if (wrong) throw new Error(`${name}: ${JSON.stringify(v)} found ${JSON.stringify(wrong)}`);
      }
      if (empty) throw new Error(`${name}: ${empty} searches for parts that exist found nothing`);
      console.log(percentileLine(name, times));
    }
  } finally {
    await api.stop();
    if (process.env.BENCH_KEEP) console.log(`kept ${db.url}`);
    else await db.drop();
    await stopEmbeddedTestServer();
  }
}

await main();
