import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import {
  CONTRACT_EVENTS,
  CONTRACT_STATES,
  CONTRACT_TYPES,
  ENTITLEMENT_KINDS,
  SERVICE_REQUEST_CHANNELS,
  SERVICE_REQUEST_EVENTS,
  SERVICE_REQUEST_STATES,
  SLA_BASES,
  SLA_CLOCK_STATES,
  SLA_METRICS,
  entitlementLeft,
  type ContractState,
  type ContractType,
  type EntitlementKind,
  type SlaBasis,
} from '@asn/domain';
import { ConnectionType, Money } from '../../platform/graphql/common.js';
import { IdempotencyKey } from '../../platform/idempotency.js';
import type { ContractEntitlement, ContractInspection, ServiceContract } from './contract.entity.js';

const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((s) => [s, s])) as { [K in T]: K };
export const ContractTypeEnum = enumOf(CONTRACT_TYPES);
registerEnumType(ContractTypeEnum, { name: 'ContractType' });
export const ContractStatusEnum = enumOf(CONTRACT_STATES);
registerEnumType(ContractStatusEnum, {
  name: 'ContractStatus',
  description: 'DRAFT → ACTIVE ⇄ SUSPENDED → EXPIRED (after its last day) / TERMINATED (early).',
});
export const ContractEventEnum = enumOf(CONTRACT_EVENTS);
registerEnumType(ContractEventEnum, { name: 'ContractEvent' });
export const SlaBasisEnum = enumOf(SLA_BASES);
registerEnumType(SlaBasisEnum, { name: 'SlaBasis', description: 'WORKING_TIME: the provider’s working calendar; ROUND_THE_CLOCK: every minute (7×24).' });
export const EntitlementKindEnum = enumOf(ENTITLEMENT_KINDS);
registerEnumType(EntitlementKindEnum, { name: 'EntitlementKind' });
export const ServiceRequestStatusEnum = enumOf(SERVICE_REQUEST_STATES);
registerEnumType(ServiceRequestStatusEnum, { name: 'ServiceRequestStatus' });
export const ServiceRequestEventEnum = enumOf(SERVICE_REQUEST_EVENTS);
registerEnumType(ServiceRequestEventEnum, { name: 'ServiceRequestEvent' });
export const ServiceRequestChannelEnum = enumOf(SERVICE_REQUEST_CHANNELS);
registerEnumType(ServiceRequestChannelEnum, { name: 'ServiceRequestChannel' });
export const SlaMetricEnum = enumOf(SLA_METRICS);
registerEnumType(SlaMetricEnum, { name: 'SlaMetric' });
export const SlaClockStateEnum = enumOf(SLA_CLOCK_STATES);
registerEnumType(SlaClockStateEnum, { name: 'SlaClockState' });
export const SiteInspectionResultEnum = enumOf(['OK', 'ATTENTION', 'FAULT'] as const);
registerEnumType(SiteInspectionResultEnum, { name: 'SiteInspectionResult', description: 'A periodic inspection item: OK, needs ATTENTION, or a FAULT found.' });
export const CalendarDayKindEnum = enumOf(['HOLIDAY', 'WORKDAY'] as const);
registerEnumType(CalendarDayKindEnum, { name: 'CalendarDayKind', description: 'HOLIDAY: no work; WORKDAY: an adjusted working day (调休).' });

/**
 * The document a mutation changes and the version the client read (a change of a document that
 * moved meanwhile is refused with CONFLICT). A base for inputs only: no field takes it, so it is
 * not a type of the schema (type-graphql 2 emits only the types resolvers use).
 */
@InputType()
export class VersionedInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
}

@ObjectType('SeverityTargets', { description: 'Targets of one fault severity, in minutes of the contract’s clock basis (null: no promise).' })
export class SeverityTargetsType {
  @Field(() => Int) severity!: number;
  @Field(() => Int, { nullable: true }) firstReplyMinutes!: number | null;
  @Field(() => Int, { nullable: true }) onSiteMinutes!: number | null;
  @Field(() => Int, { nullable: true }) partsMinutes!: number | null;
  @Field(() => Int, { nullable: true }) resolutionMinutes!: number | null;
}

@InputType('SeverityTargetsInput')
export class SeverityTargetsInput {
  @Field(() => Int) severity!: number;
  @Field(() => Int, { nullable: true }) firstReplyMinutes?: number | null;
  @Field(() => Int, { nullable: true }) onSiteMinutes?: number | null;
  @Field(() => Int, { nullable: true }) partsMinutes?: number | null;
  @Field(() => Int, { nullable: true }) resolutionMinutes?: number | null;
}

@ObjectType('ContractEntitlement')
export class EntitlementType {
  @Field(() => ID) id!: string;
  @Field(() => EntitlementKindEnum) kind!: EntitlementKind;
  @Field(() => String, { nullable: true }) code!: string | null;
  @Field() label!: string;
  @Field(() => Int, { nullable: true, description: 'null: unlimited' }) quantity!: number | null;
  @Field(() => Int) used!: number;
  @Field(() => Int, { nullable: true }) left!: number | null;
  @Field(() => Int, { nullable: true }) reportDays!: number | null;
  static from(e: ContractEntitlement): EntitlementType {
    return Object.assign(new EntitlementType(), {
      id: e.id,
      kind: e.kind,
      code: e.code,
      label: e.label,
      quantity: e.quantity,
      used: e.used,
      left: entitlementLeft(e),
      reportDays: e.reportDays,
    });
  }
}

@ObjectType('ContractVehicle')
export class ContractVehicleType {
  @Field() vin!: string;
  @Field(() => String, { nullable: true }) model!: string | null;
  @Field(() => ID, { nullable: true }) vehicleId!: string | null;
}

@ObjectType('InspectionItem')
export class InspectionItemType {
  @Field() item!: string;
  @Field(() => SiteInspectionResultEnum) result!: string;
  @Field(() => String, { nullable: true }) note!: string | null;
}

@InputType('InspectionItemInput')
export class InspectionItemInput {
  @Field() item!: string;
  @Field(() => SiteInspectionResultEnum) result!: 'OK' | 'ATTENTION' | 'FAULT';
  @Field(() => String, { nullable: true }) note?: string | null;
}

@ObjectType('ContractInspection')
export class InspectionType {
  @Field(() => ID) id!: string;
  @Field(() => String, { nullable: true }) vin!: string | null;
  @Field() performedAt!: Date;
  @Field() engineer!: string;
  @Field() reportDueAt!: Date;
  @Field(() => Date, { nullable: true }) reportedAt!: Date | null;
  @Field(() => String, { nullable: true }) findings!: string | null;
  @Field(() => [InspectionItemType]) items!: InspectionItemType[];
  @Field({ description: 'The report is late: not reported by its due instant (or reported after it).' }) overdue!: boolean;
  static from(i: ContractInspection, now: Date): InspectionType {
    return Object.assign(new InspectionType(), {
      ...i,
      items: i.items ?? [],
      overdue: i.reportedAt ? i.reportedAt > i.reportDueAt : now > i.reportDueAt,
    });
  }
}

@ObjectType('ContractConsumption')
export class ConsumptionType {
  @Field(() => ID) id!: string;
  @Field(() => EntitlementKindEnum) kind!: EntitlementKind;
  @Field() entitlementLabel!: string;
  @Field(() => Int) units!: number;
  @Field(() => ID, { nullable: true }) repairOrderId!: string | null;
  @Field(() => String, { nullable: true }) repairOrderNumber!: string | null;
  @Field() createdAt!: Date;
  @Field() released!: boolean;
}

@ObjectType('ContractVersion')
export class ContractVersionType {
  @Field(() => ID) id!: string;
  @Field(() => Int) versionNo!: number;
  @Field(() => ContractStatusEnum) status!: ContractState;
  @Field() startsOn!: string;
  @Field() endsOn!: string;
}

@ObjectType('ServiceContract')
export class ContractType_ {
  source!: ServiceContract;
  @Field(() => ID) id!: string;
  @Field() number!: string;
  @Field(() => Int) versionNo!: number;
  @Field(() => ContractTypeEnum) type!: ContractType;
  @Field(() => ContractStatusEnum) status!: ContractState;
  @Field() title!: string;
  @Field() startsOn!: string;
  @Field() endsOn!: string;
  @Field(() => Money) price!: Money;
  @Field(() => SlaBasisEnum) slaBasis!: SlaBasis;
  @Field(() => [SeverityTargetsType]) sla!: SeverityTargetsType[];
  @Field(() => ID) customerId!: string;
  @Field(() => ID, { description: 'The provider (owner).' }) providerId!: string;
  @Field(() => ID, { nullable: true }) manufacturerId!: string | null;
  @Field(() => String, { nullable: true }) notes!: string | null;
  @Field(() => Date, { nullable: true }) activatedAt!: Date | null;
  @Field(() => Date, { nullable: true }) endedAt!: Date | null;
  @Field(() => String, { nullable: true }) endReason!: string | null;
  @Field(() => ID, { nullable: true }) previousId!: string | null;
  @Field(() => ID, { nullable: true }) renewedById!: string | null;
  @Field(() => Int) version!: number;
  static from(c: ServiceContract): ContractType_ {
    return Object.assign(new ContractType_(), {
      source: c,
      ...c,
      providerId: c.tenantId,
      price: Object.assign(new Money(), { amountMinor: String(c.priceMinor), currency: c.currency }),
      sla: c.sla,
    });
  }
}

export const ServiceContractConnection = ConnectionType(ContractType_, 'ServiceContractConnection');

@InputType('ServiceContractFilterInput')
export class ContractFilterInput {
  @Field(() => ContractStatusEnum, { nullable: true }) status?: ContractState | null;
  @Field(() => String, { nullable: true }) search?: string | null;
  @Field(() => Int, { nullable: true }) expiringWithinDays?: number | null;
}

@InputType('EntitlementInput')
export class EntitlementInput {
  @Field(() => EntitlementKindEnum) kind!: EntitlementKind;
  @Field(() => String, { nullable: true }) code?: string | null;
  @Field() label!: string;
  @Field(() => Int, { nullable: true }) quantity?: number | null;
  @Field(() => Int, { nullable: true }) reportDays?: number | null;
}

@InputType('ContractPriceInput')
export class ContractPriceInput {
  @Field() amountMinor!: string;
  @Field() currency!: string;
}

@InputType('ServiceContractFieldsInput')
class ContractFieldsInput {
  @Field(() => ContractTypeEnum) type!: ContractType;
  @Field() title!: string;
  @Field() startsOn!: string;
  @Field() endsOn!: string;
  @Field(() => ContractPriceInput) price!: ContractPriceInput;
  @Field(() => SlaBasisEnum, { nullable: true }) slaBasis?: SlaBasis | null;
  @Field(() => [SeverityTargetsInput], { nullable: true }) sla?: SeverityTargetsInput[] | null;
  @Field(() => [String]) vins!: string[];
  @Field(() => [EntitlementInput]) entitlements!: EntitlementInput[];
  @Field(() => String, { nullable: true }) notes?: string | null;
}

@InputType('CreateServiceContractInput')
export class CreateContractInput extends ContractFieldsInput {
  @Field(() => ID) customerId!: string;
  @IdempotencyKey() idempotencyKey?: string | null;
}

@InputType('UpdateServiceContractInput')
export class UpdateContractInput extends ContractFieldsInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
}

@InputType('StepServiceContractInput')
export class StepContractInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
  @Field(() => ContractEventEnum) event!: 'ACTIVATE' | 'SUSPEND' | 'RESUME' | 'TERMINATE';
  @Field(() => String, { nullable: true }) reason?: string | null;
}

@InputType('RenewServiceContractInput')
export class RenewContractInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
  @Field(() => String, { nullable: true }) startsOn?: string | null;
  @Field(() => String, { nullable: true }) endsOn?: string | null;
  @Field(() => ContractPriceInput, { nullable: true }) price?: ContractPriceInput | null;
  @IdempotencyKey() idempotencyKey?: string | null;
}

@ObjectType('ServiceContractPayload')
export class ContractPayload {
  @Field(() => ContractType_) contract!: ContractType_;
}

@InputType('CreateContractLinkInput')
export class CreateContractLinkInput {
  @Field(() => ID) contractId!: string;
  @Field(() => Int, { nullable: true }) validDays?: number | null;
}

@ObjectType('CreateContractLinkPayload')
export class CreateContractLinkPayload {
  @Field({ description: 'Shown once: the customer opens /k/<token> and gives the last four digits of their phone.' }) token!: string;
  @Field() expiresAt!: Date;
}

@InputType('RecordInspectionInput')
export class RecordInspectionInput {
  @Field(() => ID) contractId!: string;
  @Field(() => Date, { nullable: true }) performedAt?: Date | null;
  @Field() engineer!: string;
  @Field(() => String, { nullable: true }) vin?: string | null;
  @Field(() => String, { nullable: true }) findings?: string | null;
  @Field(() => [InspectionItemInput], { nullable: true }) items?: InspectionItemInput[] | null;
}

@InputType('ReportInspectionInput')
export class ReportInspectionInput {
  @Field(() => ID) inspectionId!: string;
  @Field() findings!: string;
  @Field(() => [InspectionItemInput], { nullable: true }) items?: InspectionItemInput[] | null;
}

@ObjectType('InspectionPayload')
export class InspectionPayload {
  @Field(() => InspectionType) inspection!: InspectionType;
  @Field(() => ContractType_) contract!: ContractType_;
}

// --- calendar

@ObjectType('TimeSpan')
export class TimeSpanType {
  @Field() start!: string;
  @Field() end!: string;
}

@InputType('TimeSpanInput')
export class TimeSpanInput {
  @Field() start!: string;
  @Field() end!: string;
}

@ObjectType('WeekdaySpans')
export class WeekdaySpansType {
  @Field(() => Int, { description: '1 = Monday … 7 = Sunday' }) weekday!: number;
  @Field(() => [TimeSpanType]) spans!: TimeSpanType[];
}

@InputType('WeekdaySpansInput')
export class WeekdaySpansInput {
  @Field(() => Int) weekday!: number;
  @Field(() => [TimeSpanInput]) spans!: TimeSpanInput[];
}

@ObjectType('CalendarDay')
export class CalendarDayType {
  @Field() date!: string;
  @Field(() => CalendarDayKindEnum) kind!: 'HOLIDAY' | 'WORKDAY';
  @Field(() => String, { nullable: true }) name!: string | null;
  @Field(() => [TimeSpanType], { nullable: true }) spans!: TimeSpanType[] | null;
}

@InputType('CalendarDayInput')
export class CalendarDayInput {
  @Field() date!: string;
  @Field(() => CalendarDayKindEnum) kind!: 'HOLIDAY' | 'WORKDAY';
  @Field(() => String, { nullable: true }) name?: string | null;
  @Field(() => [TimeSpanInput], { nullable: true }) spans?: TimeSpanInput[] | null;
}

@ObjectType('WorkingCalendar')
export class WorkingCalendarType {
  @Field() timeZone!: string;
  @Field({ description: 'false: the tenant keeps none yet (the standard week applies).' }) stored!: boolean;
  @Field(() => [WeekdaySpansType]) week!: WeekdaySpansType[];
  @Field(() => [CalendarDayType]) days!: CalendarDayType[];
}

@InputType('SaveWorkingCalendarInput')
export class SaveCalendarInput {
  @Field(() => [WeekdaySpansInput]) week!: WeekdaySpansInput[];
  @Field(() => [CalendarDayInput]) days!: CalendarDayInput[];
}

export { GraphQLJSONObject };
