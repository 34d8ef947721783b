import { listed } from '../../platform/documents/index.js';
import type { ModuleManifest } from '../../platform/modules.js';
import { FollowUpDocument } from './follow-up.document.js';
import { ComplaintSchema, FollowUpSchema } from './follow-up.entity.js';
import { FollowUpResolver } from './follow-up.resolver.js';

/** Follow-up calls after delivery and the complaints they raise. */
export const followUpsModule: ModuleManifest = {
  name: 'follow-ups',
  entities: [FollowUpSchema, ComplaintSchema],
  resolvers: [FollowUpResolver],
  documents: [listed(FollowUpDocument)],
};
