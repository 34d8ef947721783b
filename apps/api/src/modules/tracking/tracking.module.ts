import type { ModuleManifest } from '../../platform/modules.js';
import { RepairOrderRatingSchema, TrackingLinkSchema } from './tracking.entity.js';
import { CustomerRatingsResolver, RepairOrderTrackingResolver, TrackingResolver } from './tracking.resolver.js';

/** The customer's tracking link and rating. */
export const trackingModule: ModuleManifest = {
  name: 'tracking',
  entities: [TrackingLinkSchema, RepairOrderRatingSchema],
  resolvers: [TrackingResolver, RepairOrderTrackingResolver, CustomerRatingsResolver],
};
