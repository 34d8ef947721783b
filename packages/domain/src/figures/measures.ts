import { PAY_TYPES, type PayType } from '../repair-order.js';

/**
 * Measures: the additive facts the rollup job writes per (owner tenant, brand, local day).
 * Every figure (figures.ts) is a pure formula over the SUMS of measures of a period, so a week,
 * a month, a region or the whole network is the sum of its days' rows and nothing is averaged
 * twice. A measure is an integer (count, minor units, minutes or days), never a ratio.
 *
 * Attribution day (the tenant's local calendar day, domain.md §6):
 * - repair orders: the day of delivery (status DELIVERED); cancelled orders count nowhere;
 * - warranty claims: `wc.submitted*` on the day of submission, `wc.decided*` on the day of the decision;
 * - complaints: the day received; acknowledgement and resolution on the day they happen;
 * - follow-ups: the delivery day of the repair order they belong to;
 * - SLA clocks: the day the clock was met or breached;
 * - parts (owned by the SELLER of the order; a supplier's rows go to the manufacturer of its supply
 *   agreement): lines on the day of the order's first confirmation, emergency orders on the day their
 *   promise fell due, backorders on the day the shipment that cleared them left, shipment lines on the
 *   day they shipped;
 * - surveys (customer-satisfaction index): the day answered.
 */
export const BASE_MEASURES = [
  // repair orders (dealer / shop)
  'ro.delivered', // delivered repair orders
  'ro.onSite', // of which on site (上门服务)
  'ro.cycleMinutes', // Σ minutes check-in → delivery, over orders with a check-in time
  'ro.cycleCount', // orders counted in ro.cycleMinutes
  'ro.reworked', // delivered orders with at least one failed QC (rework_count > 0)
  'ro.comeback', // delivered orders followed within 30 days by another order of the same VIN for the same fault
  'ro.firstTimeFix', // delivered orders neither reworked nor followed by a comeback
  'ro.complete', // delivered orders with a complete record (check-in meter + signature, diagnosis, every approved labour line clocked by a technician)
  'qc.passed', // delivered orders passed by QC (every delivered order passed QC at the end)
  'qc.passedHeld', // of those, passed at the FIRST inspection and no comeback within 30 days (inspector accuracy)
  // warranty claims (dealer-owned, the manufacturer is the counterparty)
  'wc.submitted',
  'wc.claimedMinor', // Σ claimed amount of submitted claims
  'wc.decided', // claims approved, partly approved or rejected that day
  'wc.approved', // approved in full or in part
  'wc.approvedMinor',
  'wc.rejected', // rejected (see also the per-reason keys `wc.rejected:<reasonCode>`)
  'wc.reviewMinutes', // Σ minutes submitted → decided over wc.decided
  // complaints
  'cp.received',
  'cp.acknowledged',
  'cp.ackMinutes', // Σ minutes received → acknowledged
  'cp.resolved',
  'cp.resolveMinutes', // Σ minutes received → resolved
  'cp.escalated', // complaints escalated (by hand or by the clock) that day
  // follow-ups in the warranty period (orders with a WARRANTY line)
  'fu.warrantyDue', // delivered orders with a warranty line
  'fu.warrantyDone', // of those, reached by at least one completed follow-up call
  // satisfaction answers (follow-up call 1–5 and the tracking page's stars 1–5; 4 and 5 are satisfied)
  'sat.answers',
  'sat.satisfied',
  // SLA clocks of service requests
  'sla.met',
  'sla.breached',
  // parts orders (SUPPLIER-owned rows)
  'po.linesOrdered', // lines answered at the order's first confirmation
  'po.linesFilled', // of those, allocated in full from stock at that first pass (parts.ts lineFillRate)
  'po.backorderLines', // backordered lines cleared by a shipment that day
  'po.backorderDays', // Σ local days each of them waited (backordered → the shipment that cleared it)
  'po.emergencyDue', // emergency orders whose promise fell due that day, once decided (shipped in full, or the promise broken)
  'po.emergencyKept', // of those, shipped in full on or before the promise
  'po.shipLines', // shipment lines received by the buyer
  'po.shipLinesAccurate', // of those, without a discrepancy (short, over, wrong part, damaged)
] as const;
export type BaseMeasure = (typeof BASE_MEASURES)[number];

/** Keys with a dimension: repair volume by main pay type, revenue by pay type, rejections by reason, survey scores by indicator. */
export type MeasureKey =
  | BaseMeasure
  | `ro.byType:${PayType}` // delivered orders by the pay type carrying the largest approved amount
  | `rev:${PayType}` // Σ approved line amounts (minor units, tenant currency) of delivered orders
  | `wc.rejected:${string}` // rejected claims by reason code
  | `csi.n:${string}` // surveys answering indicator X
  | `csi.expected:${string}` // Σ expected score (1–5) of indicator X
  | `csi.actual:${string}`; // Σ actual score (1–5) of indicator X

/** Sums of measures over a period (and over dealers): a missing key is 0. */
export type MeasureSums = Readonly<Record<string, number>>;

export const measure = (sums: MeasureSums, key: MeasureKey): number => {
  if (recording) {
    recording.keys.add(key);
    return 0;
  }
  return sums[key] ?? 0;
};

/** The keys of the sums that start with `prefix` (a breakdown by dimension: pay type, reason, indicator). */
export function keysWith(sums: MeasureSums, prefix: string): string[] {
  if (recording) {
    recording.prefixes.add(prefix);
    return [];
  }
  return Object.keys(sums).filter((k) => k.startsWith(prefix));
}

/** What a formula read while it was recorded (figureMeasures). */
interface Recording {
  keys: Set<string>;
  prefixes: Set<string>;
}
let recording: Recording | null = null;

/**
 * The measures `formula` reads — exact keys, and prefixes for a breakdown — found by running it on
 * empty sums while `measure` and `keysWith` note what they are asked for. A formula must read its
 * sums through those two (the check: the sums it is given refuse to be listed or read otherwise).
 */
export function measuresRead(formula: (sums: MeasureSums) => unknown): { keys: string[]; prefixes: string[] } {
  const r: Recording = { keys: new Set(), prefixes: new Set() };
  const sealed = new Proxy<Record<string, number>>(
    {},
    {
      get: (_t, k) => {
        if (recording === r) throw new Error(`a formula read the measure ${String(k)} without measure()`);
        return undefined;
      },
      ownKeys: () => {
        throw new Error('a formula listed the measures without keysWith()');
      },
    },
  );
  recording = r;
  try {
    formula(sealed);
  } finally {
    recording = null;
  }
  return { keys: [...r.keys].sort(), prefixes: [...r.prefixes].sort() };
}

export { PAY_TYPES };
