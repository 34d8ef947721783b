import { Arg, Ctx as Context, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Ctx } from '../../platform/context.js';
import { Permit } from '../../platform/permissions.js';
import { RepairOrderLineType } from '../repair-orders/repair-order.types.js';
import { VisitType } from '../visits/visit.types.js';
import { attachmentsOf, uploadAttachment } from './attachment.service.js';
import { AttachmentType, UploadAttachmentInput, UploadAttachmentPayload } from './attachment.types.js';

@Resolver(() => AttachmentType)
export class AttachmentResolver {
  @Mutation(() => UploadAttachmentPayload, { description: 'Attach a photo to proposed additional work or to an on-site visit.' })
  @Permit('create', 'Attachment')
  async uploadAttachment(@Context() ctx: Ctx, @Arg('input', () => UploadAttachmentInput) input: UploadAttachmentInput): Promise<UploadAttachmentPayload> {
    return { attachment: AttachmentType.from(await uploadAttachment(ctx, input)) };
  }
}

@Resolver(() => RepairOrderLineType)
export class RepairOrderLineAttachmentsResolver {
  @FieldResolver(() => [AttachmentType], { description: 'Photos of this line (proposed additional work).' })
  async attachments(@Root() l: RepairOrderLineType, @Context() ctx: Ctx): Promise<AttachmentType[]> {
    return l.additional ? ((await attachmentsOf(ctx, 'RepairOrderLine').load(l.id)) ?? []).map(AttachmentType.from) : [];
  }
}

@Resolver(() => VisitType)
export class VisitAttachmentsResolver {
  @FieldResolver(() => [AttachmentType], { description: 'On-site photos, with time and place.' })
  async attachments(@Root() v: VisitType, @Context() ctx: Ctx): Promise<AttachmentType[]> {
    return ((await attachmentsOf(ctx, 'Visit').load(v.id)) ?? []).map(AttachmentType.from);
  }
}
