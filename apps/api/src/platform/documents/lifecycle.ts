import { LockMode } from '@mikro-orm/core';
import type { FilterQuery } from '@mikro-orm/postgresql';
import { asSubject, type Action } from '@asn/authz';
import { DomainError, ErrorCode, allowedEvents as machineEvents, assertId, isDomainError, transition, uuidv7 } from '@asn/domain';
import type { Ctx, Tx } from '../context.js';
import { scheduleJob } from '../jobs.js';
import { nextNumber } from '../numbers.js';
import { numberOf, setStatus, statusOf, type DocumentDeclaration, type DocumentRecord, type ItemDeclaration } from './declare.js';

/** The English label of a document type for messages (`Repair order`). */
const label = (decl: { machine: { name: string } }) => decl.machine.name;

function subjectOf<D extends DocumentRecord>(decl: DocumentDeclaration<D, string, string>, doc: D): Record<string, unknown> {
  return decl.subject ? decl.subject(doc) : { tenantId: doc.tenantId, ...(decl.counterparty ? { [decl.counterparty]: doc[decl.counterparty] } : {}) };
}

/** The parties of a document other than the actor's tenant: they receive its events too. */
function otherParties<D extends DocumentRecord>(decl: DocumentDeclaration<D, string, string>, doc: D, actorTenant: string | null): string[] {
  const parties = [doc.tenantId, ...(decl.counterparty ? [doc[decl.counterparty] as unknown as string | null] : [])].filter((t): t is string => !!t);
  return parties.filter((t) => t !== actorTenant);
}

/**
 * Loads a document for a change, locked for the rest of the transaction, with the same answers
 * for every type: NOT_FOUND when it does not exist or the actor may not read it (ids cannot be
 * probed), FORBIDDEN (ACTION_NOT_ALLOWED) when the actor may read but not do `action`, CONFLICT
 * (STALE_VERSION) when `version` is given and the document moved since.
 */
export async function load<D extends DocumentRecord>(
  tx: Tx,
  decl: DocumentDeclaration<D, string, string>,
  id: string,
  action: Action,
  version?: number,
): Promise<D> {
  const key = assertId('input.id', id);
  let doc = await tx.em.findOne(decl.schema, { id: key } as FilterQuery<D>, { lockMode: LockMode.PESSIMISTIC_WRITE });
  // a party that may only read it cannot lock it (row-level security: no update policy for it):
  // it still reads it, and gets FORBIDDEN rather than NOT_FOUND for a change
  doc ??= await tx.em.findOne(decl.schema, { id: key } as FilterQuery<D>);
  if (!doc || !tx.ctx.ability.can('read', asSubject(decl.type, doc))) throw DomainError.notFound(label(decl));
  if (action !== 'read' && !tx.ctx.ability.can(action, asSubject(decl.type, doc))) {
    throw DomainError.because(
      ErrorCode.FORBIDDEN,
      'ACTION_NOT_ALLOWED',
      { document: decl.type, action },
      decl.forbidden?.(action) ?? `Your roles do not allow you to ${action} this ${label(decl).toLowerCase()}.`,
    );
  }
  if (version !== undefined) checkVersion(decl, doc, version);
  return doc;
}

/** CONFLICT (STALE_VERSION) unless the document is still at the version the actor read. */
export function checkVersion<D extends DocumentRecord>(decl: DocumentDeclaration<D, string, string>, doc: D, version: number): void {
  if (doc.version === version) return;
  const number = numberOf(doc);
  throw DomainError.because(
    ErrorCode.CONFLICT,
    'STALE_VERSION',
    { document: decl.type, number, currentVersion: doc.version },
    `${label(decl)}${number ? ` ${number}` : ''} was changed meanwhile (version ${doc.version}); reload and try again.`,
    { currentVersion: doc.version },
  );
}

/** The next state for `event`, through the declaration's guard or the machine; WRONG_STATUS names the document's number. */
function nextOf<D extends DocumentRecord, S extends string, E extends string>(decl: DocumentDeclaration<D, S, E>, doc: D, event: E): S {
  try {
    return decl.guard ? decl.guard(doc, event) : transition(decl.machine, statusOf(decl, doc), event);
  } catch (e) {
    if (isDomainError(e) && e.reason === 'WRONG_STATUS') {
      const number = numberOf(doc);
      const params = { ...(e.details!.params as Record<string, unknown>), number };
      throw new DomainError(e.code, number ? e.message.replace(decl.machine.name, `${decl.machine.name} ${number}`) : e.message, { ...e.details, params });
    }
    throw e;
  }
}

/**
 * Refuses (WRONG_STATUS) unless the document's machine would accept `event` now — for a step
 * that checks first and moves later in the same transaction, or an edit allowed only where an
 * event is (editing a claim is allowed where submitting or providing information is).
 */
export function expectEvent<D extends DocumentRecord, S extends string, E extends string>(decl: DocumentDeclaration<D, S, E>, doc: D, ...events: E[]): void {
  const errors: unknown[] = [];
  for (const event of events) {
    try {
      nextOf(decl, doc, event);
      return;
    } catch (e) {
      errors.push(e);
    }
  }
  throw errors[0];
}

export interface MoveFacts {
  /** Free text the actor gave (a reason, a note); kept on the timeline. */
  note?: string | null;
  /** Facts of the change, kept in the audit log's `after` and the event's data. */
  data?: Record<string, unknown>;
  /** Facts the reader's language renders on the timeline (a tag, an amount). */
  detail?: Record<string, unknown> | null;
  /** The system took the step by itself (an automatic check), not the actor. */
  automatic?: boolean;
  /** The audit log's `before`, when the caller changed the document before moving it. */
  before?: Record<string, unknown>;
  /** Audit and publish as this tenant (a system step on another party's behalf); default: the transaction's. */
  asTenant?: string;
  /** Who acted, when the context has no signed-in person (a visitor on the public booking page). */
  actor?: { userId: string | null; name: string };
  /** Leave the flush to the caller (a batch moving many documents flushes once). */
  deferFlush?: boolean;
}

function snapshotOf<D extends DocumentRecord>(decl: DocumentDeclaration<D, string, string>, doc: D): Record<string, unknown> {
  return decl.snapshot ? decl.snapshot(doc) : { number: numberOf(doc), status: statusOf(decl, doc) };
}

/** Writes one change to the timeline (if the document keeps one), the audit log and the outbox. */
function write<D extends DocumentRecord>(
  tx: Tx,
  decl: DocumentDeclaration<D, string, string>,
  doc: D,
  action: string,
  states: { from: string | null; to: string | null },
  facts: MoveFacts,
  before: Record<string, unknown> | null,
): void {
  decl.timeline?.(tx, doc, {
    action,
    from: states.from,
    to: states.to,
    note: facts.note ?? null,
    detail: facts.detail ?? null,
    automatic: facts.automatic ?? false,
  });
  const tenant = facts.asTenant ?? tx.tenantId;
  const after = { ...snapshotOf(decl, doc), ...(facts.data ?? {}) };
  const under = decl.filedUnder?.(doc);
  tx.record(
    {
      action: `${decl.eventPrefix}.${action}`,
      entityType: under?.type ?? decl.type,
      entityId: under?.id ?? doc.id,
      fromState: states.from,
      toState: states.to,
      before,
      after,
      data: { number: numberOf(doc), status: statusOf(decl, doc), ...(facts.data ?? {}) },
      alsoTo: otherParties(decl, doc, tenant),
      subject: under?.subject ?? subjectOf(decl, doc),
      ...(facts.actor ? { actor: facts.actor } : {}),
    },
    tenant ?? undefined,
  );
}

/**
 * The one way a document changes state: the machine (with the declaration's guard) decides the
 * next state, the state is set, and the step goes to the timeline, the audit log and the outbox
 * (to every party) in the caller's transaction; the timers the new state starts are planned and
 * those it ends are cancelled. Changes the caller made to the document before are flushed with it.
 */
export async function move<D extends DocumentRecord, S extends string, E extends string>(
  tx: Tx,
  decl: DocumentDeclaration<D, S, E>,
  doc: D,
  event: E,
  facts: MoveFacts = {},
): Promise<S> {
  const from = statusOf(decl, doc);
  const to = nextOf(decl, doc, event);
  const before = facts.before ?? snapshotOf(decl, doc);
  setStatus(decl, doc, to);
  write(tx, decl, doc, event, { from, to }, facts, before);
  if (!facts.deferFlush) await tx.em.flush();
  await planTimers(tx, decl, doc, from);
  return to;
}

/**
 * Records a change that is not a move (an edit, a dispatch, a timer that fired) the same way a
 * move is recorded, without touching the state: `action` names it (`warrantyClaim.updated`).
 */
export function recordChange<D extends DocumentRecord>(
  tx: Tx,
  decl: DocumentDeclaration<D, string, string>,
  doc: D,
  action: string,
  facts: MoveFacts = {},
): void {
  write(tx, decl, doc, action, { from: null, to: null }, facts, facts.before ?? null);
}

/**
 * A new document, not yet saved: its id, its human number when the declaration has a series, and
 * its first state (the machine's initial one, or one of `createdIn`). `insert` saves it; a
 * document whose parts need its number (a claim's part tags) is drafted first, then inserted.
 */
export async function draft<D extends DocumentRecord, S extends string>(
  tx: Tx,
  decl: DocumentDeclaration<D, S, string>,
  fields: Partial<Omit<D, 'version' | 'number'>> & Pick<D, 'tenantId'>,
  state: S = decl.machine.initial,
  /** A number the document keeps (a renewal's new version): none is taken from the series. */
  opts: { number?: string } = {},
): Promise<D> {
  if (!(decl.createdIn ?? [decl.machine.initial]).includes(state)) throw new Error(`${decl.type} is not created in ${state}`);
  const doc = Object.assign(new (decl.schema.meta.class as new () => D)(), { id: uuidv7(), ...fields });
  if (opts.number) (doc as unknown as { number: string }).number = opts.number;
  else if (decl.numberSeries) (doc as unknown as { number: string }).number = await nextNumber(tx, doc.tenantId, decl.numberSeries);
  setStatus(decl, doc, state);
  return doc;
}

/** Saves a drafted document, records its creation (`created`) and plans the timers its first state starts. */
export async function insert<D extends DocumentRecord, S extends string>(
  tx: Tx,
  decl: DocumentDeclaration<D, S, string>,
  doc: D,
  opts: { facts?: MoveFacts; action?: string } = {},
): Promise<D> {
  tx.em.persist(doc);
  await tx.em.flush();
  write(tx, decl, doc, opts.action ?? 'created', { from: null, to: statusOf(decl, doc) }, opts.facts ?? {}, null);
  await planTimers(tx, decl, doc, null);
  return doc;
}

/** Drafts and inserts a document in one step. */
export async function create<D extends DocumentRecord, S extends string>(
  tx: Tx,
  decl: DocumentDeclaration<D, S, string>,
  fields: Partial<Omit<D, 'version' | 'number'>> & Pick<D, 'tenantId'>,
  opts: { state?: S; facts?: MoveFacts; action?: string } = {},
): Promise<D> {
  const doc = await draft<D, S>(tx, decl, fields, opts.state);
  return insert<D, S>(tx, decl, doc, opts);
}

/**
 * (Re)plans the timers of the document's state: entering a start state plans (replacing a pending
 * run); leaving every keep state cancels. `from` null re-plans in place (a promise time moved).
 */
export async function planTimers<D extends DocumentRecord, S extends string>(
  tx: Tx,
  decl: DocumentDeclaration<D, S, string>,
  doc: D,
  from: S | null,
): Promise<void> {
  const state = statusOf(decl, doc);
  for (const timer of decl.timers ?? []) {
    const key = `${timer.kind}:${doc.id}`;
    if (timer.start.includes(state)) {
      for (const run of timer.plan(doc, tx.ctx.clock.now())) {
        await scheduleJob(tx, { kind: timer.kind, runAt: run.runAt, payload: run.payload ?? {}, dedupeKey: run.key ? `${key}:${run.key}` : key });
      }
    } else if (!(timer.keep ?? timer.start).includes(state) && from !== null && (timer.keep ?? timer.start).includes(from)) {
      await tx.em.execute(`update jobs set status = 'CANCELLED' where (dedupe_key = ? or dedupe_key like ?) and status = 'PENDING'`, [key, `${key}:%`]);
    }
  }
}

/**
 * The events the actor may fire on the document now: accepted by its machine (and guard) in its
 * state, and allowed to the actor's roles by the event's action. The portal draws its action
 * buttons from this list instead of re-encoding the machines.
 */
export function allowedEvents<D extends DocumentRecord, S extends string, E extends string>(ctx: Ctx, decl: DocumentDeclaration<D, S, E>, doc: D): E[] {
  const subject = asSubject(decl.type, doc);
  return machineEvents(decl.machine, statusOf(decl, doc)).filter((event) => {
    if (!ctx.ability.can(decl.eventActions[event], subject)) return false;
    if (!decl.guard) return true;
    try {
      decl.guard(doc, event);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Moves a part of a document (a returned part, a repair order line) by one event of its machine;
 * the document's own move (or recorded change) in the same transaction records the step.
 */
export function advance<R, S extends string, E extends string>(item: ItemDeclaration<R, S, E>, row: R, event: E): S {
  const to = transition(item.machine, (row as Record<string, S>)[item.statusField]!, event);
  (row as Record<string, S>)[item.statusField] = to;
  return to;
}

/** A new part in a state its machine has (default: the initial one). */
export function initialItem<R, S extends string, E extends string>(item: ItemDeclaration<R, S, E>, state: S = item.machine.initial): Record<string, S> {
  if (!item.machine.states.includes(state)) throw new Error(`${item.machine.name} has no state ${state}`);
  return { [item.statusField]: state };
}
