import { accessibleWhere } from '@asn/authz';
import { ErrorCode, RelationshipKind, TENANT_KINDS } from '@asn/domain';
import { ADMIN_ROLE_BY_KIND, DEFAULT_TIME_ZONE, DomainError, InputCheck, assertId, isTenantKind, isTimeZone, uuidv7 } from '@asn/domain';
import { inTx, read, tenantOf, type Ctx } from '../../platform/context.js';
import { Relationship, Tenant, User } from '../../platform/db/entities.js';
import { paginate, type Connection } from '../../platform/graphql/common.js';
import { hashPassword } from '../../platform/auth/tokens.js';
import { byKeys, loader } from '../../platform/loaders.js';

const CODE = /^[A-Z0-9][A-Z0-9-]{1,31}$/;

export interface CreateTenantData {
  kind: string;
  name: string;
  code: string;
  timezone?: string | null;
  currency?: string | null;
  adminEmail: string;
  adminDisplayName: string;
  adminPassword: string;
}

/** Platform operator creates a tenant and its first admin in one transaction. */
export async function createTenant(ctx: Ctx, input: CreateTenantData): Promise<{ tenant: Tenant; admin: User }> {
  const check = new InputCheck();
  if (!isTenantKind(input.kind))
    check.because('input.kind', 'NOT_ONE_OF', { value: input.kind ?? '', allowed: TENANT_KINDS }, `"${input.kind}" is not a tenant kind`);
  const name = check.required('input.name', input.name, 120);
  const code = check.required('input.code', input.code, 32).toUpperCase();
  if (code && !CODE.test(code))
    check.because('input.code', 'NOT_A_CODE', { value: code, min: 2, max: 32, dots: false }, 'use 2–32 letters, digits or dashes (e.g. DLR-E1)');
  const timezone = input.timezone?.trim() || DEFAULT_TIME_ZONE;
  if (!isTimeZone(timezone)) check.because('input.timezone', 'NOT_A_TIME_ZONE', { value: timezone }, `"${timezone}" is not an IANA time zone`);
  const currency = (input.currency?.trim() || 'CNY').toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) check.because('input.currency', 'NOT_A_CURRENCY', { value: currency }, 'must be a 3-letter ISO-4217 code');
  const email = check.email('input.adminEmail', input.adminEmail);
  const displayName = check.required('input.adminDisplayName', input.adminDisplayName, 80);
  const password = check.password('input.adminPassword', input.adminPassword);
  check.done();
  if (!isTenantKind(input.kind)) throw new Error('unreachable');
  const kind = input.kind;
  const passwordHash = await hashPassword(password);

  return inTx(
    ctx,
    async (tx) => {
      const existing = await tx.em.findOne(Tenant, { code });
      if (existing)
        throw DomainError.because(ErrorCode.CONFLICT, 'DUPLICATE', { what: 'TENANT_CODE', value: code }, `A tenant with code ${code} already exists.`);
      const now = ctx.clock.now();
      const tenant = Object.assign(new Tenant(), { id: uuidv7(), kind, name, code, timezone, currency, createdAt: now });
      tx.em.persist(tenant);
      await tx.em.flush();
      await tx.actAsTenant(tenant.id);
      const admin = Object.assign(new User(), {
        id: uuidv7(),
        tenantId: tenant.id,
        email,
        passwordHash,
        displayName,
        roles: [ADMIN_ROLE_BY_KIND[kind]],
        createdAt: now,
        updatedAt: now,
      });
      tx.em.persist(admin);
      await tx.em.flush();
      tx.record({ action: 'tenant.created', entityType: 'Tenant', entityId: tenant.id, after: { kind, name, code, timezone, currency } }, tenant.id);
      tx.record({ action: 'user.invited', entityType: 'User', entityId: admin.id, after: { email, displayName, roles: admin.roles } }, tenant.id);
      return { tenant, admin };
    },
    { platform: true, tenantId: null },
  );
}

/**
 * The tenants a member may see: its own and those it has a relationship with (checked here and,
 * independently, by the database policy on `tenants`).
 */
export async function visibleTenantIds(em: Ctx['em'], ctx: Ctx): Promise<string[]> {
  if (ctx.actor.type !== 'member') return [];
  const own = ctx.actor.tenantId;
  const where = accessibleWhere(ctx.ability, 'read', 'Relationship');
  const rels = where ? await em.find(Relationship, where, { fields: ['fromTenantId', 'toTenantId'] }) : [];
  return [...new Set([own, ...rels.flatMap((r) => [r.fromTenantId, r.toTenantId])])];
}

/** Platform: every tenant. Member: its own tenant and its counterparties (RLS narrows it). */
export async function listTenants(ctx: Ctx, args: { first?: number | null; after?: string | null }): Promise<Connection<Tenant>> {
  return inTx(
    ctx,
    async (tx) => {
      if (ctx.actor.type === 'platform') return paginate(tx.em, Tenant, {}, args, (t) => t);
      return paginate(tx.em, Tenant, { id: { $in: await visibleTenantIds(tx.em, ctx) } }, args, (t) => t);
    },
    { platform: ctx.actor.type === 'platform' },
  );
}

export async function getTenant(ctx: Ctx, id: string): Promise<Tenant> {
  assertId('id', id);
  const tenant = await inTx(
    ctx,
    async (tx) => {
      if (ctx.actor.type === 'platform') return tx.em.findOne(Tenant, { id });
      const visible = await visibleTenantIds(tx.em, ctx);
      return visible.includes(id) ? tx.em.findOne(Tenant, { id }) : null;
    },
    { platform: ctx.actor.type === 'platform' },
  );
  if (!tenant) throw DomainError.notFound('Tenant');
  return tenant;
}

/**
 * The signed-in member's own tenant, and whether a manufacturer authorises it (a dealer
 * authorisation naming it, current or past): a workshop without one has no warranty to file.
 * One transaction, one relationship read (the `me` of every page asks).
 */
export async function getOwnTenant(ctx: Ctx, id: string): Promise<{ tenant: Tenant; authorisedByManufacturer: boolean }> {
  assertId('id', id);
  const found = await inTx(ctx, async (tx) => {
    const where = accessibleWhere(ctx.ability, 'read', 'Relationship');
    const rels = where ? await tx.em.find(Relationship, where, { fields: ['kind', 'toTenantId'] }) : [];
    const tenant = await tx.em.findOne(Tenant, { id });
    return tenant ? { tenant, authorisedByManufacturer: rels.some((r) => r.kind === RelationshipKind.DEALER_AUTHORIZATION && r.toTenantId === id) } : null;
  });
  if (!found) throw DomainError.notFound('Tenant');
  return found;
}

/** Batched tenant lookup for field resolvers; only tenants the actor may see come back. */
export function tenantLoader(ctx: Ctx) {
  return loader<string, Tenant>(ctx, 'tenantById', async (ids) =>
    inTx(
      ctx,
      async (tx) => {
        const allowed = ctx.actor.type === 'platform' ? [...ids] : (await visibleTenantIds(tx.em, ctx)).filter((id) => ids.includes(id));
        const rows = allowed.length ? await tx.em.find(Tenant, { id: { $in: allowed } }) : [];
        return byKeys(ids, rows, (t) => t.id);
      },
      { platform: ctx.actor.type === 'platform' },
    ),
  );
}

/**
 * A tenant's name, for the caller's own tenant and its counterparties (as `tenantLoader`), batched
 * on the read path: one statement for every name of a response.
 */
export async function tenantName(ctx: Ctx, id: string): Promise<string | null> {
  if (ctx.actor.type === 'platform') return (await tenantLoader(ctx).load(id))?.name ?? null;
  return tenantNames(ctx).load(id);
}

function tenantNames(ctx: Ctx) {
  return loader<string, string>(ctx, 'tenantNames', async (ids) => {
    const own = tenantOf(ctx);
    if (!own) return ids.map(() => null);
    // the counterparties test of visibleTenantIds, in SQL (row-level security applies the same again)
    const rows = await read<{ id: string; name: string }>(
      ctx,
      `select t.id, t.name from tenants t where t.id = any($1::uuid[]) and ${tenantVisibleSql('t', '$2')}`,
      [ids, own],
    );
    return byKeys(ids, rows, (r) => r.id).map((r) => r?.name ?? null);
  });
}

/**
 * Whether the tenant row `alias` is one the reader (tenant `$param`) may see: its own or a
 * counterparty — visibleTenantIds' rule in SQL (row-level security applies the same again).
 */
export function tenantVisibleSql(alias: string, param: string): string {
  return `(${alias}.id = ${param} or exists (select 1 from relationships r
            where (r.from_tenant_id = ${param} and r.to_tenant_id = ${alias}.id) or (r.to_tenant_id = ${param} and r.from_tenant_id = ${alias}.id)))`;
}

/** A name read along with other rows (a claim list's dealers), so `tenantName` needs no statement. */
export function primeTenantName(ctx: Ctx, id: string, name: string | null): void {
  if (ctx.actor.type !== 'platform') tenantNames(ctx).prime(id, name);
}
