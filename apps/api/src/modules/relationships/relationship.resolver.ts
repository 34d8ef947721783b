import { Arg, Ctx as Context, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Ctx } from '../../platform/context.js';
import { Permit } from '../../platform/permissions.js';
import { Idempotent } from '../../platform/idempotency.js';
import { DomainError, type RelationshipKind as RelationshipKindT, RelationshipKind } from '@asn/domain';
import { TenantType } from '../tenants/tenant.types.js';
import { tenantLoader } from '../tenants/tenant.service.js';
import { createRelationship, getRelationship, listRelationships, updateRelationship } from './relationship.service.js';
import { CreateRelationshipInput, RelationshipConnection, RelationshipPayload, RelationshipType, UpdateRelationshipInput } from './relationship.types.js';

@Resolver(() => RelationshipType)
export class RelationshipResolver {
  @Query(() => RelationshipConnection, { description: 'Relationships the caller’s tenant is party to.' })
  @Permit('read', 'Relationship')
  async relationships(
    @Context() ctx: Ctx,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('kind', () => RelationshipKind, { nullable: true }) kind?: RelationshipKindT | null,
  ): Promise<InstanceType<typeof RelationshipConnection>> {
    const page = await listRelationships(ctx, { first, after, kind });
    return { ...page, nodes: page.nodes.map(RelationshipType.from) };
  }

  @Query(() => RelationshipType)
  @Permit('read', 'Relationship')
  async relationship(@Context() ctx: Ctx, @Arg('id', () => ID) id: string): Promise<RelationshipType> {
    return RelationshipType.from(await getRelationship(ctx, id));
  }

  @Mutation(() => RelationshipPayload)
  @Permit('create', 'Relationship')
  @Idempotent(async (ctx, first) => ({ relationship: RelationshipType.from(await getRelationship(ctx, first.resultId)) }))
  async createRelationship(@Context() ctx: Ctx, @Arg('input', () => CreateRelationshipInput) input: CreateRelationshipInput): Promise<RelationshipPayload> {
    return { relationship: RelationshipType.from(await createRelationship(ctx, input)) };
  }

  @Mutation(() => RelationshipPayload)
  @Permit('update', 'Relationship')
  async updateRelationship(@Context() ctx: Ctx, @Arg('input', () => UpdateRelationshipInput) input: UpdateRelationshipInput): Promise<RelationshipPayload> {
    return { relationship: RelationshipType.from(await updateRelationship(ctx, input)) };
  }

  @FieldResolver(() => TenantType, { description: 'The granting side.' })
  async from(@Root() rel: RelationshipType, @Context() ctx: Ctx): Promise<TenantType> {
    return this.tenant(ctx, rel.fromTenantId);
  }

  @FieldResolver(() => TenantType)
  async to(@Root() rel: RelationshipType, @Context() ctx: Ctx): Promise<TenantType> {
    return this.tenant(ctx, rel.toTenantId);
  }

  @FieldResolver(() => Boolean, { description: 'Valid today (in UTC).' })
  active(@Root() rel: RelationshipType, @Context() ctx: Ctx): boolean {
    const today = ctx.clock.now().toISOString().slice(0, 10);
    return rel.validFrom <= today && (rel.validTo == null || today <= rel.validTo);
  }

  private async tenant(ctx: Ctx, id: string): Promise<TenantType> {
    const t = await tenantLoader(ctx).load(id);
    if (!t) throw DomainError.notFound('Tenant');
    return TenantType.from(t);
  }
}
