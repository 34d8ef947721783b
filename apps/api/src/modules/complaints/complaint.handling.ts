/**
 * Handling a complaint: acknowledging with a promised answer, the investigation and its root
 * cause, escalation (by the dealer, and by the clock), the resolution with its cost split, the
 * customer's answer and the recovery task a low rating opens, the manufacturer's quality finding.
 */
import {
  COMPLAINT_OPEN,
  COST_BEARERS,
  DomainError,
  ESCALATION_LEVELS,
  ErrorCode,
  InputCheck,
  costSplitProblems,
  ratingOutcome,
  type CostBearer,
  type CostSplit,
} from '@asn/domain';
import { actorUserId, inTx, type Ctx, type Tx } from '../../platform/context.js';
import { expectEvent, load } from '../../platform/documents/index.js';
import { notify } from '../../platform/notifications.js';
import { ComplaintDocument, moveComplaint, recordComplaint } from './complaint.document.js';
import { Complaint } from './complaint.entity.js';
import { complaintSettings, routeToManufacturer, startClock } from './complaint.filing.js';

const HOUR = 3_600_000;
/** A promise to answer is at most this far ahead. */
const PROMISE_MAX_DAYS = 30;
/** A recovery task (挽回) is due within a day of the low rating. */
const RECOVERY_HOURS = 24;

interface Versioned {
  id: string;
  version: number;
}

function closed(c: Complaint): DomainError {
  return DomainError.because(
    ErrorCode.INVALID_TRANSITION,
    'DOCUMENT_CLOSED',
    { document: 'Complaint', number: c.number, status: c.status },
    `Complaint ${c.number} is ${c.status.toLowerCase()}; it is not handled any more.`,
  );
}

/**
 * Acknowledges a received complaint with the time of the next answer the customer is promised
 * (and what they are told); later, while it is open, moves the promise (a new time, a new word).
 */
export async function promiseAnswer(ctx: Ctx, input: Versioned & { promisedAnswerAt: Date; answer?: string | null }): Promise<Complaint> {
  const check = new InputCheck();
  const now = ctx.clock.now();
  const at = input.promisedAnswerAt;
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) check.because('input.promisedAnswerAt', 'REQUIRED', {}, 'when will the customer hear back?');
  else if (at <= now) check.because('input.promisedAnswerAt', 'MUST_BE_FUTURE', {}, 'must be in the future');
  else if (at.getTime() > now.getTime() + PROMISE_MAX_DAYS * 24 * HOUR)
    check.because('input.promisedAnswerAt', 'TOO_FAR_AHEAD', { days: PROMISE_MAX_DAYS }, `at most ${PROMISE_MAX_DAYS} days ahead`);
  const answer = check.optional('input.answer', input.answer, 2000);
  check.done();
  return inTx(ctx, async (tx) => {
    const c = await load(tx, ComplaintDocument, input.id, 'answer', input.version);
    if (!COMPLAINT_OPEN.includes(c.status)) throw closed(c);
    const before = { promisedAnswerAt: c.promisedAnswerAt?.toISOString() ?? null };
    c.promisedAnswerAt = at;
    if (answer) c.answer = answer;
    const facts = { note: answer, detail: { promisedAnswerAt: at.toISOString() }, data: { promisedAnswerAt: at.toISOString() } };
    if (c.status === 'RECEIVED') {
      c.acknowledgedAt = now;
      await moveComplaint(tx, c, 'ACKNOWLEDGE', facts);
    } else {
      recordComplaint(tx, c, 'answerPromised', { ...facts, before });
      await tx.em.flush();
    }
    return c;
  });
}

export async function investigate(ctx: Ctx, input: Versioned & { note?: string | null }): Promise<Complaint> {
  const check = new InputCheck();
  const note = check.optional('input.note', input.note, 2000);
  check.done();
  return inTx(ctx, async (tx) => {
    const c = await load(tx, ComplaintDocument, input.id, 'answer', input.version);
    await moveComplaint(tx, c, 'INVESTIGATE', { note });
    return c;
  });
}

/** The investigation's root cause (before any action) and, in the provider's words, who is responsible. */
export async function recordRootCause(ctx: Ctx, input: Versioned & { rootCause: string; responsibility?: string | null }): Promise<Complaint> {
  const check = new InputCheck();
  const rootCause = check.required('input.rootCause', input.rootCause, 2000);
  const responsibility = check.optional('input.responsibility', input.responsibility, 500);
  check.done();
  return inTx(ctx, async (tx) => {
    const c = await load(tx, ComplaintDocument, input.id, 'answer', input.version);
    if (!COMPLAINT_OPEN.includes(c.status)) throw closed(c);
    // the root cause comes from an investigation: one under way, or taken over after escalation
    expectEvent(ComplaintDocument, { ...c, rootCause }, 'RESOLVE');
    const before = { rootCause: c.rootCause, responsibility: c.responsibility };
    Object.assign(c, { rootCause, responsibility });
    recordComplaint(tx, c, 'rootCauseRecorded', { before, note: rootCause, detail: responsibility ? { responsibility } : null });
    await tx.em.flush();
    return c;
  });
}

/**
 * Escalates a complaint one or more steps: to the supervisor (the provider's service admin), or to
 * the authorising manufacturer (its quality engineers' queue; the provider keeps handling the
 * customer). The clock's job and the dealer's own decision come here.
 */
export async function escalateTo(tx: Tx, c: Complaint, level: number, facts: { automatic: boolean; note: string | null }): Promise<void> {
  // the machine judges the step at the level the complaint has (no escalation past the last)
  expectEvent(ComplaintDocument, c, 'ESCALATE');
  if (level >= ESCALATION_LEVELS.MANUFACTURER && !(await routeToManufacturer(tx, c, { trailWritten: true })) && !facts.automatic)
    throw DomainError.badField('input.to', 'NO_AUTHORISING_MANUFACTURER', {}, 'No manufacturer authorises this workshop; escalate to the supervisor.');
  const to = Math.max(c.escalationLevel, level);
  await moveComplaint(tx, c, 'ESCALATE', {
    automatic: facts.automatic,
    note: facts.note,
    detail: { level: to },
    data: { level: to, escalationLevel: to },
    deferFlush: true,
  });
  c.escalationLevel = to;
  c.escalatedAt = tx.ctx.clock.now();
  await tx.em.flush();
  await notify(tx, {
    about: { type: 'Complaint', id: c.id },
    audience: 'STAFF',
    channel: 'IN_APP',
    kind: level >= ESCALATION_LEVELS.MANUFACTURER ? 'complaintEscalatedToManufacturer' : 'complaintEscalated',
    message:
      level < ESCALATION_LEVELS.MANUFACTURER
        ? `${c.number}: unresolved and escalated to the service admin — take it over.`
        : c.manufacturerId
          ? `${c.number}: escalated to the manufacturer's quality engineers${facts.automatic ? ' (unresolved past the second step)' : ''}.`
          : `${c.number}: unresolved past the second step — the service admin must answer it now.`,
  });
  if (level >= ESCALATION_LEVELS.MANUFACTURER && c.manufacturerId) {
    const manufacturer = c.manufacturerId;
    await tx.actFor(manufacturer, () =>
      notify(tx, {
        tenantId: manufacturer,
        about: { type: 'Complaint', id: c.id },
        audience: 'STAFF',
        channel: 'IN_APP',
        kind: 'complaintEscalatedToManufacturer',
        message: `${c.number}: a dealer's complaint was escalated to you — record root cause and responsibility.`,
      }),
    );
  }
}

export async function escalateComplaint(ctx: Ctx, input: Versioned & { to?: 'SUPERVISOR' | 'MANUFACTURER' | null; note?: string | null }): Promise<Complaint> {
  const check = new InputCheck();
  const to = check.oneOf('input.to', input.to ?? 'MANUFACTURER', ['SUPERVISOR', 'MANUFACTURER'] as const);
  const note = check.required('input.note', input.note, 2000);
  check.done();
  return inTx(ctx, async (tx) => {
    const c = await load(tx, ComplaintDocument, input.id, 'raise', input.version);
    const level = ESCALATION_LEVELS[to!];
    expectEvent(ComplaintDocument, c, 'ESCALATE');
    if (level <= c.escalationLevel)
      throw DomainError.because(
        ErrorCode.INVALID_TRANSITION,
        'ESCALATED_TO_THE_TOP',
        { number: c.number },
        `Complaint ${c.number} is escalated that far already.`,
      );
    await escalateTo(tx, c, level, { automatic: false, note });
    return c;
  });
}

export interface ResolveInput extends Versioned {
  resolution: string;
  answer: string;
  cost?: { amountMinor: string; currency: string } | null;
  split?: Partial<Record<CostBearer, number | null>> | null;
}

/**
 * Resolves a complaint: the action taken, what the customer is told, its cost and who bears it —
 * whole percentages across dealer, manufacturer, supplier, customer and goodwill adding up to 100.
 * A resolution without cost carries no split.
 */
export async function resolveComplaint(ctx: Ctx, input: ResolveInput): Promise<Complaint> {
  const check = new InputCheck();
  const resolution = check.required('input.resolution', input.resolution, 2000);
  const answer = check.required('input.answer', input.answer, 2000);
  const cost = input.cost ? check.minor('input.cost.amountMinor', input.cost.amountMinor) : null;
  if (input.cost && !/^[A-Z]{3}$/.test(input.cost.currency ?? ''))
    check.because('input.cost.currency', 'NOT_A_CURRENCY', { value: input.cost.currency }, 'not an ISO-4217 currency');
  let split: CostSplit | null = null;
  if (cost != null && cost > 0n) {
    const given = input.split ?? {};
    for (const p of costSplitProblems(given)) {
      if (p.reason === 'COST_SPLIT_NOT_100')
        check.because('input.split', 'COST_SPLIT_NOT_100', { total: p.total! }, `the shares add up to ${p.total} %, not 100 %`);
      else check.because(`input.split.${p.field}`, 'OUT_OF_RANGE', { min: 0, max: 100, unit: 'PERCENT' }, 'a whole percentage 0–100');
    }
    split = Object.fromEntries(COST_BEARERS.map((b) => [b, given[b] ?? 0])) as CostSplit;
  }
  check.done();
  return inTx(ctx, async (tx) => {
    const c = await load(tx, ComplaintDocument, input.id, 'answer', input.version);
    expectEvent(ComplaintDocument, c, 'RESOLVE');
    Object.assign(c, {
      resolution,
      answer,
      costMinor: cost != null ? cost.toString() : null,
      currency: cost != null ? input.cost!.currency : null,
      costSplit: split,
      resolvedAt: ctx.clock.now(),
      resolvedBy: actorUserId(ctx.actor),
      rating: null,
      satisfied: null,
      ratingComment: null,
      ratedAt: null,
    });
    await moveComplaint(tx, c, 'RESOLVE', {
      note: answer,
      detail: { resolution, ...(cost != null ? { cost: { amountMinor: cost.toString(), currency: c.currency }, split } : {}) },
    });
    return c;
  });
}

/**
 * The customer's answer to a resolution (on the tracking page, or told to staff on the phone):
 * satisfied closes the complaint, unsatisfied reopens it with a new clock; a low rating opens a
 * recovery task for the shop either way.
 */
export async function answerResolution(
  tx: Tx,
  c: Complaint,
  a: { stars: number; satisfied: boolean; comment: string | null },
  byCustomer: boolean,
): Promise<void> {
  if (c.ratedAt && c.status !== 'RESOLVED') throw DomainError.because(ErrorCode.INVALID_TRANSITION, 'ALREADY_RATED', {}, 'This answer was rated already.');
  const outcome = ratingOutcome(a.stars, a.satisfied);
  expectEvent(ComplaintDocument, c, outcome.event);
  const now = tx.ctx.clock.now();
  Object.assign(c, { rating: a.stars, satisfied: a.satisfied, ratingComment: a.comment, ratedAt: now });
  if (outcome.event === 'CLOSE') c.closedAt = now;
  else {
    // reopened: a new clock, and the promise made before the resolution is spent (staff promise again)
    startClock(c, await complaintSettings(tx), now);
    c.promisedAnswerAt = null;
  }
  if (outcome.recoveryTask) {
    c.recoveryDueAt = new Date(now.getTime() + RECOVERY_HOURS * HOUR);
    c.recoveryDoneAt = null;
    c.recoveryNote = null;
  }
  await moveComplaint(tx, c, outcome.event, {
    note: a.comment,
    detail: { stars: a.stars, satisfied: a.satisfied, channel: byCustomer ? 'TRACKING_PAGE' : 'STAFF' },
    data: { stars: a.stars, satisfied: a.satisfied },
    ...(byCustomer ? { actor: { userId: null, name: 'customer' } } : {}),
  });
  if (outcome.recoveryTask) {
    await notify(tx, {
      about: { type: 'Complaint', id: c.id },
      audience: 'STAFF',
      channel: 'IN_APP',
      kind: 'complaintRecovery',
      message: `${c.number}: the customer rated the answer ${a.stars}/5 — call them within ${RECOVERY_HOURS} h to win them back.`,
    });
  }
}

function checkRating(input: { stars: number; satisfied: boolean; comment?: string | null }): { stars: number; satisfied: boolean; comment: string | null } {
  const check = new InputCheck();
  check.range('input.stars', input.stars, 1, 5, 'STARS');
  const comment = check.optional('input.comment', input.comment, 1000);
  check.done();
  return { stars: input.stars, satisfied: !!input.satisfied, comment };
}

/** Staff record what the customer said of the resolution (on the phone). */
export async function recordCustomerAnswer(ctx: Ctx, input: Versioned & { stars: number; satisfied: boolean; comment?: string | null }): Promise<Complaint> {
  const a = checkRating(input);
  return inTx(ctx, async (tx) => {
    const c = await load(tx, ComplaintDocument, input.id, 'record', input.version);
    await answerResolution(tx, c, a, false);
    return c;
  });
}

/** The customer rates the answer on the tracking page (their own complaint, through the token). */
export async function rateByCustomer(tx: Tx, input: { complaintId: string; stars: number; satisfied: boolean; comment?: string | null }): Promise<Complaint> {
  const a = checkRating(input);
  const c = await load(tx, ComplaintDocument, input.complaintId, 'record');
  await answerResolution(tx, c, a, true);
  return c;
}

/** The shop called the unhappy customer back (挽回): what came of it. */
export async function completeRecovery(ctx: Ctx, input: Versioned & { note: string }): Promise<Complaint> {
  const check = new InputCheck();
  const note = check.required('input.note', input.note, 2000);
  check.done();
  return inTx(ctx, async (tx) => {
    const c = await load(tx, ComplaintDocument, input.id, 'record', input.version);
    if (!c.recoveryDueAt || c.recoveryDoneAt)
      throw DomainError.because(ErrorCode.INVALID_TRANSITION, 'NOTHING_TO_DECIDE', {}, 'This complaint has no open recovery task.');
    c.recoveryDoneAt = ctx.clock.now();
    c.recoveryNote = note;
    recordComplaint(tx, c, 'recoveryDone', { note });
    await tx.em.flush();
    return c;
  });
}

export const RESPONSIBLE_PARTIES = ['DEALER', 'MANUFACTURER', 'SUPPLIER', 'CUSTOMER', 'OTHER'] as const;

/** The manufacturer's quality engineer: root cause and responsibility (which party, which department). */
export async function assessComplaint(
  ctx: Ctx,
  input: Versioned & { rootCause: string; responsibleParty: string; department?: string | null },
): Promise<Complaint> {
  const check = new InputCheck();
  const rootCause = check.required('input.rootCause', input.rootCause, 2000);
  const party = check.oneOf('input.responsibleParty', input.responsibleParty, RESPONSIBLE_PARTIES);
  const department = check.optional('input.department', input.department, 200);
  check.done();
  return inTx(ctx, async (tx) => {
    const c = await load(tx, ComplaintDocument, input.id, 'review', input.version);
    const before = { qualityRootCause: c.qualityRootCause, qualityResponsible: c.qualityResponsible, qualityDepartment: c.qualityDepartment };
    Object.assign(c, {
      qualityRootCause: rootCause,
      qualityResponsible: party,
      qualityDepartment: department,
      qualityAssessedAt: ctx.clock.now(),
      qualityAssessedBy: actorUserId(ctx.actor),
    });
    recordComplaint(tx, c, 'qualityAssessed', { before, note: rootCause, detail: { responsibleParty: party, department } });
    await tx.em.flush();
    return c;
  });
}
