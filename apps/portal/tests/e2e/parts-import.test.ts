import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './support.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const shots = path.resolve(here, '../../test-results');

/** Good rows enough for the import to run a few seconds (the progress shows), and four bad ones. */
const GOOD = 20_000;
function catalogueCsv(): string {
  const lines = ['零件号,中文名称,英文名称,单位,类别,价格（元）,适用车型'];
  lines.push('E2E-000001,前制动片,Front brake pad,套,保养件,1280.00,ZL50；ZL30');
  lines.push('E2E-000002,机油滤清器,Oil filter,PCS,MAINTENANCE,12.345,ZL50'); // line 3: three decimals
  lines.push('E2E-000003,,Seal,PCS,COMMON,30,'); // line 4: no Chinese name
  lines.push('E2E-000004,密封圈,O-ring,PCS,易损件,8,'); // line 5: not a category
  lines.push('E2E-000001,前制动片（重复）,,PCS,COMMON,1,'); // line 6: the number again
  for (let i = 5; i < GOOD + 4; i++)
    lines.push(`E2E-${String(i).padStart(6, '0')},液压油管${i % 97}型,Hydraulic hose ${i % 97},PCS,COMMON,${(i % 900) + 1}.50,ZL50`);
  return lines.join('\r\n') + '\r\n';
}

/**
 * The supplier's order desk imports its catalogue from a CSV: it sees the rows processed while the
 * import runs, then the counts and each bad row with its line and reason in Chinese, and downloads
 * them; on a phone too.
 */
describe('parts: a supplier imports its catalogue from a file', () => {
  let e2e: E2E;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    e2e = await startE2E();
  });
  afterAll(() => e2e?.stop());

  const upload = async (page: Page, name: string, csv: string) => {
    await page.getByTestId('import-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByTestId('import-upload').click();
  };

  it('the order desk uploads a CSV: progress while it runs, then the counts and the bad rows by line with reasons in Chinese', async () => {
    const desk = await e2e.signIn('orders@sup-hyd.demo');
    await desk.goto(`${e2e.base}/parts/import`);
    expect(await desk.locator('h1').textContent()).toBe('配件目录导入');
    await upload(desk, '目录.csv', catalogueCsv());
    // busy while the import runs, and the rows processed so far
    const button = desk.getByTestId('import-upload');
    await expect.poll(() => button.getAttribute('aria-busy')).toBe('true');
    expect(await button.isDisabled()).toBe(true);
    await desk.getByTestId('import-progress').waitFor();
    await expect
      .poll(
        async () =>
          (await desk
            .getByTestId('import-progress')
            .textContent()
            .catch(() => '')) ?? '',
        { timeout: 30_000 },
      )
      .toMatch(/正在导入 · 已处理 [1-9][\d,]* 行/);
    const result = desk.getByTestId('import-result');
    await result.waitFor({ timeout: 60_000 });
    expect(await result.getAttribute('data-status')).toBe('DONE');
    expect(await desk.getByTestId('import-progress').count()).toBe(0);
    expect(await button.getAttribute('aria-busy')).toBeNull();
    expect(await desk.getByTestId('count-rows').textContent()).toBe(String(GOOD + 4));
    expect(await desk.getByTestId('count-inserted').textContent()).toBe(String(GOOD));
    expect(await desk.getByTestId('count-rejected').textContent()).toBe('4');
    const rows = await desk
      .getByTestId('reject')
      .evaluateAll((trs) =>
        trs.map((tr) => [tr.querySelector('[data-testid=reject-line]')?.textContent, tr.querySelector('[data-testid=reject-reason]')?.textContent]),
      );
    expect(rows).toEqual([
      ['3', '价格（元）：“12.345”不是数字（最多 2 位小数）'],
      ['4', '中文名称：必填'],
      ['5', '类别：“易损件”不是可选的值'],
      ['6', '配件号：配件号 E2E-000001 在文件第 2 行已出现过（保留先出现的那一行）'],
    ]);
    await desk.screenshot({ path: path.join(shots, 'parts-import.png'), fullPage: true });

    // the bad rows as a download, in the reader's language
    const href = await desk.getByTestId('import-download').getAttribute('href');
    const csv = await (await desk.request.get(`${e2e.base}${href}`)).text();
    expect(csv.split('\r\n').slice(0, 3)).toEqual([
      '\uFEFF行号,配件号,原因',
      '3,E2E-000002,价格（元）：“12.345”不是数字（最多 2 位小数）',
      '4,E2E-000003,中文名称：必填',
    ]);

    // the parts are in the catalogue at their price in fen
    const api = await e2e.staffApi('orders@sup-hyd.demo');
    const found = await api(`{ catalogueSearch(query: "E2E-000001") { parts { partNumber nameZh listPrice { amountMinor } models } } }`);
    expect(found.catalogueSearch.parts).toEqual([
      { partNumber: 'E2E-000001', nameZh: '前制动片', listPrice: { amountMinor: '128000' }, models: ['ZL50', 'ZL30'] },
    ]);
  }, 120_000);

  it('on a phone (390 px): a re-import updates by number, and a file without a required column is refused as a whole', async () => {
    const phone = await e2e.signIn('orders@sup-hyd.demo', { width: 390, height: 844 });
    await phone.goto(`${e2e.base}/parts/import`);
    await upload(
      phone,
      'update.csv',
      ['零件号,中文名称,类别,价格（元）', 'E2E-000001,前制动片,保养件,1399.00', 'E2E-000005,液压油管5型,COMMON,abc'].join('\n'),
    );
    const result = phone.getByTestId('import-result');
    await result.waitFor({ timeout: 30_000 });
    expect(await phone.getByTestId('count-updated').textContent()).toBe('1');
    expect(await phone.getByTestId('reject-reason').textContent()).toBe('价格（元）：“abc”不是数字（最多 2 位小数）');
    // nothing wider than the screen
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: path.join(shots, 'parts-import-390.png'), fullPage: true });

    await phone.getByTestId('import-again').click();
    await upload(phone, 'short.csv', '零件号,名称\nE2E-900001,某零件\n');
    await phone.getByTestId('import-failed').waitFor({ timeout: 30_000 });
    expect(await phone.getByTestId('import-failed').textContent()).toContain('文件未导入，目录没有任何改动：文件缺少必需的列');
    expect(await phone.getByTestId('import-failed').textContent()).toContain('缺少的列：类别、价格（元）');
  }, 120_000);
});
