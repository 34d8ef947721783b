import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { Extensions, Field, UseMiddleware, type MiddlewareFn } from 'type-graphql';
import type { GraphQLField } from 'graphql';
import type { Actor } from '@asn/authz';
import { DomainError, ErrorCode } from '@asn/domain';
import type { Ctx, Tx } from './context.js';

/**
 * Idempotency keys for mutations that create a document or move money.
 *
 * A client may send `idempotencyKey` (1–255 visible ASCII characters, e.g. a UUID made once per
 * form) in the mutation's input. The key is remembered for {@link IDEMPOTENCY_TTL_HOURS} hours per
 * tenant, caller and operation together with a hash of the rest of the input:
 * - the same key with the same input answers with the record the first call created (loaded again
 *   by id through the mutation's read path), without a second write;
 * - the same key with another input is CONFLICT (`details.reason` = IDEMPOTENCY_KEY_REUSED);
 * - a first call that failed (rolled back) leaves no trace: the key is free again.
 *
 * How: the resolver carries `@Idempotent(replay)`; its middleware puts the key in an async-local
 * "claim". The first transaction the service opens (`inTx`) inserts the key row before anything
 * else, so a concurrent call with the same key waits on the primary key until the first commits
 * (then reads the stored answer) or rolls back (then claims the key itself). When the service's
 * transaction ends, the id of the record it returned is stored on the row, in that transaction.
 * The service must therefore do its write in its first transaction and return the record there
 * (every service does: one `inTx` per mutation).
 */
export const IDEMPOTENCY_TTL_HOURS = 24;
export const IDEMPOTENT_EXTENSION = 'idempotent';
export const IDEMPOTENCY_KEY_FIELD = 'idempotencyKey';
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
/** Expired rows of the tenant deleted by each insert (bounded so an insert stays cheap). */
const PURGE_BATCH = 20;

/** The input field every idempotent mutation's input declares (one description for all). */
export function IdempotencyKey(): PropertyDecorator {
  return Field(() => String, {
    nullable: true,
    description: `Optional, 1–255 visible ASCII characters (e.g. a UUID made once per form). Retrying with the same key and the same input answers with the first result and writes nothing; the same key with another input is CONFLICT. Remembered ${IDEMPOTENCY_TTL_HOURS} h per user and operation.`,
  });
}

/** What a replay gets: the id of the record the first call returned, and where it lives. */
export interface ReplayOf<I> {
  resultId: string;
  tenantId: string;
  input: I;
}

/**
 * Makes a mutation honour `input.idempotencyKey`. `replay` answers a repeated call from the id
 * of the record the first call returned, through the same read path as a query (so the caller's
 * read permission is checked again), shaped like the mutation's own payload.
 */
export function Idempotent<I = unknown, R = unknown>(replay: (ctx: Ctx, first: ReplayOf<I>) => Promise<R>): MethodDecorator {
  const middleware: MiddlewareFn<Ctx> = async ({ args, context, info }, next) => {
    const input = args.input as Record<string, unknown> | undefined;
    const key = keyOf(input);
    if (key === null) return next() as Promise<unknown>;
    const claim: Claim = { operation: info.fieldName, key, hash: inputHash(input!), state: 'open' };
    try {
      const result: unknown = await pending.run(claim, next);
      // every write runs in a transaction (RLS needs one): a call that opened none wrote nothing and
      // kept no key, so its service is not wired for keys — loud, rather than a key silently ignored
      if (claim.state === 'open') throw new Error(`${claim.operation}: @Idempotent, but its service opened no transaction`);
      return result;
    } catch (e) {
      if (e instanceof AlreadyDone) return replay(context, { resultId: e.resultId, tenantId: e.tenantId, input: input as I });
      throw e;
    }
  };
  return (target, property, descriptor) => {
    Extensions({ [IDEMPOTENT_EXTENSION]: true })(target, property, descriptor);
    UseMiddleware(middleware)(target, property, descriptor);
  };
}

/** Whether a schema field was declared with `@Idempotent` (the schema test checks coverage). */
export function isIdempotent(field: GraphQLField<unknown, unknown>): boolean {
  return (field.extensions as Record<string, unknown> | undefined)?.[IDEMPOTENT_EXTENSION] === true;
}

interface Claim {
  operation: string;
  key: string;
  hash: string;
  /** open: not yet claimed; taken: the first transaction of the call holds it. */
  state: 'open' | 'taken';
}

const pending = new AsyncLocalStorage<Claim>();

/** Thrown inside the transaction when the key was already used with this input: rolls it back. */
class AlreadyDone extends Error {
  constructor(
    readonly resultId: string,
    readonly tenantId: string,
  ) {
    super('idempotent replay');
  }
}

/**
 * Runs `fn` without claiming the key: for the steps of an idempotent mutation that precede its
 * write and open transactions of their own (verifying a tracking link's phone digits).
 */
export function withoutIdempotencyClaim<T>(fn: () => Promise<T>): Promise<T> {
  return pending.exit(fn);
}

/** The key of an input: null when absent; BAD_USER_INPUT when empty, too long or not visible ASCII. */
export function keyOf(input: Record<string, unknown> | undefined): string | null {
  const key = input?.[IDEMPOTENCY_KEY_FIELD];
  if (key === undefined || key === null) return null;
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
    throw DomainError.badField(
      `input.${IDEMPOTENCY_KEY_FIELD}`,
      'IDEMPOTENCY_KEY_INVALID',
      {},
      'must be 1–255 visible ASCII characters (letters, digits, punctuation; no spaces), e.g. a UUID',
    );
  }
  return key;
}

/**
 * A stable hash of the input without the key: object keys sorted, dates as ISO strings, null and
 * absent fields alike (a retry that spells an empty optional field differently is the same input).
 */
export function inputHash(input: Record<string, unknown>): string {
  const { [IDEMPOTENCY_KEY_FIELD]: _key, ...rest } = input;
  return createHash('sha256').update(canonical(rest)).digest('hex');
}

function canonical(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Whose key it is: a user, one tracking link's customer, or the tenant's public page. */
function ownerOf(actor: Actor): string {
  switch (actor.type) {
    case 'member':
    case 'platform':
      return actor.userId;
    case 'customer':
      return `link:${actor.linkId ?? actor.repairOrderId}`;
    case 'contractHolder':
      return `contract-link:${actor.linkId ?? actor.contractId}`;
    default:
      return 'public';
  }
}

const CLAIM_SQL = `
with purged as (
  delete from idempotency_keys where (tenant_id, owner, operation, key) in (
    select tenant_id, owner, operation, key from idempotency_keys
     where tenant_id = ? and expires_at <= ? and not (owner = ? and operation = ? and key = ?)
     order by expires_at limit ${PURGE_BATCH} for update skip locked))
insert into idempotency_keys (tenant_id, owner, operation, key, request_hash, created_at, expires_at)
values (?, ?, ?, ?, ?, ?, ?)
on conflict (tenant_id, owner, operation, key) do update
   set request_hash = excluded.request_hash, result_id = null, created_at = excluded.created_at, expires_at = excluded.expires_at
 where idempotency_keys.expires_at <= excluded.created_at
returning 1 as claimed`;

/**
 * Called by `inTx` around every transaction: when an idempotent call's key is not yet claimed,
 * claims it first thing in this transaction, runs `fn`, and stores the id of the record `fn`
 * returned. A key already used answers by replay (same input) or CONFLICT (another input); both
 * roll this transaction back before anything was written.
 */
export async function underIdempotencyKey<T>(tx: Tx, fn: () => Promise<T>): Promise<T> {
  const claim = pending.getStore();
  if (!claim || claim.state !== 'open') return fn();
  claim.state = 'taken';
  const tenantId = tx.tenantId;
  if (!tenantId) throw new Error(`${claim.operation}: an idempotent mutation needs a tenant transaction`);
  const owner = ownerOf(tx.ctx.actor);
  const now = tx.ctx.clock.now();
  const expires = new Date(now.getTime() + IDEMPOTENCY_TTL_HOURS * 3_600_000);
  const id = [tenantId, owner, claim.operation, claim.key] as const;
  const claimed = await tx.em.execute<unknown[]>(CLAIM_SQL, [tenantId, now, owner, claim.operation, claim.key, ...id, claim.hash, now, expires]);
  if (!claimed.length) {
    // used before and still remembered (the first call committed; a concurrent one was waited for)
    const [first] = await tx.em.execute<{ request_hash: string; result_id: string | null }[]>(
      `select request_hash, result_id from idempotency_keys where tenant_id = ? and owner = ? and operation = ? and key = ?`,
      [...id],
    );
    if (first && first.request_hash !== claim.hash) {
      throw DomainError.because(
        ErrorCode.CONFLICT,
        'IDEMPOTENCY_KEY_REUSED',
        { operation: claim.operation },
        `This idempotency key was already used for ${claim.operation} with a different input. Send a new key for a new request.`,
        { field: `input.${IDEMPOTENCY_KEY_FIELD}` },
      );
    }
    if (!first?.result_id) {
      throw DomainError.because(ErrorCode.CONFLICT, 'IDEMPOTENCY_KEY_BUSY', {}, 'A request with this idempotency key is being completed; retry in a moment.', {
        field: `input.${IDEMPOTENCY_KEY_FIELD}`,
      });
    }
    throw new AlreadyDone(first.result_id, tenantId);
  }
  const value = await fn();
  const resultId = (value as { id?: unknown } | null)?.id;
  if (typeof resultId !== 'string') throw new Error(`${claim.operation}: an idempotent mutation's transaction must return the record it wrote`);
  await tx.em.execute(`update idempotency_keys set result_id = ? where tenant_id = ? and owner = ? and operation = ? and key = ?`, [resultId, ...id]);
  return value;
}
