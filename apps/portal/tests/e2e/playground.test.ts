import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './support.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const shots = path.resolve(here, '../../test-results');

/** A browser with no internet: every request to anything but this machine is aborted (and noted). */
async function offlineContext(e2e: E2E): Promise<{ context: BrowserContext; page: Page; outside: string[]; violations: () => Promise<string[]> }> {
  const context = await e2e.browser.newContext({ viewport: { width: 1400, height: 900 } });
  const outside: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
    outside.push(url.href);
    return route.abort('internetdisconnected');
  });
  // what the page's Content-Security-Policy refused (an asset or style the page needs would show here)
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  return { context, page, outside, violations: () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations) };
}

const response = (page: Page) => page.locator('.graphiql-response').textContent();

/** Opens the playground with an operation in the editor (`?query=`) and runs it, as a shared link would. */
async function run(page: Page, url: string, operation: string) {
  await page.goto(`${url}?query=${encodeURIComponent(operation)}`);
  await page.locator('.graphiql-execute-button').click({ timeout: 30_000 });
}

/** Issue 12, item 8: the playground at the API URL loads and works with no internet (Apollo Sandbox needed a CDN). */
describe('the GraphQL playground works offline', () => {
  let e2e: E2E;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    e2e = await startE2E();
  }, 120_000);
  afterAll(() => e2e?.stop());

  it('renders at the API URL with the internet blocked, runs { __typename }, signs in and follows a subscription live', async () => {
    const apiUrl = e2e.stack.apiUrl;
    const { context, page, outside, violations } = await offlineContext(e2e);

    const res = await page.goto(apiUrl);
    expect(res?.headers()['content-security-policy']).toMatch(/default-src 'none'/);
    await page.locator('.graphiql-container').waitFor({ timeout: 30_000 });
    // typed by hand into the editor, run with the button
    await page.locator('.graphiql-query-editor .CodeMirror').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('{ __typename }');
    await page.locator('.graphiql-execute-button').click();
    await expect.poll(() => response(page)).toMatch(/"__typename":\s*"Query"/);
    // the schema reached the docs (introspection over the same origin)
    await page.getByLabel('Show Documentation Explorer').click();
    await page.locator('.graphiql-doc-explorer').getByText('subscription', { exact: false }).first().waitFor({ timeout: 30_000 });

    // signing in here sets the session cookie; the subscription then runs over graphql-ws on the same URL
    await run(page, apiUrl, 'mutation { signIn(input: { email: "advisor@dealer-east.demo", password: "demo-pass-2026" }) { me { user { id } } } }');
    await expect.poll(() => response(page)).toMatch(/"user":\s*\{\s*"id"/);
    const advisor = await e2e.staffApi('advisor@dealer-east.demo');
    const cursor = (await advisor(`{ eventCursor }`)).eventCursor as string;
    // from the cursor: what happens after it arrives even if the socket opens late
    await run(page, apiUrl, `subscription { events(after: ${JSON.stringify(cursor)}, entityTypes: ["Customer"]) { type entityType } }`);
    await advisor(`mutation { createCustomer(input: { name: "孔乐", phone: "13700001357" }) { customer { id } } }`);
    await expect.poll(() => response(page)).toMatch(/"type":\s*"customer\.created"/);

    // the settings dialog (it injects its own styles) and everything else stayed within the CSP
    await page.getByLabel('Open settings dialog').click();
    await page.getByRole('dialog').waitFor();
    await page.screenshot({ path: path.join(shots, 'playground-offline.png') });
    expect(await violations()).toEqual([]);
    expect(outside).toEqual([]);
    await context.close();
  });

  it('is served same-origin through the portal too (it forwards /graphql)', async () => {
    const { context, page, outside, violations } = await offlineContext(e2e);
    await page.goto(`${e2e.base}/graphql`);
    await page.locator('.graphiql-container').waitFor({ timeout: 30_000 });
    await run(page, `${e2e.base}/graphql`, '{ __typename }');
    await expect.poll(() => response(page)).toMatch(/"__typename":\s*"Query"/);
    expect(await violations()).toEqual([]);
    expect(outside).toEqual([]);
    await context.close();
  });
});
