import type { ModuleManifest } from '../../platform/modules.js';
import { AuditResolver } from './audit.resolver.js';

/** The audit log as the tenant reads it. */
export const auditModule: ModuleManifest = {
  name: 'audit',
  resolvers: [AuditResolver],
};
