import 'reflect-metadata';
import { buildSchema } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { guardRootFields } from './platform/permissions.js';
import { AuthResolver } from './modules/auth/auth.resolver.js';
import { TenantResolver } from './modules/tenants/tenant.resolver.js';
import { UserResolver } from './modules/users/user.resolver.js';
import { RelationshipResolver } from './modules/relationships/relationship.resolver.js';
import { AuditResolver } from './modules/audit/audit.resolver.js';
import { EventResolver } from './modules/events/event.resolver.js';
import { CustomerResolver } from './modules/customers/customer.resolver.js';
import { RepairOrderResolver } from './modules/repair-orders/repair-order.resolver.js';
import { RepairOrderTrackingResolver, TrackingResolver } from './modules/tracking/tracking.resolver.js';
import { FollowUpResolver } from './modules/follow-ups/follow-up.resolver.js';
import { RepairOrderVisitsResolver, VisitResolver } from './modules/visits/visit.resolver.js';
import { BookingResolver } from './modules/bookings/booking.resolver.js';
import { AttachmentResolver, RepairOrderLineAttachmentsResolver, VisitAttachmentsResolver } from './modules/attachments/attachment.resolver.js';
import { CatalogueResolver } from './modules/warranty-catalogue/catalogue.resolver.js';
import { SettlementBatchResolver, WarrantyClaimResolver } from './modules/warranty-claims/claim.resolver.js';
import { ClaimRecoveriesResolver, RecoveryClaimResolver } from './modules/supplier-recovery/recovery.resolver.js';

export const resolvers = [
  AuthResolver,
  TenantResolver,
  UserResolver,
  RelationshipResolver,
  AuditResolver,
  EventResolver,
  CustomerResolver,
  RepairOrderResolver,
  TrackingResolver,
  RepairOrderTrackingResolver,
  FollowUpResolver,
  VisitResolver,
  RepairOrderVisitsResolver,
  BookingResolver,
  AttachmentResolver,
  RepairOrderLineAttachmentsResolver,
  VisitAttachmentsResolver,
  CatalogueResolver,
  WarrantyClaimResolver,
  SettlementBatchResolver,
  RecoveryClaimResolver,
  ClaimRecoveriesResolver,
] as const;

let cached: Promise<GraphQLSchema> | null = null;

/** The executable schema (built once per process). */
export function appSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({
    resolvers,
    validate: false,
    emitSchemaFile: false,
    // Every subscription brings its own `subscribe` (the process PubSub lives in the request
    // context and events are re-checked per subscriber), so type-graphql's topic-based PubSub
    // must never be used; it is required by buildSchema, hence this guard.
    pubSub: {
      publish: () => {
        throw new Error('use ctx.services.pubsub');
      },
      subscribe: () => {
        throw new Error('subscriptions must define their own subscribe()');
      },
    },
  }).then(guardRootFields);
  return cached;
}
