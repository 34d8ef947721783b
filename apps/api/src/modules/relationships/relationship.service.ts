import type { FilterQuery } from '@mikro-orm/postgresql';
import { accessibleWhere, asSubject } from '@asn/authz';
import {
  DomainError,
  ErrorCode,
  InputCheck,
  RelationshipKind,
  assertId,
  isTenantKind,
  relationshipSidesRefusal,
  uuidv7,
  type RelationshipKind as RelationshipKindT,
} from '@asn/domain';
import { inTx, type Ctx } from '../../platform/context.js';
import { Relationship } from '../../platform/db/entities.js';
import { emptyConnection, paginate, type Connection } from '../../platform/graphql/common.js';

function snapshot(r: Relationship): Record<string, unknown> {
  return {
    kind: r.kind,
    fromTenantId: r.fromTenantId,
    toTenantId: r.toTenantId,
    dealerCode: r.dealerCode,
    region: r.region,
    brands: r.brands,
    warrantyLabourRateMinor: r.warrantyLabourRateMinor,
    currency: r.currency,
    recoveryShareBp: r.recoveryShareBp,
    partsDiscountBp: r.partsDiscountBp,
    partsSupplied: r.partsSupplied,
    validFrom: r.validFrom,
    validTo: r.validTo,
  };
}

const list = (v: readonly string[] | null | undefined) => [...new Set((v ?? []).map((s) => s.trim()).filter(Boolean))];

function minorUnits(check: InputCheck, field: string, v: string | null | undefined): string | null {
  if (v == null || v === '') return null;
  if (!/^\d{1,15}$/.test(v)) {
    check.because(field, 'NOT_MINOR_UNITS', { value: v }, 'must be a whole, non-negative number of minor units');
    return null;
  }
  return v;
}

function share(check: InputCheck, field: string, v: number | null | undefined): number | null {
  if (v == null) return null;
  if (!Number.isInteger(v) || v < 0 || v > 10_000)
    check.because(field, 'OUT_OF_RANGE', { min: 0, max: 10_000, unit: 'BASIS_POINTS' }, 'must be 0–10000 basis points');
  return v;
}

export async function listRelationships(
  ctx: Ctx,
  args: { first?: number | null; after?: string | null; kind?: RelationshipKindT | null },
): Promise<Connection<Relationship>> {
  const where = accessibleWhere(ctx.ability, 'read', 'Relationship');
  if (!where) return emptyConnection();
  const filter = (args.kind ? { $and: [where, { kind: args.kind }] } : where) as FilterQuery<Relationship>;
  return inTx(ctx, (tx) => paginate(tx.em, Relationship, filter, args, (r) => r));
}

export async function getRelationship(ctx: Ctx, id: string): Promise<Relationship> {
  assertId('id', id);
  const rel = await inTx(ctx, (tx) => tx.em.findOne(Relationship, { id }));
  if (!rel || !ctx.ability.can('read', asSubject('Relationship', rel))) throw DomainError.notFound('Relationship');
  return rel;
}

export interface CreateRelationshipData {
  kind: RelationshipKindT;
  counterpartyCode: string;
  dealerCode?: string | null;
  region?: string | null;
  brands?: string[] | null;
  warrantyLabourRateMinor?: string | null;
  currency?: string | null;
  recoveryShareBasisPoints?: number | null;
  partsDiscountBasisPoints?: number | null;
  partsSupplied?: string[] | null;
  validFrom: string;
  validTo?: string | null;
}

export async function createRelationship(ctx: Ctx, input: CreateRelationshipData): Promise<Relationship> {
  if (ctx.actor.type !== 'member') throw DomainError.forbidden();
  const actor = ctx.actor;
  const check = new InputCheck();
  const code = check.required('input.counterpartyCode', input.counterpartyCode, 32);
  const validFrom = check.day('input.validFrom', input.validFrom);
  if (!input.validFrom) check.because('input.validFrom', 'REQUIRED', {}, 'must not be empty');
  const validTo = check.day('input.validTo', input.validTo);
  if (validFrom && validTo && validTo < validFrom)
    check.because('input.validTo', 'NOT_BEFORE', { otherField: 'input.validFrom' }, 'must not be before validFrom');
  const rate = minorUnits(check, 'input.warrantyLabourRateMinor', input.warrantyLabourRateMinor);
  const currency = input.currency?.trim().toUpperCase() || (rate ? 'CNY' : null);
  if (currency && !/^[A-Z]{3}$/.test(currency)) check.because('input.currency', 'NOT_A_CURRENCY', { value: currency }, 'must be a 3-letter ISO-4217 code');
  const recoveryShareBp = share(check, 'input.recoveryShareBasisPoints', input.recoveryShareBasisPoints);
  const partsDiscountBp = share(check, 'input.partsDiscountBasisPoints', input.partsDiscountBasisPoints);
  const dealerCode = input.dealerCode?.trim() || null;
  const region = input.region?.trim() || null;
  if (input.kind === RelationshipKind.DEALER_AUTHORIZATION) {
    if (!dealerCode) check.because('input.dealerCode', 'REQUIRED', {}, 'a dealer authorisation needs a dealer code');
    if (!region) check.because('input.region', 'REQUIRED', {}, 'a dealer authorisation needs a region');
    if (list(input.brands).length === 0) check.because('input.brands', 'AT_LEAST_ONE', {}, 'name at least one authorised brand');
  }
  check.done();

  return inTx(ctx, async (tx) => {
    const found = await tx.em.execute<
      {
        id: string;
        kind: string;
        name: string;
      }[]
    >('select * from app_find_tenant_by_code(?)', [code]);
    const counterparty = found[0];
    if (!counterparty || !isTenantKind(counterparty.kind))
      throw DomainError.because(ErrorCode.NOT_FOUND, 'UNKNOWN_CODE', { what: 'TENANT', code }, `Tenant ${code} was not found.`);
    const sides = relationshipSidesRefusal(input.kind, actor.tenantKind, counterparty.kind);
    if (sides) throw DomainError.badField('input.kind', 'WRONG_PARTY_KIND', sides.params, sides.message);

    const rel = Object.assign(new Relationship(), {
      id: uuidv7(),
      kind: input.kind,
      fromTenantId: actor.tenantId,
      toTenantId: counterparty.id,
      dealerCode,
      region,
      brands: list(input.brands),
      warrantyLabourRateMinor: rate,
      currency,
      recoveryShareBp,
      partsDiscountBp,
      partsSupplied: list(input.partsSupplied),
      validFrom: validFrom!,
      validTo: validTo ?? null,
      createdBy: actor.userId,
      createdAt: ctx.clock.now(),
      updatedAt: ctx.clock.now(),
    });
    if (!ctx.ability.can('create', asSubject('Relationship', rel))) {
      throw DomainError.because(ErrorCode.FORBIDDEN, 'OUTSIDE_YOUR_REGIONS', {}, 'Your roles do not allow opening this relationship (check your regions).');
    }
    const duplicate = await tx.em.findOne(Relationship, {
      kind: rel.kind,
      fromTenantId: rel.fromTenantId,
      toTenantId: rel.toTenantId,
      $or: [{ validTo: null }, { validTo: { $gte: rel.validFrom } }],
    });
    if (duplicate)
      throw DomainError.because(
        ErrorCode.CONFLICT,
        'DUPLICATE',
        { what: 'RELATIONSHIP', value: counterparty.name },
        `An open ${rel.kind} with ${counterparty.name} already exists.`,
      );
    tx.em.persist(rel);
    try {
      await tx.em.flush();
    } catch (e) {
      if ((e as { code?: string }).code === '23505')
        throw DomainError.because(ErrorCode.CONFLICT, 'DUPLICATE', { what: 'DEALER_CODE', value: dealerCode }, `Dealer code ${dealerCode} is already in use.`);
      throw e;
    }
    tx.record({
      action: 'relationship.created',
      entityType: 'Relationship',
      entityId: rel.id,
      after: snapshot(rel),
      alsoTo: [rel.toTenantId],
    });
    return rel;
  });
}

export async function updateRelationship(
  ctx: Ctx,
  input: {
    id: string;
    version: number;
    region?: string | null;
    brands?: string[] | null;
    warrantyLabourRateMinor?: string | null;
    recoveryShareBasisPoints?: number | null;
    partsDiscountBasisPoints?: number | null;
    partsSupplied?: string[] | null;
    validTo?: string | null;
  },
): Promise<Relationship> {
  assertId('input.id', input.id);
  const check = new InputCheck();
  const validTo = check.day('input.validTo', input.validTo);
  const rate = minorUnits(check, 'input.warrantyLabourRateMinor', input.warrantyLabourRateMinor);
  const recoveryShareBp = share(check, 'input.recoveryShareBasisPoints', input.recoveryShareBasisPoints);
  const partsDiscountBp = share(check, 'input.partsDiscountBasisPoints', input.partsDiscountBasisPoints);
  check.done();
  return inTx(ctx, async (tx) => {
    const rel = await tx.em.findOne(Relationship, { id: input.id });
    if (!rel || !ctx.ability.can('read', asSubject('Relationship', rel))) throw DomainError.notFound('Relationship');
    if (!ctx.ability.can('update', asSubject('Relationship', rel)))
      throw DomainError.because(ErrorCode.FORBIDDEN, 'ONLY_GRANTOR_CHANGES', {}, 'Only the granting side may change this relationship.');
    if (rel.version !== input.version) {
      throw DomainError.because(
        ErrorCode.CONFLICT,
        'STALE_VERSION',
        { document: 'Relationship', number: null, currentVersion: rel.version },
        'This relationship was changed meanwhile; reload and try again.',
        { currentVersion: rel.version },
      );
    }
    const before = snapshot(rel);
    if (input.region != null) rel.region = input.region.trim() || null;
    if (input.brands != null) rel.brands = list(input.brands);
    if (rate != null) rel.warrantyLabourRateMinor = rate;
    if (recoveryShareBp != null) rel.recoveryShareBp = recoveryShareBp;
    if (partsDiscountBp != null) rel.partsDiscountBp = partsDiscountBp;
    if (input.partsSupplied != null) rel.partsSupplied = list(input.partsSupplied);
    if (validTo) {
      if (validTo < rel.validFrom) throw DomainError.badField('input.validTo', 'NOT_BEFORE', { otherField: 'input.validFrom' }, 'must not be before validFrom');
      rel.validTo = validTo;
    }
    if (!ctx.ability.can('update', asSubject('Relationship', rel))) {
      throw DomainError.because(ErrorCode.FORBIDDEN, 'OUTSIDE_YOUR_REGIONS', {}, 'The change would move the relationship outside what you may manage.');
    }
    await tx.em.flush();
    tx.record({
      action: 'relationship.updated',
      entityType: 'Relationship',
      entityId: rel.id,
      before,
      after: snapshot(rel),
      alsoTo: [rel.toTenantId],
    });
    return rel;
  });
}
