import type { FilterQuery } from '@mikro-orm/postgresql';
import { accessibleWhere } from '@asn/authz';
import { assertId } from '@asn/domain';
import { inTx, type Ctx } from '../../platform/context.js';
import { AuditEntry } from '../../platform/db/entities.js';
import { emptyConnection, paginate, type Connection } from '../../platform/graphql/common.js';

export async function listAuditEntries(
  ctx: Ctx,
  args: { first?: number | null; after?: string | null; entityType?: string | null; entityId?: string | null },
): Promise<Connection<AuditEntry>> {
  const where = accessibleWhere(ctx.ability, 'read', 'AuditEntry');
  if (!where) return emptyConnection();
  const extra: Record<string, unknown>[] = [];
  if (args.entityType) extra.push({ entityType: args.entityType });
  if (args.entityId) extra.push({ entityId: assertId('entityId', args.entityId) });
  const filter = (extra.length ? { $and: [where, ...extra] } : where) as FilterQuery<AuditEntry>;
  return inTx(ctx, (tx) => paginate(tx.em, AuditEntry, filter, { ...args, newestFirst: true }, (a) => a));
}
