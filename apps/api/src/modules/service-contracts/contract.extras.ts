/**
 * Around a contract: the link its customer opens (token + the last four digits of their phone),
 * periodic inspections (巡检) with their report due within the contract's working days, and the
 * contract's clock (reminders before the end, expiry after the last day).
 */
import { DomainError, ErrorCode, InputCheck, endOfWorkingDays, uuidv7, type ContractState } from '@asn/domain';
import { inTx, memberOf, type AppServices, type Ctx, type Tx } from '../../platform/context.js';
import { load, move } from '../../platform/documents/index.js';
import { hashToken, newToken } from '../../platform/auth/tokens.js';
import { linkStillOpen, openByLink, wrongPhoneDigits, type LinkKind, type LinkRow } from '../../platform/auth/link-gate.js';
import type { JobRegistry } from '../../platform/jobs.js';
import { notify } from '../../platform/notifications.js';
import { Customer } from '../customers/customer.entity.js';
import { CONTRACT_TIMER, ContractDocument, contractFacts, recordContract } from './contract.document.js';
import { ContractConsumption, ContractEntitlement, ContractInspection, ContractLink, ServiceContract, type InspectionItem } from './contract.entity.js';
import { workingCalendar } from './calendar.service.js';

// ---------------------------------------------------------------------------------------------
// The customer's link

export async function createContractLink(ctx: Ctx, input: { contractId: string; validDays?: number | null }): Promise<{ link: ContractLink; token: string }> {
  const days = new InputCheck().range('input.validDays', input.validDays ?? 365, 1, 800, 'DAYS') ?? 365;
  const token = newToken();
  const link = await inTx(ctx, async (tx) => {
    const c = await load(tx, ContractDocument, input.contractId, 'update');
    const now = ctx.clock.now();
    const link = Object.assign(new ContractLink(), {
      id: uuidv7(),
      tenantId: c.tenantId,
      contractId: c.id,
      tokenHash: hashToken(token),
      createdBy: memberOf(ctx).userId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + days * 86_400_000),
    });
    tx.em.persist(link);
    recordContract(tx, c, 'linkCreated', { data: { linkId: link.id, expiresAt: link.expiresAt.toISOString() } });
    await tx.em.flush();
    return link;
  });
  return { link, token };
}

function linkGone(): DomainError {
  return DomainError.because(
    ErrorCode.NOT_FOUND,
    'LINK_GONE',
    {},
    'This contract link is not valid any more (expired or withdrawn). Ask your provider for a new one.',
  );
}

/** A contract's link: its customer acts for that contract (and its requests) only. */
const CONTRACT_LINK: LinkKind<LinkRow & { contract_id: string }> = {
  lookup: 'app_contract_link',
  attemptPrefix: 'contract-link',
  actor: (row) => ({ type: 'contractHolder', tenantId: row.tenant_id, contractId: row.contract_id, linkId: row.id }),
  digits: async (tx, row) => {
    const c = await tx.em.findOneOrFail(ServiceContract, { id: row.contract_id });
    return (await tx.em.findOneOrFail(Customer, { id: c.customerId })).phoneLast4;
  },
  touch: (tx, row, now) => tx.em.nativeUpdate(ContractLink, { id: row.id }, { lastUsedAt: now }),
  gone: linkGone,
  wrongDigits: () => wrongPhoneDigits('The last four digits do not match the phone number on the contract.'),
};

/**
 * Opens a contract link like a tracking link (platform/auth/link-gate.ts): a valid token, not
 * locked, and the last four digits of the contract customer's phone. Returns a context acting as
 * that customer, for that contract only.
 */
export function openContractLink(services: AppServices, token: string, phoneLast4: string): Promise<Ctx> {
  return openByLink(services, CONTRACT_LINK, token, phoneLast4, 'Contract link');
}

/** A live page's context again while its link is valid, without the digits (platform/auth/link-gate.ts, linkStillOpen). */
export function contractLinkStillOpen(holder: Ctx): Promise<Ctx> {
  return linkStillOpen(holder, { actor: 'contractHolder', link: (tx, id) => tx.em.findOne(ContractLink, { id }), gone: linkGone });
}

// ---------------------------------------------------------------------------------------------
// Inspections (巡检)

const RESULTS = ['OK', 'ATTENTION', 'FAULT'] as const;
type ItemInput = { item: string; result: string; note?: string | null };

function checkItems(check: InputCheck, items: readonly ItemInput[] | null | undefined): InspectionItem[] {
  if ((items?.length ?? 0) > 100) check.because('input.items', 'TOO_MANY', { max: 100 }, 'at most 100 items');
  return (items ?? []).map((it, i) => ({
    item: check.required(`input.items.${i}.item`, it.item, 120),
    result: check.oneOf(`input.items.${i}.result`, it.result, RESULTS) ?? 'OK',
    note: check.optional(`input.items.${i}.note`, it.note, 500),
  }));
}

/**
 * Records a periodic inspection under an active contract: it takes one inspection from the
 * contract's entitlement (refused when none is left), and its report is due at the end of the
 * Nth working day after it (the entitlement's report days, default 3) on the provider's calendar.
 */
export async function recordInspection(
  ctx: Ctx,
  input: { contractId: string; performedAt?: Date | null; engineer: string; vin?: string | null; findings?: string | null; items?: ItemInput[] | null },
): Promise<{ inspection: ContractInspection; contract: ServiceContract }> {
  const check = new InputCheck();
  const engineer = check.required('input.engineer', input.engineer, 60);
  const findings = check.optional('input.findings', input.findings, 4000);
  const items = checkItems(check, input.items);
  const performedAt = input.performedAt ?? ctx.clock.now();
  if (performedAt > ctx.clock.now()) check.because('input.performedAt', 'MUST_NOT_BE_FUTURE', {}, 'an inspection is recorded after it took place');
  check.done();
  return inTx(ctx, async (tx) => {
    const c = await load(tx, ContractDocument, input.contractId, 'update');
    if (c.status !== 'ACTIVE')
      throw DomainError.because(
        ErrorCode.INVALID_TRANSITION,
        'CONTRACT_NOT_ACTIVE',
        { number: c.number, status: c.status },
        `Contract ${c.number} is not active.`,
      );
    const ent = (await tx.em.find(ContractEntitlement, { contractId: c.id, kind: 'INSPECTION' }, { orderBy: { position: 'asc' } }))[0];
    if (!ent) throw DomainError.badField('input.contractId', 'NOT_COVERED', { code: '' }, 'the contract includes no inspections');
    if (ent.quantity !== null && ent.used >= ent.quantity)
      throw DomainError.badField(
        'input.contractId',
        'ENTITLEMENT_USED_UP',
        { code: '', kind: 'INSPECTION', quantity: ent.quantity, used: ent.used },
        'the contract’s inspections are used up',
      );
    ent.used += 1;
    const cal = await workingCalendar(tx, c.tenantId);
    const reportDueAt = endOfWorkingDays(cal, performedAt, ent.reportDays ?? 3) ?? new Date(performedAt.getTime() + 3 * 86_400_000);
    const inspection = Object.assign(new ContractInspection(), {
      id: uuidv7(),
      tenantId: c.tenantId,
      manufacturerId: c.manufacturerId,
      contractId: c.id,
      entitlementId: ent.id,
      vin: input.vin?.trim().toUpperCase() || null,
      performedAt,
      engineer,
      reportDueAt,
      findings,
      items,
      reportedAt: findings || items.length ? ctx.clock.now() : null,
      createdAt: ctx.clock.now(),
    });
    tx.em.persist(inspection);
    // the inspection first: its consumption names it
    await tx.em.flush();
    tx.em.persist(
      Object.assign(new ContractConsumption(), {
        id: uuidv7(),
        tenantId: c.tenantId,
        manufacturerId: c.manufacturerId,
        contractId: c.id,
        entitlementId: ent.id,
        units: 1,
        inspectionId: inspection.id,
        createdAt: ctx.clock.now(),
      }),
    );
    recordContract(tx, c, 'inspectionRecorded', { detail: { engineer, reportDueAt: reportDueAt.toISOString() }, data: { inspectionId: inspection.id } });
    await tx.em.flush();
    return { inspection, contract: c };
  });
}

/** The inspection's report (findings and items); on time or late, the due instant tells. */
export async function reportInspection(
  ctx: Ctx,
  input: { inspectionId: string; findings: string; items?: ItemInput[] | null },
): Promise<{ inspection: ContractInspection; contract: ServiceContract }> {
  const check = new InputCheck();
  const inspectionId = check.id('input.inspectionId', input.inspectionId);
  const findings = check.required('input.findings', input.findings, 4000);
  const items = checkItems(check, input.items);
  check.done();
  return inTx(ctx, async (tx) => {
    const found = await tx.em.findOne(ContractInspection, { id: inspectionId! });
    if (!found) throw DomainError.notFound('Inspection');
    const c = await load(tx, ContractDocument, found.contractId, 'update');
    found.findings = findings;
    if (items.length) found.items = items;
    found.reportedAt = ctx.clock.now();
    recordContract(tx, c, 'inspectionReported', { data: { inspectionId: found.id, late: found.reportedAt > found.reportDueAt } });
    await tx.em.flush();
    return { inspection: found, contract: c };
  });
}

// ---------------------------------------------------------------------------------------------
// The contract's clock

/**
 * Reminder runs tell the provider's staff (in the app) and the customer (an SMS) that the
 * contract ends in N days; the expiry run moves a contract still running past its end to EXPIRED.
 */
export function registerContractJobs(jobs: JobRegistry): void {
  jobs.register(CONTRACT_TIMER.REMIND, async (tx: Tx, payload) => {
    const c = await tx.em.findOne(ServiceContract, { id: String(payload.contractId) });
    if (!c || !(['ACTIVE', 'SUSPENDED'] as ContractState[]).includes(c.status) || c.renewedById) return;
    const days = Number(payload.days);
    const customer = await tx.em.findOne(Customer, { id: c.customerId });
    await notify(tx, {
      about: { type: 'ServiceContract', id: c.id },
      audience: 'STAFF',
      channel: 'IN_APP',
      kind: 'contractExpiring',
      message: `${c.number} (${c.title}) ends on ${c.endsOn}, in ${days} days — renew it with the customer.`,
    });
    await notify(tx, {
      about: { type: 'ServiceContract', id: c.id },
      audience: 'CUSTOMER',
      channel: 'SMS',
      to: customer?.phone ?? null,
      kind: 'contractExpiring',
      message: `您的服务合同 ${c.number}（${c.title}）将于 ${c.endsOn} 到期，还有 ${days} 天。如需续签请联系服务商。`,
    });
    recordContract(tx, c, 'expiryReminded', { automatic: true, data: { days } });
    await tx.em.flush();
  });
  jobs.register(CONTRACT_TIMER.EXPIRE, async (tx: Tx, payload) => {
    const c = await tx.em.findOne(ServiceContract, { id: String(payload.contractId) });
    if (!c || !(['ACTIVE', 'SUSPENDED'] as ContractState[]).includes(c.status) || c.endsAt > tx.ctx.clock.now()) return;
    c.endedAt = c.endsAt;
    c.updatedAt = tx.ctx.clock.now();
    await move(tx, ContractDocument, c, 'EXPIRE', { automatic: true, data: contractFacts(c) });
  });
}
