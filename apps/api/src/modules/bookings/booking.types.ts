import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { maskPhone, type BookingKind, type BookingState } from '@asn/domain';
import { ConnectionType } from '../../platform/graphql/common.js';
import { IdempotencyKey } from '../../platform/idempotency.js';
import type { BookingRequest, BookingSource } from './booking.entity.js';

export const BookingKindEnum = { WORKSHOP: 'WORKSHOP', ON_SITE: 'ON_SITE' } as const;
registerEnumType(BookingKindEnum, { name: 'BookingKind', description: 'In the workshop, or an engineer comes to the customer (上门服务).' });
export const BookingStatusEnum = { PENDING: 'PENDING', ACCEPTED: 'ACCEPTED', DECLINED: 'DECLINED', EXPIRED: 'EXPIRED' } as const;
registerEnumType(BookingStatusEnum, { name: 'BookingStatus' });
export const BookingSourceEnum = { BOOKING_PAGE: 'BOOKING_PAGE', TRACKING_LINK: 'TRACKING_LINK' } as const;
registerEnumType(BookingSourceEnum, { name: 'BookingSource' });

@ObjectType('BookingRequest', { description: 'A request from the public booking page, as the service desk sees it.' })
export class BookingRequestType {
  @Field(() => ID) id!: string;
  @Field(() => String) number!: string;
  @Field(() => BookingKindEnum) kind!: BookingKind;
  @Field(() => BookingStatusEnum) status!: BookingState;
  @Field(() => String) name!: string;
  @Field(() => String) phone!: string;
  @Field(() => String) phoneMasked!: string;
  @Field(() => String, { nullable: true }) plate!: string | null;
  @Field(() => String, { nullable: true }) vin!: string | null;
  @Field(() => String, { nullable: true }) model!: string | null;
  @Field(() => String) complaint!: string;
  @Field(() => String, { nullable: true }) siteAddress!: string | null;
  @Field(() => Date, { description: 'The time the customer asked for (a workshop slot, or the preferred on-site time).' }) requestedAt!: Date;
  @Field(() => BookingSourceEnum) source!: BookingSource;
  @Field(() => ID, { nullable: true, description: 'The order the customer booked from (tracking link).' }) sourceRepairOrderId!: string | null;
  @Field(() => ID, { nullable: true, description: 'The APPOINTED order opened on acceptance.' }) repairOrderId!: string | null;
  @Field(() => Date, { nullable: true }) decidedAt!: Date | null;
  @Field(() => String, { nullable: true }) declineReason!: string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Int) version!: number;
  /** Not a field: the owner, for the permission checks of allowedEvents. */
  tenantId!: string;

  static from(r: BookingRequest): BookingRequestType {
    const { decidedBy: _d, ...rest } = r;
    return Object.assign(new BookingRequestType(), { ...rest, phoneMasked: maskPhone(r.phone) });
  }
}

export const BookingRequestConnection = ConnectionType(BookingRequestType, 'BookingRequestConnection');

@ObjectType({ description: 'One time on the public booking page.' })
export class BookingSlot {
  @Field(() => Date) start!: Date;
  @Field(() => Boolean) available!: boolean;
}

@ObjectType({ description: 'What the public booking page of a dealer or shop shows.' })
export class BookingPage {
  @Field(() => String) providerCode!: string;
  @Field(() => String) providerName!: string;
  @Field(() => String, { description: 'The provider’s IANA time zone: the day and its times are its wall clock.' }) timeZone!: string;
  @Field(() => String) day!: string;
  @Field(() => Int) horizonDays!: number;
  @Field(() => [BookingSlot], { description: 'Workshop times of the day; on-site visits use the same times as a preference.' }) slots!: BookingSlot[];
}

@ObjectType({ description: 'What the customer gets back: a reference, never their data echoed.' })
export class BookingReceipt {
  @Field(() => String) number!: string;
  @Field(() => BookingKindEnum) kind!: BookingKind;
  @Field(() => BookingStatusEnum) status!: BookingState;
  @Field(() => Date) requestedAt!: Date;
  @Field(() => String) providerName!: string;
}

@InputType()
export class RequestBookingInput {
  @Field(() => String, { description: 'The provider’s code, from its booking page address.' }) providerCode!: string;
  @Field(() => BookingKindEnum) kind!: BookingKind;
  @Field(() => Date) requestedAt!: Date;
  @Field(() => String) name!: string;
  @Field(() => String, { description: 'Mobile number; the confirmation comes by SMS.' }) phone!: string;
  @Field(() => String, { nullable: true }) plate?: string | null;
  @Field(() => String, { nullable: true }) vin?: string | null;
  @Field(() => String, { nullable: true }) model?: string | null;
  @Field(() => String) complaint!: string;
  @Field(() => String, { nullable: true, description: 'Required for ON_SITE.' }) siteAddress?: string | null;
  @IdempotencyKey() idempotencyKey?: string | null;
}

@InputType()
export class RequestBookingByLinkInput {
  @Field(() => String) token!: string;
  @Field(() => String) phoneLast4!: string;
  @Field(() => BookingKindEnum) kind!: BookingKind;
  @Field(() => Date) requestedAt!: Date;
  @Field(() => String) complaint!: string;
  @Field(() => String, { nullable: true, description: 'For ON_SITE; defaults to the address on the customer file.' }) siteAddress?: string | null;
  @IdempotencyKey() idempotencyKey?: string | null;
}

@InputType()
export class AcceptBookingRequestInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
  @Field(() => ID, { nullable: true, description: 'The customer file to book for (default: the one file with the request’s phone, else a new file).' })
  customerId?: string | null;
  @Field(() => ID, { nullable: true, description: 'The vehicle file (default: by VIN, then by plate on the customer’s file, else a new file).' }) vehicleId?:
    string | null;
  @Field(() => String, { nullable: true, description: 'The VIN, when the request has none and a new vehicle file is needed.' }) vin?: string | null;
  @Field(() => Date, { nullable: true, description: 'Another slot agreed with the customer (workshop requests).' }) appointmentAt?: Date | null;
  @IdempotencyKey() idempotencyKey?: string | null;
}

@InputType()
export class DeclineBookingRequestInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
  @Field(() => String, { description: 'Sent to the customer by SMS.' }) reason!: string;
}

@ObjectType()
export class BookingRequestPayload {
  @Field(() => BookingRequestType) bookingRequest!: BookingRequestType;
}
