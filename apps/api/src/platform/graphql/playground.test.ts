import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { startApi, type RunningApi } from '../../server.js';
import { startTestApi, type TestApi } from '../../test/harness.js';
import { PLAYGROUND_CSP, PLAYGROUND_PATH } from './playground.js';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

/** Every URL the page loads: <script src>, <link href>, and anything else that looks like one. */
function referencedUrls(html: string): string[] {
  return [...html.matchAll(/\b(?:src|href)\s*=\s*"([^"]*)"/g)].map((m) => m[1]!);
}

describe('GraphQL playground (offline: every asset from this server)', () => {
  let t: TestApi;
  let prod: RunningApi;
  beforeAll(async () => {
    t = await startTestApi({ seed: false });
    prod = await startApi(loadConfig({ databaseUrl: t.db.url, port: 0, production: true }));
  });
  afterAll(async () => {
    await prod.stop();
    await t.stop();
  });

  it('answers a browser on the GraphQL URL with a page that loads only same-origin assets, each served with its type', async () => {
    const res = await fetch(t.url, { headers: { accept: BROWSER_ACCEPT } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(PLAYGROUND_CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('vary')).toMatch(/accept/i);
    const html = await res.text();
    // no CDN, no inline script (the CSP has no 'unsafe-inline' for scripts)
    expect(html).not.toMatch(/https?:\/\/|\/\/[a-z]/i);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expect(html).not.toMatch(/\bstyle\s*=/i);
    const urls = referencedUrls(html);
    expect(urls.length).toBeGreaterThanOrEqual(6);
    const types = new Map<string, string>();
    for (const u of urls) {
      expect(u.startsWith(`${PLAYGROUND_PATH}/`), u).toBe(true);
      const a = await fetch(new URL(u, t.url));
      expect(a.status, u).toBe(200);
      const type = a.headers.get('content-type') ?? '';
      types.set(u, type);
      expect(type, u).toMatch(u.endsWith('.css') ? /^text\/css; charset=utf-8$/ : /^text\/javascript; charset=utf-8$/);
      expect(a.headers.get('x-content-type-options'), u).toBe('nosniff');
      const body = await a.text();
      expect(body.length, u).toBeGreaterThan(50);
      // no code loading from a CDN (a bare mention in an error message is fine)
      expect(/https:\/\/(embeddable-sandbox|[a-z.-]*cdn\.apollographql|unpkg\.com\/|cdn\.jsdelivr|esm\.sh\/)/.test(body), u).toBe(false);
      // revalidation: the same bytes are a 304
      const again = await fetch(new URL(u, t.url), { headers: { 'if-none-match': a.headers.get('etag')! } });
      expect(again.status, u).toBe(304);
    }
    expect([...types.keys()].some((u) => u.includes('graphiql'))).toBe(true);
    expect((await fetch(`${t.url}/playground/nope.js`)).status).toBe(404);
  });

  it('still answers GraphQL on the same URL: POST, and GET for a client that asks for JSON', async () => {
    const post = await fetch(t.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(await post.json()).toEqual({ data: { __typename: 'Query' } });
    const get = await fetch(`${t.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': '1' },
    });
    expect(get.headers.get('content-type')).toMatch(/application\/json/);
    expect(await get.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('is not served in production, where introspection is off', async () => {
    const res = await fetch(prod.url, { headers: { accept: BROWSER_ACCEPT } });
    expect(await res.text()).not.toContain(PLAYGROUND_PATH);
    const a = await fetch(`${prod.url.replace(/\/graphql$/, '')}${PLAYGROUND_PATH}/graphiql.min.js`);
    expect(a.headers.get('content-type') ?? '').not.toMatch(/javascript/);
  });
});
