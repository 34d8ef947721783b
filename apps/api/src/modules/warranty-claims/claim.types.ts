import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import {
  CLAIM_REASON_CODES,
  CLAIM_STATES,
  CLAIM_TYPES,
  FINDING_CODES,
  INSPECTION_RESULTS,
  PART_RETURN_STATES,
  type ClaimState,
  type ClaimType,
  type InspectionResult,
  type PartReturnState,
} from '@asn/domain';
import { ConnectionType, Money } from '../../platform/graphql/common.js';
import { IdempotencyKey } from '../../platform/idempotency.js';
import type { SettlementBatch, WarrantyClaim, WarrantyClaimEvent, WarrantyClaimLine } from './claim.entity.js';

const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };
export const ClaimStatusEnum = enumOf(CLAIM_STATES);
registerEnumType(ClaimStatusEnum, { name: 'ClaimStatus', description: 'Warranty claim states (domain.md §4).' });
export const ClaimTypeEnum = enumOf(CLAIM_TYPES);
registerEnumType(ClaimTypeEnum, { name: 'ClaimType' });
export const FindingCodeEnum = enumOf(FINDING_CODES);
registerEnumType(FindingCodeEnum, { name: 'FindingCode', description: 'A named result of the automatic checks on submit.' });
export const ReasonCodeEnum = enumOf(CLAIM_REASON_CODES);
registerEnumType(ReasonCodeEnum, { name: 'ClaimReasonCode', description: 'Why a line was reduced or refused, or a claim rejected.' });
export const ClaimLineKindEnum = { LABOUR: 'LABOUR', PART: 'PART', SUBLET: 'SUBLET' } as const;
registerEnumType(ClaimLineKindEnum, { name: 'ClaimLineKind' });
export const PartReturnStatusEnum = enumOf(PART_RETURN_STATES);
registerEnumType(PartReturnStatusEnum, { name: 'PartReturnStatus' });
export const InspectionResultEnum = enumOf(INSPECTION_RESULTS);
registerEnumType(InspectionResultEnum, { name: 'InspectionResult' });

export const money = (amountMinor: string, currency: string): Money => Object.assign(new Money(), { amountMinor, currency });

@ObjectType('ClaimFinding', { description: 'One finding of the automatic checks, with its evidence.' })
export class ClaimFindingType {
  @Field(() => FindingCodeEnum) code!: string;
  @Field(() => String) message!: string;
  @Field(() => GraphQLJSONObject) evidence!: Record<string, unknown>;
}

@ObjectType('WarrantyClaimLine')
export class ClaimLineType {
  @Field(() => ID) id!: string;
  @Field(() => ID) claimId!: string;
  @Field(() => Int) position!: number;
  @Field(() => ClaimLineKindEnum) kind!: string;
  @Field(() => String) description!: string;
  @Field(() => String, { nullable: true }) operationCode!: string | null;
  @Field(() => Int, { nullable: true, description: 'Hours claimed × 1000.' }) hoursMilli!: number | null;
  @Field(() => Int, { nullable: true, description: 'The operation’s standard hours × 1000.' }) standardHoursMilli!: number | null;
  @Field(() => Money, { nullable: true, description: 'Warranty labour rate per hour.' }) rate!: Money | null;
  @Field(() => String, { nullable: true }) partNumber!: string | null;
  @Field(() => Int, { nullable: true }) quantityMilli!: number | null;
  @Field(() => Money, { nullable: true }) unitPrice!: Money | null;
  @Field(() => Money, { nullable: true }) listPrice!: Money | null;
  @Field(() => Money) amount!: Money;
  @Field(() => Money, { nullable: true }) approved!: Money | null;
  @Field(() => ReasonCodeEnum, { nullable: true }) reasonCode!: string | null;
  @Field(() => ID, { nullable: true, description: 'The repair-order line this claims.' }) repairOrderLineId!: string | null;
  @Field(() => String, { nullable: true, description: 'The old-part tag (旧件标签) code of a removed part.' }) tagCode!: string | null;
  @Field(() => PartReturnStatusEnum) returnStatus!: PartReturnState;
  @Field(() => String, { nullable: true }) carrier!: string | null;
  @Field(() => String, { nullable: true }) trackingNumber!: string | null;
  @Field(() => Date, { nullable: true }) shippedAt!: Date | null;
  @Field(() => Date, { nullable: true }) receivedAt!: Date | null;
  @Field(() => Date, { nullable: true }) inspectedAt!: Date | null;
  @Field(() => InspectionResultEnum, { nullable: true }) inspectionResult!: InspectionResult | null;
  @Field(() => String, { nullable: true }) inspectionNote!: string | null;
  currency!: string;

  static from(l: WarrantyClaimLine, currency: string): ClaimLineType {
    const m = (v: string | null) => (v == null ? null : money(v, currency));
    return Object.assign(new ClaimLineType(), {
      id: l.id,
      claimId: l.claimId,
      position: l.position,
      kind: l.kind,
      description: l.description,
      operationCode: l.operationCode,
      hoursMilli: l.hoursMilli,
      standardHoursMilli: l.standardHoursMilli,
      rate: m(l.rateMinor),
      partNumber: l.partNumber,
      quantityMilli: l.quantityMilli,
      unitPrice: m(l.unitPriceMinor),
      listPrice: m(l.listPriceMinor),
      amount: money(l.amountMinor, currency),
      approved: m(l.approvedMinor),
      reasonCode: l.reasonCode,
      repairOrderLineId: l.repairOrderLineId,
      tagCode: l.tagCode,
      returnStatus: l.returnStatus,
      carrier: l.carrier,
      trackingNumber: l.trackingNumber,
      shippedAt: l.shippedAt,
      receivedAt: l.receivedAt,
      inspectedAt: l.inspectedAt,
      inspectionResult: l.inspectionResult,
      inspectionNote: l.inspectionNote,
      currency,
    });
  }
}

@ObjectType('WarrantyClaimEvent', { description: 'One step of the claim’s shared timeline.' })
export class ClaimEventType {
  @Field(() => ID) id!: string;
  @Field(() => String) action!: string;
  @Field(() => String, { nullable: true }) fromState!: string | null;
  @Field(() => String, { nullable: true }) toState!: string | null;
  @Field(() => String) actorName!: string;
  @Field(() => Boolean, { description: 'A step the system took by itself after the actor’s (the automatic checks’ outcome).' }) automatic!: boolean;
  @Field(() => ID) actorTenantId!: string;
  @Field(() => String, { nullable: true, description: 'What the actor wrote (a question, an answer, a reason, an inspection note).' }) note!: string | null;
  @Field(() => String, { nullable: true, description: 'The part’s old-part tag, for steps of a returned part.' }) tagCode!: string | null;
  @Field(() => InspectionResultEnum, { nullable: true }) inspectionResult!: InspectionResult | null;
  @Field(() => Money, { nullable: true, description: 'The amount the step changed (negative: charged back).' }) amount!: Money | null;
  @Field(() => Date) occurredAt!: Date;
  static from(e: WarrantyClaimEvent): ClaimEventType {
    const d = (e.detail ?? {}) as { tag?: string; result?: InspectionResult; amountMinor?: string; currency?: string };
    return Object.assign(new ClaimEventType(), {
      id: e.id,
      action: e.action,
      fromState: e.fromState,
      toState: e.toState,
      actorName: e.actorName,
      automatic: e.automatic,
      actorTenantId: e.actorTenantId,
      note: e.note,
      tagCode: d.tag ?? null,
      inspectionResult: d.result ?? null,
      amount: d.amountMinor != null && d.currency ? money(d.amountMinor, d.currency) : null,
      occurredAt: e.occurredAt,
    });
  }
}

@ObjectType('WarrantyClaim', { description: 'A warranty claim (索赔单): filed by a dealer, reviewed by its manufacturer.' })
export class WarrantyClaimType {
  @Field(() => ID) id!: string;
  @Field(() => String) number!: string;
  @Field(() => ClaimTypeEnum) type!: ClaimType;
  @Field(() => ClaimStatusEnum) status!: ClaimState;
  @Field(() => ID, { description: 'The filing dealer.' }) dealerId!: string;
  @Field(() => ID) manufacturerId!: string;
  @Field(() => ID, { nullable: true }) repairOrderId!: string | null;
  @Field(() => String, { nullable: true }) region!: string | null;
  @Field(() => String) vin!: string;
  @Field(() => String, { nullable: true }) brand!: string | null;
  @Field(() => Int) meter!: number;
  @Field(() => String) failureDate!: string;
  @Field(() => String) repairDate!: string;
  @Field(() => String, { description: '3C: the complaint.' }) complaint!: string;
  @Field(() => String, { description: '3C: the cause.' }) cause!: string;
  @Field(() => String, { description: '3C: the correction.' }) correction!: string;
  @Field(() => String, { description: '主因件' }) causalPartNumber!: string;
  @Field(() => String, { nullable: true }) causalComponentGroup!: string | null;
  @Field(() => Money) claimed!: Money;
  @Field(() => Money, { nullable: true }) approved!: Money | null;
  @Field(() => [ClaimFindingType]) findings!: ClaimFindingType[];
  @Field(() => Boolean, { description: '三包: the vehicle is eligible for replacement/refund with this repair.' }) sanbaoEligible!: boolean;
  @Field(() => Int, { nullable: true, description: 'Which repair of the same fault this is (三包 count).' }) sanbaoRepairNo!: number | null;
  @Field(() => Int) appeals!: number;
  @Field(() => String, { nullable: true, description: 'The reviewer’s question (NEEDS_INFO).' }) infoRequest!: string | null;
  @Field(() => String, { nullable: true, description: 'The dealer’s answer or appeal.' }) dealerNote!: string | null;
  @Field(() => String, { nullable: true }) decisionNote!: string | null;
  @Field(() => ReasonCodeEnum, { nullable: true }) reasonCode!: string | null;
  @Field(() => Date, { nullable: true }) submittedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the review is due by the manufacturer’s target.' }) reviewDueAt!: Date | null;
  @Field(() => Date, { nullable: true }) decidedAt!: Date | null;
  @Field(() => Boolean) partsReturnRequired!: boolean;
  @Field(() => ID, { nullable: true }) settlementBatchId!: string | null;
  @Field(() => Date, { nullable: true }) creditedAt!: Date | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Int) version!: number;
  currency!: string;
  /** Not a field: the claim itself, for the permission and machine checks of allowedEvents. */
  source!: WarrantyClaim;

  static from(c: WarrantyClaim): WarrantyClaimType {
    return Object.assign(new WarrantyClaimType(), {
      source: c,
      id: c.id,
      number: c.number,
      type: c.type,
      status: c.status,
      dealerId: c.tenantId,
      manufacturerId: c.manufacturerId,
      repairOrderId: c.repairOrderId,
      region: c.region,
      vin: c.vin,
      brand: c.brand,
      meter: c.meter,
      failureDate: c.failureDate,
      repairDate: c.repairDate,
      complaint: c.complaint,
      cause: c.cause,
      correction: c.correction,
      causalPartNumber: c.causalPartNumber,
      causalComponentGroup: c.causalComponentGroup,
      claimed: money(c.claimedMinor, c.currency),
      approved: c.approvedMinor == null ? null : money(c.approvedMinor, c.currency),
      findings: c.findings.map((f) => Object.assign(new ClaimFindingType(), f)),
      sanbaoEligible: c.sanbaoEligible,
      sanbaoRepairNo: c.sanbaoRepairNo,
      appeals: c.appeals,
      infoRequest: c.infoRequest,
      dealerNote: c.dealerNote,
      decisionNote: c.decisionNote,
      reasonCode: c.reasonCode,
      submittedAt: c.submittedAt,
      reviewDueAt: c.reviewDueAt,
      decidedAt: c.decidedAt,
      partsReturnRequired: c.partsReturnRequired,
      settlementBatchId: c.settlementBatchId,
      creditedAt: c.creditedAt,
      createdAt: c.createdAt,
      version: c.version,
      currency: c.currency,
    });
  }
}

export const ClaimConnection = ConnectionType(WarrantyClaimType, 'WarrantyClaimConnection');

@InputType()
export class ClaimFilterInput {
  @Field(() => [ClaimStatusEnum], { nullable: true }) status?: ClaimState[] | null;
  @Field(() => ID, { nullable: true }) dealerId?: string | null;
  @Field(() => String, { nullable: true }) region?: string | null;
  @Field(() => FindingCodeEnum, { nullable: true }) findingCode?: string | null;
  @Field(() => String, { nullable: true }) vin?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Only claims past the review target.' }) overdue?: boolean | null;
  @Field(() => Boolean, { nullable: true }) sanbaoEligible?: boolean | null;
  @Field(() => Int, { nullable: true, description: 'Only claims submitted more than this many hours ago (their age).' }) submittedHoursAgo?: number | null;
  @Field(() => String, { nullable: true, description: 'Only claims decided on or after this day (YYYY-MM-DD, the viewer’s time zone).' })
  decidedFrom?: string | null;
  @Field(() => String, { nullable: true, description: 'Only claims decided on or before this day (YYYY-MM-DD, the viewer’s time zone).' })
  decidedTo?: string | null;
}

@InputType()
export class ClaimLineInput {
  @Field(() => ClaimLineKindEnum) kind!: 'LABOUR' | 'PART' | 'SUBLET';
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => String, { nullable: true }) operationCode?: string | null;
  @Field(() => String, { nullable: true, description: 'Hours, decimal text ("2.5"); default: standard hours.' }) hours?: string | null;
  @Field(() => String, { nullable: true }) partNumber?: string | null;
  @Field(() => String, { nullable: true, description: 'Decimal text; default 1.' }) quantity?: string | null;
  @Field(() => String, { nullable: true, description: 'Default: the list price.' }) unitPriceMinor?: string | null;
  @Field(() => String, { nullable: true, description: 'Sublet: the invoice amount.' }) amountMinor?: string | null;
  @Field(() => ID, { nullable: true, description: 'The repair-order line this claims (a line of the claim’s own repair order, claimed once).' })
  repairOrderLineId?: string | null;
}

@InputType()
export class CreateWarrantyClaimInput {
  @Field(() => ID) manufacturerId!: string;
  @Field(() => ClaimTypeEnum) type!: ClaimType;
  @Field(() => ID, { nullable: true, description: 'Prefill from this repair order’s approved warranty lines.' }) repairOrderId?: string | null;
  @Field(() => String, { nullable: true }) vin?: string | null;
  @Field(() => Int, { nullable: true }) meter?: number | null;
  @Field(() => String, { nullable: true }) failureDate?: string | null;
  @Field(() => String, { nullable: true }) repairDate?: string | null;
  @Field(() => String, { nullable: true }) complaint?: string | null;
  @Field(() => String, { nullable: true }) cause?: string | null;
  @Field(() => String, { nullable: true }) correction?: string | null;
  @Field(() => String, { nullable: true }) causalPartNumber?: string | null;
  @Field(() => String, { nullable: true }) campaignCode?: string | null;
  @Field(() => ID, { nullable: true }) preAuthorizationId?: string | null;
  @Field(() => [ClaimLineInput], { nullable: true, description: 'Default (with a repair order): its approved warranty lines.' }) lines?:
    ClaimLineInput[] | null;
  @IdempotencyKey() idempotencyKey?: string | null;
}

@InputType()
export class UpdateWarrantyClaimInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
  @Field(() => Int, { nullable: true }) meter?: number | null;
  @Field(() => String, { nullable: true }) failureDate?: string | null;
  @Field(() => String, { nullable: true }) complaint?: string | null;
  @Field(() => String, { nullable: true }) cause?: string | null;
  @Field(() => String, { nullable: true }) correction?: string | null;
  @Field(() => String, { nullable: true }) causalPartNumber?: string | null;
  @Field(() => [ClaimLineInput], { nullable: true, description: 'Replaces all lines.' }) lines?: ClaimLineInput[] | null;
}

@InputType()
export class ClaimRef {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
}

@InputType()
export class SubmitWarrantyClaimInput extends ClaimRef {
  @IdempotencyKey() idempotencyKey?: string | null;
}

@InputType()
export class RequestClaimInfoInput extends ClaimRef {
  @Field(() => String) question!: string;
}

@InputType()
export class ProvideClaimInfoInput extends ClaimRef {
  @Field(() => String) answer!: string;
}

@InputType()
export class AppealWarrantyClaimInput extends ClaimRef {
  @Field(() => String) reason!: string;
}

@InputType('ClaimLineDecisionInput')
export class ClaimLineDecisionInput {
  @Field(() => ID) lineId!: string;
  @Field(() => String) approvedMinor!: string;
  @Field(() => ReasonCodeEnum, { nullable: true, description: 'Required when less than claimed is approved.' }) reasonCode?: string | null;
}

@InputType()
export class DecideWarrantyClaimInput extends ClaimRef {
  @Field(() => [ClaimLineDecisionInput]) lines!: ClaimLineDecisionInput[];
  @Field(() => ReasonCodeEnum, { nullable: true, description: 'Required for a rejection.' }) reasonCode?: string | null;
  @Field(() => String, { nullable: true }) note?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Ask for the failed parts back (default: the policy’s setting).' }) requirePartsReturn?: boolean | null;
}

@InputType()
export class ShipClaimPartsInput extends ClaimRef {
  @Field(() => String) carrier!: string;
  @Field(() => String) trackingNumber!: string;
}

@InputType()
export class ReceiveReturnedPartInput {
  @Field(() => String, { description: 'The scanned old-part tag code.' }) tagCode!: string;
}

@InputType()
export class InspectReturnedPartInput {
  @Field(() => String) tagCode!: string;
  @Field(() => InspectionResultEnum) result!: InspectionResult;
  @Field(() => String, { nullable: true }) note?: string | null;
}

@ObjectType()
export class WarrantyClaimPayload {
  @Field(() => WarrantyClaimType) claim!: WarrantyClaimType;
}

@ObjectType('ReturnedPart', { description: 'A removed part on its way back to the manufacturer.' })
export class ReturnedPartType {
  @Field(() => ClaimLineType) line!: ClaimLineType;
  @Field(() => WarrantyClaimType) claim!: WarrantyClaimType;
}

export const ReturnedPartConnection = ConnectionType(ReturnedPartType, 'ReturnedPartConnection');

// ---------------------------------------------------------------------------------------------
// Settlement batches

@ObjectType('SettlementBatch', { description: 'Approved claims of one dealer for a period, credited together (结算单).' })
export class SettlementBatchType {
  @Field(() => ID) id!: string;
  @Field(() => String) number!: string;
  @Field(() => ID) manufacturerId!: string;
  @Field(() => ID) dealerId!: string;
  @Field(() => String) periodFrom!: string;
  @Field(() => String) periodTo!: string;
  @Field(() => Money) total!: Money;
  @Field(() => Int) claimCount!: number;
  @Field(() => Date) createdAt!: Date;
  static from(b: SettlementBatch): SettlementBatchType {
    return Object.assign(new SettlementBatchType(), {
      id: b.id,
      number: b.number,
      manufacturerId: b.tenantId,
      dealerId: b.dealerId,
      periodFrom: b.periodFrom,
      periodTo: b.periodTo,
      total: money(b.totalMinor, b.currency),
      claimCount: b.claimCount,
      createdAt: b.createdAt,
    });
  }
}

export const SettlementBatchConnection = ConnectionType(SettlementBatchType, 'SettlementBatchConnection');

@InputType()
export class CreateSettlementBatchInput {
  @Field(() => ID) dealerId!: string;
  @Field(() => String, { description: 'YYYY-MM-DD, decided on or after.' }) periodFrom!: string;
  @Field(() => String, { description: 'YYYY-MM-DD, decided on or before.' }) periodTo!: string;
  @IdempotencyKey() idempotencyKey?: string | null;
}

@ObjectType()
export class SettlementBatchPayload {
  @Field(() => SettlementBatchType) batch!: SettlementBatchType;
}
