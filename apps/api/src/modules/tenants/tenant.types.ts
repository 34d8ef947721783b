import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DEFAULT_TIME_ZONE, TenantKind, type TenantKind as TenantKindT } from '@asn/domain';
import type { Tenant } from '../../platform/db/entities.js';
import { ConnectionType } from '../../platform/graphql/common.js';
import { UserType } from '../users/user.types.js';

registerEnumType(TenantKind, { name: 'TenantKind', description: 'Kind of organisation (domain.md §1).' });

@ObjectType('Tenant', { description: 'An organisation using the platform.' })
export class TenantType {
  @Field(() => ID) id!: string;
  @Field(() => TenantKind) kind!: TenantKindT;
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'Public code other tenants use to find this one (e.g. DLR-E1).' }) code!: string;
  @Field(() => String, { description: `IANA time zone of the tenant’s local days and hours, default ${DEFAULT_TIME_ZONE}.` }) timezone!: string;
  @Field(() => String) currency!: string;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Int) version!: number;

  static from(t: Tenant): TenantType {
    return Object.assign(new TenantType(), {
      id: t.id,
      kind: t.kind,
      name: t.name,
      code: t.code,
      timezone: t.timezone,
      currency: t.currency,
      createdAt: t.createdAt,
      version: t.version,
    });
  }
}

export const TenantConnection = ConnectionType(TenantType, 'TenantConnection');

@InputType()
export class CreateTenantInput {
  @Field(() => TenantKind) kind!: TenantKindT;
  @Field(() => String) name!: string;
  @Field(() => String) code!: string;
  @Field(() => String, { nullable: true }) timezone?: string | null;
  @Field(() => String, { nullable: true }) currency?: string | null;
  @Field(() => String) adminEmail!: string;
  @Field(() => String) adminDisplayName!: string;
  @Field(() => String) adminPassword!: string;
}

@ObjectType()
export class CreateTenantPayload {
  @Field(() => TenantType) tenant!: TenantType;
  @Field(() => UserType) admin!: UserType;
}
