import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { FilterQuery } from '@mikro-orm/postgresql';
import { accessibleWhere, asSubject, type Actor } from '@asn/authz';
import {
  ATTACHMENT_POLICIES,
  CLAIM_ACCEPTS_EVIDENCE,
  VISIT_ACCEPTS_PHOTOS,
  DomainError,
  ErrorCode,
  EVIDENCE_KINDS,
  InputCheck,
  checkAttachmentContent,
  formatBytes,
  isUuid,
  maxBase64Length,
  sanitizeFileName,
  uuidv7,
  type AttachmentContentType,
  type AttachmentOwnerType,
  type EvidenceKind,
} from '@asn/domain';
import { createCtx, inTx, memberOf, type AppServices, type Ctx, type Tx } from '../../platform/context.js';
import type { AppConfig } from '../../platform/config.js';
import { loader } from '../../platform/loaders.js';
import { RepairOrder, RepairOrderLine } from '../repair-orders/repair-order.entity.js';
import { Visit } from '../visits/visit.entity.js';
import { TrackingLink, linkOpen } from '../tracking/tracking.entity.js';
import { Attachment } from './attachment.entity.js';
import { WarrantyClaim } from '../warranty-claims/claim.entity.js';
import { claimSubject, loadClaim } from '../warranty-claims/claim.document.js';
import { RecoveryClaimDocument } from '../supplier-recovery/recovery.document.js';
import { PartsOrderDocument } from '../parts/parts-order.document.js';
import { PartsDiscrepancy } from '../parts/parts.entity.js';
import { ComplaintDocument } from '../complaints/complaint.document.js';
import { load } from '../../platform/documents/index.js';

/** Owners that take uploads. */
export const UPLOADABLE_OWNERS = [
  'RepairOrderLine',
  'Visit',
  'WarrantyClaim',
  'RecoveryClaim',
  'PartsDiscrepancy',
  'Complaint',
] as const satisfies readonly AttachmentOwnerType[];

/** Photos may be dated a little ahead (phone clocks drift), and not from long ago. */
const CLOCK_SKEW_MS = 5 * 60_000;
const OLDEST_TAKEN_MS = 90 * 86_400_000;

export interface UploadAttachmentData {
  ownerType: AttachmentOwnerType;
  ownerId: string;
  fileName: string;
  contentType: string;
  contentBase64: string;
  takenAt?: Date | null;
  place?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  customerVisible?: boolean | null;
  evidenceKind?: EvidenceKind | null;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Decodes strict base64, refusing a text too long for the limit before decoding it. */
function decodeBase64(check: InputCheck, field: string, text: string, maxBytes: number): Buffer | null {
  const compact = (text ?? '').replace(/\s+/g, '');
  if (compact.length > maxBase64Length(maxBytes)) {
    const sizeBytes = Math.floor((compact.length * 3) / 4);
    check.because(
      field,
      'FILE_TOO_LARGE',
      { sizeBytes, maxBytes },
      `the file is too large (about ${formatBytes(sizeBytes)}; at most ${formatBytes(maxBytes)})`,
    );
    return null;
  }
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) {
    check.because(field, 'NOT_BASE64', {}, 'is not base64 content');
    return null;
  }
  return Buffer.from(compact, 'base64');
}

/** The owner a file is attached to, after the actor's rights on it were checked. */
interface OwnerFacts {
  tenantId: string;
  repairOrderId: string | null;
  customerVisible: boolean;
  defaultPlace: string | null;
  defaultTakenAt: Date | null;
  sharedWithTenantId?: string | null;
  evidenceKind?: EvidenceKind | null;
  /** Where the upload is recorded (audit and event); `subject`: the record's attributes for each subscriber's read check. */
  recordOn: { entityType: string; entityId: string; number: string; alsoTo?: string[]; subject?: Record<string, unknown> };
}

async function ownerForUpload(tx: Tx, input: UploadAttachmentData): Promise<OwnerFacts> {
  const { ability } = tx.ctx;
  const now = tx.ctx.clock.now();
  if (input.ownerType === 'RepairOrderLine') {
    // the owner row is locked: concurrent uploads cannot pass the count limit together
    const line = await tx.em.findOne(RepairOrderLine, { id: input.ownerId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    const order = line && (await tx.em.findOne(RepairOrder, { id: line.repairOrderId }));
    if (!line || !order || !ability.can('read', asSubject('RepairOrder', order))) throw DomainError.notFound('Repair order line');
    if (!ability.can('work', asSubject('RepairOrder', order)) && !ability.can('update', asSubject('RepairOrder', order))) {
      throw DomainError.because(
        ErrorCode.FORBIDDEN,
        'ACTION_NOT_ALLOWED',
        { document: 'RepairOrder', action: 'work' },
        'Only the technician of this order, the service desk or the workshop controller attach photos to it.',
      );
    }
    if (!line.additional)
      throw DomainError.badField(
        'input.ownerId',
        'PHOTOS_ONLY_ON_ADDITIONAL_WORK',
        {},
        'photos are attached to proposed additional work; this line is part of the estimate',
      );
    if (['DELIVERED', 'CANCELLED'].includes(order.status)) {
      throw DomainError.because(
        ErrorCode.INVALID_TRANSITION,
        'DOCUMENT_CLOSED',
        { document: 'RepairOrder', number: order.number, status: order.status },
        `Repair order ${order.number} is ${order.status}.`,
      );
    }
    return {
      tenantId: order.tenantId,
      repairOrderId: order.id,
      customerVisible: input.customerVisible ?? true,
      defaultPlace: null,
      defaultTakenAt: null,
      recordOn: { entityType: 'RepairOrder', entityId: order.id, number: order.number },
    };
  }
  if (input.ownerType === 'Visit') {
    const visit = await tx.em.findOne(Visit, { id: input.ownerId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!visit || !ability.can('read', asSubject('Visit', visit))) throw DomainError.notFound('Visit');
    if (!ability.can('work', asSubject('Visit', visit)))
      throw DomainError.because(
        ErrorCode.FORBIDDEN,
        'ASSIGNED_TO_SOMEONE_ELSE',
        { document: 'Visit' },
        'Only the engineer of this visit (or the workshop controller) attaches photos to it.',
      );
    if (!VISIT_ACCEPTS_PHOTOS.includes(visit.status)) {
      throw DomainError.because(
        ErrorCode.INVALID_TRANSITION,
        'FILES_NOT_ACCEPTED_NOW',
        { document: 'Visit', number: null, status: visit.status },
        `On-site photos are taken on site: this visit is ${visit.status}.`,
        { from: visit.status },
      );
    }
    if (input.customerVisible)
      throw DomainError.badField('input.customerVisible', 'NOT_FOR_CUSTOMERS', {}, 'on-site photos are not shown on the customer’s page');
    const order = await tx.em.findOneOrFail(RepairOrder, { id: visit.repairOrderId });
    return {
      tenantId: order.tenantId,
      repairOrderId: order.id,
      customerVisible: false,
      defaultPlace: visit.arrivedPlace ?? visit.address,
      defaultTakenAt: now,
      recordOn: { entityType: 'RepairOrder', entityId: order.id, number: order.number },
    };
  }
  if (input.ownerType === 'WarrantyClaim') {
    // locked, NOT_FOUND unless readable, ACTION_NOT_ALLOWED unless the actor edits it: the document layer's load
    const claim = await loadClaim(tx, input.ownerId, 'update');
    if (!CLAIM_ACCEPTS_EVIDENCE.includes(claim.status)) {
      throw DomainError.because(
        ErrorCode.INVALID_TRANSITION,
        'FILES_NOT_ACCEPTED_NOW',
        { document: 'WarrantyClaim', number: claim.number, status: claim.status },
        `Claim ${claim.number} is ${claim.status}: evidence is added to drafts, claims sent back for information, rejected claims (for an appeal) and while parts go back.`,
        { from: claim.status },
      );
    }
    if (!input.evidenceKind) {
      throw DomainError.badField(
        'input.evidenceKind',
        'EVIDENCE_KIND_REQUIRED',
        { kinds: EVIDENCE_KINDS },
        'say what the file proves (FAILURE_PHOTO, METER_PHOTO, DIAGNOSIS_REPORT, PART_TAG_PHOTO)',
      );
    }
    if (input.customerVisible) throw DomainError.badField('input.customerVisible', 'NOT_FOR_CUSTOMERS', {}, 'claim evidence is not shown to customers');
    return {
      tenantId: claim.tenantId,
      repairOrderId: null,
      customerVisible: false,
      defaultPlace: null,
      defaultTakenAt: null,
      sharedWithTenantId: claim.manufacturerId,
      evidenceKind: input.evidenceKind,
      recordOn: { entityType: 'WarrantyClaim', entityId: claim.id, number: claim.number, alsoTo: [claim.manufacturerId], subject: claimSubject(claim) },
    };
  }
  if (input.ownerType === 'RecoveryClaim') {
    const recovery = await load(tx, RecoveryClaimDocument, input.ownerId, 'answer');
    if (recovery.status !== 'RAISED' && recovery.status !== 'DISPUTED') {
      throw DomainError.because(
        ErrorCode.INVALID_TRANSITION,
        'FILES_NOT_ACCEPTED_NOW',
        { document: 'RecoveryClaim', number: recovery.number, status: recovery.status },
        `Recovery claim ${recovery.number} is ${recovery.status}.`,
        { from: recovery.status },
      );
    }
    if (input.customerVisible) throw DomainError.badField('input.customerVisible', 'NOT_FOR_CUSTOMERS', {}, 'recovery evidence is not shown to customers');
    return {
      tenantId: recovery.supplierId,
      repairOrderId: null,
      customerVisible: false,
      defaultPlace: null,
      defaultTakenAt: null,
      sharedWithTenantId: recovery.tenantId,
      recordOn: {
        entityType: 'RecoveryClaim',
        entityId: recovery.id,
        number: recovery.number,
        alsoTo: [recovery.tenantId],
        subject: RecoveryClaimDocument.subject!(recovery),
      },
    };
  }
  if (input.ownerType === 'PartsDiscrepancy') {
    // the buyer's parts staff photograph what arrived wrong, while the seller has not answered yet
    const d = await tx.em.findOne(PartsDiscrepancy, { id: input.ownerId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!d) throw DomainError.notFound('PartsDiscrepancy');
    const order = await load(tx, PartsOrderDocument, d.partsOrderId, 'receive');
    if (d.status !== 'OPEN') {
      throw DomainError.because(
        ErrorCode.INVALID_TRANSITION,
        'FILES_NOT_ACCEPTED_NOW',
        { document: 'PartsDiscrepancy', number: order.number, status: d.status },
        `The discrepancy on ${order.number} was answered already.`,
        { from: d.status },
      );
    }
    if (input.customerVisible) throw DomainError.badField('input.customerVisible', 'NOT_FOR_CUSTOMERS', {}, 'receiving photos are not shown to customers');
    return {
      tenantId: order.tenantId,
      repairOrderId: null,
      customerVisible: false,
      defaultPlace: null,
      defaultTakenAt: null,
      sharedWithTenantId: order.sellerId,
      recordOn: { entityType: 'PartsOrder', entityId: order.id, number: order.number, alsoTo: [order.sellerId], subject: PartsOrderDocument.subject!(order) },
    };
  }
  if (input.ownerType === 'Complaint') {
    // the care team files the customer's letter, photos and the investigation's evidence while it is handled
    const c = await load(tx, ComplaintDocument, input.ownerId, 'answer');
    if (c.status === 'CLOSED') {
      throw DomainError.because(
        ErrorCode.INVALID_TRANSITION,
        'FILES_NOT_ACCEPTED_NOW',
        { document: 'Complaint', number: c.number, status: c.status },
        `Complaint ${c.number} is closed.`,
        { from: c.status },
      );
    }
    if (input.customerVisible)
      throw DomainError.badField('input.customerVisible', 'NOT_FOR_CUSTOMERS', {}, 'complaint files are not shown on the tracking page');
    return {
      tenantId: c.tenantId,
      repairOrderId: null,
      customerVisible: false,
      defaultPlace: null,
      defaultTakenAt: null,
      sharedWithTenantId: c.manufacturerId,
      recordOn: {
        entityType: 'Complaint',
        entityId: c.id,
        number: c.number,
        alsoTo: c.manufacturerId ? [c.manufacturerId] : [],
        subject: ComplaintDocument.subject!(c),
      },
    };
  }
  throw DomainError.badField(
    'input.ownerType',
    'CANNOT_ATTACH_TO',
    { ownerType: input.ownerType },
    `files cannot be attached to a ${input.ownerType as string} yet`,
  );
}

/**
 * Stores one file on an owner: the bytes decide the type (and must agree with the declared
 * one), the size and the count per owner are limited, the name is sanitised. Audited on the
 * owner's repair order (its timeline and the customer's live page follow). Nothing is written
 * when any check fails.
 */
export async function uploadAttachment(ctx: Ctx, input: UploadAttachmentData): Promise<Attachment> {
  const actor = memberOf(ctx, 'Only staff attach files.');
  const check = new InputCheck();
  if (!(UPLOADABLE_OWNERS as readonly string[]).includes(input.ownerType))
    check.because('input.ownerType', 'CANNOT_ATTACH_TO', { ownerType: String(input.ownerType) }, `files cannot be attached to a ${input.ownerType} yet`);
  const policy = ATTACHMENT_POLICIES[input.ownerType] ?? ATTACHMENT_POLICIES.RepairOrderLine;
  check.id('input.ownerId', input.ownerId);
  const bytes = decodeBase64(check, 'input.contentBase64', input.contentBase64, policy.maxBytes);
  let type: AttachmentContentType | null = null;
  if (bytes) {
    const verdict = checkAttachmentContent(policy, bytes, input.contentType);
    if (verdict.ok) type = verdict.type;
    else check.because('input.contentBase64', verdict.reason, verdict.params, verdict.message);
  }
  if ((input.fileName ?? '').length > 255) check.because('input.fileName', 'TOO_LONG', { max: 255 }, 'must be at most 255 characters');
  const place = check.optional('input.place', input.place, 200);
  const { latitude, longitude } = input;
  if ((latitude == null) !== (longitude == null))
    check.because('input.longitude', 'GIVEN_TOGETHER', { otherField: 'input.latitude' }, 'give latitude and longitude together');
  if (latitude != null && !(Number.isFinite(latitude) && latitude >= -90 && latitude <= 90))
    check.because('input.latitude', 'OUT_OF_RANGE', { min: -90, max: 90, unit: 'DEGREES' }, 'must be between -90 and 90');
  if (longitude != null && !(Number.isFinite(longitude) && longitude >= -180 && longitude <= 180))
    check.because('input.longitude', 'OUT_OF_RANGE', { min: -180, max: 180, unit: 'DEGREES' }, 'must be between -180 and 180');
  const now = ctx.clock.now();
  if (input.takenAt) {
    if (Number.isNaN(input.takenAt.getTime()) || input.takenAt.getTime() > now.getTime() + CLOCK_SKEW_MS)
      check.because('input.takenAt', 'MUST_NOT_BE_FUTURE', {}, 'must not be in the future');
    else if (input.takenAt.getTime() < now.getTime() - OLDEST_TAKEN_MS)
      check.because('input.takenAt', 'TOO_LONG_AGO', { days: 90 }, 'is more than 90 days ago');
  }
  check.done();
  const content = bytes!;
  const contentType = type!;
  const sha256 = createHash('sha256').update(content).digest('hex');

  return inTx(ctx, async (tx) => {
    const owner = await ownerForUpload(tx, input);
    if (!ctx.ability.can('create', asSubject('Attachment', { tenantId: owner.tenantId, ownerType: input.ownerType }))) throw DomainError.forbidden();
    const existing = await tx.em.find(Attachment, { ownerType: input.ownerType, ownerId: input.ownerId }, { fields: ['id', 'sha256'] });
    if (existing.length >= policy.maxCount) {
      throw DomainError.badField(
        'input.ownerId',
        'TOO_MANY_FILES',
        { max: policy.maxCount, count: existing.length },
        `at most ${policy.maxCount} files per ${input.ownerType === 'Visit' ? 'visit' : 'line'}; this one has ${existing.length}`,
      );
    }
    if (existing.some((a) => a.sha256 === sha256))
      throw DomainError.badField('input.contentBase64', 'FILE_ALREADY_ATTACHED', {}, 'this file is attached here already');
    const attachment = Object.assign(new Attachment(), {
      id: uuidv7(),
      tenantId: owner.tenantId,
      ownerType: input.ownerType,
      ownerId: input.ownerId.toLowerCase(),
      repairOrderId: owner.repairOrderId,
      sharedWithTenantId: owner.sharedWithTenantId ?? null,
      evidenceKind: owner.evidenceKind ?? null,
      fileName: sanitizeFileName(input.fileName, contentType),
      contentType,
      sizeBytes: content.length,
      sha256,
      content,
      customerVisible: owner.customerVisible,
      takenAt: input.takenAt ?? owner.defaultTakenAt,
      place: place ?? (latitude == null ? owner.defaultPlace : null),
      latitude: latitude ?? null,
      longitude: longitude ?? null,
      uploadedBy: actor.userId,
      createdAt: now,
    });
    tx.em.persist(attachment);
    await tx.em.flush();
    const summary = {
      attachmentId: attachment.id,
      ownerType: attachment.ownerType,
      ownerId: attachment.ownerId,
      fileName: attachment.fileName,
      contentType,
      sizeBytes: attachment.sizeBytes,
      sha256,
      customerVisible: attachment.customerVisible,
      evidenceKind: attachment.evidenceKind,
    };
    const on = owner.recordOn;
    tx.record({
      action: 'attachment.uploaded',
      entityType: on.entityType,
      entityId: on.entityId,
      after: summary,
      data: { number: on.number, ...summary },
      alsoTo: on.alsoTo,
      subject: on.subject,
    });
    return attachment;
  });
}

/** Files of owners of one type, batched across a response, oldest first (no bytes loaded). */
export function attachmentsOf(ctx: Ctx, ownerType: AttachmentOwnerType) {
  return loader<string, Attachment[]>(ctx, `attachmentsOf:${ownerType}`, async (ids) => {
    const where = accessibleWhere(ctx.ability, 'read', 'Attachment');
    if (!where) return ids.map(() => []);
    const filter = { $and: [where, { ownerType, ownerId: { $in: [...ids] } }] } as FilterQuery<Attachment>;
    const rows = await inTx(ctx, (tx) => tx.em.find(Attachment, filter, { orderBy: { id: 'asc' } }));
    return ids.map((id) => rows.filter((a) => a.ownerId === id));
  });
}

/** The photos a customer may see on their page (checked against the customer's ability). */
export async function customerPhotos(tx: Tx, repairOrderId: string): Promise<Attachment[]> {
  const rows = await tx.em.find(Attachment, { repairOrderId, ownerType: 'RepairOrderLine', customerVisible: true }, { orderBy: { id: 'asc' } });
  return rows.filter((a) => tx.ctx.ability.can('read', asSubject('Attachment', a)));
}

// ---------------------------------------------------------------------------------------------
// Downloads

/** The path staff download a file from (their session cookie is the proof). */
export function staffFileUrl(a: Pick<Attachment, 'id'>): string {
  return `/files/${a.id}`;
}

function urlSecret(config: AppConfig): string {
  // Without FILE_URL_SECRET the key is derived from the API role's connection string: the same on
  // every replica, unknown to clients. Set FILE_URL_SECRET in production to rotate it separately.
  return config.fileUrlSecret || createHash('sha256').update(`asn-file-url|${config.appDatabaseUrl}`).digest('hex');
}

function sign(config: AppConfig, attachmentId: string, tenantId: string, linkId: string, exp: number): string {
  return createHmac('sha256', urlSecret(config)).update(`file|${attachmentId}|${tenantId}|${linkId}|${exp}`).digest('base64url');
}

/** How long a customer's photo URL works: to the end of the next full hour (1–2 h, stable within an hour, so the browser caches it). */
function ticketExpiry(now: Date): number {
  return (Math.floor(now.getTime() / 3_600_000) + 2) * 3600;
}

/**
 * The URL a customer loads a photo from: `/files/<id>?c=<tenant>.<link>.<exp>.<sig>`. It is
 * issued only to a visitor who passed the tracking link's phone check, names the link (a revoked
 * or expired link stops it at once) and expires within two hours.
 */
export function customerFileUrl(services: AppServices, a: Pick<Attachment, 'id'>, actor: Actor): string {
  if (actor.type !== 'customer' || !actor.linkId) throw DomainError.forbidden();
  const exp = ticketExpiry(services.clock.now());
  return `/files/${a.id}?c=${actor.tenantId}.${actor.linkId}.${exp}.${sign(services.config, a.id, actor.tenantId, actor.linkId, exp)}`;
}

export interface StoredFile {
  attachment: Attachment;
  content: Buffer;
}

const fileNotFound = () => DomainError.notFound('File');

async function loadFile(ctx: Ctx, id: string): Promise<StoredFile> {
  if (!isUuid(id)) throw fileNotFound();
  return inTx(ctx, async (tx) => {
    const a = await tx.em.findOne(Attachment, { id: id.toLowerCase() }, { populate: ['content'] });
    if (!a || !a.content || !ctx.ability.can('read', asSubject('Attachment', a))) throw fileNotFound();
    // claim evidence is shared with the manufacturer, but only as far as it may read the claim (never a draft)
    if (a.ownerType === 'WarrantyClaim') {
      const claim = await tx.em.findOne(WarrantyClaim, { id: a.ownerId });
      if (!claim || !ctx.ability.can('read', asSubject('WarrantyClaim', claim))) throw fileNotFound();
    }
    return { attachment: a, content: a.content };
  });
}

/** A download by a signed-in member of the owning tenant. */
export async function staffFile(ctx: Ctx, id: string): Promise<StoredFile> {
  if (ctx.actor.type !== 'member') throw fileNotFound();
  return loadFile(ctx, id);
}

/** A download through a customer URL: signature, expiry, the link still valid, then the customer's ability. */
export async function customerFile(services: AppServices, id: string, ticket: string): Promise<StoredFile> {
  const [tenantId = '', linkId = '', expText = '', sig = ''] = ticket.split('.');
  const exp = Number(expText);
  if (!isUuid(id) || !isUuid(tenantId) || !isUuid(linkId) || !/^\d{1,12}$/.test(expText)) throw fileNotFound();
  const expected = Buffer.from(sign(services.config, id.toLowerCase(), tenantId, linkId, exp));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw fileNotFound();
  const now = services.clock.now();
  if (exp * 1000 <= now.getTime()) throw fileNotFound();
  const probe = createCtx(services, { type: 'customer', tenantId, repairOrderId: '', linkId }, null);
  const link = await inTx(probe, (tx) => tx.em.findOne(TrackingLink, { id: linkId }));
  if (!link || !linkOpen(link, now)) throw fileNotFound();
  const customer = createCtx(services, { type: 'customer', tenantId, repairOrderId: link.repairOrderId, linkId }, null);
  return loadFile(customer, id);
}
