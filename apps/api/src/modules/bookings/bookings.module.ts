import { listed } from '../../platform/documents/index.js';
import { jobsOf, type ModuleManifest } from '../../platform/modules.js';
import { BookingRequestDocument } from './booking.document.js';
import { BookingRequestSchema } from './booking.entity.js';
import { BookingResolver } from './booking.resolver.js';
import { registerBookingTimers } from './booking.service.js';

/** Booking requests from the public page and tracking links. */
export const bookingsModule: ModuleManifest = {
  name: 'bookings',
  entities: [BookingRequestSchema],
  resolvers: [BookingResolver],
  jobs: jobsOf(registerBookingTimers),
  documents: [listed(BookingRequestDocument)],
};
