/** The dealer drafts a claim: priced lines from the catalogue and the authorisation, prefilled from a repair order. */
import { asSubject } from '@asn/authz';
import {
  CLAIM_EDITABLE,
  CLAIM_TYPES,
  DomainError,
  ErrorCode,
  InputCheck,
  RelationshipKind,
  assertId,
  multiplyMoney,
  partTagCode,
  isUuid,
  uuidv7,
  type ClaimType,
} from '@asn/domain';
import { inTx, memberOf, type Ctx, type Tx } from '../../platform/context.js';
import { tenantDay } from '../../platform/tenant-time.js';
import { Relationship } from '../../platform/db/entities.js';
import { Vehicle } from '../customers/customer.entity.js';
import { RepairOrder, RepairOrderLine } from '../repair-orders/repair-order.entity.js';
import { CATALOGUE, normaliseVin } from '../warranty-catalogue/catalogue.service.js';
import { Campaign, LabourOperation, OemPart } from '../warranty-catalogue/catalogue.entity.js';
import { WarrantyClaim, WarrantyClaimLine, type ClaimLineKind } from './claim.entity.js';

import { draft, insert } from '../../platform/documents/index.js';
import { WarrantyClaimDocument, loadClaim, recordClaim } from './claim.document.js';

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
  const rows = await tx.em.find(
    Relationship,
    { kind: RelationshipKind.DEALER_AUTHORIZATION, fromTenantId: manufacturerId, toTenantId: dealerId },
    { orderBy: { validFrom: 'desc' } },
  );
  const auth = rows[0];
  if (!auth)
    throw DomainError.badInput([
      {
        field: 'input.manufacturerId',
        message: 'this manufacturer has not authorised your workshop; claims go only to manufacturers that did',
        reason: 'NOT_AUTHORISED_BY_MANUFACTURER',
        params: {},
      },
    ]);
  if (!auth.warrantyLabourRateMinor)
    throw DomainError.badInput([
      {
        field: 'input.manufacturerId',
        message: 'the authorisation sets no warranty labour rate; ask the manufacturer to set it',
        reason: 'NO_WARRANTY_LABOUR_RATE',
        params: {},
      },
    ]);
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
  if (data.length === 0) check.because('input.lines', 'AT_LEAST_ONE', {}, 'a claim needs at least one labour, part or sublet line');
  if (data.length > 60) check.because('input.lines', 'TOO_MANY', { max: 60 }, 'at most 60 lines');
  const linked = new Set<string>();
  return data.map((l, i) => {
    const f = `input.lines[${i}]`;
    // a link to the repair order's line: only to a warranty line of the claim's own order, once
    let repairOrderLineId: string | null = null;
    const wanted = l.repairOrderLineId?.trim().toLowerCase();
    if (wanted) {
      const roLine = roLines.find((r) => r.id === wanted);
      if (!roLine)
        check.because(
          `${f}.repairOrderLineId`,
          'NOT_A_LINE_OF_ORDER',
          { hasOrder: !!claim.repairOrderId },
          claim.repairOrderId ? 'is not a line of this claim’s repair order' : 'this claim has no repair order',
        );
      else if (roLine.kind !== l.kind || roLine.payType !== 'WARRANTY') {
        check.because(
          `${f}.repairOrderLineId`,
          'NOT_A_WARRANTY_LINE',
          { payType: roLine.payType, kind: roLine.kind },
          `is a ${roLine.payType} ${roLine.kind} line of the repair order, not a warranty ${l.kind} line`,
        );
      } else if (linked.has(roLine.id))
        check.because(`${f}.repairOrderLineId`, 'LINE_CLAIMED_TWICE', {}, 'that repair-order line is claimed on another line already');
      else repairOrderLineId = roLine.id;
      if (repairOrderLineId) linked.add(repairOrderLineId);
    }
    const line = Object.assign(new WarrantyClaimLine(), {
      id: uuidv7(),
      tenantId: claim.tenantId,
      manufacturerId: m,
      claimId: claim.id,
      position: i + 1,
      kind: l.kind,
      repairOrderLineId,
    });
    if (l.kind === 'LABOUR') {
      const code = (l.operationCode ?? '').trim().toUpperCase();
      const op = ops.find((o) => o.code === code);
      if (!op) {
        if (code)
          check.because(`${f}.operationCode`, 'UNKNOWN_CODE', { what: 'OPERATION', code }, `${code} is not in the manufacturer’s labour-operation catalogue`);
        else check.because(`${f}.operationCode`, 'REQUIRED', {}, 'name the labour operation');
      }
      const hoursMilli = l.hours ? check.milli(`${f}.hours`, l.hours, true) : (op?.standardHoursMilli ?? null);
      line.operationCode = code || null;
      line.description = l.description?.trim() || op?.descriptionZh || code;
      line.hoursMilli = hoursMilli;
      line.standardHoursMilli = op?.standardHoursMilli ?? null;
      line.rateMinor = terms.rateMinor.toString();
      line.amountMinor =
        hoursMilli != null ? multiplyMoney({ amountMinor: terms.rateMinor, currency: terms.currency }, hoursMilli).amountMinor.toString() : '0';
    } else if (l.kind === 'PART') {
      const pn = (l.partNumber ?? '').trim().toUpperCase();
      if (!pn) check.because(`${f}.partNumber`, 'REQUIRED', { max: 40 }, 'must not be empty');
      const part = parts.find((p) => p.partNumber === pn);
      const quantityMilli = l.quantity ? check.milli(`${f}.quantity`, l.quantity, true) : 1000;
      const unit = l.unitPriceMinor ? check.minor(`${f}.unitPriceMinor`, l.unitPriceMinor) : part ? BigInt(part.listPriceMinor) : null;
      if (unit == null && !l.unitPriceMinor)
        check.because(`${f}.unitPriceMinor`, 'PART_PRICE_REQUIRED', { partNumber: pn }, `${pn} is not in the catalogue: give its price`);
      line.partNumber = pn;
      line.description = l.description?.trim() || part?.name || pn;
      line.quantityMilli = quantityMilli;
      line.unitPriceMinor = unit?.toString() ?? null;
      line.listPriceMinor = part?.listPriceMinor ?? null;
      line.supplierId = part?.supplierId ?? null;
      line.amountMinor =
        unit != null && quantityMilli != null ? multiplyMoney({ amountMinor: unit, currency: terms.currency }, quantityMilli).amountMinor.toString() : '0';
      line.tagCode = partTagCode(terms.auth.dealerCode ?? claim.tenantId.slice(0, 8), claim.number, i + 1);
    } else {
      line.description = check.required(`${f}.description`, l.description, 200);
      line.amountMinor = (check.minor(`${f}.amountMinor`, l.amountMinor) ?? 0n).toString();
    }
    if (line.description && line.description.length > 200) check.because(`${f}.description`, 'TOO_LONG', { max: 200 }, 'must be at most 200 characters');
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
        ? {
            kind: 'LABOUR' as const,
            description: l.description,
            operationCode: l.operationCode,
            hours: l.hoursMilli != null ? (l.hoursMilli / 1000).toString() : null,
            repairOrderLineId: l.id,
          }
        : {
            kind: 'PART' as const,
            description: l.description,
            partNumber: l.partNumber,
            quantity: l.quantityMilli != null ? (l.quantityMilli / 1000).toString() : null,
            unitPriceMinor: l.unitPriceMinor,
            repairOrderLineId: l.id,
          },
    );
}

/**
 * A new claim (DRAFT) — prefilled from a repair order's warranty lines, or by hand (parts
 * warranty, goodwill). Labour is priced at the authorisation's warranty labour rate; every
 * removed part gets its old-part tag code at once (printed and photographed as evidence).
 */
export async function createClaim(ctx: Ctx, input: CreateClaimData): Promise<WarrantyClaim> {
  const actor = memberOf(ctx, 'Only a dealer’s staff file claims.');
  if (!ctx.ability.can('create', asSubject('WarrantyClaim', { tenantId: actor.tenantId })))
    throw DomainError.because(
      ErrorCode.FORBIDDEN,
      'ACTION_NOT_ALLOWED',
      { document: 'WarrantyClaim', action: 'create' },
      'Only the warranty clerk or the service admin file claims.',
    );
  const check = new InputCheck();
  const manufacturerId = assertId('input.manufacturerId', input.manufacturerId);
  check.oneOf('input.type', input.type, CLAIM_TYPES);
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
      if (order.status === 'CANCELLED' || order.status === 'APPOINTED') {
        throw DomainError.because(
          ErrorCode.INVALID_TRANSITION,
          'NO_REPAIR_TO_CLAIM',
          { order: order.number, status: order.status },
          `Repair order ${order.number} is ${order.status}: there is no repair to claim.`,
        );
      }
      const open = await tx.em.findOne(WarrantyClaim, {
        tenantId: actor.tenantId,
        repairOrderId: order.id,
        status: { $nin: ['REJECTED'] },
        type: { $ne: 'PRE_AUTHORIZATION' },
      });
      if (open && input.type !== 'PRE_AUTHORIZATION') {
        throw DomainError.because(
          ErrorCode.CONFLICT,
          'ORDER_ALREADY_CLAIMED',
          { order: order.number, claim: open.number },
          `Repair order ${order.number} has claim ${open.number} already.`,
        );
      }
      vehicle = await tx.em.findOneOrFail(Vehicle, { id: order.vehicleId });
      if (!lineData) lineData = linesFromOrder(await tx.em.find(RepairOrderLine, { repairOrderId: order.id }, { orderBy: { id: 'asc' } }));
      if (lineData.length === 0)
        check.because('input.repairOrderId', 'NO_WARRANTY_LINES', { order: order.number }, `repair order ${order.number} has no approved warranty lines`);
    }
    const vin = normaliseVin(input.vin ?? vehicle?.vin ?? '');
    if (!/^[A-Z0-9]{6,20}$/.test(vin)) check.because('input.vin', 'NOT_A_VIN', { value: vin, min: 6, max: 20 }, 'must be 6–20 letters and digits');
    const meter = input.meter ?? order?.checkIn?.meter ?? null;
    if (meter == null || !Number.isInteger(meter) || meter < 0)
      check.because(
        'input.meter',
        'NOT_A_WHOLE_NUMBER',
        { value: meter == null ? null : String(meter), min: 0, unit: 'KM_OR_HOURS' },
        'give the meter reading at the repair (km or hours)',
      );
    const repairDate =
      check.day('input.repairDate', input.repairDate) ??
      (order ? await tenantDay(tx, order.checkIn ? new Date(order.checkIn.at) : order.createdAt) : undefined);
    if (!repairDate) check.because('input.repairDate', 'REQUIRED', {}, 'must not be empty');
    const failureDate = check.day('input.failureDate', input.failureDate) ?? repairDate;
    const today = await tenantDay(tx, ctx.clock.now());
    if (repairDate && repairDate > today) check.because('input.repairDate', 'MUST_NOT_BE_FUTURE', {}, 'must not be in the future');
    if (failureDate && repairDate && failureDate > repairDate)
      check.because('input.failureDate', 'NOT_AFTER', { otherField: 'input.repairDate' }, 'must not be after the repair');
    const complaint = check.required('input.complaint', input.complaint ?? order?.complaint, 1000);
    const cause = check.required('input.cause', input.cause ?? order?.diagnosis?.summary, 1000);
    const correction = check.required('input.correction', input.correction, 1000);
    const firstPart = (lineData ?? []).find((l) => l.kind === 'PART')?.partNumber;
    const causalPartNumber = (input.causalPartNumber ?? firstPart ?? '').trim().toUpperCase();
    if (!causalPartNumber) check.because('input.causalPartNumber', 'REQUIRED', { max: 40 }, 'name the causal part (主因件)');
    let campaignId: string | null = null;
    if (input.type === 'CAMPAIGN') {
      const code = input.campaignCode?.trim();
      const campaign = code ? await tx.em.findOne(Campaign, { tenantId: manufacturerId, code }, CATALOGUE) : null;
      if (!campaign) {
        if (code) check.because('input.campaignCode', 'UNKNOWN_CODE', { what: 'CAMPAIGN', code }, `no campaign ${code}`);
        else check.because('input.campaignCode', 'REQUIRED', {}, 'a campaign claim names its campaign');
      }
      campaignId = campaign?.id ?? null;
    }
    let preAuthorizationId: string | null = null;
    if (input.preAuthorizationId) {
      const pre = await tx.em.findOne(WarrantyClaim, { id: input.preAuthorizationId.toLowerCase(), tenantId: actor.tenantId, type: 'PRE_AUTHORIZATION' });
      if (!pre || pre.vin !== vin) check.because('input.preAuthorizationId', 'NOT_A_PRE_AUTHORIZATION_OF_VIN', {}, 'is not a pre-authorisation of this VIN');
      preAuthorizationId = pre?.id ?? null;
    }
    check.done();
    // drafted first: the part tags carry the claim's number
    const claim = await draft(tx, WarrantyClaimDocument, {
      tenantId: actor.tenantId,
      manufacturerId,
      type: input.type,
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
    await insert(tx, WarrantyClaimDocument, claim, {
      facts: { data: { approvedMinor: null, claimedMinor: claim.claimedMinor, repairOrderId: claim.repairOrderId } },
    });
    tx.em.persist(lines);
    await tx.em.flush();
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
    if (!CLAIM_EDITABLE.includes(claim.status)) {
      throw DomainError.because(
        ErrorCode.INVALID_TRANSITION,
        'ONLY_DRAFTS_EDITED',
        { number: claim.number, status: claim.status },
        `Claim ${claim.number} is ${claim.status}: only drafts and claims sent back for information are edited.`,
        { from: claim.status },
      );
    }
    const check = new InputCheck();
    if (input.meter != null) {
      if (!Number.isInteger(input.meter) || input.meter < 0)
        check.because('input.meter', 'NOT_A_WHOLE_NUMBER', { value: String(input.meter), min: 0, unit: 'KM_OR_HOURS' }, 'must be a whole number');
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
    recordClaim(tx, claim, 'updated', { data: { claimedMinor: claim.claimedMinor } });
    return claim;
  });
}
