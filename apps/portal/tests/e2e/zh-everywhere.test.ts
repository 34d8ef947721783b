import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './support.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const shots = path.resolve(here, '../../test-results');

/**
 * Latin words a zh-CN screen may show: the language switcher's own name for English, units, file
 * kinds. Codes people type or read off a vehicle (VINs, part and order numbers, plates, e-mails,
 * catalogue codes such as HY-STD) are recognised by their shape, not listed here.
 */
const ALLOWED = new Set(['English', 'km', 'min', 'KB', 'MB', 'GB', 'PDF', 'JPEG', 'JPG', 'PNG', 'WEBP', 'CSV', 'JSON', 'VIN', 'Excel', 'xlsx', 'GBK']);
/** File names people gave their photos and documents keep their extension. */
const FILE_NAME = /\.(jpe?g|png|webp|pdf|csv|json)$/i;

/** A word (or a code) the user typed or a number the system gave: kept, not a sentence in English. */
function isCode(token: string): boolean {
  return (
    /\d/.test(token) || // VINs, part numbers, plates, order / claim numbers, amounts
    token.includes('@') || // e-mails
    /^https?:/.test(token) ||
    FILE_NAME.test(token) ||
    /^[A-Z][a-z]+\/[A-Z][A-Za-z_]+$/.test(token) || // a time zone as typed: Asia/Shanghai
    /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$/.test(token) // catalogue codes: HY-STD, SUP-HYD
  );
}

/** The English words in `text` (outside codes and the allow-list). */
export function englishWords(text: string): string[] {
  const out: string[] = [];
  // every character outside ASCII separates words: Chinese text around a code leaves the code whole
  for (const raw of text.replace(/[^\x21-\x7e]+/g, ' ').split(' ')) {
    const token = raw.replace(/^[^A-Za-z0-9@]+|[^A-Za-z0-9]+$/g, '');
    if (!token || isCode(token) || FILE_NAME.test(raw)) continue;
    for (const word of token.match(/[A-Za-z]{2,}/g) ?? []) if (!ALLOWED.has(word)) out.push(word);
  }
  return out;
}

/** Everything a user reads on the page: its text (details opened), visible placeholders, titles and labels, the options of its lists. */
async function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    for (const d of document.querySelectorAll('details')) d.open = true;
    // what the user typed as a code (translate="no": a component group HY, a part number) is data, not a sentence
    for (const el of document.querySelectorAll('[translate=no]')) el.textContent = '';
    const texts = [document.body.innerText];
    for (const el of document.querySelectorAll<HTMLElement>('[placeholder], [title], [aria-label]')) {
      if (!el.checkVisibility()) continue;
      for (const a of ['placeholder', 'title', 'aria-label']) {
        const v = el.getAttribute(a);
        if (v) texts.push(v);
      }
    }
    for (const o of document.querySelectorAll('option')) texts.push(o.textContent ?? '');
    return texts;
  });
}

const { demoUsers } = await import('@asn/api/dist/seed/demo.js');
const USERS = demoUsers();

const DETAIL =
  /^\/(orders|claims|settlements|parts|complaints|contracts|service-requests)\/[0-9a-f-]{36}$|^\/(parts\/(?:stock|new|import)|complaints\/(?:new|quality)|contracts\/(?:new|calendar))$|^\/(supervision\/(?:warnings|plans))\/[0-9a-f-]{36}$/;
/** A dealer's figures page (its period in the query). */
const FIGURES_DEALER = /^\/figures\/dealers\/[0-9a-f-]{36}(\?|$)/;
const PRINT = /^\/(orders|claims|parts|complaints|contracts)\/[0-9a-f-]{36}\/(print(?:\/[a-z-]+)?|tags)(?:\/[0-9a-f-]{36})?$/;

/**
 * Every demo user, signed in on a zh-CN screen, visits every page of their navigation and the
 * detail pages its lists link to (an order, a claim, a settlement, their print forms) — and the
 * customer opens the tracking page: no page shows an English word outside the allow-list.
 */
describe('zh-CN everywhere: no English word on any page of any demo user', () => {
  let e2e: E2E;
  let base: string;
  let trackingPath = '';
  let estimatedOrder = '';
  const PHONE = '13912345678';
  const found = new Map<string, Set<string>>();
  const visited: string[] = [];

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    // the demo network's history: the figures, the reports and the scorecards have something to show
    e2e = await startE2E({ history: true });
    base = e2e.base;
    // a few documents, so that the lists link somewhere: orders at several steps, a decided claim credited in a settlement
    const advisor = await e2e.staffApi('advisor@dealer-east.demo');
    const admin = await e2e.staffApi('admin@dealer-east.demo');
    const reviewer = await e2e.staffApi('reviewer@oem.demo');
    const c = await advisor(
      `mutation($p: String!) { createCustomer(input: { name: "韩梅", phone: $p, vehicles: [{ vin: "HYDEMO00004", plate: "沪D12345", model: "ZL50 轮式装载机", usageUnit: HOURS, currentMeter: 800 }] }) { customer { id vehicles { id } } } }`,
      { p: PHONE },
    );
    const customerId = c.createCustomer.customer.id as string;
    const vehicleId = c.createCustomer.customer.vehicles[0].id as string;
    const order = async (complaint: string) =>
      (
        await advisor(
          `mutation($c: ID!, $v: ID!, $t: String!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: $t }) { repairOrder { id } } }`,
          {
            c: customerId,
            v: vehicleId,
            t: complaint,
          },
        )
      ).createRepairOrder.repairOrder.id as string;
    const version = async (id: string) => (await advisor(`query($id: ID!) { repairOrder(id: $id) { version } }`, { id })).repairOrder.version as number;
    const step = async (id: string, name: string, type: string, extra: Record<string, unknown> = {}) =>
      admin(`mutation($i: ${type}!) { ${name}(input: $i) { repairOrder { status } } }`, { i: { id, version: await version(id), ...extra } });

    // diagnosed: the order page offers the estimate (its methods)
    const diagnosed = await order('动臂下沉');
    await step(diagnosed, 'checkInRepairOrder', 'CheckInInput', { meter: 820, customerSigned: true });
    await step(diagnosed, 'diagnoseRepairOrder', 'DiagnoseInput', { findings: [{ system: '液压', finding: '油缸内泄' }], summary: '更换油缸密封件' });

    // estimated, with a tracking link: the customer's page shows the estimate
    const estimated = await order('发动机异响');
    await step(estimated, 'checkInRepairOrder', 'CheckInInput', { meter: 830, customerSigned: true });
    await step(estimated, 'diagnoseRepairOrder', 'DiagnoseInput', { findings: [{ system: '发动机', finding: '气门间隙过大' }], summary: '调整气门间隙' });
    await step(estimated, 'estimateRepairOrder', 'EstimateInput', {
      method: 'SYSTEM',
      lines: [
        { kind: 'LABOUR', description: '调整气门间隙', operationCode: 'EN-010', hours: '2', rateMinor: '15000', payType: 'CUSTOMER' },
        { kind: 'PART', description: '气门室盖垫', partNumber: 'VG-12', quantity: '1', unitPriceMinor: '98000', source: 'OEM', payType: 'CUSTOMER' },
      ],
    });
    estimatedOrder = estimated;
    const link = await advisor(`mutation($i: CreateTrackingLinkInput!) { createTrackingLink(input: $i) { path } }`, { i: { repairOrderId: estimated } });
    trackingPath = link.createTrackingLink.path;

    // 网络监督: a penalty appealed by the dealer and an agreed plan, so that the lists link to a notice and a plan
    const network = await e2e.staffApi('network@oem.demo');
    const rels = await network(`{ relationships(kind: DEALER_AUTHORIZATION, first: 100) { nodes { active to { id name } } } }`);
    const east = rels.relationships.nodes.find((r: { active: boolean; to: { name: string } }) => r.active && r.to.name.includes('华东一店')).to.id;
    const penalty = (
      await network(`mutation($i: IssueWarningInput!) { issueWarning(input: $i) { warning { id version } } }`, {
        i: {
          dealerId: east,
          kind: 'PENALTY',
          title: '虚报保修工时',
          grounds: '经核查两份索赔单工时虚报。',
          cureDays: 7,
          amount: { amountMinor: '128000', currency: 'CNY' },
        },
      })
    ).issueWarning.warning;
    await admin(`mutation($i: AppealWarningInput!) { appealWarning(input: $i) { warning { id } } }`, {
      i: { id: penalty.id, version: penalty.version, grounds: '工时按厂家工时手册填报。' },
    });
    const plan = (
      await network(`mutation($i: CreateImprovementPlanInput!) { createImprovementPlan(input: $i) { plan { id version } } }`, {
        i: {
          dealerId: east,
          title: '客户回访整改计划',
          reason: '回访率连续两月低于标准',
          targets: [{ figureId: 'satisfaction', target: 0.9, by: '2027-01-31' }],
          actions: [{ text: '每日回访保修期内客户', owner: '王经理', due: '2027-01-15' }],
        },
      })
    ).createImprovementPlan.plan;
    await network(`mutation($i: PlanRef!) { activateImprovementPlan(input: $i) { plan { id } } }`, { i: { id: plan.id, version: plan.version } });

    // the seeded claim, approved and credited: a settlement to read
    const claims = await reviewer(`{ warrantyClaims(first: 5) { nodes { id dealerId status } } }`).catch(() => null);
    const claim = claims?.warrantyClaims?.nodes?.find((n: { status: string }) => n.status === 'UNDER_REVIEW');
    if (claim) {
      const review = (await reviewer(`query($id: ID!) { warrantyClaim(id: $id) { version lines { id amount { amountMinor } } } }`, { id: claim.id }))
        .warrantyClaim;
      await reviewer(`mutation($i: DecideWarrantyClaimInput!) { decideWarrantyClaim(input: $i) { claim { status } } }`, {
        i: {
          id: claim.id,
          version: review.version,
          lines: review.lines.map((l: { id: string; amount: { amountMinor: string } }) => ({ lineId: l.id, approvedMinor: l.amount.amountMinor })),
          requirePartsReturn: false,
        },
      });
      // the dealer's day (Shanghai): after 16:00 UTC the UTC date is a day behind it
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
      await reviewer(`mutation($i: CreateSettlementBatchInput!) { createSettlementBatch(input: $i) { batch { id } } }`, {
        i: { dealerId: claim.dealerId, periodFrom: '2020-01-01', periodTo: today },
      });
    }
  });

  afterAll(async () => {
    await e2e?.stop();
  });

  /** Reads the page at `url` and notes each English word it shows. */
  const timings: [string, number][] = [];

  async function check(page: Page, url: string): Promise<void> {
    const started = Date.now();
    const r = await page.goto(`${base}${url}`, { waitUntil: 'domcontentloaded' });
    timings.push([url, Date.now() - started]);
    visited.push(url);
    if (r && r.status() >= 400) noteWord(url, `HTTP ${r.status()}`);
    await read(page, url);
  }

  async function read(page: Page, url: string): Promise<void> {
    for (const text of await visibleTexts(page)) for (const w of englishWords(text)) noteWord(url, w);
  }

  function noteWord(url: string, word: string) {
    const at = url.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id').replace(/\/t\/[A-Za-z0-9_-]+/, '/t/:token');
    if (!found.has(at)) found.set(at, new Set());
    found.get(at)!.add(word);
  }

  /** A browser page signed in as `email` (through the API: the session cookie it sets), and the user's navigation. */
  async function signedIn(email: string): Promise<{ page: Page; areas: string[] }> {
    const r = await fetch(e2e.stack.apiUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation($i: SignInInput!) { signIn(input: $i) { token me { navigation } } }',
        variables: { i: { email, password: 'demo-pass-2026', issueBearerToken: true } },
      }),
    });
    const body = (await r.json()) as { data?: { signIn: { token: string; me: { navigation: string[] } } }; errors?: unknown };
    if (!body.data) throw new Error(`sign-in of ${email}: ${JSON.stringify(body.errors)}`);
    // the staff pages are rendered on the server: read without running their scripts (no hydration, no live connection), which keeps 25 users fast
    const context = await e2e.browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN', javaScriptEnabled: false });
    await context.addCookies([{ name: 'asn_session', value: body.data.signIn.token, url: base }]);
    return { page: await context.newPage(), areas: body.data.signIn.me.navigation };
  }

  const errorText = async (page: Page) => ((await page.getByTestId('error-page').textContent()) ?? '').trim();
  const links = (page: Page) => page.evaluate(() => [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href') ?? ''));
  const seenPrint = new Set<string>();

  /** One user: every page of the navigation, the first document of each kind its lists link to, and its print forms (each form once for all users). */
  async function walk(email: string): Promise<void> {
    const started = Date.now();
    const { page, areas } = await signedIn(email);
    const details = new Map<string, string>();
    const pages = areas.map((area) => (area === 'home' ? '/' : `/${area}`));
    // the supervision list shows its plans on their own tab
    if (areas.includes('supervision')) pages.push('/supervision?tab=plans');
    for (const url of pages) {
      await check(page, url);
      for (const href of await links(page)) {
        const m = DETAIL.exec(href);
        const kind = m ? (m[1] ?? m[2] ?? m[3]!) : href === '/claims/new' ? 'new' : FIGURES_DEALER.test(href) ? 'figures/dealers' : null;
        if (kind && !details.has(kind)) details.set(kind, href);
      }
    }
    for (const [kind, href] of details) {
      if (kind === 'new') continue;
      await check(page, href);
      for (const p of await links(page)) {
        const m = PRINT.exec(p);
        if (!m || seenPrint.has(`${m[1]}/${m[2]}`)) continue;
        seenPrint.add(`${m[1]}/${m[2]}`);
        await check(page, p);
      }
    }
    // the claim form's coverage panel (the policy's terms by component group)
    if (details.has('new')) {
      await check(page, '/claims/new');
      if (await page.getByTestId('coverage-vin').count()) {
        await page.getByTestId('coverage-vin').fill('HYDEMO00003');
        await page.getByTestId('check-coverage').click();
        await page.getByTestId('coverage').waitFor();
        await read(page, '/claims/new (coverage)');
      }
    }
    // 业务统计表 (opened from the figures area, not the menu): a month of the dealer's own, or of a dealer the manufacturer picks; its print view once
    if (areas.includes('figures')) {
      await check(page, '/reports');
      const picker = page.locator('[data-testid=dealer] option:not([value=""])');
      const dealer = (await picker.count()) ? await picker.first().getAttribute('value') : null;
      if (dealer) await check(page, `/reports?dealer=${dealer}`);
      const printLink = page.getByTestId('print-link');
      const print = (await printLink.count()) ? await printLink.first().getAttribute('href') : null;
      if (print && !seenPrint.has('reports/print')) {
        seenPrint.add('reports/print');
        await check(page, print);
      }
      // the dealer's scorecard as the manufacturer reads it (the network table links it only below a region)
      if (dealer && !details.has('figures/dealers')) await check(page, `/figures/dealers/${dealer}`);
    }
    // the complaint register of this month (a print page opened from a date form, not a link)
    if (areas.includes('complaints')) await check(page, '/complaints/register');
    // an empty customer search
    if (areas.includes('customers')) await check(page, `/customers?q=${encodeURIComponent('无此人')}`);
    await page.context().close();
    console.log(`zh-everywhere: ${email} read in ${Date.now() - started} ms`);
  }

  it('every demo user: every page of the navigation and the documents it lists', async () => {
    // three users at a time: the pages are server-rendered, the browser mostly waits for the server
    const queue = [...USERS.map((u: { email: string }) => u.email)];
    const lane = async () => {
      for (let email = queue.shift(); email; email = queue.shift()) await walk(email);
    };
    await Promise.all([lane(), lane(), lane()]);
  }, 480_000);

  it('the customer’s tracking page', async () => {
    // the customer's tracking page, opened with the phone's last four digits
    const phone = await (await e2e.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, locale: 'zh-CN' })).newPage();
    await phone.goto(`${base}${trackingPath}`);
    await phone.locator('[data-hydrated=yes]').waitFor();
    await read(phone, trackingPath);
    await phone.getByTestId('digits').fill(PHONE.slice(-4));
    await phone.getByTestId('open').click();
    await phone.getByTestId('track-status').waitFor();
    await read(phone, trackingPath);
    visited.push(trackingPath);
    await phone.screenshot({ path: path.join(shots, 'zh-everywhere-tracking.png'), fullPage: true });
    await phone.context().close();
  });

  it('a malformed id in the address is a 404 in the reader’s language, never a 500; in English, the error page and the print-form links are English', async () => {
    const { page: advisor } = await signedIn('admin@dealer-east.demo');
    const malformed = [
      '/orders/not-a-uuid',
      '/orders/not-a-uuid/print/estimate',
      '/claims/xyz',
      '/claims/xyz/print/claim',
      '/claims/xyz/tags',
      '/settlements/1',
    ];
    for (const url of malformed) {
      const r = await advisor.goto(`${base}${url}`);
      expect(r?.status(), url).toBe(404);
      expect(await errorText(advisor)).toBe('找不到该记录，或您无权查看。');
      await read(advisor, url);
    }
    const r = await advisor.goto(`${base}/no-such-page`);
    expect(r?.status()).toBe(404);
    expect(await errorText(advisor)).toBe('找不到该页面，请检查网址或从导航进入。');
    // in English, the error page speaks English
    await advisor.context().addCookies([{ name: 'lang', value: 'en', url: base }]);
    await advisor.goto(`${base}/claims/xyz`);
    expect(await errorText(advisor)).toBe('This record was not found, or you may not see it.');
    expect(await advisor.locator('html').getAttribute('lang')).toBe('en');
    // and the print-form links of an order are English too (the A4 forms themselves stay Chinese)
    await advisor.goto(`${base}/orders/${estimatedOrder}`);
    const printLinks = (await advisor.getByTestId('print-links').innerText()).replace(/\s+/g, ' ');
    expect(printLinks).toContain('Estimate');
    expect(printLinks).not.toMatch(/[\u4e00-\u9fff]/);
    await advisor.context().close();
  });

  it('no page shows an English word', () => {
    const report = [...found].map(([url, words]) => `${url}: ${[...words].join(', ')}`);
    const slowest = [...timings].sort((a, b) => b[1] - a[1]).slice(0, 5);
    console.log(
      `zh-everywhere: ${visited.length} pages read (slowest: ${slowest.map(([u, ms]) => `${u} ${ms} ms`).join(', ')}); ${report.length} with English:\n${report.join('\n')}`,
    );
    expect(report, report.join('\n')).toEqual([]);
    // the sweep reached the figures, the reports and the supervision pages
    for (const page of [
      /^\/figures$/,
      /^\/figures\/dealers\//,
      /^\/reports$/,
      /^\/reports\/print/,
      /^\/supervision$/,
      /^\/supervision\/warnings\//,
      /^\/supervision\/plans\//,
    ])
      expect(
        visited.some((u) => page.test(u)),
        String(page),
      ).toBe(true);
  });
});
