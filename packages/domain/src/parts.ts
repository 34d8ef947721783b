/**
 * Parts (备件): the catalogue's classes, supersession, stock arithmetic, the parts order's machine
 * and the rules of confirming, allocating, shipping and receiving its lines, and the figures the
 * network is judged by. Pure: the API applies these to rows, the portal shows what they give.
 * The formulas are written out in docs/parts.md.
 */
import { DomainError, ErrorCode } from './errors.js';
import { defineMachine, type Machine } from './fsm.js';
import { localDay } from './time-zone.js';

// ---------------------------------------------------------------------------------------------
// Catalogue

/** 常用件, 保养件, 核心件, 事故件, 非易损件. */
export const PART_CATEGORIES = ['COMMON', 'MAINTENANCE', 'CORE', 'ACCIDENT', 'NON_WEARING'] as const;
export type PartCategory = (typeof PART_CATEGORIES)[number];

export const ABC_CLASSES = ['A', 'B', 'C'] as const;
export type AbcClass = (typeof ABC_CLASSES)[number];

/** The share of the year's demand value (basis points, cumulative, largest first) that class A and A+B cover. */
export const ABC_LIMITS = { A: 8000, B: 9500 } as const;

/**
 * ABC class of every part from its demand value over the last 12 months: parts sorted by value,
 * largest first; a part is A while the value before it is under 80 % of the total, B under 95 %,
 * else C. A part without demand is C. Ties are broken by part number so the answer is stable.
 */
export function abcClasses(demand: ReadonlyMap<string, bigint>): Map<string, AbcClass> {
  const rows = [...demand.entries()].sort(([a, va], [b, vb]) => (va === vb ? (a < b ? -1 : a > b ? 1 : 0) : va > vb ? -1 : 1));
  const total = rows.reduce((s, [, v]) => s + (v > 0n ? v : 0n), 0n);
  const out = new Map<string, AbcClass>();
  let before = 0n;
  for (const [number, value] of rows) {
    if (value <= 0n || total === 0n) out.set(number, 'C');
    else if (before * 10_000n < BigInt(ABC_LIMITS.A) * total) out.set(number, 'A');
    else if (before * 10_000n < BigInt(ABC_LIMITS.B) * total) out.set(number, 'B');
    else out.set(number, 'C');
    if (value > 0n) before += value;
  }
  return out;
}

/** The buyer's net price: the list price less its discount (basis points), rounded half up to the minor unit. */
export function netPrice(listMinor: bigint, discountBp: number | null | undefined): bigint {
  const bp = BigInt(Math.min(10_000, Math.max(0, Math.trunc(discountBp ?? 0))));
  return (listMinor * (10_000n - bp) + 5_000n) / 10_000n;
}

/**
 * How an old number gives way to its successor: use the old stock up first (the seller ships old
 * parts while it has them), or replace at once (the old number is no longer shipped).
 */
export const SUPERSESSION_MODES = ['USE_UP', 'IMMEDIATE'] as const;
export type SupersessionMode = (typeof SUPERSESSION_MODES)[number];

export interface Supersession {
  from: string;
  to: string;
  mode: SupersessionMode;
}

/** A catalogue's supersessions, each old number to its one successor; a chain that loops is refused. */
export class SupersessionChains {
  private readonly next = new Map<string, Supersession>();
  private readonly previous = new Map<string, Supersession[]>();

  constructor(links: readonly Supersession[]) {
    for (const l of links) {
      if (l.from === l.to || this.next.has(l.from))
        throw DomainError.because(ErrorCode.BAD_USER_INPUT, 'SUPERSESSION_CYCLE', { partNumber: l.from }, `${l.from} is superseded twice or by itself.`);
      this.next.set(l.from, l);
      this.previous.set(l.to, [...(this.previous.get(l.to) ?? []), l]);
    }
    for (const start of this.next.keys()) this.chainFrom(start);
  }

  /** The numbers from `number` to the current one, in order (just `number` when it is current). */
  chainFrom(number: string): string[] {
    const chain = [number];
    const seen = new Set(chain);
    for (let l = this.next.get(number); l; l = this.next.get(l.to)) {
      if (seen.has(l.to))
        throw DomainError.because(ErrorCode.BAD_USER_INPUT, 'SUPERSESSION_CYCLE', { partNumber: l.to }, `The supersession of ${number} loops at ${l.to}.`);
      seen.add(l.to);
      chain.push(l.to);
    }
    return chain;
  }

  /** The number a buyer is offered for `number`: the end of its chain. */
  current(number: string): string {
    return this.chainFrom(number).at(-1)!;
  }

  /**
   * The numbers whose stock fills an order line of `current`, in the order the seller takes them:
   * older numbers still being used up first (oldest first), then the current number. An old number
   * replaced at once stops the walk back: nothing older than it is shipped either.
   */
  supplyNumbers(current: string): string[] {
    const older: string[] = [];
    const walk = (n: string, depth: number): void => {
      for (const l of this.previous.get(n) ?? []) {
        if (l.mode !== 'USE_UP' || depth > 100) continue;
        walk(l.from, depth + 1);
        older.push(l.from);
      }
    };
    walk(current, 0);
    return [...older, current];
  }
}

// ---------------------------------------------------------------------------------------------
// Stock

export interface StockLevel {
  onHand: number;
  reserved: number;
  /** Ordered from a seller and not yet received. */
  onOrder: number;
  safetyStock: number;
  reorderPoint: number;
  /** The lot a replenishment is ordered in (at least 1). */
  reorderQty: number;
}

export function available(s: Pick<StockLevel, 'onHand' | 'reserved'>): number {
  return s.onHand - s.reserved;
}

/** Low stock: what is available (with what is on order) is at or below the reorder point. */
export function isLowStock(s: StockLevel): boolean {
  return available(s) + s.onOrder <= s.reorderPoint;
}

/**
 * The replenishment a low stock item proposes (an (s, Q) policy): the fewest whole lots that lift
 * available + on order above the reorder point; 0 when it is above already.
 */
export function replenishmentQty(s: StockLevel): number {
  const position = available(s) + s.onOrder;
  if (position > s.reorderPoint) return 0;
  const lot = Math.max(1, s.reorderQty);
  return lot * Math.ceil((s.reorderPoint - position + 1) / lot);
}

/**
 * Why stock moved (每笔出入库都记账). RELEASE: a repair's reservation given back (lapsed or the repair
 * cancelled) — nothing leaves the shelf, the journal line says how many units became available again.
 */
export const STOCK_MOVEMENT_KINDS = ['RECEIPT', 'ISSUE', 'ADJUSTMENT', 'RETURN', 'SHIPMENT', 'RELEASE'] as const;
export type StockMovementKind = (typeof STOCK_MOVEMENT_KINDS)[number];

/** Why stock was adjusted by hand (stocktake and the like): a movement of kind ADJUSTMENT names one. */
export const STOCK_ADJUSTMENT_REASONS = ['STOCKTAKE', 'DAMAGED', 'LOST', 'FOUND', 'OTHER'] as const;
export type StockAdjustmentReason = (typeof STOCK_ADJUSTMENT_REASONS)[number];

// ---------------------------------------------------------------------------------------------
// The parts order (备件订单)

/** STOCK: replenishment; EMERGENCY: a vehicle off road, shipped within 24 h; WARRANTY: for a warranty repair. */
export const PARTS_ORDER_TYPES = ['STOCK', 'EMERGENCY', 'WARRANTY'] as const;
export type PartsOrderType = (typeof PARTS_ORDER_TYPES)[number];

/** The emergency promise: shipped in full within this many hours of submission. */
export const EMERGENCY_PROMISE_HOURS = 24;

export function emergencyDueAt(submittedAt: Date): Date {
  return new Date(submittedAt.getTime() + EMERGENCY_PROMISE_HOURS * 3_600_000);
}

export const PARTS_ORDER_STATES = ['DRAFT', 'SUBMITTED', 'CONFIRMED', 'PARTIALLY_SHIPPED', 'SHIPPED', 'RECEIVED', 'CLOSED', 'CANCELLED'] as const;
export type PartsOrderState = (typeof PARTS_ORDER_STATES)[number];

/**
 * `SHIP` leaves something to ship, `SHIP_REST` ships (or short-closes) the last of it; `RECEIVE`
 * takes in a shipment while more is coming, `RECEIVE_REST` the last one. `SHORT_CLOSE` gives up a
 * backorder while others stay open. `CLOSE` ends an order: received with every discrepancy
 * answered, or confirmed with nothing left to ship (every line refused or short-closed).
 */
export const PARTS_ORDER_EVENTS = ['SUBMIT', 'CONFIRM', 'SHIP', 'SHIP_REST', 'SHORT_CLOSE', 'RECEIVE', 'RECEIVE_REST', 'CLOSE', 'CANCEL'] as const;
export type PartsOrderEvent = (typeof PARTS_ORDER_EVENTS)[number];

export const partsOrderMachine: Machine<PartsOrderState, PartsOrderEvent> = defineMachine({
  name: 'Parts order',
  document: 'PartsOrder',
  initial: 'DRAFT',
  events: PARTS_ORDER_EVENTS,
  table: {
    DRAFT: { SUBMIT: 'SUBMITTED', CANCEL: 'CANCELLED' },
    SUBMITTED: { CONFIRM: 'CONFIRMED', CANCEL: 'CANCELLED' },
    CONFIRMED: { SHIP: 'PARTIALLY_SHIPPED', SHIP_REST: 'SHIPPED', SHORT_CLOSE: 'CONFIRMED', CLOSE: 'CLOSED', CANCEL: 'CANCELLED' },
    PARTIALLY_SHIPPED: { SHIP: 'PARTIALLY_SHIPPED', SHIP_REST: 'SHIPPED', SHORT_CLOSE: 'PARTIALLY_SHIPPED', RECEIVE: 'PARTIALLY_SHIPPED' },
    SHIPPED: { RECEIVE: 'SHIPPED', RECEIVE_REST: 'RECEIVED' },
    RECEIVED: { CLOSE: 'CLOSED' },
    CLOSED: {},
    CANCELLED: {},
  },
});

/** Orders the seller still has to act on (its order desk's queue). */
export const PARTS_ORDER_AT_SELLER: readonly PartsOrderState[] = ['SUBMITTED', 'CONFIRMED', 'PARTIALLY_SHIPPED'];
/** Orders the buyer is waiting for (something is on its way or still to come). */
export const PARTS_ORDER_OPEN: readonly PartsOrderState[] = ['SUBMITTED', 'CONFIRMED', 'PARTIALLY_SHIPPED', 'SHIPPED'];

/** Allocation order when stock is scarce: emergency first, then warranty, then stock orders. */
export const PARTS_ORDER_PRIORITY: Readonly<Record<PartsOrderType, number>> = { EMERGENCY: 0, WARRANTY: 1, STOCK: 2 };

/** Why a seller refuses a line. */
export const LINE_REFUSAL_REASONS = ['DISCONTINUED', 'NOT_SUPPLIED', 'OTHER'] as const;
export type LineRefusalReason = (typeof LINE_REFUSAL_REASONS)[number];

/** What the buyer finds wrong when receiving a line (收货差异). */
export const DISCREPANCY_REASONS = ['SHORT', 'WRONG_PART', 'DAMAGED', 'OVER_SHIPPED'] as const;
export type DiscrepancyReason = (typeof DISCREPANCY_REASONS)[number];

/** A discrepancy is the seller's to answer: a replacement shipped or a credit. */
export const DISCREPANCY_STATES = ['OPEN', 'REPLACED', 'CREDITED'] as const;
export type DiscrepancyState = (typeof DISCREPANCY_STATES)[number];
export const DISCREPANCY_EVENTS = ['REPLACE', 'CREDIT'] as const;
export type DiscrepancyEvent = (typeof DISCREPANCY_EVENTS)[number];

export const discrepancyMachine: Machine<DiscrepancyState, DiscrepancyEvent> = defineMachine({
  name: 'Receiving discrepancy',
  document: 'PartsDiscrepancy',
  initial: 'OPEN',
  events: DISCREPANCY_EVENTS,
  table: { OPEN: { REPLACE: 'REPLACED', CREDIT: 'CREDITED' }, REPLACED: {}, CREDITED: {} },
});

/**
 * An order line's quantities. Before confirmation everything ordered is open; the seller's answer
 * splits it into allocated (from stock, to ship), backordered (to come, with a date) and refused.
 * Shipping moves allocated to shipped; stock arriving at the seller moves backordered to
 * allocated; a short close gives a backorder up. Always:
 * allocated + backordered + refused + shipped + shortClosed = ordered (once confirmed).
 */
export interface PartsLineQty {
  ordered: number;
  allocated: number;
  backordered: number;
  refused: number;
  shipped: number;
  shortClosed: number;
}

export function lineBalances(l: PartsLineQty): boolean {
  const parts = [l.allocated, l.backordered, l.refused, l.shipped, l.shortClosed];
  return parts.every((n) => Number.isInteger(n) && n >= 0) && parts.reduce((a, b) => a + b, 0) === l.ordered;
}

/** Still to ship on a line: allocated and backordered. */
export function toShip(l: PartsLineQty): number {
  return l.allocated + l.backordered;
}

/** The seller's answer to one line: how many it allocates now, how many it backorders (with a day), and a refusal for the rest. */
export interface LineAnswer {
  allocate: number;
  backorder: number;
  expectedOn?: string | null;
  refuse?: LineRefusalReason | null;
}

/**
 * Checks an answer against the line (`field` names it for the refusal) and gives the line's
 * quantities after confirmation: every unit is answered once, a backorder names its day, a refused
 * rest names its reason.
 */
export function confirmLine(field: string, ordered: number, a: LineAnswer, today: string): PartsLineQty {
  const whole = (n: number) => Number.isInteger(n) && n >= 0;
  if (!whole(a.allocate) || !whole(a.backorder) || a.allocate + a.backorder > ordered)
    throw DomainError.badField(field, 'ANSWER_EXCEEDS_ORDERED', { ordered }, `answer at most the ${ordered} ordered`);
  const refused = ordered - a.allocate - a.backorder;
  if (refused > 0 && !a.refuse) throw DomainError.badField(field, 'REFUSAL_REASON_REQUIRED', { refused }, `say why ${refused} are refused`);
  if (a.backorder > 0 && !a.expectedOn) throw DomainError.badField(`${field}.expectedOn`, 'REQUIRED', {}, 'a backorder needs its expected day');
  if (a.backorder > 0 && a.expectedOn! < today) throw DomainError.badField(`${field}.expectedOn`, 'MUST_BE_FUTURE', {}, 'the expected day is past');
  return { ordered, allocated: a.allocate, backordered: a.backorder, refused, shipped: 0, shortClosed: 0 };
}

/**
 * Shares scarce stock among the lines asking for it: emergency orders first, then warranty, then
 * stock orders; within a priority the earlier submission first (then the line id). Each line gets
 * what is left, up to what it asks. Returns the quantity per line id.
 */
export function allocateByPriority(
  availableQty: number,
  demands: readonly { id: string; type: PartsOrderType; submittedAt: Date; qty: number }[],
): Map<string, number> {
  const order = [...demands].sort(
    (a, b) =>
      PARTS_ORDER_PRIORITY[a.type] - PARTS_ORDER_PRIORITY[b.type] ||
      a.submittedAt.getTime() - b.submittedAt.getTime() ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  let left = Math.max(0, availableQty);
  const out = new Map<string, number>();
  for (const d of order) {
    const take = Math.min(left, Math.max(0, d.qty));
    out.set(d.id, take);
    left -= take;
  }
  return out;
}

/** The event a shipment fires: the last of what is to ship, or not yet. */
export function shipEvent(linesAfter: readonly PartsLineQty[]): 'SHIP' | 'SHIP_REST' {
  return linesAfter.every((l) => toShip(l) === 0) ? 'SHIP_REST' : 'SHIP';
}

/** The event receiving a shipment fires: the last of everything, once the order is shipped in full; else the order waits for more. */
export function receiveEvent(from: PartsOrderState, shipmentsOutstandingAfter: number): 'RECEIVE' | 'RECEIVE_REST' {
  return from === 'SHIPPED' && shipmentsOutstandingAfter === 0 ? 'RECEIVE_REST' : 'RECEIVE';
}

/** The event a short close fires: in a confirmed order with nothing shipped and nothing left, the order closes. */
export function shortCloseEvent(linesAfter: readonly PartsLineQty[], from: PartsOrderState): 'SHORT_CLOSE' | 'SHIP_REST' | 'CLOSE' {
  if (linesAfter.some((l) => toShip(l) > 0)) return 'SHORT_CLOSE';
  return from === 'CONFIRMED' && linesAfter.every((l) => l.shipped === 0) ? 'CLOSE' : 'SHIP_REST';
}

/**
 * One shipped line as received: `received` counted, of which `rejected` (wrong part or damaged).
 * Fewer than shipped is SHORT, more is OVER_SHIPPED (the extra is not accepted); the rejected are
 * the named reason. Accepted units go into the buyer's stock.
 */
/** Why the buyer rejects units it counted (the other discrepancies, short and over, follow from the count). */
export const RECEIPT_REJECT_REASONS = ['WRONG_PART', 'DAMAGED'] as const;
export type ReceiptRejectReason = (typeof RECEIPT_REJECT_REASONS)[number];

export interface LineReceipt {
  received: number;
  rejected: number;
  rejectReason?: ReceiptRejectReason | null;
}

export interface ReceiptOutcome {
  accepted: number;
  discrepancies: { reason: DiscrepancyReason; qty: number }[];
}

export function receiveLine(field: string, shipped: number, r: LineReceipt): ReceiptOutcome {
  const whole = (n: number) => Number.isInteger(n) && n >= 0;
  if (!whole(r.received))
    throw DomainError.badField(`${field}.received`, 'NOT_A_WHOLE_NUMBER', { value: String(r.received), min: 0, unit: 'ITEMS' }, 'a count');
  if (!whole(r.rejected) || r.rejected > Math.min(r.received, shipped))
    throw DomainError.badField(`${field}.rejected`, 'ANSWER_EXCEEDS_ORDERED', { ordered: Math.min(r.received, shipped) }, 'reject at most what was received');
  if (r.rejected > 0 && !r.rejectReason) throw DomainError.badField(`${field}.rejectReason`, 'REQUIRED', {}, 'say why the parts are rejected');
  const discrepancies: ReceiptOutcome['discrepancies'] = [];
  const counted = Math.min(r.received, shipped);
  if (r.received < shipped) discrepancies.push({ reason: 'SHORT', qty: shipped - r.received });
  if (r.received > shipped) discrepancies.push({ reason: 'OVER_SHIPPED', qty: r.received - shipped });
  if (r.rejected > 0) discrepancies.push({ reason: r.rejectReason!, qty: r.rejected });
  return { accepted: counted - r.rejected, discrepancies };
}

// ---------------------------------------------------------------------------------------------
// Figures (docs/parts.md writes each one out)

/** A ratio as basis points (null when nothing was counted). */
function bp(numerator: number, denominator: number): number | null {
  return denominator > 0 ? Math.round((numerator * 10_000) / denominator) : null;
}

/** How the seller first answered a line: ordered, and how many it allocated off the shelf at the first confirmation. */
export interface FirstPass {
  ordered: number;
  allocatedFirst: number;
}

/** Line fill rate: lines allocated in full at the first confirmation / lines confirmed. */
export function lineFillRate(lines: readonly FirstPass[]): number | null {
  return bp(lines.filter((l) => l.allocatedFirst >= l.ordered).length, lines.length);
}

/** Quantity fill rate: units allocated at the first confirmation / units ordered. */
export function quantityFillRate(lines: readonly FirstPass[]): number | null {
  return bp(
    lines.reduce((s, l) => s + Math.min(l.allocatedFirst, l.ordered), 0),
    lines.reduce((s, l) => s + l.ordered, 0),
  );
}

/** A backorder's age in whole days on the seller's calendar: from the day it was backordered to today (or the day it was filled). */
export function backorderAgeDays(backorderedAt: Date, until: Date, timeZone: string): number {
  const day = (at: Date) => Date.parse(`${localDay(at, timeZone)}T00:00:00Z`);
  return Math.max(0, Math.round((day(until) - day(backorderedAt)) / 86_400_000));
}

/** Emergency promise kept: emergency orders shipped in full within 24 h of submission / emergency orders that were due (shipped, or due by now). */
export function emergencyPromiseKept(orders: readonly { submittedAt: Date; shippedAt: Date | null }[], now: Date): number | null {
  const due = orders.filter((o) => o.shippedAt || emergencyDueAt(o.submittedAt) <= now);
  return bp(due.filter((o) => o.shippedAt && o.shippedAt <= emergencyDueAt(o.submittedAt)).length, due.length);
}

/** Shipment accuracy: shipped lines received without a discrepancy / shipped lines received (target ≥ 98 %). */
export function shipmentAccuracy(received: readonly { discrepancies: number }[]): number | null {
  return bp(received.filter((r) => r.discrepancies === 0).length, received.length);
}

export const SHIPMENT_ACCURACY_TARGET_BP = 9800;
