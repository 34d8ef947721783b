import { defineMachine, type Machine } from './fsm.js';

/**
 * Online booking (domain.md §3): a customer without an account asks a provider for a workshop
 * appointment or an on-site visit from its public booking page (or from a tracking page). The
 * request waits for the service desk, which accepts it (the customer file, vehicle and an
 * APPOINTED repair order are opened in one step) or declines it with a reason. A request nobody
 * handled before the requested time expires.
 */
export const BOOKING_STATES = ['PENDING', 'ACCEPTED', 'DECLINED', 'EXPIRED'] as const;
export type BookingState = (typeof BOOKING_STATES)[number];

export const BOOKING_EVENTS = ['ACCEPT', 'DECLINE', 'EXPIRE'] as const;
export type BookingEvent = (typeof BOOKING_EVENTS)[number];

export const BOOKING_KINDS = ['WORKSHOP', 'ON_SITE'] as const;
export type BookingKind = (typeof BOOKING_KINDS)[number];

export const bookingMachine: Machine<BookingState, BookingEvent> = defineMachine({
  name: 'Booking request',
  document: 'BookingRequest',
  initial: 'PENDING',
  events: BOOKING_EVENTS,
  table: {
    PENDING: { ACCEPT: 'ACCEPTED', DECLINE: 'DECLINED', EXPIRE: 'EXPIRED' },
    ACCEPTED: {},
    DECLINED: {},
    EXPIRED: {},
  },
});

/** Open requests one phone number may have with one provider (an anonymous page invites abuse). */
export const BOOKING_OPEN_PER_PHONE = 3;
/** Requests a provider accepts from its public page per hour before asking callers to phone. */
export const BOOKING_PER_PROVIDER_HOUR = 60;
/** How far ahead the public page offers times. */
export const BOOKING_HORIZON_DAYS = 30;
