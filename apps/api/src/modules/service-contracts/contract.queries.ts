/** Reads of contracts and requests: lists by the reader's ability, children batched per page (no N+1). */
import { accessibleWhere } from '@asn/authz';
import type { FilterQuery } from '@mikro-orm/postgresql';
import { DomainError, SERVICE_REQUEST_OPEN, addDays, type ContractState, type ServiceRequestState } from '@asn/domain';
import { inTx, type Ctx } from '../../platform/context.js';
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
    const where = accessibleWhere(ctx.ability, 'read', 'ServiceContract');
    if (!where) return ids.map(() => null);
    const rows = await inTx(ctx, (tx) => tx.em.find(ServiceContract, { $and: [where, { id: { $in: [...ids] } }] }));
    return ids.map((id) => rows.find((c) => c.id === id) ?? null);
  });
}

/** Groups rows by their contract, in the order the ids were asked. */
function byContract<T extends { contractId: string }>(ids: readonly string[], rows: readonly T[]): T[][] {
  return ids.map((id) => rows.filter((r) => r.contractId === id));
}

export const vehiclesOf = (ctx: Ctx) =>
  loader<string, ContractVehicle[]>(ctx, 'contractVehicles', async (ids) =>
    byContract(ids, await inTx(ctx, (tx) => tx.em.find(ContractVehicle, { contractId: { $in: [...ids] } }, { orderBy: { vin: 'asc' } }))),
  );
export const entitlementsOf = (ctx: Ctx) =>
  loader<string, ContractEntitlement[]>(ctx, 'contractEntitlements', async (ids) =>
    byContract(ids, await inTx(ctx, (tx) => tx.em.find(ContractEntitlement, { contractId: { $in: [...ids] } }, { orderBy: { position: 'asc' } }))),
  );
export const inspectionsOf = (ctx: Ctx) =>
  loader<string, ContractInspection[]>(ctx, 'contractInspections', async (ids) =>
    byContract(ids, await inTx(ctx, (tx) => tx.em.find(ContractInspection, { contractId: { $in: [...ids] } }, { orderBy: { performedAt: 'desc' } }))),
  );
export const consumptionsOf = (ctx: Ctx) =>
  loader<string, ContractConsumption[]>(ctx, 'contractConsumptions', async (ids) =>
    byContract(ids, await inTx(ctx, (tx) => tx.em.find(ContractConsumption, { contractId: { $in: [...ids] } }, { orderBy: { createdAt: 'desc' } }))),
  );

/** Every version of a contract's number the reader may read (newest first). */
export function versionsOf(ctx: Ctx) {
  return loader<string, ServiceContract[]>(ctx, 'contractVersions', async (keys) => {
    const where = accessibleWhere(ctx.ability, 'read', 'ServiceContract');
    if (!where) return keys.map(() => []);
    const pairs = keys.map((k) => k.split('|'));
    const rows = await inTx(ctx, (tx) =>
      tx.em.find(
        ServiceContract,
        { $and: [where, { $or: pairs.map(([tenantId, number]) => ({ tenantId, number })) }] },
        {
          orderBy: { versionNo: 'desc' },
        },
      ),
    );
    return pairs.map(([tenantId, number]) => rows.filter((r) => r.tenantId === tenantId && r.number === number));
  });
}

/** Open requests per contract (the list's column), one statement per page. */
export function openRequestsOf(ctx: Ctx) {
  return loader<string, number>(ctx, 'contractOpenRequests', async (ids) => {
    const rows = await inTx(ctx, (tx) =>
      tx.em.find(ServiceRequest, { contractId: { $in: [...ids] }, status: { $in: [...SERVICE_REQUEST_OPEN] } }, { fields: ['id', 'contractId'] }),
    );
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

export function clocksOfRequest(ctx: Ctx) {
  return loader<string, SlaClockRow[]>(ctx, 'slaClocks', async (ids) => {
    const rows = await inTx(ctx, (tx) => tx.em.find(SlaClockRow, { requestId: { $in: [...ids] } }));
    return ids.map((id) => rows.filter((r) => r.requestId === id));
  });
}

export function stepsOfRequest(ctx: Ctx) {
  return loader<string, ServiceRequestStep[]>(ctx, 'serviceRequestSteps', async (ids) => {
    const rows = await inTx(ctx, (tx) => tx.em.find(ServiceRequestStep, { requestId: { $in: [...ids] } }, { orderBy: { id: 'asc' } }));
    return ids.map((id) => rows.filter((r) => r.requestId === id));
  });
}
