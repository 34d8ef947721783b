/** Placing a checked parts order in the caller's transaction, and submitting it (shared by the buyer's desk and the repairs that order parts). */
import { DomainError, InputCheck, emergencyDueAt, uuidv7, type PartsOrderType } from '@asn/domain';
import { memberOf, type Tx } from '../../platform/context.js';
import { create } from '../../platform/documents/index.js';
import { tenantDay } from '../../platform/tenant-time.js';
import { RepairOrder } from '../repair-orders/repair-order.entity.js';
import { priceParts, sellerFor } from './catalogue.service.js';
import { PartsOrderDocument, moveOrder } from './parts-order.document.js';
import { PartsOrder, PartsOrderLine } from './parts.entity.js';

/**
 * Places a checked order in the caller's transaction (an order of parts for a repair is placed in
 * the repair's): the seller must trade with the buyer, every number must be in its catalogue.
 */
export async function placeOrder(
  tx: Tx,
  input: {
    sellerId: string;
    type: PartsOrderType;
    repairOrderId: string | null;
    note: string | null;
    lines: readonly { partNumber: string; quantity: number; repairOrderLineId: string | null }[];
    draft: boolean;
  },
): Promise<PartsOrder> {
  const { ctx } = tx;
  const actor = memberOf(ctx);
  const { repairOrderId, note, lines } = input;
  const seller = await sellerFor(tx, input.sellerId, await tenantDay(tx, ctx.clock.now()));
  if (repairOrderId && !(await tx.em.findOne(RepairOrder, { id: repairOrderId }))) throw DomainError.notFound('Repair order');
  const priced = await priceParts(
    tx,
    seller,
    lines.map((l) => l.partNumber),
  );
  const problems = new InputCheck();
  lines.forEach((l, i) => {
    const p = priced.get(l.partNumber);
    if (!p)
      problems.because(`input.lines.${i}.partNumber`, 'UNKNOWN_CODE', { what: 'PART', code: l.partNumber }, `${l.partNumber} is not in the seller's catalogue`);
    else if (p.part.discontinued) problems.because(`input.lines.${i}.partNumber`, 'PART_DISCONTINUED', { partNumber: p.part.partNumber }, 'discontinued');
  });
  problems.done();
  const total = lines.reduce((s, l) => s + priced.get(l.partNumber)!.netPriceMinor * BigInt(l.quantity), 0n);
  const order = await create(
    tx,
    PartsOrderDocument,
    {
      tenantId: actor.tenantId,
      sellerId: seller.id,
      type: input.type,
      repairOrderId,
      note,
      currency: priced.get(lines[0]!.partNumber)!.part.currency,
      totalMinor: total.toString(),
      createdBy: actor.userId,
      createdAt: ctx.clock.now(),
      updatedAt: ctx.clock.now(),
    },
    { facts: { data: { seller: seller.name, lines: lines.length } } },
  );
  lines.forEach((l, i) => {
    const p = priced.get(l.partNumber)!;
    tx.em.persist(
      Object.assign(new PartsOrderLine(), {
        id: uuidv7(),
        tenantId: actor.tenantId,
        sellerId: seller.id,
        partsOrderId: order.id,
        position: i + 1,
        partNumber: p.part.partNumber,
        orderedNumber: l.partNumber,
        description: p.part.nameZh,
        unitPriceMinor: p.netPriceMinor.toString(),
        ordered: l.quantity,
        repairOrderLineId: l.repairOrderLineId,
      }),
    );
  });
  await tx.em.flush();
  if (!input.draft) await submitIn(tx, order);
  return order;
}

export async function submitIn(tx: Tx, order: PartsOrder): Promise<void> {
  const now = tx.ctx.clock.now();
  order.submittedAt = now;
  if (order.type === 'EMERGENCY') order.promiseDueAt = emergencyDueAt(now);
  await moveOrder(tx, order, 'SUBMIT', { data: { promiseDueAt: order.promiseDueAt?.toISOString() ?? null } });
}
