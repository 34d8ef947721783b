/**
 * Network supervision (ADR 0020): issuing warnings and penalties to an authorised dealer and
 * their cure, appeal and lapse; improvement plans, their actions and their daily check against
 * the figures addressed to the manufacturer. Every status change goes through the declarations'
 * machines (supervision.document.ts).
 */
import { asSubject } from '@asn/authz';
import {
  DomainError,
  ErrorCode,
  FIGURE_IDS,
  InputCheck,
  RelationshipKind,
  WARNING_DAY_LIMITS,
  WARNING_KINDS,
  addDays,
  assertAppealWindow,
  checkPlan,
  dueAfterDays,
  evaluateFigure,
  isFigureId,
  isPlanFigure,
  planWindow,
  startOfLocalDay,
  uuidv7,
  warningLapses,
  type FigureId,
  type PlanAction,
  type PlanTarget,
  type WarningKind,
} from '@asn/domain';
import { actorUserId, inTx, memberOf, type Ctx, type Tx } from '../../platform/context.js';
import { Relationship } from '../../platform/db/entities.js';
import { create, expectEvent, load, planTimers } from '../../platform/documents/index.js';
import type { JobRegistry } from '../../platform/jobs.js';
import { tenantDay, tenantTimeZone } from '../../platform/tenant-time.js';
import { ImprovementPlanDocument, SUPERVISION_TIMER, WarningDocument, movePlan, moveWarning, recordPlan } from './supervision.document.js';
import { ImprovementPlan, PlanCheck, Warning } from './supervision.entity.js';

const DEFAULT_APPEAL_DAYS = 7;

/**
 * The manufacturer's authorisation of the dealer valid on the manufacturer's today (its region
 * goes on the document). NOT_FOUND when there is none: a manufacturer supervises only its dealers.
 */
async function authorisationOf(tx: Tx, manufacturerId: string, dealerId: string): Promise<Relationship> {
  const today = await tenantDay(tx, tx.ctx.clock.now());
  const auth = (
    await tx.em.find(
      Relationship,
      { kind: RelationshipKind.DEALER_AUTHORIZATION, fromTenantId: manufacturerId, toTenantId: dealerId },
      { orderBy: { validFrom: 'desc' } },
    )
  ).find((r) => r.validFrom <= today && (!r.validTo || r.validTo >= today));
  if (!auth) throw DomainError.notFound('Dealer');
  return auth;
}

/** A write about the dealer is allowed to the actor's roles (a network manager: its regions). */
function assertMayWrite(tx: Tx, type: 'Warning' | 'ImprovementPlan', fields: { tenantId: string; dealerId: string; region: string | null }): void {
  if (!tx.ctx.ability.can('create', asSubject(type, { ...fields, status: 'DRAFT' }))) {
    throw DomainError.because(ErrorCode.FORBIDDEN, 'OUTSIDE_YOUR_REGIONS', {}, 'This dealer is outside the regions you look after.');
  }
}

// ── warnings ──────────────────────────────────────────────────────────────────────────────────

export interface IssueWarningInput {
  dealerId: string;
  kind: string;
  title: string;
  grounds: string;
  agreementClause?: string | null;
  amount?: { amountMinor: string; currency: string } | null;
  cureDays: number;
  appealDays?: number | null;
}

/** The manufacturer issues a warning or a penalty (notice): the cure is due at the end of the local day `cureDays` later. */
export async function issueWarning(ctx: Ctx, input: IssueWarningInput): Promise<Warning> {
  const check = new InputCheck();
  const dealerId = check.id('input.dealerId', input.dealerId);
  const kind: WarningKind | null = check.oneOf('input.kind', input.kind, WARNING_KINDS);
  const title = check.required('input.title', input.title, 200);
  const grounds = check.required('input.grounds', input.grounds, 4000);
  const clause = check.optional('input.agreementClause', input.agreementClause, 200);
  const { min, max } = WARNING_DAY_LIMITS;
  const cureDays = check.range('input.cureDays', input.cureDays, min, max, 'DAYS');
  const appealDays = check.range('input.appealDays', input.appealDays ?? DEFAULT_APPEAL_DAYS, min, max, 'DAYS');
  let amount: bigint | null = null;
  if (kind === 'PENALTY') {
    if (!input.amount) check.because('input.amount', 'REQUIRED', {}, 'a penalty has an amount');
    else {
      amount = check.minor('input.amount.amountMinor', input.amount.amountMinor);
      if (amount !== null && amount <= 0n) check.because('input.amount.amountMinor', 'NOT_POSITIVE', {}, 'more than zero');
      if (!/^[A-Z]{3}$/.test(input.amount.currency ?? ''))
        check.because('input.amount.currency', 'NOT_A_CURRENCY', { value: input.amount.currency ?? '' }, 'not an ISO-4217 currency');
    }
  } else if (input.amount) check.because('input.amount', 'NOT_ONE_OF', { value: 'amount', allowed: [] }, 'a warning has no amount');
  check.done();
  const actor = memberOf(ctx);
  return inTx(ctx, async (tx) => {
    const auth = await authorisationOf(tx, actor.tenantId, dealerId!);
    const fields = { tenantId: actor.tenantId, dealerId: dealerId!, region: auth.region };
    assertMayWrite(tx, 'Warning', fields);
    const now = ctx.clock.now();
    const zone = await tenantTimeZone(tx);
    const issuedDay = await tenantDay(tx, now);
    return create(tx, WarningDocument, {
      ...fields,
      kind: kind!,
      title,
      grounds,
      agreementClause: clause,
      amountMinor: amount !== null ? String(amount) : null,
      currency: amount !== null ? input.amount!.currency : null,
      issuedAt: now,
      cureDays: cureDays!,
      cureDueAt: dueAfterDays(issuedDay, cureDays!, zone),
      appealDays: appealDays!,
      appealDueAt: dueAfterDays(issuedDay, appealDays!, zone),
      createdBy: actorUserId(ctx.actor),
      createdAt: now,
      updatedAt: now,
    });
  });
}

/** The dealer reports what it did to cure (while ISSUED). */
export async function reportCure(ctx: Ctx, input: { id: string; version: number; report: string }): Promise<Warning> {
  const check = new InputCheck();
  const report = check.required('input.report', input.report, 4000);
  check.done();
  return inTx(ctx, async (tx) => {
    const w = await load(tx, WarningDocument, input.id, 'answer', input.version);
    w.cureReport = report;
    w.cureReportedAt = ctx.clock.now();
    await moveWarning(tx, w, 'REPORT_CURE', { note: report });
    return w;
  });
}

/** The manufacturer accepts the cure (CURED) or rejects the report with a reason (ISSUED again; past due, it lapses at once). */
export async function decideCure(ctx: Ctx, input: { id: string; version: number; accept: boolean; note?: string | null }): Promise<Warning> {
  const check = new InputCheck();
  const note = input.accept ? check.optional('input.note', input.note, 2000) : check.required('input.note', input.note, 2000);
  check.done();
  return inTx(ctx, async (tx) => {
    const w = await load(tx, WarningDocument, input.id, 'review', input.version);
    w.decisionNote = note;
    w.decidedAt = ctx.clock.now();
    if (input.accept) w.closedAt = ctx.clock.now();
    await moveWarning(tx, w, input.accept ? 'ACCEPT_CURE' : 'REJECT_CURE', { note });
    return w;
  });
}

/** The dealer appeals, once, within the appeal window, with its grounds. */
export async function appealWarning(ctx: Ctx, input: { id: string; version: number; grounds: string }): Promise<Warning> {
  const check = new InputCheck();
  const grounds = check.required('input.grounds', input.grounds, 4000);
  check.done();
  return inTx(ctx, async (tx) => {
    const w = await load(tx, WarningDocument, input.id, 'raise', input.version);
    expectEvent(WarningDocument, w, 'APPEAL');
    assertAppealWindow(w, ctx.clock.now(), addDays(await tenantDay(tx, w.appealDueAt), -1));
    await moveWarning(tx, w, 'APPEAL', { note: grounds });
    w.appealGrounds = grounds;
    w.appealedAt = ctx.clock.now();
    await tx.em.flush();
    return w;
  });
}

export const APPEAL_OUTCOMES = ['UPHOLD', 'DISMISS', 'CONFIRM_PENALTY'] as const;
export type AppealOutcome = (typeof APPEAL_OUTCOMES)[number];
const APPEAL_EVENT = { UPHOLD: 'UPHOLD_APPEAL', DISMISS: 'DISMISS_APPEAL', CONFIRM_PENALTY: 'CONFIRM_PENALTY' } as const;

/** The manufacturer decides the appeal: upheld (WITHDRAWN), dismissed (ISSUED, the cure still due), or a penalty confirmed. */
export async function decideAppeal(ctx: Ctx, input: { id: string; version: number; outcome: AppealOutcome; note: string }): Promise<Warning> {
  const check = new InputCheck();
  const note = check.required('input.note', input.note, 2000);
  check.done();
  return inTx(ctx, async (tx) => {
    const w = await load(tx, WarningDocument, input.id, 'review', input.version);
    w.decisionNote = note;
    w.decidedAt = ctx.clock.now();
    if (input.outcome !== 'DISMISS') w.closedAt = ctx.clock.now();
    await moveWarning(tx, w, APPEAL_EVENT[input.outcome], { note, data: { outcome: input.outcome } });
    return w;
  });
}

// ── improvement plans ─────────────────────────────────────────────────────────────────────────

export interface PlanInput {
  dealerId: string;
  title: string;
  reason: string;
  warningId?: string | null;
  targets: { figureId: string; target: number; by: string }[];
  actions: { text: string; owner: string; due: string }[];
}

const PLAN_FIGURES = FIGURE_IDS.filter(isPlanFigure);

function planParts(check: InputCheck, input: Pick<PlanInput, 'targets' | 'actions'>): { targets: PlanTarget[]; actions: PlanAction[] } {
  if (input.targets.length === 0) check.because('input.targets', 'AT_LEAST_ONE', {}, 'at least one target');
  if (input.targets.length > 20) check.because('input.targets', 'TOO_MANY', { max: 20 }, 'at most 20 targets');
  if (input.actions.length > 50) check.because('input.actions', 'TOO_MANY', { max: 50 }, 'at most 50 actions');
  const targets = input.targets.map((t, i) => {
    const f = `input.targets.${i}`;
    if (!isFigureId(t.figureId) || !isPlanFigure(t.figureId))
      check.because(`${f}.figureId`, 'NOT_ONE_OF', { value: t.figureId, allowed: PLAN_FIGURES }, 'a figure with a direction');
    if (!Number.isFinite(t.target) || t.target < 0) check.because(`${f}.target`, 'OUT_OF_RANGE', { min: 0, max: 1e12, unit: null }, 'not negative');
    else if (isFigureId(t.figureId) && evaluateFigure(t.figureId, {}).unit === 'RATIO' && t.target > 1)
      check.because(`${f}.target`, 'OUT_OF_RANGE', { min: 0, max: 1, unit: null }, 'a rate is 0..1');
    const by = t.by ? check.day(`${f}.by`, t.by) : check.required(`${f}.by`, t.by, 10);
    return { figureId: t.figureId as FigureId, target: t.target, by: by ?? t.by };
  });
  const actions = input.actions.map((a, i) => ({
    text: check.required(`input.actions.${i}.text`, a.text, 500),
    owner: check.required(`input.actions.${i}.owner`, a.owner, 80),
    due: (a.due ? check.day(`input.actions.${i}.due`, a.due) : check.required(`input.actions.${i}.due`, a.due, 10)) ?? a.due,
    doneAt: null,
  }));
  return { targets, actions };
}

/** The manufacturer drafts a plan for an authorised dealer (its targets and actions). */
export async function createPlan(ctx: Ctx, input: PlanInput): Promise<ImprovementPlan> {
  const check = new InputCheck();
  const dealerId = check.id('input.dealerId', input.dealerId);
  const title = check.required('input.title', input.title, 200);
  const reason = check.required('input.reason', input.reason, 2000);
  const warningId = input.warningId ? check.id('input.warningId', input.warningId) : null;
  const parts = planParts(check, input);
  check.done();
  const actor = memberOf(ctx);
  return inTx(ctx, async (tx) => {
    const auth = await authorisationOf(tx, actor.tenantId, dealerId!);
    const fields = { tenantId: actor.tenantId, dealerId: dealerId!, region: auth.region };
    assertMayWrite(tx, 'ImprovementPlan', fields);
    if (warningId) {
      const w = await tx.em.findOne(Warning, { id: warningId, tenantId: actor.tenantId, dealerId: dealerId! });
      if (!w) throw DomainError.notFound('Warning');
    }
    const now = ctx.clock.now();
    return create(tx, ImprovementPlanDocument, {
      ...fields,
      title,
      reason,
      warningId,
      ...parts,
      createdBy: actorUserId(ctx.actor),
      createdAt: now,
      updatedAt: now,
    });
  });
}

/** The next local midnight of the manufacturer after `now`. */
async function nextMidnight(tx: Tx, now: Date): Promise<Date> {
  const zone = await tenantTimeZone(tx);
  return startOfLocalDay(addDays(await tenantDay(tx, now), 1), zone);
}

/** The plan is agreed (ACTIVE): the figures count from today; the first check is at the next local midnight. */
export async function activatePlan(ctx: Ctx, input: { id: string; version: number }): Promise<ImprovementPlan> {
  return inTx(ctx, async (tx) => {
    const p = await load(tx, ImprovementPlanDocument, input.id, 'approve', input.version);
    const now = ctx.clock.now();
    p.activatedOn = await tenantDay(tx, now);
    p.nextCheckAt = await nextMidnight(tx, now);
    await movePlan(tx, p, 'ACTIVATE');
    return p;
  });
}

/** The manufacturer closes a plan (draft or active), with a note. */
export async function closePlan(ctx: Ctx, input: { id: string; version: number; note: string }): Promise<ImprovementPlan> {
  const check = new InputCheck();
  const note = check.required('input.note', input.note, 2000);
  check.done();
  return inTx(ctx, async (tx) => {
    const p = await load(tx, ImprovementPlanDocument, input.id, 'cancel', input.version);
    p.closedAt = ctx.clock.now();
    p.nextCheckAt = null;
    await movePlan(tx, p, 'CLOSE', { note });
    return p;
  });
}

/** The dealer (or the manufacturer) marks an action of an active plan done, with the day it was done. */
export async function markActionDone(ctx: Ctx, input: { id: string; version: number; index: number; note?: string | null }): Promise<ImprovementPlan> {
  const check = new InputCheck();
  const note = check.optional('input.note', input.note, 2000);
  check.done();
  return inTx(ctx, async (tx) => {
    const p = await load(tx, ImprovementPlanDocument, input.id, 'record', input.version);
    if (p.status !== 'ACTIVE')
      throw DomainError.because(
        ErrorCode.INVALID_TRANSITION,
        'DOCUMENT_CLOSED',
        { document: 'ImprovementPlan', number: p.number, status: p.status },
        'The plan is not active.',
      );
    const action = p.actions[input.index];
    if (!action || !Number.isInteger(input.index))
      throw DomainError.badField('input.index', 'OUT_OF_RANGE', { min: 0, max: Math.max(0, p.actions.length - 1), unit: 'ITEMS' }, 'no such action');
    const before = { actions: p.actions.map((a) => ({ ...a })) };
    const day = await tenantDay(tx, ctx.clock.now());
    p.actions = p.actions.map((a, i) => (i === input.index ? { ...a, doneAt: a.doneAt ?? day } : a));
    recordPlan(tx, p, 'actionDone', { note, data: { index: input.index, text: action.text }, detail: { index: input.index }, before });
    await tx.em.flush();
    return p;
  });
}

/**
 * Sums of the dealer's figure rows addressed to the manufacturer over [from, to] (its local days),
 * read in the manufacturer's transaction: RLS shows it exactly the rows whose audience it is.
 */
export async function dealerSums(tx: Tx, manufacturerId: string, dealerId: string, from: string, to: string): Promise<Record<string, number>> {
  const rows = await tx.em.execute<{ measure: string; value: number }[]>(
    `select measure, sum(value)::float8 as value from figure_facts
      where audience_id = ? and tenant_id = ? and grain = 'D' and period between ? and ? group by measure`,
    [manufacturerId, dealerId, from, to],
  );
  return Object.fromEntries(rows.map((r) => [r.measure, Number(r.value)]));
}

/** Runs the check of one plan for the manufacturer's `today`: records it, moves the plan to MET or MISSED, plans the next. */
export async function runPlanCheck(tx: Tx, p: ImprovementPlan, automatic: boolean): Promise<PlanCheck> {
  const now = tx.ctx.clock.now();
  const today = await tenantDay(tx, now);
  const window = planWindow(p, today);
  const sums = window ? await dealerSums(tx, p.tenantId, p.dealerId, window.from, window.to) : {};
  const results = p.targets.map((t) => evaluateFigure(t.figureId, sums));
  const outcome = checkPlan(p, results, today);
  const existing = await tx.em.findOne(PlanCheck, { planId: p.id, day: today });
  const row = existing ?? Object.assign(new PlanCheck(), { id: uuidv7(), tenantId: p.tenantId, dealerId: p.dealerId, planId: p.id, day: today });
  row.results = outcome.targets;
  row.overdueActions = outcome.overdueActions.length;
  row.outcome = outcome.event === 'MEET' ? 'MET' : outcome.event === 'MISS' ? 'MISSED' : null;
  row.checkedAt = now;
  tx.em.persist(row);
  p.lastCheckedOn = today;
  const detail = { day: today, targets: outcome.targets.map((t) => ({ figureId: t.figureId, value: t.value, judgement: t.judgement })) };
  if (outcome.event) {
    p.nextCheckAt = null;
    await movePlan(tx, p, outcome.event, { automatic, detail, data: { day: today } });
  } else {
    p.nextCheckAt = await nextMidnight(tx, now);
    recordPlan(tx, p, 'checked', { automatic, detail, data: { day: today, overdueActions: outcome.overdueActions.length } });
    await tx.em.flush();
    await planTimers(tx, ImprovementPlanDocument, p, null);
  }
  return row;
}

/** The timers' runs: the lapse at the cure due (a no-op unless still ISSUED and due), the plan's daily check. */
export function registerSupervisionJobs(jobs: JobRegistry): void {
  jobs.register(SUPERVISION_TIMER.LAPSE, async (tx, payload) => {
    const w = await tx.em.findOne(Warning, { id: String(payload.warningId) });
    if (!w || !warningLapses(w, tx.ctx.clock.now())) return;
    w.closedAt = tx.ctx.clock.now();
    await moveWarning(tx, w, 'LAPSE', { automatic: true });
  });
  jobs.register(SUPERVISION_TIMER.CHECK_PLAN, async (tx, payload) => {
    const p = await tx.em.findOne(ImprovementPlan, { id: String(payload.planId) });
    if (!p || p.status !== 'ACTIVE') return;
    await runPlanCheck(tx, p, true);
  });
}
