import { Arg, Ctx as Context, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { DomainError, maskPhone } from '@asn/domain';
import type { Ctx } from '../../platform/context.js';
import { Permit } from '../../platform/permissions.js';
import { allowedEvents } from '../../platform/documents/index.js';
import { customerById } from '../customers/customer.service.js';
import { callSurveyRecordedAt } from '../network-figures/surveys.service.js';
import { CustomerType } from '../customers/customer.types.js';
import { FollowUpDocument } from './follow-up.document.js';
import type { FollowUp } from './follow-up.entity.js';
import { listFollowUps, reassignFollowUp, recordFollowUp } from './follow-up.service.js';
import { FollowUpConnection, FollowUpPayload, FollowUpStatusEnum, FollowUpType, ReassignFollowUpInput, RecordFollowUpInput } from './follow-up.types.js';

@Resolver(() => FollowUpType)
export class FollowUpResolver {
  @Query(() => FollowUpConnection, { description: 'The follow-up queue: care agents see their own calls, the supervisor all.' })
  @Permit('read', 'FollowUp')
  async followUps(
    @Context() ctx: Ctx,
    @Arg('status', () => FollowUpStatusEnum, { nullable: true }) status: 'OPEN' | 'DONE' | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<InstanceType<typeof FollowUpConnection>> {
    const page = await listFollowUps(ctx, { status, first, after });
    return { ...page, nodes: page.nodes.map(FollowUpType.from) };
  }

  @Mutation(() => FollowUpPayload, { description: 'Record the call’s outcome.' })
  @Permit('record', 'FollowUp')
  async recordFollowUp(@Context() ctx: Ctx, @Arg('input', () => RecordFollowUpInput) input: RecordFollowUpInput): Promise<FollowUpPayload> {
    return { followUp: FollowUpType.from(await recordFollowUp(ctx, input)) };
  }

  @Mutation(() => FollowUpPayload, { description: 'Supervisor: give the call to another care agent.' })
  @Permit('assign', 'FollowUp')
  async reassignFollowUp(@Context() ctx: Ctx, @Arg('input', () => ReassignFollowUpInput) input: ReassignFollowUpInput): Promise<FollowUpPayload> {
    return { followUp: FollowUpType.from(await reassignFollowUp(ctx, input)) };
  }

  @FieldResolver(() => CustomerType)
  async customer(@Root() f: FollowUpType, @Context() ctx: Ctx): Promise<CustomerType> {
    const c = await customerById(ctx).load(f.customerId);
    if (!c) throw DomainError.notFound('Customer');
    return CustomerType.from(c, maskPhone);
  }

  @FieldResolver(() => Date, {
    nullable: true,
    description: 'When the satisfaction survey of this order was recorded in a follow-up call (null: not yet; one per order).',
  })
  async surveyRecordedAt(@Root() f: FollowUpType, @Context() ctx: Ctx): Promise<Date | null> {
    return callSurveyRecordedAt(ctx).load(f.repairOrderId);
  }

  @FieldResolver(() => [String], {
    description:
      'Events the caller may fire now: accepted by the call’s state machine in this state and allowed to the caller’s roles (the portal’s action buttons).',
  })
  allowedEvents(@Root() f: FollowUpType, @Context() ctx: Ctx): string[] {
    return allowedEvents(ctx, FollowUpDocument, f as unknown as FollowUp);
  }
}
