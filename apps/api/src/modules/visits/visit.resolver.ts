import { Arg, Ctx as Context, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { DomainError } from '@asn/domain';
import type { Ctx } from '../../platform/context.js';
import { Permit } from '../../platform/permissions.js';
import { allowedEvents } from '../../platform/documents/index.js';
import { Idempotent } from '../../platform/idempotency.js';
import { RepairOrderType } from '../repair-orders/repair-order.types.js';
import { VisitDocument } from './visit.document.js';
import type { Visit } from './visit.entity.js';
import { arrive, depart, finishVisit, getVisit, listVisits, reviseEta, scheduleVisit, visitsByOrder } from './visit.service.js';
import { orderById } from '../repair-orders/repair-order.service.js';
import { ArriveVisitInput, DepartVisitInput, FinishVisitInput, ReviseVisitEtaInput, ScheduleVisitInput, VisitPayload, VisitType } from './visit.types.js';

const payload = (v: Parameters<typeof VisitType.from>[0]): VisitPayload => ({ visit: VisitType.from(v) });

@Resolver(() => VisitType)
export class VisitResolver {
  @Query(() => [VisitType], { description: 'The on-site dispatch board: visits planned in [from, to), and all still on the road or on site.' })
  @Permit('read', 'Visit')
  async visits(
    @Context() ctx: Ctx,
    @Arg('from', () => Date) from: Date,
    @Arg('to', () => Date) to: Date,
    @Arg('engineerId', () => ID, { nullable: true }) engineerId?: string | null,
  ): Promise<VisitType[]> {
    return (await listVisits(ctx, { from, to, engineerId })).map(VisitType.from);
  }

  @FieldResolver(() => RepairOrderType, { description: 'The on-site order the trip belongs to.' })
  async repairOrder(@Root() v: VisitType, @Context() ctx: Ctx): Promise<RepairOrderType> {
    const o = await orderById(ctx).load(v.repairOrderId);
    if (!o) throw DomainError.notFound('Repair order');
    return RepairOrderType.from(o);
  }

  @FieldResolver(() => [String], {
    description:
      'Events the caller may fire now: accepted by the visit’s state machine in this state and allowed to the caller’s roles (the portal’s action buttons).',
  })
  allowedEvents(@Root() v: VisitType, @Context() ctx: Ctx): string[] {
    return allowedEvents(ctx, VisitDocument, v as unknown as Visit);
  }

  @Mutation(() => VisitPayload, { description: 'Plan an engineer trip for an on-site repair order.' })
  @Permit('dispatch', 'Visit')
  @Idempotent((ctx, first) => getVisit(ctx, first.resultId).then(payload))
  async scheduleVisit(@Context() ctx: Ctx, @Arg('input', () => ScheduleVisitInput) input: ScheduleVisitInput) {
    return payload(await scheduleVisit(ctx, input));
  }

  @Mutation(() => VisitPayload, { description: 'The engineer leaves, with an ETA the customer sees live.' })
  @Permit('work', 'Visit')
  async departForVisit(@Context() ctx: Ctx, @Arg('input', () => DepartVisitInput) input: DepartVisitInput) {
    return payload(await depart(ctx, input));
  }

  @Mutation(() => VisitPayload, { description: 'Late: tell the customer the new time and why.' })
  @Permit('work', 'Visit')
  async reviseVisitEta(@Context() ctx: Ctx, @Arg('input', () => ReviseVisitEtaInput) input: ReviseVisitEtaInput) {
    return payload(await reviseEta(ctx, input));
  }

  @Mutation(() => VisitPayload)
  @Permit('work', 'Visit')
  async arriveAtVisit(@Context() ctx: Ctx, @Arg('input', () => ArriveVisitInput) input: ArriveVisitInput) {
    return payload(await arrive(ctx, input));
  }

  @Mutation(() => VisitPayload, { description: 'Done on site; the customer signs.' })
  @Permit('work', 'Visit')
  async finishVisit(@Context() ctx: Ctx, @Arg('input', () => FinishVisitInput) input: FinishVisitInput) {
    return payload(await finishVisit(ctx, input));
  }
}

@Resolver(() => RepairOrderType)
export class RepairOrderVisitsResolver {
  @FieldResolver(() => [VisitType], { description: 'Engineer trips of an on-site order.' })
  async visits(@Root() o: RepairOrderType, @Context() ctx: Ctx): Promise<VisitType[]> {
    return o.onSite ? ((await visitsByOrder(ctx).load(o.id)) ?? []).map(VisitType.from) : [];
  }
}
