/** Reading claims and their parts: the page, one claim, its lines, timeline and history, the returned-parts queue. */
import type { FilterQuery } from '@mikro-orm/postgresql';
import { accessibleWhere, asSubject } from '@asn/authz';
import { CLAIM_OPEN_FOR_REVIEW, DomainError, InputCheck, addDays, assertId, startOfLocalDay } from '@asn/domain';
import { tenantTimeZone } from '../../platform/tenant-time.js';
import { inTx, type Ctx } from '../../platform/context.js';
import { loader } from '../../platform/loaders.js';
import { emptyConnection, leanPage, paginate, type Connection } from '../../platform/graphql/common.js';
import { leanById, leanRows } from '../../platform/db/lean.js';
import { primeTenantName, tenantVisibleSql } from '../tenants/tenant.service.js';
import { normaliseVin } from '../warranty-catalogue/catalogue.service.js';
import { WarrantyClaim, WarrantyClaimEvent, WarrantyClaimLine } from './claim.entity.js';

export async function getClaim(ctx: Ctx, id: string): Promise<WarrantyClaim> {
  assertId('id', id);
  // the read path: one round trip, no EntityManager (a detached copy; changes load their own in inTx)
  const claim = await leanById(ctx, WarrantyClaim, id.toLowerCase());
  if (!claim || !ctx.ability.can('read', asSubject('WarrantyClaim', claim))) throw DomainError.notFound('Warranty claim');
  return claim;
}

export interface ClaimFilter {
  status?: string[] | null;
  dealerId?: string | null;
  region?: string | null;
  findingCode?: string | null;
  vin?: string | null;
  /** Only claims whose review is past the manufacturer's target. */
  overdue?: boolean | null;
  sanbaoEligible?: boolean | null;
  /** Only claims submitted more than this many hours ago (their age in the queue). */
  submittedHoursAgo?: number | null;
  /** Only claims decided from this local day (YYYY-MM-DD, the viewer's time zone) … */
  decidedFrom?: string | null;
  /** … to this one, inclusive (a figure's drill-down: the rejections of a period). */
  decidedTo?: string | null;
}

export async function listClaims(ctx: Ctx, filter: ClaimFilter, page: { first?: number | null; after?: string | null }): Promise<Connection<WarrantyClaim>> {
  const where = accessibleWhere(ctx.ability, 'read', 'WarrantyClaim');
  if (!where) return emptyConnection();
  const and: FilterQuery<WarrantyClaim>[] = [where];
  if (filter.status?.length) and.push({ status: { $in: filter.status as WarrantyClaim['status'][] } });
  if (filter.dealerId) and.push({ tenantId: assertId('filter.dealerId', filter.dealerId) });
  if (filter.region) and.push({ region: filter.region });
  if (filter.findingCode) and.push({ findingCodes: { $contains: [filter.findingCode] } });
  if (filter.vin) and.push({ vin: normaliseVin(filter.vin) });
  if (filter.sanbaoEligible != null) and.push({ sanbaoEligible: filter.sanbaoEligible });
  if (filter.overdue) and.push({ status: { $in: [...CLAIM_OPEN_FOR_REVIEW] }, reviewDueAt: { $lt: ctx.clock.now() } });
  if (filter.submittedHoursAgo != null) {
    const h = filter.submittedHoursAgo;
    if (!Number.isInteger(h) || h < 0 || h > 24 * 3660)
      throw DomainError.badInput([{ field: 'filter.submittedHoursAgo', message: 'must be a whole number of hours, 0 to 87840 (ten years)' }]);
    and.push({ submittedAt: { $lt: new Date(ctx.clock.now().getTime() - h * 3_600_000) } });
  }
  if (filter.decidedFrom || filter.decidedTo) {
    const check = new InputCheck();
    const from = filter.decidedFrom ? check.day('filter.decidedFrom', filter.decidedFrom) : undefined;
    const to = filter.decidedTo ? check.day('filter.decidedTo', filter.decidedTo) : undefined;
    check.done();
    const zone = await tenantTimeZone(ctx);
    if (from) and.push({ decidedAt: { $gte: startOfLocalDay(from, zone) } });
    if (to) and.push({ decidedAt: { $lt: startOfLocalDay(addDays(to, 1), zone) } });
  }
  // each claim's dealer name comes in the page's own statement (dealerName finds it loaded)
  return leanPage(
    ctx,
    WarrantyClaim,
    { $and: and },
    { ...page, newestFirst: true },
    {
      wrap: (rows, tenant, order) =>
        `select p.*, d.name as along_dealer_name from (${rows}) p left join tenants d on d.id = p.tenant_id and ${tenantVisibleSql('d', tenant)} order by p.id ${order}`,
      seen: (row) => primeTenantName(ctx, row.tenant_id as string, (row.along_dealer_name as string | null) ?? null),
    },
  );
}

export function linesOfClaim(ctx: Ctx) {
  return loader<string, WarrantyClaimLine[]>(ctx, 'claimLines', async (ids) => {
    const rows = await leanRows(ctx, WarrantyClaimLine, 'claimId', ids, ['claimId', 'position']);
    return ids.map((id) => rows.filter((l) => l.claimId === id));
  });
}

export function eventsOfClaim(ctx: Ctx) {
  return loader<string, WarrantyClaimEvent[]>(ctx, 'claimEvents', async (ids) => {
    const rows = await inTx(ctx, (tx) => tx.em.find(WarrantyClaimEvent, { claimId: { $in: [...ids] } }, { orderBy: { id: 'asc' } }));
    return ids.map((id) => rows.filter((e) => e.claimId === id));
  });
}

/** Other claims on the same VIN the actor may see (the manufacturer: all filed with it), newest first. */
export function claimHistory(ctx: Ctx) {
  return loader<string, WarrantyClaim[]>(ctx, 'claimHistory', async (keys) => {
    const where = accessibleWhere(ctx.ability, 'read', 'WarrantyClaim');
    if (!where) return keys.map(() => []);
    const pairs = keys.map((k) => k.split('|') as [string, string, string]);
    const rows = await inTx(ctx, (tx) =>
      tx.em.find(
        WarrantyClaim,
        { $and: [where, { $or: pairs.map(([m, vin]) => ({ manufacturerId: m, vin })) }] },
        { orderBy: { repairDate: 'desc', id: 'desc' }, limit: 200 },
      ),
    );
    return pairs.map(([m, vin, id]) => rows.filter((c) => c.manufacturerId === m && c.vin === vin && c.id !== id));
  });
}

/**
 * Lines whose part is asked back, newest (or oldest) first, paginated — for those who ship parts (the dealer's
 * clerks: their own) or receive them (the manufacturer's reviewers and quality engineers: those
 * sent to it). The ship/receive conditions name only `tenantId` / `manufacturerId`, which the line
 * carries as well, so they filter the lines directly (indexed, see migration 0013).
 */
export async function listReturnLines(
  ctx: Ctx,
  status: string[] | null | undefined,
  page: { first?: number | null; after?: string | null; newestFirst: boolean },
): Promise<Connection<WarrantyClaimLine>> {
  const action = ctx.ability.can('receive', 'WarrantyClaim') ? 'receive' : 'ship';
  const where = accessibleWhere(ctx.ability, action, 'WarrantyClaim');
  if (!where)
    throw DomainError.forbidden('Returned parts are worked by the dealer’s warranty and parts clerks and the manufacturer’s reviewers and quality engineers.');
  const returnStatus = status?.length ? { $in: status as WarrantyClaimLine['returnStatus'][] } : { $ne: 'NOT_REQUESTED' as const };
  return inTx(ctx, (tx) => paginate<WarrantyClaimLine, WarrantyClaimLine>(tx.em, WarrantyClaimLine, { $and: [where, { returnStatus }] }, page, (l) => l));
}

export function claimById(ctx: Ctx) {
  return loader<string, WarrantyClaim | null>(ctx, 'claimById', async (ids) => {
    const where = accessibleWhere(ctx.ability, 'read', 'WarrantyClaim');
    if (!where) return ids.map(() => null);
    const rows = await inTx(ctx, (tx) => tx.em.find(WarrantyClaim, { $and: [where, { id: { $in: [...ids] } }] }));
    return ids.map((id) => rows.find((c) => c.id === id) ?? null);
  });
}
