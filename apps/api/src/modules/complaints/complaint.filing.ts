/**
 * Receiving a complaint (staff at the desk or on the phone, a follow-up call, the customer on the
 * tracking page), the provider's complaint clock settings, and routing to the manufacturer.
 */
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_CHANNELS,
  COMPLAINT_SETTING_LIMITS,
  COMPLAINT_SEVERITIES,
  DEFAULT_COMPLAINT_SETTINGS,
  DomainError,
  InputCheck,
  RelationshipKind,
  escalationPlan,
  goesToManufacturer,
  normalizePhone,
  type ComplaintCategory,
  type ComplaintChannel,
  type ComplaintSettings,
  type ComplaintSeverity,
} from '@asn/domain';
import { actorUserId, inTx, memberOf, type Ctx, type Tx } from '../../platform/context.js';
import { Relationship } from '../../platform/db/entities.js';
import { draft, insert } from '../../platform/documents/index.js';
import { notify } from '../../platform/notifications.js';
import { tenantDay } from '../../platform/tenant-time.js';
import { Customer, Vehicle } from '../customers/customer.entity.js';
import { RepairOrder } from '../repair-orders/repair-order.entity.js';
import { WarrantyClaim } from '../warranty-claims/claim.entity.js';
import { PartsOrder } from '../parts/parts.entity.js';
import { ComplaintDocument, complaintFacts } from './complaint.document.js';
import { Complaint } from './complaint.entity.js';

const HOUR = 3_600_000;

/** The provider's complaint clock (hours since received), or the defaults. */
export async function complaintSettings(on: Tx): Promise<ComplaintSettings> {
  const [row] = await on.em.execute<{ ack_hours: number; escalate_hours: number; escalate2_hours: number }[]>(
    `select ack_hours, escalate_hours, escalate2_hours from complaint_settings where tenant_id = ?`,
    [on.tenantId],
  );
  return row ? { ackHours: row.ack_hours, escalateHours: row.escalate_hours, escalate2Hours: row.escalate2_hours } : DEFAULT_COMPLAINT_SETTINGS;
}

export function readComplaintSettings(ctx: Ctx): Promise<ComplaintSettings> {
  return inTx(ctx, (tx) => complaintSettings(tx));
}

/** The service admin sets the complaint clock; complaints already received keep the clock they started with. */
export async function setComplaintSettings(ctx: Ctx, input: ComplaintSettings): Promise<ComplaintSettings> {
  const check = new InputCheck();
  const { min, max } = COMPLAINT_SETTING_LIMITS;
  check.range('input.ackHours', input.ackHours, min, max, 'HOURS');
  check.range('input.escalateHours', input.escalateHours, min, max, 'HOURS');
  check.range('input.escalate2Hours', input.escalate2Hours, min, max, 'HOURS');
  check.done();
  if (input.escalate2Hours <= input.escalateHours)
    throw DomainError.badField('input.escalate2Hours', 'SECOND_STEP_NOT_LATER', { first: input.escalateHours }, 'the second step must come after the first');
  const actor = memberOf(ctx);
  return inTx(ctx, async (tx) => {
    const before = await complaintSettings(tx);
    await tx.em.execute(
      `insert into complaint_settings (tenant_id, ack_hours, escalate_hours, escalate2_hours, updated_by, updated_at) values (?, ?, ?, ?, ?, ?)
       on conflict (tenant_id) do update set ack_hours = excluded.ack_hours, escalate_hours = excluded.escalate_hours,
         escalate2_hours = excluded.escalate2_hours, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      [actor.tenantId, input.ackHours, input.escalateHours, input.escalate2Hours, actor.userId, ctx.clock.now()],
    );
    const after = { ackHours: input.ackHours, escalateHours: input.escalateHours, escalate2Hours: input.escalate2Hours };
    tx.record({ action: 'complaint.settingsChanged', entityType: 'Tenant', entityId: actor.tenantId, before: { ...before }, after });
    return after;
  });
}

/** Starts (or restarts, on reopening) the complaint's escalation clock from `from`. */
export function startClock(c: Complaint, s: ComplaintSettings, from: Date): void {
  const [first, second] = escalationPlan({ clockFrom: from, escalationLevel: 0 }, s);
  c.clockFrom = from;
  c.resolveDueAt = first!.at;
  c.escalate2At = second!.at;
}

/**
 * Names the authorising manufacturer on a complaint that goes to it (and its trail, so the
 * manufacturer reads it whole): the dealer's authorisation valid today — for the vehicle's brand
 * when the dealer holds several. Returns false when the provider has none (an independent shop).
 */
export async function routeToManufacturer(tx: Tx, c: Complaint, opts: { trailWritten: boolean; brand?: string | null }): Promise<boolean> {
  if (c.manufacturerId) return true;
  const today = await tenantDay(tx, tx.ctx.clock.now());
  const auths = (
    await tx.em.find(Relationship, { kind: RelationshipKind.DEALER_AUTHORIZATION, toTenantId: c.tenantId }, { orderBy: { validFrom: 'desc' } })
  ).filter((r) => r.validFrom <= today && (!r.validTo || r.validTo >= today));
  if (auths.length === 0) return false;
  // the vehicle's brand (its model line starts with it when only that is at hand)
  const brand = (opts.brand !== undefined ? opts.brand : c.vehicleModel)?.toLowerCase();
  const auth = (brand && auths.find((r) => r.brands.some((b) => brand.startsWith(b.toLowerCase())))) || auths[0]!;
  c.manufacturerId = auth.fromTenantId;
  c.region = auth.region;
  if (opts.trailWritten) {
    // the trail written before: the manufacturer reads it too
    await tx.em.execute(`update complaint_steps set manufacturer_id = ? where complaint_id = ? and tenant_id = ?`, [auth.fromTenantId, c.id, c.tenantId]);
    // and the files filed with it
    await tx.em.execute(`update attachments set shared_with_tenant_id = ? where owner_type = 'Complaint' and owner_id = ? and tenant_id = ?`, [
      auth.fromTenantId,
      c.id,
      c.tenantId,
    ]);
  }
  return true;
}

export interface ComplaintFields {
  channel: ComplaintChannel;
  category: ComplaintCategory;
  severity: ComplaintSeverity;
  description: string;
  customerId: string | null;
  contactName: string | null;
  contactPhone: string | null;
  repairOrderId: string | null;
  vehicleId: string | null;
  claimId: string | null;
  partsOrderId: string | null;
  followUpId?: string | null;
  previousComplaintId?: string | null;
}

/**
 * Records a received complaint in the caller's transaction: numbered, its clock started from the
 * provider's settings, sent to the manufacturer when it is about product quality, and the care
 * team told when it came in without them (the tracking page).
 */
export async function receiveComplaint(tx: Tx, f: ComplaintFields): Promise<Complaint> {
  const now = tx.ctx.clock.now();
  const s = await complaintSettings(tx);
  const c = await draft(tx, ComplaintDocument, {
    tenantId: tx.tenantId!,
    ...f,
    followUpId: f.followUpId ?? null,
    previousComplaintId: f.previousComplaintId ?? null,
    receivedAt: now,
    ackDueAt: new Date(now.getTime() + s.ackHours * HOUR),
    createdBy: actorUserId(tx.ctx.actor),
    createdAt: now,
    updatedAt: now,
  });
  startClock(c, s, now);
  const vehicle = c.vehicleId ? await tx.em.findOne(Vehicle, { id: c.vehicleId }) : null;
  if (vehicle) {
    c.vin = vehicle.vin;
    c.vehicleModel = [vehicle.brand, vehicle.model].filter(Boolean).join(' ') || null;
  }
  if (goesToManufacturer(c)) await routeToManufacturer(tx, c, { trailWritten: false, brand: vehicle?.brand ?? null });
  await insert(tx, ComplaintDocument, c, {
    action: 'received',
    facts: {
      note: null,
      data: complaintFacts(c),
      detail: { channel: c.channel, category: c.category },
      ...(tx.ctx.actor.type === 'customer' ? { actor: { userId: null, name: 'customer' } } : {}),
    },
  });
  if (c.channel === 'TRACKING_PAGE') {
    await notify(tx, {
      about: { type: 'Complaint', id: c.id },
      audience: 'STAFF',
      channel: 'IN_APP',
      kind: 'complaintReceived',
      message: `${c.number}: a customer filed a complaint on the tracking page — acknowledge it and promise an answer.`,
    });
  }
  return c;
}

export interface FileComplaintInput {
  channel: string;
  category: string;
  severity?: string | null;
  description: string;
  customerId?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
  repairOrderId?: string | null;
  vehicleId?: string | null;
  claimId?: string | null;
  partsOrderId?: string | null;
  previousComplaintId?: string | null;
}

/**
 * Staff record a complaint (phone, walk-in, letter, web): who complains — a customer file, or a
 * contact for someone without one — and what it is about (a repair, a claim, a parts order, a
 * vehicle: each must be the provider's own; a repair gives its customer and vehicle).
 */
export async function fileComplaint(ctx: Ctx, input: FileComplaintInput): Promise<Complaint> {
  const check = new InputCheck();
  const staffChannels = COMPLAINT_CHANNELS.filter((x) => x !== 'TRACKING_PAGE' && x !== 'FOLLOW_UP_CALL');
  const channel = check.oneOf('input.channel', input.channel, staffChannels);
  const category = check.oneOf('input.category', input.category, COMPLAINT_CATEGORIES);
  const severity = check.oneOf('input.severity', input.severity ?? 'MINOR', COMPLAINT_SEVERITIES);
  const description = check.required('input.description', input.description, 4000);
  const contactName = check.optional('input.contactName', input.contactName, 100);
  const phoneText = check.optional('input.contactPhone', input.contactPhone, 40);
  const contactPhone = phoneText ? normalizePhone(phoneText) : null;
  if (phoneText && !contactPhone) check.because('input.contactPhone', 'NOT_A_PHONE', { value: phoneText }, `"${phoneText}" is not a phone number`);
  const optionalId = (field: string, v: string | null | undefined) => (v ? check.id(field, v) : null);
  const ids = {
    customerId: optionalId('input.customerId', input.customerId),
    repairOrderId: optionalId('input.repairOrderId', input.repairOrderId),
    vehicleId: optionalId('input.vehicleId', input.vehicleId),
    claimId: optionalId('input.claimId', input.claimId),
    partsOrderId: optionalId('input.partsOrderId', input.partsOrderId),
    previousComplaintId: optionalId('input.previousComplaintId', input.previousComplaintId),
  };
  if (!ids.customerId && !ids.repairOrderId && !contactName)
    check.because('input.contactName', 'REQUIRED', { max: 100 }, 'name who complains: a customer, a repair, or a contact');
  check.done();
  const member = memberOf(ctx);
  return inTx(ctx, async (tx) => {
    const order = ids.repairOrderId ? await tx.em.findOne(RepairOrder, { id: ids.repairOrderId, tenantId: member.tenantId }) : null;
    if (ids.repairOrderId && !order) throw DomainError.notFound('Repair order');
    const customerId = ids.customerId ?? order?.customerId ?? null;
    if (customerId && !(await tx.em.findOne(Customer, { id: customerId, tenantId: member.tenantId }))) throw DomainError.notFound('Customer');
    const vehicleId = ids.vehicleId ?? order?.vehicleId ?? null;
    if (vehicleId && !(await tx.em.findOne(Vehicle, { id: vehicleId, tenantId: member.tenantId }))) throw DomainError.notFound('Vehicle');
    if (ids.claimId && !(await tx.em.findOne(WarrantyClaim, { id: ids.claimId, tenantId: member.tenantId }))) throw DomainError.notFound('Warranty claim');
    if (ids.partsOrderId && !(await tx.em.findOne(PartsOrder, { id: ids.partsOrderId, tenantId: member.tenantId }))) throw DomainError.notFound('Parts order');
    if (ids.previousComplaintId && !(await tx.em.findOne(Complaint, { id: ids.previousComplaintId, tenantId: member.tenantId })))
      throw DomainError.notFound('Complaint');
    return receiveComplaint(tx, {
      channel: channel!,
      category: category!,
      severity: severity!,
      description,
      customerId,
      contactName,
      contactPhone,
      repairOrderId: order?.id ?? null,
      vehicleId,
      claimId: ids.claimId,
      partsOrderId: ids.partsOrderId,
      previousComplaintId: ids.previousComplaintId,
    });
  });
}

/** A complaint said in a follow-up call, recorded in the call's transaction. */
export function complaintFromCall(
  tx: Tx,
  call: { id: string; customerId: string; repairOrderId: string },
  input: { description: string; category?: ComplaintCategory | null; severity?: ComplaintSeverity | null },
): Promise<Complaint> {
  return (async () => {
    const order = await tx.em.findOne(RepairOrder, { id: call.repairOrderId });
    return receiveComplaint(tx, {
      channel: 'FOLLOW_UP_CALL',
      category: input.category ?? 'SERVICE_QUALITY',
      severity: input.severity ?? 'MINOR',
      description: input.description.slice(0, 4000),
      customerId: call.customerId,
      contactName: null,
      contactPhone: null,
      repairOrderId: call.repairOrderId,
      vehicleId: order?.vehicleId ?? null,
      claimId: null,
      partsOrderId: null,
      followUpId: call.id,
    });
  })();
}
