import type { Ctx } from '../platform/context.js';
import { fileComplaint } from '../modules/complaints/complaint.filing.js';
import { investigate, promiseAnswer, recordRootCause, resolveComplaint } from '../modules/complaints/complaint.handling.js';

/**
 * The demo's complaints about 华东一店: a product-quality complaint acknowledged with a promised
 * answer (it reaches the manufacturer's quality engineer), a walk-in complaint nobody has
 * acknowledged yet, and a price complaint resolved with its cost, waiting for the customer's word.
 * The care agent's inbox and the quality queue do not open empty.
 */
export async function seedComplaints(as: (code: string) => Ctx): Promise<void> {
  const dealer = as('DLR-E1');
  const inHours = (h: number) => new Date(dealer.clock.now().getTime() + h * 3_600_000);
  const quality = await fileComplaint(dealer, {
    channel: 'PHONE',
    category: 'PRODUCT_QUALITY',
    severity: 'MAJOR',
    description: 'ZL50 装载机动臂油缸在保修期内第二次漏油，影响工地施工。',
    contactName: '王建国',
    contactPhone: '13800001111',
  });
  await promiseAnswer(dealer, { id: quality.id, version: quality.version, promisedAnswerAt: inHours(4), answer: '已安排服务工程师今天下午联系您。' });
  await fileComplaint(dealer, {
    channel: 'WALK_IN',
    category: 'ATTITUDE',
    description: '前台接待时长时间无人理睬，态度冷淡。',
    contactName: '李娟',
    contactPhone: '13900002222',
  });
  let price = await fileComplaint(dealer, {
    channel: 'LETTER',
    category: 'PRICE',
    description: '保养结算金额比报价高出 ¥180.00，未提前告知。',
    contactName: '赵明',
    contactPhone: '13700003333',
  });
  price = await promiseAnswer(dealer, { id: price.id, version: price.version, promisedAnswerAt: inHours(24), answer: '我们正在核对结算单。' });
  price = await investigate(dealer, { id: price.id, version: price.version });
  price = await recordRootCause(dealer, { id: price.id, version: price.version, rootCause: '追加项目未经客户确认即结算', responsibility: '服务顾问' });
  await resolveComplaint(dealer, {
    id: price.id,
    version: price.version,
    resolution: '退还多收的 ¥180.00，服务顾问培训追加项目确认流程',
    answer: '多收的 ¥180.00 已退回您的账户，非常抱歉。',
    cost: { amountMinor: '18000', currency: 'CNY' },
    split: { DEALER: 100 },
  });
}
