/**
 * The customer-satisfaction survey of seed 004 (范文6): per indicator what the customer expected and
 * what they experienced (1–5), after delivery — by the customer on the tracking page, or recorded by
 * the care agent in a follow-up call. One survey per repair order and channel; its answers become the
 * `csi.*` measures of the day it was answered (the rollup trigger marks it).
 */
import { DomainError, ErrorCode, assertId, uuidv7, validateSurvey, type SurveyAnswer } from '@asn/domain';
import { inTx, read, type Ctx } from '../../platform/context.js';
import { RepairOrder } from '../repair-orders/repair-order.entity.js';
import { loader } from '../../platform/loaders.js';

export type SurveyChannel = 'TRACKING_LINK' | 'FOLLOW_UP_CALL';

/** Saves a delivered order's survey (staff: the order is read under the tenant's RLS; a customer: the link's order). */
export async function saveSurvey(
  ctx: Ctx,
  input: { repairOrderId: string; answers: readonly SurveyAnswer[] },
  channel: SurveyChannel,
): Promise<{ answered: number }> {
  const id = assertId('input.repairOrderId', input.repairOrderId).toLowerCase();
  const answers = input.answers.map((a) => ({ indicator: a.indicator, expected: a.expected, actual: a.actual }));
  const problems = validateSurvey(answers, 'input.answers');
  if (problems.length) throw DomainError.badInput(problems);
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

/**
 * Whether the order is delivered and has its survey from `channel` already, with that survey's
 * answers (the tracking page shows the form, or the thanks and what was answered). A read: one
 * statement on the read path, under the context's RLS.
 */
export async function surveyState(
  ctx: Ctx,
  repairOrderId: string,
  channel: SurveyChannel,
): Promise<{ delivered: boolean; answered: boolean; answers: SurveyAnswer[]; answeredAt: Date | null }> {
  const rows = await read<{ status: string; answers: SurveyAnswer[] | null; answered_at: Date | null }>(
    ctx,
    `select r.status, s.answers, s.answered_at
       from repair_orders r
       left join satisfaction_surveys s on s.tenant_id = r.tenant_id and s.repair_order_id = r.id and s.channel = $1
      where r.id = $2`,
    [channel, repairOrderId.toLowerCase()],
  );
  const row = rows[0];
  return {
    delivered: row?.status === 'DELIVERED',
    answered: !!row?.answers,
    answers: (row?.answers ?? []).map((a) => ({ indicator: a.indicator, expected: a.expected, actual: a.actual })),
    answeredAt: row?.answered_at ? new Date(row.answered_at) : null,
  };
}

/**
 * When each order's survey was recorded in a follow-up call (null: not yet) — the call's card shows
 * 已记录 after a reload. Batched: one statement for a page of calls, under the context's RLS.
 */
export function callSurveyRecordedAt(ctx: Ctx) {
  return loader<string, Date>(ctx, 'callSurveyRecordedAt', async (ids) => {
    const rows = await read<{ repair_order_id: string; answered_at: Date }>(
      ctx,
      `select repair_order_id, answered_at from satisfaction_surveys where repair_order_id = any($1::uuid[]) and channel = 'FOLLOW_UP_CALL'`,
      [ids],
    );
    const at = new Map(rows.map((r) => [r.repair_order_id, new Date(r.answered_at)]));
    return ids.map((id) => at.get(id) ?? null);
  });
}
