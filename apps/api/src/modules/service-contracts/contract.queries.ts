/** Reads of contracts and requests: lists by the reader's ability, children batched per page (no N+1). */
import { accessibleWhere, asSubject } from '@asn/authz';
import type { FilterQuery } from '@mikro-orm/postgresql';
import { DomainError, SERVICE_REQUEST_OPEN, addDays, type ContractState, type ServiceRequestState } from '@asn/domain';
import { inTx, read, tenantOf, type Ctx } from '../../platform/context.js';
import { leanRows } from '../../platform/db/lean.js';
import { rowMapper } from '../../platform/db/reads.js';
import { emptyConnection, leanPage, type Connection } from '../../platform/graphql/common.js';
import { loader } from '../../platform/loaders.js';
import { tenantDay } from '../../platform/tenant-time.js';
import { ContractConsumption, ContractEntitlement, ContractInspection, ContractVehicle, ServiceContract } from './contract.entity.js';
import { ServiceRequest, ServiceRequestStep, SlaClockRow } from './service-request.entity.js';

export interface ContractFilter {
  status?: ContractState | null;
  search?: string | null;
  expiringWithinDays?: number | null;
}

export async function listContracts(
  ctx: Ctx,
  filter: ContractFilter,
  page: { first?: number | null; after?: string | null },
): Promise<Connection<ServiceContract>> {
  const can = accessibleWhere(ctx.ability, 'read', 'ServiceContract');
  if (!can) return emptyConnection();
  const and: FilterQuery<ServiceContract>[] = [can];
  if (filter.status) and.push({ status: filter.status });
  if (filter.search?.trim()) {
    const q = `%${filter.search.trim().replace(/[%_\\]/g, (m) => `\\${m}`)}%`;
    and.push({ $or: [{ number: { $ilike: q } }, { title: { $ilike: q } }] });
  }
  if (filter.expiringWithinDays != null) {
    if (!Number.isInteger(filter.expiringWithinDays) || filter.expiringWithinDays < 0 || filter.expiringWithinDays > 366)
      throw DomainError.badField('filter.expiringWithinDays', 'OUT_OF_RANGE', { min: 0, max: 366, unit: 'DAYS' }, 'days from 0 to 366');
    const today = await inTx(ctx, (tx) => tenantDay(tx, ctx.clock.now()));
    and.push({ status: { $in: ['ACTIVE', 'SUSPENDED'] }, endsOn: { $lte: addDays(today, filter.expiringWithinDays) } });
  }
  return leanPage(ctx, ServiceContract, { $and: and }, { ...page, newestFirst: true });
}

export async function getContract(ctx: Ctx, id: string): Promise<ServiceContract> {
  const c = (await contractById(ctx).load(id)) ?? null;
  if (!c) throw DomainError.notFound('Service contract');
  return c;
}

/** Contracts by id the reader may read, batched. */
export function contractById(ctx: Ctx) {
  return loader<string, ServiceContract | null>(ctx, 'serviceContractById', async (ids) => {
    const rows = await leanRows(ctx, ServiceContract, 'id', ids);
    return ids.map((id) => rows.find((c) => c.id === id && ctx.ability.can('read', asSubject('ServiceContract', c))) ?? null);
  });
}

/**
 * Rows of `entity` matching `where` on the read path (for a batch leanRows cannot express: not by
 * one id column, or only some columns): the SQL MikroORM builds with the entity's tenant filter
 * applied, as leanPage does, sent in the request's read transaction (row-level security under it).
 */
async function leanWhere<E extends object>(
  ctx: Ctx,
  entity: abstract new (...args: never[]) => E,
  where: FilterQuery<E>,
  fields: string[] = ['*'],
): Promise<E[]> {
  const tenantId = tenantOf(ctx);
  if (!tenantId) return [];
  ctx.em.setFilterParams('tenant', { tenantId });
  const qb = ctx.em
    .createQueryBuilder(entity as never)
    .select(fields as never)
    .where(where as never);
  await qb.applyFilters(); // the ORM filter (tenant), exactly as em.find applies it
  const native = qb.getKnexQuery().toSQL().toNative();
  const rows = await read<Record<string, unknown>>(ctx, native.sql, native.bindings as unknown[]);
  return rows.map(rowMapper(ctx.services.orm, entity));
}

/** Groups rows by their contract, in the order the ids were asked. */
function byContract<T extends { contractId: string }>(ids: readonly string[], rows: readonly T[]): T[][] {
  return ids.map((id) => rows.filter((r) => r.contractId === id));
}

/** Newest first by `at` (the read path orders by ascending columns). */
const newestFirst = <T>(rows: T[], at: (row: T) => Date): T[] => rows.sort((a, b) => at(b).getTime() - at(a).getTime());

// the children of contracts, each batch one statement in the request's read transaction
export const vehiclesOf = (ctx: Ctx) =>
  loader<string, ContractVehicle[]>(ctx, 'contractVehicles', async (ids) => byContract(ids, await leanRows(ctx, ContractVehicle, 'contractId', ids, ['vin'])));
export const entitlementsOf = (ctx: Ctx) =>
  loader<string, ContractEntitlement[]>(ctx, 'contractEntitlements', async (ids) =>
    byContract(ids, await leanRows(ctx, ContractEntitlement, 'contractId', ids, ['position'])),
  );
export const inspectionsOf = (ctx: Ctx) =>
  loader<string, ContractInspection[]>(ctx, 'contractInspections', async (ids) =>
    byContract(
      ids,
      newestFirst(await leanRows(ctx, ContractInspection, 'contractId', ids), (i) => i.performedAt),
    ),
  );
export const consumptionsOf = (ctx: Ctx) =>
  loader<string, ContractConsumption[]>(ctx, 'contractConsumptions', async (ids) =>
    byContract(
      ids,
      newestFirst(await leanRows(ctx, ContractConsumption, 'contractId', ids), (c) => c.createdAt),
    ),
  );

/** Every version of a contract's number the reader may read (newest first). */
export function versionsOf(ctx: Ctx) {
  return loader<string, ServiceContract[]>(ctx, 'contractVersions', async (keys) => {
    const pairs = keys.map((k) => k.split('|') as [string, string]);
    const rows = await leanWhere<ServiceContract>(ctx, ServiceContract, { $or: pairs.map(([tenantId, number]) => ({ tenantId, number })) });
    const readable = rows.filter((c) => ctx.ability.can('read', asSubject('ServiceContract', c))).sort((a, b) => b.versionNo - a.versionNo);
    return pairs.map(([tenantId, number]) => readable.filter((r) => r.tenantId === tenantId && r.number === number));
  });
}

/** Open requests per contract (the list's column), one statement per page. */
export function openRequestsOf(ctx: Ctx) {
  return loader<string, number>(ctx, 'contractOpenRequests', async (ids) => {
    const rows = await leanWhere<ServiceRequest>(ctx, ServiceRequest, { contractId: { $in: [...ids] }, status: { $in: [...SERVICE_REQUEST_OPEN] } }, [
      'id',
      'contractId',
    ]);
    return ids.map((id) => rows.filter((r) => r.contractId === id).length);
  });
}

// ---------------------------------------------------------------------------------------------

export interface RequestFilter {
  open?: boolean | null;
  breached?: boolean | null;
  status?: ServiceRequestState | null;
  contractId?: string | null;
}

export async function listRequests(
  ctx: Ctx,
  filter: RequestFilter,
  page: { first?: number | null; after?: string | null },
): Promise<Connection<ServiceRequest>> {
  const can = accessibleWhere(ctx.ability, 'read', 'ServiceRequest');
  if (!can) return emptyConnection();
  const and: FilterQuery<ServiceRequest>[] = [can];
  if (filter.open) and.push({ status: { $in: [...SERVICE_REQUEST_OPEN] } });
  if (filter.status) and.push({ status: filter.status });
  if (filter.contractId) and.push({ contractId: filter.contractId });
  if (filter.breached) {
    const breached = await inTx(ctx, (tx) => tx.em.find(SlaClockRow, { breachedAt: { $ne: null } }, { fields: ['requestId'], limit: 5000 }));
    and.push({ id: { $in: [...new Set(breached.map((c) => c.requestId))] } });
  }
  return leanPage(ctx, ServiceRequest, { $and: and }, { ...page, newestFirst: true });
}

export async function getRequest(ctx: Ctx, id: string): Promise<ServiceRequest> {
  const where = accessibleWhere(ctx.ability, 'read', 'ServiceRequest');
  const r = where ? await inTx(ctx, (tx) => tx.em.findOne(ServiceRequest, { $and: [where, { id }] })) : null;
  if (!r) throw DomainError.notFound('Service request');
  return r;
}

/** The clocks of each request, batched on the read path. */
export function clocksOfRequest(ctx: Ctx) {
  return loader<string, SlaClockRow[]>(ctx, 'slaClocks', async (ids) => {
    const rows = await leanRows(ctx, SlaClockRow, 'requestId', ids);
    return ids.map((id) => rows.filter((r) => r.requestId === id));
  });
}

/** The trail of each request (oldest first), batched on the read path. */
export function stepsOfRequest(ctx: Ctx) {
  return loader<string, ServiceRequestStep[]>(ctx, 'serviceRequestSteps', async (ids) => {
    const rows = await leanRows(ctx, ServiceRequestStep, 'requestId', ids);
    return ids.map((id) => rows.filter((r) => r.requestId === id));
  });
}
