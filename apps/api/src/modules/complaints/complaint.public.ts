/**
 * The customer's side of complaints, through the tracking link of their repair: file one, write
 * again while it is open, rate the answer. After a complaint is closed, a new message opens a new
 * complaint that names the old one (it is not reopened forever).
 */
import { LockMode } from '@mikro-orm/core';
import { COMPLAINT_CATEGORIES, DomainError, ErrorCode, InputCheck } from '@asn/domain';
import { inTx, type Ctx } from '../../platform/context.js';
import { load } from '../../platform/documents/index.js';
import { ComplaintDocument, recordComplaint } from './complaint.document.js';
import { Complaint, ComplaintStep } from './complaint.entity.js';
import { receiveComplaint } from './complaint.filing.js';
import { rateByCustomer } from './complaint.handling.js';
import { RepairOrder } from '../repair-orders/repair-order.entity.js';

/** Messages a customer may send about one repair in a day (new complaints and follow-ups together). */
const MESSAGES_PER_DAY = 10;

function orderOf(ctx: Ctx): { tenantId: string; repairOrderId: string } {
  if (ctx.actor.type !== 'customer') throw DomainError.forbidden();
  return { tenantId: ctx.actor.tenantId, repairOrderId: ctx.actor.repairOrderId };
}

/** The complaints about the repair the link is for, oldest first, each with its trail. */
export async function complaintsOfLink(ctx: Ctx): Promise<{ complaint: Complaint; steps: ComplaintStep[] }[]> {
  const { tenantId, repairOrderId } = orderOf(ctx);
  return inTx(ctx, async (tx) => {
    const complaints = await tx.em.find(Complaint, { tenantId, repairOrderId }, { orderBy: { id: 'asc' } });
    const steps = complaints.length ? await tx.em.find(ComplaintStep, { complaintId: { $in: complaints.map((c) => c.id) } }, { orderBy: { id: 'asc' } }) : [];
    return complaints.map((complaint) => ({ complaint, steps: steps.filter((s) => s.complaintId === complaint.id) }));
  });
}

/**
 * The customer writes about their repair: while their latest complaint is being handled, the
 * message joins its trail (the care team sees it live); otherwise it is a new complaint, linked to
 * the closed one before it.
 */
export async function sendComplaintMessage(ctx: Ctx, input: { category?: string | null; description: string }): Promise<Complaint> {
  const check = new InputCheck();
  const description = check.required('input.description', input.description, 2000);
  const category = input.category ? check.oneOf('input.category', input.category, COMPLAINT_CATEGORIES) : null;
  check.done();
  const { tenantId, repairOrderId } = orderOf(ctx);
  return inTx(ctx, async (tx) => {
    // one message at a time per repair: the day's count holds under a burst
    const order = await tx.em.findOne(RepairOrder, { id: repairOrderId, tenantId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!order) throw DomainError.notFound('Repair order');
    const [row] = await tx.em.execute<{ n: string }[]>(
      `select count(*) as n from complaint_steps s join complaints c on c.id = s.complaint_id
        where c.tenant_id = ? and c.repair_order_id = ? and s.actor_tenant_id is null and s.actor_name = 'customer' and s.action in ('received','customerMessage') and s.occurred_at > ?`,
      [tenantId, repairOrderId, new Date(ctx.clock.now().getTime() - 86_400_000)],
    );
    if (Number(row?.n ?? 0) >= MESSAGES_PER_DAY)
      throw DomainError.because(
        ErrorCode.RATE_LIMITED,
        'TOO_MANY_ATTEMPTS',
        { retryAfterMinutes: 24 * 60 },
        'Too many messages today; the service desk will call you.',
      );
    const latest = await tx.em.findOne(Complaint, { tenantId, repairOrderId }, { orderBy: { id: 'desc' } });
    if (latest && latest.status !== 'CLOSED') {
      const c = await load(tx, ComplaintDocument, latest.id, 'create');
      recordComplaint(tx, c, 'customerMessage', { note: description, actor: { userId: null, name: 'customer' } });
      await tx.em.flush();
      return c;
    }
    return receiveComplaint(tx, {
      channel: 'TRACKING_PAGE',
      category: category ?? 'OTHER',
      severity: 'MINOR',
      description,
      customerId: order.customerId,
      contactName: null,
      contactPhone: null,
      repairOrderId,
      vehicleId: order.vehicleId,
      claimId: null,
      partsOrderId: null,
      previousComplaintId: latest?.id ?? null,
    });
  });
}

/** The customer rates the answer to their complaint: satisfied closes it, unsatisfied reopens it. */
export async function rateComplaintByCustomer(
  ctx: Ctx,
  input: { complaintId: string; stars: number; satisfied: boolean; comment?: string | null },
): Promise<Complaint> {
  orderOf(ctx);
  return inTx(ctx, (tx) => rateByCustomer(tx, input));
}
