import {
  CONTRACT_REMINDER_DAYS,
  contractEventActions,
  contractMachine,
  serviceRequestEventActions,
  serviceRequestMachine,
  uuidv7,
  type ContractEvent,
  type ContractState,
  type ServiceRequestEvent,
  type ServiceRequestState,
} from '@asn/domain';
import type { Tx } from '../../platform/context.js';
import { defineDocument, move, recordChange, type MoveFacts, type TimerDeclaration } from '../../platform/documents/index.js';
import {
  ContractConsumptionSchema,
  ContractEntitlementSchema,
  ContractInspectionSchema,
  ContractVehicleSchema,
  ServiceContractSchema,
  type ServiceContract,
} from './contract.entity.js';
import { ServiceRequestSchema, ServiceRequestStep, ServiceRequestStepSchema, SlaClockSchema, type ServiceRequest } from './service-request.entity.js';

const DAY = 86_400_000;

export const CONTRACT_TIMER = { REMIND: 'contract.remind', EXPIRE: 'contract.expire' } as const;

/**
 * A running contract's clock: reminders to provider and customer 30 and 7 days before it ends,
 * and its expiry at the end of its last day (in the provider's zone). Kept while suspended; a
 * termination cancels them.
 */
const contractTimers: readonly TimerDeclaration<ServiceContract, ContractState>[] = [
  {
    kind: CONTRACT_TIMER.REMIND,
    start: ['ACTIVE'],
    keep: ['ACTIVE', 'SUSPENDED'],
    plan: (c, now) =>
      CONTRACT_REMINDER_DAYS.map((d) => ({ runAt: new Date(c.endsAt.getTime() - d * DAY), key: String(d), payload: { contractId: c.id, days: d } })).filter(
        (r) => r.runAt > now,
      ),
  },
  {
    kind: CONTRACT_TIMER.EXPIRE,
    start: ['ACTIVE'],
    keep: ['ACTIVE', 'SUSPENDED'],
    plan: (c) => [{ runAt: c.endsAt, payload: { contractId: c.id } }],
  },
];

export function contractFacts(c: ServiceContract): Record<string, unknown> {
  return {
    number: c.number,
    versionNo: c.versionNo,
    status: c.status,
    type: c.type,
    endsOn: c.endsOn,
    customerId: c.customerId,
    manufacturerId: c.manufacturerId,
  };
}

/**
 * The service contract (服务合同, domain.md §6): the provider owns it; for a dealer's contract on
 * its products the authorising manufacturer reads it (and its entitlements, inspections and what
 * repairs consumed), never changes it. The customer reads it through a contract link.
 */
export const ContractDocument = defineDocument<ServiceContract, ContractState, ContractEvent>({
  type: 'ServiceContract',
  eventPrefix: 'serviceContract',
  schema: ServiceContractSchema,
  machine: contractMachine,
  counterparty: 'manufacturerId',
  access: { update: ['owner'] },
  children: [
    { schema: ContractVehicleSchema, access: { update: ['owner'], delete: ['owner'] } },
    { schema: ContractEntitlementSchema, access: { update: ['owner'], delete: ['owner'] } },
    { schema: ContractInspectionSchema, access: { update: ['owner'] } },
    { schema: ContractConsumptionSchema, access: { update: ['owner'] } },
  ],
  eventActions: contractEventActions,
  numberSeries: 'SC',
  timers: contractTimers,
  subject: (c) => ({ id: c.id, tenantId: c.tenantId, manufacturerId: c.manufacturerId, region: c.region, status: c.status }),
  snapshot: contractFacts,
  forbidden: () => 'Only the provider’s admin writes, activates and ends service contracts.',
});

export function moveContract(tx: Tx, c: ServiceContract, event: ContractEvent, facts: MoveFacts = {}): Promise<ContractState> {
  c.updatedAt = tx.ctx.clock.now();
  return move(tx, ContractDocument, c, event, { ...facts, data: { ...contractFacts(c), ...(facts.data ?? {}) } });
}

export function recordContract(tx: Tx, c: ServiceContract, action: string, facts: MoveFacts = {}): void {
  c.updatedAt = tx.ctx.clock.now();
  recordChange(tx, ContractDocument, c, action, { ...facts, data: { ...contractFacts(c), ...(facts.data ?? {}) } });
}

// ---------------------------------------------------------------------------------------------

export function requestFacts(r: ServiceRequest): Record<string, unknown> {
  return { number: r.number, status: r.status, severity: r.severity, contractId: r.contractId, manufacturerId: r.manufacturerId };
}

/**
 * The service request (报障): the provider owns it and its clocks; the manufacturer of a dealer's
 * contract reads it and its breaches; the customer reads the requests of its contract (their trail
 * and clocks) and writes its messages through the contract link. Clock jobs are planned by the
 * request's service (sla.clocks.ts): they follow every pause, resumption and severity change.
 */
export const ServiceRequestDocument = defineDocument<ServiceRequest, ServiceRequestState, ServiceRequestEvent>({
  type: 'ServiceRequest',
  eventPrefix: 'serviceRequest',
  schema: ServiceRequestSchema,
  machine: serviceRequestMachine,
  counterparty: 'manufacturerId',
  access: { update: ['owner'] },
  children: [
    { schema: SlaClockSchema, access: { update: ['owner'] } },
    { schema: ServiceRequestStepSchema, access: { update: ['owner'] } },
  ],
  eventActions: serviceRequestEventActions,
  numberSeries: 'SR',
  subject: (r) => ({ id: r.id, tenantId: r.tenantId, manufacturerId: r.manufacturerId, region: r.region, contractId: r.contractId, status: r.status }),
  snapshot: requestFacts,
  timeline: (tx, r, step) => {
    const actor = tx.ctx.actor;
    const byCustomer = actor.type === 'contractHolder' && !step.automatic;
    tx.em.persist(
      Object.assign(new ServiceRequestStep(), {
        id: uuidv7(),
        tenantId: r.tenantId,
        manufacturerId: r.manufacturerId,
        requestId: r.id,
        actorName: step.automatic ? 'system' : byCustomer ? 'customer' : (tx.ctx.principal?.displayName ?? 'system'),
        byCustomer,
        automatic: step.automatic,
        action: step.action,
        fromState: step.from,
        toState: step.from !== null ? step.to : null,
        note: step.note,
        detail: step.detail,
        occurredAt: tx.ctx.clock.now(),
      }),
    );
  },
  forbidden: () => 'Only the provider’s service desk handles fault reports.',
});

export function moveRequest(tx: Tx, r: ServiceRequest, event: ServiceRequestEvent, facts: MoveFacts = {}): Promise<ServiceRequestState> {
  r.updatedAt = tx.ctx.clock.now();
  return move(tx, ServiceRequestDocument, r, event, { ...facts, data: { ...requestFacts(r), ...(facts.data ?? {}) } });
}

export function recordRequest(tx: Tx, r: ServiceRequest, action: string, facts: MoveFacts = {}): void {
  r.updatedAt = tx.ctx.clock.now();
  recordChange(tx, ServiceRequestDocument, r, action, { ...facts, data: { ...requestFacts(r), ...(facts.data ?? {}) } });
}
