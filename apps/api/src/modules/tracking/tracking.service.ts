import { asSubject } from '@asn/authz';
import { DomainError, ErrorCode, assertId, maskPhone, timeZoneOr, uuidv7, type RepairOrderState } from '@asn/domain';
import { inTx, type AppServices, type Ctx } from '../../platform/context.js';
import { loader } from '../../platform/loaders.js';
import { leanRows } from '../../platform/db/lean.js';
import { AuditEntry } from '../../platform/db/entities.js';
import { hashToken, newToken } from '../../platform/auth/tokens.js';
import { linkStillOpen, openByLink, wrongPhoneDigits, type LinkKind, type LinkRow as GateRow } from '../../platform/auth/link-gate.js';
import { Customer, Vehicle } from '../customers/customer.entity.js';
import { RepairOrder, RepairOrderLine } from '../repair-orders/repair-order.entity.js';
import { decideAdditionalWork, decideEstimate, totalsOf, type LineDecision } from '../repair-orders/repair-order.service.js';
import { RepairOrderRating, TrackingLink } from './tracking.entity.js';
import { Visit } from '../visits/visit.entity.js';
import type { Attachment } from '../attachments/attachment.entity.js';
import { customerPhotos } from '../attachments/attachment.service.js';
import { repairPartsExpected } from '../parts/repair-parts.view.js';

const CHASE_EVERY_MINUTES = 30;
const DEFAULT_VALID_DAYS = 30;

// ---------------------------------------------------------------------------------------------
// Staff side

export async function createTrackingLink(
  ctx: Ctx,
  input: { repairOrderId: string; validDays?: number | null },
): Promise<{ link: TrackingLink; token: string }> {
  assertId('input.repairOrderId', input.repairOrderId);
  const days = input.validDays ?? DEFAULT_VALID_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > 180)
    throw DomainError.badField('input.validDays', 'OUT_OF_RANGE', { min: 1, max: 180, unit: 'DAYS' }, 'must be 1–180 days');
  const token = newToken();
  const link = await inTx(ctx, async (tx) => {
    const order = await tx.em.findOne(RepairOrder, { id: input.repairOrderId });
    if (!order || !ctx.ability.can('read', asSubject('RepairOrder', order))) throw DomainError.notFound('Repair order');
    if (!ctx.ability.can('update', asSubject('RepairOrder', order)))
      throw DomainError.because(
        ErrorCode.FORBIDDEN,
        'ACTION_NOT_ALLOWED',
        { document: 'RepairOrder', action: 'update' },
        'Only the service desk shares tracking links.',
      );
    const now = ctx.clock.now();
    const link = Object.assign(new TrackingLink(), {
      id: uuidv7(),
      tenantId: order.tenantId,
      repairOrderId: order.id,
      tokenHash: hashToken(token),
      createdBy: ctx.actor.type === 'member' ? ctx.actor.userId : null,
      createdAt: now,
      expiresAt: new Date(now.getTime() + days * 86_400_000),
    });
    tx.em.persist(link);
    await tx.em.flush();
    tx.record({
      action: 'repairOrder.trackingLinkCreated',
      entityType: 'RepairOrder',
      entityId: order.id,
      after: { linkId: link.id, expiresAt: link.expiresAt.toISOString() },
      data: { number: order.number },
    });
    return link;
  });
  return { link, token };
}

export async function revokeTrackingLink(ctx: Ctx, input: { id: string }): Promise<TrackingLink> {
  assertId('input.id', input.id);
  return inTx(ctx, async (tx) => {
    const link = await tx.em.findOne(TrackingLink, { id: input.id });
    const order = link && (await tx.em.findOne(RepairOrder, { id: link.repairOrderId }));
    if (!link || !order || !ctx.ability.can('read', asSubject('RepairOrder', order))) throw DomainError.notFound('Tracking link');
    if (!ctx.ability.can('update', asSubject('RepairOrder', order))) throw DomainError.forbidden();
    if (!link.revokedAt) link.revokedAt = ctx.clock.now();
    await tx.em.flush();
    tx.record({
      action: 'repairOrder.trackingLinkRevoked',
      entityType: 'RepairOrder',
      entityId: order.id,
      after: { linkId: link.id },
      data: { number: order.number },
    });
    return link;
  });
}

export async function linksOfOrder(ctx: Ctx, repairOrderId: string): Promise<TrackingLink[]> {
  return inTx(ctx, (tx) => tx.em.find(TrackingLink, { repairOrderId }, { orderBy: { id: 'desc' } }));
}

// ---------------------------------------------------------------------------------------------
// Customer side

interface LinkRow extends GateRow {
  repair_order_id: string;
}

function linkGone(): DomainError {
  return DomainError.because(
    ErrorCode.NOT_FOUND,
    'LINK_GONE',
    {},
    'This tracking link is not valid any more (expired or withdrawn). Ask the service desk for a new one.',
  );
}

let digitComparisons = 0;

/** How many phone-digit answers this process has compared (a metric; tests count them). */
export function phoneDigitComparisons(): number {
  return digitComparisons;
}

/** A repair's tracking link: its customer acts for that order only. */
const TRACKING_LINK: LinkKind<LinkRow> = {
  lookup: 'app_tracking_link',
  attemptPrefix: 'link',
  actor: (row) => ({ type: 'customer', tenantId: row.tenant_id, repairOrderId: row.repair_order_id, linkId: row.id }),
  digits: async (tx, row) => {
    const order = await tx.em.findOneOrFail(RepairOrder, { id: row.repair_order_id });
    return (await tx.em.findOneOrFail(Customer, { id: order.customerId })).phoneLast4;
  },
  touch: (tx, row, now) => tx.em.nativeUpdate(TrackingLink, { id: row.id }, { lastUsedAt: now }),
  gone: linkGone,
  wrongDigits: () => wrongPhoneDigits('The last four digits do not match the phone number on the repair order.'),
  compared: () => void (digitComparisons += 1),
};

/**
 * Opens a tracking link (platform/auth/link-gate.ts): a valid token, the link not locked, and the
 * last four digits of the customer's phone. Returns a context acting as that customer, for that
 * order only.
 */
export function openLink(services: AppServices, token: string, phoneLast4: string): Promise<Ctx> {
  return openByLink(services, TRACKING_LINK, token, phoneLast4, 'Tracking link');
}

/**
 * For a page opened already (a live subscription): the customer's context again while the link is
 * still valid, without the digits (platform/auth/link-gate.ts, linkStillOpen).
 */
export function stillOpen(customer: Ctx): Promise<Ctx> {
  return linkStillOpen(customer, { actor: 'customer', link: (tx, id) => tx.em.findOne(TrackingLink, { id }), gone: linkGone });
}

function repairOrderIdOf(ctx: Ctx): string {
  if (ctx.actor.type !== 'customer') throw DomainError.forbidden();
  return ctx.actor.repairOrderId;
}

/** Masks a name for a page opened by a link: 赵磊 → 赵*, Zhang Wei → Z*** W**. */
export function maskName(name: string): string {
  if (/^[\u4e00-\u9fff]+$/.test(name)) return name.slice(0, 1) + '*'.repeat(Math.max(1, name.length - 1));
  return name
    .split(/\s+/)
    .map((w) => w.slice(0, 1) + '*'.repeat(Math.max(0, w.length - 1)))
    .join(' ');
}

export interface TrackingView {
  order: RepairOrder;
  vehicle: Vehicle;
  customerName: string;
  phoneMasked: string;
  lines: RepairOrderLine[];
  steps: { status: RepairOrderState; at: Date }[];
  /** The order's state as the customer says it (customerStatus). */
  customerStatus: RepairOrderState;
  canDecideEstimate: boolean;
  additionalReason: string | null;
  rating: RepairOrderRating | null;
  chaseAvailable: boolean;
  tenantName: string;
  tenantCode: string;
  /** The workshop's time zone: the page shows times on its wall clock. */
  tenantTimeZone: string;
  visits: Visit[];
  /** Photos staff chose to show the customer, of this order's lines (no bytes loaded). */
  photos: Attachment[];
  /** While the repair waits for parts: the day they are expected (null: unknown), and the parts orders it waits for. */
  partsExpectedOn: string | null;
  awaitedPartsOrders: string[];
}

/**
 * The state as the customer says it: once a technician has the order (dispatched) the work has
 * started for them, even before the technician pressed start.
 */
function customerStatus(order: RepairOrder): RepairOrderState {
  return order.status === 'APPROVED' && order.technicianId ? 'IN_PROGRESS' : order.status;
}

/**
 * The steps of the repair as the customer lives them, from the order's audit trail: dispatching
 * counts as the work starting (the start that follows is the same step), and a repeated state (a revised
 * estimate) is one step.
 * (A walk-in order's first step is named as such by the page: TrackingView.walkIn.)
 */
function customerSteps(audit: AuditEntry[]): { status: RepairOrderState; at: Date }[] {
  const steps: { status: RepairOrderState; at: Date }[] = [];
  for (const a of audit) {
    let status = (a.after as { status?: RepairOrderState } | null)?.status;
    if (a.action === 'repairOrder.dispatched') status = 'IN_PROGRESS';
    if (status && steps[steps.length - 1]?.status !== status) steps.push({ status, at: a.occurredAt });
  }
  return steps;
}

/** What the customer's page shows: no staff names, no internal notes, the phone masked. */
export async function trackingView(ctx: Ctx): Promise<TrackingView> {
  const id = repairOrderIdOf(ctx);
  return inTx(ctx, async (tx) => {
    const order = await tx.em.findOneOrFail(RepairOrder, { id });
    const [vehicle, customer, lines, audit, rating, links, tenant, visits, photos] = await Promise.all([
      tx.em.findOneOrFail(Vehicle, { id: order.vehicleId }),
      tx.em.findOneOrFail(Customer, { id: order.customerId }),
      tx.em.find(RepairOrderLine, { repairOrderId: id }, { orderBy: { id: 'asc' } }),
      tx.em.find(AuditEntry, { entityType: 'RepairOrder', entityId: id }, { orderBy: { id: 'asc' } }),
      tx.em.findOne(RepairOrderRating, { repairOrderId: id }),
      tx.em.find(TrackingLink, { repairOrderId: id }),
      tx.em.execute(`select name, code, timezone from tenants where id = ?`, [order.tenantId]),
      tx.em.find(Visit, { repairOrderId: id }, { orderBy: { id: 'asc' } }),
      customerPhotos(tx, id),
    ]);
    // waiting for parts: the day only, never the seller's name or its order
    const parts = order.status === 'AWAITING_PARTS' ? await repairPartsExpected(tx, id) : { expectedOn: null, partsOrderIds: [] };
    const steps = customerSteps(audit);
    const proposal = [...audit].reverse().find((a) => a.action === 'repairOrder.PROPOSE_ADDITIONAL_WORK');
    const lastChase = links.map((l) => l.lastChasedAt?.getTime() ?? 0).reduce((a, b) => Math.max(a, b), 0);
    return {
      order,
      vehicle,
      customerName: maskName(customer.name),
      phoneMasked: maskPhone(customer.phone),
      lines,
      steps,
      additionalReason: (proposal?.after as { reason?: string } | null)?.reason ?? null,
      rating,
      customerStatus: customerStatus(order),
      canDecideEstimate: order.status === 'ESTIMATED' && lines.some((l) => l.status === 'PROPOSED' && !l.additional),
      chaseAvailable: !['DELIVERED', 'CANCELLED'].includes(order.status) && ctx.clock.now().getTime() - lastChase >= CHASE_EVERY_MINUTES * 60_000,
      tenantName: (tenant[0] as { name: string }).name,
      tenantCode: (tenant[0] as { code: string }).code,
      tenantTimeZone: timeZoneOr((tenant[0] as { timezone: string }).timezone),
      visits,
      photos,
      partsExpectedOn: parts.expectedOn,
      awaitedPartsOrders: parts.partsOrderIds,
    };
  });
}

/** The parts orders a repair waits for (the customer's live page follows their changes: a backorder's new day). */
export async function awaitedPartsOrders(ctx: Ctx): Promise<string[]> {
  const id = repairOrderIdOf(ctx);
  return inTx(ctx, async (tx) => {
    const order = await tx.em.findOneOrFail(RepairOrder, { id });
    return order.status === 'AWAITING_PARTS' ? (await repairPartsExpected(tx, id)).partsOrderIds : [];
  });
}

/** The customer answers through their link: the order's current version (they saw the page's state; the lines must still be pending). */
async function currentVersion(ctx: Ctx, id: string): Promise<number> {
  return inTx(ctx, async (tx) => (await tx.em.findOneOrFail(RepairOrder, { id })).version);
}

const BY_LINK = { channel: 'TRACKING_LINK', name: null } as const;

/** The customer's answer to proposed additional work. */
export async function customerDecides(ctx: Ctx, decisions: LineDecision[]): Promise<void> {
  const id = repairOrderIdOf(ctx);
  await decideAdditionalWork(ctx, { id, version: await currentVersion(ctx, id), decisions }, BY_LINK);
}

/** The customer's answer to the estimate, whole or per line. */
export async function customerDecidesEstimate(ctx: Ctx, decisions: LineDecision[]): Promise<void> {
  const id = repairOrderIdOf(ctx);
  await decideEstimate(ctx, { id, version: await currentVersion(ctx, id), decisions }, BY_LINK);
}

/** 催单: tells the service desk the customer is waiting; once per half hour. */
export async function chase(ctx: Ctx, token: string): Promise<void> {
  const id = repairOrderIdOf(ctx);
  await inTx(ctx, async (tx) => {
    const order = await tx.em.findOneOrFail(RepairOrder, { id });
    if (['DELIVERED', 'CANCELLED'].includes(order.status))
      throw DomainError.because(ErrorCode.INVALID_TRANSITION, 'REPAIR_FINISHED', {}, 'This repair is finished.');
    const link = await tx.em.findOneOrFail(TrackingLink, { tokenHash: hashToken(token) });
    const now = ctx.clock.now();
    const links = await tx.em.find(TrackingLink, { repairOrderId: id });
    const last = Math.max(0, ...links.map((l) => l.lastChasedAt?.getTime() ?? 0));
    if (now.getTime() - last < CHASE_EVERY_MINUTES * 60_000) {
      throw DomainError.because(ErrorCode.RATE_LIMITED, 'ALREADY_CHASED', {}, 'The service desk has your reminder already; they will answer soon.');
    }
    link.lastChasedAt = now;
    // the desk sees the reminder until it has answered it; not a change of the order (no new version under the staff's feet)
    await tx.em.execute(`update repair_orders set chased_at = ? where id = ?`, [now, id]);
    tx.record({ action: 'repairOrder.chased', entityType: 'RepairOrder', entityId: id, after: { status: order.status }, data: { number: order.number } });
  });
}

export async function rate(ctx: Ctx, input: { stars: number; comment?: string | null }): Promise<void> {
  const id = repairOrderIdOf(ctx);
  if (!Number.isInteger(input.stars) || input.stars < 1 || input.stars > 5)
    throw DomainError.badField('input.stars', 'OUT_OF_RANGE', { min: 1, max: 5, unit: 'STARS' }, 'give 1 to 5 stars');
  const comment = input.comment?.trim().slice(0, 1000) || null;
  await inTx(ctx, async (tx) => {
    const order = await tx.em.findOneOrFail(RepairOrder, { id });
    if (order.status !== 'DELIVERED')
      throw DomainError.because(ErrorCode.INVALID_TRANSITION, 'NOT_DELIVERED_YET', {}, 'You can rate the repair once the vehicle is delivered.');
    if (await tx.em.findOne(RepairOrderRating, { repairOrderId: id }))
      throw DomainError.because(ErrorCode.CONFLICT, 'DUPLICATE', { what: 'RATING', value: null }, 'This repair has been rated already. Thank you!');
    tx.em.persist(
      Object.assign(new RepairOrderRating(), {
        id: uuidv7(),
        tenantId: order.tenantId,
        repairOrderId: id,
        stars: input.stars,
        comment,
        createdAt: ctx.clock.now(),
      }),
    );
    await tx.em.flush();
    tx.record({ action: 'repairOrder.rated', entityType: 'RepairOrder', entityId: id, after: { stars: input.stars, comment }, data: { number: order.number } });
  });
}

export { totalsOf };

/** Ratings of orders, batched (the order page). */
export function ratingsByOrder(ctx: Ctx) {
  return loader<string, RepairOrderRating | null>(ctx, 'ratingsByOrder', async (ids) =>
    leanRows(ctx, RepairOrderRating, 'repairOrderId', ids).then((rows) => ids.map((id) => rows.find((r) => r.repairOrderId === id) ?? null)),
  );
}

export interface CustomerRatingRow {
  repair_order_id: string;
  number: string;
  customer_id: string;
  stars: number;
  comment: string | null;
  created_at: Date;
}

/** The ratings a customer gave, newest first, batched per customer (the customer file). */
export function ratingsByCustomer(ctx: Ctx) {
  return loader<string, CustomerRatingRow[]>(ctx, 'ratingsByCustomer', async (ids) =>
    inTx(ctx, async (tx) => {
      const rows = await tx.em.execute<CustomerRatingRow[]>(
        `select r.repair_order_id, o.number, o.customer_id, r.stars, r.comment, r.created_at
           from repair_order_ratings r join repair_orders o on o.tenant_id = r.tenant_id and o.id = r.repair_order_id
          where o.customer_id in (${ids.map(() => '?').join(', ')}) order by r.created_at desc`,
        [...ids],
      );
      return ids.map((id) => rows.filter((r) => r.customer_id === id));
    }),
  );
}
