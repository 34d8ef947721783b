import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { RelationshipKind, type RelationshipKind as RelationshipKindT } from '@asn/domain';
import type { Relationship } from '../../platform/db/entities.js';
import { ConnectionType, Money } from '../../platform/graphql/common.js';
import { IdempotencyKey } from '../../platform/idempotency.js';

registerEnumType(RelationshipKind, {
  name: 'RelationshipKind',
  description: 'DEALER_AUTHORIZATION (manufacturer ⇄ dealer/shop), SUPPLY_AGREEMENT (manufacturer ⇄ supplier), TRADE_ACCOUNT (dealer/shop ⇄ supplier).',
});

@ObjectType('Relationship', { description: 'A network relationship between two tenants (domain.md §1).' })
export class RelationshipType {
  @Field(() => ID) id!: string;
  @Field(() => RelationshipKind) kind!: RelationshipKindT;
  @Field(() => ID, { description: 'The tenant that grants or opens the relationship.' }) fromTenantId!: string;
  @Field(() => ID) toTenantId!: string;
  @Field(() => String, { nullable: true, description: 'Dealer code given by the manufacturer.' }) dealerCode!: string | null;
  @Field(() => String, { nullable: true }) region!: string | null;
  @Field(() => [String], { description: 'Authorised brands.' }) brands!: string[];
  @Field(() => Money, { nullable: true, description: 'Warranty labour rate per hour.' }) warrantyLabourRate!: Money | null;
  @Field(() => Int, { nullable: true, description: 'Supplier recovery share in basis points (1/100 %).' })
  recoveryShareBasisPoints!: number | null;
  @Field(() => Int, { nullable: true, description: 'The buyer’s discount on the seller’s parts list price, in basis points (1/100 %).' })
  partsDiscountBasisPoints!: number | null;
  @Field(() => [String], { description: 'Part groups supplied.' }) partsSupplied!: string[];
  @Field(() => String, { description: 'First valid day (YYYY-MM-DD).' }) validFrom!: string;
  @Field(() => String, { nullable: true, description: 'Last valid day (YYYY-MM-DD), open-ended when empty.' }) validTo!: string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Int) version!: number;

  static from(r: Relationship): RelationshipType {
    return Object.assign(new RelationshipType(), {
      id: r.id,
      kind: r.kind,
      fromTenantId: r.fromTenantId,
      toTenantId: r.toTenantId,
      dealerCode: r.dealerCode,
      region: r.region,
      brands: r.brands,
      warrantyLabourRate: r.warrantyLabourRateMinor != null && r.currency ? { amountMinor: String(r.warrantyLabourRateMinor), currency: r.currency } : null,
      recoveryShareBasisPoints: r.recoveryShareBp,
      partsDiscountBasisPoints: r.partsDiscountBp,
      partsSupplied: r.partsSupplied,
      validFrom: r.validFrom,
      validTo: r.validTo,
      createdAt: r.createdAt,
      version: r.version,
    });
  }
}

export const RelationshipConnection = ConnectionType(RelationshipType, 'RelationshipConnection');

@InputType()
export class CreateRelationshipInput {
  @Field(() => RelationshipKind) kind!: RelationshipKindT;
  @Field(() => String, { description: 'The other tenant, by its public code.' }) counterpartyCode!: string;
  @Field(() => String, { nullable: true }) dealerCode?: string | null;
  @Field(() => String, { nullable: true }) region?: string | null;
  @Field(() => [String], { nullable: true }) brands?: string[] | null;
  @Field(() => String, { nullable: true, description: 'Minor units per hour, as a decimal string.' }) warrantyLabourRateMinor?: string | null;
  @Field(() => String, { nullable: true }) currency?: string | null;
  @Field(() => Int, { nullable: true }) recoveryShareBasisPoints?: number | null;
  @Field(() => Int, { nullable: true }) partsDiscountBasisPoints?: number | null;
  @Field(() => [String], { nullable: true }) partsSupplied?: string[] | null;
  @Field(() => String) validFrom!: string;
  @Field(() => String, { nullable: true }) validTo?: string | null;
  @IdempotencyKey() idempotencyKey?: string | null;
}

@InputType()
export class UpdateRelationshipInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
  @Field(() => String, { nullable: true }) region?: string | null;
  @Field(() => [String], { nullable: true }) brands?: string[] | null;
  @Field(() => String, { nullable: true }) warrantyLabourRateMinor?: string | null;
  @Field(() => Int, { nullable: true }) recoveryShareBasisPoints?: number | null;
  @Field(() => Int, { nullable: true }) partsDiscountBasisPoints?: number | null;
  @Field(() => [String], { nullable: true }) partsSupplied?: string[] | null;
  @Field(() => String, { nullable: true, description: 'Set to end the relationship on that day.' }) validTo?: string | null;
}

@ObjectType()
export class RelationshipPayload {
  @Field(() => RelationshipType) relationship!: RelationshipType;
}
