/**
 * Service contracts: the provider's admin writes a draft (customer, type, period, price, covered
 * vehicles by VIN, entitlements, SLA by severity), activates it, suspends and resumes it, ends it
 * early, and renews it — a renewal is a new version under the same number; the old one stays
 * readable. The clock expires it after its last day and reminds both sides before.
 */
import {
  CONTRACT_RENEWABLE,
  CONTRACT_TYPES,
  DEFAULT_INSPECTION_REPORT_DAYS,
  DEFAULT_SLA,
  DomainError,
  ENTITLEMENT_KINDS,
  ErrorCode,
  InputCheck,
  RelationshipKind,
  SLA_BASES,
  addDays,
  normalizeVin,
  slaProblems,
  startOfLocalDay,
  uuidv7,
  type ContractEvent,
  type ContractType,
  type EntitlementKind,
  type SeverityTargets,
  type SlaBasis,
} from '@asn/domain';
import { actorUserId, inTx, memberOf, type Ctx, type Tx } from '../../platform/context.js';
import { draft, expectEvent, insert, load } from '../../platform/documents/index.js';
import { tenantDay, tenantTimeZone } from '../../platform/tenant-time.js';
import { Relationship } from '../../platform/db/entities.js';
import { Customer, Vehicle } from '../customers/customer.entity.js';
import { ContractDocument, moveContract, recordContract } from './contract.document.js';
import { ContractEntitlement, ContractVehicle, ServiceContract } from './contract.entity.js';

export interface EntitlementInput {
  kind: EntitlementKind;
  code?: string | null;
  label: string;
  quantity?: number | null;
  reportDays?: number | null;
}

export interface SlaRowInput {
  severity: number;
  firstReplyMinutes?: number | null;
  onSiteMinutes?: number | null;
  partsMinutes?: number | null;
  resolutionMinutes?: number | null;
}

export interface ContractInput {
  customerId: string;
  type: ContractType;
  title: string;
  startsOn: string;
  endsOn: string;
  price: { amountMinor: string; currency: string };
  slaBasis?: SlaBasis | null;
  sla?: SlaRowInput[] | null;
  vins: string[];
  entitlements: EntitlementInput[];
  notes?: string | null;
}

interface Checked {
  type: ContractType;
  title: string;
  startsOn: string;
  endsOn: string;
  priceMinor: string;
  currency: string;
  slaBasis: SlaBasis;
  sla: SeverityTargets[];
  vins: string[];
  entitlements: EntitlementInput[];
  notes: string | null;
}

function checkContract(input: Omit<ContractInput, 'customerId'>): Checked {
  const check = new InputCheck();
  const type = check.oneOf('input.type', input.type, CONTRACT_TYPES);
  const title = check.required('input.title', input.title, 120);
  const startsOn = check.day('input.startsOn', input.startsOn);
  const endsOn = check.day('input.endsOn', input.endsOn);
  if (startsOn && endsOn && endsOn < startsOn) check.because('input.endsOn', 'NOT_BEFORE', { otherField: 'input.startsOn' }, 'ends before it starts');
  const price = check.minor('input.price.amountMinor', input.price?.amountMinor);
  if (!/^[A-Z]{3}$/.test(input.price?.currency ?? ''))
    check.because('input.price.currency', 'NOT_A_CURRENCY', { value: input.price?.currency ?? '' }, 'not an ISO-4217 currency');
  const slaBasis = check.oneOf('input.slaBasis', input.slaBasis ?? 'WORKING_TIME', SLA_BASES);
  const sla: SeverityTargets[] = input.sla?.length
    ? input.sla.map((r) => ({
        severity: r.severity as SeverityTargets['severity'],
        firstReplyMinutes: r.firstReplyMinutes ?? null,
        onSiteMinutes: r.onSiteMinutes ?? null,
        partsMinutes: r.partsMinutes ?? null,
        resolutionMinutes: r.resolutionMinutes ?? null,
      }))
    : [...DEFAULT_SLA];
  for (const p of slaProblems(sla)) {
    if (p.reason === 'OUT_OF_RANGE')
      check.because(`input.sla${p.field}`, 'OUT_OF_RANGE', { min: 1, max: 90 * 24 * 60, unit: 'MINUTES' }, 'a target is 1 minute to 90 days');
    else if (p.reason === 'REQUIRED') check.because(`input.sla${p.field}`, 'REQUIRED', {}, 'every severity promises a first reply');
    else check.because(`input.sla${p.field}`, 'DUPLICATE', { what: 'RECORD', value: null }, 'each severity once');
  }
  if (!input.vins.length) check.because('input.vins', 'AT_LEAST_ONE', {}, 'a contract covers at least one vehicle');
  if (input.vins.length > 500) check.because('input.vins', 'TOO_MANY', { max: 500 }, 'at most 500 vehicles');
  const vins = [
    ...new Set(
      input.vins.map((v, i) => {
        const vin = normalizeVin(v ?? '');
        if (vin.length < 8 || vin.length > 17)
          check.because(`input.vins.${i}`, 'NOT_A_VIN', { value: v, min: 8, max: 17 }, 'a VIN (or machine serial) of 8–17 characters');
        return vin;
      }),
    ),
  ];
  if (input.entitlements.length > 100) check.because('input.entitlements', 'TOO_MANY', { max: 100 }, 'at most 100 entitlements');
  const entitlements = input.entitlements.map((e, i) => {
    const f = `input.entitlements.${i}`;
    const kind = check.oneOf(`${f}.kind`, e.kind, ENTITLEMENT_KINDS);
    const coded = kind === 'OPERATION' || kind === 'PART' || kind === 'COMPONENT_GROUP';
    const code = coded ? check.required(`${f}.code`, e.code, 40).toUpperCase() : null;
    const label = check.required(`${f}.label`, e.label, 120);
    const quantity = e.quantity == null ? null : check.range(`${f}.quantity`, e.quantity, 0, 10_000, 'ITEMS');
    const reportDays =
      kind === 'INSPECTION'
        ? (check.range(`${f}.reportDays`, e.reportDays ?? DEFAULT_INSPECTION_REPORT_DAYS, 1, 30, 'DAYS') ?? DEFAULT_INSPECTION_REPORT_DAYS)
        : null;
    return { kind: kind!, code, label, quantity, reportDays };
  });
  const notes = check.optional('input.notes', input.notes, 2000);
  check.done();
  return {
    type: type!,
    title,
    startsOn: startsOn!,
    endsOn: endsOn!,
    priceMinor: price!.toString(),
    currency: input.price.currency,
    slaBasis: slaBasis!,
    sla,
    vins,
    entitlements,
    notes,
  };
}

/**
 * The manufacturer whose products a dealer's contract covers: the dealer's authorisation valid
 * today for a covered vehicle's brand. None for a manufacturer's own contract, a shop without
 * authorisation, or vehicles of brands the dealer is not authorised for.
 */
async function productsOf(tx: Tx, tenantId: string, vehicles: readonly Vehicle[]): Promise<{ manufacturerId: string | null; region: string | null }> {
  const today = await tenantDay(tx, tx.ctx.clock.now());
  const auths = (await tx.em.find(Relationship, { kind: RelationshipKind.DEALER_AUTHORIZATION, toTenantId: tenantId })).filter(
    (r) => r.validFrom <= today && (!r.validTo || r.validTo >= today),
  );
  for (const v of vehicles) {
    const brand = v.brand?.toLowerCase();
    const auth = brand && auths.find((r) => r.brands.some((b) => brand.startsWith(b.toLowerCase())));
    if (auth) return { manufacturerId: auth.fromTenantId, region: auth.region };
  }
  return { manufacturerId: null, region: null };
}

/** Writes the covered vehicles and entitlements of a draft (replacing what it had). */
async function writeContents(tx: Tx, c: ServiceContract, v: Checked): Promise<void> {
  const vehicles = await tx.em.find(Vehicle, { customerId: c.customerId, vin: { $in: v.vins } });
  const parties = await productsOf(tx, c.tenantId, vehicles);
  c.manufacturerId = parties.manufacturerId;
  c.region = parties.region;
  await tx.em.nativeDelete(ContractVehicle, { contractId: c.id });
  await tx.em.nativeDelete(ContractEntitlement, { contractId: c.id });
  for (const vin of v.vins) {
    const vehicle = vehicles.find((x) => x.vin === vin);
    tx.em.persist(
      Object.assign(new ContractVehicle(), {
        id: uuidv7(),
        tenantId: c.tenantId,
        manufacturerId: c.manufacturerId,
        contractId: c.id,
        vin,
        vehicleId: vehicle?.id ?? null,
        model: vehicle ? [vehicle.brand, vehicle.model].filter(Boolean).join(' ') || null : null,
      }),
    );
  }
  v.entitlements.forEach((e, i) =>
    tx.em.persist(
      Object.assign(new ContractEntitlement(), {
        id: uuidv7(),
        tenantId: c.tenantId,
        manufacturerId: c.manufacturerId,
        contractId: c.id,
        position: i,
        used: 0,
        ...e,
      }),
    ),
  );
}

async function endsAtOf(tx: Tx, endsOn: string): Promise<Date> {
  return startOfLocalDay(addDays(endsOn, 1), await tenantTimeZone(tx));
}

/** The contract's own fields from checked input (a new draft, a rewritten draft, a renewal). */
async function termsOf(tx: Tx, v: Checked) {
  return {
    type: v.type,
    title: v.title,
    startsOn: v.startsOn,
    endsOn: v.endsOn,
    endsAt: await endsAtOf(tx, v.endsOn),
    priceMinor: v.priceMinor,
    currency: v.currency,
    slaBasis: v.slaBasis,
    sla: v.sla,
    notes: v.notes,
  };
}

export async function createContract(ctx: Ctx, input: ContractInput): Promise<ServiceContract> {
  const actor = memberOf(ctx);
  const customerId = new InputCheck().id('input.customerId', input.customerId);
  const v = checkContract(input);
  return inTx(ctx, async (tx) => {
    if (!ctx.ability.can('create', 'ServiceContract'))
      throw DomainError.because(
        ErrorCode.FORBIDDEN,
        'ACTION_NOT_ALLOWED',
        { document: 'ServiceContract', action: 'create' },
        'Only the admin writes service contracts.',
      );
    const customer = await tx.em.findOne(Customer, { id: customerId! });
    if (!customer) throw DomainError.notFound('Customer');
    const now = ctx.clock.now();
    const c = await draft(tx, ContractDocument, {
      tenantId: actor.tenantId,
      customerId: customer.id,
      versionNo: 1,
      ...(await termsOf(tx, v)),
      createdBy: actorUserId(ctx.actor),
      createdAt: now,
      updatedAt: now,
    });
    await writeContents(tx, c, v);
    return insert(tx, ContractDocument, c, { facts: { data: { vehicles: v.vins.length, entitlements: v.entitlements.length } } });
  });
}

/** Rewrites a draft (a running contract is changed by a renewal, never in place). */
export async function updateContract(ctx: Ctx, input: Omit<ContractInput, 'customerId'> & { id: string; version: number }): Promise<ServiceContract> {
  const v = checkContract(input);
  return inTx(ctx, async (tx) => {
    const c = await load(tx, ContractDocument, input.id, 'update', input.version);
    if (c.status !== 'DRAFT')
      throw DomainError.because(
        ErrorCode.INVALID_TRANSITION,
        'DOCUMENT_CLOSED',
        { document: 'ServiceContract', number: c.number, status: c.status },
        'Only a draft is edited; renew a running contract.',
      );
    Object.assign(c, await termsOf(tx, v));
    await writeContents(tx, c, v);
    recordContract(tx, c, 'updated', { data: { vehicles: v.vins.length, entitlements: v.entitlements.length } });
    await tx.em.flush();
    return c;
  });
}

const STEP_ACTION = { ACTIVATE: 'approve', SUSPEND: 'update', RESUME: 'update', TERMINATE: 'cancel', EXPIRE: 'update' } as const;

/** Activates, suspends, resumes or ends a contract early (with a reason for the last two kinds). */
export async function stepContract(
  ctx: Ctx,
  input: { id: string; version: number; event: Exclude<ContractEvent, 'EXPIRE'>; reason?: string | null },
): Promise<ServiceContract> {
  const check = new InputCheck();
  const reason =
    input.event === 'TERMINATE' || input.event === 'SUSPEND'
      ? check.required('input.reason', input.reason, 500)
      : check.optional('input.reason', input.reason, 500);
  check.done();
  return inTx(ctx, async (tx) => {
    const c = await load(tx, ContractDocument, input.id, STEP_ACTION[input.event], input.version);
    expectEvent(ContractDocument, c, input.event);
    const now = ctx.clock.now();
    if (input.event === 'ACTIVATE') {
      const today = await tenantDay(tx, now);
      if (c.endsOn < today)
        throw DomainError.badField('input.id', 'TOO_LONG_AGO', { days: 0 }, `contract ${c.number} ended on ${c.endsOn}; change its period first`);
      c.activatedAt = now;
    }
    if (input.event === 'TERMINATE') {
      c.endedAt = now;
      c.endReason = reason;
    }
    await moveContract(tx, c, input.event, { note: reason });
    return c;
  });
}

/**
 * Renews a contract: a new DRAFT version under the same number with the same vehicles,
 * entitlements (nothing used) and SLA, for the period given (default: the next period of the
 * same length after the old one ends). The old version stays as it is and readable; it names
 * its successor.
 */
export async function renewContract(
  ctx: Ctx,
  input: { id: string; version: number; startsOn?: string | null; endsOn?: string | null; price?: { amountMinor: string; currency: string } | null },
): Promise<ServiceContract> {
  return inTx(ctx, async (tx) => {
    const old = await load(tx, ContractDocument, input.id, 'create', input.version);
    if (!CONTRACT_RENEWABLE.includes(old.status) || old.renewedById)
      throw DomainError.because(
        ErrorCode.INVALID_TRANSITION,
        'WRONG_STATUS',
        { document: 'ServiceContract', number: old.number, status: old.status, event: 'RENEW', allowed: [] },
        old.renewedById ? `Contract ${old.number} was renewed already.` : `A ${old.status} contract is not renewed.`,
      );
    const days = Math.round((Date.parse(old.endsOn) - Date.parse(old.startsOn)) / 86_400_000);
    const startsOn = input.startsOn ?? addDays(old.endsOn, 1);
    const endsOn = input.endsOn ?? addDays(startsOn, days);
    const [vehicles, entitlements] = await Promise.all([
      tx.em.find(ContractVehicle, { contractId: old.id }),
      tx.em.find(ContractEntitlement, { contractId: old.id }, { orderBy: { position: 'asc' } }),
    ]);
    const v = checkContract({
      type: old.type,
      title: old.title,
      startsOn,
      endsOn,
      price: input.price ?? { amountMinor: old.priceMinor, currency: old.currency },
      slaBasis: old.slaBasis,
      sla: old.sla,
      vins: vehicles.map((x) => x.vin),
      entitlements: entitlements.map((e) => ({ kind: e.kind, code: e.code, label: e.label, quantity: e.quantity, reportDays: e.reportDays })),
      notes: old.notes,
    });
    const now = ctx.clock.now();
    // a renewal keeps the contract's number (the version tells them apart) and takes none from the series
    const c = await draft(
      tx,
      ContractDocument,
      {
        tenantId: old.tenantId,
        customerId: old.customerId,
        versionNo: old.versionNo + 1,
        previousId: old.id,
        ...(await termsOf(tx, v)),
        createdBy: actorUserId(ctx.actor),
        createdAt: now,
        updatedAt: now,
      },
      undefined,
      { number: old.number },
    );
    await writeContents(tx, c, v);
    await insert(tx, ContractDocument, c, { action: 'renewed', facts: { data: { previousVersion: old.versionNo } } });
    old.renewedById = c.id;
    recordContract(tx, old, 'renewedAs', { data: { nextVersion: c.versionNo, nextId: c.id } });
    await tx.em.flush();
    return c;
  });
}
