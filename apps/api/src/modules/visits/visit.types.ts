import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { VISIT_STATES, type VisitState } from '@asn/domain';
import type { Visit } from './visit.entity.js';
import { IdempotencyKey } from '../../platform/idempotency.js';

export const VisitStatusEnum = Object.fromEntries(VISIT_STATES.map((s) => [s, s])) as { [K in VisitState]: K };
registerEnumType(VisitStatusEnum, { name: 'VisitStatus', description: 'On-site visit: SCHEDULED → EN_ROUTE (ETA) → ARRIVED → FINISHED.' });

@ObjectType('Visit', { description: 'An engineer trip of an on-site repair order (上门服务).' })
export class VisitType {
  @Field(() => ID) id!: string;
  @Field(() => ID) repairOrderId!: string;
  @Field(() => ID) engineerId!: string;
  @Field(() => VisitStatusEnum) status!: VisitState;
  @Field(() => Date) scheduledAt!: Date;
  @Field(() => String) address!: string;
  @Field(() => Date, { nullable: true }) eta!: Date | null;
  @Field(() => String, { nullable: true }) lateReason!: string | null;
  @Field(() => String, { nullable: true, description: 'Loan unit taken along (周转机).' }) loanUnit!: string | null;
  @Field(() => Date, { nullable: true }) departedAt!: Date | null;
  @Field(() => Date, { nullable: true }) arrivedAt!: Date | null;
  @Field(() => String, { nullable: true }) arrivedPlace!: string | null;
  @Field(() => Date, { nullable: true }) finishedAt!: Date | null;
  @Field(() => String, { nullable: true }) finishedPlace!: string | null;
  @Field(() => String, { nullable: true, description: 'Who signed on site.' }) signedBy!: string | null;
  @Field(() => Int) version!: number;
  /** Not a field: the owner, for the permission checks of allowedEvents. */
  tenantId!: string;

  static from(v: Visit): VisitType {
    const { createdAt: _c, ...rest } = v;
    return Object.assign(new VisitType(), rest);
  }
}

@InputType()
export class ScheduleVisitInput {
  @Field(() => ID) repairOrderId!: string;
  @Field(() => ID) engineerId!: string;
  @Field(() => Date) scheduledAt!: Date;
  @Field(() => String, { nullable: true }) loanUnit?: string | null;
  @IdempotencyKey() idempotencyKey?: string | null;
}

@InputType()
export class DepartVisitInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
  @Field(() => Date) eta!: Date;
  @Field(() => Boolean, { description: 'Address, model and fault confirmed with the customer before leaving.' }) confirmedWithCustomer!: boolean;
}

@InputType()
export class ReviseVisitEtaInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
  @Field(() => Date) eta!: Date;
  @Field(() => String) reason!: string;
}

@InputType()
export class ArriveVisitInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
  @Field(() => String, { description: 'Where the engineer checked in.' }) place!: string;
}

@InputType()
export class FinishVisitInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
  @Field(() => String) place!: string;
  @Field(() => String, { description: 'Name of the customer who signed on site.' }) signedBy!: string;
}

@ObjectType()
export class VisitPayload {
  @Field(() => VisitType) visit!: VisitType;
}
