import { listed } from '../../platform/documents/index.js';
import type { ModuleManifest } from '../../platform/modules.js';
import { VisitDocument } from './visit.document.js';
import { VisitSchema } from './visit.entity.js';
import { RepairOrderVisitsResolver, VisitResolver } from './visit.resolver.js';

/** On-site visits. */
export const visitsModule: ModuleManifest = {
  name: 'visits',
  entities: [VisitSchema],
  resolvers: [VisitResolver, RepairOrderVisitsResolver],
  documents: [listed(VisitDocument)],
};
