import { Arg, Ctx as Context, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { Ctx } from '../../platform/context.js';
import { Permit } from '../../platform/permissions.js';
import { UserType } from '../users/user.types.js';
import { createTenant, getTenant, listTenants } from './tenant.service.js';
import { CreateTenantInput, CreateTenantPayload, TenantConnection, TenantType } from './tenant.types.js';

@Resolver(() => TenantType)
export class TenantResolver {
  @Query(() => TenantConnection, { description: 'Platform: all tenants. Members: their own tenant and its counterparties.' })
  @Permit('read', 'Tenant')
  async tenants(
    @Context() ctx: Ctx,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<InstanceType<typeof TenantConnection>> {
    const page = await listTenants(ctx, { first, after });
    return { ...page, nodes: page.nodes.map(TenantType.from) };
  }

  @Query(() => TenantType)
  @Permit('read', 'Tenant')
  async tenant(@Context() ctx: Ctx, @Arg('id', () => ID) id: string): Promise<TenantType> {
    return TenantType.from(await getTenant(ctx, id));
  }

  @Mutation(() => CreateTenantPayload, { description: 'Platform operators: create a tenant with its first admin.' })
  @Permit('create', 'Tenant')
  async createTenant(@Context() ctx: Ctx, @Arg('input', () => CreateTenantInput) input: CreateTenantInput): Promise<CreateTenantPayload> {
    const { tenant, admin } = await createTenant(ctx, input);
    return { tenant: TenantType.from(tenant), admin: UserType.from(admin) };
  }
}
