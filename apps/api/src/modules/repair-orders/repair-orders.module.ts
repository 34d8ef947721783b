import { jobsOf, type ModuleManifest } from '../../platform/modules.js';
import { listed } from '../../platform/documents/index.js';
import { RepairOrderLineSchema, RepairOrderSchema } from './repair-order.entity.js';
import { RepairOrderResolver } from './repair-order.resolver.js';
import { registerRepairOrderTimers } from './repair-order.timers.js';
import { RepairOrderDocument } from './repair-order.document.js';

/** Repair orders, their lines and their timers (progress check, pickup notice, reminders, follow-ups). */
export const repairOrdersModule: ModuleManifest = {
  name: 'repair-orders',
  entities: [RepairOrderSchema, RepairOrderLineSchema],
  resolvers: [RepairOrderResolver],
  jobs: jobsOf(registerRepairOrderTimers),
  documents: [listed(RepairOrderDocument)],
};
