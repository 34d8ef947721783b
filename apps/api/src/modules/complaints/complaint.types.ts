import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_CHANNELS,
  COMPLAINT_SEVERITIES,
  COMPLAINT_STATES,
  complaintAgeing,
  costShares,
  type ComplaintCategory,
  type ComplaintChannel,
  type ComplaintSeverity,
  type ComplaintState,
} from '@asn/domain';
import { ConnectionType, Money } from '../../platform/graphql/common.js';
import { IdempotencyKey } from '../../platform/idempotency.js';
import { COMPLAINT_AGEING, type ComplaintAgeingFilter } from './complaint.queries.js';
import { RESPONSIBLE_PARTIES } from './complaint.handling.js';
import type { Complaint, ComplaintStep } from './complaint.entity.js';

const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((s) => [s, s])) as { [K in T]: K };
export const ComplaintStatusEnum = enumOf(COMPLAINT_STATES);
registerEnumType(ComplaintStatusEnum, {
  name: 'ComplaintStatus',
  description: 'RECEIVED → ACKNOWLEDGED → INVESTIGATING → RESOLVED → CLOSED; ESCALATED (by age or by the dealer); REOPENED when the customer is not satisfied.',
});
export const ComplaintCategoryEnum = enumOf(COMPLAINT_CATEGORIES);
registerEnumType(ComplaintCategoryEnum, {
  name: 'ComplaintCategory',
  description: 'PRODUCT_QUALITY complaints reach the authorising manufacturer’s quality engineers.',
});
export const ComplaintChannelEnum = enumOf(COMPLAINT_CHANNELS);
registerEnumType(ComplaintChannelEnum, { name: 'ComplaintChannel' });
export const ComplaintSeverityEnum = enumOf(COMPLAINT_SEVERITIES);
registerEnumType(ComplaintSeverityEnum, { name: 'ComplaintSeverity', description: '一般 / 严重 / 重大.' });
export const ComplaintAgeingEnum = enumOf(COMPLAINT_AGEING);
registerEnumType(ComplaintAgeingEnum, { name: 'ComplaintAgeingFilter' });
export const ResponsiblePartyEnum = enumOf(RESPONSIBLE_PARTIES);
registerEnumType(ResponsiblePartyEnum, { name: 'ResponsibleParty' });
export const EscalationTargetEnum = enumOf(['SUPERVISOR', 'MANUFACTURER'] as const);
registerEnumType(EscalationTargetEnum, { name: 'EscalationTarget' });

const money = (amountMinor: string | bigint, currency: string) => Object.assign(new Money(), { amountMinor: String(amountMinor), currency });

@ObjectType('CostSplit', { description: 'Who bears a resolution’s cost, whole percent adding up to 100.' })
export class CostSplitType {
  @Field(() => Int) dealer!: number;
  @Field(() => Int) manufacturer!: number;
  @Field(() => Int) supplier!: number;
  @Field(() => Int) customer!: number;
  @Field(() => Int) goodwill!: number;
}

@ObjectType('CostShares', { description: 'The cost in money per bearer (adds up to the cost exactly).' })
export class CostSharesType {
  @Field(() => Money) dealer!: Money;
  @Field(() => Money) manufacturer!: Money;
  @Field(() => Money) supplier!: Money;
  @Field(() => Money) customer!: Money;
  @Field(() => Money) goodwill!: Money;
}

@ObjectType('ComplaintAgeing')
export class ComplaintAgeingType {
  @Field(() => Boolean) overdueToAcknowledge!: boolean;
  @Field(() => Boolean) overdueToResolve!: boolean;
  @Field(() => Boolean) escalated!: boolean;
}

@ObjectType('QualityFinding', { description: 'The manufacturer’s quality engineer: root cause and responsibility.' })
export class QualityFindingType {
  @Field(() => String) rootCause!: string;
  @Field(() => ResponsiblePartyEnum) responsibleParty!: string;
  @Field(() => String, { nullable: true }) department!: string | null;
  @Field(() => Date) assessedAt!: Date;
}

@ObjectType('ComplaintStep', { description: 'A step of the complaint’s trail.' })
export class ComplaintStepType {
  @Field(() => ID) id!: string;
  @Field(() => String, {
    description:
      'received, ACKNOWLEDGE, INVESTIGATE, ESCALATE, RESOLVE, CLOSE, REOPEN, rootCauseRecorded, answerPromised, customerMessage, qualityAssessed, recoveryDone.',
  })
  action!: string;
  @Field(() => String, { nullable: true }) fromState!: string | null;
  @Field(() => String, { nullable: true }) toState!: string | null;
  @Field(() => String, { description: 'Who (a colleague’s name, `customer`, or `system` for the clock).' }) actorName!: string;
  @Field(() => Boolean, { description: 'The manufacturer’s step (its quality engineer).' }) byManufacturer!: boolean;
  @Field(() => Boolean) automatic!: boolean;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => String, { nullable: true, description: 'Facts of the step as JSON (a level, a promised time, a rating).' }) detail!: string | null;
  @Field(() => Date) occurredAt!: Date;

  static from(s: ComplaintStep, ownerTenantId: string): ComplaintStepType {
    return Object.assign(new ComplaintStepType(), {
      ...s,
      byManufacturer: !!s.actorTenantId && s.actorTenantId !== ownerTenantId,
      detail: s.detail ? JSON.stringify(s.detail) : null,
    });
  }
}

@ObjectType('Complaint')
export class ComplaintType {
  @Field(() => ID) id!: string;
  @Field(() => String) number!: string;
  @Field(() => ComplaintStatusEnum) status!: ComplaintState;
  @Field(() => ComplaintChannelEnum) channel!: ComplaintChannel;
  @Field(() => ComplaintCategoryEnum) category!: ComplaintCategory;
  @Field(() => ComplaintSeverityEnum) severity!: ComplaintSeverity;
  @Field(() => String) description!: string;
  @Field(() => ID, { description: 'The provider complained about.' }) dealerId!: string;
  @Field(() => ID, { nullable: true, description: 'The manufacturer, once the complaint reached it.' }) manufacturerId!: string | null;
  @Field(() => String, { nullable: true }) region!: string | null;
  @Field(() => String, { nullable: true, description: 'Someone without a customer file.' }) contactName!: string | null;
  @Field(() => String, { nullable: true, description: 'The contact’s phone (the provider only).' }) contactPhone!: string | null;
  @Field(() => ID, { nullable: true }) customerId!: string | null;
  @Field(() => ID, { nullable: true }) repairOrderId!: string | null;
  @Field(() => ID, { nullable: true }) vehicleId!: string | null;
  @Field(() => String, { nullable: true, description: 'The vehicle’s VIN (both parties read it).' }) vin!: string | null;
  @Field(() => String, { nullable: true, description: 'Brand and model.' }) vehicleModel!: string | null;
  @Field(() => ID, { nullable: true }) claimId!: string | null;
  @Field(() => ID, { nullable: true }) partsOrderId!: string | null;
  @Field(() => ID, { nullable: true }) previousComplaintId!: string | null;
  @Field(() => Date) receivedAt!: Date;
  @Field(() => Date, { description: 'Acknowledge by then.' }) ackDueAt!: Date;
  @Field(() => Date, { description: 'Unresolved by then → escalated to the supervisor.' }) resolveDueAt!: Date;
  @Field(() => Date, { description: 'Unresolved by then → escalated to the manufacturer.' }) escalate2At!: Date;
  @Field(() => Date, { nullable: true }) acknowledgedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the customer hears back next (they see it).' }) promisedAnswerAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'What the customer is told.' }) answer!: string | null;
  @Field(() => Int, { description: '0 not escalated, 1 the supervisor, 2 the manufacturer.' }) escalationLevel!: number;
  @Field(() => Date, { nullable: true }) escalatedAt!: Date | null;
  @Field(() => String, { nullable: true }) rootCause!: string | null;
  @Field(() => String, { nullable: true }) responsibility!: string | null;
  @Field(() => QualityFindingType, { nullable: true }) qualityFinding!: QualityFindingType | null;
  @Field(() => String, { nullable: true }) resolution!: string | null;
  @Field(() => Money, { nullable: true }) cost!: Money | null;
  @Field(() => CostSplitType, { nullable: true }) costSplit!: CostSplitType | null;
  @Field(() => CostSharesType, { nullable: true }) costShares!: CostSharesType | null;
  @Field(() => Date, { nullable: true }) resolvedAt!: Date | null;
  @Field(() => Int, { nullable: true, description: 'The customer’s stars for the answer.' }) rating!: number | null;
  @Field(() => Boolean, { nullable: true }) satisfied!: boolean | null;
  @Field(() => String, { nullable: true }) ratingComment!: string | null;
  @Field(() => Date, { nullable: true }) ratedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'A low rating’s recovery task (挽回): call the customer by then.' }) recoveryDueAt!: Date | null;
  @Field(() => Date, { nullable: true }) recoveryDoneAt!: Date | null;
  @Field(() => String, { nullable: true }) recoveryNote!: string | null;
  @Field(() => Date, { nullable: true }) closedAt!: Date | null;
  @Field(() => ComplaintAgeingType) ageing!: ComplaintAgeingType;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Int) version!: number;
  /** Not a field: the complaint itself, for allowedEvents and loaders. */
  source!: Complaint;

  static from(c: Complaint, now: Date, viewerTenantId: string | null): ComplaintType {
    const split = c.costSplit;
    const cost = c.costMinor != null && c.currency ? money(c.costMinor, c.currency) : null;
    const shares = split && c.costMinor != null && c.currency ? costShares(BigInt(c.costMinor), split) : null;
    return Object.assign(new ComplaintType(), {
      ...c,
      source: c,
      dealerId: c.tenantId,
      contactPhone: viewerTenantId === c.tenantId ? c.contactPhone : null,
      qualityFinding:
        c.qualityAssessedAt && c.qualityRootCause
          ? { rootCause: c.qualityRootCause, responsibleParty: c.qualityResponsible, department: c.qualityDepartment, assessedAt: c.qualityAssessedAt }
          : null,
      cost,
      costSplit: split
        ? { dealer: split.DEALER, manufacturer: split.MANUFACTURER, supplier: split.SUPPLIER, customer: split.CUSTOMER, goodwill: split.GOODWILL }
        : null,
      costShares: shares
        ? {
            dealer: money(shares.DEALER, c.currency!),
            manufacturer: money(shares.MANUFACTURER, c.currency!),
            supplier: money(shares.SUPPLIER, c.currency!),
            customer: money(shares.CUSTOMER, c.currency!),
            goodwill: money(shares.GOODWILL, c.currency!),
          }
        : null,
      ageing: complaintAgeing(c, now),
    });
  }
}

export const ComplaintConnection = ConnectionType(ComplaintType, 'ComplaintConnection');

@ObjectType('ComplaintPayload')
export class ComplaintPayload {
  @Field(() => ComplaintType) complaint!: ComplaintType;
}

@ObjectType('ComplaintSettings', { description: 'The complaint clock, hours since a complaint was received.' })
export class ComplaintSettingsType {
  @Field(() => Int) ackHours!: number;
  @Field(() => Int) escalateHours!: number;
  @Field(() => Int) escalate2Hours!: number;
}

@ObjectType('ComplaintQueueRow', { description: 'The manufacturer’s quality queue: one dealer of a region.' })
export class ComplaintQueueRowType {
  @Field(() => String, { nullable: true }) region!: string | null;
  @Field(() => ID) dealerId!: string;
  @Field(() => String, { nullable: true }) dealerName!: string | null;
  @Field(() => Int) open!: number;
  @Field(() => Int) awaitingFinding!: number;
  @Field(() => Int) escalated!: number;
  @Field(() => Int) overdue!: number;
  @Field(() => Int) total!: number;
}

@InputType()
export class ComplaintFilterInput {
  @Field(() => [ComplaintStatusEnum], { nullable: true }) status?: ComplaintState[] | null;
  @Field(() => [ComplaintCategoryEnum], { nullable: true }) category?: ComplaintCategory[] | null;
  @Field(() => ComplaintAgeingEnum, { nullable: true }) ageing?: ComplaintAgeingFilter | null;
  @Field(() => ID, { nullable: true }) dealerId?: string | null;
  @Field(() => String, { nullable: true }) region?: string | null;
  @Field(() => ID, { nullable: true }) repairOrderId?: string | null;
  @Field(() => String, { nullable: true }) number?: string | null;
}

@InputType()
export class FileComplaintInput {
  @Field(() => ComplaintChannelEnum, { description: 'PHONE, WALK_IN, LETTER or WEB (the tracking page and follow-up calls file their own).' })
  channel!: string;
  @Field(() => ComplaintCategoryEnum) category!: string;
  @Field(() => ComplaintSeverityEnum, { nullable: true }) severity?: string | null;
  @Field(() => String) description!: string;
  @Field(() => ID, { nullable: true }) customerId?: string | null;
  @Field(() => String, { nullable: true }) contactName?: string | null;
  @Field(() => String, { nullable: true }) contactPhone?: string | null;
  @Field(() => ID, { nullable: true }) repairOrderId?: string | null;
  @Field(() => ID, { nullable: true }) vehicleId?: string | null;
  @Field(() => ID, { nullable: true }) claimId?: string | null;
  @Field(() => ID, { nullable: true }) partsOrderId?: string | null;
  @Field(() => ID, { nullable: true }) previousComplaintId?: string | null;
  @IdempotencyKey() idempotencyKey?: string | null;
}

@InputType()
export class ComplaintRef {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
}

@InputType()
export class AcknowledgeComplaintInput extends ComplaintRef {
  @Field(() => Date, { description: 'When the customer hears back next.' }) promisedAnswerAt!: Date;
  @Field(() => String, { nullable: true, description: 'What the customer is told now.' }) answer?: string | null;
}

@InputType()
export class InvestigateComplaintInput extends ComplaintRef {
  @Field(() => String, { nullable: true }) note?: string | null;
}

@InputType()
export class ComplaintRootCauseInput extends ComplaintRef {
  @Field(() => String) rootCause!: string;
  @Field(() => String, { nullable: true }) responsibility?: string | null;
}

@InputType()
export class EscalateComplaintInput extends ComplaintRef {
  @Field(() => EscalationTargetEnum, { nullable: true, description: 'Default MANUFACTURER.' }) to?: 'SUPERVISOR' | 'MANUFACTURER' | null;
  @Field(() => String) note!: string;
}

@InputType()
export class MoneyInput {
  @Field(() => String) amountMinor!: string;
  @Field(() => String) currency!: string;
}

@InputType()
export class CostSplitInput {
  @Field(() => Int, { nullable: true }) dealer?: number | null;
  @Field(() => Int, { nullable: true }) manufacturer?: number | null;
  @Field(() => Int, { nullable: true }) supplier?: number | null;
  @Field(() => Int, { nullable: true }) customer?: number | null;
  @Field(() => Int, { nullable: true }) goodwill?: number | null;
}

@InputType()
export class ResolveComplaintInput extends ComplaintRef {
  @Field(() => String, { description: 'The action taken.' }) resolution!: string;
  @Field(() => String, { description: 'What the customer is told.' }) answer!: string;
  @Field(() => MoneyInput, { nullable: true }) cost?: MoneyInput | null;
  @Field(() => CostSplitInput, { nullable: true, description: 'Required with a cost: whole percent adding up to 100.' }) split?: CostSplitInput | null;
}

@InputType()
export class ComplaintAnswerInput extends ComplaintRef {
  @Field(() => Int) stars!: number;
  @Field(() => Boolean) satisfied!: boolean;
  @Field(() => String, { nullable: true }) comment?: string | null;
}

@InputType()
export class ComplaintRecoveryInput extends ComplaintRef {
  @Field(() => String) note!: string;
}

@InputType()
export class AssessComplaintInput extends ComplaintRef {
  @Field(() => String) rootCause!: string;
  @Field(() => ResponsiblePartyEnum) responsibleParty!: string;
  @Field(() => String, { nullable: true }) department?: string | null;
}

@InputType()
export class ComplaintSettingsInput {
  @Field(() => Int) ackHours!: number;
  @Field(() => Int) escalateHours!: number;
  @Field(() => Int) escalate2Hours!: number;
}
