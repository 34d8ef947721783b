import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src');
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.svelte') ? [p] : [];
  });

/** POST forms the browser submits itself, by design (their endpoints answer with a redirect, not an action result). */
const NATIVE = new Set(['routes/+layout.svelte:/lang', 'routes/+layout.svelte:/sign-out', 'routes/customers/+page.svelte:?/order']);

describe('action forms cannot fire twice (kit/busy.ts)', () => {
  it('no page enhances a form with SvelteKit’s plain enhance: every one uses the kit’s, which holds the button busy', () => {
    const plain = files(src).filter((f) => /from '\$app\/forms'/.test(readFileSync(f, 'utf8')) && /\benhance\b/.test(readFileSync(f, 'utf8')));
    expect(plain.map((f) => path.relative(src, f))).toEqual([]);
  });

  it('every POST form is enhanced by the kit, or is one of the few native forms the layout’s guard marks busy', () => {
    const loose: string[] = [];
    for (const f of files(src)) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/<form\b[^>]*>/gs)) {
        const tag = m[0];
        if (!/method="POST"/i.test(tag)) continue;
        if (/use:enhance\b/.test(tag)) continue;
        const action = /action="([^"]*)"/.exec(tag)?.[1] ?? '';
        const where = `${path.relative(src, f)}:${action}`;
        if (!NATIVE.has(where)) loose.push(where);
      }
      if (/use:enhance\b/.test(text) && !/from '\$lib\/components\/kit(\/busy)?'/.test(text) && !f.includes('components/kit/'))
        loose.push(`${path.relative(src, f)}: use:enhance without the kit's enhance`);
    }
    expect(loose).toEqual([]);
  });
});
