import { BigIntType, EntitySchema } from '@mikro-orm/core';
import type { PlanAction, PlanState, PlanTarget, TargetJudgement, WarningKind, WarningState } from '@asn/domain';

/** A warning or penalty (整改通知 / 警告 / 处罚) the manufacturer (tenantId) records against one of its dealers. */
export class Warning {
  id!: string;
  /** The manufacturer. */
  tenantId!: string;
  dealerId!: string;
  /** The dealer's region under the manufacturer's authorisation (its network manager's). */
  region: string | null = null;
  number!: string;
  kind!: WarningKind;
  status!: WarningState;
  title!: string;
  /** What the dealer did wrong (the notice's grounds). */
  grounds!: string;
  /** The clause of the dealer agreement (《经销商合同书》) it rests on. */
  agreementClause: string | null = null;
  amountMinor: string | null = null;
  currency: string | null = null;
  issuedAt!: Date;
  cureDays!: number;
  cureDueAt!: Date;
  appealDays!: number;
  appealDueAt!: Date;
  cureReport: string | null = null;
  cureReportedAt: Date | null = null;
  appealGrounds: string | null = null;
  appealedAt: Date | null = null;
  decisionNote: string | null = null;
  decidedAt: Date | null = null;
  closedAt: Date | null = null;
  createdBy: string | null = null;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
  version: number = 1;
}

/** An improvement plan (整改计划) the manufacturer agrees with a dealer, checked daily against the figures. */
export class ImprovementPlan {
  id!: string;
  tenantId!: string;
  dealerId!: string;
  region: string | null = null;
  number!: string;
  status!: PlanState;
  title!: string;
  reason!: string;
  warningId: string | null = null;
  targets: PlanTarget[] = [];
  actions: PlanAction[] = [];
  /** The manufacturer's local day it was agreed: the figures are summed from here. */
  activatedOn: string | null = null;
  lastCheckedOn: string | null = null;
  /** The next daily check: the manufacturer's next local midnight while ACTIVE. */
  nextCheckAt: Date | null = null;
  closedAt: Date | null = null;
  createdBy: string | null = null;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
  version: number = 1;
}

export interface PlanCheckResult {
  figureId: string;
  target: number;
  by: string;
  value: number | null;
  sample: number;
  judgement: TargetJudgement;
}

/** One daily check of a plan (the manufacturer's local day). */
export class PlanCheck {
  id!: string;
  tenantId!: string;
  dealerId!: string;
  planId!: string;
  day!: string;
  results!: PlanCheckResult[];
  overdueActions: number = 0;
  /** MET or MISSED when the check moved the plan. */
  outcome: string | null = null;
  checkedAt!: Date;
}

/** A step of a warning's or a plan's trail, read by both parties. */
export class SupervisionStep {
  id!: string;
  tenantId!: string;
  dealerId!: string;
  documentType!: 'Warning' | 'ImprovementPlan';
  documentId!: string;
  actorTenantId: string | null = null;
  actorName!: string;
  automatic = false;
  action!: string;
  fromState: string | null = null;
  toState: string | null = null;
  note: string | null = null;
  detail: Record<string, unknown> | null = null;
  occurredAt: Date = new Date();
}

const uuid = { type: 'uuid' } as const;
const uuidN = { type: 'uuid', nullable: true } as const;
const str = { type: 'string' } as const;
const strN = { type: 'string', nullable: true } as const;
const dateN = { type: 'Date', nullable: true } as const;

export const WarningSchema = new EntitySchema<Warning>({
  class: Warning,
  tableName: 'warnings',
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    dealerId: uuid,
    region: strN,
    number: str,
    kind: str,
    status: str,
    title: str,
    grounds: str,
    agreementClause: strN,
    amountMinor: { type: new BigIntType('string'), nullable: true },
    currency: strN,
    issuedAt: { type: 'Date' },
    cureDays: { type: 'integer' },
    cureDueAt: { type: 'Date' },
    appealDays: { type: 'integer' },
    appealDueAt: { type: 'Date' },
    cureReport: strN,
    cureReportedAt: dateN,
    appealGrounds: strN,
    appealedAt: dateN,
    decisionNote: strN,
    decidedAt: dateN,
    closedAt: dateN,
    createdBy: uuidN,
    createdAt: { type: 'Date' },
    updatedAt: { type: 'Date' },
    version: { type: 'integer', version: true },
  },
});

export const ImprovementPlanSchema = new EntitySchema<ImprovementPlan>({
  class: ImprovementPlan,
  tableName: 'improvement_plans',
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    dealerId: uuid,
    region: strN,
    number: str,
    status: str,
    title: str,
    reason: str,
    warningId: uuidN,
    targets: { type: 'json' },
    actions: { type: 'json' },
    activatedOn: { type: 'string', columnType: 'date', nullable: true },
    lastCheckedOn: { type: 'string', columnType: 'date', nullable: true },
    nextCheckAt: dateN,
    closedAt: dateN,
    createdBy: uuidN,
    createdAt: { type: 'Date' },
    updatedAt: { type: 'Date' },
    version: { type: 'integer', version: true },
  },
});

export const PlanCheckSchema = new EntitySchema<PlanCheck>({
  class: PlanCheck,
  tableName: 'plan_checks',
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    dealerId: uuid,
    planId: uuid,
    day: { type: 'string', columnType: 'date' },
    results: { type: 'json' },
    overdueActions: { type: 'integer' },
    outcome: strN,
    checkedAt: { type: 'Date' },
  },
});

export const SupervisionStepSchema = new EntitySchema<SupervisionStep>({
  class: SupervisionStep,
  tableName: 'supervision_steps',
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    dealerId: uuid,
    documentType: str,
    documentId: uuid,
    actorTenantId: uuidN,
    actorName: str,
    automatic: { type: 'boolean' },
    action: str,
    fromState: strN,
    toState: strN,
    note: strN,
    detail: { type: 'json', nullable: true },
    occurredAt: { type: 'Date' },
  },
});
