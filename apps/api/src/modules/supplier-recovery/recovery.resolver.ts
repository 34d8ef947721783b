import { Arg, Ctx as Context, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RecoveryState } from '@asn/domain';
import type { Ctx } from '../../platform/context.js';
import { allowedEvents } from '../../platform/documents/index.js';
import { RecoveryClaimDocument } from './recovery.document.js';
import { Permit } from '../../platform/permissions.js';
import { Idempotent } from '../../platform/idempotency.js';
import { AttachmentType } from '../attachments/attachment.types.js';
import { attachmentsOf } from '../attachments/attachment.service.js';
import { tenantName } from '../tenants/tenant.service.js';
import { WarrantyClaimType } from '../warranty-claims/claim.types.js';
import {
  acceptRecovery,
  disputeRecovery,
  getRecovery,
  listRecoveries,
  raiseRecovery,
  recoveriesOfClaim,
  settleRecovery,
  withdrawRecovery,
} from './recovery.service.js';
import {
  AnswerRecoveryClaimInput,
  DisputeRecoveryClaimInput,
  RaiseRecoveryClaimInput,
  RecoveryClaimConnection,
  RecoveryClaimPayload,
  RecoveryClaimType,
  RecoveryStatusEnum,
  SettleRecoveryClaimInput,
} from './recovery.types.js';

const payload = (r: Parameters<typeof RecoveryClaimType.from>[0]): RecoveryClaimPayload => ({ recovery: RecoveryClaimType.from(r) });

@Resolver(() => RecoveryClaimType)
export class RecoveryClaimResolver {
  @Query(() => RecoveryClaimConnection, { description: 'Recovery claims: raised by the manufacturer, or addressed to the supplier.' })
  @Permit('read', 'RecoveryClaim')
  async recoveryClaims(
    @Context() ctx: Ctx,
    @Arg('status', () => [RecoveryStatusEnum], { nullable: true }) status?: RecoveryState[] | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    const page = await listRecoveries(ctx, { status }, { first, after });
    return { ...page, nodes: page.nodes.map(RecoveryClaimType.from) };
  }

  @Query(() => RecoveryClaimType)
  @Permit('read', 'RecoveryClaim')
  async recoveryClaim(@Context() ctx: Ctx, @Arg('id', () => ID) id: string) {
    return RecoveryClaimType.from(await getRecovery(ctx, id));
  }

  @FieldResolver(() => [String], {
    description: 'Events the caller may fire now: accepted by the recovery machine and allowed to the caller’s roles (the portal’s action buttons).',
  })
  allowedEvents(@Root() r: RecoveryClaimType, @Context() ctx: Ctx): string[] {
    return allowedEvents(ctx, RecoveryClaimDocument, r.source);
  }

  @FieldResolver(() => [AttachmentType], { description: 'The supplier’s evidence.' })
  async evidence(@Root() r: RecoveryClaimType, @Context() ctx: Ctx) {
    return ((await attachmentsOf(ctx, 'RecoveryClaim').load(r.id)) ?? []).map(AttachmentType.from);
  }

  @FieldResolver(() => String, { nullable: true })
  async supplierName(@Root() r: RecoveryClaimType, @Context() ctx: Ctx) {
    return tenantName(ctx, r.supplierId);
  }

  @FieldResolver(() => String, { nullable: true })
  async manufacturerName(@Root() r: RecoveryClaimType, @Context() ctx: Ctx) {
    return tenantName(ctx, r.manufacturerId);
  }

  @Mutation(() => RecoveryClaimPayload, { description: 'Claim the supplier’s agreed share of an approved claim whose inspected causal part it made.' })
  @Permit('raise', 'RecoveryClaim')
  @Idempotent((ctx, first) => getRecovery(ctx, first.resultId).then(payload))
  async raiseRecoveryClaim(@Context() ctx: Ctx, @Arg('input', () => RaiseRecoveryClaimInput) input: RaiseRecoveryClaimInput) {
    return payload(await raiseRecovery(ctx, input));
  }

  @Mutation(() => RecoveryClaimPayload)
  @Permit('answer', 'RecoveryClaim')
  async acceptRecoveryClaim(@Context() ctx: Ctx, @Arg('input', () => AnswerRecoveryClaimInput) input: AnswerRecoveryClaimInput) {
    return payload(await acceptRecovery(ctx, input));
  }

  @Mutation(() => RecoveryClaimPayload, { description: 'Dispute, with a reason and evidence attached to the recovery claim first.' })
  @Permit('answer', 'RecoveryClaim')
  async disputeRecoveryClaim(@Context() ctx: Ctx, @Arg('input', () => DisputeRecoveryClaimInput) input: DisputeRecoveryClaimInput) {
    return payload(await disputeRecovery(ctx, input));
  }

  @Mutation(() => RecoveryClaimPayload)
  @Permit('raise', 'RecoveryClaim')
  async withdrawRecoveryClaim(@Context() ctx: Ctx, @Arg('input', () => AnswerRecoveryClaimInput) input: AnswerRecoveryClaimInput) {
    return payload(await withdrawRecovery(ctx, input));
  }

  @Mutation(() => RecoveryClaimPayload, { description: 'The accepted amount was paid or set off.' })
  @Permit('settle', 'RecoveryClaim')
  @Idempotent((ctx, first) => getRecovery(ctx, first.resultId).then(payload))
  async settleRecoveryClaim(@Context() ctx: Ctx, @Arg('input', () => SettleRecoveryClaimInput) input: SettleRecoveryClaimInput) {
    return payload(await settleRecovery(ctx, input));
  }
}

/** The recovery claims raised from a warranty claim, on the claim (the manufacturer's and the supplier's view; the dealer sees none). */
@Resolver(() => WarrantyClaimType)
export class ClaimRecoveriesResolver {
  @FieldResolver(() => [RecoveryClaimType], { description: 'Recovery claims raised from this claim against the part’s supplier (empty for the dealer).' })
  async recoveryClaims(@Root() c: WarrantyClaimType, @Context() ctx: Ctx) {
    return ((await recoveriesOfClaim(ctx).load(c.id)) ?? []).map(RecoveryClaimType.from);
  }
}
