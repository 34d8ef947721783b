import type { ModuleManifest } from '../../platform/modules.js';
import { catalogueEntities } from './catalogue.entity.js';
import { CatalogueResolver } from './catalogue.resolver.js';

/** The manufacturer's warranty catalogue: models, policies, registrations, operations, parts, campaigns. */
export const warrantyCatalogueModule: ModuleManifest = {
  name: 'warranty-catalogue',
  entities: [...catalogueEntities],
  resolvers: [CatalogueResolver],
};
