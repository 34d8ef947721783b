import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { codeOf, startTestApi, type AnyJson, type Client, type TestApi } from '../../../test/harness.js';

const IMPORT = `id status format rowsRead inserted updated unchanged rejected failureReason failureParams missingColumns uploadPath
  rejects(first: 50) { line partNumber problems { column reason params } }`;

/** Starts an import and sends the file to its upload path, as the portal does; the finished import. */
async function importFile(t: TestApi, c: Client, fileName: string, body: Uint8Array | string): Promise<AnyJson> {
  const started = (await c.ok(`mutation($i: StartCatalogueImportInput!) { startCatalogueImport(input: $i) { ${IMPORT} } }`, { i: { fileName } }))
    .startCatalogueImport;
  expect(started.status).toBe('PENDING');
  const res = await fetch(t.url.replace(/\/graphql$/, '') + started.uploadPath, {
    method: 'POST',
    headers: { cookie: c.cookie ?? '', 'content-type': 'application/octet-stream' },
    body,
  });
  const sent = (await res.json()) as AnyJson;
  expect(res.status, JSON.stringify(sent)).toBe(200);
  return (await c.ok(`query($id: ID!) { catalogueImport(id: $id) { ${IMPORT} } }`, { id: started.id })).catalogueImport;
}

describe('catalogue import from CSV and XLSX (real Postgres)', () => {
  let t: TestApi;
  let desk: Client; // the supplier's order desk (SUP-HYD)
  let clerk: Client; // a dealer's parts clerk, a buyer of SUP-HYD
  let SUP: string;
  let others: AnyJson[];
  const otherTenants = () =>
    t.sql(
      `select tenant_id, count(*)::int as n, sum(list_price_minor)::text as s, max(updated_at) as u from catalogue_parts where tenant_id <> $1 group by tenant_id order by tenant_id`,
      [SUP],
    );
  const search = (c: Client, args: Record<string, unknown>) =>
    c.ok(
      `query($s: ID, $q: String, $n: String, $m: String) { catalogueSearch(sellerId: $s, query: $q, name: $n, model: $m, first: 50) { parts { partNumber nameZh listPrice { amountMinor } models category unit } } }`,
      { s: SUP, q: null, n: null, m: null, ...args },
    );

  beforeAll(async () => {
    t = await startTestApi();
    desk = await t.as('orders@sup-hyd.demo');
    clerk = await t.as('parts@dealer-east.demo');
    SUP = await t.tenantId('SUP-HYD');
    // another seller's catalogue, which no import of SUP-HYD may touch
    const oem = await t.as('parts@oem.demo');
    await oem.ok(`mutation($i: SavePartInput!) { savePart(input: $i) { partNumber } }`, {
      i: { partNumber: 'IMP-001', nameZh: '制造商的零件', category: 'CORE', listPriceMinor: '100' },
    });
    others = await otherTenants();
  });
  afterAll(() => t.stop());

  const CSV = [
    '零件号,中文名称,英文名称,单位,类别,价格（元）,适用车型',
    'IMP-001,前制动片,Front brake pad,套,保养件,1280.00,ZL50；ZL30|LG855',
    'IMP-002,机油滤清器,Oil filter,PCS,MAINTENANCE,"1,050.5",ZL50',
    'IMP-003,液压油管,,,CORE,12.345,ZL50', // three decimals
    'imp-004,,Seal,PCS,COMMON,30,', // no Chinese name
    'IMP-005,密封圈,O-ring,PCS,易损件,8,', // not a category
    'IMP-001,前制动片（重复）,,PCS,COMMON,1,', // the number again
    '',
    'IMP 6,油封,Oil seal,PCS,COMMON,5,', // not a part number
    'IMP-007,后视镜,Rear mirror,件,事故件,¥460,LG855',
  ].join('\r\n');

  it('keeps the good rows and reports each bad row by its line and reason', async () => {
    const done = await importFile(t, desk, '目录.csv', CSV);
    expect(done).toMatchObject({ status: 'DONE', format: 'CSV', rowsRead: 8, inserted: 3, updated: 0, unchanged: 0, rejected: 5 });
    const why = (done.rejects as AnyJson[]).map((r) => [r.line, r.partNumber, r.problems.map((p: AnyJson) => `${p.column}:${p.reason}`).join(' ')]);
    expect(why).toEqual([
      [4, 'IMP-003', 'listPrice:NOT_A_NUMBER'],
      [5, 'imp-004', 'nameZh:REQUIRED'],
      [6, 'IMP-005', 'category:NOT_ONE_OF'],
      [7, 'IMP-001', 'partNumber:PART_NUMBER_TWICE_IN_FILE'],
      [9, 'IMP 6', 'partNumber:NOT_A_CODE'],
    ]);
    expect(done.rejects[0].problems[0].params).toEqual({ value: '12.345', decimals: 2 });
    expect(done.rejects[2].problems[0].params.value).toBe('易损件');
    expect(done.rejects[3].problems[0].params).toEqual({ partNumber: 'IMP-001', firstLine: 2 });

    const parts = (await search(desk, { q: 'IMP' })).catalogueSearch.parts as AnyJson[];
    expect(parts.map((p) => [p.partNumber, p.listPrice.amountMinor, p.category, p.unit, p.models.join(' ')])).toEqual([
      ['IMP-001', '128000', 'MAINTENANCE', 'SET', 'ZL50 ZL30 LG855'],
      ['IMP-002', '105050', 'MAINTENANCE', 'PCS', 'ZL50'],
      ['IMP-007', '46000', 'ACCIDENT', 'PCS', 'LG855'],
    ]);
    // one audit entry for the import, with its counts
    const audit = await t.sql(`select after from audit_log where tenant_id = $1 and action = 'catalogue.imported'`, [SUP]);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({ rowsRead: 8, inserted: 3, rejected: 5 });
    // the same file cannot be sent twice to one import
    const again = await fetch(t.url.replace(/\/graphql$/, '') + done.uploadPath, { method: 'POST', headers: { cookie: desk.cookie ?? '' }, body: CSV });
    expect(again.status).toBe(409);
    expect(((await again.json()) as AnyJson).errors[0].extensions.details.reason).toBe('IMPORT_ALREADY_RUN');
  });

  it('a re-import updates by part number; unchanged rows are counted as such', async () => {
    const csv = [
      'part number,name zh,name en,category,list price,models',
      'IMP-001,前制动片,Front brake pad,MAINTENANCE,1399.00,ZL50;ZL30;LG855',
      'IMP-002,机油滤清器,Oil filter,MAINTENANCE,1050.50,ZL50',
      'IMP-008,空气滤清器,Air filter,MAINTENANCE,88,ZL50',
    ].join('\n');
    const done = await importFile(t, desk, 'again.CSV', csv);
    expect(done).toMatchObject({ status: 'DONE', rowsRead: 3, inserted: 1, updated: 1, unchanged: 1, rejected: 0 });
    const [row] = await t.sql(`select list_price_minor::text as p, unit, version from catalogue_parts where tenant_id = $1 and part_number = 'IMP-001'`, [SUP]);
    expect(row).toEqual({ p: '139900', unit: 'PCS', version: 2 });
    expect(await t.sql(`select count(*)::int as n from catalogue_parts where tenant_id = $1 and part_number like 'IMP-%'`, [SUP])).toEqual([{ n: 4 }]);
  });

  it('reads XLSX (the first worksheet, numbers and text cells)', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('目录');
    sheet.addRow(['Part No', 'Name', 'Name EN', 'Category', 'Price', 'Models']);
    sheet.addRow(['IMP-101', '转向拉杆', 'Tie rod', '核心件', 2300.5, 'ZL50']);
    sheet.addRow(['IMP-102', '雨刮片', 'Wiper blade', 'COMMON', '45.00', 'ZL30|LG855']);
    sheet.addRow(['IMP-103', '大灯', 'Headlamp', 'ACCIDENT', -5, '']);
    book.addWorksheet('notes').addRow(['IMP-999', 'ignored', '', 'COMMON', 1, '']);
    const done = await importFile(t, desk, 'catalogue.xlsx', new Uint8Array(await book.xlsx.writeBuffer()));
    expect(done).toMatchObject({ status: 'DONE', format: 'XLSX', rowsRead: 3, inserted: 2, rejected: 1 });
    expect(done.rejects).toEqual([
      { line: 4, partNumber: 'IMP-103', problems: [{ column: 'listPrice', reason: 'NOT_A_NUMBER', params: { value: '-5', decimals: 2 } }] },
    ]);
    const parts = (await search(desk, { q: 'IMP-10' })).catalogueSearch.parts as AnyJson[];
    expect(parts.map((p) => [p.partNumber, p.listPrice.amountMinor, p.category])).toEqual([
      ['IMP-101', '230050', 'CORE'],
      ['IMP-102', '4500', 'COMMON'],
    ]);
  });

  it('refuses a file without a required column as a whole, and a file that is not what its name says', async () => {
    const done = await importFile(t, desk, 'short.csv', 'part number,name\nIMP-201,某零件\n');
    expect(done).toMatchObject({ status: 'FAILED', failureReason: 'IMPORT_COLUMNS_MISSING', missingColumns: ['category', 'listPrice'], inserted: 0 });
    const bad = await importFile(t, desk, 'broken.xlsx', 'this is no zip file');
    expect(bad).toMatchObject({ status: 'FAILED', failureReason: 'IMPORT_FILE_UNREADABLE', failureParams: { format: 'XLSX' } });
    expect(await t.sql(`select count(*)::int as n from catalogue_parts where part_number = 'IMP-201'`)).toEqual([{ n: 0 }]);
  });

  it('finds the imported parts by Chinese name, English words and model — the seller and its buyers alike', async () => {
    const numbers = async (c: Client, args: Record<string, unknown>) =>
      ((await search(c, args)).catalogueSearch.parts as AnyJson[]).map((p) => p.partNumber).filter((n: string) => n.startsWith('IMP-'));
    expect(await numbers(desk, { n: '滤清器' })).toEqual(['IMP-002', 'IMP-008']);
    expect(await numbers(desk, { n: '制动' })).toEqual(['IMP-001']);
    expect(await numbers(desk, { n: '制片' })).toEqual([]); // both bigrams' characters, not the text
    expect(await numbers(clerk, { n: 'brake pa' })).toEqual(['IMP-001']);
    expect(await numbers(clerk, { n: 'filter' })).toEqual(['IMP-002', 'IMP-008']);
    expect(await numbers(clerk, { q: '滤清器' })).toEqual(['IMP-002', 'IMP-008']); // a query that cannot be a number is a name
    expect(await numbers(clerk, { m: 'LG855' })).toEqual(['IMP-001', 'IMP-007', 'IMP-102']);
    expect(await numbers(clerk, { m: 'ZL50', n: '滤清器', q: 'IMP-00' })).toEqual(['IMP-002', 'IMP-008']);
  });

  it('a buyer cannot import into a seller’s catalogue, nor send a file to the seller’s import', async () => {
    const r = await clerk.gql(`mutation { startCatalogueImport(input: { fileName: "x.csv" }) { id } }`);
    expect(codeOf(r)).toBe('FORBIDDEN');
    const started = (await desk.ok(`mutation { startCatalogueImport(input: { fileName: "x.csv" }) { id uploadPath } }`)).startCatalogueImport;
    const res = await fetch(t.url.replace(/\/graphql$/, '') + started.uploadPath, {
      method: 'POST',
      headers: { cookie: clerk.cookie ?? '' },
      body: 'part number,name zh,category,list price\nIMP-301,某零件,CORE,1\n',
    });
    expect(res.status).toBe(403);
    expect(codeOf(await clerk.gql(`query($id: ID!) { catalogueImport(id: $id) { id } }`, { id: started.id }))).toBe('FORBIDDEN');
    // nor another seller's staff: the import is not found in their tenant
    const oemDesk = await t.as('parts@oem.demo');
    expect(codeOf(await oemDesk.gql(`query($id: ID!) { catalogueImport(id: $id) { id } }`, { id: started.id }))).toBe('NOT_FOUND');
    expect(await t.sql(`select status from catalogue_imports where id = $1`, [started.id])).toEqual([{ status: 'PENDING' }]);
    expect(await t.sql(`select count(*)::int as n from catalogue_parts where part_number = 'IMP-301'`)).toEqual([{ n: 0 }]);
    // nothing of another tenant was touched by any of the imports above
    expect(await otherTenants()).toEqual(others);
    expect(await t.sql(`select count(*)::int as n from catalogue_import_rejects where tenant_id <> $1`, [SUP])).toEqual([{ n: 0 }]);
  });
});
