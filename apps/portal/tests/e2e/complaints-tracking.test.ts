import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TIME_ZONE } from '@asn/domain';
import { formatDateTime } from '../../src/lib/i18n';
import { zhCN } from '../../src/lib/i18n/zh-CN';
import { startE2E, type E2E } from './support.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const shots = path.resolve(here, '../../test-results');
const LIVE = { timeout: 20_000, interval: 100 }; // a live update (no reload) can take seconds on a busy 2-core machine
const WAIT = { timeout: 20_000 };
const dict = zhCN as Record<string, string>;

/** The workshop's wall-clock day `days` from now (the demo dealers keep Shanghai time). */
const shanghaiDay = (days: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: DEFAULT_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(Date.now() + days * 86_400_000),
  );

/** No raw code and no English sentence in what the customer reads. */
const RAW =
  /\b(RECEIVED|ACKNOWLEDGED|INVESTIGATING|ESCALATED|RESOLVED|REOPENED|CLOSED|PRODUCT_QUALITY|SERVICE_QUALITY|OTHER|customerMessage|answerPromised)\b|trackComplaint\.|\b[A-Za-z]+ [a-z]+ [a-z]+\b/;

/**
 * 投诉与建议 on the customer's tracking page (issue 14): the customer writes on a 390 px phone (its
 * browser in another time zone than the workshop), the dealer's care agent handles the complaint on
 * the staff pages at a desk (inbox → complaint page: acknowledge with a promised answer, investigate,
 * root cause, resolve, a new promise after a reopening), and every step reaches the customer's open
 * page live, without a reload; a product-quality complaint reaches the manufacturer's quality engineer.
 */
describe('a customer complains on the tracking page and follows the answer live', () => {
  let e2e: E2E;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    e2e = await startE2E();
    ({ browser, base } = e2e);
  });

  afterAll(() => e2e?.stop());

  it('files a service complaint on a phone, sees it acknowledged and answered live, rates it (unsatisfied reopens, satisfied closes), then a new message opens a new complaint that reaches the manufacturer’s quality engineer', async () => {
    // the advisor opens a repair for a customer and shares the tracking link
    const advisor = await e2e.signIn('advisor@dealer-east.demo');
    await advisor.goto(`${base}/customers`);
    const create = advisor.locator('form[action="?/create"]');
    await create.locator('input[name=name]').fill('钱文');
    await create.locator('input[name=phone]').fill('13766668642');
    await create.locator('input[name=vin]').fill('LFPH4ACC9K1A54321');
    await create.locator('input[name=plate]').fill('沪F31415');
    await create.locator('input[name=model]').fill('华岳重卡 H7');
    await create.locator('button').click();
    await advisor.locator('.alert.ok').waitFor(WAIT);
    await advisor.getByTestId('new-order').first().click();
    await advisor.locator('form[action="?/order"] input[name=complaint]').fill('更换机油机滤');
    await advisor.locator('form[action="?/order"] input[name=promisedAt]').fill(`${shanghaiDay(2)}T17:00`);
    await advisor.locator('form[action="?/order"] button').click();
    await advisor.waitForURL(/\/orders\//, WAIT);
    await advisor.getByTestId('share').click();
    const url = (await advisor.getByTestId('tracking-url').textContent())!.trim();
    await advisor.context().close();

    // the customer's phone, in a browser far from the workshop's zone: the page keeps the workshop's clock
    const phoneContext = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      locale: 'zh-CN',
      timezoneId: 'America/New_York',
    });
    const phone = await phoneContext.newPage();
    await phone.goto(url);
    await phone.locator('[data-hydrated=yes]').waitFor(WAIT);
    await phone.getByTestId('digits').fill('8642');
    await phone.getByTestId('open').click();
    const section = phone.getByTestId('complaints');
    await section.waitFor(WAIT);
    expect(await section.locator('h2').textContent()).toBe('投诉与建议');

    // the form opens on request; the categories in Chinese; 服务质量 chosen
    const compose = section.getByTestId('complaint-compose');
    expect((await compose.textContent())?.trim()).toBe('我要投诉或提建议');
    await compose.click();
    const category = section.getByTestId('complaint-category');
    const labels = (await category.locator('option').allTextContents()).map((s) => s.trim());
    expect(labels).toEqual(['请选择', '产品质量', '服务质量', '配件', '价格费用', '维修延误', '服务态度', '其他']);
    await section.getByTestId('complaint-text').fill('交车时车内很脏，座椅上有油污，也没有人向我说明更换了哪些配件。');
    // nothing goes out before the customer says what it is about
    expect(await section.getByTestId('complaint-send').isDisabled()).toBe(true);
    await category.selectOption({ label: '服务质量' });

    // while the message is sent the button is busy and disabled (the request held here until checked)
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let routed = false;
    await phone.route('**/graphql', async (route) => {
      if (route.request().method() === 'POST' && (route.request().postData() ?? '').includes('complainByLink')) {
        routed = true;
        await held;
      }
      await route.continue();
    });
    const send = section.getByTestId('complaint-send');
    await send.click();
    await expect.poll(() => send.getAttribute('aria-busy'), LIVE).toBe('true');
    expect(await send.isDisabled()).toBe(true);
    expect((await send.textContent())?.trim()).toBe('正在提交…');
    expect(routed).toBe(true);
    release();
    await section.getByTestId('complaint-sent').waitFor(WAIT);
    await phone.unroute('**/graphql');

    // received: 待受理, with the customer's own words in its trail
    const first = section.getByTestId('complaint').first();
    await expect.poll(() => first.getAttribute('data-status'), LIVE).toBe('RECEIVED');
    const number = (await first.getAttribute('data-number'))!;
    expect(number).toBeTruthy();
    expect((await first.getByTestId('complaint-status').textContent())?.trim()).toBe('待受理');
    expect(await first.textContent()).toContain('服务质量');
    expect(await first.getByTestId('complaint-trail').textContent()).toContain('已收到您的投诉');
    // while it is handled a new message joins it
    expect(await section.getByTestId('complaint-joins').textContent()).toContain(number);
    expect(await section.getByTestId('complaint-form').count()).toBe(0); // closed again once sent
    expect((await compose.textContent())?.trim()).toBe('补充留言');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await section.screenshot({ path: path.join(shots, 'complaint-tracking-received-390.png') });
    expect(await section.textContent()).not.toMatch(RAW);

    // the dealer's care agent, at a desk, finds it in the inbox and acknowledges it with a promised answer time and what the customer is told
    const care = await e2e.signIn('care@dealer-east.demo');
    await care.goto(`${base}/complaints`);
    const row = care.locator(`[data-testid=complaint][data-number="${number}"]`);
    await row.waitFor(WAIT);
    await row.getByTestId('complaint-link').click();
    await care.waitForURL(/\/complaints\/[^/]+$/, WAIT);
    await care.getByTestId('complaint-number').waitFor(WAIT);
    expect(await care.getByTestId('complaint-number').textContent()).toBe(number);
    expect(await care.getByTestId('complaint-description').textContent()).toContain('座椅上有油污');
    /** Submits one of the complaint page's step forms and waits for the page to say it is done. */
    const submit = async (button: string, done: string) => {
      const clicked = Date.now();
      await care.getByTestId(button).click();
      // what the page says (its done message, or a refusal: then the poll fails naming it)
      const said = () => care.locator('[data-testid=complaint-ok], [role=alert]').evaluateAll((els) => els.map((e) => e.textContent?.trim() ?? ''));
      await expect.poll(said, LIVE).toContain(dict[`cmp.done.${done}`]);
      return clicked;
    };
    const promised = `${shanghaiDay(1)}T10:00:00+08:00`;
    const answer1 = '非常抱歉给您带来不便，我们已安排专人核查交车清洁和配件说明，明天上午十点前答复您。';
    const ack = care.locator('form[data-action=ACKNOWLEDGE]');
    await ack.locator('input[name=promisedAnswerAt]').fill(`${shanghaiDay(1)}T10:00`);
    await ack.locator('textarea[name=answer]').fill(answer1);
    let started = await submit('acknowledge', 'acknowledge');
    // the open phone shows it without a reload: 已受理, the promised time on the workshop's clock, the answer
    await expect.poll(() => first.getAttribute('data-status'), LIVE).toBe('ACKNOWLEDGED');
    const delays = [Date.now() - started];
    expect((await first.getByTestId('complaint-status').textContent())?.trim()).toBe('已受理');
    expect(await section.getByTestId('complaint-sent').count()).toBe(0); // the thanks for the message was for 待受理
    const promisedText = formatDateTime(new Date(promised).toISOString(), 'zh-CN', DEFAULT_TIME_ZONE);
    expect(promisedText).toContain('10:00');
    expect((await first.getByTestId('complaint-promised').textContent())?.trim()).toBe(`我们将在 ${promisedText} 前答复您`);
    expect(await first.getByTestId('complaint-answer').textContent()).toContain(answer1);
    expect(await first.getByTestId('complaint-trail').textContent()).toContain('客服已受理');
    await section.screenshot({ path: path.join(shots, 'complaint-tracking-acknowledged-390.png') });
    expect(await section.textContent()).not.toMatch(RAW);

    // a second message while it is handled joins the same complaint
    await compose.click();
    expect(await section.getByTestId('complaint-category').count()).toBe(0);
    await section.getByTestId('complaint-text').fill('另外，取车时间比约定晚了一个小时。');
    await section.getByTestId('complaint-send').click();
    await section.getByTestId('complaint-sent').waitFor(WAIT);
    expect(await section.getByTestId('complaint').count()).toBe(1);
    expect(await first.getByTestId('complaint-trail').textContent()).toContain('您补充了留言');
    expect(await first.getByTestId('complaint-trail').textContent()).toContain('您：另外，取车时间比约定晚了一个小时。');
    expect(await first.getAttribute('data-status')).toBe('ACKNOWLEDGED');
    // the agent's open page hears the message live (its forms then carry the complaint's new version)
    await expect.poll(async () => (await care.getByTestId('complaint-trail').textContent()) ?? '', LIVE).toContain('另外，取车时间比约定晚了一个小时。');

    // the care agent investigates, records the root cause and resolves it on the complaint page
    const resolve = async (answer: string) => {
      await submit('investigate', 'investigate');
      await care.getByTestId('root-cause').fill('交车前未按标准做车内清洁，配件更换未向客户说明');
      await care.getByTestId('responsibility').fill('交车专员');
      await submit('save-root-cause', 'rootCause');
      await care.getByTestId('resolution').fill('免费精洗内饰，服务顾问电话说明配件');
      await care.getByTestId('resolve-answer').fill(answer);
      return submit('resolve', 'resolve');
    };
    const answer2 = '已为您预约免费内饰精洗，并由服务顾问电话说明本次更换的配件。';
    started = await resolve(answer2);
    await expect.poll(() => first.getAttribute('data-status'), LIVE).toBe('RESOLVED');
    delays.push(Date.now() - started);
    expect(await first.getByTestId('complaint-answer').textContent()).toContain(answer2);
    expect(await first.getByTestId('complaint-promised').count()).toBe(0);
    const rate = first.getByTestId('complaint-rate');
    await rate.waitFor(WAIT);
    await section.screenshot({ path: path.join(shots, 'complaint-tracking-rate-390.png') });
    expect(await section.textContent()).not.toMatch(RAW);

    // not satisfied: reopened (已重新处理)
    expect(await rate.getByTestId('complaint-rate-send').isDisabled()).toBe(true);
    await rate.getByTestId('complaint-star-2').click();
    await rate.getByTestId('complaint-unsatisfied').check();
    await rate.getByTestId('complaint-comment').fill('只洗车不够，配件的事还没人联系我。');
    await rate.getByTestId('complaint-rate-send').click();
    await expect.poll(() => first.getAttribute('data-status'), LIVE).toBe('REOPENED');
    expect((await first.getByTestId('complaint-status').textContent())?.trim()).toBe('已重新处理');
    expect(await first.getByTestId('complaint-thanks').textContent()).toContain('重新处理');
    expect(await first.getByTestId('complaint-trail').textContent()).toContain('您表示不满意，重新处理');
    expect(await first.getByTestId('complaint-trail').textContent()).toContain('只洗车不够');
    // the promise given before it was reopened is spent; the care agent names a new one, live on the phone
    expect(await first.getByTestId('complaint-promised').count()).toBe(0);
    const promised2 = `${shanghaiDay(2)}T15:30:00+08:00`;
    // the care agent's open page follows the customer's answer; the new promise goes through its promise form
    await care.getByTestId('promise-card').waitFor(WAIT);
    await care.getByTestId('promise-card').locator('summary').click();
    await care.getByTestId('promise-at').fill(`${shanghaiDay(2)}T15:30`);
    started = await submit('promise', 'promise');
    await expect
      .poll(() => first.getByTestId('complaint-promised').evaluateAll((els) => els[0]?.getAttribute('data-at') ?? null), LIVE)
      .toBe(new Date(promised2).toISOString());
    delays.push(Date.now() - started);
    expect((await first.getByTestId('complaint-promised').textContent())?.trim()).toBe(
      `我们将在 ${formatDateTime(new Date(promised2).toISOString(), 'zh-CN', DEFAULT_TIME_ZONE)} 前答复您`,
    );
    expect(await first.getByTestId('complaint-trail').textContent()).toContain('客服更新了答复时间');
    expect((await first.getByTestId('complaint-status').textContent())?.trim()).toBe('已重新处理');
    await section.screenshot({ path: path.join(shots, 'complaint-tracking-reopened-390.png') });
    expect(await section.textContent()).not.toMatch(RAW);

    // resolved again; satisfied: closed (已关闭)
    const answer3 = '服务顾问已致电说明更换的机油、机滤规格，并赠送一次免费保养。';
    await resolve(answer3);
    await expect.poll(() => first.getAttribute('data-status'), LIVE).toBe('RESOLVED');
    await rate.waitFor(WAIT);
    await rate.getByTestId('complaint-star-5').click();
    await rate.getByTestId('complaint-satisfied').check();
    await rate.getByTestId('complaint-rate-send').click();
    await expect.poll(() => first.getAttribute('data-status'), LIVE).toBe('CLOSED');
    expect((await first.getByTestId('complaint-status').textContent())?.trim()).toBe('已关闭');
    expect(await first.getByTestId('complaint-rated').textContent()).toContain('您的评价：满意');
    expect(await first.getByTestId('complaint-trail').textContent()).toContain('您表示满意，投诉已关闭');

    // after it is closed the form says a new message opens a new complaint
    expect(await section.getByTestId('complaint-after-closed').textContent()).toBe(`投诉 ${number} 已关闭。如再次留言，将新建一条投诉。`);
    await section.screenshot({ path: path.join(shots, 'complaint-tracking-closed-390.png') });
    expect(await section.textContent()).not.toMatch(RAW);
    await compose.click();
    await section.getByTestId('complaint-category').selectOption({ label: '产品质量' });
    await section.getByTestId('complaint-text').fill('保养后发动机异响，怀疑机油滤清器质量有问题。');
    await section.getByTestId('complaint-send').click();
    await expect.poll(() => section.getByTestId('complaint').count(), LIVE).toBe(2);
    const second = section.getByTestId('complaint').first(); // newest first
    const number2 = (await second.getAttribute('data-number'))!;
    expect(number2).not.toBe(number);
    expect(await second.getAttribute('data-status')).toBe('RECEIVED');
    expect((await second.getByTestId('complaint-follows').textContent())?.trim()).toBe(`接续之前的投诉 ${number}`);
    expect(await second.textContent()).toContain('产品质量');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: path.join(shots, 'complaint-tracking-new-390.png'), fullPage: true });
    expect(await section.textContent()).not.toMatch(RAW);

    // the quality complaint reaches the manufacturer's quality engineer: in their inbox, to record the finding
    const quality = await e2e.signIn('quality@oem.demo');
    await quality.goto(`${base}/complaints`);
    const qrow = quality.locator(`[data-testid=complaint][data-number="${number2}"]`);
    await qrow.waitFor(WAIT);
    // the service complaint stayed with the dealer
    expect(await quality.locator(`[data-testid=complaint][data-number="${number}"]`).count()).toBe(0);
    await qrow.getByTestId('complaint-link').click();
    await quality.getByTestId('complaint-number').waitFor(WAIT);
    expect(await quality.getByTestId('complaint-number').textContent()).toBe(number2);
    expect((await quality.getByTestId('complaint-category').textContent())?.trim()).toBe('产品质量');
    expect(await quality.getByTestId('complaint-description').textContent()).toContain('机油滤清器');
    await quality.locator('form[data-action=ASSESS]').waitFor(WAIT);
    await quality.screenshot({ path: path.join(shots, 'complaint-tracking-quality-engineer.png'), fullPage: true });
    // at most 10 messages a day: the next one is refused in words for a customer
    const error = section.getByTestId('complaint-error');
    for (let i = 0; i < 10 && (await error.count()) === 0; i++) {
      const sentBefore = await second.getByTestId('complaint-trail').locator('li').count();
      if (await compose.count()) await compose.click();
      await section.getByTestId('complaint-text').fill(`第 ${i + 1} 次补充：异响在冷车启动时最明显。`);
      await section.getByTestId('complaint-send').click();
      await expect
        .poll(async () => (await error.count()) > 0 || (await second.getByTestId('complaint-trail').locator('li').count()) > sentBefore, LIVE)
        .toBe(true);
    }
    expect(await error.getAttribute('data-code')).toBe('RATE_LIMITED');
    expect((await error.textContent())?.trim()).toBe('您今天的留言次数已达上限，请明天再留言；客服会尽快与您电话联系。');
    await section.getByTestId('complaint-form').screenshot({ path: path.join(shots, 'complaint-tracking-limit-390.png') });
    console.log(`complaint tracking: the care agent's click to the customer's open page (ms): ${delays.join(', ')}`);
    await phoneContext.close();
  });
});
