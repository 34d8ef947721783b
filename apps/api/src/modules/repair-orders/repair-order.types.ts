import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { DECISION_CHANNELS, PAY_TYPES, REPAIR_ORDER_STATES, type DecisionChannel, type PayType, type RepairOrderState } from '@asn/domain';
import { ConnectionType, Money } from '../../platform/graphql/common.js';
import { IdempotencyKey } from '../../platform/idempotency.js';
import type { LineKind, LineStatus, PartSource, RepairOrder, RepairOrderLine } from './repair-order.entity.js';

const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const RepairOrderStatusEnum = enumOf(REPAIR_ORDER_STATES);
export const PayTypeEnum = enumOf(PAY_TYPES);
export const LineKindEnum = enumOf(['LABOUR', 'PART'] as const);
export const PartSourceEnum = enumOf(['OEM', 'AFTERMARKET', 'CUSTOMER_SUPPLIED'] as const);
export const LineStatusEnum = enumOf(['PROPOSED', 'APPROVED', 'DECLINED'] as const);
export const EstimateMethodEnum = enumOf(['SYSTEM', 'SYMPTOM', 'ITEM'] as const);
export const DecisionChannelEnum = enumOf(DECISION_CHANNELS);
/** The channels staff record an answer from (the tracking link is the customer's own). */
export const StaffDecisionChannelEnum = enumOf(['IN_SHOP', 'PHONE'] as const);
registerEnumType(RepairOrderStatusEnum, { name: 'RepairOrderStatus', description: 'Repair order states (domain.md §3).' });
registerEnumType(PayTypeEnum, { name: 'PayType' });
registerEnumType(LineKindEnum, { name: 'LineKind' });
registerEnumType(PartSourceEnum, { name: 'PartSource', description: 'OEM 正厂件, AFTERMARKET 副厂件, CUSTOMER_SUPPLIED 客户自带.' });
registerEnumType(LineStatusEnum, { name: 'LineStatus' });
registerEnumType(DecisionChannelEnum, {
  name: 'DecisionChannel',
  description: 'How the customer answered: TRACKING_LINK (themselves), IN_SHOP (signed, recorded by staff), PHONE (recorded by staff).',
});
registerEnumType(StaffDecisionChannelEnum, { name: 'StaffDecisionChannel', description: 'IN_SHOP (the customer signs) or PHONE.' });
registerEnumType(EstimateMethodEnum, { name: 'EstimateMethod', description: 'SYSTEM (by failed system), SYMPTOM (by symptom), ITEM (per item / flat rate).' });

const money = (amountMinor: string | bigint, currency: string): Money => ({ amountMinor: amountMinor.toString(), currency });

@ObjectType('RepairOrderLine', { description: 'A labour or part line of an estimate or of additional work.' })
export class RepairOrderLineType {
  @Field(() => ID) id!: string;
  @Field(() => LineKindEnum) kind!: LineKind;
  @Field(() => String) description!: string;
  @Field(() => String, { nullable: true }) operationCode!: string | null;
  @Field(() => String, { nullable: true, description: 'Standard hours, decimal.' }) hours!: string | null;
  @Field(() => Money, { nullable: true }) rate!: Money | null;
  @Field(() => String, { nullable: true }) partNumber!: string | null;
  @Field(() => String, { nullable: true, description: 'Quantity, decimal.' }) quantity!: string | null;
  @Field(() => Money, { nullable: true }) unitPrice!: Money | null;
  @Field(() => PartSourceEnum, { nullable: true }) source!: PartSource | null;
  @Field(() => Boolean, { description: 'Customer-supplied parts carry no quality guarantee (the order says so).' }) noGuarantee!: boolean;
  @Field(() => PayTypeEnum) payType!: PayType;
  @Field(() => Money) amount!: Money;
  @Field(() => LineStatusEnum) status!: LineStatus;
  @Field(() => Boolean) additional!: boolean;
  @Field(() => Boolean) safetyRelevant!: boolean;
  @Field(() => Int, { nullable: true }) delayMinutes!: number | null;
  @Field(() => String, { nullable: true, description: 'Who answered (tracking link: none) or who recorded the answer.' }) decidedBy!: string | null;
  @Field(() => Date, { nullable: true }) decidedAt!: Date | null;
  @Field(() => DecisionChannelEnum, { nullable: true }) decisionChannel!: DecisionChannel | null;
  @Field(() => ID, { nullable: true }) technicianId!: string | null;
  @Field(() => Boolean) clockedOn!: boolean;
  @Field(() => Int) clockedMinutes!: number;

  static from(l: RepairOrderLine, currency: string): RepairOrderLineType {
    const dec = (milli: number | null) => (milli == null ? null : (milli / 1000).toFixed(3).replace(/\.?0+$/, ''));
    return Object.assign(new RepairOrderLineType(), {
      id: l.id,
      kind: l.kind,
      description: l.description,
      operationCode: l.operationCode,
      hours: dec(l.hoursMilli),
      rate: l.rateMinor != null ? money(l.rateMinor, currency) : null,
      partNumber: l.partNumber,
      quantity: dec(l.quantityMilli),
      unitPrice: l.unitPriceMinor != null ? money(l.unitPriceMinor, currency) : null,
      source: l.source,
      noGuarantee: l.source === 'CUSTOMER_SUPPLIED',
      payType: l.payType,
      amount: money(l.amountMinor, currency),
      status: l.status,
      additional: l.additional,
      safetyRelevant: l.safetyRelevant,
      delayMinutes: l.delayMinutes,
      decidedBy: l.decidedBy,
      decidedAt: l.decidedAt,
      decisionChannel: l.decisionChannel,
      technicianId: l.technicianId,
      clockedOn: l.clockStartedAt != null,
      clockedMinutes: l.clockedMinutes,
    });
  }
}

@ObjectType()
export class PayTypeTotal {
  @Field(() => PayTypeEnum) payType!: PayType;
  @Field(() => Money) amount!: Money;
}

@ObjectType('RepairOrderTotals', { description: 'Totals of the approved lines (declined and pending ones excluded).' })
export class RepairOrderTotals {
  @Field(() => [PayTypeTotal]) byPayType!: PayTypeTotal[];
  @Field(() => Money) labour!: Money;
  @Field(() => Money) parts!: Money;
  @Field(() => Money) gross!: Money;
  @Field(() => Money) discount!: Money;
  @Field(() => Money) customerPays!: Money;
}

@ObjectType('RepairOrder', { description: 'Repair order (进厂维修单 / 工单).' })
export class RepairOrderType {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'Human number, e.g. RO-2026-000123.' }) number!: string;
  @Field(() => RepairOrderStatusEnum) status!: RepairOrderState;
  @Field(() => ID) customerId!: string;
  @Field(() => ID) vehicleId!: string;
  @Field(() => String) complaint!: string;
  @Field(() => Boolean) onSite!: boolean;
  @Field(() => String, { nullable: true }) siteAddress!: string | null;
  @Field(() => Date, { nullable: true }) appointmentAt!: Date | null;
  @Field(() => Date, { nullable: true }) promisedAt!: Date | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'Meter, fuel, damage notes, belongings (随车物品), documents, key tag.' })
  checkIn!: Record<string, unknown> | null;
  @Field(() => GraphQLJSONObject, { nullable: true }) diagnosis!: Record<string, unknown> | null;
  @Field(() => EstimateMethodEnum, { nullable: true }) estimateMethod!: string | null;
  @Field(() => ID, { nullable: true }) technicianId!: string | null;
  @Field(() => String, { nullable: true }) bay!: string | null;
  @Field(() => Int, { description: 'Times QC sent the order back (first-time-fix KPI).' }) reworkCount!: number;
  @Field(() => String) currency!: string;
  @Field(() => String, { nullable: true }) paymentMethod!: string | null;
  @Field(() => String, { nullable: true }) cancelReason!: string | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: 'High-value parts reserved for the appointment and the deposit taken.' })
  reservation!: Record<string, unknown> | null;
  @Field(() => Boolean, { description: 'The customer missed the appointment.' }) noShow!: boolean;
  @Field(() => Date, { nullable: true, description: 'The customer’s last reminder (催单) the desk has not answered yet.' }) chasedAt!: Date | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) updatedAt!: Date;
  @Field(() => Int) version!: number;
  /** Not a field: read by the totals resolver. */
  discountMinor!: string;
  /** Not a field: the owner, for the permission checks of allowedEvents. */
  tenantId!: string;

  static from(o: RepairOrder): RepairOrderType {
    return Object.assign(new RepairOrderType(), {
      id: o.id,
      tenantId: o.tenantId,
      number: o.number,
      status: o.status,
      customerId: o.customerId,
      vehicleId: o.vehicleId,
      complaint: o.complaint,
      onSite: o.onSite,
      siteAddress: o.siteAddress,
      appointmentAt: o.appointmentAt,
      promisedAt: o.promisedAt,
      checkIn: o.checkIn as Record<string, unknown> | null,
      diagnosis: o.diagnosis as Record<string, unknown> | null,
      estimateMethod: o.estimateMethod,
      technicianId: o.technicianId,
      bay: o.bay,
      reworkCount: o.reworkCount,
      currency: o.currency,
      paymentMethod: o.paymentMethod,
      cancelReason: o.cancelReason,
      reservation: o.reservation as Record<string, unknown> | null,
      noShow: o.noShow,
      chasedAt: o.chasedAt,
      createdAt: o.createdAt,
      updatedAt: o.updatedAt,
      version: o.version,
      discountMinor: o.discountMinor,
    });
  }
}

export const RepairOrderConnection = ConnectionType(RepairOrderType, 'RepairOrderConnection');

@ObjectType()
export class RepairOrderPayload {
  @Field(() => RepairOrderType) repairOrder!: RepairOrderType;
}

@InputType()
export class LineInput {
  @Field(() => LineKindEnum) kind!: LineKind;
  @Field(() => String) description!: string;
  @Field(() => String, { nullable: true }) operationCode?: string | null;
  @Field(() => String, { nullable: true, description: 'LABOUR: standard hours, e.g. "1.5".' }) hours?: string | null;
  @Field(() => String, { nullable: true, description: 'LABOUR: rate per hour in minor units.' }) rateMinor?: string | null;
  @Field(() => String, { nullable: true }) partNumber?: string | null;
  @Field(() => String, { nullable: true, description: 'PART: quantity, e.g. "2" or "4.5".' }) quantity?: string | null;
  @Field(() => String, { nullable: true, description: 'PART: unit price in minor units.' }) unitPriceMinor?: string | null;
  @Field(() => PartSourceEnum, { nullable: true }) source?: PartSource | null;
  @Field(() => PayTypeEnum) payType!: PayType;
}

@InputType()
export class ReservedPartInput {
  @Field(() => String) partNumber!: string;
  @Field(() => String) description!: string;
  @Field(() => String, { description: 'Minor units.' }) unitPriceMinor!: string;
  @Field(() => Int) quantity!: number;
}

@ObjectType({ description: 'One appointment slot of a day.' })
export class AppointmentSlot {
  @Field(() => Date) start!: Date;
  @Field(() => Int) booked!: number;
  @Field(() => Int) capacity!: number;
  @Field(() => Boolean) available!: boolean;
}

@InputType()
export class CreateRepairOrderInput {
  @Field(() => ID) customerId!: string;
  @Field(() => ID) vehicleId!: string;
  @Field(() => String) complaint!: string;
  @Field(() => Date, { nullable: true }) appointmentAt?: Date | null;
  @Field(() => Date, { nullable: true }) promisedAt?: Date | null;
  @Field(() => Boolean, { nullable: true, description: 'On-site service at the customer’s address (上门服务).' }) onSite?: boolean | null;
  @Field(() => String, { nullable: true }) siteAddress?: string | null;
  @Field(() => [ReservedPartInput], { nullable: true, description: 'High-value parts to reserve for the appointment.' }) reservedParts?:
    ReservedPartInput[] | null;
  @Field(() => String, { nullable: true, description: 'Deposit taken (minor units): at least half the reserved parts’ price.' }) depositMinor?: string | null;
  @IdempotencyKey() idempotencyKey?: string | null;
}

@InputType({ description: 'Identifies the order and the version the client read.' })
export class OrderRef {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
}

@InputType()
export class CheckInInput extends OrderRef {
  @Field(() => Int, { description: 'Odometer (km) or hour meter reading.' }) meter!: number;
  @Field(() => Int, { nullable: true, description: 'Fuel level in eighths (0–8).' }) fuelEighths?: number | null;
  @Field(() => String, { nullable: true }) damageNotes?: string | null;
  @Field(() => [String], { nullable: true, description: 'Belongings list (随车物品清单).' }) belongings?: string[] | null;
  @Field(() => [String], { nullable: true }) documents?: string[] | null;
  @Field(() => String, { nullable: true }) keyTag?: string | null;
  @Field(() => Boolean) customerSigned!: boolean;
}

@InputType()
export class FindingInput {
  @Field(() => String) system!: string;
  @Field(() => String) finding!: string;
}

@InputType()
export class DiagnoseInput extends OrderRef {
  @Field(() => [FindingInput]) findings!: FindingInput[];
  @Field(() => String) summary!: string;
}

@InputType()
export class EstimateInput extends OrderRef {
  @Field(() => EstimateMethodEnum) method!: 'SYSTEM' | 'SYMPTOM' | 'ITEM';
  @Field(() => Date, { nullable: true }) promisedAt?: Date | null;
  @Field(() => [LineInput]) lines!: LineInput[];
}

@InputType()
export class DispatchInput extends OrderRef {
  @Field(() => ID) technicianId!: string;
  @Field(() => String, { nullable: true }) bay?: string | null;
}

@InputType()
export class ClockLineInput {
  @Field(() => ID) lineId!: string;
  @Field(() => Boolean, { description: 'true = clock on, false = clock off.' }) on!: boolean;
}

@InputType()
export class ProposeAdditionalWorkInput extends OrderRef {
  @Field(() => [LineInput]) lines!: LineInput[];
  @Field(() => String) reason!: string;
  @Field(() => Boolean, { nullable: true }) safetyRelevant?: boolean | null;
  @Field(() => Int, { nullable: true, description: 'Delay the extra work causes, in minutes.' }) delayMinutes?: number | null;
}

@InputType()
export class LineDecisionInput {
  @Field(() => ID) lineId!: string;
  @Field(() => Boolean) approve!: boolean;
}

@InputType()
export class DecideAdditionalWorkInput extends OrderRef {
  @Field(() => [LineDecisionInput], { description: 'One answer for every proposed line.' }) decisions!: LineDecisionInput[];
  @Field(() => StaffDecisionChannelEnum, { description: 'How the customer answered.' }) channel!: 'IN_SHOP' | 'PHONE';
  @Field(() => Boolean, { nullable: true, description: 'In the shop the customer signs.' }) customerSigned?: boolean | null;
}

@InputType()
export class DecideEstimateInput extends OrderRef {
  @Field(() => [LineDecisionInput], { nullable: true, description: 'One answer for every line of the estimate; none: the whole estimate approved.' })
  decisions?: LineDecisionInput[] | null;
  @Field(() => StaffDecisionChannelEnum, { description: 'How the customer answered.' }) channel!: 'IN_SHOP' | 'PHONE';
  @Field(() => Boolean, { nullable: true, description: 'In the shop the customer signs the estimate.' }) customerSigned?: boolean | null;
}

@InputType()
export class PartsWaitInput extends OrderRef {
  @Field(() => String) note!: string;
}

@InputType()
export class QcInput extends OrderRef {
  @Field(() => Boolean) passed!: boolean;
  @Field(() => String, { nullable: true }) notes?: string | null;
}

@InputType()
export class SettleInput extends OrderRef {
  @Field(() => String, { nullable: true, description: 'Discount in minor units; needs the service admin.' }) discountMinor?: string | null;
  @Field(() => String) paymentMethod!: string;
  @IdempotencyKey() idempotencyKey?: string | null;
}

@InputType()
export class DeliverInput extends OrderRef {
  @Field(() => Boolean) belongingsReturned!: boolean;
  @Field(() => Boolean) customerSigned!: boolean;
}

@InputType()
export class CancelInput extends OrderRef {
  @Field(() => String) reason!: string;
}

export { money };

@ObjectType('CustomerNotice', { description: 'A message the product sent (or recorded) about the order: SMS to the customer, or an alert for the desk.' })
export class CustomerNoticeType {
  @Field(() => ID) id!: string;
  @Field(() => Date) createdAt!: Date;
  @Field(() => String, { description: 'CUSTOMER or STAFF.' }) audience!: string;
  @Field(() => String, { description: 'SMS or IN_APP.' }) channel!: string;
  @Field(() => String) kind!: string;
  @Field(() => String) message!: string;
  @Field(() => String, { nullable: true }) recipientMasked!: string | null;
  @Field(() => String, { description: 'RECORDED (in-app), PENDING, SENT, FAILED, or NOT_SENT (no SMS gateway configured).' }) status!: string;
  @Field(() => Date, { nullable: true }) sentAt!: Date | null;
  @Field(() => String, { nullable: true }) lastError!: string | null;
}
