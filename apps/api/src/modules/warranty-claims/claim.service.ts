import type { FilterQuery } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { accessibleWhere, asSubject } from '@asn/authz';
import {
  REVIEWER_REASON_CODES,
  CLAIM_TYPES,
  DomainError,
  ErrorCode,
  InputCheck,
  RelationshipKind,
  approvedLineAmount,
  assertId,
  checkClaim,
  claimTransition,
  decisionOf,
  missingEvidence,
  multiplyMoney,
  partTagCode,
  isPartTagCode,
  inspectionChargeBack,
  isUuid,
  reviewDueAt,
  sanbaoEligible,
  termFor,
  transition,
  partReturnMachine,
  uuidv7,
  type ClaimEvent,
  type ClaimType,
  type EvidenceKind,
  type FieldProblem,
} from '@asn/domain';
import { inTx, memberOf, type Ctx, type Tx } from '../../platform/context.js';
import { localDay } from '../../platform/clock.js';
import { Relationship } from '../../platform/db/entities.js';
import { nextNumber } from '../../platform/numbers.js';
import { loader } from '../../platform/loaders.js';
import { emptyConnection, leanPage, paginate, type Connection } from '../../platform/graphql/common.js';
import { leanById, leanRows } from '../../platform/db/lean.js';
import { primeTenantName, tenantVisibleSql } from '../tenants/tenant.service.js';
import { Vehicle } from '../customers/customer.entity.js';
import { RepairOrder, RepairOrderLine } from '../repair-orders/repair-order.entity.js';
import { Attachment } from '../attachments/attachment.entity.js';
import { CATALOGUE, coverageIn, normaliseVin } from '../warranty-catalogue/catalogue.service.js';
import { Campaign, CampaignVehicle, LabourOperation, OemPart, WarrantyPolicy, WarrantyRegistration } from '../warranty-catalogue/catalogue.entity.js';
import { WarrantyClaim, WarrantyClaimEvent, WarrantyClaimLine, type ClaimLineKind } from './claim.entity.js';

// ---------------------------------------------------------------------------------------------
// Recording: the actor's own audit log, the claim's shared timeline, and an event both parties receive.

/** The claim's attributes its read permissions look at: each subscriber gets a claim event only if it may read the claim. */
export function claimSubject(claim: WarrantyClaim): Record<string, unknown> {
  return { tenantId: claim.tenantId, manufacturerId: claim.manufacturerId, region: claim.region, status: claim.status };
}

function record(tx: Tx, claim: WarrantyClaim, action: string, change: { from?: string | null; note?: string | null; data?: Record<string, unknown>; automatic?: boolean; detail?: Record<string, unknown> } = {}): void {
  const actor = memberOf(tx.ctx);
  const counterparty = actor.tenantId === claim.tenantId ? claim.manufacturerId : claim.tenantId;
  const summary = { number: claim.number, status: claim.status, approvedMinor: claim.approvedMinor, ...(change.data ?? {}) };
  tx.em.persist(
    Object.assign(new WarrantyClaimEvent(), {
      id: uuidv7(),
      tenantId: claim.tenantId,
      manufacturerId: claim.manufacturerId,
      claimId: claim.id,
      actorTenantId: actor.tenantId,
      actorName: tx.ctx.principal?.displayName ?? 'system',
      automatic: change.automatic ?? false,
      action,
      fromState: change.from ?? null,
      toState: change.from !== undefined ? claim.status : null,
      note: change.note ?? null,
      detail: change.detail ?? null,
      occurredAt: tx.ctx.clock.now(),
    }),
  );
  tx.record(
    {
      action: `warrantyClaim.${action}`,
      entityType: 'WarrantyClaim',
      entityId: claim.id,
      fromState: change.from ?? null,
      toState: change.from !== undefined ? claim.status : null,
      after: summary,
      data: summary,
      alsoTo: [counterparty],
      subject: claimSubject(claim),
    },
    actor.tenantId,
  );
}

/** Moves a claim by one event of its machine (one appeal at most), recorded on both sides. */
function move(tx: Tx, claim: WarrantyClaim, event: ClaimEvent, note?: string | null, data?: Record<string, unknown>, automatic = false): void {
  const from = claim.status;
  claim.status = claimTransition(from, event, { appeals: claim.appeals });
  record(tx, claim, event, { from, note, data, automatic });
}

// ---------------------------------------------------------------------------------------------
// Loading with the access checks: "not found" when the actor may not see it.

async function loadClaim(tx: Tx, id: string, action: 'update' | 'submit' | 'review' | 'ship' | 'receive' | 'credit', version?: number): Promise<WarrantyClaim> {
  assertId('input.id', id);
  const claim = await tx.em.findOne(WarrantyClaim, { id: id.toLowerCase() }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!claim || !tx.ctx.ability.can('read', asSubject('WarrantyClaim', claim))) throw DomainError.notFound('Warranty claim');
  if (!tx.ctx.ability.can(action, asSubject('WarrantyClaim', claim))) {
    throw DomainError.forbidden(
      action === 'review' || action === 'receive' || action === 'credit'
        ? 'Only the warranty reviewers of the manufacturer the claim is filed with do this.'
        : 'Only the warranty clerk or the service admin of the filing dealer do this.',
    );
  }
  if (version !== undefined && claim.version !== version) throw DomainError.conflict(`Claim ${claim.number} was changed meanwhile; reload and try again.`);
  return claim;
}

export async function getClaim(ctx: Ctx, id: string): Promise<WarrantyClaim> {
  assertId('id', id);
  // the read path: one round trip, no EntityManager (a detached copy; changes load their own in inTx)
  const claim = await leanById(ctx, WarrantyClaim, id.toLowerCase());
  if (!claim || !ctx.ability.can('read', asSubject('WarrantyClaim', claim))) throw DomainError.notFound('Warranty claim');
  return claim;
}

export interface ClaimFilter {
  status?: string[] | null;
  dealerId?: string | null;
  region?: string | null;
  findingCode?: string | null;
  vin?: string | null;
  /** Only claims whose review is past the manufacturer's target. */
  overdue?: boolean | null;
  sanbaoEligible?: boolean | null;
  /** Only claims submitted more than this many hours ago (their age in the queue). */
  submittedHoursAgo?: number | null;
}

export async function listClaims(ctx: Ctx, filter: ClaimFilter, page: { first?: number | null; after?: string | null }): Promise<Connection<WarrantyClaim>> {
  const where = accessibleWhere(ctx.ability, 'read', 'WarrantyClaim');
  if (!where) return emptyConnection();
  const and: FilterQuery<WarrantyClaim>[] = [where as FilterQuery<WarrantyClaim>];
  if (filter.status?.length) and.push({ status: { $in: filter.status as WarrantyClaim['status'][] } });
  if (filter.dealerId) and.push({ tenantId: assertId('filter.dealerId', filter.dealerId) });
  if (filter.region) and.push({ region: filter.region });
  if (filter.findingCode) and.push({ findingCodes: { $contains: [filter.findingCode] } } as FilterQuery<WarrantyClaim>);
  if (filter.vin) and.push({ vin: normaliseVin(filter.vin) });
  if (filter.sanbaoEligible != null) and.push({ sanbaoEligible: filter.sanbaoEligible });
  if (filter.overdue) and.push({ status: { $in: ['UNDER_REVIEW', 'APPEALED', 'SUBMITTED'] }, reviewDueAt: { $lt: ctx.clock.now() } });
  if (filter.submittedHoursAgo != null) {
    const h = filter.submittedHoursAgo;
    if (!Number.isInteger(h) || h < 0 || h > 24 * 3660) throw DomainError.badInput([{ field: 'filter.submittedHoursAgo', message: 'must be a whole number of hours, 0 to 87840 (ten years)' }]);
    and.push({ submittedAt: { $lt: new Date(ctx.clock.now().getTime() - h * 3_600_000) } });
  }
  // each claim's dealer name comes in the page's own statement (dealerName finds it loaded)
  return leanPage(ctx, WarrantyClaim, { $and: and } as FilterQuery<WarrantyClaim>, { ...page, newestFirst: true }, {
    wrap: (rows, tenant, order) =>
      `select p.*, d.name as along_dealer_name from (${rows}) p left join tenants d on d.id = p.tenant_id and ${tenantVisibleSql('d', tenant)} order by p.id ${order}`,
    seen: (row) => primeTenantName(ctx, row.tenant_id as string, (row.along_dealer_name as string | null) ?? null),
  });
}

export function linesOfClaim(ctx: Ctx) {
  return loader<string, WarrantyClaimLine[]>(ctx, 'claimLines', async (ids) => {
    const rows = await leanRows(ctx, WarrantyClaimLine, 'claimId', ids, ['claimId', 'position']);
    return ids.map((id) => rows.filter((l) => l.claimId === id));
  });
}

export function eventsOfClaim(ctx: Ctx) {
  return loader<string, WarrantyClaimEvent[]>(ctx, 'claimEvents', async (ids) => {
    const rows = await inTx(ctx, (tx) => tx.em.find(WarrantyClaimEvent, { claimId: { $in: [...ids] } }, { orderBy: { id: 'asc' } }));
    return ids.map((id) => rows.filter((e) => e.claimId === id));
  });
}

/** Other claims on the same VIN the actor may see (the manufacturer: all filed with it), newest first. */
export function claimHistory(ctx: Ctx) {
  return loader<string, WarrantyClaim[]>(ctx, 'claimHistory', async (keys) => {
    const where = accessibleWhere(ctx.ability, 'read', 'WarrantyClaim');
    if (!where) return keys.map(() => []);
    const pairs = keys.map((k) => k.split('|') as [string, string, string]);
    const rows = await inTx(ctx, (tx) =>
      tx.em.find(WarrantyClaim, { $and: [where, { $or: pairs.map(([m, vin]) => ({ manufacturerId: m, vin })) }] } as FilterQuery<WarrantyClaim>, { orderBy: { repairDate: 'desc', id: 'desc' }, limit: 200 }),
    );
    return pairs.map(([m, vin, id]) => rows.filter((c) => c.manufacturerId === m && c.vin === vin && c.id !== id));
  });
}

// ---------------------------------------------------------------------------------------------
// Creating and editing (the dealer)

export interface ClaimLineData {
  kind: ClaimLineKind;
  description?: string | null;
  operationCode?: string | null;
  /** Hours claimed, decimal text ("2.5"); default: the operation's standard hours. */
  hours?: string | null;
  partNumber?: string | null;
  quantity?: string | null;
  unitPriceMinor?: string | null;
  /** Sublet: the invoice amount. */
  amountMinor?: string | null;
  repairOrderLineId?: string | null;
}

export interface CreateClaimData {
  manufacturerId: string;
  type: ClaimType;
  repairOrderId?: string | null;
  vin?: string | null;
  meter?: number | null;
  failureDate?: string | null;
  repairDate?: string | null;
  complaint?: string | null;
  cause?: string | null;
  correction?: string | null;
  causalPartNumber?: string | null;
  campaignCode?: string | null;
  preAuthorizationId?: string | null;
  lines?: ClaimLineData[] | null;
}

interface Terms {
  auth: Relationship;
  rateMinor: bigint;
  currency: string;
}

async function authorisation(tx: Tx, manufacturerId: string, dealerId: string): Promise<Terms> {
  const rows = await tx.em.find(Relationship, { kind: RelationshipKind.DEALER_AUTHORIZATION, fromTenantId: manufacturerId, toTenantId: dealerId }, { orderBy: { validFrom: 'desc' } });
  const auth = rows[0];
  if (!auth) throw DomainError.badInput([{ field: 'input.manufacturerId', message: 'this manufacturer has not authorised your workshop; claims go only to manufacturers that did' }]);
  if (!auth.warrantyLabourRateMinor) throw DomainError.badInput([{ field: 'input.manufacturerId', message: 'the authorisation sets no warranty labour rate; ask the manufacturer to set it' }]);
  return { auth, rateMinor: BigInt(auth.warrantyLabourRateMinor), currency: auth.currency ?? 'CNY' };
}

/** Builds claim lines priced from the catalogue: labour at the authorisation's warranty rate, parts at the given price (list price kept to compare). */
async function buildLines(tx: Tx, check: InputCheck, claim: WarrantyClaim, data: readonly ClaimLineData[], terms: Terms): Promise<WarrantyClaimLine[]> {
  const m = claim.manufacturerId;
  const codes = [...new Set(data.filter((l) => l.kind === 'LABOUR').map((l) => (l.operationCode ?? '').trim().toUpperCase()))];
  const numbers = [...new Set(data.filter((l) => l.kind === 'PART').map((l) => (l.partNumber ?? '').trim().toUpperCase()))];
  const roLineIds = [...new Set(data.map((l) => l.repairOrderLineId?.trim().toLowerCase()).filter((id): id is string => !!id && isUuid(id)))];
  const [ops, parts, roLines] = await Promise.all([
    codes.length ? tx.em.find(LabourOperation, { tenantId: m, code: { $in: codes } }, CATALOGUE) : [],
    numbers.length ? tx.em.find(OemPart, { tenantId: m, partNumber: { $in: numbers } }, CATALOGUE) : [],
    roLineIds.length && claim.repairOrderId ? tx.em.find(RepairOrderLine, { id: { $in: roLineIds }, repairOrderId: claim.repairOrderId }) : [],
  ]);
  if (data.length === 0) check.add('input.lines', 'a claim needs at least one labour, part or sublet line');
  if (data.length > 60) check.add('input.lines', 'at most 60 lines');
  const linked = new Set<string>();
  return data.map((l, i) => {
    const f = `input.lines[${i}]`;
    // a link to the repair order's line: only to a warranty line of the claim's own order, once
    let repairOrderLineId: string | null = null;
    const wanted = l.repairOrderLineId?.trim().toLowerCase();
    if (wanted) {
      const roLine = roLines.find((r) => r.id === wanted);
      if (!roLine) check.add(`${f}.repairOrderLineId`, claim.repairOrderId ? 'is not a line of this claim’s repair order' : 'this claim has no repair order');
      else if (roLine.kind !== l.kind || roLine.payType !== 'WARRANTY') check.add(`${f}.repairOrderLineId`, `is a ${roLine.payType} ${roLine.kind} line of the repair order, not a warranty ${l.kind} line`);
      else if (linked.has(roLine.id)) check.add(`${f}.repairOrderLineId`, 'that repair-order line is claimed on another line already');
      else repairOrderLineId = roLine.id;
      if (repairOrderLineId) linked.add(repairOrderLineId);
    }
    const line = Object.assign(new WarrantyClaimLine(), { id: uuidv7(), tenantId: claim.tenantId, manufacturerId: m, claimId: claim.id, position: i + 1, kind: l.kind, repairOrderLineId });
    if (l.kind === 'LABOUR') {
      const code = (l.operationCode ?? '').trim().toUpperCase();
      const op = ops.find((o) => o.code === code);
      if (!op) check.add(`${f}.operationCode`, code ? `${code} is not in the manufacturer’s labour-operation catalogue` : 'name the labour operation');
      const hoursMilli = l.hours ? check.milli(`${f}.hours`, l.hours, true) : (op?.standardHoursMilli ?? null);
      line.operationCode = code || null;
      line.description = l.description?.trim() || op?.descriptionZh || code;
      line.hoursMilli = hoursMilli;
      line.standardHoursMilli = op?.standardHoursMilli ?? null;
      line.rateMinor = terms.rateMinor.toString();
      line.amountMinor = hoursMilli != null ? multiplyMoney({ amountMinor: terms.rateMinor, currency: terms.currency }, hoursMilli).amountMinor.toString() : '0';
    } else if (l.kind === 'PART') {
      const pn = (l.partNumber ?? '').trim().toUpperCase();
      if (!pn) check.add(`${f}.partNumber`, 'must not be empty');
      const part = parts.find((p) => p.partNumber === pn);
      const quantityMilli = l.quantity ? check.milli(`${f}.quantity`, l.quantity, true) : 1000;
      const unit = l.unitPriceMinor ? check.minor(`${f}.unitPriceMinor`, l.unitPriceMinor) : part ? BigInt(part.listPriceMinor) : null;
      if (unit == null && !l.unitPriceMinor) check.add(`${f}.unitPriceMinor`, `${pn} is not in the catalogue: give its price`);
      line.partNumber = pn;
      line.description = l.description?.trim() || part?.name || pn;
      line.quantityMilli = quantityMilli;
      line.unitPriceMinor = unit?.toString() ?? null;
      line.listPriceMinor = part?.listPriceMinor ?? null;
      line.supplierId = part?.supplierId ?? null;
      line.amountMinor = unit != null && quantityMilli != null ? multiplyMoney({ amountMinor: unit, currency: terms.currency }, quantityMilli).amountMinor.toString() : '0';
      line.tagCode = partTagCode(terms.auth.dealerCode ?? claim.tenantId.slice(0, 8), claim.number, i + 1);
    } else {
      line.description = check.required(`${f}.description`, l.description, 200);
      line.amountMinor = (check.minor(`${f}.amountMinor`, l.amountMinor) ?? 0n).toString();
    }
    if (line.description && line.description.length > 200) check.add(`${f}.description`, 'must be at most 200 characters');
    return line;
  });
}

const claimedOf = (lines: readonly WarrantyClaimLine[]) => lines.reduce((s, l) => s + BigInt(l.amountMinor), 0n).toString();

/** Lines of a repair order paid by warranty, as claim lines. */
function linesFromOrder(lines: readonly RepairOrderLine[]): ClaimLineData[] {
  return lines
    .filter((l) => l.payType === 'WARRANTY' && l.status === 'APPROVED')
    .map((l) =>
      l.kind === 'LABOUR'
        ? { kind: 'LABOUR' as const, description: l.description, operationCode: l.operationCode, hours: l.hoursMilli != null ? (l.hoursMilli / 1000).toString() : null, repairOrderLineId: l.id }
        : { kind: 'PART' as const, description: l.description, partNumber: l.partNumber, quantity: l.quantityMilli != null ? (l.quantityMilli / 1000).toString() : null, unitPriceMinor: l.unitPriceMinor, repairOrderLineId: l.id },
    );
}

/**
 * A new claim (DRAFT) — prefilled from a repair order's warranty lines, or by hand (parts
 * warranty, goodwill). Labour is priced at the authorisation's warranty labour rate; every
 * removed part gets its old-part tag code at once (printed and photographed as evidence).
 */
export async function createClaim(ctx: Ctx, input: CreateClaimData): Promise<WarrantyClaim> {
  const actor = memberOf(ctx, 'Only a dealer’s staff file claims.');
  if (!ctx.ability.can('create', asSubject('WarrantyClaim', { tenantId: actor.tenantId }))) throw DomainError.forbidden('Only the warranty clerk or the service admin file claims.');
  const check = new InputCheck();
  const manufacturerId = assertId('input.manufacturerId', input.manufacturerId);
  if (!(CLAIM_TYPES as readonly string[]).includes(input.type)) check.add('input.type', `must be one of ${CLAIM_TYPES.join(', ')}`);
  if (input.preAuthorizationId) assertId('input.preAuthorizationId', input.preAuthorizationId);
  check.done();
  return inTx(ctx, async (tx) => {
    const terms = await authorisation(tx, manufacturerId, actor.tenantId);
    let order: RepairOrder | null = null;
    let vehicle: Vehicle | null = null;
    let lineData = input.lines ?? null;
    if (input.repairOrderId) {
      order = await tx.em.findOne(RepairOrder, { id: assertId('input.repairOrderId', input.repairOrderId) });
      if (!order || !ctx.ability.can('read', asSubject('RepairOrder', order))) throw DomainError.notFound('Repair order');
      if (order.status === 'CANCELLED' || order.status === 'APPOINTED') throw new DomainError(ErrorCode.INVALID_TRANSITION, `Repair order ${order.number} is ${order.status}: there is no repair to claim.`);
      const open = await tx.em.findOne(WarrantyClaim, { tenantId: actor.tenantId, repairOrderId: order.id, status: { $nin: ['REJECTED'] }, type: { $ne: 'PRE_AUTHORIZATION' } });
      if (open && input.type !== 'PRE_AUTHORIZATION') throw DomainError.conflict(`Repair order ${order.number} has claim ${open.number} already.`);
      vehicle = await tx.em.findOneOrFail(Vehicle, { id: order.vehicleId });
      if (!lineData) lineData = linesFromOrder(await tx.em.find(RepairOrderLine, { repairOrderId: order.id }, { orderBy: { id: 'asc' } }));
      if (lineData.length === 0) check.add('input.repairOrderId', `repair order ${order.number} has no approved warranty lines`);
    }
    const vin = normaliseVin(input.vin ?? vehicle?.vin ?? '');
    if (!/^[A-Z0-9]{6,20}$/.test(vin)) check.add('input.vin', 'must be 6–20 letters and digits');
    const meter = input.meter ?? order?.checkIn?.meter ?? null;
    if (meter == null || !Number.isInteger(meter) || meter < 0) check.add('input.meter', 'give the meter reading at the repair (km or hours)');
    const repairDate = check.day('input.repairDate', input.repairDate) ?? (order ? localDay(order.checkIn ? new Date(order.checkIn.at) : order.createdAt) : undefined);
    if (!repairDate) check.add('input.repairDate', 'must not be empty');
    const failureDate = check.day('input.failureDate', input.failureDate) ?? repairDate;
    const today = localDay(ctx.clock.now());
    if (repairDate && repairDate > today) check.add('input.repairDate', 'must not be in the future');
    if (failureDate && repairDate && failureDate > repairDate) check.add('input.failureDate', 'must not be after the repair');
    const complaint = check.required('input.complaint', input.complaint ?? order?.complaint, 1000);
    const cause = check.required('input.cause', input.cause ?? order?.diagnosis?.summary, 1000);
    const correction = check.required('input.correction', input.correction, 1000);
    const firstPart = (lineData ?? []).find((l) => l.kind === 'PART')?.partNumber;
    const causalPartNumber = (input.causalPartNumber ?? firstPart ?? '').trim().toUpperCase();
    if (!causalPartNumber) check.add('input.causalPartNumber', 'name the causal part (主因件)');
    let campaignId: string | null = null;
    if (input.type === 'CAMPAIGN') {
      const code = input.campaignCode?.trim();
      const campaign = code ? await tx.em.findOne(Campaign, { tenantId: manufacturerId, code }, CATALOGUE) : null;
      if (!campaign) check.add('input.campaignCode', code ? `no campaign ${code}` : 'a campaign claim names its campaign');
      campaignId = campaign?.id ?? null;
    }
    let preAuthorizationId: string | null = null;
    if (input.preAuthorizationId) {
      const pre = await tx.em.findOne(WarrantyClaim, { id: input.preAuthorizationId.toLowerCase(), tenantId: actor.tenantId, type: 'PRE_AUTHORIZATION' });
      if (!pre || pre.vin !== vin) check.add('input.preAuthorizationId', 'is not a pre-authorisation of this VIN');
      preAuthorizationId = pre?.id ?? null;
    }
    check.done();
    const claim = Object.assign(new WarrantyClaim(), {
      id: uuidv7(),
      tenantId: actor.tenantId,
      manufacturerId,
      number: await nextNumber(tx, actor.tenantId, 'WC'),
      type: input.type,
      status: 'DRAFT',
      repairOrderId: order?.id ?? null,
      region: terms.auth.region,
      vin,
      brand: vehicle?.brand ?? null,
      meter: meter!,
      failureDate: failureDate!,
      repairDate: repairDate!,
      complaint,
      cause,
      correction,
      causalPartNumber,
      campaignId,
      preAuthorizationId,
      currency: terms.currency,
      createdBy: actor.userId,
      createdAt: ctx.clock.now(),
    });
    const lines = await buildLines(tx, check, claim, lineData ?? [], terms);
    check.done();
    claim.claimedMinor = claimedOf(lines);
    tx.em.persist(claim);
    await tx.em.flush();
    tx.em.persist(lines);
    await tx.em.flush();
    record(tx, claim, 'created', { data: { claimedMinor: claim.claimedMinor, repairOrderId: claim.repairOrderId } });
    return claim;
  });
}

export interface UpdateClaimData {
  id: string;
  version: number;
  meter?: number | null;
  failureDate?: string | null;
  complaint?: string | null;
  cause?: string | null;
  correction?: string | null;
  causalPartNumber?: string | null;
  lines?: ClaimLineData[] | null;
}

/** Edits a draft, or a claim the reviewer sent back for information. */
export async function updateClaim(ctx: Ctx, input: UpdateClaimData): Promise<WarrantyClaim> {
  return inTx(ctx, async (tx) => {
    const claim = await loadClaim(tx, input.id, 'update', input.version);
    if (claim.status !== 'DRAFT' && claim.status !== 'NEEDS_INFO') throw new DomainError(ErrorCode.INVALID_TRANSITION, `Claim ${claim.number} is ${claim.status}: only drafts and claims sent back for information are edited.`, { from: claim.status });
    const check = new InputCheck();
    if (input.meter != null) {
      if (!Number.isInteger(input.meter) || input.meter < 0) check.add('input.meter', 'must be a whole number');
      else claim.meter = input.meter;
    }
    const failureDate = check.day('input.failureDate', input.failureDate);
    if (failureDate) claim.failureDate = failureDate;
    if (input.complaint != null) claim.complaint = check.required('input.complaint', input.complaint, 1000);
    if (input.cause != null) claim.cause = check.required('input.cause', input.cause, 1000);
    if (input.correction != null) claim.correction = check.required('input.correction', input.correction, 1000);
    if (input.causalPartNumber != null) claim.causalPartNumber = check.required('input.causalPartNumber', input.causalPartNumber, 40).toUpperCase();
    if (input.lines) {
      const terms = await authorisation(tx, claim.manufacturerId, claim.tenantId);
      const lines = await buildLines(tx, check, claim, input.lines, terms);
      check.done();
      await tx.em.nativeDelete(WarrantyClaimLine, { claimId: claim.id });
      tx.em.persist(lines);
      claim.claimedMinor = claimedOf(lines);
    }
    check.done();
    await tx.em.flush();
    record(tx, claim, 'updated', { data: { claimedMinor: claim.claimedMinor } });
    return claim;
  });
}

// ---------------------------------------------------------------------------------------------
// Submission: the evidence checklist, then the automatic checks (on the manufacturer's behalf).

/** The policy the VIN is registered under with the claim's manufacturer (null: not registered). */
async function policyOf(tx: Tx, claim: WarrantyClaim): Promise<WarrantyPolicy | null> {
  const m = claim.manufacturerId;
  const registration = await tx.em.findOne(WarrantyRegistration, { tenantId: m, vin: claim.vin }, CATALOGUE);
  return registration ? tx.em.findOne(WarrantyPolicy, { id: registration.policyId, tenantId: m }, CATALOGUE) : null;
}

async function requiredEvidence(tx: Tx, claim: WarrantyClaim, lines: readonly WarrantyClaimLine[]): Promise<{ required: EvidenceKind[][]; policy: WarrantyPolicy | null }> {
  const m = claim.manufacturerId;
  const policy = await policyOf(tx, claim);
  const codes = lines.filter((l) => l.operationCode).map((l) => l.operationCode!);
  const ops = codes.length ? await tx.em.find(LabourOperation, { tenantId: m, code: { $in: codes } }, CATALOGUE) : [];
  return { required: [policy?.requiredEvidence ?? [], ...ops.map((o) => o.requiredEvidence)], policy };
}

/** What the policy and the operations require and the dealer's files on the claim lack. */
async function evidenceGap(tx: Tx, claim: WarrantyClaim, lines: readonly WarrantyClaimLine[]): Promise<{ missing: EvidenceKind[]; policy: WarrantyPolicy | null }> {
  const { required, policy } = await requiredEvidence(tx, claim, lines);
  const files = await tx.em.find(Attachment, { tenantId: claim.tenantId, ownerType: 'WarrantyClaim', ownerId: claim.id }, { fields: ['id', 'evidenceKind'], filters: false });
  return { missing: missingEvidence(required, files.map((f) => f.evidenceKind)), policy };
}

/** The evidence a claim still lacks (empty when it may be submitted). */
export async function claimMissingEvidence(ctx: Ctx, claim: WarrantyClaim): Promise<EvidenceKind[]> {
  return inTx(ctx, async (tx) => (await evidenceGap(tx, claim, await tx.em.find(WarrantyClaimLine, { claimId: claim.id }))).missing);
}

async function assertEvidence(tx: Tx, claim: WarrantyClaim, lines: readonly WarrantyClaimLine[]): Promise<WarrantyPolicy | null> {
  const { missing, policy } = await evidenceGap(tx, claim, lines);
  if (missing.length) {
    const problems: FieldProblem[] = missing.map((k) => ({ field: 'evidence', message: `missing ${k}` }));
    throw new DomainError(ErrorCode.BAD_USER_INPUT, `Claim ${claim.number} cannot be submitted without: ${missing.join(', ')}.`, { problems, missingEvidence: missing });
  }
  return policy;
}

interface CheckOutcome {
  autoApprovable: boolean;
  policy: WarrantyPolicy | null;
}

/**
 * The automatic checks, run as the manufacturer inside the dealer's transaction (they need the
 * VIN's claims at every dealer): findings with evidence, the 三包 count (flagging the claim and the
 * registration, and alerting the manufacturer), and whether the policy lets a clean claim through.
 */
async function runChecks(tx: Tx, claim: WarrantyClaim, lines: WarrantyClaimLine[]): Promise<CheckOutcome> {
  const m = claim.manufacturerId;
  const today = localDay(tx.ctx.clock.now());
  return tx.actFor(m, async () => {
    const coverage = await coverageIn(tx, m, claim.vin, today);
    const { registration, policy, model } = coverage;
    const [auths, earlier, causal, ops, parts] = await Promise.all([
      tx.em.find(Relationship, { kind: RelationshipKind.DEALER_AUTHORIZATION, fromTenantId: m, toTenantId: claim.tenantId }),
      tx.em.find(WarrantyClaim, { manufacturerId: m, vin: claim.vin, id: { $ne: claim.id }, status: { $nin: ['DRAFT', 'REJECTED', 'APPEALED'] } }),
      tx.em.findOne(OemPart, { tenantId: m, partNumber: claim.causalPartNumber }, CATALOGUE),
      tx.em.find(LabourOperation, { tenantId: m, code: { $in: lines.filter((l) => l.operationCode).map((l) => l.operationCode!) } }, CATALOGUE),
      tx.em.find(OemPart, { tenantId: m, partNumber: { $in: lines.filter((l) => l.partNumber).map((l) => l.partNumber!) } }, CATALOGUE),
    ]);
    for (const l of lines) {
      if (l.operationCode) l.standardHoursMilli = ops.find((o) => o.code === l.operationCode)?.standardHoursMilli ?? null;
      if (l.partNumber) l.listPriceMinor = parts.find((p) => p.partNumber === l.partNumber)?.listPriceMinor ?? null;
    }
    claim.brand = model?.brand ?? claim.brand;
    claim.causalComponentGroup = causal?.componentGroup ?? ops[0]?.componentGroup ?? 'UNKNOWN';
    claim.causalSupplierId = causal?.supplierId ?? null;
    const authorised = auths.some((a) => a.validFrom <= claim.repairDate && (!a.validTo || a.validTo >= claim.repairDate) && (!claim.brand || a.brands.includes(claim.brand)));
    const pre = claim.preAuthorizationId ? earlier.find((c) => c.id === claim.preAuthorizationId && (c.status === 'APPROVED' || c.status === 'PARTIALLY_APPROVED')) : null;
    const earlierFacts = earlier
      .filter((c) => c.type !== 'PRE_AUTHORIZATION')
      .map((c) => ({ number: c.number, repairDate: c.repairDate, causalPartNumber: c.causalPartNumber, componentGroup: c.causalComponentGroup ?? '' }));
    const policyFacts = policy
      ? { terms: policy.terms, exclusions: policy.exclusions, filingDeadlineDays: policy.filingDeadlineDays, duplicateWindowDays: policy.duplicateWindowDays }
      : null;
    const findings = checkClaim({
      type: claim.type,
      repairDate: claim.repairDate,
      failureDate: claim.failureDate,
      meter: claim.meter,
      submittedOn: today,
      causalPart: { partNumber: claim.causalPartNumber, componentGroup: claim.causalComponentGroup },
      labour: lines.filter((l) => l.kind === 'LABOUR').map((l) => ({ operationCode: l.operationCode ?? '', hoursMilli: l.hoursMilli ?? 0, standardHoursMilli: l.standardHoursMilli })),
      parts: lines.filter((l) => l.kind === 'PART').map((l) => ({ partNumber: l.partNumber ?? '', unitPriceMinor: BigInt(l.unitPriceMinor ?? '0'), listPriceMinor: l.listPriceMinor != null ? BigInt(l.listPriceMinor) : null })),
      registration: registration && policyFacts ? { saleDate: registration.warrantyStart, policy: policyFacts } : null,
      dealerAuthorised: authorised,
      earlierClaims: earlierFacts,
      openCampaign: !!claim.campaignId && coverage.openCampaigns.some((c) => c.id === claim.campaignId),
      preAuthorization: policy?.preAuthorizationLimitMinor ? { limitMinor: BigInt(policy.preAuthorizationLimitMinor), claimedMinor: BigInt(claim.claimedMinor), approvedPreAuthorization: pre?.number ?? null } : null,
    });
    claim.findings = findings;
    claim.findingCodes = findings.map((f) => f.code);

    // 三包: the Nth repair of the same fault inside the warranty period
    claim.sanbaoEligible = false;
    claim.sanbaoRepairNo = null;
    if (registration && policy && (claim.type === 'STANDARD' || claim.type === 'PARTS_WARRANTY')) {
      const term = termFor(policy, claim.causalComponentGroup);
      if (term) {
        const verdict = sanbaoEligible(
          { repairDate: claim.repairDate, causalPart: { partNumber: claim.causalPartNumber, componentGroup: claim.causalComponentGroup }, earlierClaims: earlierFacts, warrantyStart: registration.warrantyStart, warrantyMonths: term.months },
          policy.sanbaoThreshold,
        );
        claim.sanbaoRepairNo = verdict.repairNo;
        if (verdict.eligible) {
          claim.sanbaoEligible = true;
          if (!registration.sanbaoEligibleAt) {
            registration.sanbaoEligibleAt = tx.ctx.clock.now();
            registration.sanbaoClaimId = claim.id;
          }
          const alert = { number: claim.number, vin: claim.vin, repairNo: verdict.repairNo, threshold: policy.sanbaoThreshold, earlier: verdict.earlier, causalPartNumber: claim.causalPartNumber, componentGroup: claim.causalComponentGroup };
          tx.record({ action: 'warranty.sanbaoEligible', entityType: 'WarrantyClaim', entityId: claim.id, after: alert, data: alert, alsoTo: [claim.tenantId], subject: claimSubject(claim) }, m);
        }
      }
    }
    await tx.em.flush();
    const limit = policy?.autoApproveLimitMinor;
    const autoApprovable =
      findings.length === 0 && !claim.sanbaoEligible && limit != null && BigInt(claim.claimedMinor) <= BigInt(limit) && ['STANDARD', 'CAMPAIGN', 'PARTS_WARRANTY'].includes(claim.type);
    return { autoApprovable, policy };
  });
}

function startReview(tx: Tx, claim: WarrantyClaim, policy: WarrantyPolicy | null, event: ClaimEvent, automatic = false): void {
  claim.reviewDueAt = reviewDueAt(tx.ctx.clock.now(), policy?.reviewTargetHours ?? 48);
  move(tx, claim, event, null, { findings: claim.findingCodes, sanbaoEligible: claim.sanbaoEligible }, automatic);
}

/** Submits a draft: refused while evidence is missing; then checked, and reviewed or auto-approved. */
export async function submitClaim(ctx: Ctx, input: { id: string; version: number }): Promise<WarrantyClaim> {
  return inTx(ctx, async (tx) => {
    const claim = await loadClaim(tx, input.id, 'submit', input.version);
    if (claim.status !== 'DRAFT') throw new DomainError(ErrorCode.INVALID_TRANSITION, `Claim ${claim.number} is ${claim.status}, not a draft.`, { from: claim.status, event: 'SUBMIT' });
    const lines = await tx.em.find(WarrantyClaimLine, { claimId: claim.id }, { orderBy: { position: 'asc' } });
    await assertEvidence(tx, claim, lines);
    move(tx, claim, 'SUBMIT');
    claim.submittedAt = ctx.clock.now();
    // the dealer's own audit rows are written under the dealer before the checks switch tenant
    await tx.em.flush();
    const outcome = await runChecks(tx, claim, lines);
    if (outcome.autoApprovable) {
      for (const l of lines) l.approvedMinor = l.amountMinor;
      claim.approvedMinor = claim.claimedMinor;
      claim.decidedAt = ctx.clock.now();
      move(tx, claim, 'AUTO_APPROVE', null, undefined, true);
    } else {
      startReview(tx, claim, outcome.policy, 'START_REVIEW', true);
    }
    await tx.em.flush();
    return claim;
  });
}

// ---------------------------------------------------------------------------------------------
// Review (the manufacturer's reviewers)

export async function requestInfo(ctx: Ctx, input: { id: string; version: number; question: string }): Promise<WarrantyClaim> {
  const check = new InputCheck();
  const question = check.required('input.question', input.question, 1000);
  check.done();
  return inTx(ctx, async (tx) => {
    const claim = await loadClaim(tx, input.id, 'review', input.version);
    claim.infoRequest = question;
    move(tx, claim, 'REQUEST_INFO', question);
    await tx.em.flush();
    return claim;
  });
}

/** The dealer answers (and may have edited lines or added evidence); the checks run again. */
export async function provideInfo(ctx: Ctx, input: { id: string; version: number; answer: string }): Promise<WarrantyClaim> {
  const check = new InputCheck();
  const answer = check.required('input.answer', input.answer, 1000);
  check.done();
  return inTx(ctx, async (tx) => {
    const claim = await loadClaim(tx, input.id, 'submit', input.version);
    if (claim.status !== 'NEEDS_INFO') throw new DomainError(ErrorCode.INVALID_TRANSITION, `Claim ${claim.number} is ${claim.status}; nobody asked for information.`, { from: claim.status, event: 'PROVIDE_INFO' });
    const lines = await tx.em.find(WarrantyClaimLine, { claimId: claim.id }, { orderBy: { position: 'asc' } });
    await assertEvidence(tx, claim, lines);
    claim.dealerNote = answer;
    await tx.em.flush();
    const outcome = await runChecks(tx, claim, lines);
    claim.reviewDueAt = reviewDueAt(ctx.clock.now(), outcome.policy?.reviewTargetHours ?? 48);
    move(tx, claim, 'PROVIDE_INFO', answer, { findings: claim.findingCodes });
    await tx.em.flush();
    return claim;
  });
}

export interface DecisionData {
  id: string;
  version: number;
  lines: { lineId: string; approvedMinor: string; reasonCode?: string | null }[];
  /** For a rejection: why (one of the reason codes). */
  reasonCode?: string | null;
  note?: string | null;
  /** Ask for the failed parts back (default: the policy's setting). */
  requirePartsReturn?: boolean | null;
}

/** Approves, partially approves (per line, with reason codes) or rejects a claim under review. */
export async function decideClaim(ctx: Ctx, input: DecisionData): Promise<WarrantyClaim> {
  const check = new InputCheck();
  const note = input.note?.trim() || null;
  if (note && note.length > 1000) check.add('input.note', 'must be at most 1000 characters');
  if (input.reasonCode && !(REVIEWER_REASON_CODES as readonly string[]).includes(input.reasonCode)) check.add('input.reasonCode', `must be one of ${REVIEWER_REASON_CODES.join(', ')}`);
  check.done();
  return inTx(ctx, async (tx) => {
    const claim = await loadClaim(tx, input.id, 'review', input.version);
    if (claim.status !== 'UNDER_REVIEW') throw new DomainError(ErrorCode.INVALID_TRANSITION, `Claim ${claim.number} is ${claim.status}, not under review.`, { from: claim.status });
    const lines = await tx.em.find(WarrantyClaimLine, { claimId: claim.id }, { orderBy: { position: 'asc' } });
    const given = new Map(input.lines.map((l, i) => [l.lineId.toLowerCase(), { ...l, i }]));
    for (const l of lines) {
      const d = given.get(l.id);
      if (!d) {
        check.add('input.lines', `decide line ${l.position} (${l.description}) too`);
        continue;
      }
      given.delete(l.id);
      const f = `input.lines[${d.i}]`;
      const approved = check.minor(`${f}.approvedMinor`, d.approvedMinor);
      if (d.reasonCode && !(REVIEWER_REASON_CODES as readonly string[]).includes(d.reasonCode)) check.add(`${f}.reasonCode`, `must be one of ${REVIEWER_REASON_CODES.join(', ')}`);
      if (approved == null) continue;
      try {
        l.approvedMinor = approvedLineAmount(BigInt(l.amountMinor), { approvedMinor: approved, reasonCode: d.reasonCode ?? null }).toString();
        l.reasonCode = approved < BigInt(l.amountMinor) ? d.reasonCode! : null;
      } catch (e) {
        check.add(`${f}.approvedMinor`, (e as Error).message);
      }
    }
    for (const [id] of given) check.add('input.lines', `line ${id} is not on this claim`);
    check.done();
    const decision = decisionOf(lines.map((l) => ({ claimedMinor: BigInt(l.amountMinor), approvedMinor: BigInt(l.approvedMinor!) })));
    if (decision === 'REJECT' && !input.reasonCode) throw DomainError.badInput([{ field: 'input.reasonCode', message: 'a rejection needs a reason code' }]);
    claim.approvedMinor = lines.reduce((s, l) => s + BigInt(l.approvedMinor!), 0n).toString();
    claim.decidedAt = ctx.clock.now();
    claim.decidedBy = memberOf(ctx).userId;
    claim.decisionNote = note;
    claim.reasonCode = decision === 'REJECT' ? input.reasonCode! : (input.reasonCode ?? null);
    move(tx, claim, decision, note, { claimedMinor: claim.claimedMinor, reasonCode: claim.reasonCode });
    if (decision !== 'REJECT' && claim.campaignId) {
      // the campaign is done for this VIN
      await tx.em.nativeUpdate(CampaignVehicle, { tenantId: claim.manufacturerId, campaignId: claim.campaignId, vin: claim.vin, claimId: null }, { claimId: claim.id }, CATALOGUE);
    }
    // a pre-authorisation approves the repair before it is done: no parts to return, nothing to credit
    if (decision !== 'REJECT' && claim.type !== 'PRE_AUTHORIZATION') {
      const policy = await policyOf(tx, claim);
      const wanted = input.requirePartsReturn ?? policy?.partsReturnRequired ?? false;
      const returned = lines.filter((l) => l.kind === 'PART' && BigInt(l.approvedMinor!) > 0n && l.tagCode);
      if (wanted && returned.length) {
        for (const l of returned) l.returnStatus = transition(partReturnMachine, l.returnStatus, 'REQUEST');
        claim.partsReturnRequired = true;
        move(tx, claim, 'REQUEST_PARTS', null, { tags: returned.map((l) => l.tagCode) });
      }
    }
    await tx.em.flush();
    return claim;
  });
}

/** The dealer appeals a rejection, once. */
export async function appealClaim(ctx: Ctx, input: { id: string; version: number; reason: string }): Promise<WarrantyClaim> {
  const check = new InputCheck();
  const reason = check.required('input.reason', input.reason, 1000);
  check.done();
  return inTx(ctx, async (tx) => {
    const claim = await loadClaim(tx, input.id, 'submit', input.version);
    move(tx, claim, 'APPEAL', reason);
    claim.appeals += 1;
    claim.dealerNote = reason;
    await tx.em.flush();
    return claim;
  });
}

/** A reviewer takes up an appeal: the claim is under review again, with a new due time. */
export async function reopenClaim(ctx: Ctx, input: { id: string; version: number }): Promise<WarrantyClaim> {
  return inTx(ctx, async (tx) => {
    const claim = await loadClaim(tx, input.id, 'review', input.version);
    const policy = await policyOf(tx, claim);
    for (const l of await tx.em.find(WarrantyClaimLine, { claimId: claim.id })) {
      l.approvedMinor = null;
      l.reasonCode = null;
    }
    claim.approvedMinor = null;
    startReview(tx, claim, policy, 'REOPEN');
    await tx.em.flush();
    return claim;
  });
}

// ---------------------------------------------------------------------------------------------
// Parts return (逆向物流)

/** The dealer ships every requested part (one parcel, one tracking number). */
export async function shipParts(ctx: Ctx, input: { id: string; version: number; carrier: string; trackingNumber: string }): Promise<WarrantyClaim> {
  const check = new InputCheck();
  const carrier = check.required('input.carrier', input.carrier, 60);
  const trackingNumber = check.required('input.trackingNumber', input.trackingNumber, 60);
  check.done();
  return inTx(ctx, async (tx) => {
    const claim = await loadClaim(tx, input.id, 'ship', input.version);
    if (claim.status !== 'PARTS_RETURN_REQUESTED') throw new DomainError(ErrorCode.INVALID_TRANSITION, `Claim ${claim.number} is ${claim.status}: no parts were asked back.`, { from: claim.status });
    const lines = await tx.em.find(WarrantyClaimLine, { claimId: claim.id, returnStatus: 'REQUESTED' });
    if (!lines.length) throw new DomainError(ErrorCode.INVALID_TRANSITION, `The parts of claim ${claim.number} were shipped already.`);
    const now = ctx.clock.now();
    for (const l of lines) Object.assign(l, { returnStatus: transition(partReturnMachine, l.returnStatus, 'SHIP'), carrier, trackingNumber, shippedAt: now });
    await tx.em.flush();
    record(tx, claim, 'partsShipped', { note: `${carrier} ${trackingNumber}`, data: { tags: lines.map((l) => l.tagCode), carrier, trackingNumber } });
    return claim;
  });
}

async function lineByTag(tx: Tx, tagCode: string): Promise<{ line: WarrantyClaimLine; claim: WarrantyClaim }> {
  const code = (tagCode ?? '').trim().toUpperCase();
  if (!isPartTagCode(code)) throw DomainError.badInput([{ field: 'input.tagCode', message: `"${tagCode}" is not an old-part tag code (check the scan)` }]);
  const actor = memberOf(tx.ctx);
  const line = await tx.em.findOne(WarrantyClaimLine, { manufacturerId: actor.tenantId, tagCode: code }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!line) throw DomainError.notFound('Old-part tag');
  const claim = await loadClaim(tx, line.claimId, 'receive');
  return { line, claim };
}

/** The manufacturer scans a tag on receipt; when every asked-back part is in, the claim moves on. */
export async function receivePart(ctx: Ctx, input: { tagCode: string }): Promise<WarrantyClaim> {
  return inTx(ctx, async (tx) => {
    const { line, claim } = await lineByTag(tx, input.tagCode);
    if (claim.status !== 'PARTS_RETURN_REQUESTED') throw new DomainError(ErrorCode.INVALID_TRANSITION, `Claim ${claim.number} is ${claim.status}: not waiting for parts.`, { from: claim.status });
    line.returnStatus = transition(partReturnMachine, line.returnStatus, 'RECEIVE');
    line.receivedAt = ctx.clock.now();
    const waiting = await tx.em.count(WarrantyClaimLine, { claimId: claim.id, returnStatus: { $in: ['REQUESTED', 'SHIPPED'] }, id: { $ne: line.id } });
    record(tx, claim, 'partReceived', { data: { tag: line.tagCode }, detail: { tag: line.tagCode } });
    if (waiting === 0) move(tx, claim, 'RECEIVE_PARTS');
    await tx.em.flush();
    return claim;
  });
}

/** The inspection of a received part: confirmed, not confirmed, or caused by the supplier that made it. */
export async function inspectPart(ctx: Ctx, input: { tagCode: string; result: 'CONFIRMED' | 'NOT_CONFIRMED' | 'SUPPLIER_CAUSED'; note?: string | null }): Promise<WarrantyClaim> {
  const note = input.note?.trim() || null;
  if (note && note.length > 1000) throw DomainError.badInput([{ field: 'input.note', message: 'must be at most 1000 characters' }]);
  return inTx(ctx, async (tx) => {
    const { line, claim } = await lineByTag(tx, input.tagCode);
    if (line.returnStatus !== 'RECEIVED') throw new DomainError(ErrorCode.INVALID_TRANSITION, `Part ${line.tagCode} is ${line.returnStatus}: it is inspected after it was received.`, { from: line.returnStatus, event: 'INSPECT' });
    if (input.result === 'SUPPLIER_CAUSED' && !line.supplierId) {
      throw DomainError.badInput([{ field: 'input.result', message: `no supplier is recorded for part ${line.partNumber} in the catalogue` }]);
    }
    line.returnStatus = transition(partReturnMachine, line.returnStatus, 'INSPECT');
    line.inspectedAt = ctx.clock.now();
    line.inspectionResult = input.result;
    line.inspectionNote = note;
    const inspected = { tag: line.tagCode, result: input.result };
    record(tx, claim, 'partInspected', { note, data: inspected, detail: inspected });
    const lines = await tx.em.find(WarrantyClaimLine, { claimId: claim.id }, { orderBy: { position: 'asc' } });
    const pending = lines.filter((l) => l.returnStatus === 'REQUESTED' || l.returnStatus === 'SHIPPED' || l.returnStatus === 'RECEIVED').length;
    // a failure not confirmed is charged back (the causal part: the whole claim; another part: its line)
    const changes = inspectionChargeBack(
      lines.map((l) => ({ id: l.id, kind: l.kind, partNumber: l.partNumber, approvedMinor: BigInt(l.approvedMinor ?? '0') })),
      { lineId: line.id, result: input.result },
      claim.causalPartNumber,
    );
    if (changes.length) {
      const before = BigInt(claim.approvedMinor ?? '0');
      for (const c of changes) {
        const l = lines.find((x) => x.id === c.lineId)!;
        l.approvedMinor = c.approvedMinor.toString();
        l.reasonCode = c.reasonCode;
      }
      const after = lines.reduce((s, l) => s + BigInt(l.approvedMinor ?? '0'), 0n);
      claim.approvedMinor = after.toString();
      record(tx, claim, 'chargedBack', {
        detail: { tag: line.tagCode, amountMinor: (after - before).toString(), currency: claim.currency },
        data: { tag: line.tagCode, approvedBeforeMinor: before.toString(), approvedMinor: after.toString(), lines: changes.map((c) => lines.find((x) => x.id === c.lineId)!.position) },
      });
    }
    if (pending === 0 && claim.status === 'PARTS_RECEIVED') move(tx, claim, 'INSPECT_PARTS');
    await tx.em.flush();
    return claim;
  });
}

/**
 * Lines whose part is asked back, newest (or oldest) first, paginated — for those who ship parts (the dealer's
 * clerks: their own) or receive them (the manufacturer's reviewers and quality engineers: those
 * sent to it). The ship/receive conditions name only `tenantId` / `manufacturerId`, which the line
 * carries as well, so they filter the lines directly (indexed, see migration 0013).
 */
export async function listReturnLines(
  ctx: Ctx,
  status: string[] | null | undefined,
  page: { first?: number | null; after?: string | null; newestFirst: boolean },
): Promise<Connection<WarrantyClaimLine>> {
  const action = ctx.ability.can('receive', 'WarrantyClaim') ? 'receive' : 'ship';
  const where = accessibleWhere(ctx.ability, action, 'WarrantyClaim');
  if (!where) throw DomainError.forbidden('Returned parts are worked by the dealer’s warranty and parts clerks and the manufacturer’s reviewers and quality engineers.');
  const returnStatus = status?.length ? { $in: status as WarrantyClaimLine['returnStatus'][] } : { $ne: 'NOT_REQUESTED' as const };
  return inTx(ctx, (tx) => paginate(tx.em, WarrantyClaimLine, { $and: [where, { returnStatus }] } as FilterQuery<WarrantyClaimLine>, page, (l) => l));
}

export function claimById(ctx: Ctx) {
  return loader<string, WarrantyClaim | null>(ctx, 'claimById', async (ids) => {
    const where = accessibleWhere(ctx.ability, 'read', 'WarrantyClaim');
    if (!where) return ids.map(() => null);
    const rows = await inTx(ctx, (tx) => tx.em.find(WarrantyClaim, { $and: [where, { id: { $in: [...ids] } }] } as FilterQuery<WarrantyClaim>));
    return ids.map((id) => rows.find((c) => c.id === id) ?? null);
  });
}
