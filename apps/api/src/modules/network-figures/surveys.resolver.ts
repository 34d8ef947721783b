import { CSI_INDICATOR_CODES } from '@asn/domain';
import { Arg, Ctx as Context, Field, InputType, Int, Mutation, ObjectType, Query, Resolver, ID } from 'type-graphql';
import type { Ctx } from '../../platform/context.js';
import { Permit, Public } from '../../platform/permissions.js';
import { openLink } from '../tracking/tracking.service.js';
import { TrackingAccessInput } from '../tracking/tracking.types.js';
import { saveSurvey, surveyState } from './surveys.service.js';

@InputType()
export class SurveyAnswerInput {
  @Field({ description: 'A seed-004 indicator code (CSI_INDICATOR_CODES), e.g. STAFF_ATTITUDE.' }) indicator!: string;
  @Field(() => Int, { description: 'What the customer expected, 1–5.' }) expected!: number;
  @Field(() => Int, { description: 'What the customer experienced, 1–5.' }) actual!: number;
}

@InputType()
export class RecordSurveyInput {
  @Field(() => ID) repairOrderId!: string;
  @Field(() => [SurveyAnswerInput]) answers!: SurveyAnswerInput[];
}

@InputType()
export class AnswerSurveyByLinkInput extends TrackingAccessInput {
  @Field(() => [SurveyAnswerInput]) answers!: SurveyAnswerInput[];
}

@ObjectType('SurveyAnswer', { description: 'One answered indicator: what the customer expected and what they experienced, 1–5.' })
export class SurveyAnswerType {
  @Field() indicator!: string;
  @Field(() => Int) expected!: number;
  @Field(() => Int) actual!: number;
}

@ObjectType('SurveyStatus', { description: 'The customer-satisfaction survey of a repair, as its customer sees it.' })
export class SurveyStatusType {
  @Field({ description: 'Delivered and not answered yet through the link.' }) canAnswer!: boolean;
  @Field({ description: 'Answered already through the link.' }) answered!: boolean;
  @Field(() => [String], { description: 'The indicators to ask, in order (the portal names them).' }) indicators!: string[];
  @Field(() => [SurveyAnswerType], { description: 'What the customer answered through the link (empty until answered).' }) answers!: SurveyAnswerType[];
  @Field(() => Date, { nullable: true, description: 'When the customer answered through the link.' }) answeredAt!: Date | null;
}

@ObjectType('SurveyReceipt')
export class SurveyReceiptType {
  @Field(() => Int) answered!: number;
}

@Resolver()
export class SurveysResolver {
  @Mutation(() => SurveyReceiptType, { description: 'The care agent records the customer’s survey in a follow-up call (delivered orders, once).' })
  @Permit('record', 'FollowUp')
  async recordSatisfactionSurvey(@Context() ctx: Ctx, @Arg('input', () => RecordSurveyInput) input: RecordSurveyInput): Promise<SurveyReceiptType> {
    return saveSurvey(ctx, input, 'FOLLOW_UP_CALL');
  }

  @Query(() => SurveyStatusType, { description: 'The survey on the tracking page: whether the customer may answer it.' })
  @Public('customers have no account; the link token and phone digits are the proof')
  async surveyByLink(@Context() ctx: Ctx, @Arg('input', () => TrackingAccessInput) input: TrackingAccessInput): Promise<SurveyStatusType> {
    const customer = await openLink(ctx.services, input.token, input.phoneLast4);
    return statusOf(customer);
  }

  @Mutation(() => SurveyStatusType, { description: 'The customer answers the survey on the tracking page after delivery (once).' })
  @Public('customers answer through their tracking link')
  async answerSurveyByLink(@Context() ctx: Ctx, @Arg('input', () => AnswerSurveyByLinkInput) input: AnswerSurveyByLinkInput): Promise<SurveyStatusType> {
    const customer = await openLink(ctx.services, input.token, input.phoneLast4);
    if (customer.actor.type !== 'customer') throw new Error('a tracking link opens a customer context');
    await saveSurvey(customer, { repairOrderId: customer.actor.repairOrderId, answers: input.answers }, 'TRACKING_LINK');
    return statusOf(customer);
  }
}

async function statusOf(customer: Ctx): Promise<SurveyStatusType> {
  if (customer.actor.type !== 'customer') throw new Error('a tracking link opens a customer context');
  const { delivered, answered, answers, answeredAt } = await surveyState(customer, customer.actor.repairOrderId, 'TRACKING_LINK');
  return { canAnswer: delivered && !answered, answered, indicators: [...CSI_INDICATOR_CODES], answers, answeredAt };
}
