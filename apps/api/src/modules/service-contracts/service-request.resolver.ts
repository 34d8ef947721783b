import { Arg, Ctx as Context, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { SERVICE_REQUEST_OPEN, type ServiceRequestEvent } from '@asn/domain';
import { asSubject } from '@asn/authz';
import { tenantOf, type Ctx } from '../../platform/context.js';
import { allowedEvents } from '../../platform/documents/index.js';
import { Idempotent } from '../../platform/idempotency.js';
import { Permit } from '../../platform/permissions.js';
import { customerById } from '../customers/customer.service.js';
import { orderById } from '../repair-orders/repair-order.queries.js';
import { ServiceRequestDocument } from './contract.document.js';
import { clockCalendars } from './calendar.service.js';
import { clocksOfRequest, contractById, getRequest, listRequests, stepsOfRequest } from './contract.queries.js';
import {
  askCustomer,
  cancelServiceRequest,
  changeSeverity,
  closeServiceRequest,
  customerAnswered,
  markOnSite,
  markPartsOnSite,
  reopenServiceRequest,
  replyServiceRequest,
  reportServiceRequest,
  resolveServiceRequest,
  toRepairOrder,
} from './service-request.service.js';
import type { ServiceRequest } from './service-request.entity.js';
import {
  AnswerInput,
  AskInput,
  ReplyInput,
  ReportRequestInput,
  RequestFilterInput,
  RequestPayload,
  RequestRefInput,
  RequestStepInput,
  RequestStepType,
  RequestType,
  ResolveInput,
  ServiceRequestConnection,
  SeverityInput,
  SlaClockType,
} from './service-request.types.js';
import { loader } from '../../platform/loaders.js';
import type { SlaBasis, WorkingCalendar } from '@asn/domain';

const payload = (r: ServiceRequest): RequestPayload => ({ request: RequestType.from(r) });

/** The calendars the clocks of a page count on (one per provider and basis), read once per request. */
function calendars(ctx: Ctx) {
  return loader<string, WorkingCalendar>(ctx, 'slaCalendars', (keys) =>
    clockCalendars(
      ctx,
      keys.map((k) => {
        const [tenantId, basis] = k.split('|') as [string, SlaBasis];
        return { tenantId, basis };
      }),
    ),
  );
}

@Resolver(() => RequestType)
export class ServiceRequestResolver {
  @Query(() => ServiceRequestConnection, { description: 'Fault reports the caller reads, newest first (the board sorts by the nearest due clock).' })
  @Permit('read', 'ServiceRequest')
  async serviceRequests(
    @Context() ctx: Ctx,
    @Arg('filter', () => RequestFilterInput, { nullable: true }) filter?: RequestFilterInput | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    const page = await listRequests(ctx, filter ?? {}, { first, after });
    return { ...page, nodes: page.nodes.map(RequestType.from) };
  }

  @Query(() => RequestType)
  @Permit('read', 'ServiceRequest')
  async serviceRequest(@Context() ctx: Ctx, @Arg('id', () => ID) id: string) {
    return RequestType.from(await getRequest(ctx, id));
  }

  @Mutation(() => RequestPayload, { description: 'The desk records a fault reported on the phone (PHONE) or found by staff (STAFF): its SLA clocks start.' })
  @Permit('create', 'ServiceRequest')
  @Idempotent((ctx, first) => getRequest(ctx, first.resultId).then(payload))
  async reportServiceRequest(@Context() ctx: Ctx, @Arg('input', () => ReportRequestInput) input: ReportRequestInput) {
    return payload(await reportServiceRequest(ctx, { ...input, channel: input.channel ?? 'PHONE' }));
  }

  @Mutation(() => RequestPayload, { description: 'The reply to the customer: stops the first-reply clock.' })
  @Permit('answer', 'ServiceRequest')
  async replyServiceRequest(@Context() ctx: Ctx, @Arg('input', () => ReplyInput) input: ReplyInput) {
    return payload(await replyServiceRequest(ctx, input));
  }

  @Mutation(() => RequestPayload, { description: 'Ask the customer (a reply too): the other clocks pause until the customer answers.' })
  @Permit('answer', 'ServiceRequest')
  async askServiceRequestCustomer(@Context() ctx: Ctx, @Arg('input', () => AskInput) input: AskInput) {
    return payload(await askCustomer(ctx, input));
  }

  @Mutation(() => RequestPayload, { description: 'Record what the customer answered on the phone: the paused clocks resume.' })
  @Permit('record', 'ServiceRequest')
  async recordServiceRequestAnswer(@Context() ctx: Ctx, @Arg('input', () => AnswerInput) input: AnswerInput) {
    return payload(await customerAnswered(ctx, input));
  }

  @Mutation(() => RequestPayload, { description: 'The engineer is on site: the on-site clock stops.' })
  @Permit('answer', 'ServiceRequest')
  async markServiceRequestOnSite(@Context() ctx: Ctx, @Arg('input', () => RequestStepInput) input: RequestStepInput) {
    return payload(await markOnSite(ctx, input));
  }

  @Mutation(() => RequestPayload, { description: 'A spare unit or the parts are on site: the parts clock stops.' })
  @Permit('answer', 'ServiceRequest')
  async markServiceRequestParts(@Context() ctx: Ctx, @Arg('input', () => RequestStepInput) input: RequestStepInput) {
    return payload(await markPartsOnSite(ctx, input));
  }

  @Mutation(() => RequestPayload, { description: 'Resolved: every clock still counting stops.' })
  @Permit('answer', 'ServiceRequest')
  async resolveServiceRequest(@Context() ctx: Ctx, @Arg('input', () => ResolveInput) input: ResolveInput) {
    return payload(await resolveServiceRequest(ctx, input));
  }

  @Mutation(() => RequestPayload, { description: 'The customer is not satisfied: reopened, the resolution clock counts on.' })
  @Permit('record', 'ServiceRequest')
  async reopenServiceRequest(@Context() ctx: Ctx, @Arg('input', () => RequestStepInput) input: RequestStepInput) {
    return payload(await reopenServiceRequest(ctx, input));
  }

  @Mutation(() => RequestPayload, { description: 'The customer confirmed the resolution.' })
  @Permit('record', 'ServiceRequest')
  async closeServiceRequest(@Context() ctx: Ctx, @Arg('input', () => RequestStepInput) input: RequestStepInput) {
    return payload(await closeServiceRequest(ctx, input));
  }

  @Mutation(() => RequestPayload, { description: 'Cancel (a report made in error, a duplicate): a reason is required.' })
  @Permit('cancel', 'ServiceRequest')
  async cancelServiceRequest(@Context() ctx: Ctx, @Arg('input', () => RequestStepInput) input: RequestStepInput) {
    return payload(await cancelServiceRequest(ctx, input));
  }

  @Mutation(() => RequestPayload, { description: 'Raise or lower the severity: the clocks take the new targets and keep what they counted.' })
  @Permit('answer', 'ServiceRequest')
  async changeServiceRequestSeverity(@Context() ctx: Ctx, @Arg('input', () => SeverityInput) input: SeverityInput) {
    return payload(await changeSeverity(ctx, input));
  }

  @Mutation(() => RequestPayload, {
    description: 'The request becomes a repair order (on site when it names a place); its CONTRACT lines draw on the contract.',
  })
  @Permit('answer', 'ServiceRequest')
  async serviceRequestToRepairOrder(@Context() ctx: Ctx, @Arg('input', () => RequestRefInput) input: RequestRefInput) {
    return payload(await toRepairOrder(ctx, input));
  }

  @FieldResolver(() => [String])
  allowedEvents(@Root() r: RequestType, @Context() ctx: Ctx): ServiceRequestEvent[] {
    return allowedEvents(ctx, ServiceRequestDocument, r.source);
  }

  @FieldResolver(() => Boolean, { description: 'Whether the caller may send the customer a message now (the first one is the REPLY).' })
  canMessage(@Root() r: RequestType, @Context() ctx: Ctx): boolean {
    return SERVICE_REQUEST_OPEN.includes(r.status) && ctx.ability.can('answer', asSubject('ServiceRequest', r.source));
  }

  @FieldResolver(() => [SlaClockType], { description: 'FIRST_REPLY, ON_SITE, PARTS, RESOLUTION.' })
  async clocks(@Root() r: RequestType, @Context() ctx: Ctx) {
    const [rows, contract] = await Promise.all([clocksOfRequest(ctx).load(r.id), contractById(ctx).load(r.contractId)]);
    const cal = await calendars(ctx).load(`${r.source.tenantId}|${contract?.slaBasis ?? 'WORKING_TIME'}`);
    return SlaClockType.sorted(rows ?? [], cal!, ctx.clock.now());
  }

  @FieldResolver(() => Boolean, { description: 'A clock of it missed its target.' })
  async breached(@Root() r: RequestType, @Context() ctx: Ctx) {
    return ((await clocksOfRequest(ctx).load(r.id)) ?? []).some((c) => c.breachedAt !== null);
  }

  @FieldResolver(() => [RequestStepType], { description: 'The trail, oldest first.' })
  async steps(@Root() r: RequestType, @Context() ctx: Ctx) {
    return ((await stepsOfRequest(ctx).load(r.id)) ?? []).map(RequestStepType.from);
  }

  @FieldResolver(() => String, { nullable: true })
  async contractNumber(@Root() r: RequestType, @Context() ctx: Ctx) {
    return (await contractById(ctx).load(r.contractId))?.number ?? null;
  }

  @FieldResolver(() => String, { nullable: true })
  async contractTitle(@Root() r: RequestType, @Context() ctx: Ctx) {
    return (await contractById(ctx).load(r.contractId))?.title ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'The customer file’s name (the provider only).' })
  async customerName(@Root() r: RequestType, @Context() ctx: Ctx) {
    return r.source.tenantId === tenantOf(ctx) ? ((await customerById(ctx).load(r.source.customerId))?.name ?? null) : null;
  }

  @FieldResolver(() => String, { nullable: true })
  async repairOrderNumber(@Root() r: RequestType, @Context() ctx: Ctx) {
    return r.repairOrderId && r.source.tenantId === tenantOf(ctx) ? ((await orderById(ctx).load(r.repairOrderId))?.number ?? null) : null;
  }
}
