import { listed } from '../../platform/documents/index.js';
import type { ModuleManifest } from '../../platform/modules.js';
import { FollowUpDocument } from './follow-up.document.js';
import { FollowUpSchema } from './follow-up.entity.js';
import { FollowUpResolver } from './follow-up.resolver.js';

/** Follow-up calls after delivery (a complaint said in one is filed with the complaints module). */
export const followUpsModule: ModuleManifest = {
  name: 'follow-ups',
  entities: [FollowUpSchema],
  resolvers: [FollowUpResolver],
  documents: [listed(FollowUpDocument)],
};
