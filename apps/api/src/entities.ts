import { entities as platformEntities } from './platform/db/entities.js';
import { CustomerSchema, MeterReadingSchema, VehicleSchema } from './modules/customers/customer.entity.js';
import { RepairOrderLineSchema, RepairOrderSchema } from './modules/repair-orders/repair-order.entity.js';
import { RepairOrderRatingSchema, TrackingLinkSchema } from './modules/tracking/tracking.entity.js';
import { ComplaintSchema, FollowUpSchema } from './modules/follow-ups/follow-up.entity.js';
import { VisitSchema } from './modules/visits/visit.entity.js';
import { BookingRequestSchema } from './modules/bookings/booking.entity.js';
import { AttachmentSchema } from './modules/attachments/attachment.entity.js';
import { catalogueEntities } from './modules/warranty-catalogue/catalogue.entity.js';
import { claimEntities } from './modules/warranty-claims/claim.entity.js';
import { RecoveryClaimSchema } from './modules/supplier-recovery/recovery.entity.js';

/** Every persisted entity, platform and feature modules alike. */
export const entities = [
  ...platformEntities,
  CustomerSchema,
  VehicleSchema,
  MeterReadingSchema,
  RepairOrderSchema,
  RepairOrderLineSchema,
  TrackingLinkSchema,
  RepairOrderRatingSchema,
  FollowUpSchema,
  ComplaintSchema,
  VisitSchema,
  BookingRequestSchema,
  AttachmentSchema,
  ...catalogueEntities,
  ...claimEntities,
  RecoveryClaimSchema,
];
