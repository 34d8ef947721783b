import { BigIntType, EntitySchema } from '@mikro-orm/core';
import type { ComplaintCategory, ComplaintChannel, ComplaintSeverity, ComplaintState, CostSplit } from '@asn/domain';

/** A complaint (客户投诉) about a provider; the manufacturer is named once it reaches it. */
export class Complaint {
  id!: string;
  /** The tenant complained about (the dealer or shop). */
  tenantId!: string;
  /** The authorising manufacturer, once the complaint reached it (product quality, or escalated). */
  manufacturerId: string | null = null;
  /** The dealer's region under that manufacturer (its network manager's queue). */
  region: string | null = null;
  number!: string;
  channel!: ComplaintChannel;
  status!: ComplaintState;
  category: ComplaintCategory = 'OTHER';
  severity: ComplaintSeverity = 'MINOR';
  customerId: string | null = null;
  contactName: string | null = null;
  contactPhone: string | null = null;
  repairOrderId: string | null = null;
  vehicleId: string | null = null;
  /** The vehicle's VIN and model, kept on the complaint: the manufacturer reads them (not the dealer's vehicle file). */
  vin: string | null = null;
  vehicleModel: string | null = null;
  claimId: string | null = null;
  partsOrderId: string | null = null;
  followUpId: string | null = null;
  previousComplaintId: string | null = null;
  description!: string;
  receivedAt!: Date;
  /** The escalation clock counts from here: when it was received, or reopened. */
  clockFrom!: Date;
  ackDueAt!: Date;
  /** Unresolved by then → escalated to the supervisor. */
  resolveDueAt!: Date;
  /** Unresolved by then → escalated to the manufacturer. */
  escalate2At!: Date;
  acknowledgedAt: Date | null = null;
  promisedAnswerAt: Date | null = null;
  /** What the customer is told (the latest answer). */
  answer: string | null = null;
  escalationLevel: number = 0;
  escalatedAt: Date | null = null;
  rootCause: string | null = null;
  responsibility: string | null = null;
  qualityRootCause: string | null = null;
  qualityResponsible: string | null = null;
  qualityDepartment: string | null = null;
  qualityAssessedAt: Date | null = null;
  qualityAssessedBy: string | null = null;
  resolution: string | null = null;
  costMinor: string | null = null;
  currency: string | null = null;
  costSplit: CostSplit | null = null;
  resolvedAt: Date | null = null;
  resolvedBy: string | null = null;
  rating: number | null = null;
  satisfied: boolean | null = null;
  ratingComment: string | null = null;
  ratedAt: Date | null = null;
  recoveryDueAt: Date | null = null;
  recoveryDoneAt: Date | null = null;
  recoveryNote: string | null = null;
  closedAt: Date | null = null;
  createdBy: string | null = null;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
  version: number = 1;
}

/** One step of a complaint's trail, read by both parties (the customer sees the customer-facing ones). */
export class ComplaintStep {
  id!: string;
  tenantId!: string;
  manufacturerId: string | null = null;
  complaintId!: string;
  actorTenantId: string | null = null;
  actorName!: string;
  automatic = false;
  action!: string;
  fromState: string | null = null;
  toState: string | null = null;
  note: string | null = null;
  detail: Record<string, unknown> | null = null;
  occurredAt: Date = new Date();
}

const uuid = { type: 'uuid' } as const;
const uuidN = { type: 'uuid', nullable: true } as const;
const strN = { type: 'string', nullable: true } as const;
const dateN = { type: 'Date', nullable: true } as const;

export const ComplaintSchema = new EntitySchema<Complaint>({
  class: Complaint,
  tableName: 'complaints',
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    manufacturerId: uuidN,
    region: strN,
    number: { type: 'string' },
    channel: { type: 'string' },
    status: { type: 'string' },
    category: { type: 'string' },
    severity: { type: 'string' },
    customerId: uuidN,
    contactName: strN,
    contactPhone: strN,
    repairOrderId: uuidN,
    vehicleId: uuidN,
    vin: strN,
    vehicleModel: strN,
    claimId: uuidN,
    partsOrderId: uuidN,
    followUpId: uuidN,
    previousComplaintId: uuidN,
    description: { type: 'string' },
    receivedAt: { type: 'Date' },
    clockFrom: { type: 'Date' },
    ackDueAt: { type: 'Date' },
    resolveDueAt: { type: 'Date' },
    escalate2At: { type: 'Date', fieldName: 'escalate2_at' },
    acknowledgedAt: dateN,
    promisedAnswerAt: dateN,
    answer: strN,
    escalationLevel: { type: 'integer' },
    escalatedAt: dateN,
    rootCause: strN,
    responsibility: strN,
    qualityRootCause: strN,
    qualityResponsible: strN,
    qualityDepartment: strN,
    qualityAssessedAt: dateN,
    qualityAssessedBy: uuidN,
    resolution: strN,
    costMinor: { type: new BigIntType('string'), nullable: true },
    currency: strN,
    costSplit: { type: 'json', nullable: true },
    resolvedAt: dateN,
    resolvedBy: uuidN,
    rating: { type: 'integer', nullable: true },
    satisfied: { type: 'boolean', nullable: true },
    ratingComment: strN,
    ratedAt: dateN,
    recoveryDueAt: dateN,
    recoveryDoneAt: dateN,
    recoveryNote: strN,
    closedAt: dateN,
    createdBy: uuidN,
    createdAt: { type: 'Date' },
    updatedAt: { type: 'Date' },
    version: { type: 'integer', version: true },
  },
});

export const ComplaintStepSchema = new EntitySchema<ComplaintStep>({
  class: ComplaintStep,
  tableName: 'complaint_steps',
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    manufacturerId: uuidN,
    complaintId: uuid,
    actorTenantId: uuidN,
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
