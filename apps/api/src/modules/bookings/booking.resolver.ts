import { Arg, Ctx as Context, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { BOOKING_HORIZON_DAYS, maskPhone, type BookingState } from '@asn/domain';
import type { Ctx } from '../../platform/context.js';
import { Permit, Public } from '../../platform/permissions.js';
import { Idempotent } from '../../platform/idempotency.js';
import { tenantTimeZone } from '../../platform/tenant-time.js';
import { allowedEvents } from '../../platform/documents/index.js';
import { CustomerType } from '../customers/customer.types.js';
import type { BookingRequest } from './booking.entity.js';
import { BookingRequestDocument } from './booking.document.js';
import {
  acceptBookingRequest,
  bookingReceipt,
  customersByPhone,
  declineBookingRequest,
  getBookingRequest,
  listBookingRequests,
  providerByCode,
  publicSlots,
  requestBooking,
  requestBookingByLink,
  type Provider,
} from './booking.service.js';
import {
  AcceptBookingRequestInput,
  BookingPage,
  BookingReceipt,
  BookingRequestConnection,
  BookingRequestPayload,
  BookingRequestType,
  BookingStatusEnum,
  DeclineBookingRequestInput,
  RequestBookingByLinkInput,
  RequestBookingInput,
} from './booking.types.js';

function receipt(r: { request: BookingRequest; provider: Provider }): BookingReceipt {
  const { number, kind, status, requestedAt } = r.request;
  return Object.assign(new BookingReceipt(), { number, kind, status, requestedAt, providerName: r.provider.name });
}

@Resolver(() => BookingRequestType)
export class BookingResolver {
  @Query(() => BookingPage, { description: 'A dealer’s or shop’s public booking page: its name and the free times of a day (YYYY-MM-DD).' })
  @Public('customers book without an account')
  async bookingPage(@Context() ctx: Ctx, @Arg('providerCode', () => String) providerCode: string, @Arg('day', () => String) day: string): Promise<BookingPage> {
    const provider = await providerByCode(ctx.services, providerCode);
    const slots = await publicSlots(ctx, provider, day);
    const timeZone = await tenantTimeZone(ctx, provider.id); // known from reading the slots
    return Object.assign(new BookingPage(), {
      providerCode: provider.code,
      providerName: provider.name,
      timeZone,
      day,
      horizonDays: BOOKING_HORIZON_DAYS,
      slots,
    });
  }

  @Mutation(() => BookingReceipt, {
    description: 'Ask for a workshop appointment or an on-site visit (no account). A full time is refused with the nearest free ones.',
  })
  @Public('customers book without an account; limited per phone number and per provider')
  @Idempotent(async (ctx, first) => receipt(await bookingReceipt(ctx, first.tenantId, first.resultId)))
  async requestBooking(@Context() ctx: Ctx, @Arg('input', () => RequestBookingInput) input: RequestBookingInput): Promise<BookingReceipt> {
    return receipt(await requestBooking(ctx, input.providerCode, input));
  }

  @Mutation(() => BookingReceipt, { description: 'Book the next visit from a tracking link: name, phone and vehicle come from the order.' })
  @Public('customers book through their tracking link; the token and phone digits are the proof')
  @Idempotent(async (ctx, first) => receipt(await bookingReceipt(ctx, first.tenantId, first.resultId)))
  async requestBookingByLink(@Context() ctx: Ctx, @Arg('input', () => RequestBookingByLinkInput) input: RequestBookingByLinkInput): Promise<BookingReceipt> {
    return receipt(await requestBookingByLink(ctx.services, input.token, input.phoneLast4, input));
  }

  @Query(() => BookingRequestConnection, { description: 'The service desk’s inbox of booking requests (newest first).' })
  @Permit('read', 'BookingRequest')
  async bookingRequests(
    @Context() ctx: Ctx,
    @Arg('status', () => BookingStatusEnum, { nullable: true }) status: BookingState | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<InstanceType<typeof BookingRequestConnection>> {
    const page = await listBookingRequests(ctx, { status, first, after });
    return { ...page, nodes: page.nodes.map(BookingRequestType.from) };
  }

  @Mutation(() => BookingRequestPayload, {
    description: 'Accept: opens (or finds) the customer and vehicle files and an APPOINTED repair order, and confirms by SMS.',
  })
  @Permit('update', 'BookingRequest')
  @Idempotent(async (ctx, first) => ({ bookingRequest: BookingRequestType.from(await getBookingRequest(ctx, first.resultId)) }))
  async acceptBookingRequest(
    @Context() ctx: Ctx,
    @Arg('input', () => AcceptBookingRequestInput) input: AcceptBookingRequestInput,
  ): Promise<BookingRequestPayload> {
    return { bookingRequest: BookingRequestType.from(await acceptBookingRequest(ctx, input)) };
  }

  @Mutation(() => BookingRequestPayload, { description: 'Decline with a reason the customer receives by SMS.' })
  @Permit('update', 'BookingRequest')
  async declineBookingRequest(
    @Context() ctx: Ctx,
    @Arg('input', () => DeclineBookingRequestInput) input: DeclineBookingRequestInput,
  ): Promise<BookingRequestPayload> {
    return { bookingRequest: BookingRequestType.from(await declineBookingRequest(ctx, input)) };
  }

  @FieldResolver(() => [CustomerType], { description: 'Customer files with this phone number (the request is booked for the one file, or a new one).' })
  async customerMatches(@Root() r: BookingRequestType, @Context() ctx: Ctx): Promise<CustomerType[]> {
    const rows = (await customersByPhone(ctx).load(r.phone)) ?? [];
    return rows.map((c) => CustomerType.from(c, maskPhone));
  }

  @FieldResolver(() => [String], {
    description:
      'Events the caller may fire now: accepted by the request’s state machine in this state and allowed to the caller’s roles (the portal’s action buttons; EXPIRE is the timer’s).',
  })
  allowedEvents(@Root() r: BookingRequestType, @Context() ctx: Ctx): string[] {
    return allowedEvents(ctx, BookingRequestDocument, r as unknown as BookingRequest);
  }
}
