import type { EntitySchema } from '@mikro-orm/core';
import type { Action, SubjectName } from '@asn/authz';
import type { Machine } from '@asn/domain';
import type { Tx } from '../context.js';

/**
 * A lifecycle document (repair order, claim, recovery claim, …) declared once: its entity, CASL
 * subject, state machine, parties, number series and timers. Everything the documents share —
 * the ORM party filter, the row-level-security policy it implies, loading with the access checks,
 * moving through the machine with timeline, audit, outbox and timers — comes from here
 * (platform/documents/*). See docs/adr/0014-document-layer.md.
 */
export interface DocumentRecord {
  id: string;
  tenantId: string;
  version: number;
}

/** Who a row belongs to: the owner tenant, and for a two-party document the counterparty's column. */
export type Party = 'owner' | 'counterparty';
/** Any entity schema, for the tables a declaration names besides its own. */
export interface SchemaRef {
  readonly meta: { readonly className: string; readonly filters: object };
}
export type Command = 'select' | 'insert' | 'update' | 'delete';
/** Which party may do each SQL command on a table (row-level security plus the API role's grants). */
export type PartyAccess = Record<Command, readonly Party[]>;

/** The access a document table gets when the declaration says nothing else. */
export function defaultAccess(twoParty: boolean): PartyAccess {
  return twoParty
    ? { select: ['owner', 'counterparty'], insert: ['owner'], update: ['owner', 'counterparty'], delete: [] }
    : { select: ['owner'], insert: ['owner'], update: ['owner'], delete: [] };
}

/**
 * A timer a state starts: planned when the document enters one of `start` (replacing a pending
 * one), kept while it stays in `keep` (default: `start`), cancelled when it moves elsewhere.
 */
export interface TimerDeclaration<D, S extends string> {
  kind: string;
  start: readonly S[];
  keep?: readonly S[];
  /** When to run (none: not now); `key` tells several runs of one timer apart (follow-up call 1 and 2). */
  plan(doc: D, now: Date): readonly { runAt: Date; payload?: Record<string, unknown>; key?: string }[];
}

/** One step of a document's own timeline (a claim keeps one both parties read). */
export interface TimelineStep {
  action: string;
  from: string | null;
  to: string | null;
  note: string | null;
  detail: Record<string, unknown> | null;
  automatic: boolean;
}

export interface DocumentDeclaration<D extends DocumentRecord = DocumentRecord, S extends string = string, E extends string = string> {
  /** The CASL subject, the GraphQL type and the audit log's entity type: `WarrantyClaim`. */
  type: Exclude<SubjectName, 'all'>;
  /** Prefix of its audit actions and events: `warrantyClaim` → `warrantyClaim.SUBMIT`. */
  eventPrefix: string;
  schema: EntitySchema<D>;
  machine: Machine<S, E>;
  /** The property holding the state (default `status`). */
  statusField?: keyof D & string;
  /** States a new document may start in (default: the machine's initial state). */
  createdIn?: readonly S[];
  /**
   * The machine's guarded step, when a move depends on the document's facts (a claim appeals
   * once): returns the next state or throws like `transition`. Default: the machine's table.
   */
  guard?(doc: D, event: E): S;
  /**
   * The owner (`tenantId`, always) and, for a document two tenants work on, the property holding
   * the other party (`manufacturerId`, `supplierId`, `dealerId`).
   */
  counterparty?: keyof D & string;
  /** Row-level access per SQL command when it differs from `defaultAccess`. */
  access?: Partial<PartyAccess>;
  /** Tables that belong to the document and carry the same party columns (lines, timeline). */
  children?: readonly { schema: SchemaRef; access?: Partial<PartyAccess> }[];
  /**
   * Per event, the CASL action the actor needs to fire it: the API checks it in `load`, and
   * `allowedEvents` (what the portal's buttons show) combines it with the machine.
   */
  eventActions: Readonly<Record<E, Action>>;
  /** Number series of its human numbers (`RO` → RO-2026-000123). */
  numberSeries?: string;
  timers?: readonly TimerDeclaration<D, S>[];
  /** The attributes read permissions look at: a subscriber receives the document's events only if it may read them. */
  subject?(doc: D): Record<string, unknown>;
  /** What the audit log keeps before and after each change (default: number and state). */
  snapshot?(doc: D): Record<string, unknown>;
  /**
   * The document whose audit trail and events carry this one's steps, when it is part of another
   * (an on-site visit is followed on its repair order's timeline and the customer's page).
   */
  filedUnder?(doc: D): { type: Exclude<SubjectName, 'all'>; id: string; subject: Record<string, unknown> };
  /** Writes the step into the document's own timeline table, when it keeps one. */
  timeline?(tx: Tx, doc: D, step: TimelineStep): void;
  /** The English refusal for an action the actor's roles do not allow (the portal translates the reason instead). */
  forbidden?(action: Action): string;
}

const declared = new Map<string, DocumentDeclaration<never, string, string>>();

/**
 * Declares a document type. The party filter is set on the entity here, so the entity file
 * states no tenancy of its own (and cannot disagree with the declaration).
 */
export function defineDocument<D extends DocumentRecord, S extends string, E extends string>(decl: DocumentDeclaration<D, S, E>): DocumentDeclaration<D, S, E> {
  const known = declared.get(decl.type);
  if (known && known !== (decl as unknown)) throw new Error(`document ${decl.type} is declared twice`);
  for (const event of decl.machine.events) {
    if (!decl.eventActions[event]) throw new Error(`${decl.type}: event ${event} has no action in eventActions`);
  }
  for (const schema of [decl.schema, ...(decl.children ?? []).map((c) => c.schema)]) {
    (schema.meta.filters as Record<string, unknown>).tenant = partyFilter(decl.counterparty);
  }
  declared.set(decl.type, decl as unknown as DocumentDeclaration<never, string, string>);
  return decl;
}

/** A declaration as a module manifest lists it (its document, state and event types erased). */
export function listed<D extends DocumentRecord, S extends string, E extends string>(decl: DocumentDeclaration<D, S, E>): DocumentDeclaration {
  return decl as unknown as DocumentDeclaration;
}

/** Every declared document type (those whose modules are loaded). */
export function declaredDocuments(): readonly DocumentDeclaration[] {
  return [...declared.values()] as unknown as DocumentDeclaration[];
}

/** The ORM filter of a document's tables: the owner, or the counterparty when there is one. */
export function partyFilter(counterparty?: string) {
  return {
    name: 'tenant',
    default: true,
    cond: (args: { tenantId: string }) =>
      counterparty ? { $or: [{ tenantId: args.tenantId }, { [counterparty]: args.tenantId }] } : { tenantId: args.tenantId },
  };
}

export function statusOf<D extends DocumentRecord, S extends string>(decl: DocumentDeclaration<D, S, string>, doc: D): S {
  return (doc as unknown as Record<string, S>)[decl.statusField ?? 'status']!;
}

/** The one place a document's state is written (create and move call it). */
export function setStatus<D extends DocumentRecord, S extends string>(decl: DocumentDeclaration<D, S, string>, doc: D, to: S): void {
  (doc as unknown as Record<string, S>)[decl.statusField ?? 'status'] = to;
}

export function numberOf(doc: DocumentRecord): string | null {
  const n = (doc as unknown as { number?: unknown }).number;
  return typeof n === 'string' ? n : null;
}

/**
 * A part of a document with a small machine of its own (a returned part of a claim, a line of a
 * repair order): its state changes only through `advance`, inside a move of its document, which
 * records the step.
 */
export interface ItemDeclaration<R, S extends string, E extends string> {
  machine: Machine<S, E>;
  statusField: keyof R & string;
}

export function defineItem<R, S extends string, E extends string>(decl: ItemDeclaration<R, S, E>): ItemDeclaration<R, S, E> {
  return decl;
}
