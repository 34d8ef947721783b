/**
 * The SLA clocks of a service request, as rows: started with the request, changed only inside the
 * request's own steps (a reply, a request to the customer and their answer, arrival on site,
 * parts on site, resolution, a new severity), and their warning and breach jobs planned at the
 * instants the domain computes. The jobs record a warning at 75 % and a breach at the instant the
 * target passed (never before; a late job still records the true instant).
 */
import {
  SLA_METRICS,
  breachIfDue,
  dueAt,
  startClock,
  targetMs,
  uuidv7,
  warnAt,
  warnIfDue,
  type SlaClock,
  type SlaMetric,
  type WorkingCalendar,
} from '@asn/domain';
import type { Tx } from '../../platform/context.js';
import { cancelJobs, scheduleJob, type JobRegistry } from '../../platform/jobs.js';
import { notify } from '../../platform/notifications.js';
import { clockCalendar } from './calendar.service.js';
import { ServiceContract } from './contract.entity.js';
import { recordRequest } from './contract.document.js';
import { ServiceRequest, SlaClockRow } from './service-request.entity.js';

export const SLA_TIMER = { WARN: 'sla.warn', BREACH: 'sla.breach' } as const;

function asClock(r: SlaClockRow): SlaClock {
  return {
    metric: r.metric,
    targetMs: r.targetMs === null ? null : Number(r.targetMs),
    state: r.state,
    elapsedMs: Number(r.elapsedMs),
    pausedMs: Number(r.pausedMs),
    runningSince: r.runningSince,
    pausedSince: r.pausedSince,
    startedAt: r.startedAt,
    metAt: r.metAt,
    breachedAt: r.breachedAt,
    warnedAt: r.warnedAt,
  };
}

/** Writes a clock's new values into its row, with the instants its jobs run at. */
function put(row: SlaClockRow, c: SlaClock, cal: WorkingCalendar): void {
  Object.assign(row, {
    targetMs: c.targetMs,
    state: c.state,
    elapsedMs: c.elapsedMs,
    pausedMs: c.pausedMs,
    runningSince: c.runningSince,
    pausedSince: c.pausedSince,
    metAt: c.metAt,
    breachedAt: c.breachedAt,
    warnedAt: c.warnedAt,
    dueAt: dueAt(c, cal),
    warnAt: warnAt(c, cal),
  });
}

async function planJobs(tx: Tx, row: SlaClockRow): Promise<void> {
  const payload = { clockId: row.id, requestId: row.requestId };
  const warnKey = `${SLA_TIMER.WARN}:${row.id}`;
  const breachKey = `${SLA_TIMER.BREACH}:${row.id}`;
  if (row.warnAt) await scheduleJob(tx, { kind: SLA_TIMER.WARN, runAt: row.warnAt, payload, dedupeKey: warnKey });
  else await cancelJobs(tx, warnKey);
  if (row.dueAt) await scheduleJob(tx, { kind: SLA_TIMER.BREACH, runAt: row.dueAt, payload, dedupeKey: breachKey });
  else await cancelJobs(tx, breachKey);
}

/** The calendar a request's clocks count on (its contract's basis, the provider's working time). */
export async function requestCalendar(tx: Tx, contract: ServiceContract): Promise<WorkingCalendar> {
  return clockCalendar(tx, contract.slaBasis, contract.tenantId);
}

/** Starts one clock per metric for a new request (a metric the severity promises nothing for counts, without a target). */
export async function startClocks(tx: Tx, r: ServiceRequest, contract: ServiceContract, cal: WorkingCalendar): Promise<SlaClockRow[]> {
  const rows: SlaClockRow[] = [];
  for (const metric of SLA_METRICS) {
    const row = Object.assign(new SlaClockRow(), {
      id: uuidv7(),
      tenantId: r.tenantId,
      manufacturerId: r.manufacturerId,
      requestId: r.id,
      metric,
      startedAt: r.reportedAt,
    });
    put(row, startClock(metric, targetMs(contract.sla, r.severity, metric), r.reportedAt), cal);
    tx.em.persist(row);
    rows.push(row);
  }
  await tx.em.flush();
  for (const row of rows) await planJobs(tx, row);
  return rows;
}

/**
 * Changes the request's clocks by `change` (per clock; return it unchanged to leave it), saves
 * them and re-plans their jobs. Returns what changed, metric by metric, for the step's facts.
 */
export async function changeClocks(
  tx: Tx,
  r: ServiceRequest,
  cal: WorkingCalendar,
  change: (c: SlaClock, metric: SlaMetric) => SlaClock,
): Promise<Record<string, string>> {
  const rows = await tx.em.find(SlaClockRow, { requestId: r.id });
  const changed: Record<string, string> = {};
  for (const row of rows) {
    const before = asClock(row);
    const after = change(before, row.metric);
    if (after === before) continue;
    put(row, after, cal);
    changed[row.metric] = after.state;
    await planJobs(tx, row);
  }
  await tx.em.flush();
  return changed;
}

export function clocksOf(tx: Tx, requestIds: readonly string[]): Promise<SlaClockRow[]> {
  return requestIds.length ? tx.em.find(SlaClockRow, { requestId: { $in: [...requestIds] } }) : Promise.resolve([]);
}

/** What a clock counts now (for the board: the API's instant; the browser counts on from `dueAt`). */
export { asClock };

/**
 * The clock's jobs. A breach run checks the clock again (it may have been paused, met or
 * re-targeted since — those re-planned the run, so a stale run finds nothing due) and records the
 * breach at the instant the target passed; provider, customer and the manufacturer of a dealer's
 * contract hear of it (the request's event goes to every party).
 */
export function registerSlaJobs(jobs: JobRegistry): void {
  const run = (kind: 'WARN' | 'BREACH') => async (tx: Tx, payload: Record<string, unknown>) => {
    const row = await tx.em.findOne(SlaClockRow, { id: String(payload.clockId) });
    const r = row && (await tx.em.findOne(ServiceRequest, { id: row.requestId }));
    const contract = r && (await tx.em.findOne(ServiceContract, { id: r.contractId }));
    if (!row || !r || !contract) return;
    const cal = await requestCalendar(tx, contract);
    const now = tx.ctx.clock.now();
    const before = asClock(row);
    const after = kind === 'BREACH' ? breachIfDue(before, cal, now) : warnIfDue(before, cal, now);
    if (after === before) return;
    put(row, after, cal);
    // a breach ends the clock's timers (a warning still pending is cancelled); a warning moves no due
    // instant, and re-planning the breach from here would collide with a breach job of the same round
    if (kind === 'BREACH') await planJobs(tx, row);
    const at = kind === 'BREACH' ? after.breachedAt! : after.warnedAt!;
    recordRequest(tx, r, kind === 'BREACH' ? 'slaBreached' : 'slaWarning', {
      automatic: true,
      data: { metric: row.metric, at: at.toISOString(), clockState: after.state },
      detail: { metric: row.metric, at: at.toISOString() },
    });
    await tx.em.flush();
    await notify(tx, {
      about: { type: 'ServiceRequest', id: r.id },
      audience: 'STAFF',
      channel: 'IN_APP',
      kind: kind === 'BREACH' ? 'slaBreached' : 'slaWarning',
      message:
        kind === 'BREACH'
          ? `${r.number}: the ${row.metric} target was missed at ${at.toISOString()}.`
          : `${r.number}: 75 % of the ${row.metric} target has passed — it is due at ${row.dueAt?.toISOString() ?? ''}.`,
    });
  };
  jobs.register(SLA_TIMER.WARN, run('WARN'));
  jobs.register(SLA_TIMER.BREACH, run('BREACH'));
}
