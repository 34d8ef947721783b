import { Arg, Ctx as Context, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { Ctx } from '../../platform/context.js';
import { Permit, SignedIn } from '../../platform/permissions.js';
import { changeOwnPassword, getUser, inviteUser, listUsers, setUserActive, setUserRoles } from './user.service.js';
import {
  ChangePasswordInput,
  InviteUserInput,
  InviteUserPayload,
  SetUserActiveInput,
  SetUserRolesInput,
  UserConnection,
  UserPayload,
  UserType,
} from './user.types.js';

@Resolver(() => UserType)
export class UserResolver {
  @Query(() => UserConnection, { description: "Colleagues in the caller's tenant." })
  @Permit('read', 'User')
  async users(
    @Context() ctx: Ctx,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('search', () => String, { nullable: true }) search?: string | null,
  ): Promise<InstanceType<typeof UserConnection>> {
    const page = await listUsers(ctx, { first, after, search });
    return { ...page, nodes: page.nodes.map(UserType.from) };
  }

  @Query(() => UserType)
  @Permit('read', 'User')
  async user(@Context() ctx: Ctx, @Arg('id', () => ID) id: string): Promise<UserType> {
    return UserType.from(await getUser(ctx, id));
  }

  @Mutation(() => InviteUserPayload, { description: 'Tenant admins: add a user with roles of the tenant kind.' })
  @Permit('invite', 'User')
  async inviteUser(@Context() ctx: Ctx, @Arg('input', () => InviteUserInput) input: InviteUserInput): Promise<InviteUserPayload> {
    const { user, temporaryPassword } = await inviteUser(ctx, input);
    return { user: UserType.from(user), temporaryPassword };
  }

  @Mutation(() => UserPayload)
  @Permit('assignRoles', 'User')
  async setUserRoles(@Context() ctx: Ctx, @Arg('input', () => SetUserRolesInput) input: SetUserRolesInput): Promise<UserPayload> {
    return { user: UserType.from(await setUserRoles(ctx, input)) };
  }

  @Mutation(() => UserPayload, { description: 'Deactivating a user also revokes their sessions.' })
  @Permit('update', 'User')
  async setUserActive(@Context() ctx: Ctx, @Arg('input', () => SetUserActiveInput) input: SetUserActiveInput): Promise<UserPayload> {
    return { user: UserType.from(await setUserActive(ctx, input)) };
  }

  @Mutation(() => UserPayload)
  @SignedIn()
  async changePassword(@Context() ctx: Ctx, @Arg('input', () => ChangePasswordInput) input: ChangePasswordInput): Promise<UserPayload> {
    return { user: UserType.from(await changeOwnPassword(ctx, input)) };
  }
}
