import type { ModuleManifest } from '../../platform/modules.js';
import { TenantResolver } from './tenant.resolver.js';

/** Tenants (the platform operator creates them); their table is the platform's (platform/db/entities.ts). */
export const tenantsModule: ModuleManifest = {
  name: 'tenants',
  resolvers: [TenantResolver],
};
