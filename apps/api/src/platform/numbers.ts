import { documentNumber } from '@asn/domain';
import type { Tx } from './context.js';

/** Next human document number of the tenant for a prefix and year, e.g. RO-2026-000123. */
export async function nextNumber(tx: Tx, tenantId: string, prefix: string): Promise<string> {
  const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(tx.ctx.clock.now()));
  const rows = (await tx.em.execute(
    `insert into document_sequences (tenant_id, prefix, year, last_value) values (?, ?, ?, 1)
     on conflict (tenant_id, prefix, year) do update set last_value = document_sequences.last_value + 1
     returning last_value`,
    [tenantId, prefix, year],
  )) as { last_value: number }[];
  return documentNumber(prefix, year, rows[0]!.last_value);
}
