import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../../platform/graphql/common.js';
import type { FollowUp } from './follow-up.entity.js';

export const FollowUpStatusEnum = { OPEN: 'OPEN', DONE: 'DONE' } as const;
registerEnumType(FollowUpStatusEnum, { name: 'FollowUpStatus' });

@ObjectType('FollowUp', { description: 'A follow-up call (回访) after delivery.' })
export class FollowUpType {
  @Field(() => ID) id!: string;
  @Field(() => ID) repairOrderId!: string;
  @Field(() => ID) customerId!: string;
  @Field(() => Int, { description: '1 = first call (2–7 days after delivery), 2 = about a week later.' }) callNo!: number;
  @Field(() => Date) dueAt!: Date;
  @Field(() => ID, { nullable: true }) assignedTo!: string | null;
  @Field(() => FollowUpStatusEnum) status!: 'OPEN' | 'DONE';
  @Field(() => Boolean, { nullable: true }) reached!: boolean | null;
  @Field(() => Int, { nullable: true }) satisfaction!: number | null;
  @Field(() => String, { nullable: true }) vehicleCondition!: string | null;
  @Field(() => String, { nullable: true }) remarks!: string | null;
  @Field(() => String, { nullable: true }) nextMaintenanceOn!: string | null;
  @Field(() => ID, { nullable: true, description: 'A complaint raised in the call.' }) complaintId!: string | null;
  @Field(() => Date, { nullable: true }) doneAt!: Date | null;
  @Field(() => Int) version!: number;
  /** Not a field: the owner, for the permission checks of allowedEvents. */
  tenantId!: string;

  static from(f: FollowUp): FollowUpType {
    const { doneBy: _d, createdAt: _c, ...rest } = f;
    return Object.assign(new FollowUpType(), rest);
  }
}

export const FollowUpConnection = ConnectionType(FollowUpType, 'FollowUpConnection');

@InputType()
export class RecordFollowUpInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
  @Field(() => Boolean) reached!: boolean;
  @Field(() => Int, { nullable: true }) satisfaction?: number | null;
  @Field(() => String, { nullable: true }) vehicleCondition?: string | null;
  @Field(() => String, { nullable: true }) remarks?: string | null;
  @Field(() => String, { nullable: true, description: 'Next maintenance due (YYYY-MM-DD); updates the vehicle file.' }) nextMaintenanceOn?: string | null;
  @Field(() => Int, { nullable: true, description: 'Next maintenance due at this meter reading (km or hours); updates the vehicle file.' })
  nextMaintenanceMeter?: number | null;
  @Field(() => String, { nullable: true, description: 'A complaint the customer raised: recorded as a complaint (channel FOLLOW_UP_CALL) and linked.' })
  complaint?: string | null;
  @Field(() => String, { nullable: true, description: 'Its category (a ComplaintCategory; default SERVICE_QUALITY).' }) complaintCategory?: string | null;
}

@InputType()
export class ReassignFollowUpInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
  @Field(() => ID) assigneeId!: string;
}

@ObjectType()
export class FollowUpPayload {
  @Field(() => FollowUpType) followUp!: FollowUpType;
}
