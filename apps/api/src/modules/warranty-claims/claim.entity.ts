import { ArrayType, BigIntType, EntitySchema } from '@mikro-orm/core';
import type { ClaimState, ClaimType, Finding, InspectionResult, PartReturnState, SettlementBatchState } from '@asn/domain';

/**
 * A warranty claim (索赔单): owned by the filing dealer (`tenantId`), shared with the manufacturer
 * it is filed with (`manufacturerId`). Both parties see it (row-level security and the ORM filter
 * below); who may do what is the ability's business.
 */
export class WarrantyClaim {
  id!: string;
  tenantId!: string;
  manufacturerId!: string;
  number!: string;
  type!: ClaimType;
  status!: ClaimState;
  repairOrderId: string | null = null;
  /** The dealer's region in the manufacturer's network (from the authorisation). */
  region: string | null = null;
  vin!: string;
  brand: string | null = null;
  meter!: number;
  failureDate!: string;
  repairDate!: string;
  complaint!: string;
  cause!: string;
  correction!: string;
  causalPartNumber!: string;
  causalComponentGroup: string | null = null;
  causalSupplierId: string | null = null;
  campaignId: string | null = null;
  preAuthorizationId: string | null = null;
  currency!: string;
  claimedMinor: string = '0';
  approvedMinor: string | null = null;
  findings: (Omit<Finding, 'evidence'> & { evidence: Record<string, unknown> })[] = [];
  findingCodes: string[] = [];
  sanbaoEligible: boolean = false;
  sanbaoRepairNo: number | null = null;
  appeals: number = 0;
  infoRequest: string | null = null;
  dealerNote: string | null = null;
  decisionNote: string | null = null;
  reasonCode: string | null = null;
  submittedAt: Date | null = null;
  reviewDueAt: Date | null = null;
  decidedAt: Date | null = null;
  decidedBy: string | null = null;
  partsReturnRequired: boolean = false;
  settlementBatchId: string | null = null;
  creditedAt: Date | null = null;
  createdBy: string | null = null;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
  version: number = 1;
}

export type ClaimLineKind = 'LABOUR' | 'PART' | 'SUBLET';

export class WarrantyClaimLine {
  id!: string;
  tenantId!: string;
  manufacturerId!: string;
  claimId!: string;
  position!: number;
  kind!: ClaimLineKind;
  description!: string;
  operationCode: string | null = null;
  hoursMilli: number | null = null;
  standardHoursMilli: number | null = null;
  rateMinor: string | null = null;
  partNumber: string | null = null;
  quantityMilli: number | null = null;
  unitPriceMinor: string | null = null;
  listPriceMinor: string | null = null;
  amountMinor!: string;
  approvedMinor: string | null = null;
  reasonCode: string | null = null;
  repairOrderLineId: string | null = null;
  tagCode: string | null = null;
  returnStatus: PartReturnState = 'NOT_REQUESTED';
  carrier: string | null = null;
  trackingNumber: string | null = null;
  shippedAt: Date | null = null;
  receivedAt: Date | null = null;
  inspectedAt: Date | null = null;
  inspectionResult: InspectionResult | null = null;
  inspectionNote: string | null = null;
  supplierId: string | null = null;
  version: number = 1;
}

/** The claim's shared timeline: what each party did, seen by both. */
export class WarrantyClaimEvent {
  id!: string;
  tenantId!: string;
  manufacturerId!: string;
  claimId!: string;
  actorTenantId!: string;
  actorName!: string;
  /** A step the system took by itself (the automatic checks' outcome), not the actor's own. */
  automatic = false;
  action!: string;
  fromState: string | null = null;
  toState: string | null = null;
  note: string | null = null;
  /** Facts of the step the reader's language renders: a part's tag, an inspection result, an amount. */
  detail: Record<string, unknown> | null = null;
  occurredAt: Date = new Date();
}

const uuid = { type: 'uuid' } as const;
const uuidN = { type: 'uuid', nullable: true } as const;
const money = { type: new BigIntType('string') };
const moneyN = { type: new BigIntType('string'), nullable: true };
const strN = { type: 'string', nullable: true } as const;
const dateN = { type: 'Date', nullable: true } as const;
const intN = { type: 'integer', nullable: true } as const;
const day = { type: 'string', columnType: 'date' } as const;

// The parties' filter (the dealer that filed a claim, the manufacturer it is filed with) comes
// from the document declarations in claim.document.ts.

export const WarrantyClaimSchema = new EntitySchema<WarrantyClaim>({
  class: WarrantyClaim,
  tableName: 'warranty_claims',
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    manufacturerId: uuid,
    number: { type: 'string' },
    type: { type: 'string' },
    status: { type: 'string' },
    repairOrderId: uuidN,
    region: strN,
    vin: { type: 'string' },
    brand: strN,
    meter: { type: 'integer' },
    failureDate: day,
    repairDate: day,
    complaint: { type: 'string' },
    cause: { type: 'string' },
    correction: { type: 'string' },
    causalPartNumber: { type: 'string' },
    causalComponentGroup: strN,
    causalSupplierId: uuidN,
    campaignId: uuidN,
    preAuthorizationId: uuidN,
    currency: { type: 'string' },
    claimedMinor: money,
    approvedMinor: moneyN,
    findings: { type: 'json' },
    findingCodes: { type: ArrayType, columnType: 'text[]' },
    sanbaoEligible: { type: 'boolean' },
    sanbaoRepairNo: intN,
    appeals: { type: 'integer' },
    infoRequest: strN,
    dealerNote: strN,
    decisionNote: strN,
    reasonCode: strN,
    submittedAt: dateN,
    reviewDueAt: dateN,
    decidedAt: dateN,
    decidedBy: uuidN,
    partsReturnRequired: { type: 'boolean' },
    settlementBatchId: uuidN,
    creditedAt: dateN,
    createdBy: uuidN,
    createdAt: { type: 'Date' },
    updatedAt: { type: 'Date', onUpdate: () => new Date() },
    version: { type: 'integer', version: true },
  },
});

export const WarrantyClaimLineSchema = new EntitySchema<WarrantyClaimLine>({
  class: WarrantyClaimLine,
  tableName: 'warranty_claim_lines',
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    manufacturerId: uuid,
    claimId: uuid,
    position: { type: 'integer' },
    kind: { type: 'string' },
    description: { type: 'string' },
    operationCode: strN,
    hoursMilli: intN,
    standardHoursMilli: intN,
    rateMinor: moneyN,
    partNumber: strN,
    quantityMilli: intN,
    unitPriceMinor: moneyN,
    listPriceMinor: moneyN,
    amountMinor: money,
    approvedMinor: moneyN,
    reasonCode: strN,
    repairOrderLineId: uuidN,
    tagCode: strN,
    returnStatus: { type: 'string' },
    carrier: strN,
    trackingNumber: strN,
    shippedAt: dateN,
    receivedAt: dateN,
    inspectedAt: dateN,
    inspectionResult: strN,
    inspectionNote: strN,
    supplierId: uuidN,
    version: { type: 'integer', version: true },
  },
});

export const WarrantyClaimEventSchema = new EntitySchema<WarrantyClaimEvent>({
  class: WarrantyClaimEvent,
  tableName: 'warranty_claim_events',
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    manufacturerId: uuid,
    claimId: uuid,
    actorTenantId: uuid,
    actorName: { type: 'string' },
    automatic: { type: 'boolean' },
    action: { type: 'string' },
    fromState: strN,
    toState: strN,
    note: strN,
    detail: { type: 'json', nullable: true },
    occurredAt: { type: 'Date' },
  },
});

/** A settlement batch (结算单): approved claims of one dealer for a period, credited together. */
export class SettlementBatch {
  id!: string;
  /** The manufacturer that pays. */
  tenantId!: string;
  dealerId!: string;
  number!: string;
  periodFrom!: string;
  periodTo!: string;
  currency!: string;
  totalMinor!: string;
  claimCount!: number;
  /** Issued complete (the batch's machine has one state). */
  status: SettlementBatchState = 'ISSUED';
  createdBy: string | null = null;
  createdAt: Date = new Date();
  version: number = 1;
}

export const SettlementBatchSchema = new EntitySchema<SettlementBatch>({
  class: SettlementBatch,
  tableName: 'settlement_batches',
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    dealerId: uuid,
    number: { type: 'string' },
    periodFrom: day,
    periodTo: day,
    currency: { type: 'string' },
    totalMinor: money,
    claimCount: { type: 'integer' },
    status: { type: 'string' },
    createdBy: uuidN,
    createdAt: { type: 'Date' },
    version: { type: 'integer', version: true },
  },
});

export const claimEntities = [WarrantyClaimSchema, WarrantyClaimLineSchema, WarrantyClaimEventSchema, SettlementBatchSchema];
