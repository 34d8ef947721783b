import { Arg, Ctx as Context, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { ContractEvent } from '@asn/domain';
import { tenantOf, type Ctx } from '../../platform/context.js';
import { allowedEvents } from '../../platform/documents/index.js';
import { Idempotent } from '../../platform/idempotency.js';
import { Permit } from '../../platform/permissions.js';
import { tenantName } from '../tenants/tenant.service.js';
import { customerById } from '../customers/customer.service.js';
import { orderById } from '../repair-orders/repair-order.queries.js';
import { readCalendar, saveCalendar } from './calendar.service.js';
import { ContractDocument } from './contract.document.js';
import { createContractLink, recordInspection, reportInspection } from './contract.extras.js';
import {
  consumptionsOf,
  contractById,
  entitlementsOf,
  getContract,
  inspectionsOf,
  listContracts,
  openRequestsOf,
  vehiclesOf,
  versionsOf,
} from './contract.queries.js';
import { createContract, renewContract, stepContract, updateContract } from './contract.service.js';
import {
  ConsumptionType,
  ContractFilterInput,
  ContractPayload,
  ContractType_,
  ContractVehicleType,
  ContractVersionType,
  CreateContractInput,
  CreateContractLinkInput,
  CreateContractLinkPayload,
  EntitlementType,
  InspectionPayload,
  InspectionType,
  RecordInspectionInput,
  RenewContractInput,
  ReportInspectionInput,
  SaveCalendarInput,
  ServiceContractConnection,
  StepContractInput,
  UpdateContractInput,
  WorkingCalendarType,
} from './contract.types.js';
import type { ServiceContract } from './contract.entity.js';
import type { WorkingCalendar } from '@asn/domain';
import { localDay } from '@asn/domain';
import { tenantTimeZone } from '../../platform/tenant-time.js';

const payload = (c: ServiceContract): ContractPayload => ({ contract: ContractType_.from(c) });

function calendarType(cal: WorkingCalendar & { stored: boolean }): WorkingCalendarType {
  return Object.assign(new WorkingCalendarType(), {
    timeZone: cal.timeZone,
    stored: cal.stored,
    week: ([1, 2, 3, 4, 5, 6, 7] as const).map((weekday) => ({ weekday, spans: cal.week[weekday] ?? [] })),
    days: cal.days.map((d) => ({ date: d.date, kind: d.kind, name: d.name ?? null, spans: d.spans ?? null })),
  });
}

@Resolver(() => ContractType_)
export class ContractResolver {
  @Query(() => ServiceContractConnection, {
    description: 'Service contracts the caller reads, newest first: a provider’s own; a manufacturer’s its dealers’ contracts on its products.',
  })
  @Permit('read', 'ServiceContract')
  async serviceContracts(
    @Context() ctx: Ctx,
    @Arg('filter', () => ContractFilterInput, { nullable: true }) filter?: ContractFilterInput | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    const page = await listContracts(ctx, filter ?? {}, { first, after });
    return { ...page, nodes: page.nodes.map((c) => ContractType_.from(c)) };
  }

  @Query(() => ContractType_)
  @Permit('read', 'ServiceContract')
  async serviceContract(@Context() ctx: Ctx, @Arg('id', () => ID) id: string) {
    return ContractType_.from(await getContract(ctx, id));
  }

  @Mutation(() => ContractPayload, { description: 'A new contract, as a DRAFT (activate it when signed).' })
  @Permit('create', 'ServiceContract')
  @Idempotent((ctx, first) => getContract(ctx, first.resultId).then(payload))
  async createServiceContract(@Context() ctx: Ctx, @Arg('input', () => CreateContractInput) input: CreateContractInput) {
    return payload(await createContract(ctx, input));
  }

  @Mutation(() => ContractPayload, { description: 'Rewrite a DRAFT (a running contract changes by renewal).' })
  @Permit('update', 'ServiceContract')
  async updateServiceContract(@Context() ctx: Ctx, @Arg('input', () => UpdateContractInput) input: UpdateContractInput) {
    return payload(await updateContract(ctx, input));
  }

  @Mutation(() => ContractPayload, { description: 'ACTIVATE, SUSPEND (with a reason), RESUME or TERMINATE (with a reason).' })
  @Permit('read', 'ServiceContract')
  async stepServiceContract(@Context() ctx: Ctx, @Arg('input', () => StepContractInput) input: StepContractInput) {
    return payload(await stepContract(ctx, input));
  }

  @Mutation(() => ContractPayload, { description: 'Renew: a new DRAFT version under the same number (the old one stays readable). Returns the new version.' })
  @Permit('create', 'ServiceContract')
  @Idempotent((ctx, first) => getContract(ctx, first.resultId).then(payload))
  async renewServiceContract(@Context() ctx: Ctx, @Arg('input', () => RenewContractInput) input: RenewContractInput) {
    return payload(await renewContract(ctx, input));
  }

  @Mutation(() => CreateContractLinkPayload, { description: 'Share the contract with its customer: the token is shown once (a retry makes another link).' })
  @Permit('update', 'ServiceContract')
  async createContractLink(@Context() ctx: Ctx, @Arg('input', () => CreateContractLinkInput) input: CreateContractLinkInput) {
    const { link, token } = await createContractLink(ctx, input);
    return { token, expiresAt: link.expiresAt };
  }

  @Mutation(() => InspectionPayload, {
    description: 'A periodic inspection (巡检): takes one from the entitlement; the report is due within its working days.',
  })
  @Permit('update', 'ServiceContract')
  async recordInspection(@Context() ctx: Ctx, @Arg('input', () => RecordInspectionInput) input: RecordInspectionInput) {
    const { inspection, contract } = await recordInspection(ctx, input);
    return { inspection: InspectionType.from(inspection, ctx.clock.now()), contract: ContractType_.from(contract) };
  }

  @Mutation(() => InspectionPayload, { description: 'The inspection report (巡检报告): findings and items.' })
  @Permit('update', 'ServiceContract')
  async reportInspection(@Context() ctx: Ctx, @Arg('input', () => ReportInspectionInput) input: ReportInspectionInput) {
    const { inspection, contract } = await reportInspection(ctx, input);
    return { inspection: InspectionType.from(inspection, ctx.clock.now()), contract: ContractType_.from(contract) };
  }

  @Query(() => WorkingCalendarType, { description: 'The caller’s tenant’s working calendar (the standard week until it keeps one).' })
  @Permit('read', 'WorkingCalendar')
  async workingCalendar(@Context() ctx: Ctx) {
    return calendarType(await readCalendar(ctx));
  }

  @Mutation(() => WorkingCalendarType, { description: 'Save the working calendar: spans per weekday, holidays and adjusted working days (调休).' })
  @Permit('update', 'WorkingCalendar')
  async saveWorkingCalendar(@Context() ctx: Ctx, @Arg('input', () => SaveCalendarInput) input: SaveCalendarInput) {
    return calendarType(await saveCalendar(ctx, input));
  }

  @FieldResolver(() => [String], { description: 'Events the caller may fire now (EXPIRE is the clock’s).' })
  allowedEvents(@Root() c: ContractType_, @Context() ctx: Ctx): ContractEvent[] {
    return allowedEvents(ctx, ContractDocument, c.source).filter((e) => e !== 'EXPIRE');
  }

  @FieldResolver(() => Boolean)
  canEdit(@Root() c: ContractType_, @Context() ctx: Ctx): boolean {
    return c.status === 'DRAFT' && c.providerId === tenantOf(ctx) && ctx.ability.can('update', 'ServiceContract');
  }

  @FieldResolver(() => Boolean)
  canRenew(@Root() c: ContractType_, @Context() ctx: Ctx): boolean {
    return (
      ['ACTIVE', 'SUSPENDED', 'EXPIRED'].includes(c.status) && !c.renewedById && c.providerId === tenantOf(ctx) && ctx.ability.can('create', 'ServiceContract')
    );
  }

  @FieldResolver(() => Int, { nullable: true, description: 'Days until its last day (running contracts).' })
  async daysLeft(@Root() c: ContractType_, @Context() ctx: Ctx): Promise<number | null> {
    if (c.status !== 'ACTIVE' && c.status !== 'SUSPENDED') return null;
    // read once per request and provider (on the read path for the reader's own tenant)
    const today = localDay(ctx.clock.now(), await tenantTimeZone(ctx, c.providerId));
    return Math.round((Date.parse(c.endsOn) - Date.parse(today)) / 86_400_000);
  }

  @FieldResolver(() => String)
  async customerName(@Root() c: ContractType_, @Context() ctx: Ctx): Promise<string> {
    return c.providerId === tenantOf(ctx) ? ((await customerById(ctx).load(c.customerId))?.name ?? '') : '';
  }

  @FieldResolver(() => String)
  async providerName(@Root() c: ContractType_, @Context() ctx: Ctx): Promise<string> {
    return (await tenantName(ctx, c.providerId)) ?? '';
  }

  @FieldResolver(() => [ContractVehicleType])
  async vehicles(@Root() c: ContractType_, @Context() ctx: Ctx) {
    return ((await vehiclesOf(ctx).load(c.id)) ?? []).map((v) => ({
      vin: v.vin,
      model: v.model,
      vehicleId: c.providerId === tenantOf(ctx) ? v.vehicleId : null,
    }));
  }

  @FieldResolver(() => [EntitlementType])
  async entitlements(@Root() c: ContractType_, @Context() ctx: Ctx) {
    return ((await entitlementsOf(ctx).load(c.id)) ?? []).map(EntitlementType.from);
  }

  @FieldResolver(() => [InspectionType])
  async inspections(@Root() c: ContractType_, @Context() ctx: Ctx) {
    return ((await inspectionsOf(ctx).load(c.id)) ?? []).map((i) => InspectionType.from(i, ctx.clock.now()));
  }

  @FieldResolver(() => [ConsumptionType])
  async consumptions(@Root() c: ContractType_, @Context() ctx: Ctx) {
    const [found, ents] = await Promise.all([consumptionsOf(ctx).load(c.id), entitlementsOf(ctx).load(c.id)]);
    const entitlements = ents ?? [];
    return Promise.all(
      (found ?? []).map(async (r) => {
        const e = entitlements.find((x) => x.id === r.entitlementId);
        const order = r.repairOrderId && c.providerId === tenantOf(ctx) ? await orderById(ctx).load(r.repairOrderId) : null;
        return {
          id: r.id,
          kind: e?.kind ?? 'OPERATION',
          entitlementLabel: e?.label ?? '',
          units: r.units,
          repairOrderId: order ? r.repairOrderId : null,
          repairOrderNumber: order?.number ?? null,
          createdAt: r.createdAt,
          released: !!r.releasedAt,
        };
      }),
    );
  }

  @FieldResolver(() => [ContractVersionType], { description: 'Every version of this contract’s number, newest first.' })
  async versions(@Root() c: ContractType_, @Context() ctx: Ctx) {
    return ((await versionsOf(ctx).load(`${c.providerId}|${c.number}`)) ?? []).map((v) => ({
      id: v.id,
      versionNo: v.versionNo,
      status: v.status,
      startsOn: v.startsOn,
      endsOn: v.endsOn,
    }));
  }

  @FieldResolver(() => Int)
  async openRequests(@Root() c: ContractType_, @Context() ctx: Ctx) {
    return (await openRequestsOf(ctx).load(c.id)) ?? 0;
  }
}

export { contractById };
