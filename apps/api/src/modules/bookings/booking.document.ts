import { bookingEventActions, bookingMachine, type BookingEvent, type BookingState } from '@asn/domain';
import { defineDocument } from '../../platform/documents/index.js';
import { BookingRequest, BookingRequestSchema } from './booking.entity.js';

/** What the audit log keeps before and after each change. */
export function bookingSnapshot(r: BookingRequest): Record<string, unknown> {
  return { number: r.number, status: r.status, repairOrderId: r.repairOrderId };
}

/** The job kind of a request's expiry. */
export const BOOKING_EXPIRY = 'bookingRequest.expire';

/**
 * A booking request (在线预约) from the public page or a tracking link, waiting for the service
 * desk: accepted (an APPOINTED order is opened), declined, or expired at the requested time when
 * nobody answered — the expiry timer runs while the request is PENDING.
 */
export const BookingRequestDocument = defineDocument<BookingRequest, BookingState, BookingEvent>({
  type: 'BookingRequest',
  eventPrefix: 'bookingRequest',
  schema: BookingRequestSchema,
  machine: bookingMachine,
  eventActions: bookingEventActions,
  numberSeries: 'BK',
  timers: [{ kind: BOOKING_EXPIRY, start: ['PENDING'], plan: (r) => [{ runAt: r.requestedAt, payload: { id: r.id } }] }],
  subject: (r) => ({ id: r.id, tenantId: r.tenantId }),
  snapshot: bookingSnapshot,
  forbidden: () => 'Only the service desk answers booking requests.',
});
