/**
 * Service requests (报障) against a contract: reported by the customer (contract link), on the
 * phone to the desk, or by staff; then replied to, the customer asked and answering, the engineer
 * and the parts on site, resolved, confirmed (closed) or reopened. Every step is a move of the
 * request's machine (or a recorded change) with its clocks changed in the same transaction.
 */
import {
  DomainError,
  ErrorCode,
  InputCheck,
  SERVICE_REQUEST_OPEN,
  assertContractServes,
  assertSeverity,
  meetClock,
  normalizeVin,
  pauseClock,
  reopenClock,
  resumeClock,
  retarget,
  targetMs,
  type ServiceRequestChannel,
  type ServiceRequestEvent,
  type ServiceRequestState,
  type SlaClock,
  type SlaMetric,
} from '@asn/domain';
import { asSubject, type Action } from '@asn/authz';
import { actorUserId, inTx, type Ctx, type Tx } from '../../platform/context.js';
import { checkVersion, draft, expectEvent, insert, load } from '../../platform/documents/index.js';
import { notify } from '../../platform/notifications.js';
import { tenantDay } from '../../platform/tenant-time.js';
import { Customer, Vehicle } from '../customers/customer.entity.js';
import { assertMayOpenOrders, openOrder } from '../repair-orders/repair-order.opening.js';
import { ContractDocument, ServiceRequestDocument, moveRequest, recordRequest } from './contract.document.js';
import { ContractVehicle, ServiceContract } from './contract.entity.js';
import { ServiceRequest } from './service-request.entity.js';
import { changeClocks, requestCalendar, startClocks } from './sla.clocks.js';

export interface ReportInput {
  contractId: string;
  severity: number;
  description: string;
  vin?: string | null;
  location?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
  channel: ServiceRequestChannel;
}

/** Records a fault report in the caller's transaction: numbered, its clocks started on the contract's targets. */
export async function reportInTx(tx: Tx, contract: ServiceContract, input: ReportInput): Promise<ServiceRequest> {
  const check = new InputCheck();
  const severity = (() => {
    try {
      return assertSeverity('input.severity', input.severity);
    } catch (e) {
      check.addError('input.severity', e);
      return 3;
    }
  })();
  const description = check.required('input.description', input.description, 2000);
  const location = check.optional('input.location', input.location, 200);
  const contactName = check.optional('input.contactName', input.contactName, 60);
  const contactPhone = check.optional('input.contactPhone', input.contactPhone, 30);
  const vin = input.vin?.trim() ? normalizeVin(input.vin) : null;
  const covered = await tx.em.find(ContractVehicle, { contractId: contract.id });
  if (vin && !covered.some((v) => v.vin === vin))
    check.because('input.vin', 'NOT_ONE_OF', { value: vin, allowed: covered.map((v) => v.vin) }, 'not a vehicle of this contract');
  check.done();
  const now = tx.ctx.clock.now();
  assertContractServes(contract, await tenantDay(tx, now));
  const r = await draft(tx, ServiceRequestDocument, {
    tenantId: contract.tenantId,
    manufacturerId: contract.manufacturerId,
    region: contract.region,
    contractId: contract.id,
    customerId: contract.customerId,
    severity,
    channel: input.channel,
    vin: vin ?? (covered.length === 1 ? covered[0]!.vin : null),
    description,
    location,
    contactName,
    contactPhone,
    reportedAt: now,
    createdBy: actorUserId(tx.ctx.actor),
    createdAt: now,
    updatedAt: now,
  });
  await insert(tx, ServiceRequestDocument, r, { facts: { detail: { severity, channel: input.channel }, note: description } });
  await startClocks(tx, r, contract, await requestCalendar(tx, contract));
  await notify(tx, {
    about: { type: 'ServiceRequest', id: r.id },
    audience: 'STAFF',
    channel: 'IN_APP',
    kind: 'serviceRequestReported',
    message: `${r.number}: a severity-${severity} fault was reported under contract ${contract.number} — reply within the contract's target.`,
  });
  return r;
}

/** The desk records a fault reported on the phone (or found by staff). */
export async function reportServiceRequest(ctx: Ctx, input: ReportInput): Promise<ServiceRequest> {
  if (input.channel === 'LINK')
    throw DomainError.badField('input.channel', 'NOT_ONE_OF', { value: 'LINK', allowed: ['PHONE', 'STAFF'] }, 'staff record PHONE or STAFF reports');
  return inTx(ctx, async (tx) => {
    if (!ctx.ability.can('create', 'ServiceRequest'))
      throw DomainError.because(
        ErrorCode.FORBIDDEN,
        'ACTION_NOT_ALLOWED',
        { document: 'ServiceRequest', action: 'create' },
        'Only the service desk records fault reports.',
      );
    const contract = await load(tx, ContractDocument, input.contractId, 'read');
    return reportInTx(tx, contract, input);
  });
}

type Step = { id: string; version: number };
type What = { event?: ServiceRequestEvent; action?: string; note?: string | null; detail?: Record<string, unknown> };
type Cal = Parameters<typeof meetClock>[1];
/** How a step changes one clock (return it unchanged to leave it). */
type ClockChange = (c: SlaClock, metric: SlaMetric, cal: Cal, now: Date, contract: ServiceContract) => SlaClock;

/**
 * FORBIDDEN (ACTION_NOT_ALLOWED) unless the actor may do `action` on the request it loaded — the
 * answer load() gives when asked for the action, for a step whose action depends on the loaded state.
 */
function mayDo(ctx: Ctx, r: ServiceRequest, action: Action): void {
  if (ctx.ability.can(action, asSubject(ServiceRequestDocument.type, r))) return;
  throw DomainError.because(
    ErrorCode.FORBIDDEN,
    'ACTION_NOT_ALLOWED',
    { document: ServiceRequestDocument.type, action },
    ServiceRequestDocument.forbidden?.(action) ?? `Your roles do not allow you to ${action} this ${ServiceRequestDocument.machine.name.toLowerCase()}.`,
  );
}

/**
 * One step of a request: loads it once (NOT_FOUND unless readable), picks the event from its
 * state, checks the event's action (FORBIDDEN) and the version (CONFLICT), moves it (or records
 * `action` when there is no event), and changes its clocks as `clocks` says — all in one transaction.
 */
async function step(
  ctx: Ctx,
  input: Step,
  how: What | ((status: ServiceRequestState) => What),
  apply: (r: ServiceRequest, now: Date, tx: Tx) => void | Promise<void>,
  clocks: ClockChange,
): Promise<ServiceRequest> {
  return inTx(ctx, async (tx) => {
    const r = await load(tx, ServiceRequestDocument, input.id, 'read');
    const what = typeof how === 'function' ? how(r.status) : how;
    mayDo(ctx, r, what.event ? ServiceRequestDocument.eventActions[what.event] : 'answer');
    checkVersion(ServiceRequestDocument, r, input.version);
    if (what.event) expectEvent(ServiceRequestDocument, r, what.event);
    else if (!SERVICE_REQUEST_OPEN.includes(r.status))
      throw DomainError.because(
        ErrorCode.INVALID_TRANSITION,
        'DOCUMENT_CLOSED',
        { document: 'ServiceRequest', number: r.number, status: r.status },
        `${r.number} is ${r.status}.`,
      );
    const contract = await tx.em.findOneOrFail(ServiceContract, { id: r.contractId });
    const cal = await requestCalendar(tx, contract);
    const now = ctx.clock.now();
    const before = { severity: r.severity };
    await apply(r, now, tx);
    const severityDetail = r.severity !== before.severity ? { from: before.severity, to: r.severity } : {};
    const changed = await changeClocks(tx, r, cal, (c, m) => clocks(c, m, cal, now, contract));
    const facts = {
      note: what.note ?? null,
      detail: { ...(what.detail ?? {}), ...severityDetail, clocks: changed },
      data: { clocks: changed, ...severityDetail },
    };
    if (what.event) await moveRequest(tx, r, what.event, facts);
    else {
      recordRequest(tx, r, what.action!, facts);
      await tx.em.flush();
    }
    return r;
  });
}

const text = (field: string, v: string | null | undefined, required = true) => {
  const check = new InputCheck();
  const out = required ? check.required(field, v, 2000) : check.optional(field, v, 2000);
  check.done();
  return out;
};
const meetOnly =
  (...metrics: SlaMetric[]): ClockChange =>
  (c, m, cal, now) =>
    metrics.includes(m) ? meetClock(c, cal, now) : c;

/**
 * A message to the customer: the first one is the reply (REPLY stops the first-reply clock); later
 * ones, while the request is worked on, join its trail (`message`) and change no clock.
 */
export function replyServiceRequest(ctx: Ctx, input: Step & { message: string }): Promise<ServiceRequest> {
  const message = text('input.message', input.message);
  return step(
    ctx,
    input,
    (status) => (status === 'OPEN' ? { event: 'REPLY', note: message } : { action: 'message', note: message }),
    (r, now) => void (r.firstRepliedAt ??= now),
    meetOnly('FIRST_REPLY'),
  );
}

/**
 * The provider asks the customer something it needs (a photo, access to the site): a reply too
 * (the first-reply clock stops if it still ran), and the other clocks pause until the customer
 * answers. Only this logged request pauses a clock.
 */
export function askCustomer(ctx: Ctx, input: Step & { question: string }): Promise<ServiceRequest> {
  const question = text('input.question', input.question);
  return step(
    ctx,
    input,
    { event: 'ASK_CUSTOMER', note: question },
    (r, now) => {
      r.firstRepliedAt ??= now;
      r.question = question;
    },
    (c, m, cal, now) => (m === 'FIRST_REPLY' ? meetClock(c, cal, now) : pauseClock(c, cal, now)),
  );
}

/** The customer's answer (on their page, or told to the desk on the phone): the paused clocks resume. */
export function customerAnswered(ctx: Ctx, input: Step & { answer: string }): Promise<ServiceRequest> {
  const answer = text('input.answer', input.answer);
  return step(
    ctx,
    input,
    { event: 'CUSTOMER_ANSWERED', note: answer },
    (r) => void (r.question = null),
    (c, _m, cal, now) => resumeClock(c, cal, now),
  );
}

/** The engineer is on site: the on-site clock stops. */
export function markOnSite(ctx: Ctx, input: Step & { note?: string | null }): Promise<ServiceRequest> {
  const note = text('input.note', input.note, false);
  return step(ctx, input, { action: 'onSite', note }, (r, now) => alreadyOr(r, 'onSiteAt', now), meetOnly('ON_SITE'));
}

/** A spare unit or the parts are on site: the parts clock stops. */
export function markPartsOnSite(ctx: Ctx, input: Step & { note?: string | null }): Promise<ServiceRequest> {
  const note = text('input.note', input.note, false);
  return step(ctx, input, { action: 'partsOnSite', note }, (r, now) => alreadyOr(r, 'partsAt', now), meetOnly('PARTS'));
}

function alreadyOr(r: ServiceRequest, field: 'onSiteAt' | 'partsAt', now: Date): void {
  if (r[field])
    throw DomainError.because(
      ErrorCode.CONFLICT,
      'DOCUMENT_CLOSED',
      { document: 'ServiceRequest', number: r.number, status: r.status },
      `${r.number}: recorded already.`,
    );
  r[field] = now;
}

/** Resolved: every clock still counting stops (a fault fixed on the phone needs nobody on site). */
export function resolveServiceRequest(ctx: Ctx, input: Step & { resolution: string }): Promise<ServiceRequest> {
  const resolution = text('input.resolution', input.resolution);
  return step(
    ctx,
    input,
    { event: 'RESOLVE', note: resolution },
    (r, now) => {
      r.resolution = resolution;
      r.resolvedAt = now;
    },
    (c, _m, cal, now) => meetClock(c, cal, now),
  );
}

/** The customer is not satisfied (or the desk records so): the resolution clock counts again from what it had counted. */
export function reopenServiceRequest(ctx: Ctx, input: Step & { note?: string | null }): Promise<ServiceRequest> {
  const note = text('input.note', input.note, false);
  return step(
    ctx,
    input,
    { event: 'REOPEN', note },
    (r) => void (r.resolvedAt = null),
    (c, m, _cal, now) => (m === 'RESOLUTION' ? reopenClock(c, now) : c),
  );
}

export function closeServiceRequest(ctx: Ctx, input: Step & { note?: string | null }): Promise<ServiceRequest> {
  const note = text('input.note', input.note, false);
  return step(
    ctx,
    input,
    { event: 'CLOSE', note },
    (r, now) => void (r.closedAt = now),
    (c) => c,
  );
}

export function cancelServiceRequest(ctx: Ctx, input: Step & { note?: string | null }): Promise<ServiceRequest> {
  const note = text('input.note', input.note);
  return step(
    ctx,
    input,
    { event: 'CANCEL', note },
    (r, now) => void (r.closedAt = now),
    (c, _m, cal, now) => meetClock(c, cal, now),
  );
}

/**
 * A new severity: each clock takes the contract's target for it and keeps what it counted (a
 * clock already past its new target is breached at once by its job).
 */
export function changeSeverity(ctx: Ctx, input: Step & { severity: number; reason: string }): Promise<ServiceRequest> {
  const check = new InputCheck();
  const reason = check.required('input.reason', input.reason, 500);
  check.done();
  const severity = assertSeverity('input.severity', input.severity);
  return step(
    ctx,
    input,
    { action: 'severityChanged', note: reason },
    (r) => {
      if (r.severity === severity)
        throw DomainError.badField(
          'input.severity',
          'NOT_ONE_OF',
          { value: String(severity), allowed: ['1', '2', '3'].filter((x) => x !== String(severity)) },
          'that is its severity already',
        );
      r.severity = severity;
    },
    (c, m, cal, now, contract) => retarget(c, targetMs(contract.sla, severity, m), cal, now),
  );
}

/**
 * The request becomes a repair order (on site when the report names a place): the customer's
 * vehicle of the request's VIN, the fault as the order's complaint. The repair's CONTRACT lines
 * then draw on the contract's entitlements (a visit, the covered operations).
 */
export async function toRepairOrder(ctx: Ctx, input: Step): Promise<ServiceRequest> {
  assertMayOpenOrders(ctx);
  // one transaction: the order is opened and the request names it, or neither (a retry, a stale
  // version or a crash in between leaves no order without its request)
  return inTx(ctx, async (tx) => {
    const r = await load(tx, ServiceRequestDocument, input.id, 'answer', input.version);
    if (!SERVICE_REQUEST_OPEN.includes(r.status) || r.repairOrderId)
      throw DomainError.because(
        ErrorCode.INVALID_TRANSITION,
        'DOCUMENT_CLOSED',
        { document: 'ServiceRequest', number: r.number, status: r.status },
        `${r.number} cannot become a repair order now.`,
      );
    const [vehicle, customer] = await Promise.all([
      r.vin ? tx.em.findOne(Vehicle, { customerId: r.customerId, vin: r.vin }) : null,
      tx.em.findOne(Customer, { id: r.customerId }),
    ]);
    if (!vehicle || !customer)
      throw DomainError.badField(
        'input.id',
        'NO_ACTIVE_CONTRACT',
        { vin: r.vin ?? '' },
        'the request names no vehicle of the customer’s file (add the vehicle to the customer first)',
      );
    const order = await openOrder(tx, {
      customer,
      vehicle,
      complaint: `${r.number}: ${r.description}`.slice(0, 2000),
      slot: null,
      onSite: !!r.location?.trim(),
      siteAddress: r.location?.trim() || null,
    });
    r.repairOrderId = order.id;
    recordRequest(tx, r, 'repairOrderOpened', { detail: { number: order.number }, data: { repairOrderId: order.id } });
    await tx.em.flush();
    return r;
  });
}
