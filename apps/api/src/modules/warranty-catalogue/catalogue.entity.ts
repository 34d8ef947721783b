import { ArrayType, BigIntType, EntitySchema } from '@mikro-orm/core';
import type { CoverageTerm, EvidenceKind } from '@asn/domain';
import type { UsageUnit } from '../customers/customer.entity.js';

/**
 * The manufacturer's warranty master data (domain.md §2). Owned by the manufacturer; the dealers
 * it authorises read it (row-level security `app_authorised_by`). The ORM filter is therefore not
 * the owner-only tenant filter: services always name the manufacturer in their conditions.
 */
export class VehicleModel {
  id!: string;
  tenantId!: string;
  brand!: string;
  code!: string;
  name!: string;
  category!: 'PASSENGER_CAR' | 'TRUCK' | 'LOADER' | 'EXCAVATOR' | 'OTHER';
  usageUnit!: UsageUnit;
  createdAt: Date = new Date();
  version: number = 1;
}

export class WarrantyPolicy {
  id!: string;
  tenantId!: string;
  code!: string;
  name!: string;
  terms!: CoverageTerm[];
  exclusions: string[] = [];
  partsWarrantyMonths: number = 12;
  filingDeadlineDays!: number;
  duplicateWindowDays!: number;
  sanbaoThreshold!: number;
  /** Clean claims up to this amount are approved without a reviewer; null: never. */
  autoApproveLimitMinor: string | null = null;
  /** Claims above this amount need an approved pre-authorisation; null: no limit. */
  preAuthorizationLimitMinor: string | null = null;
  requiredEvidence: EvidenceKind[] = [];
  reviewTargetHours: number = 48;
  partsReturnRequired: boolean = true;
  currency: string = 'CNY';
  createdAt: Date = new Date();
  version: number = 1;
}

export class WarrantyRegistration {
  id!: string;
  tenantId!: string;
  vin!: string;
  modelId!: string;
  policyId!: string;
  saleDate!: string;
  warrantyStart!: string;
  sellingDealerId: string | null = null;
  /** 三包: when the vehicle became eligible for replacement/refund, and by which claim. */
  sanbaoEligibleAt: Date | null = null;
  sanbaoClaimId: string | null = null;
  createdAt: Date = new Date();
  version: number = 1;
}

export class LabourOperation {
  id!: string;
  tenantId!: string;
  code!: string;
  descriptionZh!: string;
  descriptionEn!: string;
  standardHoursMilli!: number;
  componentGroup!: string;
  requiredEvidence: EvidenceKind[] = [];
  createdAt: Date = new Date();
  version: number = 1;
}

export class OemPart {
  id!: string;
  tenantId!: string;
  partNumber!: string;
  name!: string;
  componentGroup!: string;
  listPriceMinor!: string;
  currency: string = 'CNY';
  /** The supplier that makes it (recoveries go there). */
  supplierId: string | null = null;
  createdAt: Date = new Date();
  version: number = 1;
}

export class Campaign {
  id!: string;
  tenantId!: string;
  code!: string;
  kind!: 'RECALL' | 'SERVICE';
  title!: string;
  labourOperationCode: string | null = null;
  opensOn!: string;
  closesOn: string | null = null;
  createdAt: Date = new Date();
  version: number = 1;
}

export class CampaignVehicle {
  tenantId!: string;
  campaignId!: string;
  vin!: string;
  claimId: string | null = null;
}

const uuid = { type: 'uuid' } as const;
const money = { type: new BigIntType('string') };
const moneyN = { type: new BigIntType('string'), nullable: true };
const date = { type: 'string', columnType: 'date' } as const;
const texts = { type: ArrayType, columnType: 'text[]' } as const;

export const VehicleModelSchema = new EntitySchema<VehicleModel>({
  class: VehicleModel,
  tableName: 'vehicle_models',
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    brand: { type: 'string' },
    code: { type: 'string' },
    name: { type: 'string' },
    category: { type: 'string' },
    usageUnit: { type: 'string' },
    createdAt: { type: 'Date' },
    version: { type: 'integer', version: true },
  },
});

export const WarrantyPolicySchema = new EntitySchema<WarrantyPolicy>({
  class: WarrantyPolicy,
  tableName: 'warranty_policies',
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    code: { type: 'string' },
    name: { type: 'string' },
    terms: { type: 'json' },
    exclusions: texts,
    partsWarrantyMonths: { type: 'integer' },
    filingDeadlineDays: { type: 'integer' },
    duplicateWindowDays: { type: 'integer' },
    sanbaoThreshold: { type: 'integer' },
    autoApproveLimitMinor: moneyN,
    preAuthorizationLimitMinor: moneyN,
    requiredEvidence: texts,
    reviewTargetHours: { type: 'integer' },
    partsReturnRequired: { type: 'boolean' },
    currency: { type: 'string' },
    createdAt: { type: 'Date' },
    version: { type: 'integer', version: true },
  },
});

export const WarrantyRegistrationSchema = new EntitySchema<WarrantyRegistration>({
  class: WarrantyRegistration,
  tableName: 'warranty_registrations',
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    vin: { type: 'string' },
    modelId: uuid,
    policyId: uuid,
    saleDate: date,
    warrantyStart: date,
    sellingDealerId: { ...uuid, nullable: true },
    sanbaoEligibleAt: { type: 'Date', nullable: true },
    sanbaoClaimId: { ...uuid, nullable: true },
    createdAt: { type: 'Date' },
    version: { type: 'integer', version: true },
  },
});

export const LabourOperationSchema = new EntitySchema<LabourOperation>({
  class: LabourOperation,
  tableName: 'labour_operations',
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    code: { type: 'string' },
    descriptionZh: { type: 'string' },
    descriptionEn: { type: 'string' },
    standardHoursMilli: { type: 'integer' },
    componentGroup: { type: 'string' },
    requiredEvidence: texts,
    createdAt: { type: 'Date' },
    version: { type: 'integer', version: true },
  },
});

export const OemPartSchema = new EntitySchema<OemPart>({
  class: OemPart,
  tableName: 'oem_parts',
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    partNumber: { type: 'string' },
    name: { type: 'string' },
    componentGroup: { type: 'string' },
    listPriceMinor: money,
    currency: { type: 'string' },
    supplierId: { ...uuid, nullable: true },
    createdAt: { type: 'Date' },
    version: { type: 'integer', version: true },
  },
});

export const CampaignSchema = new EntitySchema<Campaign>({
  class: Campaign,
  tableName: 'campaigns',
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    code: { type: 'string' },
    kind: { type: 'string' },
    title: { type: 'string' },
    labourOperationCode: { type: 'string', nullable: true },
    opensOn: date,
    closesOn: { ...date, nullable: true },
    createdAt: { type: 'Date' },
    version: { type: 'integer', version: true },
  },
});

export const CampaignVehicleSchema = new EntitySchema<CampaignVehicle>({
  class: CampaignVehicle,
  tableName: 'campaign_vehicles',
  properties: {
    tenantId: uuid,
    campaignId: { ...uuid, primary: true },
    vin: { type: 'string', primary: true },
    claimId: { ...uuid, nullable: true },
  },
});

export const catalogueEntities = [
  VehicleModelSchema,
  WarrantyPolicySchema,
  WarrantyRegistrationSchema,
  LabourOperationSchema,
  OemPartSchema,
  CampaignSchema,
  CampaignVehicleSchema,
];
