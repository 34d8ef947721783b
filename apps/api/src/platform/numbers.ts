import { DEFAULT_TIME_ZONE, documentNumber } from '@asn/domain';
import type { Tx } from './context.js';

/**
 * Next human document number of the tenant for a prefix and year, e.g. RO-2026-000123. The year is
 * the tenant's own (its time zone's calendar), worked out in the same statement.
 */
export async function nextNumber(tx: Tx, tenantId: string, prefix: string): Promise<string> {
  const rows = await tx.em.execute<{ year: number; last_value: number }[]>(
    `insert into document_sequences (tenant_id, prefix, year, last_value)
     select ?, ?, extract(year from ?::timestamptz at time zone coalesce((select timezone from tenants where id = ?), ?))::int, 1
     on conflict (tenant_id, prefix, year) do update set last_value = document_sequences.last_value + 1
     returning year, last_value`,
    [tenantId, prefix, tx.ctx.clock.now(), tenantId, DEFAULT_TIME_ZONE],
  );
  return documentNumber(prefix, rows[0]!.year, rows[0]!.last_value);
}
