import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Role, type Role as RoleT } from '@asn/domain';
import type { User } from '../../platform/db/entities.js';
import { ConnectionType } from '../../platform/graphql/common.js';

registerEnumType(Role, { name: 'Role', description: 'Roles per tenant kind (domain.md §1).' });

@ObjectType('User', { description: 'A member of a tenant.' })
export class UserType {
  @Field(() => ID) id!: string;
  @Field(() => String) email!: string;
  @Field(() => String) displayName!: string;
  @Field(() => [Role]) roles!: RoleT[];
  @Field(() => [String], { description: 'Regions a network manager looks after.' }) regions!: string[];
  @Field(() => Boolean) active!: boolean;
  @Field(() => String) locale!: string;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Int) version!: number;

  static from(u: User): UserType {
    return Object.assign(new UserType(), {
      id: u.id,
      email: u.email,
      displayName: u.displayName,
      roles: u.roles,
      regions: u.regions,
      active: u.active,
      locale: u.locale,
      createdAt: u.createdAt,
      version: u.version,
    });
  }
}

export const UserConnection = ConnectionType(UserType, 'UserConnection');

@InputType()
export class InviteUserInput {
  @Field(() => String) email!: string;
  @Field(() => String) displayName!: string;
  @Field(() => [Role]) roles!: RoleT[];
  @Field(() => [String], { nullable: true }) regions?: string[] | null;
  @Field(() => String, { nullable: true, description: 'Leave empty to have a one-time password generated.' })
  initialPassword?: string | null;
}

@ObjectType()
export class InviteUserPayload {
  @Field(() => UserType) user!: UserType;
  @Field(() => String, { nullable: true, description: 'Shown once when the server generated the password.' })
  temporaryPassword!: string | null;
}

@InputType()
export class SetUserRolesInput {
  @Field(() => ID) userId!: string;
  @Field(() => [Role]) roles!: RoleT[];
  @Field(() => [String], { nullable: true }) regions?: string[] | null;
  @Field(() => Int, { description: 'The version you read; CONFLICT when it moved.' }) version!: number;
}

@InputType()
export class SetUserActiveInput {
  @Field(() => ID) userId!: string;
  @Field(() => Boolean) active!: boolean;
  @Field(() => Int) version!: number;
}

@InputType()
export class ChangePasswordInput {
  @Field(() => String) currentPassword!: string;
  @Field(() => String) newPassword!: string;
}

@ObjectType()
export class UserPayload {
  @Field(() => UserType) user!: UserType;
}
