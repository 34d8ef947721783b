import type { ModuleManifest } from '../../platform/modules.js';
import { RecoveryClaimSchema } from './recovery.entity.js';
import { ClaimRecoveriesResolver, RecoveryClaimResolver } from './recovery.resolver.js';
import { RecoveryClaimDocument } from './recovery.document.js';
import { listed } from '../../platform/documents/index.js';

/** Recovery claims against suppliers. */
export const supplierRecoveryModule: ModuleManifest = {
  name: 'supplier-recovery',
  entities: [RecoveryClaimSchema],
  resolvers: [RecoveryClaimResolver, ClaimRecoveriesResolver],
  documents: [listed(RecoveryClaimDocument)],
};
