/**
 * Service contracts (服务合同, domain.md §6): the contract's lifecycle, its entitlements and what a
 * repair line consumes of them, its SLA targets by fault severity, and the service request's
 * lifecycle. Pure: the API applies these to rows, the portal shows what they give.
 */
import { DomainError, ErrorCode } from './errors.js';
import { defineMachine, type Machine } from './fsm.js';

export const CONTRACT_TYPES = ['EXTENDED_WARRANTY', 'MAINTENANCE_PLAN', 'FULL_SERVICE'] as const;
export type ContractType = (typeof CONTRACT_TYPES)[number];

export const CONTRACT_STATES = ['DRAFT', 'ACTIVE', 'SUSPENDED', 'EXPIRED', 'TERMINATED'] as const;
export type ContractState = (typeof CONTRACT_STATES)[number];

export const CONTRACT_EVENTS = ['ACTIVATE', 'SUSPEND', 'RESUME', 'EXPIRE', 'TERMINATE'] as const;
export type ContractEvent = (typeof CONTRACT_EVENTS)[number];

/**
 * ```
 * DRAFT ─► ACTIVE ⇄ SUSPENDED
 *            │  └──────┴─► EXPIRED (its end date passed: the clock)
 *            └─────────┴─► TERMINATED (ended early)
 * ```
 * A renewal is a new DRAFT version of the same contract (the old one stays readable).
 */
export const contractMachine: Machine<ContractState, ContractEvent> = defineMachine({
  name: 'ServiceContract',
  document: 'ServiceContract',
  initial: 'DRAFT',
  events: CONTRACT_EVENTS,
  table: {
    DRAFT: { ACTIVATE: 'ACTIVE' },
    ACTIVE: { SUSPEND: 'SUSPENDED', EXPIRE: 'EXPIRED', TERMINATE: 'TERMINATED' },
    SUSPENDED: { RESUME: 'ACTIVE', EXPIRE: 'EXPIRED', TERMINATE: 'TERMINATED' },
    EXPIRED: {},
    TERMINATED: {},
  },
});

/** Contracts a renewal may start from: running, paused or ended by time (not one ended early). */
export const CONTRACT_RENEWABLE: readonly ContractState[] = ['ACTIVE', 'SUSPENDED', 'EXPIRED'];

/** Days before its end at which provider and customer are reminded that a contract expires. */
export const CONTRACT_REMINDER_DAYS: readonly number[] = [30, 7];

// ---------------------------------------------------------------------------------------------
// SLA targets by severity

export const FAULT_SEVERITIES = [1, 2, 3] as const;
export type FaultSeverity = (typeof FAULT_SEVERITIES)[number];

/** What a clock measures: the first reply, the engineer on site, a spare unit or parts on site, the fault resolved. */
export const SLA_METRICS = ['FIRST_REPLY', 'ON_SITE', 'PARTS', 'RESOLUTION'] as const;
export type SlaMetric = (typeof SLA_METRICS)[number];

/** Targets of one severity in minutes of the contract's clock basis; null: no promise (severity 3 on site: at the next visit). */
export interface SeverityTargets {
  severity: FaultSeverity;
  firstReplyMinutes: number | null;
  onSiteMinutes: number | null;
  partsMinutes: number | null;
  resolutionMinutes: number | null;
}

/** Whether the clocks count the provider's working time or every minute (a 7×24 duty line). */
export const SLA_BASES = ['WORKING_TIME', 'ROUND_THE_CLOCK'] as const;
export type SlaBasis = (typeof SLA_BASES)[number];

/** Seed 003's table: 1 重大 reply 10 min, on site 12 h, spare unit/parts 4 h; 2 主要 reply 10 min, on site 24 h; 3 次要 reply 30 min, next visit. */
export const DEFAULT_SLA: readonly SeverityTargets[] = [
  { severity: 1, firstReplyMinutes: 10, onSiteMinutes: 12 * 60, partsMinutes: 4 * 60, resolutionMinutes: null },
  { severity: 2, firstReplyMinutes: 10, onSiteMinutes: 24 * 60, partsMinutes: null, resolutionMinutes: null },
  { severity: 3, firstReplyMinutes: 30, onSiteMinutes: null, partsMinutes: null, resolutionMinutes: null },
];

const METRIC_FIELD: Record<SlaMetric, keyof Omit<SeverityTargets, 'severity'>> = {
  FIRST_REPLY: 'firstReplyMinutes',
  ON_SITE: 'onSiteMinutes',
  PARTS: 'partsMinutes',
  RESOLUTION: 'resolutionMinutes',
};

/** The target (ms) of one metric at one severity under a contract's SLA; null when it promises none. */
export function targetMs(sla: readonly SeverityTargets[], severity: FaultSeverity, metric: SlaMetric): number | null {
  const row = sla.find((s) => s.severity === severity);
  const minutes = row ? row[METRIC_FIELD[metric]] : null;
  return minutes == null ? null : minutes * 60_000;
}

/** Problems of an SLA table: each severity once, targets whole minutes from 1 to 90 days. */
export function slaProblems(sla: readonly SeverityTargets[]): { field: string; reason: 'DUPLICATE' | 'OUT_OF_RANGE' | 'REQUIRED' }[] {
  const out: { field: string; reason: 'DUPLICATE' | 'OUT_OF_RANGE' | 'REQUIRED' }[] = [];
  const seen = new Set<number>();
  sla.forEach((row, i) => {
    if (!FAULT_SEVERITIES.includes(row.severity)) out.push({ field: `[${i}].severity`, reason: 'OUT_OF_RANGE' });
    else if (seen.has(row.severity)) out.push({ field: `[${i}].severity`, reason: 'DUPLICATE' });
    seen.add(row.severity);
    for (const metric of SLA_METRICS) {
      const v = row[METRIC_FIELD[metric]];
      if (v != null && (!Number.isInteger(v) || v < 1 || v > 90 * 24 * 60)) out.push({ field: `[${i}].${METRIC_FIELD[metric]}`, reason: 'OUT_OF_RANGE' });
    }
    if (row.firstReplyMinutes == null) out.push({ field: `[${i}].firstReplyMinutes`, reason: 'REQUIRED' });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Entitlements

/**
 * What a contract entitles to: covered operations (by operation code) and parts (by part number),
 * a component group (a code prefix: group `HY` covers operation HY-0301 and part HY-P-200),
 * visits, periodic inspections (巡检, with a report due a number of working days after each) and
 * training sessions. `quantity` null: unlimited.
 */
export const ENTITLEMENT_KINDS = ['OPERATION', 'PART', 'COMPONENT_GROUP', 'VISIT', 'INSPECTION', 'TRAINING'] as const;
export type EntitlementKind = (typeof ENTITLEMENT_KINDS)[number];

export interface Entitlement {
  id: string;
  kind: EntitlementKind;
  /** Operation code, part number or group prefix (OPERATION, PART, COMPONENT_GROUP); null for the others. */
  code: string | null;
  quantity: number | null;
  used: number;
}

/** Days within which an inspection's report is due when the contract says nothing (seed 000: 3 working days). */
export const DEFAULT_INSPECTION_REPORT_DAYS = 3;

export interface ContractLine {
  kind: 'LABOUR' | 'PART';
  operationCode: string | null;
  partNumber: string | null;
  /** Units consumed: 1 per labour line; a part line's quantity, rounded up. */
  units: number;
}

function groupCovers(group: string, code: string | null): boolean {
  if (!code) return false;
  const g = group.trim().toUpperCase();
  const c = code.trim().toUpperCase();
  return c === g || c.startsWith(`${g}-`);
}

export type Coverage =
  | { ok: true; entitlementId: string; units: number }
  | { ok: false; reason: 'NOT_COVERED'; code: string | null }
  | { ok: false; reason: 'ENTITLEMENT_USED_UP'; code: string | null; quantity: number; used: number };

/**
 * Which entitlement a contract line draws on: its own code (operation or part) first, else a
 * component group covering the code; refused when none covers it or what covers it is used up.
 * `taken` counts what earlier lines of the same entry took already (one entry consumes at once).
 */
export function coverageOf(entitlements: readonly Entitlement[], line: ContractLine, taken: ReadonlyMap<string, number> = new Map()): Coverage {
  const code = line.kind === 'LABOUR' ? line.operationCode : line.partNumber;
  const own = line.kind === 'LABOUR' ? 'OPERATION' : 'PART';
  const norm = code?.trim().toUpperCase() ?? null;
  const candidates = [
    ...entitlements.filter((e) => e.kind === own && norm !== null && e.code?.trim().toUpperCase() === norm),
    ...entitlements.filter((e) => e.kind === 'COMPONENT_GROUP' && e.code !== null && groupCovers(e.code, code)),
  ];
  if (!candidates.length) return { ok: false, reason: 'NOT_COVERED', code };
  for (const e of candidates) {
    if (e.quantity === null) return { ok: true, entitlementId: e.id, units: line.units };
    const left = e.quantity - e.used - (taken.get(e.id) ?? 0);
    if (left >= line.units) return { ok: true, entitlementId: e.id, units: line.units };
  }
  const first = candidates[0]!;
  return { ok: false, reason: 'ENTITLEMENT_USED_UP', code, quantity: first.quantity ?? 0, used: first.used + (taken.get(first.id) ?? 0) };
}

/** What is left of an entitlement (null: unlimited). */
export function entitlementLeft(e: Pick<Entitlement, 'quantity' | 'used'>): number | null {
  return e.quantity === null ? null : Math.max(0, e.quantity - e.used);
}

/**
 * What a repair order's contract lines take, line by line — or every refusal at once as a
 * DomainError (BAD_USER_INPUT with each line's field, so the form marks it).
 */
export function consumeLines(
  entitlements: readonly Entitlement[],
  lines: readonly (ContractLine & { field: string })[],
): { field: string; entitlementId: string; units: number }[] {
  const taken = new Map<string, number>();
  const out: { field: string; entitlementId: string; units: number }[] = [];
  const problems: { field: string; message: string; reason: string; params: Record<string, unknown> }[] = [];
  for (const line of lines) {
    const c = coverageOf(entitlements, line, taken);
    if (c.ok) {
      taken.set(c.entitlementId, (taken.get(c.entitlementId) ?? 0) + c.units);
      out.push({ field: line.field, entitlementId: c.entitlementId, units: c.units });
    } else if (c.reason === 'NOT_COVERED')
      problems.push({
        field: line.field,
        reason: 'NOT_COVERED',
        params: { code: c.code ?? '' },
        message: `${c.code ?? 'this line'} is not covered by the contract`,
      });
    else
      problems.push({
        field: line.field,
        reason: 'ENTITLEMENT_USED_UP',
        params: { code: c.code ?? '', kind: line.kind === 'LABOUR' ? 'OPERATION' : 'PART', quantity: c.quantity, used: c.used },
        message: `the contract's entitlement for ${c.code ?? 'this line'} is used up (${c.used} of ${c.quantity})`,
      });
  }
  if (problems.length) throw DomainError.badInput(problems as never);
  return out;
}

/** A period check: a contract covers a day from its first to its last day, both included (local days, YYYY-MM-DD). */
export function coversDay(contract: { startsOn: string; endsOn: string }, day: string): boolean {
  return contract.startsOn <= day && day <= contract.endsOn;
}

// ---------------------------------------------------------------------------------------------
// Service requests (fault reports)

export const SERVICE_REQUEST_CHANNELS = ['LINK', 'PHONE', 'STAFF'] as const;
export type ServiceRequestChannel = (typeof SERVICE_REQUEST_CHANNELS)[number];

export const SERVICE_REQUEST_STATES = ['OPEN', 'IN_PROGRESS', 'WAITING_CUSTOMER', 'RESOLVED', 'CLOSED', 'CANCELLED'] as const;
export type ServiceRequestState = (typeof SERVICE_REQUEST_STATES)[number];

export const SERVICE_REQUEST_EVENTS = ['REPLY', 'ASK_CUSTOMER', 'CUSTOMER_ANSWERED', 'RESOLVE', 'REOPEN', 'CLOSE', 'CANCEL'] as const;
export type ServiceRequestEvent = (typeof SERVICE_REQUEST_EVENTS)[number];

/**
 * ```
 * OPEN ─REPLY─► IN_PROGRESS ─RESOLVE─► RESOLVED ─CLOSE─► CLOSED
 *   │              ⇅ ASK_CUSTOMER / CUSTOMER_ANSWERED  └─REOPEN─► IN_PROGRESS
 *   └─ASK_CUSTOMER─► WAITING_CUSTOMER
 * OPEN, IN_PROGRESS, WAITING_CUSTOMER ─CANCEL─► CANCELLED
 * ```
 * Asking the customer is a reply too (it stops the first-reply clock); while the request waits
 * for the customer the other clocks pause, and the customer's answer resumes them.
 */
export const serviceRequestMachine: Machine<ServiceRequestState, ServiceRequestEvent> = defineMachine({
  name: 'ServiceRequest',
  document: 'ServiceRequest',
  initial: 'OPEN',
  events: SERVICE_REQUEST_EVENTS,
  table: {
    OPEN: { REPLY: 'IN_PROGRESS', ASK_CUSTOMER: 'WAITING_CUSTOMER', CANCEL: 'CANCELLED' },
    IN_PROGRESS: { ASK_CUSTOMER: 'WAITING_CUSTOMER', RESOLVE: 'RESOLVED', CANCEL: 'CANCELLED' },
    WAITING_CUSTOMER: { CUSTOMER_ANSWERED: 'IN_PROGRESS', CANCEL: 'CANCELLED' },
    RESOLVED: { CLOSE: 'CLOSED', REOPEN: 'IN_PROGRESS' },
    CLOSED: {},
    CANCELLED: {},
  },
});

/** Requests the provider still works on (their clocks may run). */
export const SERVICE_REQUEST_OPEN: readonly ServiceRequestState[] = ['OPEN', 'IN_PROGRESS', 'WAITING_CUSTOMER'];

/** Checks a severity given as input: 1, 2 or 3. */
export function assertSeverity(field: string, v: number): FaultSeverity {
  if (!FAULT_SEVERITIES.includes(v as FaultSeverity))
    throw DomainError.badField(field, 'OUT_OF_RANGE', { min: 1, max: 3, unit: null }, 'severity is 1 (major), 2 (main) or 3 (minor)');
  return v as FaultSeverity;
}

/** A contract takes fault reports while it is ACTIVE and the day is within its period. */
export function assertContractServes(contract: { number: string; status: ContractState; startsOn: string; endsOn: string }, day: string): void {
  if (contract.status !== 'ACTIVE' || !coversDay(contract, day))
    throw DomainError.because(
      ErrorCode.INVALID_TRANSITION,
      'CONTRACT_NOT_ACTIVE',
      { number: contract.number, status: contract.status },
      `Contract ${contract.number} is not active${contract.status === 'ACTIVE' ? ' on this day' : ''}.`,
    );
}
