import {
  PARTS_ORDER_AT_SELLER,
  discrepancyMachine,
  partsOrderEventActions,
  partsOrderMachine,
  type DiscrepancyEvent,
  type DiscrepancyState,
  type PartsOrderEvent,
  type PartsOrderState,
} from '@asn/domain';
import type { Tx } from '../../platform/context.js';
import { defineDocument, defineItem, move, type MoveFacts, type TimerDeclaration } from '../../platform/documents/index.js';
import {
  PartsDiscrepancy,
  PartsDiscrepancySchema,
  PartsOrder,
  PartsOrderLineSchema,
  PartsOrderSchema,
  PartsShipmentLineSchema,
  PartsShipmentSchema,
} from './parts.entity.js';

export const PARTS_TIMER = { EMERGENCY_DUE: 'partsOrder.emergencyDue' } as const;

/** An emergency order's 24 h promise: due at `promiseDueAt` while the seller still has something to ship. */
const partsOrderTimers: readonly TimerDeclaration<PartsOrder, PartsOrderState>[] = [
  {
    kind: PARTS_TIMER.EMERGENCY_DUE,
    // planned once on submission (the buyer's); kept while the seller has something to ship
    start: ['SUBMITTED'],
    keep: PARTS_ORDER_AT_SELLER,
    plan: (o) => (o.type === 'EMERGENCY' && o.promiseDueAt && !o.promiseBrokenAt ? [{ runAt: o.promiseDueAt, payload: { partsOrderId: o.id } }] : []),
  },
];

const summary = (o: PartsOrder) => ({ number: o.number, type: o.type, status: o.status, totalMinor: o.totalMinor, currency: o.currency });

/**
 * The parts order (备件订单): the buyer (owner: a dealer, a shop, or the manufacturer buying from a
 * supplier) orders from a seller (counterparty: the manufacturer's depot or a supplier). The buyer
 * writes the order, its lines and the receiving discrepancies; the seller writes the shipments.
 */
export const PartsOrderDocument = defineDocument<PartsOrder, PartsOrderState, PartsOrderEvent>({
  type: 'PartsOrder',
  eventPrefix: 'partsOrder',
  schema: PartsOrderSchema,
  machine: partsOrderMachine,
  counterparty: 'sellerId',
  children: [
    { schema: PartsOrderLineSchema, access: { delete: ['owner'] } },
    { schema: PartsShipmentSchema, access: { insert: ['counterparty'] } },
    { schema: PartsShipmentLineSchema, access: { insert: ['counterparty'] } },
    { schema: PartsDiscrepancySchema },
  ],
  eventActions: partsOrderEventActions,
  numberSeries: 'PO',
  timers: partsOrderTimers,
  subject: (o) => ({ tenantId: o.tenantId, sellerId: o.sellerId, status: o.status }),
  snapshot: summary,
  forbidden: (action) =>
    action === 'fulfil' ? 'Only the seller’s order desk (or parts manager) confirms and ships an order.' : 'Only the buyer’s parts staff do this.',
});

/** Moves a parts order; its number, type and total travel with every event (both parties' lists show them live). */
export function moveOrder(tx: Tx, o: PartsOrder, event: PartsOrderEvent, facts: MoveFacts = {}): Promise<PartsOrderState> {
  o.updatedAt = tx.ctx.clock.now();
  return move(tx, PartsOrderDocument, o, event, { ...facts, data: { ...summary(o), ...(facts.data ?? {}) } });
}

/** A receiving discrepancy: open until the seller answers it with a replacement or a credit. */
export const Discrepancy = defineItem<PartsDiscrepancy, DiscrepancyState, DiscrepancyEvent>({ machine: discrepancyMachine, statusField: 'status' });
