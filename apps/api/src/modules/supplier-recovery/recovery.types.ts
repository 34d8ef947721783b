import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { RECOVERY_STATES, type InspectionResult, type RecoveryState } from '@asn/domain';
import { InspectionResultEnum } from '../warranty-claims/claim.types.js';
import { ConnectionType, Money } from '../../platform/graphql/common.js';
import { IdempotencyKey } from '../../platform/idempotency.js';
import type { RecoveryClaim } from './recovery.entity.js';

export const RecoveryStatusEnum = Object.fromEntries(RECOVERY_STATES.map((s) => [s, s])) as { [K in RecoveryState]: K };
registerEnumType(RecoveryStatusEnum, { name: 'RecoveryStatus', description: 'RAISED → ACCEPTED | DISPUTED (with evidence) → SETTLED; or WITHDRAWN.' });

const money = (amountMinor: string, currency: string) => Object.assign(new Money(), { amountMinor, currency });

@ObjectType('RecoveryFailure', { description: 'The failure as the supplier needs to judge it, copied from the warranty claim when the recovery was raised.' })
export class RecoveryFailureType {
  @Field(() => String) vin!: string;
  @Field(() => String, { nullable: true }) brand!: string | null;
  @Field(() => Int, { description: 'Meter reading at the repair (km or hours).' }) meter!: number;
  @Field(() => String) failureDate!: string;
  @Field(() => String) repairDate!: string;
  @Field(() => String) complaint!: string;
  @Field(() => String) cause!: string;
  @Field(() => String) correction!: string;
  @Field(() => String, { nullable: true, description: 'The returned part’s old-part tag.' }) tagCode!: string | null;
  @Field(() => InspectionResultEnum, { nullable: true }) inspectionResult!: InspectionResult | null;
  @Field(() => String, { nullable: true }) inspectionNote!: string | null;
  @Field(() => Date, { nullable: true }) inspectedAt!: Date | null;
}

@ObjectType('RecoveryClaim', { description: 'A supplier recovery claim (供应商追偿).' })
export class RecoveryClaimType {
  @Field(() => ID) id!: string;
  @Field(() => String) number!: string;
  @Field(() => ID) manufacturerId!: string;
  @Field(() => ID) supplierId!: string;
  @Field(() => ID) claimId!: string;
  @Field(() => String) claimNumber!: string;
  @Field(() => String) partNumber!: string;
  @Field(() => String, { nullable: true }) componentGroup!: string | null;
  @Field(() => RecoveryFailureType) failure!: RecoveryFailureType;
  @Field(() => Money, { description: 'The approved amount of the warranty claim.' }) base!: Money;
  @Field(() => Int, { description: 'The agreed share, basis points.' }) shareBp!: number;
  @Field(() => Money) amount!: Money;
  @Field(() => RecoveryStatusEnum) status!: RecoveryState;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => String, { nullable: true }) disputeReason!: string | null;
  @Field(() => Date) raisedAt!: Date;
  @Field(() => Date, { nullable: true }) answeredAt!: Date | null;
  @Field(() => Date, { nullable: true }) settledAt!: Date | null;
  @Field(() => Int) version!: number;
  /** Not a field: the recovery claim itself, for the permission and machine checks of allowedEvents. */
  source!: RecoveryClaim;
  static from(r: RecoveryClaim): RecoveryClaimType {
    return Object.assign(new RecoveryClaimType(), {
      source: r,
      id: r.id,
      number: r.number,
      manufacturerId: r.tenantId,
      supplierId: r.supplierId,
      claimId: r.claimId,
      claimNumber: r.claimNumber,
      partNumber: r.partNumber,
      componentGroup: r.componentGroup,
      failure: Object.assign(new RecoveryFailureType(), { ...r.failure, inspectedAt: r.failure.inspectedAt ? new Date(r.failure.inspectedAt) : null }),
      base: money(r.baseMinor, r.currency),
      shareBp: r.shareBp,
      amount: money(r.amountMinor, r.currency),
      status: r.status,
      note: r.note,
      disputeReason: r.disputeReason,
      raisedAt: r.raisedAt,
      answeredAt: r.answeredAt,
      settledAt: r.settledAt,
      version: r.version,
    });
  }
}

export const RecoveryClaimConnection = ConnectionType(RecoveryClaimType, 'RecoveryClaimConnection');

@InputType()
export class RaiseRecoveryClaimInput {
  @Field(() => ID, { description: 'The warranty claim whose inspected causal part is the supplier’s.' }) claimId!: string;
  @Field(() => String, { nullable: true }) note?: string | null;
  @IdempotencyKey() idempotencyKey?: string | null;
}

@InputType()
export class RecoveryRef {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
}

@InputType()
export class SettleRecoveryClaimInput extends RecoveryRef {
  @IdempotencyKey() idempotencyKey?: string | null;
}

@InputType()
export class AnswerRecoveryClaimInput extends RecoveryRef {
  @Field(() => String, { nullable: true }) note?: string | null;
}

@InputType()
export class DisputeRecoveryClaimInput extends RecoveryRef {
  @Field(() => String) reason!: string;
}

@ObjectType()
export class RecoveryClaimPayload {
  @Field(() => RecoveryClaimType) recovery!: RecoveryClaimType;
}
