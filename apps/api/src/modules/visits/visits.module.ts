import type { ModuleManifest } from '../../platform/modules.js';
import { VisitSchema } from './visit.entity.js';
import { RepairOrderVisitsResolver, VisitResolver } from './visit.resolver.js';

/** On-site visits. */
export const visitsModule: ModuleManifest = {
  name: 'visits',
  entities: [VisitSchema],
  resolvers: [VisitResolver, RepairOrderVisitsResolver],
};
