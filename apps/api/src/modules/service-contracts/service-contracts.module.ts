import { listed } from '../../platform/documents/index.js';
import { jobsOf, type ModuleManifest } from '../../platform/modules.js';
import { ContractDocument, ServiceRequestDocument } from './contract.document.js';
import {
  ContractConsumptionSchema,
  ContractEntitlementSchema,
  ContractInspectionSchema,
  ContractLinkSchema,
  ContractVehicleSchema,
  ServiceContractSchema,
  WorkingCalendarSchema,
} from './contract.entity.js';
import { ServiceRequestSchema, ServiceRequestStepSchema, SlaClockSchema } from './service-request.entity.js';
import { registerContractConsumption } from './contract.consumption.js';
import { registerContractJobs } from './contract.extras.js';
import { registerSlaJobs } from './sla.clocks.js';
import { ContractResolver } from './contract.resolver.js';
import { ContractPublicResolver } from './contract.public.resolver.js';
import { ServiceRequestResolver } from './service-request.resolver.js';

registerContractConsumption();

/**
 * Service contracts (服务合同): contracts with their covered vehicles and entitlements, the
 * provider's working calendar, fault reports with SLA clocks on working time, the customer's
 * contract page, and the entitlements repairs consume.
 */
export const serviceContractsModule: ModuleManifest = {
  name: 'service-contracts',
  entities: [
    ServiceContractSchema,
    ContractVehicleSchema,
    ContractEntitlementSchema,
    ContractConsumptionSchema,
    ContractInspectionSchema,
    ContractLinkSchema,
    WorkingCalendarSchema,
    ServiceRequestSchema,
    SlaClockSchema,
    ServiceRequestStepSchema,
  ],
  resolvers: [ContractResolver, ServiceRequestResolver, ContractPublicResolver],
  jobs: { ...jobsOf(registerSlaJobs), ...jobsOf(registerContractJobs) },
  documents: [listed(ContractDocument), listed(ServiceRequestDocument)],
};
