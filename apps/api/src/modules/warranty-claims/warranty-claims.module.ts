import type { ModuleManifest } from '../../platform/modules.js';
import { claimEntities } from './claim.entity.js';
import { SettlementBatchResolver, WarrantyClaimResolver } from './claim.resolver.js';
import { SettlementBatchDocument, WarrantyClaimDocument } from './claim.document.js';
import { listed } from '../../platform/documents/index.js';

/** Warranty claims with their lines and returned parts, and settlement batches. */
export const warrantyClaimsModule: ModuleManifest = {
  name: 'warranty-claims',
  entities: [...claimEntities],
  resolvers: [WarrantyClaimResolver, SettlementBatchResolver],
  documents: [listed(WarrantyClaimDocument), listed(SettlementBatchDocument)],
};
