import { DomainError, ErrorCode } from './errors.js';
import { defineMachine, type Machine } from './fsm.js';
import { multiplyMoney } from './money.js';
import { moneyParam } from './reasons.js';

/** Repair order (进厂维修单 / 工单) states, domain.md §3. */
export const REPAIR_ORDER_STATES = [
  'APPOINTED',
  'CHECKED_IN',
  'DIAGNOSED',
  'ESTIMATED',
  'APPROVED',
  'IN_PROGRESS',
  'AWAITING_APPROVAL',
  'AWAITING_PARTS',
  'QC',
  'READY',
  'SETTLED',
  'DELIVERED',
  'CANCELLED',
] as const;
export type RepairOrderState = (typeof REPAIR_ORDER_STATES)[number];

export const REPAIR_ORDER_EVENTS = [
  'CHECK_IN',
  'DIAGNOSE',
  'ESTIMATE',
  'APPROVE',
  'DECLINE_ESTIMATE',
  'START_WORK',
  'PROPOSE_ADDITIONAL_WORK',
  'DECIDE_ADDITIONAL_WORK',
  'WAIT_FOR_PARTS',
  'PARTS_ARRIVED',
  'FINISH_WORK',
  'PASS_QC',
  'FAIL_QC',
  'SETTLE',
  'DELIVER',
  'CANCEL',
] as const;
export type RepairOrderEvent = (typeof REPAIR_ORDER_EVENTS)[number];

/**
 * The repair order lifecycle. Cancelling is possible until the customer approved the estimate;
 * additional work and missing parts pause the work; a failed QC sends the order back to the
 * workshop (counted as rework for the first-time-fix KPI).
 */
export const repairOrderMachine: Machine<RepairOrderState, RepairOrderEvent> = defineMachine({
  name: 'Repair order',
  document: 'RepairOrder',
  initial: 'APPOINTED',
  events: REPAIR_ORDER_EVENTS,
  table: {
    APPOINTED: { CHECK_IN: 'CHECKED_IN', CANCEL: 'CANCELLED' },
    CHECKED_IN: { DIAGNOSE: 'DIAGNOSED', CANCEL: 'CANCELLED' },
    DIAGNOSED: { ESTIMATE: 'ESTIMATED', CANCEL: 'CANCELLED' },
    // the customer declines every line: the order waits for a revised estimate (or is cancelled)
    ESTIMATED: { APPROVE: 'APPROVED', DECLINE_ESTIMATE: 'ESTIMATED', ESTIMATE: 'ESTIMATED', CANCEL: 'CANCELLED' },
    APPROVED: { START_WORK: 'IN_PROGRESS' },
    IN_PROGRESS: {
      PROPOSE_ADDITIONAL_WORK: 'AWAITING_APPROVAL',
      WAIT_FOR_PARTS: 'AWAITING_PARTS',
      FINISH_WORK: 'QC',
    },
    AWAITING_APPROVAL: { DECIDE_ADDITIONAL_WORK: 'IN_PROGRESS' },
    AWAITING_PARTS: { PARTS_ARRIVED: 'IN_PROGRESS' },
    QC: { PASS_QC: 'READY', FAIL_QC: 'IN_PROGRESS' },
    READY: { SETTLE: 'SETTLED' },
    SETTLED: { DELIVER: 'DELIVERED' },
    DELIVERED: {},
    CANCELLED: {},
  },
});

/**
 * How a customer's decision on an estimate or on additional work was given: through the tracking
 * link (by the customer), in the shop (the customer signs), or by phone (recorded by staff).
 */
export const DECISION_CHANNELS = ['TRACKING_LINK', 'IN_SHOP', 'PHONE'] as const;
export type DecisionChannel = (typeof DECISION_CHANNELS)[number];

/** States in which the workshop is (or may be) working on the vehicle. */
export const WORKSHOP_STATES: readonly RepairOrderState[] = ['APPROVED', 'IN_PROGRESS', 'AWAITING_APPROVAL', 'AWAITING_PARTS', 'QC'];

/** On-site service visit (上门服务), domain.md §3. */
export const VISIT_STATES = ['SCHEDULED', 'EN_ROUTE', 'ARRIVED', 'FINISHED', 'CANCELLED'] as const;
export type VisitState = (typeof VISIT_STATES)[number];
export const VISIT_EVENTS = ['DEPART', 'REVISE_ETA', 'ARRIVE', 'FINISH', 'CANCEL'] as const;
export type VisitEvent = (typeof VISIT_EVENTS)[number];

export const visitMachine: Machine<VisitState, VisitEvent> = defineMachine({
  name: 'On-site visit',
  document: 'Visit',
  initial: 'SCHEDULED',
  events: VISIT_EVENTS,
  table: {
    SCHEDULED: { DEPART: 'EN_ROUTE', CANCEL: 'CANCELLED' },
    // a late engineer tells the customer a new time without changing state
    EN_ROUTE: { REVISE_ETA: 'EN_ROUTE', ARRIVE: 'ARRIVED', CANCEL: 'CANCELLED' },
    ARRIVED: { FINISH: 'FINISHED' },
    FINISHED: {},
    CANCELLED: {},
  },
});

export const PAY_TYPES = ['CUSTOMER', 'WARRANTY', 'CONTRACT', 'GOODWILL', 'INTERNAL'] as const;
export type PayType = (typeof PAY_TYPES)[number];

export interface PricedLine {
  kind: 'LABOUR' | 'PART';
  status: 'PROPOSED' | 'APPROVED' | 'DECLINED';
  payType: PayType;
  amountMinor: bigint;
}

/** Line amount in minor units: hours × rate or quantity × unit price (both in thousandths). */
export function lineAmountMinor(
  line: { kind: 'LABOUR'; hoursMilli: number; rateMinor: bigint } | { kind: 'PART'; quantityMilli: number; unitPriceMinor: bigint },
): bigint {
  const [qty, unit] = line.kind === 'LABOUR' ? [line.hoursMilli, line.rateMinor] : [line.quantityMilli, line.unitPriceMinor];
  return multiplyMoney({ amountMinor: unit, currency: 'XXX' }, qty).amountMinor;
}

export interface OrderTotals {
  byPayType: Record<PayType, bigint>;
  labour: bigint;
  parts: bigint;
  gross: bigint;
  discount: bigint;
  /** What the customer pays: the CUSTOMER share less the discount. */
  customerPays: bigint;
}

/**
 * Settlement totals (维修结算) of the approved lines, per pay type. A discount applies to the
 * customer's share only and can never exceed it.
 */
export function orderTotals(lines: readonly PricedLine[], discountMinor: bigint = 0n, currency = 'CNY'): OrderTotals {
  const byPayType = Object.fromEntries(PAY_TYPES.map((p) => [p, 0n])) as Record<PayType, bigint>;
  let labour = 0n;
  let parts = 0n;
  for (const l of lines) {
    if (l.status !== 'APPROVED') continue;
    byPayType[l.payType] += l.amountMinor;
    if (l.kind === 'LABOUR') labour += l.amountMinor;
    else parts += l.amountMinor;
  }
  if (discountMinor < 0n || discountMinor > byPayType.CUSTOMER) {
    throw DomainError.because(
      ErrorCode.BAD_USER_INPUT,
      'DISCOUNT_TOO_HIGH',
      { maximum: moneyParam(byPayType.CUSTOMER, currency) },
      `A discount must be between 0 and the customer's share (${byPayType.CUSTOMER} minor units).`,
    );
  }
  return { byPayType, labour, parts, gross: labour + parts, discount: discountMinor, customerPays: byPayType.CUSTOMER - discountMinor };
}
