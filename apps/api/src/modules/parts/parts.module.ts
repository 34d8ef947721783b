import { jobsOf, type ModuleManifest } from '../../platform/modules.js';
import { listed } from '../../platform/documents/index.js';
import {
  CataloguePartSchema,
  PartSupersessionSchema,
  PartsDiscrepancySchema,
  PartsOrderLineSchema,
  PartsOrderSchema,
  PartsShipmentLineSchema,
  PartsShipmentSchema,
  StockItemSchema,
  StockMovementSchema,
  StockReservationSchema,
} from './parts.entity.js';
import { PartsOrderDocument } from './parts-order.document.js';
import { registerPartsTimers } from './parts-order.selling.js';
import { registerAbcJob } from './parts-abc.js';
import { CataloguePartResolver, PartsCatalogueResolver, PartsDiscrepancyResolver, PartsOrderResolver, StockResolver } from './parts.resolver.js';
import { CATALOGUE_IMPORT_PATH, catalogueImportRoute } from './import/catalogue-import.http.js';
import { CatalogueImportResolver } from './import/catalogue-import.resolver.js';
import { registerRepairPartsHooks, registerRepairPartsJobs } from './repair-parts.lifecycle.js';
import { RepairOrderPartsResolver } from './repair-parts.resolver.js';

// a repair order's finished work issues its reserved parts, its cancellation gives them back
registerRepairPartsHooks();

/** Parts: the sellers' catalogues, every tenant's stock, and parts orders between buyers and sellers. */
export const partsModule: ModuleManifest = {
  name: 'parts',
  entities: [
    CataloguePartSchema,
    PartSupersessionSchema,
    StockItemSchema,
    StockMovementSchema,
    StockReservationSchema,
    PartsOrderSchema,
    PartsOrderLineSchema,
    PartsShipmentSchema,
    PartsShipmentLineSchema,
    PartsDiscrepancySchema,
  ],
  resolvers: [
    PartsOrderResolver,
    PartsCatalogueResolver,
    CataloguePartResolver,
    PartsDiscrepancyResolver,
    StockResolver,
    RepairOrderPartsResolver,
    CatalogueImportResolver,
  ],
  jobs: { ...jobsOf(registerPartsTimers), ...jobsOf(registerRepairPartsJobs), ...jobsOf(registerAbcJob) },
  documents: [listed(PartsOrderDocument)],
  // a catalogue file, streamed into its import (import/catalogue-import.http.ts)
  routes: [{ method: 'post', path: CATALOGUE_IMPORT_PATH, handler: catalogueImportRoute }],
};
