/**
 * The seller's side of a parts order (its order desk): confirming every line (allocated from its
 * stock, backordered with a day, refused with a reason), shipping in parts with carrier and
 * tracking number, sharing scarce stock among backorders by priority, short-closing a backorder,
 * answering receiving discrepancies; and the emergency promise's timer.
 */
import { LockMode } from '@mikro-orm/core';
import {
  DISCREPANCY_EVENTS,
  DomainError,
  InputCheck,
  PARTS_ORDER_AT_SELLER,
  allocateByPriority,
  assertId,
  confirmLine,
  shipEvent,
  shortCloseEvent,
  uuidv7,
  type DiscrepancyEvent,
  type LineAnswer,
} from '@asn/domain';
import { inTx, memberOf, type Ctx, type Tx } from '../../platform/context.js';
import { advance, load, recordChange } from '../../platform/documents/index.js';
import type { JobRegistry } from '../../platform/jobs.js';
import { tenantDay } from '../../platform/tenant-time.js';
import { closeIfSettled } from './parts-order.buying.js';
import { Discrepancy, PARTS_TIMER, PartsOrderDocument, moveOrder } from './parts-order.document.js';
import { PartsDiscrepancy, PartsOrder, PartsOrderLine, PartsShipment, PartsShipmentLine } from './parts.entity.js';
import { moveStock, stockItem, tryReserve } from './stock.service.js';

function loadForSeller(tx: Tx, id: string, version: number): Promise<PartsOrder> {
  return load(tx, PartsOrderDocument, id, 'fulfil', version);
}

function linesOf(tx: Tx, order: PartsOrder): Promise<PartsOrderLine[]> {
  return tx.em.find(PartsOrderLine, { partsOrderId: order.id }, { orderBy: { position: 'asc' } });
}

/** Every line of the order answered exactly once (`field` names the list). */
function eachOnce<T extends { lineId: string }>(field: string, lines: PartsOrderLine[], given: readonly T[]): Map<string, T> {
  const byId = new Map(given.map((g) => [g.lineId.toLowerCase(), g]));
  if (byId.size !== given.length || byId.size !== lines.length || lines.some((l) => !byId.has(l.id)))
    throw DomainError.badField(field, 'ANSWER_EVERY_LINE', { lines: lines.length }, `answer all ${lines.length} line(s) once`);
  return byId;
}

export interface LineAnswerInput extends LineAnswer {
  lineId: string;
}

/**
 * The seller confirms the order, every line at once: units allocated now are reserved from its
 * stock (STOCK_TOO_LOW when it has not that many available), backorders name their expected day,
 * the rest is refused with a reason. An order with nothing left to ship closes.
 */
export async function confirmPartsOrder(ctx: Ctx, input: { id: string; version: number; lines: readonly LineAnswerInput[] }): Promise<PartsOrder> {
  input.lines.forEach((l, i) => assertId(`input.lines.${i}.lineId`, l.lineId));
  return inTx(ctx, async (tx) => {
    const order = await loadForSeller(tx, input.id, input.version);
    const today = await tenantDay(tx, ctx.clock.now());
    const lines = await linesOf(tx, order);
    const answers = eachOnce('input.lines', lines, input.lines);
    const check = new InputCheck();
    const confirmed = lines.map((l, i) => {
      try {
        return confirmLine(`input.lines.${i}`, l.ordered, answers.get(l.id)!, today);
      } catch (e) {
        check.addError(`input.lines.${i}`, e);
        return null;
      }
    });
    check.done();
    for (const [i, l] of lines.entries()) {
      const q = confirmed[i]!;
      const a = answers.get(l.id)!;
      if (q.allocated > 0 && !(await tryReserve(tx, l.partNumber, q.allocated))) {
        const item = await stockItem(tx, l.partNumber);
        throw DomainError.badField(
          `input.lines.${i}.allocate`,
          'STOCK_TOO_LOW',
          { partNumber: l.partNumber, available: item.onHand - item.reserved },
          'not available',
        );
      }
      Object.assign(l, {
        allocated: q.allocated,
        backordered: q.backordered,
        refused: q.refused,
        allocatedFirst: q.allocated,
        refusalReason: q.refused > 0 ? a.refuse : null,
        expectedOn: q.backordered > 0 ? a.expectedOn : null,
        backorderedAt: q.backordered > 0 ? ctx.clock.now() : null,
      });
    }
    order.confirmedAt = ctx.clock.now();
    const totals = { allocated: sum(lines, 'allocated'), backordered: sum(lines, 'backordered'), refused: sum(lines, 'refused') };
    await moveOrder(tx, order, 'CONFIRM', { data: totals });
    if (lines.every((l) => l.allocated + l.backordered === 0)) {
      order.closedAt = ctx.clock.now();
      await moveOrder(tx, order, 'CLOSE', { automatic: true });
    }
    return order;
  });
}

const sum = (lines: PartsOrderLine[], k: 'allocated' | 'backordered' | 'refused' | 'shipped') => lines.reduce((s, l) => s + l[k], 0);

/**
 * A shipment of allocated units (发货), with carrier and tracking number: the units leave the
 * seller's stock (a SHIPMENT in its journal, the reservation released). The last of what is to
 * ship makes the order SHIPPED.
 */
export async function shipPartsOrder(
  ctx: Ctx,
  input: { id: string; version: number; carrier?: string | null; trackingNumber?: string | null; lines: readonly { lineId: string; quantity: number }[] },
): Promise<PartsOrder> {
  const check = new InputCheck();
  const carrier = check.optional('input.carrier', input.carrier, 100);
  const trackingNumber = check.optional('input.trackingNumber', input.trackingNumber, 100);
  input.lines.forEach((l, i) => {
    check.id(`input.lines.${i}.lineId`, l.lineId);
    check.wholeNumber(`input.lines.${i}.quantity`, l.quantity, 0, 'ITEMS');
  });
  check.done();
  const wanted = input.lines.filter((l) => l.quantity > 0);
  if (!wanted.length) throw DomainError.badField('input.lines', 'NOTHING_TO_SHIP', {}, 'put at least one part in the shipment');
  return inTx(ctx, async (tx) => {
    const order = await loadForSeller(tx, input.id, input.version);
    const lines = await linesOf(tx, order);
    const count = await tx.em.count(PartsShipment, { partsOrderId: order.id });
    const shipment = Object.assign(new PartsShipment(), {
      id: uuidv7(),
      tenantId: order.tenantId,
      sellerId: order.sellerId,
      partsOrderId: order.id,
      number: `${order.number}-${String(count + 1).padStart(2, '0')}`,
      carrier,
      trackingNumber,
      shippedAt: ctx.clock.now(),
    });
    tx.em.persist(shipment);
    await tx.em.flush(); // the shipment before its lines (the ORM does not know they depend on it)
    for (const w of wanted) {
      const i = input.lines.indexOf(w);
      const line = lines.find((l) => l.id === w.lineId.toLowerCase());
      if (!line) throw DomainError.badField(`input.lines.${i}.lineId`, 'NOT_A_LINE_OF_PARTS_ORDER', {}, 'not a line of this order');
      if (w.quantity > line.allocated)
        throw DomainError.badField(
          `input.lines.${i}.quantity`,
          'SHIP_MORE_THAN_ALLOCATED',
          { partNumber: line.partNumber, allocated: line.allocated },
          'more than allocated',
        );
      line.allocated -= w.quantity;
      line.shipped += w.quantity;
      await moveStock(tx, await stockItem(tx, line.partNumber), 'SHIPMENT', -w.quantity, {
        record: { type: 'PartsOrder', id: order.id },
        releaseReserved: w.quantity,
      });
      tx.em.persist(
        Object.assign(new PartsShipmentLine(), {
          id: uuidv7(),
          tenantId: order.tenantId,
          sellerId: order.sellerId,
          shipmentId: shipment.id,
          orderLineId: line.id,
          partNumber: line.partNumber,
          quantity: w.quantity,
        }),
      );
    }
    const event = shipEvent(lines);
    if (event === 'SHIP_REST') order.shippedAt = ctx.clock.now();
    await moveOrder(tx, order, event, {
      data: { shipment: shipment.number, carrier, trackingNumber, quantity: wanted.reduce((s, w) => s + w.quantity, 0) },
    });
    return order;
  });
}

/** The seller gives up a line's backorder (short close); the order ships its rest, or closes when nothing was shipped. */
export async function shortCloseLine(ctx: Ctx, input: { id: string; version: number; lineId: string; note?: string | null }): Promise<PartsOrder> {
  const lineId = assertId('input.lineId', input.lineId);
  const check = new InputCheck();
  const note = check.optional('input.note', input.note, 500);
  check.done();
  return inTx(ctx, async (tx) => {
    const order = await loadForSeller(tx, input.id, input.version);
    const lines = await linesOf(tx, order);
    const line = lines.find((l) => l.id === lineId);
    if (!line) throw DomainError.badField('input.lineId', 'NOT_A_LINE_OF_PARTS_ORDER', {}, 'not a line of this order');
    if (line.backordered === 0) throw DomainError.badField('input.lineId', 'NOT_BACKORDERED', { partNumber: line.partNumber }, 'no open backorder');
    const closed = line.backordered;
    line.shortClosed += closed;
    line.backordered = 0;
    const event = shortCloseEvent(lines, order.status);
    if (event === 'SHIP_REST') order.shippedAt = ctx.clock.now();
    if (event === 'CLOSE') order.closedAt = ctx.clock.now();
    await moveOrder(tx, order, event, { note, data: { partNumber: line.partNumber, shortClosed: closed } });
    if (order.status === 'SHIPPED' && !(await tx.em.count(PartsShipment, { partsOrderId: order.id, receivedAt: null }))) {
      // every shipment was received already: the order is received with this close
      order.receivedAt = ctx.clock.now();
      await moveOrder(tx, order, 'RECEIVE_REST', { automatic: true });
      await closeIfSettled(tx, order);
    }
    return order;
  });
}

/**
 * Stock arrived at the seller: what is available of a part goes to the open backorders for it,
 * emergency orders first, then warranty, then stock orders, earlier submissions first. Each filled
 * unit is reserved and can ship. Returns the orders that got units.
 */
export async function allocateBackorders(ctx: Ctx, input: { partNumber: string }): Promise<PartsOrder[]> {
  const me = memberOf(ctx).tenantId;
  const partNumber = input.partNumber.trim().toUpperCase();
  return inTx(ctx, async (tx) => {
    const item = await stockItem(tx, partNumber);
    await tx.em.lock(item, LockMode.PESSIMISTIC_WRITE);
    const open = await tx.em.find(PartsOrderLine, { sellerId: me, partNumber, backordered: { $gt: 0 } }, { filters: false });
    if (!open.length) return [];
    const orders = await tx.em.find(PartsOrder, { id: { $in: [...new Set(open.map((l) => l.partsOrderId))] }, sellerId: me }, { filters: false });
    const live = open.filter((l) => orders.some((o) => o.id === l.partsOrderId && PARTS_ORDER_AT_SELLER.includes(o.status)));
    const share = allocateByPriority(
      item.onHand - item.reserved,
      live.map((l) => {
        const o = orders.find((x) => x.id === l.partsOrderId)!;
        return { id: l.id, type: o.type, submittedAt: o.submittedAt ?? o.createdAt, qty: l.backordered };
      }),
    );
    const touched: PartsOrder[] = [];
    for (const l of live) {
      const q = share.get(l.id) ?? 0;
      if (q === 0) continue;
      const order = await load(tx, PartsOrderDocument, l.partsOrderId, 'fulfil');
      if (!(await tryReserve(tx, partNumber, q))) break;
      l.backordered -= q;
      l.allocated += q;
      order.updatedAt = ctx.clock.now();
      await tx.em.flush();
      recordChange(tx, PartsOrderDocument, order, 'backorderFilled', { data: { number: order.number, partNumber, quantity: q } });
      touched.push(order);
    }
    return touched;
  });
}

/** The seller answers a receiving discrepancy (a replacement or a credit); the last answer closes a received order. */
export async function answerDiscrepancy(
  ctx: Ctx,
  input: { id: string; version: number; discrepancyId: string; answer: DiscrepancyEvent; note?: string | null },
): Promise<PartsOrder> {
  const discrepancyId = assertId('input.discrepancyId', input.discrepancyId);
  const check = new InputCheck();
  const note = check.optional('input.note', input.note, 500);
  if (!DISCREPANCY_EVENTS.includes(input.answer))
    check.because('input.answer', 'NOT_ONE_OF', { value: String(input.answer), allowed: DISCREPANCY_EVENTS }, 'replace or credit');
  check.done();
  return inTx(ctx, async (tx) => {
    const order = await loadForSeller(tx, input.id, input.version);
    const d = await tx.em.findOne(PartsDiscrepancy, { id: discrepancyId, partsOrderId: order.id });
    if (!d) throw DomainError.notFound('Discrepancy');
    advance(Discrepancy, d, input.answer);
    Object.assign(d, { answerNote: note, answeredAt: ctx.clock.now() });
    order.updatedAt = ctx.clock.now();
    await tx.em.flush();
    recordChange(tx, PartsOrderDocument, order, 'discrepancyAnswered', {
      note,
      data: { number: order.number, partNumber: d.partNumber, reason: d.reason, quantity: d.quantity, answer: input.answer },
    });
    await closeIfSettled(tx, order);
    return order;
  });
}

/** The emergency promise passed with the order not shipped in full: flagged once, for both parties. */
export function registerPartsTimers(jobs: JobRegistry): void {
  jobs.register(PARTS_TIMER.EMERGENCY_DUE, async (tx, payload) => {
    const order = await tx.em.findOne(PartsOrder, { id: String(payload.partsOrderId) });
    if (!order || order.promiseBrokenAt || !order.promiseDueAt) return;
    if (!PARTS_ORDER_AT_SELLER.includes(order.status) || order.promiseDueAt > tx.ctx.clock.now()) return;
    order.promiseBrokenAt = tx.ctx.clock.now();
    await tx.em.flush();
    recordChange(tx, PartsOrderDocument, order, 'emergencyPromiseBroken', {
      automatic: true,
      data: { number: order.number, promiseDueAt: order.promiseDueAt.toISOString() },
    });
  });
}
