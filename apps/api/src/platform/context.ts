import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { defineAbilityFor, type Actor, type AppAbility } from '@asn/authz';
import { DomainError, uuidv7, type Role } from '@asn/domain';
import { AuditEntry, OutboxEvent } from './db/entities.js';
import type { Clock } from './clock.js';
import type { OutboxDispatcher } from './outbox.js';
import type { JobQueue } from './jobs.js';
import type { AppPubSub } from './pubsub.js';
import type { AppConfig } from './config.js';
import { underIdempotencyKey } from './idempotency.js';
import type { SessionCache } from './auth/session-cache.js';
import { oneShot, type ReadSettings, type RequestReads } from './db/reads.js';
import type pg from 'pg';

/** The user behind an actor, if any (customers and anonymous visitors have none). */
export function actorUserId(actor: Actor): string | null {
  return actor.type === 'member' || actor.type === 'platform' ? actor.userId : null;
}

/** The actor as a tenant member, or FORBIDDEN (platform operators and customers have no workshop). */
export function memberOf(ctx: { actor: Actor }, message?: string): Extract<Actor, { type: 'member' }> {
  if (ctx.actor.type !== 'member') throw DomainError.forbidden(message);
  return ctx.actor;
}

/** Everything a request knows about the signed-in person. */
export interface Principal {
  sessionId: string;
  userId: string;
  email: string;
  displayName: string;
  locale: string;
  tenantName: string | null;
  roles: Role[];
  regions: string[];
  createdAt: Date;
  version: number;
}

/** Process-wide services, created once at start. */
export interface AppServices {
  config: AppConfig;
  orm: MikroORM;
  pubsub: AppPubSub;
  dispatcher: OutboxDispatcher;
  /** Timers (set right after the services are created). */
  jobs: JobQueue;
  clock: Clock;
  /** The read path's connections (platform/db/reads.ts), as the API's role: row-level security applies. */
  readPool: pg.Pool;
  /** Sessions this process resolved recently, by token hash (platform/auth/session-cache.ts). */
  sessions: SessionCache<{ actor: Actor; principal: Principal | null }>;
}

/** Sets and clears cookies on the HTTP response (absent for WebSocket operations). */
export interface CookieJar {
  set(name: string, value: string, opts: { maxAgeSeconds: number }): void;
  clear(name: string): void;
}

/** The per-request context every service method takes first. */
export interface Ctx {
  requestId: string;
  actor: Actor;
  principal: Principal | null;
  ability: AppAbility;
  /** Forked per request; never used outside a transaction (RLS needs the tenant set). */
  em: EntityManager;
  services: AppServices;
  clock: Clock;
  cookies: CookieJar | null;
  userAgent: string | null;
  clientIp: string | null;
  /** The raw session token (kept for subscriptions, which re-check the session per event). */
  sessionToken: string | null;
  /** Per-request dataloaders, created on first use. */
  loaders: Map<string, unknown>;
  /** An HTTP request's reads: one connection and one transaction for all of them (platform/db/reads.ts); null elsewhere. */
  reads: RequestReads | null;
}

/** Row-level security's settings for the context's actor (a member or customer reads inside its tenant). */
export function readSettingsOf(actor: Actor): ReadSettings {
  return {
    tenantId: actor.type === 'member' || actor.type === 'customer' || actor.type === 'contractHolder' ? actor.tenantId : null,
    userId: actorUserId(actor),
  };
}

/**
 * Rows of one read statement (`$1`… placeholders) as the context's actor: in the request's
 * transaction when there is one, else as a transaction of its own — one round trip either way for
 * a read on its own. Only for reads; changes go through `inTx`.
 */
export function read<R>(ctx: Ctx, text: string, params: readonly unknown[] = []): Promise<R[]> {
  return ctx.reads ? ctx.reads.rows<R>(text, params) : oneShot<R>(ctx.services.readPool, readSettingsOf(ctx.actor), text, params);
}

/** The tenant the context reads as (the ORM filters' parameter), or null. */
export function tenantOf(ctx: { actor: Actor }): string | null {
  return ctx.actor.type === 'member' || ctx.actor.type === 'customer' || ctx.actor.type === 'contractHolder' ? ctx.actor.tenantId : null;
}

/**
 * Abilities by actor: an ability is immutable once built (nothing calls `update`), and building one
 * costs more than the rest of a small request, so contexts of the same actor share it.
 */
const abilities = new Map<string, AppAbility>();
const MAX_ABILITIES = 10_000;
/** The same actor object (a cached session's) finds its ability without building the key. */
const byActor = new WeakMap<Actor, AppAbility>();

export function abilityOf(actor: Actor): AppAbility {
  const known = byActor.get(actor);
  if (known) return known;
  const key = JSON.stringify(actor);
  let ability = abilities.get(key);
  if (!ability) {
    if (abilities.size >= MAX_ABILITIES) abilities.clear();
    ability = defineAbilityFor(actor);
    abilities.set(key, ability);
  }
  byActor.set(actor, ability);
  return ability;
}

export function createCtx(services: AppServices, actor: Actor, principal: Principal | null, extra: Partial<Ctx> = {}): Ctx {
  const { em: givenEm, ...rest } = extra;
  let em = givenEm;
  const ctx: Ctx = {
    requestId: uuidv7(),
    actor,
    principal,
    ability: abilityOf(actor),
    // forked on first use: many requests (and every idle subscription) never need one
    get em() {
      return (em ??= services.orm.em.fork({ clear: true }));
    },
    services,
    clock: services.clock,
    cookies: null,
    userAgent: null,
    clientIp: null,
    sessionToken: null,
    loaders: new Map(),
    reads: null,
    ...rest,
  };
  return ctx;
}

export interface AuditInput {
  action: string;
  /** Who acted, when the context has no signed-in principal yet (sign-in itself). */
  actor?: { userId: string | null; name: string };
  entityType: string;
  entityId: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

export interface EventInput {
  type: string;
  entityType: string;
  entityId: string;
  fromState?: string | null;
  toState?: string | null;
  /** Tenants allowed to receive the event besides the owner tenant. */
  alsoTo?: string[];
  data?: Record<string, unknown>;
  /**
   * The changed record's attributes that read permissions look at (all of them, e.g. a claim's
   * tenantId, manufacturerId, region and status): a subscriber in the audience then receives the
   * event only if it may read such a record. Without it, the audience and the entity type decide.
   */
  subject?: Record<string, unknown>;
}

/**
 * A unit of work inside one database transaction with the tenant set for row-level security.
 * Audit rows and outbox events recorded here commit (or roll back) with the change itself.
 */
export class Tx {
  /** Whether this transaction wrote an outbox event (the dispatcher is woken after commit). */
  published = false;

  constructor(
    readonly em: EntityManager,
    readonly ctx: Ctx,
    readonly tenantId: string | null,
  ) {}

  audit(input: AuditInput, tenantId = this.requireTenant()): void {
    const row = Object.assign(new AuditEntry(), {
      id: uuidv7(),
      tenantId,
      actorUserId: input.actor ? input.actor.userId : actorUserId(this.ctx.actor),
      actorName:
        input.actor?.name ??
        this.ctx.principal?.displayName ??
        (this.ctx.actor.type === 'customer' ? 'customer (tracking link)' : this.ctx.actor.type === 'contractHolder' ? 'customer (contract link)' : 'system'),
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId,
      before: input.before ?? null,
      after: input.after ?? null,
      requestId: this.ctx.requestId,
      occurredAt: this.ctx.clock.now(),
    });
    this.em.persist(row);
  }

  publish(input: EventInput, tenantId = this.requireTenant()): void {
    this.published = true;
    const row = Object.assign(new OutboxEvent(), {
      id: uuidv7(),
      tenantId,
      audienceTenantIds: [...new Set([tenantId, ...(input.alsoTo ?? [])])],
      type: input.type,
      entityType: input.entityType,
      entityId: input.entityId,
      fromState: input.fromState ?? null,
      toState: input.toState ?? null,
      actorUserId: actorUserId(this.ctx.actor),
      data: input.data ?? {},
      subject: input.subject ?? null,
      occurredAt: this.ctx.clock.now(),
    });
    this.em.persist(row);
  }

  /** Audit and publish one change in one call: the usual case for a mutation. */
  record(change: AuditInput & Pick<EventInput, 'alsoTo' | 'fromState' | 'toState' | 'data' | 'subject'>, tenantId = this.requireTenant()): void {
    this.audit(change, tenantId);
    this.publish(
      {
        type: change.action,
        entityType: change.entityType,
        entityId: change.entityId,
        fromState: change.fromState,
        toState: change.toState,
        alsoTo: change.alsoTo,
        data: change.data,
        subject: change.subject,
      },
      tenantId,
    );
  }

  /** Switch the transaction to another tenant (platform flows that create a tenant). */
  async actAsTenant(tenantId: string): Promise<void> {
    await setTenantSettings(this.em, { tenantId, userId: null, platform: true });
    this.em.setFilterParams('tenant', { tenantId });
  }

  /**
   * Runs `fn` inside this transaction as another tenant — a fixed system step on that tenant's
   * behalf (the manufacturer's automatic claim checks run when the dealer submits) — and switches
   * back afterwards. Whatever `fn` changes must be flushed inside it: row-level security judges
   * the write under the tenant set at flush time. See docs/adr/0009-warranty-parties.md.
   */
  async actFor<T>(tenantId: string, fn: () => Promise<T>): Promise<T> {
    await setTenantSettings(this.em, { tenantId, userId: null, platform: false });
    this.em.setFilterParams('tenant', { tenantId });
    try {
      return await fn();
    } finally {
      await setTenantSettings(this.em, { tenantId: this.tenantId, userId: actorUserId(this.ctx.actor), platform: false });
      if (this.tenantId) this.em.setFilterParams('tenant', { tenantId: this.tenantId });
    }
  }

  private requireTenant(): string {
    if (!this.tenantId) throw new Error('No tenant in this transaction');
    return this.tenantId;
  }
}

async function setTenantSettings(em: EntityManager, s: { tenantId: string | null; userId: string | null; platform: boolean }): Promise<void> {
  await em.execute(`select set_config('app.tenant_id', ?, true), set_config('app.user_id', ?, true), set_config('app.platform', ?, true)`, [
    s.tenantId ?? '',
    s.userId ?? '',
    s.platform ? 'on' : '',
  ]);
}

export interface TxOptions {
  /** Platform operator flows (tenant creation) — only for platform actors. */
  platform?: boolean;
  /** For flows before sign-in completes: act inside this tenant. */
  tenantId?: string | null;
  userId?: string | null;
}

/**
 * Runs `fn` in one transaction with the actor's tenant set (`set_config(..., true)`, local to
 * the transaction), then, after commit, wakes the outbox dispatcher. Any error rolls back
 * everything, audit and events included.
 */
export async function inTx<T>(ctx: Ctx, fn: (tx: Tx) => Promise<T>, opts: TxOptions = {}): Promise<T> {
  const actor = ctx.actor;
  const tenantId =
    opts.tenantId !== undefined
      ? opts.tenantId
      : actor.type === 'member' || actor.type === 'customer' || actor.type === 'contractHolder'
        ? actor.tenantId
        : null;
  const userId = opts.userId !== undefined ? opts.userId : actorUserId(actor);
  if (opts.platform && actor.type !== 'platform') throw DomainError.forbidden();
  let published = false;
  // A fresh fork per transaction: entities loaded under one tenant setting (or partially, with
  // `fields`) never leak into another transaction through a shared identity map.
  const result = await ctx.em.fork({ clear: true }).transactional(async (em) => {
    await setTenantSettings(em, { tenantId, userId, platform: !!opts.platform });
    if (tenantId) em.setFilterParams('tenant', { tenantId });
    const tx = new Tx(em, ctx, tenantId);
    // an idempotent mutation claims its key first thing in its first transaction (platform/idempotency.ts)
    const value = await underIdempotencyKey(tx, () => fn(tx));
    published = tx.published;
    return value;
  });
  if (published) void ctx.services.dispatcher.kick();
  return result;
}
