import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { asSubject } from '@asn/authz';
import { DomainError, EVIDENCE_KINDS, InputCheck, RelationshipKind, assertId, uuidv7, type CoverageTerm, type EvidenceKind } from '@asn/domain';
import { inTx, memberOf, type Ctx, type Tx } from '../../platform/context.js';
import { tenantDay } from '../../platform/tenant-time.js';
import { Relationship, Tenant } from '../../platform/db/entities.js';
import { duplicateOf } from '../../platform/errors.js';
import { ErrorCode, type DuplicateWhat, type Unit } from '@asn/domain';
import { Campaign, CampaignVehicle, LabourOperation, OemPart, VehicleModel, WarrantyPolicy, WarrantyRegistration } from './catalogue.entity.js';

/** Queries on catalogue tables name the manufacturer themselves (dealers read it too). */
export const CATALOGUE = { filters: false } as const;

/** The manufacturer whose catalogue the actor may read: its own, or one that authorises the dealer. */
export async function catalogueOwner(tx: Tx, manufacturerId: string | null | undefined): Promise<string> {
  const actor = memberOf(tx.ctx);
  if (actor.tenantKind === 'MANUFACTURER') {
    if (manufacturerId && manufacturerId.toLowerCase() !== actor.tenantId) throw DomainError.notFound('Manufacturer');
    return actor.tenantId;
  }
  if (!manufacturerId) throw DomainError.badField('manufacturerId', 'REQUIRED', {}, 'name the manufacturer');
  const id = assertId('manufacturerId', manufacturerId);
  const auth = await tx.em.findOne(Relationship, { kind: RelationshipKind.DEALER_AUTHORIZATION, fromTenantId: id, toTenantId: actor.tenantId });
  if (!auth || !tx.ctx.ability.can('read', 'WarrantyCatalogue')) throw DomainError.notFound('Manufacturer');
  return id;
}

function requireAdmin(ctx: Ctx): string {
  const actor = memberOf(ctx, 'Only the manufacturer keeps the warranty catalogue.');
  if (!ctx.ability.can('create', asSubject('WarrantyCatalogue', { tenantId: actor.tenantId }))) {
    throw DomainError.because(ErrorCode.FORBIDDEN, 'ROLE_REQUIRED', { role: 'OEM_ADMIN' }, 'Only the manufacturer’s admin keeps the warranty catalogue.');
  }
  return actor.tenantId;
}

/** What a duplicate of each catalogue row is, when the index does not say. */
const DUPLICATE_OF: Record<string, DuplicateWhat> = {
  model: 'MODEL_CODE',
  policy: 'POLICY_CODE',
  registration: 'REGISTRATION',
  labourOperation: 'OPERATION_CODE',
  part: 'PART_NUMBER',
  campaign: 'CAMPAIGN_CODE',
};

/** Inserts a catalogue row; a duplicate code is a CONFLICT (DUPLICATE) naming what is taken. */
async function insert<T extends object>(
  ctx: Ctx,
  row: T,
  what: string,
  field: string,
  summary: Record<string, unknown>,
  extra?: (tx: Tx) => Promise<void>,
): Promise<T> {
  try {
    return await inTx(ctx, async (tx) => {
      tx.em.persist(row);
      await tx.em.flush();
      if (extra) await extra(tx);
      const id = (row as { id: string }).id;
      tx.record({ action: `warrantyCatalogue.${what}Created`, entityType: 'WarrantyCatalogue', entityId: id, after: summary, data: summary });
      return row;
    });
  } catch (e) {
    if (e instanceof UniqueConstraintViolationException) {
      const found = duplicateOf(e as { constraint?: string; detail?: string });
      const params =
        found.what === 'RECORD'
          ? { what: DUPLICATE_OF[what] ?? 'RECORD', value: (summary.code ?? summary.partNumber ?? summary.vin ?? null) as string | null }
          : found;
      throw DomainError.because(ErrorCode.CONFLICT, 'DUPLICATE', params, `A ${what} with this ${field} exists already.`);
    }
    throw e;
  }
}

function evidenceList(check: InputCheck, field: string, list: readonly string[] | null | undefined): EvidenceKind[] {
  const out: EvidenceKind[] = [];
  for (const k of list ?? []) {
    if (!(EVIDENCE_KINDS as readonly string[]).includes(k))
      check.because(field, 'NOT_ONE_OF', { value: k, allowed: EVIDENCE_KINDS }, `"${k}" is not an evidence kind (${EVIDENCE_KINDS.join(', ')})`);
    else if (!out.includes(k as EvidenceKind)) out.push(k as EvidenceKind);
  }
  return out;
}

/** An optional amount in minor units (empty: none), checked as `InputCheck.minor` checks amounts. */
function minorOrNull(check: InputCheck, field: string, v: string | null | undefined): string | null {
  return v == null || v === '' ? null : (check.minor(field, v)?.toString() ?? null);
}

export interface VehicleModelData {
  brand: string;
  code: string;
  name: string;
  category: VehicleModel['category'];
  usageUnit: VehicleModel['usageUnit'];
}

export function createVehicleModel(ctx: Ctx, input: VehicleModelData): Promise<VehicleModel> {
  const tenantId = requireAdmin(ctx);
  const check = new InputCheck();
  const brand = check.required('input.brand', input.brand, 60);
  const code = check.required('input.code', input.code, 40);
  const name = check.required('input.name', input.name, 120);
  check.done();
  const row = Object.assign(new VehicleModel(), {
    id: uuidv7(),
    tenantId,
    brand,
    code,
    name,
    category: input.category,
    usageUnit: input.usageUnit,
    createdAt: ctx.clock.now(),
  });
  return insert(ctx, row, 'model', 'code', { code, brand, name });
}

export interface PolicyData {
  code: string;
  name: string;
  terms: { componentGroup?: string | null; months: number; meterLimit: number }[];
  exclusions?: string[] | null;
  partsWarrantyMonths?: number | null;
  filingDeadlineDays: number;
  duplicateWindowDays: number;
  sanbaoThreshold: number;
  autoApproveLimitMinor?: string | null;
  preAuthorizationLimitMinor?: string | null;
  requiredEvidence?: string[] | null;
  reviewTargetHours?: number | null;
  partsReturnRequired?: boolean | null;
}

export function createWarrantyPolicy(ctx: Ctx, input: PolicyData): Promise<WarrantyPolicy> {
  const tenantId = requireAdmin(ctx);
  const check = new InputCheck();
  const code = check.required('input.code', input.code, 40);
  const name = check.required('input.name', input.name, 120);
  const terms: CoverageTerm[] = [];
  const groups = new Set<string | null>();
  for (const [i, t] of (input.terms ?? []).entries()) {
    const group = t.componentGroup?.trim() || null;
    if (groups.has(group))
      check.because(
        `input.terms.${i}.componentGroup`,
        'TERM_GIVEN_TWICE',
        { componentGroup: group },
        group ? `${group} has a term already` : 'the base term is given twice',
      );
    groups.add(group);
    check.range(`input.terms.${i}.months`, t.months, 1, 240, 'MONTHS');
    check.wholeNumber(`input.terms.${i}.meterLimit`, t.meterLimit, 1, 'KM_OR_HOURS');
    terms.push({ componentGroup: group, months: t.months, meterLimit: t.meterLimit });
  }
  if (!groups.has(null)) check.because('input.terms', 'BASE_TERM_MISSING', {}, 'give the base term (no component group) that covers the whole vehicle');
  const int = (field: string, v: number | null | undefined, min: number, max: number, unit: Unit | null, dflt?: number) =>
    check.range(field, v ?? dflt, min, max, unit) ?? min;
  const filingDeadlineDays = int('input.filingDeadlineDays', input.filingDeadlineDays, 1, 365, 'DAYS');
  const duplicateWindowDays = int('input.duplicateWindowDays', input.duplicateWindowDays, 0, 3650, 'DAYS');
  const sanbaoThreshold = int('input.sanbaoThreshold', input.sanbaoThreshold, 2, 10, null);
  const partsWarrantyMonths = int('input.partsWarrantyMonths', input.partsWarrantyMonths, 0, 120, 'MONTHS', 12);
  const reviewTargetHours = int('input.reviewTargetHours', input.reviewTargetHours, 1, 720, 'HOURS', 48);
  const autoApproveLimitMinor = minorOrNull(check, 'input.autoApproveLimitMinor', input.autoApproveLimitMinor);
  const preAuthorizationLimitMinor = minorOrNull(check, 'input.preAuthorizationLimitMinor', input.preAuthorizationLimitMinor);
  const requiredEvidence = evidenceList(check, 'input.requiredEvidence', input.requiredEvidence);
  check.done();
  const row = Object.assign(new WarrantyPolicy(), {
    id: uuidv7(),
    tenantId,
    code,
    name,
    terms,
    exclusions: [...new Set((input.exclusions ?? []).map((e) => e.trim()).filter(Boolean))],
    partsWarrantyMonths,
    filingDeadlineDays,
    duplicateWindowDays,
    sanbaoThreshold,
    autoApproveLimitMinor,
    preAuthorizationLimitMinor,
    requiredEvidence,
    reviewTargetHours,
    partsReturnRequired: input.partsReturnRequired ?? true,
    createdAt: ctx.clock.now(),
  });
  return insert(ctx, row, 'policy', 'code', { code, name });
}

export function normaliseVin(vin: string): string {
  return (vin ?? '').trim().toUpperCase();
}

export async function registerWarranty(
  ctx: Ctx,
  input: { vin: string; modelCode: string; policyCode: string; saleDate: string; warrantyStart?: string | null; sellingDealerId?: string | null },
): Promise<WarrantyRegistration> {
  const tenantId = requireAdmin(ctx);
  const check = new InputCheck();
  const vin = normaliseVin(input.vin);
  if (!/^[A-Z0-9]{6,20}$/.test(vin)) check.because('input.vin', 'NOT_A_VIN', { value: input.vin ?? '', min: 6, max: 20 }, 'must be 6–20 letters and digits');
  const saleDate = check.day('input.saleDate', input.saleDate);
  if (!input.saleDate) check.because('input.saleDate', 'REQUIRED', {}, 'must not be empty');
  const warrantyStart = check.day('input.warrantyStart', input.warrantyStart) ?? saleDate;
  if (input.sellingDealerId) assertId('input.sellingDealerId', input.sellingDealerId);
  check.done();
  const [model, policy] = await inTx(ctx, (tx) =>
    Promise.all([
      tx.em.findOne(VehicleModel, { tenantId, code: input.modelCode.trim() }, CATALOGUE),
      tx.em.findOne(WarrantyPolicy, { tenantId, code: input.policyCode.trim() }, CATALOGUE),
    ]),
  );
  if (!model) check.because('input.modelCode', 'UNKNOWN_CODE', { what: 'MODEL', code: input.modelCode }, `no model ${input.modelCode}`);
  if (!policy) check.because('input.policyCode', 'UNKNOWN_CODE', { what: 'POLICY', code: input.policyCode }, `no policy ${input.policyCode}`);
  check.done();
  const row = Object.assign(new WarrantyRegistration(), {
    id: uuidv7(),
    tenantId,
    vin,
    modelId: model!.id,
    policyId: policy!.id,
    saleDate: saleDate!,
    warrantyStart: warrantyStart!,
    sellingDealerId: input.sellingDealerId?.toLowerCase() ?? null,
    createdAt: ctx.clock.now(),
  });
  return insert(ctx, row, 'registration', 'VIN', { vin, model: model!.code, policy: policy!.code, saleDate });
}

export function createLabourOperation(
  ctx: Ctx,
  input: { code: string; descriptionZh: string; descriptionEn: string; standardHoursMilli: number; componentGroup: string; requiredEvidence?: string[] | null },
): Promise<LabourOperation> {
  const tenantId = requireAdmin(ctx);
  const check = new InputCheck();
  const code = (input.code ?? '').trim().toUpperCase();
  if (!/^[A-Z0-9][A-Z0-9-]{1,30}$/.test(code))
    check.because('input.code', 'NOT_A_CODE', { value: code, min: 2, max: 31, dots: false }, 'must be 2–31 letters, digits and dashes');
  const descriptionZh = check.required('input.descriptionZh', input.descriptionZh, 200);
  const descriptionEn = check.required('input.descriptionEn', input.descriptionEn, 200);
  const componentGroup = check.required('input.componentGroup', input.componentGroup, 60);
  if (!Number.isInteger(input.standardHoursMilli) || input.standardHoursMilli <= 0 || input.standardHoursMilli > 200_000) {
    check.because(
      'input.standardHoursMilli',
      'OUT_OF_RANGE',
      { min: 1, max: 200_000, unit: 'THOUSANDTHS_OF_AN_HOUR' },
      'must be 1–200000 (thousandths of an hour)',
    );
  }
  const requiredEvidence = evidenceList(check, 'input.requiredEvidence', input.requiredEvidence);
  check.done();
  const row = Object.assign(new LabourOperation(), {
    id: uuidv7(),
    tenantId,
    code,
    descriptionZh,
    descriptionEn,
    standardHoursMilli: input.standardHoursMilli,
    componentGroup,
    requiredEvidence,
    createdAt: ctx.clock.now(),
  });
  return insert(ctx, row, 'labourOperation', 'code', { code, standardHoursMilli: input.standardHoursMilli });
}

export async function createOemPart(
  ctx: Ctx,
  input: { partNumber: string; name: string; componentGroup: string; listPriceMinor: string; supplierId?: string | null },
): Promise<OemPart> {
  const tenantId = requireAdmin(ctx);
  const check = new InputCheck();
  const partNumber = (input.partNumber ?? '').trim().toUpperCase();
  if (!/^[A-Z0-9][A-Z0-9.-]{1,39}$/.test(partNumber))
    check.because('input.partNumber', 'NOT_A_CODE', { value: partNumber, min: 2, max: 40, dots: true }, 'must be 2–40 letters, digits, dots and dashes');
  const name = check.required('input.name', input.name, 120);
  const componentGroup = check.required('input.componentGroup', input.componentGroup, 60);
  const listPriceMinor = minorOrNull(check, 'input.listPriceMinor', input.listPriceMinor);
  if (listPriceMinor == null && !input.listPriceMinor) check.because('input.listPriceMinor', 'REQUIRED', {}, 'must not be empty');
  const supplierId = input.supplierId ? assertId('input.supplierId', input.supplierId) : null;
  check.done();
  if (supplierId) {
    const agreement = await inTx(ctx, (tx) =>
      tx.em.findOne(Relationship, { kind: RelationshipKind.SUPPLY_AGREEMENT, fromTenantId: tenantId, toTenantId: supplierId }),
    );
    if (!agreement) throw DomainError.badField('input.supplierId', 'NO_SUPPLY_AGREEMENT', {}, 'has no supply agreement with this manufacturer');
  }
  const row = Object.assign(new OemPart(), {
    id: uuidv7(),
    tenantId,
    partNumber,
    name,
    componentGroup,
    listPriceMinor: listPriceMinor!,
    supplierId,
    createdAt: ctx.clock.now(),
  });
  return insert(ctx, row, 'part', 'part number', { partNumber, listPriceMinor });
}

export async function createCampaign(
  ctx: Ctx,
  input: {
    code: string;
    kind: Campaign['kind'];
    title: string;
    labourOperationCode?: string | null;
    opensOn: string;
    closesOn?: string | null;
    vins: string[];
  },
): Promise<Campaign> {
  const tenantId = requireAdmin(ctx);
  const check = new InputCheck();
  const code = check.required('input.code', input.code, 40);
  const title = check.required('input.title', input.title, 200);
  const opensOn = check.day('input.opensOn', input.opensOn);
  if (!input.opensOn) check.because('input.opensOn', 'REQUIRED', {}, 'must not be empty');
  const closesOn = check.day('input.closesOn', input.closesOn) ?? null;
  if (opensOn && closesOn && closesOn < opensOn) check.because('input.closesOn', 'NOT_BEFORE', { otherField: 'input.opensOn' }, 'must not be before it opens');
  const vins = [...new Set((input.vins ?? []).map(normaliseVin))];
  if (vins.length === 0) check.because('input.vins', 'AT_LEAST_ONE', {}, 'list the affected VINs');
  if (vins.length > 10_000) check.because('input.vins', 'TOO_MANY', { max: 10_000 }, 'at most 10000 VINs per call');
  for (const v of vins) if (!/^[A-Z0-9]{6,20}$/.test(v)) check.because('input.vins', 'NOT_A_VIN', { value: v, min: 6, max: 20 }, `"${v}" is not a VIN`);
  check.done();
  const row = Object.assign(new Campaign(), {
    id: uuidv7(),
    tenantId,
    code,
    kind: input.kind,
    title,
    labourOperationCode: input.labourOperationCode?.trim().toUpperCase() || null,
    opensOn: opensOn!,
    closesOn,
    createdAt: ctx.clock.now(),
  });
  return insert(ctx, row, 'campaign', 'code', { code, kind: input.kind, vins: vins.length }, async (tx) => {
    for (const vin of vins) tx.em.persist(Object.assign(new CampaignVehicle(), { tenantId, campaignId: row.id, vin }));
    await tx.em.flush();
  });
}

export interface Catalogue {
  manufacturerId: string;
  manufacturerName: string;
  models: VehicleModel[];
  policies: WarrantyPolicy[];
  labourOperations: LabourOperation[];
  parts: OemPart[];
  campaigns: Campaign[];
}

/** A manufacturer's catalogue (its own, or — for a dealer — one that authorises it). */
export async function getCatalogue(ctx: Ctx, manufacturerId?: string | null): Promise<Catalogue> {
  return inTx(ctx, async (tx) => {
    const owner = await catalogueOwner(tx, manufacturerId);
    const where = { tenantId: owner };
    const [tenant, models, policies, labourOperations, parts, campaigns] = await Promise.all([
      tx.em.findOne(Tenant, { id: owner }),
      tx.em.find(VehicleModel, where, { ...CATALOGUE, orderBy: { code: 'asc' } }),
      tx.em.find(WarrantyPolicy, where, { ...CATALOGUE, orderBy: { code: 'asc' } }),
      tx.em.find(LabourOperation, where, { ...CATALOGUE, orderBy: { code: 'asc' } }),
      tx.em.find(OemPart, where, { ...CATALOGUE, orderBy: { partNumber: 'asc' }, limit: 1000 }),
      tx.em.find(Campaign, where, { ...CATALOGUE, orderBy: { opensOn: 'desc' } }),
    ]);
    return { manufacturerId: owner, manufacturerName: tenant?.name ?? '', models, policies, labourOperations, parts, campaigns };
  });
}

export interface Coverage {
  vin: string;
  registration: WarrantyRegistration | null;
  model: VehicleModel | null;
  policy: WarrantyPolicy | null;
  /** Campaigns open today that list the VIN and have no claim yet. */
  openCampaigns: Campaign[];
}

/** What the manufacturer knows of a VIN: registration, model, policy, open campaigns. */
export async function getCoverage(ctx: Ctx, manufacturerId: string | null | undefined, vinInput: string): Promise<Coverage> {
  const vin = normaliseVin(vinInput);
  return inTx(ctx, async (tx) => {
    const owner = await catalogueOwner(tx, manufacturerId);
    return coverageIn(tx, owner, vin, await tenantDay(tx, ctx.clock.now()));
  });
}

export async function coverageIn(tx: Tx, manufacturerId: string, vin: string, today: string): Promise<Coverage> {
  const registration = await tx.em.findOne(WarrantyRegistration, { tenantId: manufacturerId, vin }, CATALOGUE);
  const [model, policy, listed] = await Promise.all([
    registration ? tx.em.findOne(VehicleModel, { id: registration.modelId, tenantId: manufacturerId }, CATALOGUE) : null,
    registration ? tx.em.findOne(WarrantyPolicy, { id: registration.policyId, tenantId: manufacturerId }, CATALOGUE) : null,
    tx.em.find(CampaignVehicle, { tenantId: manufacturerId, vin, claimId: null }, CATALOGUE),
  ]);
  const campaigns = listed.length
    ? await tx.em.find(
        Campaign,
        {
          tenantId: manufacturerId,
          id: { $in: listed.map((l) => l.campaignId) },
          opensOn: { $lte: today },
          $or: [{ closesOn: null }, { closesOn: { $gte: today } }],
        },
        CATALOGUE,
      )
    : [];
  return { vin, registration, model, policy, openCampaigns: campaigns };
}
