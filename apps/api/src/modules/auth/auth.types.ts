import { Field, InputType, ObjectType } from 'type-graphql';
import { Role, type Role as RoleT } from '@asn/domain';
import { TenantType } from '../tenants/tenant.types.js';
import { UserType } from '../users/user.types.js';

@ObjectType({ description: 'What the signed-in user may do, for the portal to decide what to show.' })
export class MePermissions {
  @Field(() => Boolean) inviteUser!: boolean;
  @Field(() => Boolean) assignRoles!: boolean;
  @Field(() => Boolean) createRelationship!: boolean;
  @Field(() => Boolean) readAudit!: boolean;
  @Field(() => Boolean) createTenant!: boolean;
}

@ObjectType('Me')
export class MeType {
  @Field(() => UserType) user!: UserType;
  @Field(() => TenantType, { nullable: true, description: 'Null for platform operators.' }) tenant!: TenantType | null;
  @Field(() => Boolean) isPlatformAdmin!: boolean;
  @Field(() => [String], { description: 'Portal areas this user may open, derived from the permission rules.' }) navigation!: string[];
  @Field(() => MePermissions) can!: MePermissions;
  @Field(() => [Role], { description: 'Roles this user may give to colleagues.' }) assignableRoles!: RoleT[];
}

@InputType()
export class SignInInput {
  @Field(() => String) email!: string;
  @Field(() => String) password!: string;
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'API clients: also return the token for the Authorization header.' })
  issueBearerToken?: boolean;
}

@ObjectType()
export class SignInPayload {
  @Field(() => MeType) me!: MeType;
  @Field(() => String, { nullable: true, description: 'Only when issueBearerToken was set; browsers use the HttpOnly cookie.' })
  token!: string | null;
}

@ObjectType()
export class SignOutPayload {
  @Field(() => Boolean) ok!: boolean;
}
