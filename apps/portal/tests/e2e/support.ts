import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

const portalDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The tests run the production build (server.js + build/); build it once if missing. */
export function ensurePortalBuilt(): void {
  if (existsSync(path.join(portalDir, 'build/handler.js'))) return;
  const r = spawnSync('pnpm', ['run', 'build'], { cwd: portalDir, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('portal build failed');
}

/** The system's Chromium (Debian package); no test downloads a browser. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface E2E {
  stack: import('@asn/api/dist/testing/start-stack.js').Stack;
  browser: Browser;
  /** The portal's origin, e.g. http://127.0.0.1:41234 */
  base: string;
  /** A new browser context signed in as a demo user, on the home page. */
  signIn(email: string, viewport?: { width: number; height: number }): Promise<import('playwright-core').Page>;
  /** A staff member working through the API with a bearer token (as a second workstation would). */
  staffApi(email: string): Promise<(query: string, variables?: Record<string, unknown>) => Promise<any>>;
  stop(): Promise<void>;
}

/** API over a fresh seeded database, the portal's production server in front of it, and Chromium. */
/** `history`: the demo network's past 13 months (the figures pages' data); off by default (it costs seconds). */
export async function startE2E(opts: { clock?: { now(): Date }; history?: boolean } = {}): Promise<E2E> {
  ensurePortalBuilt();
  const { startStack } = await import('@asn/api/dist/testing/start-stack.js');
  const { startPortal } = await import('../../server.js');
  const stack = await startStack({ clock: opts.clock, history: opts.history ?? false, trustProxy: ['loopback'] }); // the portal on loopback forwards the browser's address
  const portal = await startPortal({ port: 0, apiUrl: `http://127.0.0.1:${stack.api.port}` });
  const addr = portal.address();
  const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  const browser = await launchChromium();
  return {
    stack,
    browser,
    base,
    async signIn(email, viewport = { width: 1400, height: 900 }) {
      const page = await (await browser.newContext({ viewport, locale: 'zh-CN' })).newPage();
      // requests still open, to say where a stuck sign-in waits
      const open = new Map<unknown, string>();
      page.on('request', (r) => open.set(r, `${r.method()} ${r.url()} @${new Date().toISOString().slice(11, 23)}`));
      page.on('requestfinished', (r) => open.delete(r));
      page.on('requestfailed', (r) => open.delete(r));
      await page.goto(`${base}/sign-in`);
      await page.locator('[data-shell-hydrated=yes]').waitFor(); // typed before hydration, a field could be reset
      await page.getByTestId('email').fill(email);
      await page.getByTestId('password').fill('demo-pass-2026');
      await page.getByTestId('submit').click();
      // the home page, or the sign-in page's refusal: either ends the wait, and a refusal says why
      const refused = page.getByTestId('error');
      try {
        await page.getByTestId('welcome').or(refused).waitFor();
      } catch (e) {
        const shot = path.join(portalDir, 'test-results', `sign-in-stuck-${email.replace(/[^a-z0-9]+/gi, '-')}.png`);
        await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
        throw new Error(
          `sign-in of ${email} did not finish (at ${page.url()}; waiting for: ${[...open.values()].join(', ') || 'nothing'}; screenshot ${shot}): ${(e as Error).message}`,
        );
      }
      if (await refused.isVisible()) throw new Error(`sign-in of ${email} refused: ${await refused.getAttribute('data-code')} ${await refused.textContent()}`);
      return page;
    },
    async staffApi(email) {
      const call = async (token: string | null, query: string, variables: Record<string, unknown> = {}) => {
        const r = await fetch(stack.apiUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify({ query, variables }),
        });
        const body = await r.json();
        if (body.errors) throw new Error(JSON.stringify(body.errors));
        return body.data;
      };
      const signIn = await call(null, 'mutation($i: SignInInput!) { signIn(input: $i) { token } }', {
        i: { email, password: 'demo-pass-2026', issueBearerToken: true },
      });
      return (query, variables = {}) => call(signIn.signIn.token, query, variables);
    },
    async stop() {
      await browser.close();
      await new Promise((r) => portal.close(r));
      await stack.stop();
    },
  };
}

/** A real JPEG the browser draws (a small red square): what a phone's photo upload sends. */
export async function jpeg(page: import('playwright-core').Page): Promise<Buffer> {
  const url = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    [canvas.width, canvas.height] = [64, 48];
    const g = canvas.getContext('2d')!;
    g.fillStyle = '#b42318';
    g.fillRect(0, 0, 64, 48);
    return canvas.toDataURL('image/jpeg', 0.8);
  });
  return Buffer.from(url.split(',')[1]!, 'base64');
}
