import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './support.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const shots = path.resolve(here, '../../test-results');
const LIVE_MS = 8000;

/** A small file the API accepts as a JPEG (it checks the content, not the name). */
const jpeg = (tag: string) => {
  const b = Buffer.alloc(64);
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00]).copy(b);
  Buffer.from(tag, 'utf8').copy(b, 12);
  return b.toString('base64');
};
const dayIn = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
const tiles = (page: Page) => page.getByTestId('work').locator('a').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
const count = async (page: Page, key: string) => Number((await page.getByTestId(`work-${key}`).getByTestId('work-count').textContent())?.trim());

describe('the workbench (工作台): what waits for each user, live', () => {
  let e2e: E2E;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    e2e = await startE2E();
  }, 120_000);
  afterAll(() => e2e?.stop());

  it('the reviewer sees the claims to review rise live when a dealer submits; the clerk its drafts; each tile opens its list', async () => {
    const reviewerApi = await e2e.staffApi('reviewer@oem.demo');
    const clerkApi = await e2e.staffApi('warranty@dealer-east.demo');
    const oemId = (await reviewerApi(`{ me { tenant { id } } }`)).me.tenant.id as string;
    const open = async () => (await reviewerApi(`{ warrantyClaims(filter: { status: [SUBMITTED, UNDER_REVIEW, APPEALED] }, first: 1) { totalCount } }`)).warrantyClaims.totalCount as number;

    // the reviewer's tiles: what a reviewer and receiver of parts works, nothing of the dealer's
    const reviewer = await e2e.signIn('reviewer@oem.demo');
    // signing in is a client-side navigation: the live connection opens with it, no reload needed
    await reviewer.locator('.badge.live').waitFor();
    expect(await tiles(reviewer)).toEqual(['work-toReview', 'work-overdue', 'work-sanbao', 'work-toReceive', 'work-toInspect', 'work-toSettle']);
    const before = await open();
    expect(before).toBeGreaterThan(0); // the demo claim of 华东一店
    expect(await count(reviewer, 'toReview')).toBe(before);
    expect(await reviewer.getByTestId('work-toReview').textContent()).toContain('待审核索赔');

    // the dealer's warranty clerk: drafts, questions, rejections, parts to ship
    const clerk = await e2e.signIn('warranty@dealer-east.demo');
    await clerk.locator('.badge.live').waitFor();
    expect(await tiles(clerk)).toEqual(['work-drafts', 'work-needsInfo', 'work-rejected', 'work-toShip']);
    const drafts = await count(clerk, 'drafts');

    // a new draft shows on the clerk's open page, and its submission on the reviewer's, without reload
    const draft = (
      await clerkApi(`mutation($i: CreateWarrantyClaimInput!) { createWarrantyClaim(input: $i) { claim { id version } } }`, {
        i: { manufacturerId: oemId, type: 'STANDARD', vin: 'HYE2EHOME01', meter: 420, repairDate: dayIn(new Date()), complaint: '发电机异响', cause: '轴承损坏', correction: '更换发电机', causalPartNumber: 'ALT-12', lines: [{ kind: 'LABOUR', operationCode: 'GEN-0001' }] },
      })
    ).createWarrantyClaim.claim;
    await expect.poll(() => count(clerk, 'drafts'), { timeout: LIVE_MS }).toBe(drafts + 1);
    await clerkApi(`mutation($i: UploadAttachmentInput!) { uploadAttachment(input: $i) { attachment { id } } }`, {
      i: { ownerType: 'WARRANTY_CLAIM', ownerId: draft.id, evidenceKind: 'FAILURE_PHOTO', fileName: 'failure.jpg', contentType: 'image/jpeg', contentBase64: jpeg('home') },
    });
    await clerkApi(`mutation($i: ClaimRef!) { submitWarrantyClaim(input: $i) { claim { status } } }`, { i: { id: draft.id, version: draft.version } });
    await expect.poll(() => count(reviewer, 'toReview'), { timeout: LIVE_MS }).toBe(before + 1);
    await expect.poll(() => count(clerk, 'drafts'), { timeout: LIVE_MS }).toBe(drafts);
    await reviewer.screenshot({ path: path.join(shots, 'home-reviewer.png'), fullPage: true });

    // a tile opens the list it counts
    await reviewer.getByTestId('work-toReview').click();
    await reviewer.waitForURL(/\/claims\?status=OPEN$/);
    await expect.poll(() => reviewer.locator('[data-testid=claim-row]').count()).toBe(before + 1);
  }, 120_000);

  it('a supplier sees the recovery claims to answer; an advisor, who files no claims, no warranty work', async () => {
    const supplier = await e2e.signIn('quality@sup-hyd.demo');
    expect(await tiles(supplier)).toEqual(['work-toAnswer']);
    const advisor = await e2e.signIn('advisor@dealer-east.demo');
    expect(await advisor.getByTestId('work').count()).toBe(0);
  }, 60_000);
});
