import { BigIntType, EntitySchema } from '@mikro-orm/core';
import type { ContractState, ContractType, EntitlementKind, SeverityTargets, SlaBasis } from '@asn/domain';
import { tenantFilter } from '../../platform/db/entities.js';

/** A service contract (服务合同) of a provider with one of its customers; a renewal is a new version. */
export class ServiceContract {
  id!: string;
  /** The provider: a dealer, a shop, or the manufacturer itself. */
  tenantId!: string;
  /** For a dealer's contract, its authorising manufacturer (reads it; the products are its). */
  manufacturerId: string | null = null;
  region: string | null = null;
  customerId!: string;
  number!: string;
  versionNo: number = 1;
  previousId: string | null = null;
  renewedById: string | null = null;
  type!: ContractType;
  status!: ContractState;
  title!: string;
  /** Local days (YYYY-MM-DD) in the provider's zone, both included. */
  startsOn!: string;
  endsOn!: string;
  /** The instant it ends: the start of the day after `endsOn` in the provider's zone (the expiry job runs then). */
  endsAt!: Date;
  priceMinor!: string;
  currency!: string;
  slaBasis: SlaBasis = 'WORKING_TIME';
  sla!: SeverityTargets[];
  notes: string | null = null;
  activatedAt: Date | null = null;
  endedAt: Date | null = null;
  endReason: string | null = null;
  createdBy: string | null = null;
  createdAt!: Date;
  updatedAt!: Date;
  version: number = 1;
}

/** A vehicle (machine) a contract covers, by VIN. */
export class ContractVehicle {
  id!: string;
  tenantId!: string;
  manufacturerId: string | null = null;
  contractId!: string;
  vin!: string;
  vehicleId: string | null = null;
  model: string | null = null;
}

/** What the contract entitles to, and how much of it was used. */
export class ContractEntitlement {
  id!: string;
  tenantId!: string;
  manufacturerId: string | null = null;
  contractId!: string;
  kind!: EntitlementKind;
  code: string | null = null;
  label!: string;
  quantity: number | null = null;
  used: number = 0;
  /** Inspections: the report is due this many working days after the inspection. */
  reportDays: number | null = null;
  position: number = 0;
}

/** What one repair, request or inspection consumed of an entitlement (released when the repair is cancelled). */
export class ContractConsumption {
  id!: string;
  tenantId!: string;
  manufacturerId: string | null = null;
  contractId!: string;
  entitlementId!: string;
  units!: number;
  repairOrderId: string | null = null;
  repairOrderLineId: string | null = null;
  serviceRequestId: string | null = null;
  inspectionId: string | null = null;
  note: string | null = null;
  createdAt!: Date;
  releasedAt: Date | null = null;
}

export interface InspectionItem {
  item: string;
  result: 'OK' | 'ATTENTION' | 'FAULT';
  note: string | null;
}

/** A periodic inspection (巡检) under a contract, and its report (due within the contract's working days). */
export class ContractInspection {
  id!: string;
  tenantId!: string;
  manufacturerId: string | null = null;
  contractId!: string;
  entitlementId: string | null = null;
  vin: string | null = null;
  performedAt!: Date;
  engineer!: string;
  reportDueAt!: Date;
  findings: string | null = null;
  items: InspectionItem[] = [];
  reportedAt: Date | null = null;
  createdAt!: Date;
}

/** A link the customer opens to see their contract and report faults (the last four phone digits open it). */
export class ContractLink {
  id!: string;
  tenantId!: string;
  contractId!: string;
  tokenHash!: string;
  createdBy: string | null = null;
  createdAt!: Date;
  expiresAt!: Date;
  revokedAt: Date | null = null;
  lastUsedAt: Date | null = null;
}

/** A provider's working time: hours per weekday, holidays and adjusted working days (调休). */
export class WorkingCalendarRow {
  tenantId!: string;
  week!: Record<string, { start: string; end: string }[]>;
  days!: { date: string; kind: 'HOLIDAY' | 'WORKDAY'; name?: string | null; spans?: { start: string; end: string }[] | null }[];
  updatedBy: string | null = null;
  updatedAt!: Date;
}

const uuid = { type: 'uuid' } as const;
const uuidN = { type: 'uuid', nullable: true } as const;
const strN = { type: 'string', nullable: true } as const;
const dateN = { type: 'Date', nullable: true } as const;
const day = { type: 'string', columnType: 'date' } as const;

export const ServiceContractSchema = new EntitySchema<ServiceContract>({
  class: ServiceContract,
  tableName: 'service_contracts',
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    manufacturerId: uuidN,
    region: strN,
    customerId: uuid,
    number: { type: 'string' },
    versionNo: { type: 'integer' },
    previousId: uuidN,
    renewedById: uuidN,
    type: { type: 'string' },
    status: { type: 'string' },
    title: { type: 'string' },
    startsOn: day,
    endsOn: day,
    endsAt: { type: 'Date' },
    priceMinor: { type: new BigIntType('string') },
    currency: { type: 'string' },
    slaBasis: { type: 'string' },
    sla: { type: 'json' },
    notes: strN,
    activatedAt: dateN,
    endedAt: dateN,
    endReason: strN,
    createdBy: uuidN,
    createdAt: { type: 'Date' },
    updatedAt: { type: 'Date' },
    version: { type: 'integer', version: true },
  },
});

export const ContractVehicleSchema = new EntitySchema<ContractVehicle>({
  class: ContractVehicle,
  tableName: 'service_contract_vehicles',
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    manufacturerId: uuidN,
    contractId: uuid,
    vin: { type: 'string' },
    vehicleId: uuidN,
    model: strN,
  },
});

export const ContractEntitlementSchema = new EntitySchema<ContractEntitlement>({
  class: ContractEntitlement,
  tableName: 'contract_entitlements',
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    manufacturerId: uuidN,
    contractId: uuid,
    kind: { type: 'string' },
    code: strN,
    label: { type: 'string' },
    quantity: { type: 'integer', nullable: true },
    used: { type: 'integer' },
    reportDays: { type: 'integer', nullable: true },
    position: { type: 'integer' },
  },
});

export const ContractConsumptionSchema = new EntitySchema<ContractConsumption>({
  class: ContractConsumption,
  tableName: 'contract_consumptions',
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    manufacturerId: uuidN,
    contractId: uuid,
    entitlementId: uuid,
    units: { type: 'integer' },
    repairOrderId: uuidN,
    repairOrderLineId: uuidN,
    serviceRequestId: uuidN,
    inspectionId: uuidN,
    note: strN,
    createdAt: { type: 'Date' },
    releasedAt: dateN,
  },
});

export const ContractInspectionSchema = new EntitySchema<ContractInspection>({
  class: ContractInspection,
  tableName: 'contract_inspections',
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    manufacturerId: uuidN,
    contractId: uuid,
    entitlementId: uuidN,
    vin: strN,
    performedAt: { type: 'Date' },
    engineer: { type: 'string' },
    reportDueAt: { type: 'Date' },
    findings: strN,
    items: { type: 'json' },
    reportedAt: dateN,
    createdAt: { type: 'Date' },
  },
});

export const ContractLinkSchema = new EntitySchema<ContractLink>({
  class: ContractLink,
  tableName: 'contract_links',
  filters: tenantFilter,
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    contractId: uuid,
    tokenHash: { type: 'string', hidden: true },
    createdBy: uuidN,
    createdAt: { type: 'Date' },
    expiresAt: { type: 'Date' },
    revokedAt: dateN,
    lastUsedAt: dateN,
  },
});

export const WorkingCalendarSchema = new EntitySchema<WorkingCalendarRow>({
  class: WorkingCalendarRow,
  tableName: 'working_calendars',
  filters: tenantFilter,
  properties: {
    tenantId: { ...uuid, primary: true },
    week: { type: 'json' },
    days: { type: 'json' },
    updatedBy: uuidN,
    updatedAt: { type: 'Date' },
  },
});
