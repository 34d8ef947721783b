import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { Money } from '../../platform/graphql/common.js';
import { DecisionChannelEnum, LineKindEnum, LineStatusEnum, PayTypeEnum, RepairOrderStatusEnum } from '../repair-orders/repair-order.types.js';
import type { LineKind, LineStatus, PayType } from '../repair-orders/repair-order.entity.js';
import type { DecisionChannel, RepairOrderState } from '@asn/domain';

@ObjectType({ description: 'A step of the repair as the customer sees it.' })
export class TrackingStep {
  @Field(() => RepairOrderStatusEnum) status!: RepairOrderState;
  @Field(() => Date) at!: Date;
}

@ObjectType({ description: 'A photo of the repair as the customer sees it (of proposed additional work).' })
export class TrackingPhoto {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'A short-lived URL (about 1–2 hours) that only works while the tracking link is valid.' }) url!: string;
  @Field(() => String) fileName!: string;
  @Field(() => Date, { nullable: true }) takenAt!: Date | null;
}

@ObjectType({ description: 'A line of the repair as the customer sees it (no staff, no internal notes).' })
export class TrackingLine {
  @Field(() => ID) id!: string;
  @Field(() => LineKindEnum) kind!: LineKind;
  @Field(() => String) description!: string;
  @Field(() => Money) amount!: Money;
  @Field(() => PayTypeEnum) payType!: PayType;
  @Field(() => LineStatusEnum) status!: LineStatus;
  @Field(() => Boolean) additional!: boolean;
  @Field(() => Boolean) safetyRelevant!: boolean;
  @Field(() => Int, { nullable: true }) delayMinutes!: number | null;
  @Field(() => Boolean, { description: 'Customer-supplied part: no quality guarantee.' }) noGuarantee!: boolean;
  @Field(() => Date, { nullable: true, description: 'When the customer answered for this line.' }) decidedAt!: Date | null;
  @Field(() => DecisionChannelEnum, { nullable: true, description: 'How the customer answered (through this page, in the shop, by phone).' })
  decisionChannel!: DecisionChannel | null;
  @Field(() => [TrackingPhoto], { description: 'Photos the workshop shows for this line (e.g. the worn part behind proposed extra work).' })
  photos!: TrackingPhoto[];
}

@ObjectType()
export class TrackingVehicle {
  @Field(() => String, { nullable: true }) plate!: string | null;
  @Field(() => String, { nullable: true }) brand!: string | null;
  @Field(() => String, { nullable: true }) model!: string | null;
}

@ObjectType()
export class TrackingRating {
  @Field(() => Int) stars!: number;
  @Field(() => String, { nullable: true }) comment!: string | null;
}

@ObjectType({ description: 'An engineer trip as the customer sees it (no names).' })
export class TrackingVisit {
  @Field(() => String) status!: string;
  @Field(() => Date) scheduledAt!: Date;
  @Field(() => Date, { nullable: true, description: 'Expected arrival, live.' }) eta!: Date | null;
  @Field(() => String, { nullable: true }) lateReason!: string | null;
  @Field(() => Date, { nullable: true }) arrivedAt!: Date | null;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
}

@ObjectType('TrackingView', { description: 'The public repair tracking page (在线查询维修进度).' })
export class TrackingView {
  @Field(() => String) number!: string;
  @Field(() => String, { description: 'The workshop that does the repair.' }) workshop!: string;
  @Field(() => String, { description: 'The workshop’s code: its public booking page is /b/<code>.' }) providerCode!: string;
  @Field(() => String, { description: 'The workshop’s IANA time zone: times on the page are its wall clock.' }) timeZone!: string;
  @Field(() => RepairOrderStatusEnum, {
    description: 'The state as the customer says it: once a technician is assigned the work shows as started (IN_PROGRESS).',
  })
  status!: RepairOrderState;
  @Field(() => Boolean) onSite!: boolean;
  @Field(() => Boolean, { description: 'Came in without an appointment: its first step is a registration, not an appointment.' }) walkIn!: boolean;
  @Field(() => Date, { nullable: true, description: 'Promised (or revised) pickup time.' }) promisedAt!: Date | null;
  @Field(() => String, { description: 'Masked, e.g. 赵*.' }) customerName!: string;
  @Field(() => String, { description: 'Masked, e.g. 138****5678.' }) phoneMasked!: string;
  @Field(() => TrackingVehicle) vehicle!: TrackingVehicle;
  @Field(() => [TrackingStep]) steps!: TrackingStep[];
  @Field(() => [TrackingLine], { description: 'Approved and declined lines.' }) lines!: TrackingLine[];
  @Field(() => [TrackingLine], { description: 'Additional work waiting for the customer’s answer.' }) pendingAdditionalWork!: TrackingLine[];
  @Field(() => [TrackingLine], { description: 'The estimate’s lines waiting for the customer’s answer (维修估价).' }) pendingEstimate!: TrackingLine[];
  @Field(() => Money, { description: 'The whole price of the lines waiting for an answer (estimate or additional work), whoever pays.' })
  pendingTotal!: Money;
  @Field(() => Money, { description: 'The customer’s share of the lines waiting for an answer (warranty, insurance, contract pay the rest).' })
  pendingCustomerPays!: Money;
  @Field(() => Boolean, { description: 'The customer may approve or decline the estimate here now.' }) canDecideEstimate!: boolean;
  @Field(() => String, { nullable: true }) additionalReason!: string | null;
  @Field(() => Money, { description: 'What the customer pays for the approved work.' }) customerPays!: Money;
  @Field(() => Boolean) chaseAvailable!: boolean;
  @Field(() => Boolean) canRate!: boolean;
  @Field(() => TrackingRating, { nullable: true }) rating!: TrackingRating | null;
  @Field(() => [TrackingVisit], { description: 'On-site service: the engineer’s trips with their ETA.' }) visits!: TrackingVisit[];
  @Field(() => [TrackingComplaint], { description: 'The customer’s complaints about this repair, oldest first (live).' }) complaints!: TrackingComplaint[];
  @Field(() => String, {
    nullable: true,
    description:
      'While the repair waits for parts (AWAITING_PARTS): the day they are expected (YYYY-MM-DD, the workshop’s calendar) — the latest of the ' +
      'parts ordered for it: a backorder’s confirmed day, else the emergency promise; null when unknown or not waiting. Nothing else of the ' +
      'seller is shown.',
  })
  partsExpectedOn!: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'Opaque event cursor this view reflects (on `tracking` and `trackingUpdates`): pass it as `after` when subscribing again.',
  })
  cursor!: string | null;
}

@InputType()
export class TrackingAccessInput {
  @Field(() => String) token!: string;
  @Field(() => String, { description: 'Last four digits of the customer’s phone.' }) phoneLast4!: string;
}

@InputType()
export class TrackingDecisionInput {
  @Field(() => ID) lineId!: string;
  @Field(() => Boolean) approve!: boolean;
}

@InputType()
export class DecideByLinkInput extends TrackingAccessInput {
  @Field(() => [TrackingDecisionInput]) decisions!: TrackingDecisionInput[];
}

@ObjectType({ description: 'A step of a complaint as the customer sees it (internal notes and findings left out).' })
export class TrackingComplaintStep {
  @Field(() => String, { description: 'received, ACKNOWLEDGE, answerPromised, INVESTIGATE, ESCALATE, RESOLVE, CLOSE, REOPEN, customerMessage.' })
  action!: string;
  @Field(() => String, { nullable: true }) toState!: string | null;
  @Field(() => Boolean, { description: 'The customer’s own message or answer.' }) byCustomer!: boolean;
  @Field(() => String, { nullable: true, description: 'What the customer wrote, or what they were told.' }) note!: string | null;
  @Field(() => Date) at!: Date;
}

@ObjectType({ description: 'A complaint about this repair as the customer sees it.' })
export class TrackingComplaint {
  @Field(() => ID) id!: string;
  @Field(() => String) number!: string;
  @Field(() => String) status!: string;
  @Field(() => String) category!: string;
  @Field(() => String) description!: string;
  @Field(() => Date) receivedAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When the customer hears back next.' }) promisedAnswerAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'What the workshop answered.' }) answer!: string | null;
  @Field(() => Boolean, { description: 'Resolved: the customer may rate the answer (satisfied closes, unsatisfied reopens).' }) canRate!: boolean;
  @Field(() => Int, { nullable: true }) rating!: number | null;
  @Field(() => Boolean, { nullable: true }) satisfied!: boolean | null;
  @Field(() => String, { nullable: true, description: 'The earlier complaint this one follows.' }) previousNumber!: string | null;
  @Field(() => [TrackingComplaintStep]) steps!: TrackingComplaintStep[];
}

@InputType()
export class ComplainByLinkInput extends TrackingAccessInput {
  @Field(() => String, { nullable: true, description: 'A ComplaintCategory (default OTHER).' }) category?: string | null;
  @Field(() => String) description!: string;
}

@InputType()
export class RateComplaintByLinkInput extends TrackingAccessInput {
  @Field(() => ID) complaintId!: string;
  @Field(() => Int) stars!: number;
  @Field(() => Boolean) satisfied!: boolean;
  @Field(() => String, { nullable: true }) comment?: string | null;
}

@InputType()
export class RateRepairInput extends TrackingAccessInput {
  @Field(() => Int) stars!: number;
  @Field(() => String, { nullable: true }) comment?: string | null;
}

@InputType()
export class CreateTrackingLinkInput {
  @Field(() => ID) repairOrderId!: string;
  @Field(() => Int, { nullable: true, description: 'Days the link stays valid (1–180, default 30).' }) validDays?: number | null;
}

@InputType()
export class RevokeTrackingLinkInput {
  @Field(() => ID) id!: string;
}

@ObjectType('TrackingLink', { description: 'A tracking link of a repair order (the token itself is shown only once).' })
export class TrackingLinkType {
  @Field(() => ID) id!: string;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date) expiresAt!: Date;
  @Field(() => Date, { nullable: true }) revokedAt!: Date | null;
  @Field(() => Date, { nullable: true }) lastUsedAt!: Date | null;
  @Field(() => Boolean) active!: boolean;
}

@ObjectType()
export class CreateTrackingLinkPayload {
  @Field(() => TrackingLinkType) link!: TrackingLinkType;
  @Field(() => String, { description: 'Shown once: share it by SMS or WeChat. Only its hash is stored.' }) token!: string;
  @Field(() => String, { description: 'Path of the customer page, e.g. /t/<token>.' }) path!: string;
}

@ObjectType()
export class TrackingLinkPayload {
  @Field(() => TrackingLinkType) link!: TrackingLinkType;
}

@ObjectType('RepairRating', { description: 'The customer’s stars and words after delivery (tracking page).' })
export class RepairRatingType {
  @Field(() => ID) repairOrderId!: string;
  @Field(() => String) number!: string;
  @Field(() => Int) stars!: number;
  @Field(() => String, { nullable: true }) comment!: string | null;
  @Field(() => Date) createdAt!: Date;
}
