/** Reading complaints: the inbox page, one complaint, its trail, the register of a period, the manufacturer's queue. */
import type { FilterQuery } from '@mikro-orm/postgresql';
import { accessibleWhere, asSubject } from '@asn/authz';
import { COMPLAINT_OPEN, DomainError, assertId } from '@asn/domain';
import { inTx, read, tenantOf, type Ctx } from '../../platform/context.js';
import { loader } from '../../platform/loaders.js';
import { emptyConnection, leanPage, type Connection } from '../../platform/graphql/common.js';
import { leanById } from '../../platform/db/lean.js';
import { primeTenantName, tenantVisibleSql } from '../tenants/tenant.service.js';
import { Complaint, ComplaintStep } from './complaint.entity.js';

export async function getComplaint(ctx: Ctx, id: string): Promise<Complaint> {
  assertId('id', id);
  const c = await leanById(ctx, Complaint, id.toLowerCase());
  if (!c || !ctx.ability.can('read', asSubject('Complaint', c))) throw DomainError.notFound('Complaint');
  return c;
}

/** The inbox's ageing filters: overdue to acknowledge, overdue to resolve, escalated, a recovery task open. */
export const COMPLAINT_AGEING = ['OVERDUE_TO_ACKNOWLEDGE', 'OVERDUE_TO_RESOLVE', 'ESCALATED', 'RECOVERY_OPEN', 'AWAITING_QUALITY_FINDING'] as const;
export type ComplaintAgeingFilter = (typeof COMPLAINT_AGEING)[number];

export interface ComplaintFilter {
  status?: string[] | null;
  category?: string[] | null;
  ageing?: ComplaintAgeingFilter | null;
  dealerId?: string | null;
  region?: string | null;
  repairOrderId?: string | null;
  number?: string | null;
}

function filterWhere(ctx: Ctx, filter: ComplaintFilter): FilterQuery<Complaint> | null {
  const where = accessibleWhere(ctx.ability, 'read', 'Complaint');
  if (!where) return null;
  const now = ctx.clock.now();
  const open = { status: { $in: [...COMPLAINT_OPEN] } };
  const and: FilterQuery<Complaint>[] = [where];
  if (filter.status?.length) and.push({ status: { $in: filter.status as Complaint['status'][] } });
  if (filter.category?.length) and.push({ category: { $in: filter.category as Complaint['category'][] } });
  if (filter.dealerId) and.push({ tenantId: assertId('filter.dealerId', filter.dealerId) });
  if (filter.region) and.push({ region: filter.region });
  if (filter.repairOrderId) and.push({ repairOrderId: assertId('filter.repairOrderId', filter.repairOrderId) });
  if (filter.number?.trim()) and.push({ number: filter.number.trim().toUpperCase() });
  switch (filter.ageing) {
    case 'OVERDUE_TO_ACKNOWLEDGE':
      and.push({ status: 'RECEIVED', ackDueAt: { $lt: now } });
      break;
    case 'OVERDUE_TO_RESOLVE':
      and.push({ ...open, resolveDueAt: { $lt: now } });
      break;
    case 'ESCALATED':
      and.push({ ...open, escalationLevel: { $gt: 0 } });
      break;
    case 'RECOVERY_OPEN':
      and.push({ recoveryDueAt: { $ne: null }, recoveryDoneAt: null });
      break;
    case 'AWAITING_QUALITY_FINDING':
      and.push({ manufacturerId: { $ne: null }, qualityAssessedAt: null, status: { $ne: 'CLOSED' } });
      break;
    default:
  }
  return { $and: and };
}

/** The inbox, newest first; each complaint's provider name comes in the page's own statement. */
export async function listComplaints(
  ctx: Ctx,
  filter: ComplaintFilter,
  page: { first?: number | null; after?: string | null },
): Promise<Connection<Complaint>> {
  const where = filterWhere(ctx, filter);
  if (!where) return emptyConnection();
  return leanPage(
    ctx,
    Complaint,
    where,
    { ...page, newestFirst: true },
    {
      wrap: (rows, tenant, order) =>
        `select p.*, d.name as along_dealer_name from (${rows}) p left join tenants d on d.id = p.tenant_id and ${tenantVisibleSql('d', tenant)} order by p.id ${order}`,
      seen: (row) => primeTenantName(ctx, row.tenant_id as string, (row.along_dealer_name as string | null) ?? null),
    },
  );
}

/** The register (客户投诉登记追踪表): every complaint received in [from, to), oldest first, at most 2 000. */
export async function complaintRegister(ctx: Ctx, range: { from: Date; to: Date }): Promise<Complaint[]> {
  if (!(range.to > range.from)) throw DomainError.badField('to', 'MUST_BE_FUTURE', {}, 'the end must come after the start');
  if (range.to.getTime() - range.from.getTime() > 370 * 86_400_000)
    throw DomainError.badField('to', 'OUT_OF_RANGE', { min: 1, max: 370, unit: 'DAYS' }, 'a register covers at most a year');
  const where = filterWhere(ctx, {});
  if (!where) return [];
  return inTx(ctx, (tx) =>
    tx.em.find(Complaint, { $and: [where, { receivedAt: { $gte: range.from, $lt: range.to } }] }, { orderBy: { receivedAt: 'asc', id: 'asc' }, limit: 2000 }),
  );
}

/** Each complaint's trail, batched (both parties read the same). */
export function stepsOfComplaint(ctx: Ctx) {
  return loader<string, ComplaintStep[]>(ctx, 'complaintSteps', async (ids) => {
    const rows = await inTx(ctx, (tx) => tx.em.find(ComplaintStep, { complaintId: { $in: [...ids] } }, { orderBy: { id: 'asc' } }));
    return ids.map((id) => rows.filter((s) => s.complaintId === id));
  });
}

/** Complaints by id, batched (a complaint names the one it follows). */
export function complaintById(ctx: Ctx) {
  return loader<string, Complaint | null>(ctx, 'complaintById', async (ids) => {
    const where = accessibleWhere(ctx.ability, 'read', 'Complaint');
    if (!where) return ids.map(() => null);
    const rows = await inTx(ctx, (tx) => tx.em.find(Complaint, { $and: [where, { id: { $in: [...ids] } }] }));
    return ids.map((id) => rows.find((c) => c.id === id) ?? null);
  });
}

export interface QueueRow {
  region: string | null;
  dealerId: string;
  dealerName: string | null;
  open: number;
  awaitingFinding: number;
  escalated: number;
  overdue: number;
  total: number;
}

/**
 * The manufacturer's quality queue by region and dealer: the complaints that reached it (product
 * quality, or escalated to it) — open, awaiting its finding, escalated, overdue — one statement.
 */
export async function qualityQueue(ctx: Ctx): Promise<QueueRow[]> {
  const me = tenantOf(ctx);
  const where = accessibleWhere(ctx.ability, 'read', 'Complaint');
  if (!me || !where || ctx.actor.type !== 'member' || ctx.actor.tenantKind !== 'MANUFACTURER') return [];
  const regions = ctx.actor.roles.every((r) => r === 'NETWORK_MANAGER') ? [...(ctx.actor.regions ?? [])] : null;
  const open = COMPLAINT_OPEN.map((s) => `'${s}'`).join(',');
  const rows = await read<{
    region: string | null;
    tenant_id: string;
    name: string | null;
    open: string;
    awaiting: string;
    escalated: string;
    overdue: string;
    total: string;
  }>(
    ctx,
    `select c.region, c.tenant_id, d.name,
            count(*) filter (where c.status in (${open})) as open,
            count(*) filter (where c.quality_assessed_at is null and c.status <> 'CLOSED') as awaiting,
            count(*) filter (where c.escalation_level >= 2 and c.status in (${open})) as escalated,
            count(*) filter (where c.status in (${open}) and c.resolve_due_at < $2) as overdue,
            count(*) as total
       from complaints c left join tenants d on d.id = c.tenant_id
      where c.manufacturer_id = $1 ${regions ? 'and c.region = any($3::text[])' : ''}
      group by c.region, c.tenant_id, d.name
      order by c.region nulls last, d.name`,
    regions ? [me, ctx.clock.now(), regions] : [me, ctx.clock.now()],
  );
  return rows.map((r) => ({
    region: r.region,
    dealerId: r.tenant_id,
    dealerName: r.name,
    open: Number(r.open),
    awaitingFinding: Number(r.awaiting),
    escalated: Number(r.escalated),
    overdue: Number(r.overdue),
    total: Number(r.total),
  }));
}
