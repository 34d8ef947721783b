import type { FilterQuery } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { accessibleWhere, asSubject } from '@asn/authz';
import { DomainError, ErrorCode, type FieldProblem, InputCheck, RelationshipKind, addDays, assertId, formatMinor, startOfLocalDay } from '@asn/domain';
import { inTx, memberOf, type Ctx } from '../../platform/context.js';
import { Relationship } from '../../platform/db/entities.js';
import { tenantTimeZone } from '../../platform/tenant-time.js';
import { emptyConnection, paginate, type Connection } from '../../platform/graphql/common.js';
import { SettlementBatch, WarrantyClaim } from './claim.entity.js';
import { create } from '../../platform/documents/index.js';
import { SettlementBatchDocument, moveClaim } from './claim.document.js';

/**
 * Credits a dealer's decided claims of a period in one batch (结算单): every approved or partially
 * approved claim decided in [from, to] (the tenant's calendar) that needs no parts back, or whose
 * parts were inspected (pre-authorisations are approvals to repair, not payments). Each claim moves to CREDITED; the batch total is the exact sum of the
 * approved amounts. Nothing to credit is an input error, not an empty batch.
 */
export async function createSettlementBatch(ctx: Ctx, input: { dealerId: string; periodFrom: string; periodTo: string }): Promise<SettlementBatch> {
  const actor = memberOf(ctx);
  if (!ctx.ability.can('create', asSubject('SettlementBatch', { tenantId: actor.tenantId })))
    throw DomainError.because(
      ErrorCode.FORBIDDEN,
      'ACTION_NOT_ALLOWED',
      { document: 'SettlementBatch', action: 'create' },
      'Only the manufacturer’s warranty reviewers and its admin credit claims.',
    );
  const check = new InputCheck();
  const dealerId = assertId('input.dealerId', input.dealerId);
  const from = check.day('input.periodFrom', input.periodFrom);
  const to = check.day('input.periodTo', input.periodTo);
  if (!input.periodFrom) check.because('input.periodFrom', 'REQUIRED', {}, 'must not be empty');
  if (!input.periodTo) check.because('input.periodTo', 'REQUIRED', {}, 'must not be empty');
  if (from && to && to < from) check.because('input.periodTo', 'NOT_BEFORE', { otherField: 'input.periodFrom' }, 'must not be before the start');
  check.done();
  return inTx(ctx, async (tx) => {
    const auth = await tx.em.findOne(Relationship, { kind: RelationshipKind.DEALER_AUTHORIZATION, fromTenantId: actor.tenantId, toTenantId: dealerId });
    if (!auth) throw DomainError.notFound('Dealer');
    const zone = await tenantTimeZone(tx); // the period is the manufacturer's calendar
    const claims = await tx.em.find(
      WarrantyClaim,
      {
        manufacturerId: actor.tenantId,
        tenantId: dealerId,
        type: { $ne: 'PRE_AUTHORIZATION' },
        decidedAt: { $gte: startOfLocalDay(from!, zone), $lt: startOfLocalDay(addDays(to!, 1), zone) },
        $or: [{ status: { $in: ['APPROVED', 'PARTIALLY_APPROVED'] }, partsReturnRequired: false }, { status: 'PARTS_INSPECTED' }],
      },
      { orderBy: { id: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE },
    );
    if (!claims.length) {
      const problems: FieldProblem[] = [
        { field: 'input.periodTo', message: 'no approved claims of this dealer wait for credit in this period', reason: 'NOTHING_TO_CREDIT', params: {} },
      ];
      throw DomainError.because(ErrorCode.BAD_USER_INPUT, 'NOTHING_TO_CREDIT', {}, `${problems[0]!.field}: ${problems[0]!.message}`, { problems });
    }
    const currencies = [...new Set(claims.map((c) => c.currency))];
    if (currencies.length > 1) {
      throw DomainError.badInput([
        {
          field: 'input.dealerId',
          message: `claims in several currencies (${currencies.join(', ')}); credit them in separate periods`,
          reason: 'SEVERAL_CURRENCIES',
          params: { currencies },
        },
      ]);
    }
    const facts = {
      dealerId,
      periodFrom: from!,
      periodTo: to!,
      currency: claims[0]!.currency,
      totalMinor: claims.reduce((s, c) => s + BigInt(c.approvedMinor ?? '0'), 0n).toString(),
      claimCount: claims.length,
    };
    const batch = await create(
      tx,
      SettlementBatchDocument,
      { tenantId: actor.tenantId, ...facts, createdBy: actor.userId, createdAt: ctx.clock.now() },
      { facts: { data: facts } },
    );
    for (const c of claims) {
      c.settlementBatchId = batch.id;
      c.creditedAt = ctx.clock.now();
      await moveClaim(tx, c, 'CREDIT', { note: batch.number, data: { batch: batch.number }, deferFlush: true });
    }
    await tx.em.flush();
    return batch;
  });
}

export async function listBatches(ctx: Ctx, page: { first?: number | null; after?: string | null }): Promise<Connection<SettlementBatch>> {
  const where = accessibleWhere(ctx.ability, 'read', 'SettlementBatch');
  if (!where) return emptyConnection();
  return inTx(ctx, (tx) => paginate(tx.em, SettlementBatch, where as FilterQuery<SettlementBatch>, { ...page, newestFirst: true }, (b) => b));
}

export async function getBatch(ctx: Ctx, id: string): Promise<SettlementBatch> {
  assertId('id', id);
  return inTx(ctx, async (tx) => {
    const b = await tx.em.findOne(SettlementBatch, { id: id.toLowerCase() });
    if (!b || !ctx.ability.can('read', asSubject('SettlementBatch', b))) throw DomainError.notFound('Settlement batch');
    return b;
  });
}

export async function claimsOfBatch(ctx: Ctx, batch: SettlementBatch): Promise<WarrantyClaim[]> {
  return inTx(ctx, (tx) =>
    tx.em.find(WarrantyClaim, { settlementBatchId: batch.id, manufacturerId: batch.tenantId, tenantId: batch.dealerId }, { orderBy: { number: 'asc' } }),
  );
}

const csvCell = (v: string) => (/[",\n\r]/.test(v) || /^[=+\-@]/.test(v) ? `"${(/^[=+\-@]/.test(v) ? `'${v}` : v).replace(/"/g, '""')}"` : v);

/** The dealer's statement as CSV (UTF-8 with BOM so spreadsheet programs read Chinese). */
export function statementCsv(batch: SettlementBatch, dealerName: string, claims: readonly WarrantyClaim[]): string {
  const rows: string[][] = [
    ['结算单 Statement', batch.number],
    ['经销商 Dealer', dealerName],
    ['期间 Period', `${batch.periodFrom} – ${batch.periodTo}`],
    [],
    ['索赔单号 Claim', 'VIN', '类型 Type', '维修日期 Repair date', '申请金额 Claimed', '批准金额 Approved', '币种 Currency'],
    ...claims.map((c) => [c.number, c.vin, c.type, c.repairDate, formatMinor(c.claimedMinor), formatMinor(c.approvedMinor ?? '0'), c.currency]),
    [],
    ['合计 Total', '', '', '', formatMinor(claims.reduce((s, c) => s + BigInt(c.claimedMinor), 0n)), formatMinor(batch.totalMinor), batch.currency],
  ];
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
