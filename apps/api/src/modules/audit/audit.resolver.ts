import { Arg, Ctx as Context, ID, Int, Query, Resolver } from 'type-graphql';
import type { Ctx } from '../../platform/context.js';
import { Permit } from '../../platform/permissions.js';
import { listAuditEntries } from './audit.service.js';
import { AuditEntryConnection, AuditEntryType } from './audit.types.js';

@Resolver(() => AuditEntryType)
export class AuditResolver {
  @Query(() => AuditEntryConnection, { description: "The tenant's audit log, newest first." })
  @Permit('read', 'AuditEntry')
  async auditEntries(
    @Context() ctx: Ctx,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('entityType', () => String, { nullable: true }) entityType?: string | null,
    @Arg('entityId', () => ID, { nullable: true }) entityId?: string | null,
  ): Promise<InstanceType<typeof AuditEntryConnection>> {
    const page = await listAuditEntries(ctx, { first, after, entityType, entityId });
    return { ...page, nodes: page.nodes.map(AuditEntryType.from) };
  }
}
