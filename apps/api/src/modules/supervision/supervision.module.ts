import { listed } from '../../platform/documents/index.js';
import { jobsOf, type ModuleManifest } from '../../platform/modules.js';
import { ImprovementPlanDocument, WarningDocument } from './supervision.document.js';
import { ImprovementPlanSchema, PlanCheckSchema, SupervisionStepSchema, WarningSchema } from './supervision.entity.js';
import { ImprovementPlanResolver, WarningResolver } from './supervision.resolver.js';
import { registerSupervisionJobs } from './supervision.service.js';

/** Network supervision (网络监督): warnings and penalties against dealers, improvement plans checked daily, the weekly service-quality report. */
export const supervisionModule: ModuleManifest = {
  name: 'supervision',
  entities: [WarningSchema, ImprovementPlanSchema, PlanCheckSchema, SupervisionStepSchema],
  resolvers: [WarningResolver, ImprovementPlanResolver],
  jobs: { ...jobsOf(registerSupervisionJobs) },
  documents: [listed(WarningDocument), listed(ImprovementPlanDocument)],
};
