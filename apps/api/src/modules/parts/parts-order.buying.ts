/**
 * The buyer's side of a parts order: drafting (numbers resolved to the current one, priced at the
 * buyer's net price), submitting (an emergency order starts its 24 h promise), cancelling before
 * shipment, and receiving shipments line by line with their discrepancies.
 */
import type { FilterQuery } from '@mikro-orm/postgresql';
import { accessibleWhere, asSubject } from '@asn/authz';
import {
  DomainError,
  ErrorCode,
  InputCheck,
  PARTS_ORDER_TYPES,
  RECEIPT_REJECT_REASONS,
  assertId,
  receiveEvent,
  receiveLine,
  uuidv7,
  type PartsOrderState,
  type PartsOrderType,
  type ReceiptRejectReason,
} from '@asn/domain';
import { inTx, memberOf, type Ctx, type Tx } from '../../platform/context.js';
import { initialItem, load } from '../../platform/documents/index.js';
import { emptyConnection, paginate, type Connection } from '../../platform/graphql/common.js';
import { PART_NUMBER } from './catalogue.service.js';
import { Discrepancy, PartsOrderDocument, moveOrder } from './parts-order.document.js';
import { PartsDiscrepancy, PartsOrder, PartsShipment, PartsShipmentLine } from './parts.entity.js';
import { moveStock, stockItem } from './stock.service.js';
import { placeOrder, submitIn } from './parts-order.placing.js';
import { partsArrivedForRepair } from './parts-for-repairs.js';

export interface OrderLineInput {
  partNumber: string;
  quantity: number;
  repairOrderLineId?: string | null;
}

/**
 * A new parts order with the seller the buyer trades with: each entered number resolved to the
 * current one of its chain and priced at the buyer's net price; a number the seller does not list
 * or no longer supplies is refused on its line. Submitted at once unless `draft`.
 */
export async function createPartsOrder(
  ctx: Ctx,
  input: {
    sellerId: string;
    type: PartsOrderType;
    repairOrderId?: string | null;
    note?: string | null;
    lines: readonly OrderLineInput[];
    draft?: boolean | null;
  },
): Promise<PartsOrder> {
  const actor = memberOf(ctx);
  if (!ctx.ability.can('create', asSubject('PartsOrder', { tenantId: actor.tenantId })))
    throw DomainError.because(ErrorCode.FORBIDDEN, 'ACTION_NOT_ALLOWED', { document: 'PartsOrder', action: 'create' }, 'Only the parts staff order parts.');
  const check = new InputCheck();
  if (!PARTS_ORDER_TYPES.includes(input.type))
    check.because('input.type', 'NOT_ONE_OF', { value: String(input.type), allowed: PARTS_ORDER_TYPES }, 'not an order type');
  const note = check.optional('input.note', input.note, 1000);
  const repairOrderId = input.repairOrderId ? check.id('input.repairOrderId', input.repairOrderId) : null;
  if (input.type === 'WARRANTY' && !repairOrderId) check.because('input.repairOrderId', 'REQUIRED', {}, 'a warranty order names its repair order');
  if (!input.lines.length) check.because('input.lines', 'AT_LEAST_ONE', {}, 'order at least one part');
  if (input.lines.length > 200) check.because('input.lines', 'TOO_MANY', { max: 200 }, 'at most 200 lines');
  const lines = input.lines.map((l, i) => {
    const partNumber = (l.partNumber ?? '').trim().toUpperCase();
    if (!PART_NUMBER.test(partNumber))
      check.because(`input.lines.${i}.partNumber`, 'NOT_A_CODE', { value: partNumber, min: 2, max: 40, dots: true }, 'not a part number');
    check.range(`input.lines.${i}.quantity`, l.quantity, 1, 9999, 'ITEMS');
    return {
      partNumber,
      quantity: l.quantity,
      repairOrderLineId: l.repairOrderLineId ? check.id(`input.lines.${i}.repairOrderLineId`, l.repairOrderLineId) : null,
    };
  });
  check.done();
  return inTx(ctx, (tx) => placeOrder(tx, { sellerId: input.sellerId, type: input.type, repairOrderId, note, lines, draft: !!input.draft }));
}

export async function submitPartsOrder(ctx: Ctx, input: { id: string; version: number }): Promise<PartsOrder> {
  return inTx(ctx, async (tx) => {
    const order = await load(tx, PartsOrderDocument, input.id, 'submit', input.version);
    await submitIn(tx, order);
    return order;
  });
}

/**
 * The buyer cancels before anything is shipped: what the seller had allocated goes back to its
 * stock (app_release_parts_allocation, which only ever releases a cancelled order of the caller's).
 */
export async function cancelPartsOrder(ctx: Ctx, input: { id: string; version: number; reason: string }): Promise<PartsOrder> {
  const check = new InputCheck();
  const reason = check.required('input.reason', input.reason, 500);
  check.done();
  return inTx(ctx, async (tx) => {
    const order = await load(tx, PartsOrderDocument, input.id, 'cancel', input.version);
    order.cancelledAt = ctx.clock.now();
    order.cancelReason = reason;
    await moveOrder(tx, order, 'CANCEL', { note: reason });
    await tx.em.execute(`select app_release_parts_allocation(?)`, [order.id]);
    return order;
  });
}

export interface LineReceiptInput {
  shipmentLineId: string;
  received: number;
  rejected?: number | null;
  rejectReason?: ReceiptRejectReason | null;
  note?: string | null;
}

/**
 * The buyer receives one shipment, counting every line: accepted units go into its stock (a
 * RECEIPT in the journal); what is short, over, wrong or damaged becomes a discrepancy the seller
 * must answer. The last shipment of a fully shipped order receives the order; with nothing to
 * answer, the order closes.
 */
export async function receiveShipment(
  ctx: Ctx,
  input: { id: string; version: number; shipmentId: string; lines: readonly LineReceiptInput[] },
): Promise<PartsOrder> {
  const shipmentId = assertId('input.shipmentId', input.shipmentId);
  const check = new InputCheck();
  input.lines.forEach((l, i) => {
    check.id(`input.lines.${i}.shipmentLineId`, l.shipmentLineId);
    check.optional(`input.lines.${i}.note`, l.note, 500);
    if (l.rejectReason && !RECEIPT_REJECT_REASONS.includes(l.rejectReason))
      check.because(`input.lines.${i}.rejectReason`, 'NOT_ONE_OF', { value: l.rejectReason, allowed: RECEIPT_REJECT_REASONS }, 'not a reason');
  });
  check.done();
  return inTx(ctx, async (tx) => {
    const order = await load(tx, PartsOrderDocument, input.id, 'receive', input.version);
    const shipment = await tx.em.findOne(PartsShipment, { id: shipmentId, partsOrderId: order.id });
    if (!shipment) throw DomainError.notFound('Shipment');
    if (shipment.receivedAt)
      throw DomainError.because(ErrorCode.CONFLICT, 'ALREADY_RECEIVED', { shipment: shipment.number }, `Shipment ${shipment.number} was received already.`);
    const shipped = await tx.em.find(PartsShipmentLine, { shipmentId: shipment.id }, { orderBy: { id: 'asc' } });
    const given = new Map(input.lines.map((l) => [l.shipmentLineId.toLowerCase(), l]));
    if (given.size !== input.lines.length || given.size !== shipped.length || shipped.some((s) => !given.has(s.id)))
      throw DomainError.badField('input.lines', 'RECEIVE_EVERY_LINE', { lines: shipped.length }, `count all ${shipped.length} lines of the shipment`);
    const found = new InputCheck();
    const outcomes = shipped.map((s, i) => {
      const r = given.get(s.id)!;
      try {
        return {
          s,
          r,
          out: receiveLine(`input.lines.${i}`, s.quantity, { received: r.received, rejected: r.rejected ?? 0, rejectReason: r.rejectReason ?? null }),
        };
      } catch (e) {
        found.addError(`input.lines.${i}`, e);
        return null;
      }
    });
    found.done();
    let discrepancies = 0;
    for (const o of outcomes) {
      const { s, r, out } = o!;
      Object.assign(s, { received: r.received, accepted: out.accepted, rejected: r.rejected ?? 0 });
      if (out.accepted > 0) {
        const item = await stockItem(tx, s.partNumber);
        await moveStock(tx, item, 'RECEIPT', out.accepted, { record: { type: 'PartsOrder', id: order.id } });
      }
      for (const d of out.discrepancies) {
        discrepancies++;
        tx.em.persist(
          Object.assign(new PartsDiscrepancy(), {
            ...initialItem(Discrepancy),
            id: uuidv7(),
            tenantId: order.tenantId,
            sellerId: order.sellerId,
            partsOrderId: order.id,
            shipmentLineId: s.id,
            partNumber: s.partNumber,
            reason: d.reason,
            quantity: d.qty,
            note: r.note?.trim() || null,
            createdAt: ctx.clock.now(),
          }),
        );
      }
    }
    shipment.receivedAt = ctx.clock.now();
    shipment.receivedBy = memberOf(ctx).userId;
    await tx.em.flush();
    const outstanding = await tx.em.count(PartsShipment, { partsOrderId: order.id, receivedAt: null });
    const event = receiveEvent(order.status, outstanding);
    if (event === 'RECEIVE_REST') order.receivedAt = ctx.clock.now();
    await moveOrder(tx, order, event, { data: { shipment: shipment.number, discrepancies } });
    await closeIfSettled(tx, order);
    await partsArrivedForRepair(tx, order);
    return order;
  });
}

/** A received order with no open discrepancy closes by itself. */
export async function closeIfSettled(tx: Tx, order: PartsOrder): Promise<void> {
  if (order.status !== 'RECEIVED') return;
  if (await tx.em.count(PartsDiscrepancy, { partsOrderId: order.id, status: 'OPEN' })) return;
  order.closedAt = tx.ctx.clock.now();
  await moveOrder(tx, order, 'CLOSE', { automatic: true });
}

/** The orders the actor may read (bought, or placed with its tenant), newest first. */
export async function listPartsOrders(
  ctx: Ctx,
  filter: { status?: readonly PartsOrderState[] | null; side?: 'BUYING' | 'SELLING' | null },
  page: { first?: number | null; after?: string | null },
): Promise<Connection<PartsOrder>> {
  const where = accessibleWhere(ctx.ability, 'read', 'PartsOrder');
  if (!where) return emptyConnection();
  const me = memberOf(ctx).tenantId;
  const and: FilterQuery<PartsOrder>[] = [where];
  if (filter.status?.length) and.push({ status: { $in: [...filter.status] } });
  if (filter.side === 'BUYING') and.push({ tenantId: me });
  if (filter.side === 'SELLING') and.push({ sellerId: me });
  return inTx(ctx, (tx) => paginate<PartsOrder, PartsOrder>(tx.em, PartsOrder, { $and: and }, { ...page, newestFirst: true }, (o) => o));
}

export async function getPartsOrder(ctx: Ctx, id: string): Promise<PartsOrder> {
  const key = assertId('id', id);
  return inTx(ctx, async (tx) => {
    const o = await tx.em.findOne(PartsOrder, { id: key });
    if (!o || !ctx.ability.can('read', asSubject('PartsOrder', o))) throw DomainError.notFound('Parts order');
    return o;
  });
}
