import { BigIntType, EntitySchema } from '@mikro-orm/core';
import type { FaultSeverity, ServiceRequestChannel, ServiceRequestState, SlaClockState, SlaMetric } from '@asn/domain';

/** A fault report (报障) against a service contract; its clocks measure the provider against the contract's SLA. */
export class ServiceRequest {
  id!: string;
  tenantId!: string;
  manufacturerId: string | null = null;
  region: string | null = null;
  contractId!: string;
  customerId!: string;
  number!: string;
  status!: ServiceRequestState;
  severity!: FaultSeverity;
  channel!: ServiceRequestChannel;
  vin: string | null = null;
  description!: string;
  location: string | null = null;
  contactName: string | null = null;
  contactPhone: string | null = null;
  reportedAt!: Date;
  firstRepliedAt: Date | null = null;
  onSiteAt: Date | null = null;
  partsAt: Date | null = null;
  resolvedAt: Date | null = null;
  closedAt: Date | null = null;
  /** What the provider asked the customer (the clocks pause until they answer). */
  question: string | null = null;
  resolution: string | null = null;
  repairOrderId: string | null = null;
  visitId: string | null = null;
  createdBy: string | null = null;
  createdAt!: Date;
  updatedAt!: Date;
  version: number = 1;
}

/** One SLA clock of a request (first reply, on site, parts, resolution). Changed only with its request. */
export class SlaClockRow {
  id!: string;
  tenantId!: string;
  manufacturerId: string | null = null;
  requestId!: string;
  metric!: SlaMetric;
  targetMs: number | null = null;
  state!: SlaClockState;
  elapsedMs: number = 0;
  pausedMs: number = 0;
  runningSince: Date | null = null;
  pausedSince: Date | null = null;
  startedAt!: Date;
  dueAt: Date | null = null;
  warnAt: Date | null = null;
  metAt: Date | null = null;
  breachedAt: Date | null = null;
  warnedAt: Date | null = null;
}

/** A step of the request's trail: both sides' messages and every change (the customer reads it). */
export class ServiceRequestStep {
  id!: string;
  tenantId!: string;
  manufacturerId: string | null = null;
  requestId!: string;
  actorName!: string;
  byCustomer: boolean = false;
  automatic: boolean = false;
  action!: string;
  fromState: string | null = null;
  toState: string | null = null;
  note: string | null = null;
  detail: Record<string, unknown> | null = null;
  occurredAt!: Date;
}

const uuid = { type: 'uuid' } as const;
const uuidN = { type: 'uuid', nullable: true } as const;
const strN = { type: 'string', nullable: true } as const;
const dateN = { type: 'Date', nullable: true } as const;
const ms = { type: new BigIntType('number') } as const;

export const ServiceRequestSchema = new EntitySchema<ServiceRequest>({
  class: ServiceRequest,
  tableName: 'service_requests',
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    manufacturerId: uuidN,
    region: strN,
    contractId: uuid,
    customerId: uuid,
    number: { type: 'string' },
    status: { type: 'string' },
    severity: { type: 'integer' },
    channel: { type: 'string' },
    vin: strN,
    description: { type: 'string' },
    location: strN,
    contactName: strN,
    contactPhone: strN,
    reportedAt: { type: 'Date' },
    firstRepliedAt: dateN,
    onSiteAt: dateN,
    partsAt: dateN,
    resolvedAt: dateN,
    closedAt: dateN,
    question: strN,
    resolution: strN,
    repairOrderId: uuidN,
    visitId: uuidN,
    createdBy: uuidN,
    createdAt: { type: 'Date' },
    updatedAt: { type: 'Date' },
    version: { type: 'integer', version: true },
  },
});

export const SlaClockSchema = new EntitySchema<SlaClockRow>({
  class: SlaClockRow,
  tableName: 'sla_clocks',
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    manufacturerId: uuidN,
    requestId: uuid,
    metric: { type: 'string' },
    targetMs: { type: new BigIntType('number'), nullable: true },
    state: { type: 'string' },
    elapsedMs: ms,
    pausedMs: ms,
    runningSince: dateN,
    pausedSince: dateN,
    startedAt: { type: 'Date' },
    dueAt: dateN,
    warnAt: dateN,
    metAt: dateN,
    breachedAt: dateN,
    warnedAt: dateN,
  },
});

export const ServiceRequestStepSchema = new EntitySchema<ServiceRequestStep>({
  class: ServiceRequestStep,
  tableName: 'service_request_steps',
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    manufacturerId: uuidN,
    requestId: uuid,
    actorName: { type: 'string' },
    byCustomer: { type: 'boolean' },
    automatic: { type: 'boolean' },
    action: { type: 'string' },
    fromState: strN,
    toState: strN,
    note: strN,
    detail: { type: 'json', nullable: true },
    occurredAt: { type: 'Date' },
  },
});
