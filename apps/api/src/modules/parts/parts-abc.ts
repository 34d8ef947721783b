/**
 * ABC class of a seller's catalogue, from the last 12 months' demand value (abcClasses in
 * packages/domain): never typed by hand. Recomputed every night at 02:00 on the seller's calendar
 * (a job that plans its next run), and on request by the seller's parts staff.
 */
import { abcClasses, addDays, localDay, zonedInstant, type AbcClass } from '@asn/domain';
import { inTx, memberOf, type Ctx, type Tx } from '../../platform/context.js';
import { scheduleJob, type JobRegistry } from '../../platform/jobs.js';
import { tenantTimeZone } from '../../platform/tenant-time.js';

export const ABC_JOB = 'parts.abcClassify';
const YEAR_MS = 365 * 86_400_000;

export interface AbcSummary {
  a: number;
  b: number;
  c: number;
}

/** Classifies the tenant's catalogue (run in its own transaction): demand is what buyers ordered of it, at the order's price. */
export async function classifyCatalogue(tx: Tx): Promise<AbcSummary> {
  const seller = tx.tenantId!;
  const since = new Date(tx.ctx.clock.now().getTime() - YEAR_MS);
  const rows = await tx.em.execute<{ part_number: string; value: string }[]>(
    `select l.part_number, sum(l.ordered::bigint * l.unit_price_minor)::text as value
       from parts_order_lines l join parts_orders o on o.id = l.parts_order_id
      where o.seller_id = ? and l.seller_id = ? and o.status not in ('DRAFT', 'CANCELLED') and o.submitted_at >= ?
      group by l.part_number`,
    [seller, seller, since],
  );
  const classes = abcClasses(new Map(rows.map((r) => [r.part_number, BigInt(r.value)])));
  const numbers = [...classes.keys()];
  const values = numbers.map((n) => classes.get(n)!);
  // the parts with demand get their class, every other part is C: two statements, whatever the catalogue's size
  await tx.em.execute(
    `update catalogue_parts c set abc_class = v.cls, updated_at = ?
       from unnest(?::text[], ?::text[]) as v(pn, cls)
      where c.tenant_id = ? and c.part_number = v.pn collate "C" and c.abc_class <> v.cls`,
    [tx.ctx.clock.now(), `{${numbers.map((n) => `"${n}"`).join(',')}}`, `{${values.join(',')}}`, seller],
  );
  await tx.em.execute(
    `update catalogue_parts set abc_class = 'C', updated_at = ? where tenant_id = ? and abc_class <> 'C' and not (part_number = any (?::text[]))`,
    [
      tx.ctx.clock.now(),
      seller,
      `{${numbers
        .filter((n) => classes.get(n) !== 'C')
        .map((n) => `"${n}"`)
        .join(',')}}`,
    ],
  );
  const count = (k: AbcClass) => values.filter((v) => v === k).length;
  const [total] = await tx.em.execute<{ n: string }[]>(`select count(*)::text as n from catalogue_parts where tenant_id = ?`, [seller]);
  const a = count('A');
  const b = count('B');
  return { a, b, c: Number(total?.n ?? 0) - a - b };
}

/** The next night's run for the tenant (02:00 on its calendar), replacing a planned one. */
export async function planNightlyClassification(tx: Tx): Promise<void> {
  const zone = await tenantTimeZone(tx);
  const next = addDays(localDay(tx.ctx.clock.now(), zone), 1);
  // one planned run per night: the key names the night, so the run under way (today's key) plans the next one beside it
  await scheduleJob(tx, { kind: ABC_JOB, runAt: zonedInstant(next, 120, zone), dedupeKey: `${ABC_JOB}:${tx.tenantId}:${next}` });
}

/** The seller's parts staff recompute now (after an import, say); the nightly run goes on. */
export function classifyNow(ctx: Ctx): Promise<AbcSummary> {
  memberOf(ctx);
  return inTx(ctx, async (tx) => {
    const summary = await classifyCatalogue(tx);
    tx.record({ action: 'cataloguePart.classified', entityType: 'CataloguePart', entityId: tx.tenantId!, after: { ...summary } });
    await planNightlyClassification(tx);
    return summary;
  });
}

export function registerAbcJob(jobs: JobRegistry): void {
  jobs.register(ABC_JOB, async (tx) => {
    await classifyCatalogue(tx);
    await planNightlyClassification(tx);
  });
}
