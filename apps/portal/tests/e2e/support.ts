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
