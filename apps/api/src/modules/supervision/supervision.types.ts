import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PLAN_STATES, WARNING_KINDS, WARNING_STATES } from '@asn/domain';
import { ConnectionType, Money } from '../../platform/graphql/common.js';
import { IdempotencyKey } from '../../platform/idempotency.js';
import { ComplaintType, MoneyInput } from '../complaints/complaint.types.js';
import { APPEAL_OUTCOMES } from './supervision.service.js';
import type { ImprovementPlan, PlanCheck, SupervisionStep, Warning } from './supervision.entity.js';

const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((s) => [s, s])) as { [K in T]: K };
export const WarningStatusEnum = enumOf(WARNING_STATES);
registerEnumType(WarningStatusEnum, {
  name: 'WarningStatus',
  description:
    'ISSUED → CURE_REPORTED → CURED (or ISSUED again when the report is rejected); APPEALED → WITHDRAWN | ISSUED | PENALTY_CONFIRMED; LAPSED at the cure due.',
});
export const WarningKindEnum = enumOf(WARNING_KINDS);
registerEnumType(WarningKindEnum, { name: 'WarningKind', description: '警告 (WARNING) or 处罚 (PENALTY, with an amount).' });
export const PlanStatusEnum = enumOf(PLAN_STATES);
registerEnumType(PlanStatusEnum, {
  name: 'ImprovementPlanStatus',
  description: 'DRAFT → ACTIVE → MET | MISSED (the daily check) | CLOSED (the manufacturer).',
});
export const AppealOutcomeEnum = enumOf(APPEAL_OUTCOMES);
registerEnumType(AppealOutcomeEnum, {
  name: 'AppealOutcome',
  description: 'UPHOLD (withdrawn), DISMISS (the cure is still due), CONFIRM_PENALTY (a penalty stands).',
});
export const TargetJudgementEnum = enumOf(['MEETS', 'BELOW', 'TOO_FEW'] as const);
registerEnumType(TargetJudgementEnum, { name: 'TargetJudgement' });

const money = (amountMinor: string, currency: string) => Object.assign(new Money(), { amountMinor, currency });

@ObjectType('SupervisionStep', { description: 'A step of a warning’s or a plan’s trail (both parties read it).' })
export class SupervisionStepType {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'The event (REPORT_CURE, APPEAL, …) or change (created, actionDone, checked).' }) action!: string;
  @Field(() => String, { nullable: true }) fromState!: string | null;
  @Field(() => String, { nullable: true }) toState!: string | null;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => String) actorName!: string;
  @Field(() => Boolean, { description: 'Whether the step was written by the dealer (else the manufacturer or the system).' }) byDealer!: boolean;
  @Field(() => Boolean) automatic!: boolean;
  @Field(() => Date) occurredAt!: Date;

  static from(s: SupervisionStep): SupervisionStepType {
    return Object.assign(new SupervisionStepType(), {
      id: s.id,
      action: s.action,
      fromState: s.fromState,
      toState: s.toState,
      note: s.note,
      actorName: s.actorName,
      byDealer: s.actorTenantId === s.dealerId,
      automatic: s.automatic,
      occurredAt: s.occurredAt,
    });
  }
}

@ObjectType('Warning', { description: 'A warning or penalty (整改通知/警告/处罚) against a dealer under its dealer agreement.' })
export class WarningType {
  source!: Warning;
  @Field(() => ID) id!: string;
  @Field(() => String) number!: string;
  @Field(() => ID, { description: 'The manufacturer that issued it.' }) manufacturerId!: string;
  @Field(() => ID) dealerId!: string;
  @Field(() => String, { nullable: true }) region!: string | null;
  @Field(() => WarningKindEnum) kind!: string;
  @Field(() => WarningStatusEnum) status!: string;
  @Field(() => String) title!: string;
  @Field(() => String) grounds!: string;
  @Field(() => String, { nullable: true }) agreementClause!: string | null;
  @Field(() => Money, { nullable: true, description: 'A penalty’s amount.' }) amount!: Money | null;
  @Field(() => Date) issuedAt!: Date;
  @Field(() => Int) cureDays!: number;
  @Field(() => Date, { description: 'The end of the manufacturer’s local day the cure is due: still ISSUED then, it lapses.' }) cureDueAt!: Date;
  @Field(() => Date, { description: 'Until when the dealer may appeal (once).' }) appealDueAt!: Date;
  @Field(() => String, { nullable: true }) cureReport!: string | null;
  @Field(() => Date, { nullable: true }) cureReportedAt!: Date | null;
  @Field(() => String, { nullable: true }) appealGrounds!: string | null;
  @Field(() => Date, { nullable: true }) appealedAt!: Date | null;
  @Field(() => String, { nullable: true }) decisionNote!: string | null;
  @Field(() => Date, { nullable: true }) decidedAt!: Date | null;
  @Field(() => Date, { nullable: true }) closedAt!: Date | null;
  @Field(() => Boolean, { description: 'Past the cure due while ISSUED (the lapse job will move it).' }) overdue!: boolean;
  @Field(() => Int) version!: number;

  static from(w: Warning, now: Date): WarningType {
    return Object.assign(new WarningType(), {
      source: w,
      id: w.id,
      number: w.number,
      manufacturerId: w.tenantId,
      dealerId: w.dealerId,
      region: w.region,
      kind: w.kind,
      status: w.status,
      title: w.title,
      grounds: w.grounds,
      agreementClause: w.agreementClause,
      amount: w.amountMinor && w.currency ? money(String(w.amountMinor), w.currency) : null,
      issuedAt: w.issuedAt,
      cureDays: w.cureDays,
      cureDueAt: w.cureDueAt,
      appealDueAt: w.appealDueAt,
      cureReport: w.cureReport,
      cureReportedAt: w.cureReportedAt,
      appealGrounds: w.appealGrounds,
      appealedAt: w.appealedAt,
      decisionNote: w.decisionNote,
      decidedAt: w.decidedAt,
      closedAt: w.closedAt,
      overdue: w.status === 'ISSUED' && now.getTime() >= new Date(w.cureDueAt).getTime(),
      version: w.version,
    });
  }
}
export const WarningConnection = ConnectionType(WarningType, 'WarningConnection');

@ObjectType('WarningPayload')
export class WarningPayload {
  @Field(() => WarningType) warning!: WarningType;
}

@ObjectType('PlanTarget')
export class PlanTargetType {
  @Field(() => String, { description: 'A figure id (docs/figures.md) with a direction.' }) figureId!: string;
  @Field(() => Float, { description: 'In the figure’s unit; rates 0..1.' }) target!: number;
  @Field(() => String, { description: 'The day (YYYY-MM-DD) it is to be met by.' }) by!: string;
}

@ObjectType('PlanAction')
export class PlanActionType {
  @Field(() => Int) index!: number;
  @Field(() => String) text!: string;
  @Field(() => String, { description: 'Who is responsible (a name).' }) owner!: string;
  @Field(() => String) due!: string;
  @Field(() => String, { nullable: true }) doneAt!: string | null;
  @Field(() => Boolean, { description: 'Due before today (the manufacturer’s day) and not done.' }) overdue!: boolean;
}

@ObjectType('PlanTargetResult')
export class PlanTargetResultType {
  @Field(() => String) figureId!: string;
  @Field(() => Float) target!: number;
  @Field(() => String) by!: string;
  @Field(() => Float, { nullable: true }) value!: number | null;
  @Field(() => Int) sample!: number;
  @Field(() => TargetJudgementEnum) judgement!: string;
}

@ObjectType('PlanCheck', { description: 'A daily check of a plan against the figures.' })
export class PlanCheckType {
  @Field(() => String) day!: string;
  @Field(() => [PlanTargetResultType]) results!: PlanTargetResultType[];
  @Field(() => Int) overdueActions!: number;
  @Field(() => String, { nullable: true, description: 'MET or MISSED when this check moved the plan.' }) outcome!: string | null;
  @Field(() => Date) checkedAt!: Date;

  static from(c: PlanCheck): PlanCheckType {
    return Object.assign(new PlanCheckType(), {
      day: c.day,
      results: c.results,
      overdueActions: c.overdueActions,
      outcome: c.outcome,
      checkedAt: c.checkedAt,
    });
  }
}

@ObjectType('ImprovementPlan', { description: 'An improvement plan (整改计划): targets on the figures, actions with owners, checked daily.' })
export class ImprovementPlanType {
  source!: ImprovementPlan;
  @Field(() => ID) id!: string;
  @Field(() => String) number!: string;
  @Field(() => ID) manufacturerId!: string;
  @Field(() => ID) dealerId!: string;
  @Field(() => String, { nullable: true }) region!: string | null;
  @Field(() => PlanStatusEnum) status!: string;
  @Field(() => String) title!: string;
  @Field(() => String) reason!: string;
  @Field(() => ID, { nullable: true }) warningId!: string | null;
  @Field(() => [PlanTargetType]) targets!: PlanTargetType[];
  @Field(() => [PlanActionType]) actions!: PlanActionType[];
  @Field(() => String, { nullable: true }) activatedOn!: string | null;
  @Field(() => String, { nullable: true }) lastCheckedOn!: string | null;
  @Field(() => Date, { nullable: true }) nextCheckAt!: Date | null;
  @Field(() => Date, { nullable: true }) closedAt!: Date | null;
  @Field(() => Int) version!: number;

  static from(p: ImprovementPlan, today: string): ImprovementPlanType {
    return Object.assign(new ImprovementPlanType(), {
      source: p,
      id: p.id,
      number: p.number,
      manufacturerId: p.tenantId,
      dealerId: p.dealerId,
      region: p.region,
      status: p.status,
      title: p.title,
      reason: p.reason,
      warningId: p.warningId,
      targets: p.targets,
      actions: p.actions.map((a, index) => ({ index, ...a, overdue: p.status === 'ACTIVE' && !a.doneAt && a.due < today })),
      activatedOn: p.activatedOn,
      lastCheckedOn: p.lastCheckedOn,
      nextCheckAt: p.nextCheckAt,
      closedAt: p.closedAt,
      version: p.version,
    });
  }
}
export const ImprovementPlanConnection = ConnectionType(ImprovementPlanType, 'ImprovementPlanConnection');

@ObjectType('ImprovementPlanPayload')
export class ImprovementPlanPayload {
  @Field(() => ImprovementPlanType) plan!: ImprovementPlanType;
}

@ObjectType('WeeklyFigure')
export class WeeklyFigureType {
  @Field(() => String) figureId!: string;
  @Field(() => Float, { nullable: true }) value!: number | null;
  @Field(() => Int) sample!: number;
  @Field(() => Boolean) tooFew!: boolean;
  @Field(() => Float, { nullable: true }) target!: number | null;
  @Field(() => String, { description: 'MEETS, BELOW, TOO_FEW or NO_TARGET.' }) judgement!: string;
}

@ObjectType('MeasureSum')
export class MeasureSumType {
  @Field(() => String) measure!: string;
  @Field(() => Float) value!: number;
}

@ObjectType('FollowUpFinding', {
  description: 'A follow-up call (回访) of the week with a finding: the customer not reached, unsatisfied (1–3 of 5), or a complaint raised.',
})
export class FollowUpFindingType {
  @Field(() => ID) id!: string;
  @Field(() => Int) callNo!: number;
  @Field(() => Date) doneAt!: Date;
  @Field(() => Boolean) reached!: boolean;
  @Field(() => Int, { nullable: true, description: '1–5.' }) satisfaction!: number | null;
  @Field(() => String, { nullable: true }) vehicleCondition!: string | null;
  @Field(() => String, { nullable: true }) remarks!: string | null;
  @Field(() => String) repairOrderNumber!: string;
  @Field(() => String, { nullable: true }) customerName!: string | null;
  @Field(() => String, { nullable: true, description: 'The complaint raised in the call.' }) complaintNumber!: string | null;
}

@ObjectType('ServiceQualityWeek', { description: '《服务质量周报》: a dealer’s complaints received in the week and its follow-up and satisfaction figures.' })
export class ServiceQualityWeekType {
  @Field(() => ID) dealerId!: string;
  @Field(() => String, { description: 'Monday (YYYY-MM-DD).' }) from!: string;
  @Field(() => String, { description: 'Sunday.' }) to!: string;
  @Field(() => [ComplaintType], {
    description: 'The week’s complaints the viewer may read (the dealer: all of its own; the manufacturer: those that reached it).',
  })
  complaints!: ComplaintType[];
  @Field(() => [WeeklyFigureType]) figures!: WeeklyFigureType[];
  @Field(() => [MeasureSumType], { description: 'The week’s fu.*, sat.* and cp.* measures.' }) measures!: MeasureSumType[];
  @Field(() => [FollowUpFindingType], {
    description:
      'The dealer’s own follow-up calls done in the week with a finding, oldest first (at most 200): only for the dealer (the records stay its own; the manufacturer reads the counts in `measures`).',
  })
  followUpFindings!: FollowUpFindingType[];
}

@InputType()
export class SupervisionFilterInput {
  @Field(() => [String], { nullable: true }) status?: string[] | null;
  @Field(() => ID, { nullable: true }) dealerId?: string | null;
  @Field(() => String, { nullable: true }) region?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Only open ones (warnings ISSUED, CURE_REPORTED, APPEALED; plans DRAFT, ACTIVE).' }) open?:
    boolean | null;
  @Field(() => WarningKindEnum, { nullable: true, description: 'Warnings only.' }) kind?: string | null;
}

@InputType()
export class IssueWarningInput {
  @Field(() => ID) dealerId!: string;
  @Field(() => WarningKindEnum) kind!: string;
  @Field(() => String) title!: string;
  @Field(() => String) grounds!: string;
  @Field(() => String, { nullable: true }) agreementClause?: string | null;
  @Field(() => MoneyInput, { nullable: true, description: 'A penalty’s amount (required for PENALTY, none for WARNING).' }) amount?: MoneyInput | null;
  @Field(() => Int, { description: 'Days to cure (1–90): due at the end of the local day.' }) cureDays!: number;
  @Field(() => Int, { nullable: true, description: 'Days to appeal (1–90, default 7).' }) appealDays?: number | null;
  @IdempotencyKey() idempotencyKey?: string | null;
}

@InputType()
export class WarningRef {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
}

@InputType()
export class ReportWarningCureInput extends WarningRef {
  @Field(() => String) report!: string;
}

@InputType()
export class DecideWarningCureInput extends WarningRef {
  @Field(() => Boolean) accept!: boolean;
  @Field(() => String, { nullable: true, description: 'Required when rejecting.' }) note?: string | null;
}

@InputType()
export class AppealWarningInput extends WarningRef {
  @Field(() => String) grounds!: string;
}

@InputType()
export class DecideWarningAppealInput extends WarningRef {
  @Field(() => AppealOutcomeEnum) outcome!: 'UPHOLD' | 'DISMISS' | 'CONFIRM_PENALTY';
  @Field(() => String) note!: string;
}

@InputType()
export class PlanTargetInput {
  @Field(() => String) figureId!: string;
  @Field(() => Float) target!: number;
  @Field(() => String) by!: string;
}

@InputType()
export class PlanActionInput {
  @Field(() => String) text!: string;
  @Field(() => String) owner!: string;
  @Field(() => String) due!: string;
}

@InputType()
export class CreateImprovementPlanInput {
  @Field(() => ID) dealerId!: string;
  @Field(() => String) title!: string;
  @Field(() => String) reason!: string;
  @Field(() => ID, { nullable: true }) warningId?: string | null;
  @Field(() => [PlanTargetInput]) targets!: PlanTargetInput[];
  @Field(() => [PlanActionInput]) actions!: PlanActionInput[];
  @IdempotencyKey() idempotencyKey?: string | null;
}

@InputType()
export class PlanRef {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
}

@InputType()
export class ClosePlanInput extends PlanRef {
  @Field(() => String) note!: string;
}

@InputType()
export class MarkPlanActionDoneInput extends PlanRef {
  @Field(() => Int) index!: number;
  @Field(() => String, { nullable: true }) note?: string | null;
}
