/** The customer's voice on a repair order: answers to the estimate and to additional work (per line, by channel), and the desk answering a reminder. */
import { type Action } from '@asn/authz';
import { DomainError, ErrorCode, assertId, type DecisionChannel, type RepairOrderEvent } from '@asn/domain';
import { inTx, type Ctx } from '../../platform/context.js';
import { advance, recordChange } from '../../platform/documents/index.js';
import { RepairOrder, RepairOrderLine } from './repair-order.entity.js';
import { RepairLine, RepairOrderDocument, snapshot } from './repair-order.document.js';
import { totalsOf } from './repair-order.lines.js';
import { loadOrder, move } from './repair-order.steps.js';

/** One of the customer's answers: a proposed line approved or declined. */
export interface LineDecision {
  lineId: string;
  approve: boolean;
}

/** Who answered and how: the customer through the tracking link, or staff recording an answer given in the shop (signed) or by phone. */
export interface DecidedBy {
  channel: DecisionChannel;
  /** The customer (tracking link) or the staff member who recorded the answer. */
  name: string | null;
}

/** Checks the shape of per-line answers before anything is loaded; in the shop, the customer signs. */
function checkDecisions(decisions: readonly LineDecision[] | null, by: DecidedBy, customerSigned: boolean | null | undefined): void {
  if (by.channel === 'IN_SHOP' && !customerSigned)
    throw DomainError.badField('input.customerSigned', 'SIGNATURE_REQUIRED', { sheet: 'ESTIMATE' }, 'the customer signs the estimate');
  if (!decisions) return; // the whole estimate
  if (!decisions.length) throw DomainError.badInput([{ field: 'input.decisions', message: 'decide at least one line', reason: 'AT_LEAST_ONE', params: {} }]);
  decisions.forEach((d, i) => assertId(`input.decisions[${i}].lineId`, d.lineId));
}

/**
 * Applies the customer's answers to the lines waiting for them: every pending line is answered at
 * once (no line is left half-decided), each one recorded with time, channel and who. Returns the
 * approved lines.
 */
function applyDecisions(pending: RepairOrderLine[], decisions: readonly LineDecision[], by: DecidedBy, now: Date): RepairOrderLine[] {
  const byId = new Map(pending.map((l) => [l.id, l]));
  const unknown = decisions.filter((d) => !byId.has(d.lineId));
  if (unknown.length)
    throw DomainError.badInput([
      {
        field: 'input.decisions',
        message: `${unknown.length} line(s) are not waiting for the customer's answer`,
        reason: 'LINES_NOT_PENDING',
        params: { count: unknown.length },
      },
    ]);
  if (new Set(decisions.map((d) => d.lineId)).size !== decisions.length || decisions.length !== pending.length)
    throw DomainError.badInput([
      { field: 'input.decisions', message: `decide all ${pending.length} proposed line(s)`, reason: 'DECIDE_ALL_LINES', params: { pending: pending.length } },
    ]);
  for (const d of decisions) {
    const line = byId.get(d.lineId)!;
    advance(RepairLine, line, d.approve ? 'APPROVE' : 'DECLINE');
    Object.assign(line, { decidedAt: now, decidedBy: by.name, decisionChannel: by.channel });
  }
  return pending.filter((l) => l.status === 'APPROVED');
}

/**
 * The customer's answer to the estimate (维修估价确认), whole or per line — through the tracking
 * link, or given in the shop (signed) or by phone and recorded by staff. At least one approved
 * line approves the order (the declined ones are not done and not charged); declining every line
 * leaves the order estimated, waiting for a revised estimate or a cancellation.
 */
export async function decideEstimate(
  ctx: Ctx,
  input: { id: string; version: number; decisions?: readonly LineDecision[] | null; customerSigned?: boolean | null },
  by: DecidedBy,
  action: Action | null = 'approve',
): Promise<RepairOrder> {
  checkDecisions(input.decisions ?? null, by, input.customerSigned);
  const event: RepairOrderEvent = !input.decisions || input.decisions.some((d) => d.approve) ? 'APPROVE' : 'DECLINE_ESTIMATE';
  return move(ctx, input, action ?? 'read', event, async (order, tx) => {
    const pending = await tx.em.find(RepairOrderLine, { repairOrderId: order.id, status: 'PROPOSED', additional: false });
    if (!pending.length)
      throw DomainError.because(ErrorCode.INVALID_TRANSITION, 'NOTHING_TO_DECIDE', {}, 'No line of the estimate is waiting for the customer’s answer.');
    const decisions = input.decisions ?? pending.map((l) => ({ lineId: l.id, approve: true }));
    const approved = applyDecisions(pending, decisions, by, ctx.clock.now());
    const lines = await tx.em.find(RepairOrderLine, { repairOrderId: order.id });
    return {
      approved: approved.length,
      declined: pending.length - approved.length,
      channel: by.channel,
      decidedBy: by.name,
      customerPaysMinor: totalsOf(order, lines).customerPays.toString(),
    };
  });
}

/** The desk answered the customer's reminder (催单, from the tracking page): it leaves the workbench's list. */
export async function answerChase(ctx: Ctx, input: { id: string; version: number }): Promise<RepairOrder> {
  return inTx(ctx, async (tx) => {
    const order = await loadOrder(tx, input.id, 'update', input.version);
    if (!order.chasedAt) throw DomainError.because(ErrorCode.CONFLICT, 'NO_OPEN_CHASE', {}, 'The customer’s reminder has been answered already.');
    const before = snapshot(order);
    const chasedAt = order.chasedAt.toISOString();
    order.chasedAt = null;
    order.updatedAt = ctx.clock.now();
    await tx.em.flush();
    recordChange(tx, RepairOrderDocument, order, 'chaseAnswered', { before, data: { chasedAt } });
    return order;
  });
}

/**
 * The customer's answer to proposed additional work, per line — given in the shop or by phone
 * (recorded by staff), or through the tracking link. A decline is respected and recorded.
 */
export async function decideAdditionalWork(
  ctx: Ctx,
  input: { id: string; version: number; decisions: readonly LineDecision[]; customerSigned?: boolean | null },
  by: DecidedBy,
  action: Action | null = 'decideAdditionalWork',
): Promise<RepairOrder> {
  checkDecisions(input.decisions, by, input.customerSigned);
  return move(ctx, input, action ?? 'read', 'DECIDE_ADDITIONAL_WORK', async (order, tx) => {
    const pending = await tx.em.find(RepairOrderLine, { repairOrderId: order.id, additional: true, status: 'PROPOSED' });
    const approvedLines = applyDecisions(pending, input.decisions, by, ctx.clock.now());
    const approved = approvedLines.length;
    const delay = approved ? Math.max(...approvedLines.map((l) => l.delayMinutes ?? 0)) : 0;
    if (delay && order.promisedAt) order.promisedAt = new Date(order.promisedAt.getTime() + delay * 60_000);
    return {
      approved,
      declined: input.decisions.length - approved,
      channel: by.channel,
      decidedBy: by.name,
      promisedAt: order.promisedAt?.toISOString() ?? null,
    };
  });
}
