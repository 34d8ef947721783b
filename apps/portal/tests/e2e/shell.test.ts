import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '@asn/api/dist/testing/start-stack.js';
import { startPortal } from '../../server.js';
import { ensurePortalBuilt, launchChromium } from './support.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const portalDir = path.resolve(here, '../..');
const shots = path.join(portalDir, 'test-results');
const PASSWORD = 'demo-pass-2026';

describe('portal shell in Chromium', () => {
  let stack: Stack;
  let portal: Server;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    ensurePortalBuilt();
    mkdirSync(shots, { recursive: true });
    stack = await startStack();
    portal = await startPortal({ port: 0, apiUrl: `http://127.0.0.1:${stack.api.port}` });
    const addr = portal.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => (portal ? portal.close(r) : r(undefined)));
    await stack?.stop();
  });

  async function signIn(email: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.waitForURL(/\/sign-in/);
    await page.getByTestId('email').fill(email);
    await page.getByTestId('password').fill(PASSWORD);
    await page.getByTestId('submit').click();
    await page.getByTestId('welcome').waitFor();
    return page;
  }

  const navAreas = (page: Page) => page.locator('[data-nav]').evaluateAll((els) => els.map((e) => e.getAttribute('data-nav')));

  it('a dealer service advisor sees their dealer, their role and no admin areas', async () => {
    const page = await signIn('advisor@dealer-east.demo');
    await expect.poll(() => page.getByTestId('tenant-name').textContent()).toBe('华东一店（上海）');
    expect(await page.getByTestId('role').allTextContents()).toEqual(['业务接待']);
    expect(await navAreas(page)).toEqual(['home', 'workshop', 'appointments', 'customers', 'claims', 'complaints', 'contracts', 'service-requests', 'network']);
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await page.screenshot({ path: path.join(shots, 'advisor-home.png'), fullPage: true });

    await page.click('[data-nav=network]');
    await page.getByTestId('relationships').waitFor();
    const rows = await page.locator('[data-testid=relationships] tbody tr').allTextContents();
    expect(rows.join('\n')).toContain('华岳重工 售后服务部');
    expect(rows.join('\n')).toContain('HY-E001');
    expect(rows.join('\n')).not.toContain('华东二店'); // another dealer's authorisation
    await page.screenshot({ path: path.join(shots, 'advisor-network.png'), fullPage: true });

    const forbidden = await page.goto(`${base}/users`);
    expect(forbidden?.status()).toBe(403);
    await page.context().close();
  });

  it('a manufacturer admin sees the dealer network, its users and the audit log', async () => {
    const page = await signIn('admin@oem.demo');
    expect(await navAreas(page)).toEqual([
      'home',
      'claims',
      'settlements',
      'recoveries',
      'parts',
      'complaints',
      'contracts',
      'service-requests',
      'figures',
      'supervision',
      'network',
      'users',
      'audit',
    ]);
    expect(await page.getByTestId('role').allTextContents()).toEqual(['主机厂管理员']);
    await page.screenshot({ path: path.join(shots, 'oem-home.png'), fullPage: true });

    await page.click('[data-nav=network]');
    const table = page.getByTestId('relationships');
    await table.waitFor();
    const text = await table.textContent();
    for (const code of ['HY-E001', 'HY-E002', 'HY-N001', '精工液压有限公司', '博远电气股份有限公司']) expect(text).toContain(code);
    await page.screenshot({ path: path.join(shots, 'oem-network.png'), fullPage: true });

    await page.click('[data-nav=users]');
    const users = await page.getByTestId('users').textContent();
    expect(users).toContain('reviewer@oem.demo');
    expect(users).not.toContain('@dealer-east.demo');
    await page.screenshot({ path: path.join(shots, 'oem-users.png'), fullPage: true });

    // invite a colleague: the one-time password is shown once, the list updates
    const invite = page.locator('form[action="?/invite"]');
    await invite.locator('input[name=email]').fill('new.reviewer@oem.demo');
    await invite.locator('input[name=displayName]').fill('新审核员');
    await invite.locator('input[name=roles][value=WARRANTY_REVIEWER]').check();
    await invite.locator('button').click();
    await expect.poll(() => page.getByTestId('temp-password').textContent()).toMatch(/^[A-Za-z0-9]{14}$/);
    await expect.poll(() => page.getByTestId('users').textContent()).toContain('new.reviewer@oem.demo');

    // a second authorisation for the same dealer is refused with the API's message
    await page.click('[data-nav=network]');
    const create = page.locator('form[action="?/create"]');
    await create.locator('input[name=counterpartyCode]').fill('DLR-E1');
    await create.locator('input[name=dealerCode]').fill('HY-E099');
    await create.locator('input[name=region]').fill('华东');
    await create.locator('input[name=brands]').fill('华岳装载机');
    await create.locator('input[name=validFrom]').fill('2026-12-01');
    await create.locator('button').click();
    const error = page.locator('.alert.error[data-code]');
    await error.waitFor();
    await expect.poll(() => error.getAttribute('data-code')).toBe('CONFLICT');

    await page.click('[data-nav=audit]');
    await page.waitForURL(/\/audit$/);
    await expect.poll(() => page.getByTestId('audit').textContent()).toContain('建立合作关系');
    const audit = await page.getByTestId('audit').textContent();
    // readable actions, not raw keys
    expect(audit).toContain('建立合作关系');
    expect(audit).toContain('邀请用户');
    expect(audit).not.toContain('relationship.created');
    await page.screenshot({ path: path.join(shots, 'oem-audit.png'), fullPage: true });
    await page.context().close();
  });

  it('the platform operator creates a tenant whose first admin can sign in', async () => {
    const page = await signIn('platform@asn.demo');
    expect(await navAreas(page)).toEqual(['tenants']); // the operator sees no tenant's business data
    await page.click('[data-nav=tenants]');
    const tenants = page.getByTestId('tenants');
    await tenants.waitFor();
    expect(await tenants.textContent()).toContain('OEM-HY');

    const create = page.locator('form[action="?/create"]');
    await create.locator('select[name=kind]').selectOption('DEALER_4S');
    await create.locator('input[name=name]').fill('华南一店');
    await create.locator('input[name=code]').fill('DLR-S1');
    await create.locator('input[name=adminEmail]').fill('admin@dealer-south.demo');
    await create.locator('input[name=adminDisplayName]').fill('何主管');
    await create.locator('input[name=adminPassword]').fill(PASSWORD);
    await create.locator('button').click();
    await page.locator('.alert.ok').waitFor();
    expect(await tenants.textContent()).toContain('DLR-S1');
    await page.screenshot({ path: path.join(shots, 'platform-tenants.png'), fullPage: true });
    await page.context().close();

    const admin = await signIn('admin@dealer-south.demo');
    await expect.poll(() => admin.getByTestId('tenant-name').textContent()).toBe('华南一店');
    expect(await admin.getByTestId('role').allTextContents()).toEqual(['业务主管']);
    expect(await navAreas(admin)).toContain('users');
    await admin.context().close();
  });

  it('the network page updates live when a colleague authorises a dealer elsewhere', async () => {
    const page = await signIn('admin@oem.demo');
    await page.goto(`${base}/network`);
    await page.locator('.badge.live').waitFor(); // subscription connected
    // a colleague (the 华东 regional manager) works through the API meanwhile
    const res = await fetch(stack.apiUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation($i: SignInInput!) { signIn(input: $i) { token } }',
        variables: { i: { email: 'network@oem.demo', password: PASSWORD, issueBearerToken: true } },
      }),
    });
    const token = (await res.json()).data.signIn.token as string;
    const started = Date.now();
    await fetch(stack.apiUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: `mutation { createRelationship(input: { kind: DEALER_AUTHORIZATION, counterpartyCode: "SHOP-1", dealerCode: "HY-S001", region: "华东", brands: ["华岳装载机"], validFrom: "2026-11-01" }) { relationship { id } } }`,
      }),
    });
    await page.getByText('HY-S001').waitFor(); // live: the page has no polling and is not reloaded
    console.log(`network page updated ${Date.now() - started} ms after the colleague's change`);
    await page.screenshot({ path: path.join(shots, 'oem-network-live.png'), fullPage: true });
    await page.context().close();
  });

  it('switches language to English and Traditional Chinese', async () => {
    const page = await signIn('admin@dealer-east.demo');
    await page.getByTestId('lang').selectOption('en');
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await page.locator('[data-nav=network]').textContent()).toBe('My manufacturers & suppliers');
    expect(await page.getByTestId('role').allTextContents()).toEqual(['Service admin']);
    await page.getByTestId('lang').selectOption('zh-TW');
    await page.waitForFunction(() => document.documentElement.lang === 'zh-TW');
    expect(await page.locator('[data-nav=users]').textContent()).toBe('使用者與角色');
    await page.context().close();
  });

  it('keeps an address typed before the page became interactive (a slow phone), and after a refusal', async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    let release!: () => void;
    const scriptsHeld = new Promise<void>((r) => (release = r));
    // the page's scripts arrive only once the user has typed: hydration happens after the typing
    await context.route('**/_app/immutable/**', async (route) => {
      await scriptsHeld;
      await route.continue();
    });
    const page = await context.newPage();
    await page.goto(`${base}/sign-in`, { waitUntil: 'commit' });
    await page.getByTestId('email').fill('admin@oem.demo');
    await page.getByTestId('password').fill('not-the-password');
    expect(await page.locator('[data-shell-hydrated=yes]').count()).toBe(0);
    release();
    await page.locator('[data-shell-hydrated=yes]').waitFor();
    expect(await page.getByTestId('email').inputValue()).toBe('admin@oem.demo');
    await page.getByTestId('submit').click();
    await page.getByTestId('error').waitFor();
    expect(await page.getByTestId('email').inputValue()).toBe('admin@oem.demo');
    await context.close();
  });

  it('says in the user’s language why a sign-in was refused — a wrong password, then too many — and signs out', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${base}/sign-in`);
    await page.getByTestId('email').fill('admin@oem.demo');
    await page.getByTestId('password').fill('not-the-password');
    await page.getByTestId('submit').click();
    const error = page.getByTestId('error');
    await error.waitFor();
    expect(await error.getAttribute('data-code')).toBe('UNAUTHENTICATED');
    expect(await error.textContent()).toBe('邮箱或密码错误。');
    await page.screenshot({ path: path.join(shots, 'sign-in-error.png') });
    // wrong again until the e-mail is locked (five failures; at most six tries), and said so in Chinese
    for (let i = 0; i < 6 && (await error.getAttribute('data-code')) !== 'RATE_LIMITED'; i++) {
      const answered = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/sign-in');
      await page.getByTestId('password').fill('not-the-password');
      await page.getByTestId('submit').click();
      await answered;
      await page.waitForFunction(() => !document.querySelector('[data-testid=submit]')?.hasAttribute('disabled'));
    }
    expect(await error.getAttribute('data-code')).toBe('RATE_LIMITED');
    expect(await error.textContent()).toBe('尝试次数过多，请 15 分钟后再试。');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(shots, 'sign-in-limited.png') });
    await context.close();

    const signedIn = await signIn('tech@dealer-east.demo');
    await signedIn.getByTestId('sign-out').click();
    await signedIn.waitForURL(/\/sign-in/);
    await signedIn.goto(`${base}/`);
    await signedIn.waitForURL(/\/sign-in/);
    await signedIn.context().close();
  });
});
