import { Arg, Ctx as Context, FieldResolver, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import type { Ctx } from '../../platform/context.js';
import { Permit, Public } from '../../platform/permissions.js';
import type { DomainEventMessage } from '../../platform/pubsub.js';
import { decodeCursor, encodeCursor } from '../events/event.cursor.js';
import { EventStream, eventHead } from '../events/event.stream.js';
import { RepairOrderType } from '../repair-orders/repair-order.types.js';
import { CustomerType } from '../customers/customer.types.js';
import { customerFileUrl } from '../attachments/attachment.service.js';
import {
  awaitedPartsOrders,
  chase,
  createTrackingLink,
  customerDecides,
  customerDecidesEstimate,
  linksOfOrder,
  openLink,
  rate,
  ratingsByCustomer,
  ratingsByOrder,
  revokeTrackingLink,
  stillOpen,
  totalsOf,
  trackingView,
} from './tracking.service.js';
import { linkOpen, type TrackingLink } from './tracking.entity.js';
import { complaintsOfLink, rateComplaintByCustomer, sendComplaintMessage } from '../complaints/complaint.public.js';
import type { Complaint, ComplaintStep } from '../complaints/complaint.entity.js';
import {
  ComplainByLinkInput,
  RateComplaintByLinkInput,
  TrackingComplaint,
  CreateTrackingLinkInput,
  CreateTrackingLinkPayload,
  DecideByLinkInput,
  RateRepairInput,
  RepairRatingType,
  RevokeTrackingLinkInput,
  TrackingAccessInput,
  TrackingLinkPayload,
  TrackingLinkType,
  TrackingView,
} from './tracking.types.js';

function linkType(l: TrackingLink, now: Date): TrackingLinkType {
  return Object.assign(new TrackingLinkType(), {
    id: l.id,
    createdAt: l.createdAt,
    expiresAt: l.expiresAt,
    revokedAt: l.revokedAt,
    lastUsedAt: l.lastUsedAt,
    active: linkOpen(l, now),
  });
}

/** Steps of a complaint the customer sees: its own words and what it was told; no internal note or finding. */
const CUSTOMER_STEPS = new Set(['received', 'ACKNOWLEDGE', 'answerPromised', 'INVESTIGATE', 'ESCALATE', 'RESOLVE', 'CLOSE', 'REOPEN', 'customerMessage']);
const TOLD = new Set(['ACKNOWLEDGE', 'answerPromised', 'RESOLVE']);

function complaintView(c: Complaint, steps: ComplaintStep[], all: readonly Complaint[]): TrackingComplaint {
  return Object.assign(new TrackingComplaint(), {
    id: c.id,
    number: c.number,
    status: c.status,
    category: c.category,
    description: c.description,
    receivedAt: c.receivedAt,
    promisedAnswerAt: c.status === 'RESOLVED' || c.status === 'CLOSED' ? null : c.promisedAnswerAt,
    answer: c.answer,
    canRate: c.status === 'RESOLVED',
    rating: c.rating,
    satisfied: c.satisfied,
    previousNumber: all.find((p) => p.id === c.previousComplaintId)?.number ?? null,
    steps: steps
      .filter((s) => CUSTOMER_STEPS.has(s.action))
      .map((s) => {
        // the customer acts with no tenant of their own (staff steps name theirs)
        const byCustomer = !s.actorTenantId && !s.automatic && s.actorName === 'customer';
        return {
          action: s.action,
          toState: s.toState,
          byCustomer,
          note: byCustomer || TOLD.has(s.action) ? s.note : null,
          at: s.occurredAt,
        };
      }),
  });
}

async function viewFor(customerCtx: Ctx, following?: Set<string>): Promise<TrackingView> {
  // one after the other: a view holds one pooled connection at a time, however many pages are open
  const v = await trackingView(customerCtx);
  const complaints = await complaintsOfLink(customerCtx);
  if (following) {
    // a live page follows the parts orders the repair waits for now
    following.clear();
    for (const id of v.awaitedPartsOrders) following.add(id);
  }
  const cur = v.order.currency;
  // the lines waiting for the customer's answer, priced as if approved (before the order's discount)
  const pending = totalsOf(
    { discountMinor: '0' },
    v.lines.filter((l) => l.status === 'PROPOSED'),
    true,
  );
  const line = (l: (typeof v.lines)[number]) => ({
    id: l.id,
    kind: l.kind,
    description: l.description,
    amount: { amountMinor: l.amountMinor, currency: cur },
    payType: l.payType,
    status: l.status,
    additional: l.additional,
    safetyRelevant: l.safetyRelevant,
    delayMinutes: l.delayMinutes,
    noGuarantee: l.source === 'CUSTOMER_SUPPLIED',
    decidedAt: l.decidedAt,
    decisionChannel: l.decisionChannel,
    photos: v.photos
      .filter((p) => p.ownerId === l.id)
      .map((p) => ({ id: p.id, url: customerFileUrl(customerCtx.services, p, customerCtx.actor), fileName: p.fileName, takenAt: p.takenAt })),
  });
  return Object.assign(new TrackingView(), {
    number: v.order.number,
    workshop: v.tenantName,
    providerCode: v.tenantCode,
    timeZone: v.tenantTimeZone,
    status: v.customerStatus,
    onSite: v.order.onSite,
    walkIn: !v.order.appointmentAt,
    promisedAt: v.order.promisedAt,
    customerName: v.customerName,
    phoneMasked: v.phoneMasked,
    vehicle: { plate: v.vehicle.plate, brand: v.vehicle.brand, model: v.vehicle.model },
    steps: v.steps,
    lines: v.lines.filter((l) => l.status !== 'PROPOSED').map(line),
    pendingAdditionalWork: v.lines.filter((l) => l.status === 'PROPOSED' && l.additional).map(line),
    pendingEstimate: v.lines.filter((l) => l.status === 'PROPOSED' && !l.additional).map(line),
    pendingTotal: { amountMinor: pending.gross.toString(), currency: cur },
    pendingCustomerPays: { amountMinor: pending.customerPays.toString(), currency: cur },
    canDecideEstimate: v.canDecideEstimate,
    additionalReason: v.additionalReason,
    customerPays: { amountMinor: totalsOf(v.order, v.lines).customerPays.toString(), currency: cur },
    chaseAvailable: v.chaseAvailable,
    canRate: v.order.status === 'DELIVERED' && !v.rating,
    rating: v.rating ? { stars: v.rating.stars, comment: v.rating.comment } : null,
    partsExpectedOn: v.partsExpectedOn,
    visits: v.visits.map((x) => ({
      status: x.status,
      scheduledAt: x.scheduledAt,
      eta: x.eta,
      lateReason: x.lateReason,
      arrivedAt: x.arrivedAt,
      finishedAt: x.finishedAt,
    })),
    complaints: complaints.map(({ complaint, steps }) =>
      complaintView(
        complaint,
        steps,
        complaints.map((x) => x.complaint),
      ),
    ),
    cursor: null,
  });
}

/** The customer each live tracking subscription opened (its context is one per subscription). */
const opened = new WeakMap<Ctx, Ctx>();
/** The parts orders each live tracking subscription follows (those its repair waits for). */
const followed = new WeakMap<Ctx, Set<string>>();

@Resolver(() => TrackingView)
export class TrackingResolver {
  @Query(() => TrackingView, { description: 'The customer’s repair page: token plus the last four digits of their phone.' })
  @Public('customers have no account; the link token and phone digits are the proof')
  async tracking(@Context() ctx: Ctx, @Arg('input', () => TrackingAccessInput) input: TrackingAccessInput): Promise<TrackingView> {
    const customer = await openLink(ctx.services, input.token, input.phoneLast4);
    // the newest cursor before the state is read: a live page that resumes from it misses nothing
    const cursor = encodeCursor(await eventHead(customer));
    return Object.assign(await viewFor(customer), { cursor });
  }

  @Mutation(() => TrackingView, { description: 'The customer approves or declines proposed additional work.' })
  @Public('customers answer through their tracking link')
  async decideAdditionalWorkByLink(@Context() ctx: Ctx, @Arg('input', () => DecideByLinkInput) input: DecideByLinkInput): Promise<TrackingView> {
    const customer = await openLink(ctx.services, input.token, input.phoneLast4);
    await customerDecides(customer, input.decisions);
    return viewFor(customer);
  }

  @Mutation(() => TrackingView, {
    description:
      'The customer approves or declines the estimate, per line (one answer for every line). One approved line approves the ' +
      'order; declining every line leaves it for a revised estimate.',
  })
  @Public('customers answer through their tracking link')
  async decideEstimateByLink(@Context() ctx: Ctx, @Arg('input', () => DecideByLinkInput) input: DecideByLinkInput): Promise<TrackingView> {
    const customer = await openLink(ctx.services, input.token, input.phoneLast4);
    await customerDecidesEstimate(customer, input.decisions);
    return viewFor(customer);
  }

  @Mutation(() => TrackingView, { description: '催单: remind the service desk (once per half hour).' })
  @Public('customers chase through their tracking link')
  async chaseRepairOrder(@Context() ctx: Ctx, @Arg('input', () => TrackingAccessInput) input: TrackingAccessInput): Promise<TrackingView> {
    const customer = await openLink(ctx.services, input.token, input.phoneLast4);
    await chase(customer, input.token);
    return viewFor(customer);
  }

  @Mutation(() => TrackingView, {
    description:
      'The customer complains about the repair: while their latest complaint is handled the message joins it; otherwise it is a new ' +
      'complaint (linked to the closed one before it). At most 10 messages a day.',
  })
  @Public('customers complain through their tracking link')
  async complainByLink(@Context() ctx: Ctx, @Arg('input', () => ComplainByLinkInput) input: ComplainByLinkInput): Promise<TrackingView> {
    const customer = await openLink(ctx.services, input.token, input.phoneLast4);
    await sendComplaintMessage(customer, input);
    return viewFor(customer);
  }

  @Mutation(() => TrackingView, { description: 'The customer rates the answer to their complaint: satisfied closes it, unsatisfied reopens it.' })
  @Public('customers answer through their tracking link')
  async rateComplaintByLink(@Context() ctx: Ctx, @Arg('input', () => RateComplaintByLinkInput) input: RateComplaintByLinkInput): Promise<TrackingView> {
    const customer = await openLink(ctx.services, input.token, input.phoneLast4);
    await rateComplaintByCustomer(customer, input);
    return viewFor(customer);
  }

  @Mutation(() => TrackingView, { description: 'Stars (1–5) after delivery.' })
  @Public('customers rate through their tracking link')
  async rateRepairOrder(@Context() ctx: Ctx, @Arg('input', () => RateRepairInput) input: RateRepairInput): Promise<TrackingView> {
    const customer = await openLink(ctx.services, input.token, input.phoneLast4);
    await rate(customer, input);
    return viewFor(customer);
  }

  @Subscription(() => TrackingView, {
    description:
      'The tracking page, live: a new view after changes of the order (one view for a burst). With `after` (a view’s ' +
      '`cursor`), first one view if the order changed since then. A cursor older than the retention period is ' +
      'CONFLICT (details.reason CURSOR_EXPIRED): open the page again.',
    subscribe: async ({ args, context }) => {
      const { input, after } = args as { input: TrackingAccessInput; after?: string | null };
      const ctx = context as Ctx;
      const from = after == null ? null : decodeCursor(after);
      const customer = await openLink(ctx.services, input.token, input.phoneLast4);
      opened.set(ctx, customer);
      const orderId = customer.actor.type === 'customer' ? customer.actor.repairOrderId : '';
      // a repair waiting for parts also changes when the seller answers for them (a backorder's day):
      // the events of those parts orders (the buyer, the repair's workshop, is their owner) bring a new
      // view; the view shows the day, nothing of the seller. Each view renews the set.
      const parts = new Set(await awaitedPartsOrders(customer));
      followed.set(ctx, parts);
      // and its complaints (each event names the repair it is about)
      const ofOrder = (e: DomainEventMessage) =>
        (e.entityType === 'RepairOrder' && e.entityId === orderId) ||
        (e.entityType === 'PartsOrder' && parts.has(e.entityId)) ||
        (e.entityType === 'Complaint' && e.data?.repairOrderId === orderId);
      return EventStream.open(customer, {
        after: from,
        // a replay reads the workshop's parts orders' events too only while the repair waits for one
        filter: { entityTypes: parts.size ? ['RepairOrder', 'PartsOrder', 'Complaint'] : ['RepairOrder', 'Complaint'], entityId: null },
        matches: ofOrder,
        // the view is the whole current state: the newest change of a burst (or of a replay) is enough
        latestOnly: true,
        // the link is checked again for every view (below)
        admit: async (events) => events,
      });
    },
  })
  @Public('customers follow their repair through their tracking link')
  async trackingUpdates(
    @Root() event: DomainEventMessage,
    @Context() ctx: Ctx,
    @Arg('input', () => TrackingAccessInput) input: TrackingAccessInput,
    @Arg('after', () => String, { nullable: true, description: 'Resume after this cursor (a view’s `cursor`).' }) _after?: string | null,
  ): Promise<TrackingView> {
    // the digits were proven when subscribing; the link itself is checked again for every view
    // (withdrawn or expired stops at once), without counting as an attempt (tracking.service.ts stillOpen)
    const customer = opened.get(ctx);
    const view = await viewFor(customer ? await stillOpen(customer) : await openLink(ctx.services, input.token, input.phoneLast4), followed.get(ctx));
    return Object.assign(view, { cursor: encodeCursor(event.seq) });
  }

  @Mutation(() => CreateTrackingLinkPayload, { description: 'Share a repair with its customer: the token is shown once.' })
  @Permit('update', 'RepairOrder')
  async createTrackingLink(
    @Context() ctx: Ctx,
    @Arg('input', () => CreateTrackingLinkInput) input: CreateTrackingLinkInput,
  ): Promise<CreateTrackingLinkPayload> {
    const { link, token } = await createTrackingLink(ctx, input);
    return { link: linkType(link, ctx.clock.now()), token, path: `/t/${token}` };
  }

  @Mutation(() => TrackingLinkPayload)
  @Permit('update', 'RepairOrder')
  async revokeTrackingLink(@Context() ctx: Ctx, @Arg('input', () => RevokeTrackingLinkInput) input: RevokeTrackingLinkInput): Promise<TrackingLinkPayload> {
    return { link: linkType(await revokeTrackingLink(ctx, input), ctx.clock.now()) };
  }
}

@Resolver(() => RepairOrderType)
export class RepairOrderTrackingResolver {
  @FieldResolver(() => RepairRatingType, { nullable: true, description: 'The customer’s rating after delivery.' })
  async rating(@Root() o: RepairOrderType, @Context() ctx: Ctx): Promise<RepairRatingType | null> {
    const r = await ratingsByOrder(ctx).load(o.id);
    return r ? { repairOrderId: o.id, number: o.number, stars: r.stars, comment: r.comment, createdAt: r.createdAt } : null;
  }

  @FieldResolver(() => [TrackingLinkType], { description: 'Links shared with the customer (tokens are never shown again).' })
  async trackingLinks(@Root() o: RepairOrderType, @Context() ctx: Ctx): Promise<TrackingLinkType[]> {
    return (await linksOfOrder(ctx, o.id)).map((l) => linkType(l, ctx.clock.now()));
  }
}

@Resolver(() => CustomerType)
export class CustomerRatingsResolver {
  @FieldResolver(() => [RepairRatingType], { description: 'The ratings this customer gave their repairs, newest first.' })
  async ratings(@Root() c: CustomerType, @Context() ctx: Ctx): Promise<RepairRatingType[]> {
    return ((await ratingsByCustomer(ctx).load(c.id)) ?? []).map((r) => ({
      repairOrderId: r.repair_order_id,
      number: r.number,
      stars: r.stars,
      comment: r.comment,
      createdAt: new Date(r.created_at),
    }));
  }
}
