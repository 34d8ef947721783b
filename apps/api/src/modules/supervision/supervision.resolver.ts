import { Arg, Ctx as Context, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { tenantOf, type Ctx } from '../../platform/context.js';
import { allowedEvents } from '../../platform/documents/index.js';
import { Idempotent } from '../../platform/idempotency.js';
import { Permit } from '../../platform/permissions.js';
import { tenantDay } from '../../platform/tenant-time.js';
import { tenantName } from '../tenants/tenant.service.js';
import { ComplaintType } from '../complaints/complaint.types.js';
import { ImprovementPlanDocument, WarningDocument } from './supervision.document.js';
import type { ImprovementPlan, Warning } from './supervision.entity.js';
import { checksOf, getPlan, getWarning, listPlans, listWarnings, stepsOf, weeklyReport } from './supervision.queries.js';
import {
  activatePlan,
  appealWarning,
  closePlan,
  createPlan,
  decideAppeal,
  decideCure,
  issueWarning,
  markActionDone,
  reportCure,
} from './supervision.service.js';
import {
  AppealWarningInput,
  ClosePlanInput,
  CreateImprovementPlanInput,
  DecideWarningAppealInput,
  DecideWarningCureInput,
  ImprovementPlanConnection,
  ImprovementPlanPayload,
  ImprovementPlanType,
  IssueWarningInput,
  MarkPlanActionDoneInput,
  PlanCheckType,
  PlanRef,
  ReportWarningCureInput,
  ServiceQualityWeekType,
  SupervisionFilterInput,
  SupervisionStepType,
  WarningConnection,
  WarningPayload,
  WarningType,
} from './supervision.types.js';

const warningView = (ctx: Ctx, w: Warning) => WarningType.from(w, ctx.clock.now());
const warningPayload = (ctx: Ctx, w: Warning): WarningPayload => ({ warning: warningView(ctx, w) });
const planView = async (ctx: Ctx, p: ImprovementPlan) => ImprovementPlanType.from(p, await tenantDay(ctx, ctx.clock.now(), p.tenantId));
const planPayload = async (ctx: Ctx, p: ImprovementPlan): Promise<ImprovementPlanPayload> => ({ plan: await planView(ctx, p) });

@Resolver(() => WarningType)
export class WarningResolver {
  @Query(() => WarningConnection, {
    description: 'Warnings and penalties, newest first: the manufacturer’s (a network manager: its regions), or those against the dealer.',
  })
  @Permit('read', 'Warning')
  async warnings(
    @Context() ctx: Ctx,
    @Arg('filter', () => SupervisionFilterInput, { nullable: true }) filter?: SupervisionFilterInput | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    const page = await listWarnings(ctx, filter ?? {}, { first, after });
    return { ...page, nodes: page.nodes.map((w) => warningView(ctx, w)) };
  }

  @Query(() => WarningType)
  @Permit('read', 'Warning')
  async warning(@Context() ctx: Ctx, @Arg('id', () => ID) id: string) {
    return warningView(ctx, await getWarning(ctx, id));
  }

  @Query(() => ServiceQualityWeekType, {
    description: '《服务质量周报》 of a dealer for the week (Monday–Sunday) containing `day`: the dealer itself, or a dealer the manufacturer supervises.',
  })
  @Permit('read', 'Warning')
  async serviceQualityWeek(@Context() ctx: Ctx, @Arg('dealerId', () => ID) dealerId: string, @Arg('day', () => String) day: string) {
    const r = await weeklyReport(ctx, dealerId, day);
    const now = ctx.clock.now();
    return { ...r, complaints: r.complaints.map((c) => ComplaintType.from(c, now, tenantOf(ctx))) };
  }

  @FieldResolver(() => [String], { description: 'Events the caller may fire now (the portal’s action buttons).' })
  allowedEvents(@Root() w: WarningType, @Context() ctx: Ctx): string[] {
    return allowedEvents(ctx, WarningDocument, w.source);
  }

  @FieldResolver(() => [SupervisionStepType], { description: 'The trail, oldest first.' })
  async steps(@Root() w: WarningType, @Context() ctx: Ctx) {
    return ((await stepsOf(ctx).load(w.id)) ?? []).map(SupervisionStepType.from);
  }

  @FieldResolver(() => String, { nullable: true })
  async dealerName(@Root() w: WarningType, @Context() ctx: Ctx) {
    return tenantName(ctx, w.dealerId);
  }

  @FieldResolver(() => String, { nullable: true })
  async manufacturerName(@Root() w: WarningType, @Context() ctx: Ctx) {
    return tenantName(ctx, w.manufacturerId);
  }

  @Mutation(() => WarningPayload, { description: 'Issue a warning or a penalty to a dealer the manufacturer authorises (a network manager: its regions).' })
  @Permit('create', 'Warning')
  @Idempotent((ctx, first) => getWarning(ctx, first.resultId).then((w) => warningPayload(ctx, w)))
  async issueWarning(@Context() ctx: Ctx, @Arg('input', () => IssueWarningInput) input: IssueWarningInput) {
    return warningPayload(ctx, await issueWarning(ctx, input));
  }

  @Mutation(() => WarningPayload, { description: 'The dealer reports what it did to cure (while ISSUED).' })
  @Permit('answer', 'Warning')
  async reportWarningCure(@Context() ctx: Ctx, @Arg('input', () => ReportWarningCureInput) input: ReportWarningCureInput) {
    return warningPayload(ctx, await reportCure(ctx, input));
  }

  @Mutation(() => WarningPayload, { description: 'The manufacturer accepts the cure (CURED) or rejects the report with a reason (ISSUED again).' })
  @Permit('review', 'Warning')
  async decideWarningCure(@Context() ctx: Ctx, @Arg('input', () => DecideWarningCureInput) input: DecideWarningCureInput) {
    return warningPayload(ctx, await decideCure(ctx, input));
  }

  @Mutation(() => WarningPayload, { description: 'The dealer appeals, once, within the appeal window, with its grounds.' })
  @Permit('raise', 'Warning')
  async appealWarning(@Context() ctx: Ctx, @Arg('input', () => AppealWarningInput) input: AppealWarningInput) {
    return warningPayload(ctx, await appealWarning(ctx, input));
  }

  @Mutation(() => WarningPayload, { description: 'The manufacturer decides the appeal: UPHOLD, DISMISS, or CONFIRM_PENALTY.' })
  @Permit('review', 'Warning')
  async decideWarningAppeal(@Context() ctx: Ctx, @Arg('input', () => DecideWarningAppealInput) input: DecideWarningAppealInput) {
    return warningPayload(ctx, await decideAppeal(ctx, input));
  }
}

@Resolver(() => ImprovementPlanType)
export class ImprovementPlanResolver {
  @Query(() => ImprovementPlanConnection, { description: 'Improvement plans, newest first (the dealer: its agreed plans).' })
  @Permit('read', 'ImprovementPlan')
  async improvementPlans(
    @Context() ctx: Ctx,
    @Arg('filter', () => SupervisionFilterInput, { nullable: true }) filter?: SupervisionFilterInput | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    const page = await listPlans(ctx, filter ?? {}, { first, after });
    return { ...page, nodes: await Promise.all(page.nodes.map((p) => planView(ctx, p))) };
  }

  @Query(() => ImprovementPlanType)
  @Permit('read', 'ImprovementPlan')
  async improvementPlan(@Context() ctx: Ctx, @Arg('id', () => ID) id: string) {
    return planView(ctx, await getPlan(ctx, id));
  }

  @FieldResolver(() => [String], { description: 'Events the caller may fire now.' })
  allowedEvents(@Root() p: ImprovementPlanType, @Context() ctx: Ctx): string[] {
    return allowedEvents(ctx, ImprovementPlanDocument, p.source);
  }

  @FieldResolver(() => [PlanCheckType], { description: 'The daily checks, newest first (at most `last`, default 7).' })
  async checks(@Root() p: ImprovementPlanType, @Context() ctx: Ctx, @Arg('last', () => Int, { nullable: true }) last?: number | null) {
    const n = Math.min(Math.max(last ?? 7, 1), 100);
    return ((await checksOf(ctx).load(p.id)) ?? []).slice(0, n).map(PlanCheckType.from);
  }

  @FieldResolver(() => [SupervisionStepType], { description: 'The trail, oldest first.' })
  async steps(@Root() p: ImprovementPlanType, @Context() ctx: Ctx) {
    return ((await stepsOf(ctx).load(p.id)) ?? []).map(SupervisionStepType.from);
  }

  @FieldResolver(() => String, { nullable: true })
  async dealerName(@Root() p: ImprovementPlanType, @Context() ctx: Ctx) {
    return tenantName(ctx, p.dealerId);
  }

  @Mutation(() => ImprovementPlanPayload, {
    description: 'The manufacturer drafts a plan for a dealer it authorises: targets on figures, actions with owners.',
  })
  @Permit('create', 'ImprovementPlan')
  @Idempotent((ctx, first) => getPlan(ctx, first.resultId).then((p) => planPayload(ctx, p)))
  async createImprovementPlan(@Context() ctx: Ctx, @Arg('input', () => CreateImprovementPlanInput) input: CreateImprovementPlanInput) {
    return planPayload(ctx, await createPlan(ctx, input));
  }

  @Mutation(() => ImprovementPlanPayload, { description: 'The plan is agreed: ACTIVE, checked every local midnight from now on.' })
  @Permit('approve', 'ImprovementPlan')
  async activateImprovementPlan(@Context() ctx: Ctx, @Arg('input', () => PlanRef) input: PlanRef) {
    return planPayload(ctx, await activatePlan(ctx, input));
  }

  @Mutation(() => ImprovementPlanPayload, { description: 'The dealer marks an action of its active plan done (today).' })
  @Permit('record', 'ImprovementPlan')
  async markPlanActionDone(@Context() ctx: Ctx, @Arg('input', () => MarkPlanActionDoneInput) input: MarkPlanActionDoneInput) {
    return planPayload(ctx, await markActionDone(ctx, input));
  }

  @Mutation(() => ImprovementPlanPayload, { description: 'The manufacturer closes a plan, with a note.' })
  @Permit('cancel', 'ImprovementPlan')
  async closeImprovementPlan(@Context() ctx: Ctx, @Arg('input', () => ClosePlanInput) input: ClosePlanInput) {
    return planPayload(ctx, await closePlan(ctx, input));
  }
}
