import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, ErrorCode } from '@asn/domain';

/**
 * Attempt limits on a secret (a password, a tracking link's phone digits) that hold under
 * concurrency: an attempt takes its slot in one atomic statement *before* the secret is verified,
 * so a burst of guesses sent at once verifies no more of them than the limit allows.
 *
 * Per key (table `auth_throttle`), within a window:
 * - an attempt is admitted while fewer than `max` attempts hold a slot (failed ones, and ones still
 *   being verified) and the key is not locked; otherwise it is refused unverified (RATE_LIMITED);
 * - a failed attempt keeps its slot; the failure that fills the last slot locks the key for
 *   `lockMinutes`; the first attempt after the lock (or after a quiet window) starts afresh;
 * - a successful attempt either forgets the key (`reset`: whoever holds the secret proved it, as
 *   an e-mail's owner or a link's customer does) or gives back only its own slot (`release`: a
 *   key shared by many people, such as a client address behind one NAT);
 * - refused attempts are not counted, so a flood against a locked key does not prolong the lock.
 */
export interface AttemptLimit {
  max: number;
  windowMinutes: number;
  lockMinutes: number;
  onSuccess: 'reset' | 'release';
}

export interface AttemptKey {
  key: string;
  limit: AttemptLimit;
}

export type AttemptGate =
  | {
      admitted: true;
      /** The secret was right: see `AttemptLimit.onSuccess`. */
      succeeded(): Promise<void>;
      /** The secret was wrong: the slot stays taken; the key locks when this filled the last one. */
      failed(): Promise<void>;
      /** The attempt was not decided (e.g. an error before the comparison): give the slots back. */
      abandon(): Promise<void>;
    }
  | { admitted: false; retryAfterMinutes: number };

// A key starts afresh when its lock has run out, or, unlocked, when its window has passed.
const FRESH = `(t.locked_until <= excluded.window_started_at
  or (t.locked_until is null and t.window_started_at <= excluded.window_started_at - make_interval(mins => ?)))`;

/**
 * Takes one slot for the key in a single statement; true when admitted. The update's WHERE makes
 * a refused attempt return no row (and change nothing); concurrent takers queue on the row lock
 * and each sees the count its predecessors left.
 */
async function take(em: EntityManager, { key, limit }: AttemptKey, now: Date): Promise<boolean> {
  const w = limit.windowMinutes;
  const rows = await em.execute(
    `insert into auth_throttle as t (key, failures, window_started_at, locked_until) values (?, 1, ?, null)
     on conflict (key) do update set
       failures = case when ${FRESH} then 1 else t.failures + 1 end,
       window_started_at = case when ${FRESH} then excluded.window_started_at else t.window_started_at end,
       locked_until = case when ${FRESH} then null else t.locked_until end
     where ${FRESH} or (t.locked_until is null and t.failures < ?)
     returning failures`,
    [key, now, w, w, w, w, limit.max],
  );
  return rows.length === 1;
}

async function release(em: EntityManager, key: string): Promise<void> {
  await em.execute('update auth_throttle set failures = greatest(failures - 1, 0) where key = ?', [key]);
}

async function lockAfterFailure(em: EntityManager, { key, limit }: AttemptKey, now: Date): Promise<void> {
  await em.execute(
    `update auth_throttle set locked_until = ?::timestamptz + make_interval(mins => ?)
      where key = ? and failures >= ? and (locked_until is null or locked_until <= ?)`,
    [now, limit.lockMinutes, key, limit.max, now],
  );
}

async function retryAfterMinutes(em: EntityManager, { key, limit }: AttemptKey, now: Date): Promise<number> {
  const rows = await em.execute<{ locked_until: Date | null }[]>('select locked_until from auth_throttle where key = ?', [key]);
  const until = rows[0]?.locked_until ? new Date(rows[0].locked_until).getTime() : 0;
  // no lock yet: the slots are held by attempts still being verified, which will most likely fail
  return until > now.getTime() ? Math.ceil((until - now.getTime()) / 60_000) : limit.lockMinutes;
}

/**
 * Takes a slot on every key, in order (an attempt refused by a later key gives back the earlier
 * slots). `em` must not be inside a transaction: each statement commits at once, so concurrent
 * requests see it.
 */
export async function takeAttempt(em: EntityManager, keys: AttemptKey[], now: Date): Promise<AttemptGate> {
  const taken: AttemptKey[] = [];
  for (const k of keys) {
    if (await take(em, k, now)) {
      taken.push(k);
      continue;
    }
    for (const t of taken) await release(em, t.key);
    return { admitted: false, retryAfterMinutes: await retryAfterMinutes(em, k, now) };
  }
  return {
    admitted: true,
    async succeeded() {
      for (const k of taken) {
        if (k.limit.onSuccess === 'reset') await em.execute('delete from auth_throttle where key = ?', [k.key]);
        else await release(em, k.key);
      }
    },
    async failed() {
      for (const k of taken) await lockAfterFailure(em, k, now);
    },
    async abandon() {
      for (const k of taken) await release(em, k.key);
    },
  };
}

/**
 * The refusal of an attempt the limit did not admit: RATE_LIMITED with `retryAfterMinutes`, and
 * the reason TOO_MANY_ATTEMPTS a client shows in its user's language.
 */
export function tooManyAttempts(what: string, minutes: number): DomainError {
  return DomainError.because(
    ErrorCode.RATE_LIMITED,
    'TOO_MANY_ATTEMPTS',
    { retryAfterMinutes: minutes },
    `${what} Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    {
      retryAfterMinutes: minutes,
    },
  );
}
