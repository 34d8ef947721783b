/**
 * Reading supervision: warnings and plans each side may read (its own as the manufacturer, those
 * against it as the dealer), their trails and daily checks, and the weekly service-quality report
 * (《服务质量周报》) of a dealer: its complaints of the week the viewer may read, and the week's
 * follow-up and satisfaction figures (never the follow-up records, which stay the dealer's).
 */
import type { FilterQuery } from '@mikro-orm/postgresql';
import { accessibleWhere, asSubject } from '@asn/authz';
import {
  DomainError,
  RelationshipKind,
  TenantKind,
  WARNING_OPEN,
  addDays,
  assertId,
  evaluateFigure,
  judgeFigure,
  startOfLocalDay,
  type FigureId,
  type FigureResult,
} from '@asn/domain';
import { inTx, memberOf, read, type Ctx } from '../../platform/context.js';
import { leanById } from '../../platform/db/lean.js';
import { emptyConnection, leanPage, type Connection } from '../../platform/graphql/common.js';
import { loader } from '../../platform/loaders.js';
import { tenantDay, tenantTimeZone } from '../../platform/tenant-time.js';
import { Relationship } from '../../platform/db/entities.js';
import { complaintRegister } from '../complaints/complaint.queries.js';
import type { Complaint } from '../complaints/complaint.entity.js';
import { ImprovementPlan, PlanCheck, SupervisionStep, Warning } from './supervision.entity.js';

export async function getWarning(ctx: Ctx, id: string): Promise<Warning> {
  assertId('id', id);
  const w = await leanById(ctx, Warning, id.toLowerCase());
  if (!w || !ctx.ability.can('read', asSubject('Warning', w))) throw DomainError.notFound('Warning');
  return w;
}

export async function getPlan(ctx: Ctx, id: string): Promise<ImprovementPlan> {
  assertId('id', id);
  const p = await leanById(ctx, ImprovementPlan, id.toLowerCase());
  if (!p || !ctx.ability.can('read', asSubject('ImprovementPlan', p))) throw DomainError.notFound('ImprovementPlan');
  return p;
}

export interface SupervisionFilter {
  status?: string[] | null;
  dealerId?: string | null;
  region?: string | null;
  /** Only those still open (warnings: ISSUED, CURE_REPORTED, APPEALED; plans: DRAFT, ACTIVE). */
  open?: boolean | null;
  kind?: string | null;
}

function whereOf<E>(ctx: Ctx, subject: 'Warning' | 'ImprovementPlan', filter: SupervisionFilter, open: readonly string[]): FilterQuery<E> | null {
  const where = accessibleWhere(ctx.ability, 'read', subject);
  if (!where) return null;
  const and: Record<string, unknown>[] = [where];
  if (filter.status?.length) and.push({ status: { $in: filter.status } });
  if (filter.open) and.push({ status: { $in: [...open] } });
  if (filter.dealerId) and.push({ dealerId: assertId('filter.dealerId', filter.dealerId) });
  if (filter.region) and.push({ region: filter.region });
  if (filter.kind && subject === 'Warning') and.push({ kind: filter.kind });
  return { $and: and } as FilterQuery<E>;
}

/** Warnings newest first: the manufacturer's (a network manager: its regions), or those against the dealer. */
export async function listWarnings(ctx: Ctx, filter: SupervisionFilter, page: { first?: number | null; after?: string | null }): Promise<Connection<Warning>> {
  const where = whereOf<Warning>(ctx, 'Warning', filter, WARNING_OPEN);
  if (!where) return emptyConnection();
  return leanPage(ctx, Warning, where, { ...page, newestFirst: true });
}

export async function listPlans(
  ctx: Ctx,
  filter: SupervisionFilter,
  page: { first?: number | null; after?: string | null },
): Promise<Connection<ImprovementPlan>> {
  const where = whereOf<ImprovementPlan>(ctx, 'ImprovementPlan', filter, ['DRAFT', 'ACTIVE']);
  if (!where) return emptyConnection();
  return leanPage(ctx, ImprovementPlan, where, { ...page, newestFirst: true });
}

/** Each document's trail, batched (both parties read the same). */
export function stepsOf(ctx: Ctx) {
  return loader<string, SupervisionStep[]>(ctx, 'supervisionSteps', async (ids) => {
    const rows = await inTx(ctx, (tx) => tx.em.find(SupervisionStep, { documentId: { $in: [...ids] } }, { orderBy: { id: 'asc' } }));
    return ids.map((id) => rows.filter((s) => s.documentId === id));
  });
}

/** Each plan's daily checks, newest first, batched. */
export function checksOf(ctx: Ctx) {
  return loader<string, PlanCheck[]>(ctx, 'planChecks', async (ids) => {
    const rows = await inTx(ctx, (tx) => tx.em.find(PlanCheck, { planId: { $in: [...ids] } }, { orderBy: { day: 'desc' } }));
    return ids.map((id) => rows.filter((c) => c.planId === id));
  });
}

/** The follow-up and satisfaction figures of the weekly report. */
export const WEEKLY_FIGURES: readonly FigureId[] = ['followUpRateInWarranty', 'satisfaction', 'complaintCount'];

export interface WeeklyReport {
  dealerId: string;
  from: string;
  to: string;
  complaints: Complaint[];
  figures: (FigureResult & { judgement: string })[];
  measures: { measure: string; value: number }[];
  followUpFindings: FollowUpFinding[];
}

export interface FollowUpFinding {
  id: string;
  callNo: number;
  doneAt: Date;
  reached: boolean;
  satisfaction: number | null;
  vehicleCondition: string | null;
  remarks: string | null;
  repairOrderNumber: string;
  customerName: string | null;
  complaintNumber: string | null;
}

/** Below this score (of 5) an answer is unsatisfied, as the figures count it (sat.satisfied: 4 and 5). */
const SATISFIED_FROM = 4;

/**
 * The dealer's own follow-up calls done in [from, to) with a finding: not reached, unsatisfied, or a
 * complaint raised — read only by the dealer's staff who may read all its calls (RLS on follow_ups
 * and the CASL rule agree: a care agent who reads only its own calls gets none here).
 */
async function followUpFindings(ctx: Ctx, dealerId: string, from: Date, to: Date): Promise<FollowUpFinding[]> {
  if (!ctx.ability.can('read', asSubject('FollowUp', { tenantId: dealerId, assignedTo: null }))) return [];
  const rows = await read<{
    id: string;
    call_no: number;
    done_at: Date;
    reached: boolean | null;
    satisfaction: number | null;
    vehicle_condition: string | null;
    remarks: string | null;
    ro_number: string;
    customer_name: string | null;
    complaint_number: string | null;
  }>(
    ctx,
    `select f.id, f.call_no, f.done_at, f.reached, f.satisfaction, f.vehicle_condition, f.remarks, r.number as ro_number,
            cu.name as customer_name, c.number as complaint_number
       from follow_ups f join repair_orders r on r.id = f.repair_order_id
            left join customers cu on cu.id = f.customer_id left join complaints c on c.id = f.complaint_id
      where f.tenant_id = $1::uuid and f.status in ('DONE') and f.done_at >= $2 and f.done_at < $3
        and (f.reached is not true or f.satisfaction < $4 or f.complaint_id is not null)
      order by f.done_at, f.id limit 200`,
    [dealerId, from, to, SATISFIED_FROM],
  );
  return rows.map((r) => ({
    id: r.id,
    callNo: Number(r.call_no),
    doneAt: new Date(r.done_at),
    reached: r.reached === true,
    satisfaction: r.satisfaction == null ? null : Number(r.satisfaction),
    vehicleCondition: r.vehicle_condition,
    remarks: r.remarks,
    repairOrderNumber: r.ro_number,
    customerName: r.customer_name,
    complaintNumber: r.complaint_number,
  }));
}

/**
 * 《服务质量周报》: the week (Monday to Sunday, the viewer's calendar) containing `day` of one
 * dealer — the dealer itself, or a dealer the viewer supervises (a network manager: its regions).
 */
export async function weeklyReport(ctx: Ctx, dealerIdIn: string, day: string): Promise<WeeklyReport> {
  const dealerId = assertId('dealerId', dealerIdIn).toLowerCase();
  const actor = memberOf(ctx);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw DomainError.badField('day', 'NOT_A_DATE', { value: day }, 'not a date');
  if (actor.tenantKind === TenantKind.MANUFACTURER) {
    const today = await tenantDay(ctx, ctx.clock.now());
    const auths = await inTx(ctx, (tx) =>
      tx.em.find(Relationship, { kind: RelationshipKind.DEALER_AUTHORIZATION, fromTenantId: actor.tenantId, toTenantId: dealerId }),
    );
    const auth = auths.find((r) => r.validFrom <= today && (!r.validTo || r.validTo >= today)) ?? auths[0];
    if (!auth || !ctx.ability.can('read', asSubject('Warning', { tenantId: actor.tenantId, dealerId, region: auth.region, status: 'ISSUED' })))
      throw DomainError.notFound('Dealer');
  } else if (dealerId !== actor.tenantId || !ctx.ability.can('read', asSubject('Warning', { tenantId: null, dealerId, status: 'ISSUED' }))) {
    throw DomainError.notFound('Dealer');
  }
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday 0
  const from = addDays(day, -weekday);
  const to = addDays(from, 6);
  const zone = await tenantTimeZone(ctx);
  const range = { from: startOfLocalDay(from, zone), to: startOfLocalDay(addDays(to, 1), zone) };
  const complaints = ctx.ability.can('read', 'Complaint') ? (await complaintRegister(ctx, range)).filter((c) => c.tenantId === dealerId) : [];
  const findings = actor.tenantId === dealerId ? await followUpFindings(ctx, dealerId, range.from, range.to) : [];
  const rows = await read<{ measure: string; value: number }>(
    ctx,
    `select measure, sum(value)::float8 as value from figure_facts
      where tenant_id = $1::uuid and ${actor.tenantKind === TenantKind.MANUFACTURER ? 'audience_id = $2::uuid' : 'tenant_id = $2::uuid'}
        and grain = 'D' and period between $3 and $4 and (measure like 'fu.%' or measure like 'sat.%' or measure like 'cp.%')
      group by measure order by measure`,
    [dealerId, actor.tenantId, from, to],
  );
  const sums = Object.fromEntries(rows.map((r) => [r.measure, Number(r.value)]));
  const figures = WEEKLY_FIGURES.map((id) => {
    const r = evaluateFigure(id, sums);
    return { ...r, judgement: judgeFigure(r) };
  });
  return {
    dealerId,
    from,
    to,
    complaints,
    figures,
    measures: rows.map((r) => ({ measure: r.measure, value: Number(r.value) })),
    followUpFindings: findings,
  };
}
