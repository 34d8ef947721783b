import { asSubject } from '@asn/authz';
import { Arg, Ctx as Context, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { tenantOf, type Ctx } from '../../platform/context.js';
import { allowedEvents } from '../../platform/documents/index.js';
import { Idempotent } from '../../platform/idempotency.js';
import { Permit } from '../../platform/permissions.js';
import { tenantName } from '../tenants/tenant.service.js';
import { customerById, vehicleById } from '../customers/customer.service.js';
import { orderById } from '../repair-orders/repair-order.queries.js';
import { attachmentsOf } from '../attachments/attachment.service.js';
import { AttachmentType } from '../attachments/attachment.types.js';
import { ComplaintDocument } from './complaint.document.js';
import type { Complaint } from './complaint.entity.js';
import { fileComplaint, readComplaintSettings, setComplaintSettings } from './complaint.filing.js';
import {
  assessComplaint,
  completeRecovery,
  escalateComplaint,
  investigate,
  promiseAnswer,
  recordCustomerAnswer,
  recordRootCause,
  resolveComplaint,
} from './complaint.handling.js';
import { complaintById, complaintRegister, getComplaint, listComplaints, qualityQueue, stepsOfComplaint } from './complaint.queries.js';
import {
  AcknowledgeComplaintInput,
  AssessComplaintInput,
  ComplaintAnswerInput,
  ComplaintConnection,
  ComplaintFilterInput,
  ComplaintPayload,
  ComplaintQueueRowType,
  ComplaintRecoveryInput,
  ComplaintRootCauseInput,
  ComplaintSettingsInput,
  ComplaintSettingsType,
  ComplaintStepType,
  ComplaintType,
  EscalateComplaintInput,
  FileComplaintInput,
  InvestigateComplaintInput,
  ResolveComplaintInput,
} from './complaint.types.js';

const view = (ctx: Ctx, c: Complaint) => ComplaintType.from(c, ctx.clock.now(), tenantOf(ctx));
const payload = (ctx: Ctx, c: Complaint): ComplaintPayload => ({ complaint: view(ctx, c) });
const SPLIT_KEYS = { dealer: 'DEALER', manufacturer: 'MANUFACTURER', supplier: 'SUPPLIER', customer: 'CUSTOMER', goodwill: 'GOODWILL' } as const;

@Resolver(() => ComplaintType)
export class ComplaintResolver {
  @Query(() => ComplaintConnection, {
    description:
      'Complaints the caller may read, newest first: a provider’s about itself; a manufacturer’s those that reached it (product quality, or escalated to it).',
  })
  @Permit('read', 'Complaint')
  async complaints(
    @Context() ctx: Ctx,
    @Arg('filter', () => ComplaintFilterInput, { nullable: true }) filter?: ComplaintFilterInput | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    const page = await listComplaints(ctx, filter ?? {}, { first, after });
    return { ...page, nodes: page.nodes.map((c) => view(ctx, c)) };
  }

  @Query(() => ComplaintType)
  @Permit('read', 'Complaint')
  async complaint(@Context() ctx: Ctx, @Arg('id', () => ID) id: string) {
    return view(ctx, await getComplaint(ctx, id));
  }

  @Query(() => [ComplaintType], { description: '客户投诉登记追踪表: every complaint received in [from, to), oldest first (at most 2 000).' })
  @Permit('read', 'Complaint')
  async complaintRegister(@Context() ctx: Ctx, @Arg('from', () => Date) from: Date, @Arg('to', () => Date) to: Date) {
    return (await complaintRegister(ctx, { from, to })).map((c) => view(ctx, c));
  }

  @Query(() => [ComplaintQueueRowType], { description: 'The manufacturer’s quality queue by region and dealer.' })
  @Permit('read', 'Complaint')
  async complaintQueue(@Context() ctx: Ctx) {
    return qualityQueue(ctx);
  }

  @Query(() => ComplaintSettingsType, { description: 'The complaint clock of the caller’s tenant (hours since received).' })
  @Permit('read', 'Complaint')
  async complaintSettings(@Context() ctx: Ctx) {
    return readComplaintSettings(ctx);
  }

  @FieldResolver(() => [String], { description: 'Events the caller may fire now (the portal’s action buttons).' })
  allowedEvents(@Root() c: ComplaintType, @Context() ctx: Ctx): string[] {
    return allowedEvents(ctx, ComplaintDocument, c.source);
  }

  @FieldResolver(() => Boolean, { description: 'Whether the caller records the manufacturer’s quality finding.' })
  canAssess(@Root() c: ComplaintType, @Context() ctx: Ctx): boolean {
    return ctx.ability.can('review', asSubject('Complaint', c.source));
  }

  @FieldResolver(() => [ComplaintStepType], { description: 'The full trail, oldest first.' })
  async steps(@Root() c: ComplaintType, @Context() ctx: Ctx) {
    return ((await stepsOfComplaint(ctx).load(c.id)) ?? []).map((s) => ComplaintStepType.from(s, c.dealerId));
  }

  @FieldResolver(() => String, { nullable: true })
  async dealerName(@Root() c: ComplaintType, @Context() ctx: Ctx) {
    return tenantName(ctx, c.dealerId);
  }

  @FieldResolver(() => String, { nullable: true, description: 'The customer file’s name (the provider only).' })
  async customerName(@Root() c: ComplaintType, @Context() ctx: Ctx) {
    return c.customerId && tenantOf(ctx) === c.dealerId ? ((await customerById(ctx).load(c.customerId))?.name ?? null) : null;
  }

  @FieldResolver(() => String, { nullable: true })
  async repairOrderNumber(@Root() c: ComplaintType, @Context() ctx: Ctx) {
    return c.repairOrderId && tenantOf(ctx) === c.dealerId ? ((await orderById(ctx).load(c.repairOrderId))?.number ?? null) : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'The vehicle as one line: plate · model · VIN for the provider; model · VIN for the manufacturer (no plate).',
  })
  async vehicleLabel(@Root() c: ComplaintType, @Context() ctx: Ctx) {
    if (!c.vin) return null;
    if (tenantOf(ctx) !== c.dealerId) return [c.vehicleModel, c.vin].filter(Boolean).join(' · ');
    const v = c.vehicleId ? await vehicleById(ctx).load(c.vehicleId) : null;
    return [v?.plate, c.vehicleModel, c.vin].filter(Boolean).join(' · ');
  }

  @FieldResolver(() => String, { nullable: true })
  async previousComplaintNumber(@Root() c: ComplaintType, @Context() ctx: Ctx) {
    return c.previousComplaintId ? ((await complaintById(ctx).load(c.previousComplaintId))?.number ?? null) : null;
  }

  @FieldResolver(() => [AttachmentType])
  async attachments(@Root() c: ComplaintType, @Context() ctx: Ctx) {
    return ((await attachmentsOf(ctx, 'Complaint').load(c.id)) ?? []).map(AttachmentType.from);
  }

  @Mutation(() => ComplaintPayload, { description: 'Record a complaint (phone, walk-in, letter, web): a customer file or a contact, and what it is about.' })
  @Permit('create', 'Complaint')
  @Idempotent((ctx, first) => getComplaint(ctx, first.resultId).then((c) => payload(ctx, c)))
  async fileComplaint(@Context() ctx: Ctx, @Arg('input', () => FileComplaintInput) input: FileComplaintInput) {
    return payload(ctx, await fileComplaint(ctx, input));
  }

  @Mutation(() => ComplaintPayload, { description: 'Acknowledge with the time the customer hears back next; again later to move that promise.' })
  @Permit('answer', 'Complaint')
  async acknowledgeComplaint(@Context() ctx: Ctx, @Arg('input', () => AcknowledgeComplaintInput) input: AcknowledgeComplaintInput) {
    return payload(ctx, await promiseAnswer(ctx, input));
  }

  @Mutation(() => ComplaintPayload)
  @Permit('answer', 'Complaint')
  async investigateComplaint(@Context() ctx: Ctx, @Arg('input', () => InvestigateComplaintInput) input: InvestigateComplaintInput) {
    return payload(ctx, await investigate(ctx, input));
  }

  @Mutation(() => ComplaintPayload, { description: 'The investigation’s root cause (needed before the resolution).' })
  @Permit('answer', 'Complaint')
  async recordComplaintRootCause(@Context() ctx: Ctx, @Arg('input', () => ComplaintRootCauseInput) input: ComplaintRootCauseInput) {
    return payload(ctx, await recordRootCause(ctx, input));
  }

  @Mutation(() => ComplaintPayload, { description: 'Escalate to the supervisor or to the authorising manufacturer (default), with a note.' })
  @Permit('raise', 'Complaint')
  async escalateComplaint(@Context() ctx: Ctx, @Arg('input', () => EscalateComplaintInput) input: EscalateComplaintInput) {
    return payload(ctx, await escalateComplaint(ctx, input));
  }

  @Mutation(() => ComplaintPayload, { description: 'The action, the answer to the customer, its cost and who bears it (whole percent adding up to 100).' })
  @Permit('answer', 'Complaint')
  async resolveComplaint(@Context() ctx: Ctx, @Arg('input', () => ResolveComplaintInput) input: ResolveComplaintInput) {
    const split = input.split
      ? Object.fromEntries(Object.entries(SPLIT_KEYS).map(([k, b]) => [b, (input.split as Record<string, number | null | undefined>)[k] ?? null]))
      : null;
    return payload(ctx, await resolveComplaint(ctx, { ...input, split }));
  }

  @Mutation(() => ComplaintPayload, { description: 'What the customer said of the resolution (on the phone): satisfied closes, unsatisfied reopens.' })
  @Permit('record', 'Complaint')
  async recordComplaintAnswer(@Context() ctx: Ctx, @Arg('input', () => ComplaintAnswerInput) input: ComplaintAnswerInput) {
    return payload(ctx, await recordCustomerAnswer(ctx, input));
  }

  @Mutation(() => ComplaintPayload, { description: 'The recovery task after a low rating is done (挽回): what came of the call.' })
  @Permit('record', 'Complaint')
  async completeComplaintRecovery(@Context() ctx: Ctx, @Arg('input', () => ComplaintRecoveryInput) input: ComplaintRecoveryInput) {
    return payload(ctx, await completeRecovery(ctx, input));
  }

  @Mutation(() => ComplaintPayload, { description: 'The manufacturer’s quality engineer: root cause and responsibility.' })
  @Permit('review', 'Complaint')
  async assessComplaint(@Context() ctx: Ctx, @Arg('input', () => AssessComplaintInput) input: AssessComplaintInput) {
    return payload(ctx, await assessComplaint(ctx, input));
  }

  @Mutation(() => ComplaintSettingsType, { description: 'The service admin sets the complaint clock; received complaints keep theirs.' })
  @Permit('update', 'Complaint')
  async setComplaintSettings(@Context() ctx: Ctx, @Arg('input', () => ComplaintSettingsInput) input: ComplaintSettingsInput) {
    return setComplaintSettings(ctx, input);
  }
}
