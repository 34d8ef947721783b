import type { ModuleManifest } from '../../platform/modules.js';
import { AttachmentSchema } from './attachment.entity.js';
import { fileRoute } from './attachment.http.js';
import { AttachmentResolver, RepairOrderLineAttachmentsResolver, VisitAttachmentsResolver } from './attachment.resolver.js';

/** Photos and documents: uploads (base64 on the upload route) and downloads (`GET /files/:id`). */
export const attachmentsModule: ModuleManifest = {
  name: 'attachments',
  entities: [AttachmentSchema],
  resolvers: [AttachmentResolver, RepairOrderLineAttachmentsResolver, VisitAttachmentsResolver],
  uploadMutations: ['uploadAttachment'],
  routes: [{ method: 'get', path: '/files/:id', handler: fileRoute }],
};
