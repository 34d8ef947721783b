import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { EVIDENCE_KINDS, type AttachmentOwnerType, type EvidenceKind } from '@asn/domain';
import type { Attachment } from './attachment.entity.js';
import { staffFileUrl } from './attachment.service.js';

/** GraphQL names (SCREAMING_CASE) of the owners that take uploads, mapped to the stored owner type. */
export const AttachmentOwnerTypeEnum = {
  REPAIR_ORDER_LINE: 'RepairOrderLine',
  VISIT: 'Visit',
  WARRANTY_CLAIM: 'WarrantyClaim',
  RECOVERY_CLAIM: 'RecoveryClaim',
  PARTS_DISCREPANCY: 'PartsDiscrepancy',
  COMPLAINT: 'Complaint',
} as const;
registerEnumType(AttachmentOwnerTypeEnum, { name: 'AttachmentOwnerType', description: 'What a file is attached to.' });

export const EvidenceKindEnum = Object.fromEntries(EVIDENCE_KINDS.map((k) => [k, k])) as { [K in EvidenceKind]: K };
registerEnumType(EvidenceKindEnum, {
  name: 'EvidenceKind',
  description: 'What a file proves on a warranty claim: photos of the failure and of the meter, the diagnosis report, the photo of the tagged removed part.',
});

@ObjectType('Attachment', { description: 'A stored file: a photo of proposed additional work, an on-site photo, claim evidence.' })
export class AttachmentType {
  @Field(() => ID) id!: string;
  @Field(() => AttachmentOwnerTypeEnum) ownerType!: AttachmentOwnerType;
  @Field(() => ID) ownerId!: string;
  @Field(() => String, { description: 'Sanitised name, with the extension of the detected type.' }) fileName!: string;
  @Field(() => String, { description: 'Detected from the bytes: image/jpeg, image/png, image/webp (application/pdf where allowed).' }) contentType!: string;
  @Field(() => Int) sizeBytes!: number;
  @Field(() => String, { description: 'SHA-256 of the content, hex.' }) sha256!: string;
  @Field(() => Boolean, { description: 'Shown on the customer’s tracking page.' }) customerVisible!: boolean;
  @Field(() => Date, { nullable: true, description: 'When the photo was taken (on-site photos: time of upload unless given).' }) takenAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'Where it was taken, as text.' }) place!: string | null;
  @Field(() => Float, { nullable: true }) latitude!: number | null;
  @Field(() => Float, { nullable: true }) longitude!: number | null;
  @Field(() => ID) uploadedBy!: string;
  @Field(() => EvidenceKindEnum, { nullable: true, description: 'Claim evidence: what the file proves.' }) evidenceKind!: EvidenceKind | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => String, { description: 'Download path on the API (and the portal): GET with the session cookie.' }) url!: string;

  static from(a: Attachment): AttachmentType {
    return Object.assign(new AttachmentType(), {
      id: a.id,
      ownerType: a.ownerType,
      ownerId: a.ownerId,
      fileName: a.fileName,
      contentType: a.contentType,
      sizeBytes: a.sizeBytes,
      sha256: a.sha256,
      customerVisible: a.customerVisible,
      takenAt: a.takenAt,
      place: a.place,
      latitude: a.latitude,
      longitude: a.longitude,
      uploadedBy: a.uploadedBy,
      evidenceKind: a.evidenceKind,
      createdAt: a.createdAt,
      url: staffFileUrl(a),
    });
  }
}

@InputType({ description: 'One file, base64-encoded in the request (at most 5 MiB decoded); see docs/adr/0006-attachments.md.' })
export class UploadAttachmentInput {
  @Field(() => AttachmentOwnerTypeEnum) ownerType!: AttachmentOwnerType;
  @Field(() => ID, {
    description: 'A proposed additional-work line, an on-site visit, a warranty claim (evidence) or a recovery claim (a supplier’s dispute evidence).',
  })
  ownerId!: string;
  @Field(() => EvidenceKindEnum, { nullable: true, description: 'Required for warranty-claim evidence.' }) evidenceKind?: EvidenceKind | null;
  @Field(() => String, { description: 'The original file name (sanitised before it is stored).' }) fileName!: string;
  @Field(() => String, { description: 'The declared MIME type; must agree with the content.' }) contentType!: string;
  @Field(() => String, { description: 'The bytes, standard base64.' }) contentBase64!: string;
  @Field(() => Date, { nullable: true }) takenAt?: Date | null;
  @Field(() => String, { nullable: true, description: 'Where it was taken (on-site photos default to the visit’s check-in place).' }) place?: string | null;
  @Field(() => Float, { nullable: true }) latitude?: number | null;
  @Field(() => Float, { nullable: true }) longitude?: number | null;
  @Field(() => Boolean, { nullable: true, description: 'Show on the customer’s page (additional-work photos: default yes; on-site photos: never).' })
  customerVisible?: boolean | null;
}

@ObjectType()
export class UploadAttachmentPayload {
  @Field(() => AttachmentType) attachment!: AttachmentType;
}
