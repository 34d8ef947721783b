import { EntitySchema } from '@mikro-orm/core';
import type { AttachmentContentType, AttachmentOwnerType, EvidenceKind } from '@asn/domain';

/** A stored file (a photo of proposed extra work, an on-site photo, later claim evidence). */
export class Attachment {
  id!: string;
  tenantId!: string;
  ownerType!: AttachmentOwnerType;
  ownerId!: string;
  /** The repair order the owner belongs to (lines and visits have one), for the customer's page. */
  repairOrderId: string | null = null;
  /** Sanitised; shown and sent in Content-Disposition, never used as a path. */
  fileName!: string;
  /** Detected from the bytes. */
  contentType!: AttachmentContentType;
  sizeBytes!: number;
  sha256!: string;
  /** Lazy: loaded only for a download. */
  content?: Buffer;
  customerVisible: boolean = false;
  takenAt: Date | null = null;
  place: string | null = null;
  latitude: number | null = null;
  longitude: number | null = null;
  uploadedBy!: string;
  /** A second tenant that reads it: the manufacturer for claim evidence, for a supplier's dispute evidence. */
  sharedWithTenantId: string | null = null;
  /** What the file proves on a warranty claim (the evidence checklist). */
  evidenceKind: EvidenceKind | null = null;
  createdAt: Date = new Date();
}

const uuid = { type: 'uuid' } as const;

export const AttachmentSchema = new EntitySchema<Attachment>({
  class: Attachment,
  tableName: 'attachments',
  // the owner tenant, and the tenant it is shared with (claim evidence: the manufacturer)
  filters: {
    tenant: {
      name: 'tenant',
      default: true,
      cond: (args: { tenantId: string }) => ({ $or: [{ tenantId: args.tenantId }, { sharedWithTenantId: args.tenantId }] }),
    },
  },
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    ownerType: { type: 'string' },
    ownerId: uuid,
    repairOrderId: { ...uuid, nullable: true },
    fileName: { type: 'string' },
    contentType: { type: 'string' },
    sizeBytes: { type: 'integer' },
    sha256: { type: 'string' },
    content: { type: 'blob', lazy: true, hidden: true, nullable: true },
    customerVisible: { type: 'boolean' },
    takenAt: { type: 'Date', nullable: true },
    place: { type: 'string', nullable: true },
    latitude: { type: 'double', nullable: true },
    longitude: { type: 'double', nullable: true },
    uploadedBy: uuid,
    sharedWithTenantId: { ...uuid, nullable: true },
    evidenceKind: { type: 'string', nullable: true },
    createdAt: { type: 'Date' },
  },
});
