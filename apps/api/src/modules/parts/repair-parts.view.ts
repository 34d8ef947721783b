/**
 * What became of a repair's part lines (the order page) and the day the repair can expect the
 * parts it waits for (the customer's tracking page). Read in the repair's tenant: its own stock
 * and the parts orders it placed — a seller's side is never read beyond the line's expected day.
 */
import { PARTS_ORDER_OPEN, localDay, partsExpectedOn, type AwaitedPartsLine, type PartsOrderState, type PartsOrderType } from '@asn/domain';
import type { Tx } from '../../platform/context.js';
import { tenantTimeZone } from '../../platform/tenant-time.js';
import { RepairOrderLine } from '../repair-orders/repair-order.entity.js';
import { StockReservation } from './parts.entity.js';
import { unitsOf } from './parts-for-repairs.js';

interface AwaitedRow {
  parts_order_id: string;
  number: string;
  status: PartsOrderState;
  type: PartsOrderType;
  promise_due_at: Date | null;
  promise_broken_at: Date | null;
  repair_order_line_id: string;
  ordered: number;
  refused: number;
  short_closed: number;
  shipped: number;
  backordered: number;
  expected_on: string | null;
}

/** The parts order lines placed for the repair's lines (every state), in one statement. */
async function orderedFor(tx: Tx, repairOrderId: string): Promise<AwaitedRow[]> {
  return tx.em.execute<AwaitedRow[]>(
    `select o.id as parts_order_id, o.number, o.status, o.type, o.promise_due_at, o.promise_broken_at, l.repair_order_line_id,
            l.ordered, l.refused, l.short_closed, l.shipped, l.backordered, l.expected_on::text as expected_on
       from parts_orders o join parts_order_lines l on l.parts_order_id = o.id and l.tenant_id = o.tenant_id
      where o.tenant_id = ? and o.repair_order_id = ? and l.repair_order_line_id is not null
      order by o.id, l.position`,
    [tx.tenantId, repairOrderId],
  );
}

/** A parts order line as the expected-day rule reads it: an emergency order's promise as the workshop's day. */
function awaited(r: AwaitedRow, zone: string): AwaitedPartsLine {
  return {
    type: r.type,
    ordered: r.ordered,
    refused: r.refused,
    shortClosed: r.short_closed,
    shipped: r.shipped,
    backordered: r.backordered,
    expectedOn: r.expected_on,
    promiseDay: r.type === 'EMERGENCY' && r.promise_due_at && !r.promise_broken_at ? localDay(new Date(r.promise_due_at), zone) : null,
  };
}

/**
 * The day a repair waiting for parts can expect them (partsExpectedOn: the latest of the open
 * orders' lines — a backorder's confirmed day, else an emergency promise day), and the parts
 * orders it waits for (the tracking page follows their changes live).
 */
export async function repairPartsExpected(tx: Tx, repairOrderId: string): Promise<{ expectedOn: string | null; partsOrderIds: string[] }> {
  const rows = (await orderedFor(tx, repairOrderId)).filter((r) => PARTS_ORDER_OPEN.includes(r.status));
  if (!rows.length) return { expectedOn: null, partsOrderIds: [] };
  const zone = await tenantTimeZone(tx);
  return { expectedOn: partsExpectedOn(rows.map((r) => awaited(r, zone))), partsOrderIds: [...new Set(rows.map((r) => r.parts_order_id))] };
}

export type RepairPartState = 'NOT_HELD' | 'RESERVED' | 'ON_ORDER' | 'ISSUED' | 'LAPSED';
export const REPAIR_PART_STATES: readonly RepairPartState[] = ['NOT_HELD', 'RESERVED', 'ON_ORDER', 'ISSUED', 'LAPSED'];

export interface RepairPartLineView {
  line: RepairOrderLine;
  quantity: number;
  state: RepairPartState;
  reservation: StockReservation | null;
  partsOrder: { id: string; number: string; status: PartsOrderState; expectedOn: string | null } | null;
}

/**
 * Each part line of the repair the workshop supplies (not declined) and what happened to it: held
 * from stock (until when), issued, lapsed, or on a parts order (its number, state and expected day).
 */
export async function repairPartLines(tx: Tx, repairOrderId: string): Promise<RepairPartLineView[]> {
  const lines = (await tx.em.find(RepairOrderLine, { repairOrderId, kind: 'PART', status: { $ne: 'DECLINED' } }, { orderBy: { id: 'asc' } })).filter(
    (l) => l.partNumber && l.source !== 'CUSTOMER_SUPPLIED',
  );
  if (!lines.length) return [];
  const [reservations, ordered] = await Promise.all([
    tx.em.find(StockReservation, { repairOrderId }, { orderBy: { id: 'asc' } }),
    orderedFor(tx, repairOrderId),
  ]);
  const zone = ordered.length ? await tenantTimeZone(tx) : null;
  return lines.map((line) => {
    // the newest of each: a lapsed reservation may be followed by a new one
    const reservation = reservations.filter((r) => r.repairOrderLineId === line.id).pop() ?? null;
    const po = ordered.filter((r) => r.repair_order_line_id === line.id).pop() ?? null;
    const onOrder = !!po && PARTS_ORDER_OPEN.includes(po.status);
    const state: RepairPartState =
      reservation && !reservation.releasedAt
        ? reservation.issuedAt
          ? 'ISSUED'
          : 'RESERVED'
        : onOrder
          ? 'ON_ORDER'
          : reservation?.releaseReason === 'EXPIRED'
            ? 'LAPSED'
            : 'NOT_HELD';
    return {
      line,
      quantity: unitsOf(line),
      state,
      reservation,
      partsOrder: po
        ? { id: po.parts_order_id, number: po.number, status: po.status, expectedOn: onOrder ? partsExpectedOn([awaited(po, zone!)]) : null }
        : null,
    };
  });
}
