import { DEFAULT_TIME_ZONE, formatInZone, localDay, timeZoneOr } from '@asn/domain';
import { Tx, inTx, read, tenantOf, type Ctx } from './context.js';
import { withoutIdempotencyClaim } from './idempotency.js';

/**
 * A tenant's own time zone (its `timezone` column), for every local day or hour the API computes
 * (document numbers, opening hours, reminders, SMS texts, settlement periods). Read at most once per
 * request and tenant: the answer is kept on the request's context. Asia/Shanghai
 * (DEFAULT_TIME_ZONE) only when there is no tenant or it cannot be read.
 */
const known = new WeakMap<Ctx, Map<string, Promise<string>>>();

/**
 * The time zone of `tenantId` — by default the tenant the transaction acts in (a Tx) or the
 * context's actor belongs to (a Ctx). Inside a transaction the row is read there (row-level
 * security: the tenant itself, or one related to it); outside, the actor's own tenant on the
 * request's read path, another tenant (a public page's shop) in a short transaction acting for it.
 */
export function tenantTimeZone(on: Ctx | Tx, tenantId?: string | null): Promise<string> {
  const ctx = on instanceof Tx ? on.ctx : on;
  const id = tenantId ?? (on instanceof Tx ? on.tenantId : tenantOf(ctx));
  if (!id) return Promise.resolve(DEFAULT_TIME_ZONE);
  const zones = known.get(ctx) ?? new Map<string, Promise<string>>();
  known.set(ctx, zones);
  let zone = zones.get(id);
  if (!zone) {
    zone = readZone(on, id);
    zones.set(id, zone);
    zone.catch(() => zones.delete(id)); // a failed read is not remembered
  }
  return zone;
}

async function readZone(on: Ctx | Tx, tenantId: string): Promise<string> {
  if (on instanceof Tx) {
    const rows = await on.em.execute<{ timezone: string }[]>(`select timezone from tenants where id = ?`, [tenantId]);
    return timeZoneOr(rows[0]?.timezone);
  }
  if (tenantId === tenantOf(on)) {
    const rows = await read<{ timezone: string }>(on, `select timezone from tenants where id = $1`, [tenantId]);
    return timeZoneOr(rows[0]?.timezone);
  }
  // not the actor's tenant: row-level security shows the row to a transaction acting for it
  return withoutIdempotencyClaim(() => inTx(on, (tx) => readZone(tx, tenantId), { tenantId }));
}

/** The calendar day (YYYY-MM-DD) of an instant where the tenant is. */
export async function tenantDay(on: Ctx | Tx, at: Date, tenantId?: string | null): Promise<string> {
  return localDay(at, await tenantTimeZone(on, tenantId));
}

/** An instant as the tenant's wall clock shows it, e.g. in an SMS (`zh-CN` by default). */
export async function tenantTime(on: Ctx | Tx, at: Date, options: Omit<Intl.DateTimeFormatOptions, 'timeZone'>, locale = 'zh-CN'): Promise<string> {
  return formatInZone(at, await tenantTimeZone(on), locale, options);
}
