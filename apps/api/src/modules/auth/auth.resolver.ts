import { Arg, Ctx as Context, Mutation, Query, Resolver } from 'type-graphql';
import { defineAbilityFor, navigationFor } from '@asn/authz';
import { ROLES_BY_KIND } from '@asn/domain';
import type { Ctx } from '../../platform/context.js';
import { Public, SignedIn } from '../../platform/permissions.js';
import { getOwnTenant } from '../tenants/tenant.service.js';
import { TenantType } from '../tenants/tenant.types.js';
import { UserType } from '../users/user.types.js';
import { signIn, signOut, touchSession, type ResolvedSession } from './auth.service.js';
import { MeType, SignInInput, SignInPayload, SignOutPayload } from './auth.types.js';

/** Portal areas of the warranty business: a workshop no manufacturer authorises has none of them. */
const WARRANTY_AREAS = new Set(['claims', 'returns', 'settlements', 'recoveries']);
const WORKSHOP_KINDS = new Set(['DEALER_4S', 'INDEPENDENT_SHOP']);

async function meOf(ctx: Ctx, resolved: ResolvedSession): Promise<MeType | null> {
  const { actor, principal } = resolved;
  if (actor.type === 'anonymous' || !principal) return null;
  const ability = defineAbilityFor(actor);
  const scoped: Ctx = { ...ctx, actor, principal, ability };
  const own = actor.type === 'member' ? await getOwnTenant(scoped, actor.tenantId) : null;
  const tenant = own ? TenantType.from(own.tenant) : null;
  const noWarranty = actor.type === 'member' && WORKSHOP_KINDS.has(actor.tenantKind) && !own?.authorisedByManufacturer;
  const user = Object.assign(new UserType(), {
    id: principal.userId,
    email: principal.email,
    displayName: principal.displayName,
    roles: principal.roles,
    regions: principal.regions,
    active: true,
    locale: principal.locale,
    createdAt: principal.createdAt,
    version: principal.version,
  });
  return {
    user,
    tenant,
    isPlatformAdmin: actor.type === 'platform',
    navigation: navigationFor(actor, ability).filter((area) => !(noWarranty && WARRANTY_AREAS.has(area))),
    can: {
      inviteUser: ability.can('invite', 'User'),
      assignRoles: ability.can('assignRoles', 'User'),
      createRelationship: ability.can('create', 'Relationship'),
      readAudit: ability.can('read', 'AuditEntry'),
      createTenant: ability.can('create', 'Tenant'),
    },
    assignableRoles: actor.type === 'member' && ability.can('assignRoles', 'User') ? [...ROLES_BY_KIND[actor.tenantKind]] : [],
  };
}

@Resolver()
export class AuthResolver {
  @Query(() => MeType, { nullable: true, description: 'The signed-in user, or null.' })
  @Public('tells a visitor whether they are signed in')
  async me(@Context() ctx: Ctx): Promise<MeType | null> {
    await touchSession(ctx); // the portal asks on every page: keeps an active session alive
    return meOf(ctx, { actor: ctx.actor, principal: ctx.principal });
  }

  @Mutation(() => SignInPayload, { description: 'Password sign-in; sets the HttpOnly session cookie. Failed attempts are throttled.' })
  @Public('the way in')
  async signIn(@Context() ctx: Ctx, @Arg('input', () => SignInInput) input: SignInInput): Promise<SignInPayload> {
    const { token, resolved } = await signIn(ctx, input);
    const me = await meOf(ctx, resolved);
    if (!me) throw new Error('session vanished right after sign-in');
    return { me, token };
  }

  @Mutation(() => SignOutPayload, { description: 'Revokes the current session.' })
  @SignedIn()
  async signOut(@Context() ctx: Ctx): Promise<SignOutPayload> {
    await signOut(ctx);
    return { ok: true };
  }
}
