/**
 * Reading network figures (ADR 0019): sums of the rollup rows the viewer may read (its own, or
 * those addressed to its manufacturer tenant, a regional manager's regions), evaluated by the
 * domain's formulas. Nothing here reads a dealer's records: drill-downs go to the lists of records
 * the viewer may read anyway (claims, complaints).
 */
import { accessibleWhere } from '@asn/authz';
import {
  DomainError,
  ErrorCode,
  FIGURE_IDS,
  InputCheck,
  TenantKind,
  addDays,
  figureMeasures,
  addMeasureSums,
  addMonths,
  assertId,
  evaluateFigure,
  evaluateFigures,
  isFigureId,
  localDay,
  perMember,
  type FigureId,
  type FigureResult,
  type MeasureSums,
} from '@asn/domain';
import { read, tenantOf, type Ctx } from '../../platform/context.js';
import { tenantTimeZone } from '../../platform/tenant-time.js';
import { tenantName } from '../tenants/tenant.service.js';

export type Grain = 'D' | 'M';
export interface Period {
  from: string;
  to: string;
  grain: Grain;
}

/** The longest range asked at once (a multi-year view goes by months). */
const MAX_DAYS = 3 * 366;
const MAX_TREND_DAYS = 92;
/** A network pooled from fewer dealers is not shown (a dealer could work out another's figures). */
export const MIN_NETWORK_DEALERS = 3;

const lastOfMonth = (day: string) => addDays(addMonths(`${day.slice(0, 7)}-01`, 1), -1);
const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/** A checked [from, to]: whole months read the month rows, anything else the day rows. */
export function periodOf(fromIn: string, toIn: string, field = 'input'): Period {
  const check = new InputCheck();
  const from = check.day(`${field}.from`, fromIn);
  const to = check.day(`${field}.to`, toIn);
  if (from && to && to < from) check.because(`${field}.to`, 'NOT_BEFORE', { otherField: `${field}.from` }, 'ends before it starts');
  if (from && to && daysBetween(from, to) > MAX_DAYS) check.because(`${field}.to`, 'RANGE_TOO_LONG', { maxDays: MAX_DAYS }, 'at most three years at once');
  check.done();
  const monthly = from!.endsWith('-01') && to === lastOfMonth(to!);
  return { from: from!, to: to!, grain: monthly ? 'M' : 'D' };
}

/** The viewer's readable rows as SQL (the ability's conditions for Figure), from parameter `$first` on. */
function visibleSql(ctx: Ctx, first: number): { sql: string; params: unknown[] } | null {
  const where = accessibleWhere(ctx.ability, 'read', 'Figure');
  if (!where) return null;
  const parts: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${first + params.length - 1}`;
  };
  for (const rule of (where as { $or: Record<string, unknown>[] }).$or) {
    const and: string[] = [];
    for (const [key, cond] of Object.entries(rule)) {
      const column = key === 'tenantId' ? 'f.tenant_id' : key === 'audienceId' ? 'f.audience_id' : key === 'region' ? 'f.region' : null;
      if (!column) throw new Error(`unsupported Figure condition ${key}`);
      if (cond && typeof cond === 'object' && '$in' in cond) and.push(`${column} = any(${p((cond as { $in: unknown[] }).$in)}::text[])`);
      else and.push(`${column} = ${p(cond)}${key === 'region' ? '' : '::uuid'}`);
    }
    parts.push(`(${and.join(' and ')})`);
  }
  return { sql: `(${parts.join(' or ')})`, params };
}

/** Is the viewer the manufacturer side (its figures are the ones addressed to it)? */
function isManufacturer(ctx: Ctx): boolean {
  return ctx.actor.type === 'member' && ctx.actor.tenantKind === TenantKind.MANUFACTURER;
}

interface SumRow {
  key: string | null;
  region: string | null;
  measure: string;
  value: number;
}

/** Sums of the visible rows in a period, grouped by `by` (a dealer, a region, a period, or nothing). */
async function sums(
  ctx: Ctx,
  period: Period,
  by: 'tenant' | 'region' | 'period' | null,
  only: {
    dealerId?: string | null;
    region?: string | null;
    brand?: string | null;
    tenants?: readonly string[] | null;
    /** Only the measures one figure reads (figureMeasures): a trend sums a few rows of the many. */
    measures?: { keys: readonly string[]; prefixes: readonly string[] } | null;
  } = {},
): Promise<SumRow[]> {
  const visible = visibleSql(ctx, 5);
  if (!visible) return [];
  const params: unknown[] = [period.grain, period.from, period.to, only.brand ?? null, ...visible.params];
  const extra: string[] = [];
  if (only.dealerId) {
    params.push(only.dealerId);
    extra.push(`f.tenant_id = $${params.length}::uuid`);
  }
  if (only.region) {
    params.push(only.region);
    extra.push(`f.region = $${params.length}`);
  }
  if (only.tenants) {
    params.push([...only.tenants]);
    extra.push(`f.tenant_id = any($${params.length}::uuid[])`);
  }
  if (only.measures) {
    params.push(
      [...only.measures.keys],
      only.measures.prefixes.map((p) => `${p.replace(/[\\%_]/g, '\\$&')}%`),
    );
    extra.push(`(f.measure = any($${params.length - 1}::text[]) or f.measure like any($${params.length}::text[]))`);
  }
  const key = by === 'tenant' ? 'f.tenant_id::text' : by === 'region' ? "coalesce(f.region, '')" : by === 'period' ? "to_char(f.period, 'YYYY-MM-DD')" : 'null';
  return read<SumRow>(
    ctx,
    `select ${key} as key, ${by === 'tenant' ? '(array_agg(f.region order by f.period desc))[1]' : 'null'} as region, f.measure, sum(f.value)::float8 as value
       from figure_facts f
      where f.grain = $1 and f.period between $2::date and $3::date and ($4::text is null or f.brand = $4) and ${visible.sql}
        ${extra.map((e) => `and ${e}`).join(' ')}
      group by 1, f.measure`,
    params,
  );
}

function grouped(rows: SumRow[]): Map<string, { region: string | null; sums: Record<string, number> }> {
  const out = new Map<string, { region: string | null; sums: Record<string, number> }>();
  for (const r of rows) {
    const k = r.key ?? '';
    const g = out.get(k) ?? { region: null, sums: {} };
    if (r.region) g.region = r.region;
    g.sums[r.measure] = (g.sums[r.measure] ?? 0) + Number(r.value);
    out.set(k, g);
  }
  return out;
}

/** The manufacturer's network pooled (no dealer named), or null below MIN_NETWORK_DEALERS; per period for a trend. */
async function networkSums(
  ctx: Ctx,
  manufacturerId: string,
  period: Period,
  brand: string | null,
  byPeriod: boolean,
): Promise<Map<string, { dealers: number; sums: Record<string, number> | null }>> {
  const rows = await read<{ period: string | null; measure: string | null; value: number | null; dealers: number }>(
    ctx,
    `select to_char(period, 'YYYY-MM-DD') as period, measure, value::float8 as value, dealers
       from app_network_figure_sums($1::uuid, $2::char(1), $3::date, $4::date, $5::text, $6::boolean)`,
    [manufacturerId, period.grain, period.from, period.to, brand, byPeriod],
  );
  const out = new Map<string, { dealers: number; sums: Record<string, number> | null }>();
  for (const r of rows) {
    const k = r.period ?? '';
    const g = out.get(k) ?? { dealers: r.dealers, sums: r.measure === null ? null : {} };
    if (r.measure !== null && g.sums) g.sums[r.measure] = Number(r.value);
    out.set(k, g);
  }
  return out;
}

/** The dealer's authorising manufacturer (the authorisation in force on `day`, else the latest). */
async function manufacturerOf(ctx: Ctx, dealerId: string, day: string): Promise<{ id: string; region: string | null; dealerCode: string | null } | null> {
  const rows = await read<{ id: string; region: string | null; dealer_code: string | null }>(
    ctx,
    `select from_tenant_id as id, region, dealer_code from relationships
      where kind = 'DEALER_AUTHORIZATION' and to_tenant_id = $1
      order by (valid_from <= $2::date and (valid_to is null or valid_to >= $2::date)) desc, valid_from desc, id desc limit 1`,
    [dealerId, day],
  );
  return rows[0] ? { id: rows[0].id, region: rows[0].region, dealerCode: rows[0].dealer_code } : null;
}

/** The manufacturer viewer's authorised dealers (a regional manager: of its regions), with code and region. */
async function authorisedDealers(ctx: Ctx): Promise<Map<string, { code: string | null; region: string | null }>> {
  const me = tenantOf(ctx)!;
  const regions = ctx.actor.type === 'member' && ctx.actor.roles.every((r) => r === 'NETWORK_MANAGER') ? [...(ctx.actor.regions ?? [])] : null;
  const rows = await read<{ id: string; code: string | null; region: string | null }>(
    ctx,
    `select distinct on (to_tenant_id) to_tenant_id as id, dealer_code as code, region from relationships
      where kind = 'DEALER_AUTHORIZATION' and from_tenant_id = $1 and ($2::text[] is null or region = any($2::text[]))
      order by to_tenant_id, valid_from desc`,
    [me, regions],
  );
  return new Map(rows.map((r) => [r.id, { code: r.code, region: r.region }]));
}

/** The manufacturer viewer's parts suppliers (a supply agreement from it, in force or past); none for a regional manager. */
async function suppliersOf(ctx: Ctx): Promise<Map<string, { code: string | null; region: string | null }>> {
  if (ctx.actor.type === 'member' && ctx.actor.roles.every((r) => r === 'NETWORK_MANAGER')) return new Map();
  const rows = await read<{ id: string }>(
    ctx,
    `select distinct to_tenant_id as id from relationships where kind = 'SUPPLY_AGREEMENT' and from_tenant_id = $1`,
    [tenantOf(ctx)!],
  );
  return new Map(rows.map((r) => [r.id, { code: null, region: null }]));
}

/**
 * The manufacturer viewer's parts suppliers pooled (their rows addressed to it; no dealer), per
 * period for a trend: the comparison beside one supplier. Suppliers are never pooled with dealers.
 */
async function supplierPool(
  ctx: Ctx,
  suppliers: ReadonlySet<string>,
  period: Period,
  byPeriod: boolean,
): Promise<Map<string, { dealers: number; sums: Record<string, number> | null }>> {
  const out = new Map<string, { dealers: number; sums: Record<string, number> | null }>();
  if (!suppliers.size) return out;
  if (byPeriod) {
    for (const [k, g] of grouped(await sums(ctx, period, 'period', { tenants: [...suppliers] }))) out.set(k, { dealers: 0, sums: g.sums });
    return out;
  }
  const each = [...grouped(await sums(ctx, period, 'tenant', { tenants: [...suppliers] })).values()];
  if (each.length) out.set('', { dealers: each.length, sums: addMeasureSums(...each.map((g) => g.sums)) });
  return out;
}

/** A dealer the manufacturer authorised, or a supplier it buys from: whose figures it may open one by one. */
async function counterpartyOf(ctx: Ctx, id: string): Promise<{ code: string | null; region: string | null } | null> {
  return (await authorisedDealers(ctx)).get(id) ?? (await suppliersOf(ctx)).get(id) ?? null;
}

export interface ScorecardView {
  dealerId: string;
  dealerName: string;
  dealerCode: string | null;
  region: string | null;
  manufacturerId: string | null;
  manufacturerName: string | null;
  from: string;
  to: string;
  figures: FigureResult[];
  network: FigureResult[] | null;
  networkDealers: number;
}

/** A dealer's figures beside its manufacturer's network: the dealer itself, or the manufacturer for a dealer it authorised. */
export async function scorecard(ctx: Ctx, input: { dealerId?: string | null; from: string; to: string; brand?: string | null }): Promise<ScorecardView> {
  const period = periodOf(input.from, input.to);
  const me = tenantOf(ctx);
  if (!me || !ctx.ability.can('read', 'Figure')) throw DomainError.forbidden('read Figure');
  let dealerId: string;
  let manufacturerId: string | null;
  let dealerCode: string | null = null;
  let region: string | null = null;
  /** The manufacturer's suppliers, when the one opened is one of them (beside the suppliers pooled, not the dealers). */
  let suppliers: Set<string> | null = null;
  if (isManufacturer(ctx)) {
    if (!input.dealerId) throw DomainError.badInput([{ field: 'input.dealerId', message: 'name the dealer', reason: 'REQUIRED', params: {} }]);
    dealerId = assertId('input.dealerId', input.dealerId).toLowerCase();
    const dealer = await counterpartyOf(ctx, dealerId);
    if (!dealer) throw DomainError.notFound('Dealer');
    if (!(await authorisedDealers(ctx)).has(dealerId)) suppliers = new Set((await suppliersOf(ctx)).keys());
    manufacturerId = me;
    dealerCode = dealer.code;
    region = dealer.region;
  } else {
    if (input.dealerId && input.dealerId.toLowerCase() !== me) throw DomainError.notFound('Dealer');
    dealerId = me;
    const m = await manufacturerOf(ctx, me, period.to);
    manufacturerId = m?.id ?? null;
    dealerCode = m?.dealerCode ?? null;
    region = m?.region ?? null;
  }
  const [own, network, dealerName, manufacturerName] = await Promise.all([
    sums(ctx, period, null, { dealerId, brand: input.brand ?? null }),
    suppliers
      ? supplierPool(ctx, suppliers, period, false)
      : manufacturerId
        ? networkSums(ctx, manufacturerId, period, input.brand ?? null, false)
        : Promise.resolve(null),
    tenantName(ctx, dealerId),
    manufacturerId ? tenantName(ctx, manufacturerId) : Promise.resolve(null),
  ]);
  const pooled = network?.get('');
  return {
    dealerId,
    dealerName: dealerName ?? '',
    dealerCode,
    region,
    manufacturerId,
    manufacturerName,
    from: period.from,
    to: period.to,
    figures: evaluateFigures(grouped(own).get('')?.sums ?? {}),
    // beside one dealer (or supplier): its counts and amounts per member of the pool
    network: pooled?.sums ? evaluateFigures(pooled.sums).map((f) => perMember(f, pooled.dealers)) : null,
    networkDealers: pooled?.sums ? pooled.dealers : 0,
  };
}

export interface NetworkRowView {
  key: string;
  label: string;
  dealerId: string | null;
  dealerCode: string | null;
  region: string | null;
  dealers: number;
  figures: FigureResult[];
}

/**
 * The manufacturer's network by dealer or by region (its readable rows only: a regional manager its
 * regions), or its parts suppliers one by one (groupBy SUPPLIER: the suppliers' own rows addressed
 * to it through their supply agreements). Dealers and suppliers are never pooled together.
 */
export async function networkFigures(
  ctx: Ctx,
  input: { from: string; to: string; groupBy: string; region?: string | null; brand?: string | null },
): Promise<{ from: string; to: string; groupBy: 'DEALER' | 'REGION' | 'SUPPLIER'; rows: NetworkRowView[]; network: FigureResult[]; dealers: number }> {
  const period = periodOf(input.from, input.to);
  const check = new InputCheck();
  const groupBy = check.oneOf('input.groupBy', input.groupBy, ['DEALER', 'REGION', 'SUPPLIER'] as const);
  check.done();
  if (!isManufacturer(ctx) || !ctx.ability.can('read', 'Figure')) throw DomainError.forbidden('read network Figure');
  const bySupplier = groupBy === 'SUPPLIER';
  const [tenantRows, parties] = await Promise.all([
    sums(ctx, period, 'tenant', bySupplier ? {} : { region: input.region ?? null, brand: input.brand ?? null }),
    bySupplier ? suppliersOf(ctx) : authorisedDealers(ctx),
  ]);
  const byTenant = new Map([...grouped(tenantRows)].filter(([id]) => parties.has(id)));
  const names = await Promise.all([...byTenant.keys()].map(async (id) => [id, (await tenantName(ctx, id)) ?? ''] as const));
  const nameOf = new Map(names);
  const all = addMeasureSums(...[...byTenant.values()].map((g) => g.sums));
  let rows: NetworkRowView[];
  if (groupBy !== 'REGION') {
    rows = [...byTenant.entries()].map(([id, g]) => ({
      key: id,
      label: nameOf.get(id) ?? '',
      dealerId: id,
      dealerCode: parties.get(id)?.code ?? null,
      region: bySupplier ? null : (g.region ?? parties.get(id)?.region ?? null),
      dealers: 1,
      figures: evaluateFigures(g.sums),
    }));
  } else {
    const regions = new Map<string, { dealers: number; parts: MeasureSums[] }>();
    for (const g of byTenant.values()) {
      const name = g.region ?? '';
      const r = regions.get(name) ?? { dealers: 0, parts: [] };
      r.dealers += 1;
      r.parts.push(g.sums);
      regions.set(name, r);
    }
    rows = [...regions.entries()].map(([name, r]) => ({
      key: name,
      label: name,
      dealerId: null,
      dealerCode: null,
      region: name || null,
      dealers: r.dealers,
      figures: evaluateFigures(addMeasureSums(...r.parts)),
    }));
  }
  rows.sort((a, b) => (a.region ?? '').localeCompare(b.region ?? '', 'zh-CN') || a.label.localeCompare(b.label, 'zh-CN'));
  return { from: period.from, to: period.to, groupBy: groupBy!, rows, network: evaluateFigures(all), dealers: byTenant.size };
}

export interface TrendView {
  figureId: FigureId;
  unit: string;
  grain: 'DAY' | 'MONTH';
  target: number | null;
  points: { period: string; value: number | null; sample: number; tooFew: boolean }[];
  network: { period: string; value: number | null; sample: number; tooFew: boolean }[] | null;
}

/** One figure over time: a dealer (its own, or one the manufacturer authorised), a region, or the visible network. */
export async function figureTrend(
  ctx: Ctx,
  input: { figureId: string; from: string; to: string; grain: string; dealerId?: string | null; region?: string | null; suppliers?: boolean | null },
): Promise<TrendView> {
  const check = new InputCheck();
  const grainIn = check.oneOf('input.grain', input.grain, ['DAY', 'MONTH'] as const);
  if (!isFigureId(input.figureId)) check.because('input.figureId', 'NOT_ONE_OF', { value: input.figureId, allowed: FIGURE_IDS }, 'no such figure');
  check.done();
  const me = tenantOf(ctx);
  if (!me || !ctx.ability.can('read', 'Figure')) throw DomainError.forbidden('read Figure');
  const figureId = input.figureId as FigureId;
  const raw = periodOf(input.from, input.to);
  const period: Period =
    grainIn === 'MONTH' ? { from: `${raw.from.slice(0, 7)}-01`, to: `${raw.to.slice(0, 7)}-01`, grain: 'M' } : { from: raw.from, to: raw.to, grain: 'D' };
  if (grainIn === 'DAY' && daysBetween(period.from, period.to) > MAX_TREND_DAYS) {
    throw DomainError.because(ErrorCode.BAD_USER_INPUT, 'RANGE_TOO_LONG', { maxDays: MAX_TREND_DAYS }, 'a daily trend covers at most 92 days');
  }
  let dealerId: string | null = null;
  let manufacturerId: string | null = null;
  /** The manufacturer's suppliers: pooled (`suppliers`), or beside the one supplier asked for. */
  let suppliers: Set<string> | null = null;
  if (isManufacturer(ctx)) {
    manufacturerId = me;
    if (input.dealerId) {
      dealerId = assertId('input.dealerId', input.dealerId).toLowerCase();
      if (!(await counterpartyOf(ctx, dealerId))) throw DomainError.notFound('Dealer');
      if (!(await authorisedDealers(ctx)).has(dealerId)) suppliers = new Set((await suppliersOf(ctx)).keys());
    } else if (input.suppliers) {
      suppliers = new Set((await suppliersOf(ctx)).keys());
    }
  } else {
    if (input.suppliers) throw DomainError.forbidden('read network Figure');
    if (input.dealerId && input.dealerId.toLowerCase() !== me) throw DomainError.notFound('Dealer');
    dealerId = me;
    manufacturerId = (await manufacturerOf(ctx, me, localDay(ctx.clock.now(), await tenantTimeZone(ctx))))?.id ?? null;
  }
  const showNetwork = dealerId !== null || !!input.region;
  // the suppliers pooled: only theirs (none for a regional manager); beside one supplier, the suppliers pooled
  const pooledSuppliers = suppliers && !dealerId ? suppliers : null;
  const [rows, network] = await Promise.all([
    sums(ctx, period, 'period', {
      dealerId,
      region: input.region ?? null,
      tenants: pooledSuppliers ? [...pooledSuppliers] : null,
      measures: figureMeasures(figureId),
    }),
    suppliers && dealerId
      ? supplierPool(ctx, suppliers, period, true)
      : showNetwork && manufacturerId
        ? networkSums(ctx, manufacturerId, period, null, true)
        : Promise.resolve(null),
  ]);
  const byPeriod = grouped(rows);
  const periods: string[] = [];
  for (let p = period.from; p <= period.to; p = period.grain === 'M' ? addMonths(p, 1) : addDays(p, 1)) periods.push(p);
  const point = (p: string, s: MeasureSums | null | undefined, members = 1) => {
    const r = perMember(evaluateFigure(figureId, s ?? {}), members);
    return { period: p, value: s ? r.value : null, sample: r.sample, tooFew: !s || r.tooFew };
  };
  const first = evaluateFigure(figureId, {});
  return {
    figureId,
    unit: first.unit,
    grain: grainIn!,
    target: first.target,
    points: periods.map((p) => point(p, byPeriod.get(p)?.sums ?? {})),
    // beside one dealer (or supplier) a period's counts and amounts per member of that period's pool; beside a region the network's own
    network: network ? periods.map((p) => point(p, network.get(p)?.sums ?? null, dealerId ? (network.get(p)?.dealers ?? 1) : 1)) : null,
  };
}
