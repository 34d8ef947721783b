import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, type E2E } from './support.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const shots = path.resolve(here, '../../test-results');

/** A real PNG (so the browser can draw it): w×h of one colour. */
function png(w: number, h: number, [r, g, b]: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: w }, () => [r, g, b]).flat())]);
  const raw = Buffer.concat(Array.from({ length: h }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Width the browser decoded for each matching image (0 = broken). */
const drawn = (page: Page, testId: string) =>
  page.getByTestId(testId).evaluateAll((imgs) => imgs.map((i) => ((i as HTMLImageElement).complete ? (i as HTMLImageElement).naturalWidth : -1)));

describe('photos of proposed extra work', () => {
  let e2e: E2E;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    e2e = await startE2E();
  });
  afterAll(() => e2e?.stop());

  it('the technician attaches a photo on the order page; the customer sees it next to the approve/decline choice', async () => {
    const { browser, base } = e2e;
    const advisor = await e2e.staffApi('advisor@dealer-east.demo');
    const admin = await e2e.staffApi('admin@dealer-east.demo');
    const tech = await e2e.staffApi('tech@dealer-east.demo');
    const c = await advisor(
      `mutation { createCustomer(input: { name: "欧阳明", phone: "13700001234", vehicles: [{ vin: "LFPH4ACC9K1A54321", plate: "沪G20261" }] }) { customer { id vehicles { id } } } }`,
    );
    const o = await advisor(
      `mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "刹车异响" }) { repairOrder { id } } }`,
      {
        c: c.createCustomer.customer.id,
        v: c.createCustomer.customer.vehicles[0].id,
      },
    );
    const orderId = o.createRepairOrder.repairOrder.id as string;
    const version = async () => (await advisor(`query($id: ID!) { repairOrder(id: $id) { version } }`, { id: orderId })).repairOrder.version;
    const move = async (call: typeof advisor, name: string, type: string, extra: Record<string, unknown> = {}) =>
      call(`mutation($i: ${type}!) { ${name}(input: $i) { repairOrder { id lines { id additional } } } }`, {
        i: { id: orderId, version: await version(), ...extra },
      });
    await move(advisor, 'checkInRepairOrder', 'CheckInInput', { meter: 41000, customerSigned: true });
    await move(advisor, 'diagnoseRepairOrder', 'DiagnoseInput', { findings: [{ system: '制动', finding: '刹车片磨损' }], summary: '更换刹车片' });
    await move(advisor, 'estimateRepairOrder', 'EstimateInput', {
      method: 'ITEM',
      lines: [{ kind: 'LABOUR', description: '更换刹车片', hours: '1', rateMinor: '15000', payType: 'CUSTOMER' }],
    });
    await move(advisor, 'approveRepairOrder', 'OrderRef');
    const techId = (await tech(`{ me { user { id } } }`)).me.user.id;
    await move(admin, 'dispatchRepairOrder', 'DispatchInput', { technicianId: techId });
    await move(tech, 'startRepairWork', 'OrderRef');
    const p = await move(tech, 'proposeAdditionalWork', 'ProposeAdditionalWorkInput', {
      reason: '刹车盘有裂纹',
      safetyRelevant: true,
      lines: [{ kind: 'PART', description: '前刹车盘', partNumber: 'DISC-1', quantity: '2', unitPriceMinor: '45000', source: 'OEM', payType: 'CUSTOMER' }],
    });
    const lineId = p.proposeAdditionalWork.repairOrder.lines.find((l: { additional: boolean }) => l.additional).id as string;

    // the technician, on the order page, picks a photo and uploads it
    const page = await e2e.signIn('tech@dealer-east.demo');
    await page.goto(`${base}/orders/${orderId}`);
    const form = page.getByTestId(`attach-${lineId}`);
    await form.locator('input[type=file]').setInputFiles({ name: '刹车盘裂纹.png', mimeType: 'image/png', buffer: png(64, 48, [200, 40, 40]) });
    await form.locator('button').click();
    await page.getByTestId('attached').waitFor();
    await expect.poll(() => drawn(page, 'photo')).toEqual([64]);
    // the form is reset for the next photo, still shown to the customer by default
    expect(await form.locator('input[name=customerVisible]').isChecked()).toBe(true);
    // a file that only pretends to be a photo is refused with the API's reason
    await form
      .locator('input[type=file]')
      .setInputFiles({ name: 'evil.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('<html><script>alert(1)</script></html>') });
    await form.locator('button').click();
    await expect.poll(() => page.getByTestId('order-error').getAttribute('data-code')).toBe('BAD_USER_INPUT');
    expect(await page.getByTestId('order-error').textContent()).toBe('文件“evil.jpg”：不支持此文件类型（可上传：JPEG、PNG、WebP）');
    await page.screenshot({ path: path.join(shots, 'order-photos.png'), fullPage: true });

    // the customer's phone: after the digits, the photo sits next to the choice
    const token = (await advisor(`mutation($id: ID!) { createTrackingLink(input: { repairOrderId: $id }) { token } }`, { id: orderId })).createTrackingLink
      .token;
    const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
    await phone.goto(`${base}/t/${token}`);
    await phone.locator('[data-hydrated=yes]').waitFor();
    expect(await phone.getByTestId('pending-photo').count()).toBe(0);
    await phone.getByTestId('digits').fill('1234');
    await phone.getByTestId('open').click();
    await phone.getByTestId('pending').waitFor();
    await expect.poll(() => drawn(phone, 'pending-photo')).toEqual([64]);
    const src = (await phone.getByTestId('pending-photo').getAttribute('src'))!;
    expect(src).toMatch(/^\/files\/[0-9a-f-]{36}\?c=/);
    await phone.screenshot({ path: path.join(shots, 'tracking-photo.png'), fullPage: true });

    // without the signed part, or with it altered, the portal (proxying the API) answers 404
    const id = src.split('?')[0]!;
    expect((await fetch(`${base}${id}`)).status).toBe(404);
    expect((await fetch(`${base}${src.slice(0, -2)}xx`)).status).toBe(404);
    expect((await fetch(`${base}${src}`)).headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('the engineer on site attaches a photo to the visit; it carries time and the check-in place', async () => {
    const { base } = e2e;
    const advisor = await e2e.staffApi('advisor@dealer-east.demo');
    const controller = await e2e.staffApi('controller@dealer-east.demo');
    const tech = await e2e.staffApi('tech@dealer-east.demo');
    const c = await advisor(
      `mutation { createCustomer(input: { name: "郑强", phone: "13911119876", vehicles: [{ vin: "HYZL50C2026005555", model: "ZL50 装载机", usageUnit: HOURS }] }) { customer { id vehicles { id } } } }`,
    );
    const o = await advisor(
      `mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "装载机无法启动", onSite: true, siteAddress: "大同市某煤场 3 号堆场" }) { repairOrder { id } } }`,
      {
        c: c.createCustomer.customer.id,
        v: c.createCustomer.customer.vehicles[0].id,
      },
    );
    const orderId = o.createRepairOrder.repairOrder.id as string;
    const techId = (await tech(`{ me { user { id } } }`)).me.user.id;
    const v = await controller(`mutation($i: ScheduleVisitInput!) { scheduleVisit(input: $i) { visit { id version } } }`, {
      i: { repairOrderId: orderId, engineerId: techId, scheduledAt: new Date(Date.now() + 3_600_000).toISOString() },
    });
    const visitId = v.scheduleVisit.visit.id as string;
    const d = await tech(`mutation($i: DepartVisitInput!) { departForVisit(input: $i) { visit { version } } }`, {
      i: { id: visitId, version: v.scheduleVisit.visit.version, eta: new Date(Date.now() + 1_800_000).toISOString(), confirmedWithCustomer: true },
    });
    await tech(`mutation($i: ArriveVisitInput!) { arriveAtVisit(input: $i) { visit { id } } }`, {
      i: { id: visitId, version: d.departForVisit.visit.version, place: '3 号堆场东门' },
    });

    const page = await e2e.signIn('tech@dealer-east.demo');
    await page.goto(`${base}/orders/${orderId}`);
    const form = page.getByTestId(`attach-${visitId}`);
    expect(await form.locator('input[name=place]').inputValue()).toBe('3 号堆场东门');
    await form.locator('input[type=file]').setInputFiles({ name: 'IMG_2001.PNG', mimeType: 'image/png', buffer: png(40, 30, [40, 120, 200]) });
    await form.locator('button').click();
    await page.getByTestId('attached').waitFor();
    const visits = page.getByTestId('visits');
    await expect.poll(() => drawn(page, 'photo')).toEqual([40]);
    expect(await visits.getByTestId('photos').textContent()).toContain('3 号堆场东门');
  });
});
