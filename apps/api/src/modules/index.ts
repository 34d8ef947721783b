import { compose, type ModuleManifest } from '../platform/modules.js';
import { authModule } from './auth/auth.module.js';
import { tenantsModule } from './tenants/tenants.module.js';
import { usersModule } from './users/users.module.js';
import { relationshipsModule } from './relationships/relationships.module.js';
import { auditModule } from './audit/audit.module.js';
import { eventsModule } from './events/events.module.js';
import { customersModule } from './customers/customers.module.js';
import { repairOrdersModule } from './repair-orders/repair-orders.module.js';
import { trackingModule } from './tracking/tracking.module.js';
import { followUpsModule } from './follow-ups/follow-ups.module.js';
import { visitsModule } from './visits/visits.module.js';
import { bookingsModule } from './bookings/bookings.module.js';
import { attachmentsModule } from './attachments/attachments.module.js';
import { warrantyCatalogueModule } from './warranty-catalogue/warranty-catalogue.module.js';
import { warrantyClaimsModule } from './warranty-claims/warranty-claims.module.js';
import { supplierRecoveryModule } from './supplier-recovery/supplier-recovery.module.js';
import { partsModule } from './parts/parts.module.js';
import { complaintsModule } from './complaints/complaints.module.js';
import { serviceContractsModule } from './service-contracts/service-contracts.module.js';
import { networkFiguresModule } from './network-figures/network-figures.module.js';
import { supervisionModule } from './supervision/supervision.module.js';

/**
 * The composition root: every feature module of the product, each by its manifest
 * (`<module>/<module>.module.ts`). The server, the schema, migrations' ORM and the tests take
 * entities, resolvers, job handlers, routes and document declarations from here; the platform
 * imports nothing from src/modules.
 */
export const appModules: readonly ModuleManifest[] = [
  authModule,
  tenantsModule,
  usersModule,
  relationshipsModule,
  auditModule,
  eventsModule,
  customersModule,
  repairOrdersModule,
  trackingModule,
  followUpsModule,
  visitsModule,
  bookingsModule,
  attachmentsModule,
  warrantyCatalogueModule,
  warrantyClaimsModule,
  supplierRecoveryModule,
  partsModule,
  complaintsModule,
  serviceContractsModule,
  networkFiguresModule,
  supervisionModule,
];

/** The product's modules gathered: `composition.entities`, `.resolvers`, `.jobs`, `.documents`, … */
export const composition = compose(appModules);
