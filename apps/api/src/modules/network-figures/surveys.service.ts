/**
 * The customer-satisfaction survey of seed 004 (范文6): per indicator what the customer expected and
 * what they experienced (1–5), after delivery — by the customer on the tracking page, or recorded by
 * the care agent in a follow-up call. One survey per repair order and channel; its answers become the
 * `csi.*` measures of the day it was answered (the rollup trigger marks it).
 */
import {
  CSI_SCORE_MAX,
  CSI_SCORE_MIN,
  CSI_INDICATOR_CODES,
  DomainError,
  ErrorCode,
  assertId,
  problem,
  uuidv7,
  validateSurvey,
  type SurveyAnswer,
} from '@asn/domain';
import { inTx, type Ctx } from '../../platform/context.js';
import { RepairOrder } from '../repair-orders/repair-order.entity.js';

export type SurveyChannel = 'TRACKING_LINK' | 'FOLLOW_UP_CALL';

/** The survey's problems as the catalogue's reasons, each on its input path. */
function refuse(answers: readonly SurveyAnswer[]): void {
  const problems = validateSurvey(answers, 'input.answers');
  if (problems.length === 0) return;
  throw DomainError.badInput(
    problems.map((p) => {
      const at = Number(/\[(\d+)\]/.exec(p.path)?.[1] ?? -1);
      switch (p.code) {
        case 'EMPTY':
          return problem(p.path, 'REQUIRED', {}, 'answer at least one indicator');
        case 'UNKNOWN_INDICATOR':
          return problem(p.path, 'NOT_ONE_OF', { value: answers[at]?.indicator ?? '', allowed: CSI_INDICATOR_CODES }, 'no such indicator');
        case 'GIVEN_TWICE':
          return problem(p.path, 'DUPLICATE', { what: 'RECORD', value: answers[at]?.indicator ?? null }, 'each indicator once');
        default:
          return problem(p.path, 'OUT_OF_RANGE', { min: CSI_SCORE_MIN, max: CSI_SCORE_MAX, unit: 'STARS' }, 'a score from 1 to 5');
      }
    }),
  );
}

/** Saves a delivered order's survey (staff: the order is read under the tenant's RLS; a customer: the link's order). */
export async function saveSurvey(
  ctx: Ctx,
  input: { repairOrderId: string; answers: readonly SurveyAnswer[] },
  channel: SurveyChannel,
): Promise<{ answered: number }> {
  const id = assertId('input.repairOrderId', input.repairOrderId).toLowerCase();
  const answers = input.answers.map((a) => ({ indicator: a.indicator, expected: a.expected, actual: a.actual }));
  refuse(answers);
  await inTx(ctx, async (tx) => {
    const order = await tx.em.findOne(RepairOrder, { id });
    if (!order) throw DomainError.notFound('Repair order');
    if (order.status !== 'DELIVERED') {
      throw DomainError.because(ErrorCode.INVALID_TRANSITION, 'NOT_DELIVERED_YET', {}, 'The survey comes after delivery.');
    }
    const taken = await tx.em.execute(`select 1 from satisfaction_surveys where tenant_id = ? and repair_order_id = ? and channel = ?`, [
      order.tenantId,
      id,
      channel,
    ]);
    if (taken.length)
      throw DomainError.because(ErrorCode.CONFLICT, 'DUPLICATE', { what: 'RECORD', value: null }, 'This survey has been answered already. Thank you!');
    const now = ctx.clock.now();
    await tx.em.execute(
      `insert into satisfaction_surveys (id, tenant_id, repair_order_id, channel, answers, answered_at, recorded_by) values (?, ?, ?, ?, ?::jsonb, ?, ?)`,
      [uuidv7(), order.tenantId, id, channel, JSON.stringify(answers), now, ctx.actor.type === 'member' ? ctx.actor.userId : null],
    );
    tx.record({
      action: 'repairOrder.surveyed',
      entityType: 'RepairOrder',
      entityId: id,
      after: { channel, answers },
      data: { number: order.number, channel },
    });
  });
  return { answered: answers.length };
}

/** Whether the order is delivered and has its survey from `channel` already (the tracking page shows or hides the form). */
export async function surveyState(ctx: Ctx, repairOrderId: string, channel: SurveyChannel): Promise<{ delivered: boolean; answered: boolean }> {
  const rows = await inTx(ctx, (tx) =>
    tx.em.execute<{ status: string; answered: boolean }[]>(
      `select r.status, exists (select 1 from satisfaction_surveys s where s.tenant_id = r.tenant_id and s.repair_order_id = r.id and s.channel = ?) as answered
         from repair_orders r where r.id = ?`,
      [channel, repairOrderId.toLowerCase()],
    ),
  );
  return { delivered: rows[0]?.status === 'DELIVERED', answered: rows[0]?.answered === true };
}
