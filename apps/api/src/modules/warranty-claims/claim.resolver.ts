import { Arg, Ctx as Context, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { asSubject } from '@asn/authz';
import { CLAIM_AWAITING_DECISION, CLAIM_EDITABLE, type EvidenceKind } from '@asn/domain';
import { allowedEvents } from '../../platform/documents/index.js';
import { WarrantyClaimDocument } from './claim.document.js';
import type { Ctx } from '../../platform/context.js';
import { Permit } from '../../platform/permissions.js';
import { Idempotent } from '../../platform/idempotency.js';
import { AttachmentType, EvidenceKindEnum } from '../attachments/attachment.types.js';
import { attachmentsOf } from '../attachments/attachment.service.js';
import { tenantName } from '../tenants/tenant.service.js';
import {
  appealClaim,
  claimById,
  claimHistory,
  claimMissingEvidence,
  createClaim,
  decideClaim,
  eventsOfClaim,
  getClaim,
  inspectPart,
  linesOfClaim,
  listClaims,
  listReturnLines,
  provideInfo,
  receivePart,
  reopenClaim,
  requestInfo,
  shipParts,
  submitClaim,
  updateClaim,
} from './claim.service.js';
import { claimsOfBatch, createSettlementBatch, getBatch, listBatches, statementCsv } from './settlement.service.js';
import {
  AppealWarrantyClaimInput,
  ClaimConnection,
  ClaimEventType,
  ClaimFilterInput,
  ClaimLineType,
  ClaimRef,
  WarrantyClaimType,
  CreateSettlementBatchInput,
  CreateWarrantyClaimInput,
  DecideWarrantyClaimInput,
  InspectReturnedPartInput,
  PartReturnStatusEnum,
  ProvideClaimInfoInput,
  ReceiveReturnedPartInput,
  RequestClaimInfoInput,
  ReturnedPartConnection,
  ReturnedPartType,
  SettlementBatchConnection,
  SettlementBatchPayload,
  SettlementBatchType,
  ShipClaimPartsInput,
  SubmitWarrantyClaimInput,
  UpdateWarrantyClaimInput,
  WarrantyClaimPayload,
} from './claim.types.js';
import type { PartReturnState } from '@asn/domain';
import type { WarrantyClaim } from './claim.entity.js';

const payload = (c: Parameters<typeof WarrantyClaimType.from>[0]): WarrantyClaimPayload => ({ claim: WarrantyClaimType.from(c) });

@Resolver(() => WarrantyClaimType)
export class WarrantyClaimResolver {
  @Query(() => ClaimConnection, { description: 'Claims: a dealer’s own; a manufacturer’s review queue (filed with it), newest first.' })
  @Permit('read', 'WarrantyClaim')
  async warrantyClaims(
    @Context() ctx: Ctx,
    @Arg('filter', () => ClaimFilterInput, { nullable: true }) filter?: ClaimFilterInput | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    const page = await listClaims(ctx, filter ?? {}, { first, after });
    return { ...page, nodes: page.nodes.map(WarrantyClaimType.from) };
  }

  @Query(() => WarrantyClaimType)
  @Permit('read', 'WarrantyClaim')
  async warrantyClaim(@Context() ctx: Ctx, @Arg('id', () => ID) id: string) {
    return WarrantyClaimType.from(await getClaim(ctx, id));
  }

  @Query(() => ReturnedPartConnection, {
    description:
      'Removed parts asked back, newest first: the dealer’s to-ship list, the manufacturer’s receiving and inspection list (for those who ship or receive parts).',
  })
  @Permit('read', 'WarrantyClaim')
  async returnedParts(
    @Context() ctx: Ctx,
    @Arg('status', () => [PartReturnStatusEnum], { nullable: true, description: 'Default: every part asked back.' }) status?: PartReturnState[] | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('oldestFirst', () => Boolean, { nullable: true, description: 'Oldest first (a work queue); default newest first.' }) oldestFirst?: boolean | null,
  ) {
    const page = await listReturnLines(ctx, status, { first, after, newestFirst: !oldestFirst });
    const claims = await claimById(ctx).loadMany([...new Set(page.nodes.map((l) => l.claimId))]);
    const byId = new Map(claims.filter((c): c is WarrantyClaim => !!c && !(c instanceof Error)).map((c) => [c.id, c]));
    const nodes = page.nodes
      .filter((l) => byId.has(l.claimId))
      .map((l) => {
        const claim = byId.get(l.claimId)!;
        return Object.assign(new ReturnedPartType(), { line: ClaimLineType.from(l, claim.currency), claim: WarrantyClaimType.from(claim) });
      });
    return { ...page, nodes };
  }

  @FieldResolver(() => [ClaimLineType])
  async lines(@Root() c: WarrantyClaimType, @Context() ctx: Ctx) {
    return ((await linesOfClaim(ctx).load(c.id)) ?? []).map((l) => ClaimLineType.from(l, c.currency));
  }

  @FieldResolver(() => [ClaimEventType], { description: 'What each party did, oldest first.' })
  async timeline(@Root() c: WarrantyClaimType, @Context() ctx: Ctx) {
    return ((await eventsOfClaim(ctx).load(c.id)) ?? []).map(ClaimEventType.from);
  }

  @FieldResolver(() => [AttachmentType], { description: 'Photos and documents the dealer attached.' })
  async evidence(@Root() c: WarrantyClaimType, @Context() ctx: Ctx) {
    return ((await attachmentsOf(ctx, 'WarrantyClaim').load(c.id)) ?? []).map(AttachmentType.from);
  }

  @FieldResolver(() => [String], {
    description:
      'Events the caller may fire now: accepted by the claim’s state machine (one appeal) and allowed to the caller’s roles (the portal’s action buttons).',
  })
  allowedEvents(@Root() c: WarrantyClaimType, @Context() ctx: Ctx): string[] {
    return allowedEvents(ctx, WarrantyClaimDocument, c.source);
  }

  @FieldResolver(() => [EvidenceKindEnum], {
    description: 'Evidence the policy or the labour operations require and the claim lacks (the dealer’s view; empty once submitted).',
  })
  async missingEvidence(@Root() c: WarrantyClaimType, @Context() ctx: Ctx): Promise<EvidenceKind[]> {
    if (!CLAIM_EDITABLE.includes(c.status)) return [];
    if (!ctx.ability.can('update', asSubject('WarrantyClaim', { tenantId: c.dealerId }))) return [];
    return claimMissingEvidence(ctx, await getClaim(ctx, c.id));
  }

  @FieldResolver(() => [WarrantyClaimType], { description: 'Other claims on the same VIN (the manufacturer sees those of every dealer).' })
  async vehicleHistory(@Root() c: WarrantyClaimType, @Context() ctx: Ctx) {
    return ((await claimHistory(ctx).load(`${c.manufacturerId}|${c.vin}|${c.id}`)) ?? []).map(WarrantyClaimType.from);
  }

  @FieldResolver(() => Boolean, {
    description: 'Review time against the manufacturer’s target: decided after the due time, or still undecided past it.',
  })
  reviewOverdue(@Root() c: WarrantyClaimType, @Context() ctx: Ctx): boolean {
    if (!c.reviewDueAt) return false;
    const decidedOrNow =
      c.decidedAt && c.decidedAt >= (c.submittedAt ?? c.decidedAt) && !CLAIM_AWAITING_DECISION.includes(c.status) ? c.decidedAt : ctx.clock.now();
    return decidedOrNow > c.reviewDueAt;
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: 'Minutes from submission to the decision (the reviewer’s time, including time waiting for the dealer’s answers).',
  })
  reviewMinutes(@Root() c: WarrantyClaimType): number | null {
    return c.submittedAt && c.decidedAt ? Math.round((c.decidedAt.getTime() - c.submittedAt.getTime()) / 60_000) : null;
  }

  @FieldResolver(() => String, { nullable: true })
  async dealerName(@Root() c: WarrantyClaimType, @Context() ctx: Ctx) {
    return tenantName(ctx, c.dealerId);
  }

  @FieldResolver(() => String, { nullable: true })
  async manufacturerName(@Root() c: WarrantyClaimType, @Context() ctx: Ctx) {
    return tenantName(ctx, c.manufacturerId);
  }

  @Mutation(() => WarrantyClaimPayload, { description: 'Open a claim (DRAFT), prefilled from a repair order’s warranty lines or by hand.' })
  @Permit('create', 'WarrantyClaim')
  @Idempotent((ctx, first) => getClaim(ctx, first.resultId).then(payload))
  async createWarrantyClaim(@Context() ctx: Ctx, @Arg('input', () => CreateWarrantyClaimInput) input: CreateWarrantyClaimInput) {
    return payload(await createClaim(ctx, input));
  }

  @Mutation(() => WarrantyClaimPayload, { description: 'Edit a draft or a claim sent back for information.' })
  @Permit('update', 'WarrantyClaim')
  async updateWarrantyClaim(@Context() ctx: Ctx, @Arg('input', () => UpdateWarrantyClaimInput) input: UpdateWarrantyClaimInput) {
    return payload(await updateClaim(ctx, input));
  }

  @Mutation(() => WarrantyClaimPayload, { description: 'Submit: refused with the missing evidence listed; then checked, and reviewed or auto-approved.' })
  @Permit('submit', 'WarrantyClaim')
  @Idempotent((ctx, first) => getClaim(ctx, first.resultId).then(payload))
  async submitWarrantyClaim(@Context() ctx: Ctx, @Arg('input', () => SubmitWarrantyClaimInput) input: SubmitWarrantyClaimInput) {
    return payload(await submitClaim(ctx, input));
  }

  @Mutation(() => WarrantyClaimPayload, { description: 'A reviewer sends the claim back with a question.' })
  @Permit('review', 'WarrantyClaim')
  async requestWarrantyClaimInfo(@Context() ctx: Ctx, @Arg('input', () => RequestClaimInfoInput) input: RequestClaimInfoInput) {
    return payload(await requestInfo(ctx, input));
  }

  @Mutation(() => WarrantyClaimPayload, { description: 'The dealer answers; the checks run again and the claim is under review again.' })
  @Permit('submit', 'WarrantyClaim')
  async provideWarrantyClaimInfo(@Context() ctx: Ctx, @Arg('input', () => ProvideClaimInfoInput) input: ProvideClaimInfoInput) {
    return payload(await provideInfo(ctx, input));
  }

  @Mutation(() => WarrantyClaimPayload, { description: 'Approve, partially approve (per line, with reason codes) or reject.' })
  @Permit('review', 'WarrantyClaim')
  async decideWarrantyClaim(@Context() ctx: Ctx, @Arg('input', () => DecideWarrantyClaimInput) input: DecideWarrantyClaimInput) {
    return payload(await decideClaim(ctx, input));
  }

  @Mutation(() => WarrantyClaimPayload, { description: 'Appeal a rejection (once).' })
  @Permit('submit', 'WarrantyClaim')
  async appealWarrantyClaim(@Context() ctx: Ctx, @Arg('input', () => AppealWarrantyClaimInput) input: AppealWarrantyClaimInput) {
    return payload(await appealClaim(ctx, input));
  }

  @Mutation(() => WarrantyClaimPayload, { description: 'Take up an appeal: the claim is under review again.' })
  @Permit('review', 'WarrantyClaim')
  async reopenWarrantyClaim(@Context() ctx: Ctx, @Arg('input', () => ClaimRef) input: ClaimRef) {
    return payload(await reopenClaim(ctx, input));
  }

  @Mutation(() => WarrantyClaimPayload, { description: 'Ship the asked-back parts (tagged) to the manufacturer.' })
  @Permit('ship', 'WarrantyClaim')
  async shipClaimParts(@Context() ctx: Ctx, @Arg('input', () => ShipClaimPartsInput) input: ShipClaimPartsInput) {
    return payload(await shipParts(ctx, input));
  }

  @Mutation(() => WarrantyClaimPayload, { description: 'Scan an old-part tag on receipt.' })
  @Permit('receive', 'WarrantyClaim')
  async receiveReturnedPart(@Context() ctx: Ctx, @Arg('input', () => ReceiveReturnedPartInput) input: ReceiveReturnedPartInput) {
    return payload(await receivePart(ctx, input));
  }

  @Mutation(() => WarrantyClaimPayload, { description: 'Record the inspection of a received part.' })
  @Permit('receive', 'WarrantyClaim')
  async inspectReturnedPart(@Context() ctx: Ctx, @Arg('input', () => InspectReturnedPartInput) input: InspectReturnedPartInput) {
    return payload(await inspectPart(ctx, input));
  }
}

@Resolver(() => SettlementBatchType)
export class SettlementBatchResolver {
  @Query(() => SettlementBatchConnection, { description: 'Settlement batches: those the manufacturer credited, or those paid to the dealer.' })
  @Permit('read', 'SettlementBatch')
  async settlementBatches(
    @Context() ctx: Ctx,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    const page = await listBatches(ctx, { first, after });
    return { ...page, nodes: page.nodes.map(SettlementBatchType.from) };
  }

  @Query(() => SettlementBatchType)
  @Permit('read', 'SettlementBatch')
  async settlementBatch(@Context() ctx: Ctx, @Arg('id', () => ID) id: string) {
    return SettlementBatchType.from(await getBatch(ctx, id));
  }

  @FieldResolver(() => [WarrantyClaimType])
  async claims(@Root() b: SettlementBatchType, @Context() ctx: Ctx) {
    return (await claimsOfBatch(ctx, await getBatch(ctx, b.id))).map(WarrantyClaimType.from);
  }

  @FieldResolver(() => String, { nullable: true })
  async dealerName(@Root() b: SettlementBatchType, @Context() ctx: Ctx) {
    return tenantName(ctx, b.dealerId);
  }

  @FieldResolver(() => String, { nullable: true })
  async manufacturerName(@Root() b: SettlementBatchType, @Context() ctx: Ctx) {
    return tenantName(ctx, b.manufacturerId);
  }

  @FieldResolver(() => String, { description: 'The statement as CSV (UTF-8 with BOM).' })
  async csv(@Root() b: SettlementBatchType, @Context() ctx: Ctx) {
    const batch = await getBatch(ctx, b.id);
    return statementCsv(batch, (await tenantName(ctx, b.dealerId)) ?? '', await claimsOfBatch(ctx, batch));
  }

  @Mutation(() => SettlementBatchPayload, { description: 'Credit a dealer’s approved claims of a period in one batch.' })
  @Permit('create', 'SettlementBatch')
  @Idempotent(async (ctx, first) => ({ batch: SettlementBatchType.from(await getBatch(ctx, first.resultId)) }))
  async createSettlementBatch(@Context() ctx: Ctx, @Arg('input', () => CreateSettlementBatchInput) input: CreateSettlementBatchInput) {
    return { batch: SettlementBatchType.from(await createSettlementBatch(ctx, input)) };
  }
}
