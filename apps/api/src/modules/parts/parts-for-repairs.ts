/**
 * Repair orders use parts: an approved part line of a repair reserves the shop's stock, or — when
 * there is not enough — goes on a parts order with a seller; a repair at work then waits for the
 * parts (AWAITING_PARTS) and goes back to work when that order is received.
 */
import { DomainError, ErrorCode, PARTS_ORDER_TYPES, assertId, type PartsOrderType } from '@asn/domain';
import { asSubject } from '@asn/authz';
import { inTx, memberOf, type Ctx, type Tx } from '../../platform/context.js';
import { load, move } from '../../platform/documents/index.js';
import { RepairOrder, RepairOrderLine } from '../repair-orders/repair-order.entity.js';
import { RepairOrderDocument } from '../repair-orders/repair-order.document.js';
import { placeOrder } from './parts-order.placing.js';
import { PartsOrder, PartsOrderLine, StockReservation } from './parts.entity.js';
import { tryReserve } from './stock.service.js';
import { holdForRepair, reservationHours } from './repair-parts.lifecycle.js';

/** Units of a part line (its quantity is kept in thousandths): a started unit counts whole. */
export const unitsOf = (l: RepairOrderLine) => Math.max(1, Math.ceil((l.quantityMilli ?? 1000) / 1000));

export interface RepairPartsOutcome {
  order: RepairOrder;
  reserved: number;
  partsOrder: PartsOrder | null;
}

/**
 * Reserves stock for every part line of the repair the customer has not declined — proposed lines
 * are held while the customer decides — that has neither a reservation nor a parts order
 * (customer-supplied parts excepted); the lines stock cannot serve go on one parts order with
 * `order.sellerId` when given. A repair at work then waits for the parts. Cancelling the repair
 * gives its reservations back; a reservation lapses when its parts are not issued in time, and is
 * issued when the work is finished (repair-parts.lifecycle.ts).
 */
export async function reserveRepairParts(
  ctx: Ctx,
  input: { id: string; version: number; order?: { sellerId: string; type: PartsOrderType } | null },
): Promise<RepairPartsOutcome> {
  if (input.order) {
    const actor = memberOf(ctx);
    if (!ctx.ability.can('create', asSubject('PartsOrder', { tenantId: actor.tenantId })))
      throw DomainError.because(ErrorCode.FORBIDDEN, 'ACTION_NOT_ALLOWED', { document: 'PartsOrder', action: 'create' }, 'Only the parts staff order parts.');
    assertId('input.order.sellerId', input.order.sellerId);
    if (!PARTS_ORDER_TYPES.includes(input.order.type))
      throw DomainError.badField('input.order.type', 'NOT_ONE_OF', { value: String(input.order.type), allowed: PARTS_ORDER_TYPES }, 'not an order type');
  }
  return inTx(ctx, async (tx) => {
    const order = await load(tx, RepairOrderDocument, input.id, 'manageParts', input.version);
    const lines = (
      await tx.em.find(RepairOrderLine, { repairOrderId: order.id, kind: 'PART', status: { $ne: 'DECLINED' } }, { orderBy: { id: 'asc' } })
    ).filter((l) => l.partNumber && l.source !== 'CUSTOMER_SUPPLIED');
    const ids = lines.map((l) => l.id);
    const held = new Set(
      [
        ...(await tx.em.find(StockReservation, { repairOrderLineId: { $in: ids }, releasedAt: null })),
        ...(await tx.em.find(PartsOrderLine, { repairOrderLineId: { $in: ids } })),
      ].map((r) => r.repairOrderLineId),
    );
    let reserved = 0;
    const missing: RepairOrderLine[] = [];
    const hours = await reservationHours(tx);
    for (const l of lines.filter((x) => !held.has(x.id))) {
      const item = await tryReserve(tx, l.partNumber!, unitsOf(l));
      if (!item) {
        missing.push(l);
        continue;
      }
      reserved++;
      // held until it is issued (the work finished) or lapses (repair-parts.lifecycle.ts)
      await holdForRepair(tx, { stockItemId: item.id, repairOrderId: order.id, repairOrderLineId: l.id, quantity: unitsOf(l), hours });
    }
    await tx.em.flush();
    let partsOrder: PartsOrder | null = null;
    if (missing.length && input.order) {
      partsOrder = await placeOrder(tx, {
        sellerId: input.order.sellerId,
        type: input.order.type,
        repairOrderId: order.id,
        note: order.number,
        lines: missing.map((l) => ({ partNumber: l.partNumber!, quantity: unitsOf(l), repairOrderLineId: l.id })),
        draft: false,
      });
      if (order.status === 'IN_PROGRESS')
        await move(tx, RepairOrderDocument, order, 'WAIT_FOR_PARTS', { note: partsOrder.number, data: { partsOrder: partsOrder.number }, automatic: true });
    } else if (missing.length) {
      const l = missing[0]!;
      throw DomainError.because(ErrorCode.CONFLICT, 'STOCK_TOO_LOW', { partNumber: l.partNumber!, available: 0 }, `${l.partNumber} is not in stock: order it.`);
    }
    return { order, reserved, partsOrder };
  });
}

/**
 * A parts order for a repair was received: the repair waiting for it goes back to work, and the
 * units that arrived are reserved for its lines. Runs in the buyer's receiving transaction.
 */
export async function partsArrivedForRepair(tx: Tx, partsOrder: PartsOrder): Promise<void> {
  if (!partsOrder.repairOrderId || (partsOrder.status !== 'RECEIVED' && partsOrder.status !== 'CLOSED')) return;
  const repair = await tx.em.findOne(RepairOrder, { id: partsOrder.repairOrderId });
  if (!repair) return;
  const lines = await tx.em.find(PartsOrderLine, { partsOrderId: partsOrder.id, repairOrderLineId: { $ne: null } });
  // what was accepted on receipt (damaged or wrong parts are not the repair's), per line, in one read
  const accepted = new Map(
    lines.length
      ? (
          await tx.em.execute<{ order_line_id: string; accepted: number }[]>(
            `select order_line_id, coalesce(sum(accepted), 0)::int as accepted from parts_shipment_lines
              where order_line_id in (${lines.map(() => '?').join(', ')}) group by order_line_id`,
            lines.map((l) => l.id),
          )
        ).map((r) => [r.order_line_id, r.accepted])
      : [],
  );
  const hours = await reservationHours(tx);
  for (const l of lines) {
    const units = accepted.get(l.id) ?? 0;
    const item = units > 0 ? await tryReserve(tx, l.partNumber, units) : null;
    if (item) await holdForRepair(tx, { stockItemId: item.id, repairOrderId: repair.id, repairOrderLineId: l.repairOrderLineId!, quantity: units, hours });
  }
  await tx.em.flush();
  if (repair.status === 'AWAITING_PARTS')
    await move(tx, RepairOrderDocument, repair, 'PARTS_ARRIVED', { note: partsOrder.number, data: { partsOrder: partsOrder.number }, automatic: true });
}
