import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type http from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePortalBuilt, launchChromium } from './support';

const shots = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-results');

/**
 * The browser's own address reaches the API through the portal (issue 9, item 1), so the API's
 * per-address sign-in limit counts browsers, not the portal. To tell the two apart on one machine
 * the browser comes in over IPv6 (::1) while the portal calls the API over IPv4 (127.0.0.1); the
 * API trusts loopback proxies, as `pnpm start` sets it up.
 */
describe('the browser’s address reaches the API', () => {
  let stack: import('@asn/api/dist/testing/start-stack.js').Stack;
  let portal: http.Server;
  let browser: Browser;
  let base: string;

  const slots = async () => {
    const rows = (await stack.api.services.orm.em.fork().execute(`select key, failures from auth_throttle where key like 'ip:%' order by key`)) as {
      key: string;
      failures: number;
    }[];
    return Object.fromEntries(rows.map((r) => [r.key, r.failures]));
  };

  beforeAll(async () => {
    ensurePortalBuilt();
    const { startStack } = await import('@asn/api/dist/testing/start-stack.js');
    const { startPortal } = await import('../../server.js');
    stack = await startStack({ trustProxy: ['loopback'] });
    portal = await startPortal({ port: 0, host: '::', apiUrl: `http://127.0.0.1:${stack.api.port}` });
    base = `http://[::1]:${(portal.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => portal?.close(r));
    await stack?.stop();
  });

  it('a wrong password typed into the sign-in form counts against the browser’s address, not the portal’s', async () => {
    const before = await slots();
    const context = await browser.newContext({ locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(`${base}/sign-in`);
    await page.getByTestId('email').fill('admin@oem.demo');
    await page.getByTestId('password').fill('not-the-password');
    await page.getByTestId('submit').click();
    const error = page.getByTestId('error');
    await error.waitFor();
    expect(await error.getAttribute('data-code')).toBe('UNAUTHENTICATED');
    await page.screenshot({ path: path.join(shots, 'client-address-sign-in.png') });
    await context.close();
    const after = await slots();
    expect(after['ip:::1']).toBe((before['ip:::1'] ?? 0) + 1);
    expect(after['ip:127.0.0.1'] ?? 0).toBe(before['ip:127.0.0.1'] ?? 0);
  });

  it('a sign-in sent to /graphql through the portal’s proxy counts against the browser’s address too', async () => {
    const before = await slots();
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation($i: SignInInput!) { signIn(input: $i) { token } }',
        variables: { i: { email: 'admin@oem.demo', password: 'still-not-it' } },
      }),
    });
    expect((await res.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const after = await slots();
    expect(after['ip:::1']).toBe((before['ip:::1'] ?? 0) + 1);
    expect(after['ip:127.0.0.1'] ?? 0).toBe(before['ip:127.0.0.1'] ?? 0);
  });
});
