import type { Actor } from '@asn/authz';
import { DomainError, ErrorCode } from '@asn/domain';
import { createCtx, inTx, type AppServices, type Ctx, type Tx } from '../context.js';
import { takeAttempt, tooManyAttempts, type AttemptLimit } from './attempts.js';
import { hashToken } from './tokens.js';

/**
 * The gate of a link a customer opens without an account (a repair's tracking link, a contract's
 * link): a well-formed token, a link neither withdrawn nor expired, not locked, and the last four
 * digits of the customer's phone. Five wrong answers a day lock the link for 15 minutes — counted
 * before the digits are compared (attempts.ts), so a burst of guesses compares at most five; the
 * right digits forget the wrong answers. One place for the rule; each link kind says where its
 * link, its customer's digits and its actor come from.
 */
export const LINK_ATTEMPTS: AttemptLimit = { max: 5, windowMinutes: 24 * 60, lockMinutes: 15, onSuccess: 'reset' };

export interface LinkRow {
  id: string;
  tenant_id: string;
  expires_at: Date;
  revoked_at: Date | null;
}

export interface LinkKind<R extends LinkRow> {
  /** The SQL function that finds a link by its token's hash before any tenant is known (security definer). */
  lookup: string;
  /** The throttle key's prefix (`link`, `contract-link`). */
  attemptPrefix: string;
  /** What the visitor acts as once the digits are right. */
  actor(row: R): Actor;
  /** The last four digits of the customer's phone, read as that actor. */
  digits(tx: Tx, row: R): Promise<string>;
  /** Marks the link used. */
  touch(tx: Tx, row: R, now: Date): Promise<unknown>;
  gone(): DomainError;
  wrongDigits(): DomainError;
  /** Counted each time digits are compared (a metric). */
  compared?(): void;
}

export async function openByLink<R extends LinkRow>(services: AppServices, kind: LinkKind<R>, token: string, phoneLast4: string, what: string): Promise<Ctx> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token ?? '')) throw DomainError.notFound(what);
  const anon = createCtx(services, { type: 'anonymous' }, null);
  const rows = await anon.em.fork().execute<R[]>(`select * from ${kind.lookup}(?)`, [hashToken(token)]);
  const row = rows[0];
  const now = services.clock.now();
  if (!row || row.revoked_at || new Date(row.expires_at) <= now) throw kind.gone();
  const gate = await takeAttempt(anon.em.fork(), [{ key: `${kind.attemptPrefix}:${row.id}`, limit: LINK_ATTEMPTS }], now);
  if (!gate.admitted) throw tooManyAttempts('Too many wrong attempts.', gate.retryAfterMinutes);
  const ctx = createCtx(services, kind.actor(row), null);
  // the digits compared and, when right, the link marked used: one transaction
  const ok = await inTx(ctx, async (tx) => {
    const expected = await kind.digits(tx, row);
    kind.compared?.();
    const right = /^\d{4}$/.test(phoneLast4 ?? '') && expected === phoneLast4;
    if (right) await kind.touch(tx, row, now);
    return right;
  }).catch(async (e: unknown) => {
    await gate.abandon();
    throw e;
  });
  if (!ok) {
    await gate.failed();
    throw kind.wrongDigits();
  }
  await gate.succeeded();
  return ctx;
}

/** A link as it stands now: withdrawn or not, and until when it is valid. */
export interface LinkState {
  revokedAt: Date | null;
  expiresAt: Date;
}

/** What `linkStillOpen` needs of a link kind: whose actor holds it, where its link is read, its refusal. */
export interface OpenLinkKind {
  /** The actor type a verified link of this kind gives (`customer`, `contractHolder`). */
  actor: 'customer' | 'contractHolder';
  /** The link's row by id, read as that actor (row-level security: its tenant), or null. */
  link(tx: Tx, linkId: string): Promise<LinkState | null>;
  gone(): DomainError;
}

/**
 * For a page opened already (a live subscription): the visitor's context again while its link is
 * still valid — withdrawn or expired stops it at once — without asking for the digits again, so a
 * live page neither counts as an attempt nor clears the wrong answers of someone guessing.
 * FORBIDDEN for a context that is not a verified visitor of this kind of link.
 */
export async function linkStillOpen(opened: Ctx, kind: OpenLinkKind): Promise<Ctx> {
  const actor = opened.actor;
  if (actor.type !== kind.actor || !actor.linkId) throw DomainError.forbidden();
  const linkId = actor.linkId;
  const ctx = createCtx(opened.services, actor, null);
  const link = await inTx(ctx, (tx) => kind.link(tx, linkId));
  if (!link || link.revokedAt || link.expiresAt <= ctx.clock.now()) throw kind.gone();
  return ctx;
}

/** The wrong-digits refusal (UNAUTHENTICATED, WRONG_PHONE_DIGITS) with the link kind's English message. */
export function wrongPhoneDigits(message: string): DomainError {
  return DomainError.because(ErrorCode.UNAUTHENTICATED, 'WRONG_PHONE_DIGITS', {}, message);
}
