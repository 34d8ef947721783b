import { DEFAULT_TIME_ZONE, addDays } from '@asn/domain';
import { localDay } from '../platform/clock.js';
import type { Ctx } from '../platform/context.js';
import { activatePlan, createPlan, issueWarning, markActionDone, reportCure } from '../modules/supervision/supervision.service.js';

/**
 * The demo's network supervision (网络监督) of 华东一店, seeded with the history (its figures give
 * the plan something to be checked against): a notice (警告) about its follow-up calls whose cure
 * the dealer has reported and the manufacturer has yet to accept, and an improvement plan (整改计划)
 * the two have agreed — ACTIVE — with one action done and one past its due. Everything through the
 * supervision services (their state machines, trail, audit and events), as the portal would.
 */
export async function seedSupervision(as: (code: string) => Ctx, tenantOf: (code: string) => string): Promise<void> {
  // the trail names the people who acted: the manufacturer's admin and the dealer's service admin
  const named = (code: string, displayName: string): Ctx => {
    const ctx = as(code);
    if (ctx.principal) ctx.principal = { ...ctx.principal, displayName };
    return ctx;
  };
  const oem = named('OEM-HY', '周海峰');
  const dealer = named('DLR-E1', '王建国（业务主管）');
  const dealerId = tenantOf('DLR-E1');
  const today = localDay(oem.clock.now(), DEFAULT_TIME_ZONE); // the demo tenants keep the default zone

  const warning = await issueWarning(oem, {
    dealerId,
    kind: 'WARNING',
    title: '保修期内客户回访率低于标准',
    grounds: '上月保修期内客户回访率低于 100% 的标准，部分客户未在交车后 2～7 天内回访。请限期整改，并上报整改情况。',
    agreementClause: '《经销商合同书》第十二条 服务质量',
    cureDays: 14,
  });
  await reportCure(dealer, {
    id: warning.id,
    version: warning.version,
    report: '已安排客服专员每天 16:00 前完成当日应回访客户，回访结果当天录入系统；本周起每周一检查上周回访率。',
  });

  const plan = await createPlan(oem, {
    dealerId,
    title: '客户回访与满意度整改计划',
    reason: '回访率和服务满意率低于标准，已发出整改通知。',
    warningId: warning.id,
    targets: [
      { figureId: 'followUpRateInWarranty', target: 1, by: addDays(today, 30) },
      { figureId: 'satisfaction', target: 0.98, by: addDays(today, 30) },
    ],
    actions: [
      { text: '制定回访话术并培训全体客服人员', owner: '王建国（业务主管）', due: addDays(today, -10) },
      { text: '逐一回访上月未回访的保修客户', owner: '王建国（业务主管）', due: addDays(today, -3) },
      { text: '每周服务质量例会通报回访率和不满意案例', owner: '陈晓（业务接待）', due: addDays(today, 14) },
    ],
  });
  const active = await activatePlan(oem, { id: plan.id, version: plan.version });
  // the training is done; the call-backs of last month's customers are overdue
  await markActionDone(dealer, { id: active.id, version: active.version, index: 0, note: '已于例会培训 12 人' });
}
