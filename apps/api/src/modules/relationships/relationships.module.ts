import type { ModuleManifest } from '../../platform/modules.js';
import { RelationshipResolver } from './relationship.resolver.js';

/** Relationships between tenants (dealer authorisations, supplier links). */
export const relationshipsModule: ModuleManifest = {
  name: 'relationships',
  resolvers: [RelationshipResolver],
};
