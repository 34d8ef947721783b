import { listed } from '../../platform/documents/index.js';
import { jobsOf, type ModuleManifest } from '../../platform/modules.js';
import { ComplaintDocument } from './complaint.document.js';
import { ComplaintSchema, ComplaintStepSchema } from './complaint.entity.js';
import { registerComplaintJobs } from './complaint.escalation.js';
import { ComplaintResolver } from './complaint.resolver.js';

/** Complaints (客户投诉): received, acknowledged, investigated, escalated by age, resolved with their cost, rated by the customer. */
export const complaintsModule: ModuleManifest = {
  name: 'complaints',
  entities: [ComplaintSchema, ComplaintStepSchema],
  resolvers: [ComplaintResolver],
  jobs: { ...jobsOf(registerComplaintJobs) },
  documents: [listed(ComplaintDocument)],
};
