/**
 * The customer's contract page (/k/<token>): their contract, what is left of its entitlements,
 * the SLA it promises, their fault reports with clocks and trail; they report a fault, answer the
 * provider's question (the clocks resume) and confirm or reopen a resolution. Everything runs as
 * the contract holder (one contract, its requests; nothing else of the provider).
 */
import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { ContractState, ContractType, FaultSeverity, ServiceRequestState, SlaBasis } from '@asn/domain';
import { DomainError, ErrorCode } from '@asn/domain';
import { inTx, type Ctx } from '../../platform/context.js';
import { load } from '../../platform/documents/index.js';
import { Customer } from '../customers/customer.entity.js';
import { Tenant } from '../../platform/db/entities.js';
import { maskName } from '../tracking/tracking.service.js';
import { ContractDocument, ServiceRequestDocument } from './contract.document.js';
import { ContractEntitlement, ContractVehicle, ServiceContract } from './contract.entity.js';
import { ServiceRequest, ServiceRequestStep, SlaClockRow } from './service-request.entity.js';
import { closeServiceRequest, customerAnswered, reopenServiceRequest, reportInTx } from './service-request.service.js';
import { requestCalendar } from './sla.clocks.js';
import {
  ContractStatusEnum,
  ContractTypeEnum,
  ContractVehicleType,
  EntitlementType,
  ServiceRequestStatusEnum,
  SeverityTargetsType,
  SlaBasisEnum,
} from './contract.types.js';
import { RequestStepType, SlaClockType } from './service-request.types.js';

@ObjectType('ContractViewRequest', { description: 'A fault report as its customer sees it.' })
export class ViewRequest {
  @Field(() => ID) id!: string;
  @Field() number!: string;
  @Field(() => ServiceRequestStatusEnum) status!: ServiceRequestState;
  @Field(() => Int) severity!: FaultSeverity;
  @Field() description!: string;
  @Field(() => String, { nullable: true }) vin!: string | null;
  @Field(() => String, { nullable: true }) location!: string | null;
  @Field() reportedAt!: Date;
  @Field(() => String, { nullable: true }) question!: string | null;
  @Field(() => String, { nullable: true }) resolution!: string | null;
  @Field() canAnswer!: boolean;
  @Field() canConfirm!: boolean;
  @Field() breached!: boolean;
  @Field(() => Int) version!: number;
  @Field(() => [SlaClockType]) clocks!: SlaClockType[];
  @Field(() => [RequestStepType]) steps!: RequestStepType[];
}

@ObjectType('ContractView', { description: 'The customer’s contract page.' })
export class ContractView {
  @Field() number!: string;
  @Field(() => Int) versionNo!: number;
  @Field() title!: string;
  @Field(() => ContractTypeEnum) type!: ContractType;
  @Field(() => ContractStatusEnum) status!: ContractState;
  @Field() startsOn!: string;
  @Field() endsOn!: string;
  @Field() providerName!: string;
  @Field({ description: 'Masked, e.g. 王*.' }) customerName!: string;
  @Field() timeZone!: string;
  @Field(() => SlaBasisEnum) slaBasis!: SlaBasis;
  @Field(() => [SeverityTargetsType]) sla!: SeverityTargetsType[];
  @Field(() => [ContractVehicleType]) vehicles!: ContractVehicleType[];
  @Field(() => [EntitlementType]) entitlements!: EntitlementType[];
  @Field(() => [ViewRequest]) requests!: ViewRequest[];
  @Field({ description: 'Whether a fault can be reported now (an active contract).' }) canReport!: boolean;
  @Field(() => String, { nullable: true, description: 'Event cursor this view reflects: pass it as `after` when subscribing again.' }) cursor!: string | null;
}

function contractIdOf(ctx: Ctx): string {
  if (ctx.actor.type !== 'contractHolder') throw DomainError.forbidden();
  return ctx.actor.contractId;
}

/** The whole page in one transaction: a constant number of statements whatever the number of requests. */
export async function contractView(holder: Ctx): Promise<ContractView> {
  const contractId = contractIdOf(holder);
  return inTx(holder, async (tx) => {
    const c = await tx.em.findOneOrFail(ServiceContract, { id: contractId });
    const [customer, provider, vehicles, entitlements, requests] = await Promise.all([
      tx.em.findOneOrFail(Customer, { id: c.customerId }),
      tx.em.findOne(Tenant, { id: c.tenantId }, { filters: false }),
      tx.em.find(ContractVehicle, { contractId }, { orderBy: { vin: 'asc' } }),
      tx.em.find(ContractEntitlement, { contractId }, { orderBy: { position: 'asc' } }),
      tx.em.find(ServiceRequest, { contractId }, { orderBy: { reportedAt: 'desc' }, limit: 50 }),
    ]);
    const ids = requests.map((r) => r.id);
    const [clocks, steps] = ids.length
      ? await Promise.all([
          tx.em.find(SlaClockRow, { requestId: { $in: ids } }),
          tx.em.find(ServiceRequestStep, { requestId: { $in: ids } }, { orderBy: { id: 'asc' } }),
        ])
      : [[], []];
    const cal = await requestCalendar(tx, c);
    const now = holder.clock.now();
    return Object.assign(new ContractView(), {
      number: c.number,
      versionNo: c.versionNo,
      title: c.title,
      type: c.type,
      status: c.status,
      startsOn: c.startsOn,
      endsOn: c.endsOn,
      providerName: provider?.name ?? '',
      customerName: maskName(customer.name),
      timeZone: cal.timeZone,
      slaBasis: c.slaBasis,
      sla: c.sla,
      vehicles: vehicles.map((v) => ({ vin: v.vin, model: v.model, vehicleId: null })),
      entitlements: entitlements.map(EntitlementType.from),
      canReport: c.status === 'ACTIVE',
      cursor: null,
      requests: requests.map((r) => {
        const own = clocks.filter((k) => k.requestId === r.id);
        return Object.assign(new ViewRequest(), {
          id: r.id,
          number: r.number,
          status: r.status,
          severity: r.severity,
          description: r.description,
          vin: r.vin,
          location: r.location,
          reportedAt: r.reportedAt,
          question: r.status === 'WAITING_CUSTOMER' ? r.question : null,
          resolution: r.resolution,
          canAnswer: r.status === 'WAITING_CUSTOMER',
          canConfirm: r.status === 'RESOLVED',
          breached: own.some((k) => k.breachedAt !== null),
          version: r.version,
          clocks: SlaClockType.sorted(own, cal, now),
          // the provider's staff are "the provider" on the customer's page (no colleague's name)
          steps: steps
            .filter((s) => s.requestId === r.id)
            .map((s) => Object.assign(RequestStepType.from(s), { actorName: s.byCustomer ? 'customer' : s.automatic ? 'system' : 'provider' })),
        });
      }),
    });
  });
}

/** The customer reports a fault through their page (channel LINK); at most 20 a day per contract. */
export async function reportByLink(
  holder: Ctx,
  input: { severity: number; description: string; vin?: string | null; location?: string | null; contactName?: string | null; contactPhone?: string | null },
): Promise<ServiceRequest> {
  const contractId = contractIdOf(holder);
  return inTx(holder, async (tx) => {
    // one at a time per contract, so the day's count holds under a burst
    await tx.em.execute(`select pg_advisory_xact_lock(hashtext(?))`, [`contract-report:${contractId}`]);
    const since = new Date(holder.clock.now().getTime() - 86_400_000);
    if ((await tx.em.count(ServiceRequest, { contractId, channel: 'LINK', reportedAt: { $gte: since } })) >= 20)
      throw DomainError.because(ErrorCode.BAD_USER_INPUT, 'TOO_MANY', { max: 20 }, 'At most 20 fault reports a day through the page; call the provider.');
    const contract = await load(tx, ContractDocument, contractId, 'read');
    return reportInTx(tx, contract, { ...input, contractId, channel: 'LINK' });
  });
}

async function versionOf(holder: Ctx, requestId: string): Promise<number> {
  contractIdOf(holder);
  return inTx(holder, async (tx) => (await load(tx, ServiceRequestDocument, requestId, 'read')).version);
}

/** The customer answers the provider's question: the paused clocks resume. */
export async function answerByLink(holder: Ctx, input: { requestId: string; answer: string }): Promise<void> {
  await customerAnswered(holder, { id: input.requestId, version: await versionOf(holder, input.requestId), answer: input.answer });
}

/** The customer confirms the resolution (closed) or is not satisfied (reopened). */
export async function confirmByLink(holder: Ctx, input: { requestId: string; satisfied: boolean; note?: string | null }): Promise<void> {
  const version = await versionOf(holder, input.requestId);
  if (input.satisfied) await closeServiceRequest(holder, { id: input.requestId, version, note: input.note });
  else await reopenServiceRequest(holder, { id: input.requestId, version, note: input.note });
}
