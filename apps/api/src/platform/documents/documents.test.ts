import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EntitySchema } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { abilityFromRules } from '@asn/authz';
import { DomainError, defineMachine } from '@asn/domain';
import { startTestApi, type TestApi } from '../../test/harness.js';
import { appUrlFor, APP_DB_ROLE } from '../config.js';
import { entities as platformEntities } from '../db/entities.js';
import { createCtx, inTx, type Ctx } from '../context.js';
import { defineDocument } from './declare.js';
import { allowedEvents, create, load, move } from './lifecycle.js';
import { declaredAccess, liveAccess } from './rls.js';

/**
 * The document layer on a toy document declared here: a two-party "toy order" the owner works
 * and its partner may read and comment on. Everything the layer gives a declaration is checked
 * against the real database: the party filter, the row-level security it implies, load's
 * answers, what a move writes (state, timeline, audit, outbox, timers) and allowedEvents.
 */
class ToyOrder {
  id!: string;
  tenantId!: string;
  partnerId!: string;
  number!: string;
  status!: ToyState;
  note: string | null = null;
  version = 1;
}
class ToyStep {
  id!: string;
  tenantId!: string;
  partnerId!: string;
  orderId!: string;
  action!: string;
  toState: string | null = null;
}
type ToyState = 'OPEN' | 'RUNNING' | 'DONE' | 'CANCELLED';
type ToyEvent = 'START' | 'FINISH' | 'CANCEL';

const ToySchema = new EntitySchema<ToyOrder>({
  class: ToyOrder,
  tableName: 'toy_orders',
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    partnerId: { type: 'uuid' },
    number: { type: 'string' },
    status: { type: 'string' },
    note: { type: 'string', nullable: true },
    version: { type: 'integer', version: true },
  },
});
const ToyStepSchema = new EntitySchema<ToyStep>({
  class: ToyStep,
  tableName: 'toy_steps',
  properties: {
    id: { type: 'uuid', primary: true },
    tenantId: { type: 'uuid' },
    partnerId: { type: 'uuid' },
    orderId: { type: 'uuid' },
    action: { type: 'string' },
    toState: { type: 'string', nullable: true },
  },
});

const toyMachine = defineMachine<ToyState, ToyEvent>({
  name: 'Toy order',
  document: 'ToyOrder',
  initial: 'OPEN',
  events: ['START', 'FINISH', 'CANCEL'],
  table: { OPEN: { START: 'RUNNING', CANCEL: 'CANCELLED' }, RUNNING: { FINISH: 'DONE', CANCEL: 'CANCELLED' }, DONE: {}, CANCELLED: {} },
});

const REMINDER = 'toyOrder.reminder';
const Toy = defineDocument<ToyOrder, ToyState, ToyEvent>({
  type: 'ToyOrder' as never,
  eventPrefix: 'toyOrder',
  schema: ToySchema,
  machine: toyMachine,
  counterparty: 'partnerId',
  // the partner reads and comments (its steps go to the shared timeline) but changes nothing
  access: { update: ['owner'] },
  children: [{ schema: ToyStepSchema, access: { insert: ['owner', 'counterparty'], update: [] } }],
  eventActions: { START: 'work', FINISH: 'work', CANCEL: 'cancel' },
  numberSeries: 'TOY',
  timers: [{ kind: REMINDER, start: ['RUNNING'], plan: (_doc, now) => [{ runAt: new Date(now.getTime() + 3_600_000) }] }],
  timeline: (tx, doc, step) =>
    tx.em.persist(
      Object.assign(new ToyStep(), {
        id: crypto.randomUUID(),
        tenantId: doc.tenantId,
        partnerId: doc.partnerId,
        orderId: doc.id,
        action: step.action,
        toState: step.to,
      }),
    ),
});

const SQL = `
create table toy_orders (id uuid primary key, tenant_id uuid not null references tenants(id), partner_id uuid not null references tenants(id),
  number text not null, status text not null, note text, version int not null default 1);
create index toy_orders_tenant on toy_orders (tenant_id, id);
create index toy_orders_partner on toy_orders (partner_id, id);
alter table toy_orders enable row level security;
alter table toy_orders force row level security;
create policy toy_orders_read on toy_orders for select using (tenant_id = app_current_tenant() or partner_id = app_current_tenant());
create policy toy_orders_insert on toy_orders for insert with check (tenant_id = app_current_tenant());
create policy toy_orders_update on toy_orders for update using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
grant select, insert, update on toy_orders to asn_app;
create table toy_steps (id uuid primary key, tenant_id uuid not null, partner_id uuid not null, order_id uuid not null, action text not null, to_state text);
alter table toy_steps enable row level security;
alter table toy_steps force row level security;
create policy toy_steps_read on toy_steps for select using (tenant_id = app_current_tenant() or partner_id = app_current_tenant());
create policy toy_steps_insert on toy_steps for insert with check (tenant_id = app_current_tenant() or partner_id = app_current_tenant());
grant select, insert on toy_steps to asn_app;`;

let t: TestApi;
let orm: MikroORM;
let owner: string;
let partner: string;
let stranger: string;

/** A context for a member of `tenantId` allowed `actions` on toy orders of its own (owner) or read on those it partners in. */
function ctxOf(tenantId: string, actions: string[]): Ctx {
  const ability = abilityFromRules([
    { action: 'read', subject: 'ToyOrder', conditions: { tenantId } },
    { action: 'read', subject: 'ToyOrder', conditions: { partnerId: tenantId } },
    ...actions.map((action) => ({ action, subject: 'ToyOrder', conditions: { tenantId } })),
  ]);
  const actor = { type: 'member' as const, userId: crypto.randomUUID(), tenantId, tenantKind: 'DEALER' as never, roles: [] };
  const ctx = createCtx({ ...t.api.services, orm }, actor, null);
  return Object.assign(ctx, { ability });
}

beforeAll(async () => {
  t = await startTestApi();
  await t.sql(SQL);
  orm = await MikroORM.init({
    clientUrl: appUrlFor(t.db.url),
    entities: [...platformEntities, ToySchema, ToyStepSchema],
    discovery: { warnWhenNoEntities: false },
    allowGlobalContext: false,
    pool: { min: 0, max: 3 },
  });
  [owner, partner, stranger] = await Promise.all([t.tenantId('DLR-E1'), t.tenantId('OEM-HY'), t.tenantId('DLR-E2')]);
}, 120_000);
afterAll(async () => {
  await orm?.close(true);
  await t?.stop();
});

const newToy = (ctx: Ctx) => inTx(ctx, (tx) => create(tx, Toy, { tenantId: owner, partnerId: partner, status: 'OPEN', note: null }));

describe('a document declared once', () => {
  it('gives the party filter: owner and partner find it, another tenant does not (ORM filter and RLS alike)', async () => {
    const toy = await newToy(ctxOf(owner, ['work', 'cancel']));
    expect(toy.number).toMatch(/^TOY-\d{4}-\d{6}$/);
    expect(toy.status).toBe('OPEN');
    for (const [tenant, sees] of [
      [owner, 1],
      [partner, 1],
      [stranger, 0],
    ] as const) {
      const found = await inTx(ctxOf(tenant, []), (tx) => tx.em.find(ToySchema, { id: toy.id }));
      expect(found).toHaveLength(sees);
      // the database itself, without the ORM's filter
      expect(await t.appSql('select id from toy_orders where id = $1', [toy.id], tenant)).toHaveLength(sees);
    }
  });

  it('gives one RLS expectation that matches the live policies, and notices when they drift', async () => {
    const expected = declaredAccess(orm, Toy as never);
    const live = await Promise.all(expected.map((e) => liveAccess(orm, e.table, APP_DB_ROLE)));
    expect(live).toEqual(expected);
    expect(expected[0]!.commands).toEqual({ select: ['partner_id', 'tenant_id'], insert: ['tenant_id'], update: ['tenant_id'], delete: [] });
    // a migration that lets the partner update, or forgets FORCE, no longer matches the declaration
    await t.sql(
      `create policy toy_orders_partner_update on toy_orders for update using (partner_id = app_current_tenant()) with check (partner_id = app_current_tenant())`,
    );
    await t.sql(`alter table toy_steps no force row level security`);
    try {
      const drifted = await Promise.all(expected.map((e) => liveAccess(orm, e.table, APP_DB_ROLE)));
      expect(drifted[0]!.commands.update).toEqual(['partner_id', 'tenant_id']);
      expect(drifted[1]!.forced).toBe(false);
      expect(drifted).not.toEqual(expected);
    } finally {
      await t.sql(`drop policy toy_orders_partner_update on toy_orders; alter table toy_steps force row level security`);
    }
  });

  it('loads with the same answers for every document: NOT_FOUND, FORBIDDEN with its reason, CONFLICT on a stale version', async () => {
    const toy = await newToy(ctxOf(owner, ['work', 'cancel']));
    const refusal = async (ctx: Ctx, id: string, action: 'work' | 'cancel', version?: number) => {
      try {
        await inTx(ctx, (tx) => load(tx, Toy, id, action, version));
        return null;
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        return { code: e.code, reason: e.reason ?? null, params: e.details?.params ?? null };
      }
    };
    expect(await refusal(ctxOf(owner, ['work']), crypto.randomUUID(), 'work')).toEqual({ code: 'NOT_FOUND', reason: null, params: null });
    expect(await refusal(ctxOf(stranger, ['work', 'cancel']), toy.id, 'work')).toEqual({ code: 'NOT_FOUND', reason: null, params: null });
    expect(await refusal(ctxOf(partner, []), toy.id, 'cancel')).toEqual({
      code: 'FORBIDDEN',
      reason: 'ACTION_NOT_ALLOWED',
      params: { document: 'ToyOrder', action: 'cancel' },
    });
    // the partner cannot lock the row (no update policy for it) but still reads it
    expect((await inTx(ctxOf(partner, []), (tx) => load(tx, Toy, toy.id, 'read'))).number).toBe(toy.number);
    expect(await refusal(ctxOf(owner, ['work']), toy.id, 'work', 7)).toEqual({
      code: 'CONFLICT',
      reason: 'STALE_VERSION',
      params: { document: 'ToyOrder', number: toy.number, currentVersion: toy.version },
    });
    expect(await refusal(ctxOf(owner, ['work']), toy.id, 'work', toy.version)).toBeNull();
  });

  it('moves through the machine and writes the state, timeline, audit and outbox to both parties, and plans and cancels timers', async () => {
    const ctx = ctxOf(owner, ['work', 'cancel']);
    const toy = await newToy(ctx);
    await inTx(ctx, async (tx) => move(tx, Toy, await load(tx, Toy, toy.id, 'work', toy.version), 'START', { note: 'go', data: { bay: 3 } }));
    const [row] = await t.sql('select status, version from toy_orders where id = $1', [toy.id]);
    expect(row).toEqual({ status: 'RUNNING', version: 2 });
    expect(await t.sql('select action, to_state from toy_steps where order_id = $1 order by action', [toy.id])).toEqual([
      { action: 'START', to_state: 'RUNNING' },
      { action: 'created', to_state: 'OPEN' },
    ]);
    const [audit] = await t.sql(`select tenant_id, before, after from audit_log where entity_id = $1 and action = 'toyOrder.START'`, [toy.id]);
    expect(audit.tenant_id).toBe(owner);
    expect(audit.before).toEqual({ number: toy.number, status: 'OPEN' });
    expect(audit.after).toMatchObject({ number: toy.number, status: 'RUNNING', bay: 3 });
    const [event] = await t.sql(
      `select audience_tenant_ids, from_state, to_state, subject, data from outbox where entity_id = $1 and type = 'toyOrder.START'`,
      [toy.id],
    );
    expect(event.audience_tenant_ids.sort()).toEqual([owner, partner].sort());
    expect(event).toMatchObject({
      from_state: 'OPEN',
      to_state: 'RUNNING',
      subject: { tenantId: owner, partnerId: partner },
      data: { number: toy.number, status: 'RUNNING', bay: 3 },
    });
    const timers = () => t.sql(`select status from jobs where kind = $1 and dedupe_key = $2 order by created_at, id`, [REMINDER, `${REMINDER}:${toy.id}`]);
    expect((await timers()).map((j) => j.status)).toEqual(['PENDING']);
    // leaving the state that started the timer cancels it
    await inTx(ctx, async (tx) => move(tx, Toy, await load(tx, Toy, toy.id, 'work', 2), 'FINISH'));
    expect((await timers()).map((j) => j.status)).toEqual(['CANCELLED']);
    // a move the machine does not allow names the document, its number, its state and what is allowed
    const wrong = await inTx(ctx, async (tx) => move(tx, Toy, await load(tx, Toy, toy.id, 'cancel', 3), 'CANCEL')).catch((e: DomainError) => e);
    expect(wrong).toBeInstanceOf(DomainError);
    expect((wrong as DomainError).code).toBe('INVALID_TRANSITION');
    expect((wrong as DomainError).details).toMatchObject({
      reason: 'WRONG_STATUS',
      params: { document: 'ToyOrder', number: toy.number, status: 'DONE', event: 'CANCEL', allowed: [] },
    });
    expect((await t.sql('select status from toy_orders where id = $1', [toy.id]))[0].status).toBe('DONE');
  });

  it('tells each role which events it may fire now (what the portal shows as buttons)', async () => {
    const toy = await newToy(ctxOf(owner, ['work', 'cancel']));
    expect(allowedEvents(ctxOf(owner, ['work', 'cancel']), Toy, toy)).toEqual(['START', 'CANCEL']);
    expect(allowedEvents(ctxOf(owner, ['work']), Toy, toy)).toEqual(['START']);
    expect(allowedEvents(ctxOf(partner, []), Toy, toy)).toEqual([]);
    expect(allowedEvents(ctxOf(owner, ['work', 'cancel']), Toy, Object.assign(new ToyOrder(), toy, { status: 'DONE' as const }))).toEqual([]);
  });
});
