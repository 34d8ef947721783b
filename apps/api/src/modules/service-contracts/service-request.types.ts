import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import {
  elapsedAt,
  isWorkingAt,
  pausedAt,
  type FaultSeverity,
  type ServiceRequestChannel,
  type ServiceRequestState,
  type SlaClockState,
  type SlaMetric,
  type WorkingCalendar,
} from '@asn/domain';
import { ConnectionType } from '../../platform/graphql/common.js';
import { IdempotencyKey } from '../../platform/idempotency.js';
import { ServiceRequestChannelEnum, ServiceRequestStatusEnum, SlaClockStateEnum, SlaMetricEnum, VersionedInput } from './contract.types.js';
import type { ServiceRequest, ServiceRequestStep, SlaClockRow } from './service-request.entity.js';
import { asClock } from './sla.clocks.js';

const MIN = 60_000;
const ORDER: SlaMetric[] = ['FIRST_REPLY', 'ON_SITE', 'PARTS', 'RESOLUTION'];

@ObjectType('SlaClock', {
  description: 'One SLA clock: counted in working minutes of the contract’s basis; dueAt is when its target passes if it keeps counting.',
})
export class SlaClockType {
  @Field(() => SlaMetricEnum) metric!: SlaMetric;
  @Field(() => SlaClockStateEnum) state!: SlaClockState;
  @Field(() => Int, { nullable: true, description: 'null: the severity promises nothing for this metric' }) targetMinutes!: number | null;
  @Field(() => Int) elapsedMinutes!: number;
  @Field(() => Int) pausedMinutes!: number;
  @Field(() => Int, { nullable: true, description: 'Working minutes left now (negative: over).' }) remainingMinutes!: number | null;
  @Field(() => Date, { nullable: true }) dueAt!: Date | null;
  @Field(() => Date, { nullable: true }) warnAt!: Date | null;
  @Field(() => Date, { nullable: true }) metAt!: Date | null;
  @Field(() => Date, { nullable: true }) breachedAt!: Date | null;
  @Field(() => Date, { nullable: true }) warnedAt!: Date | null;
  @Field({ description: 'Counting this very minute (running, and the provider is in working time): the browser ticks only then.' }) countingNow!: boolean;
  static from(row: SlaClockRow, cal: WorkingCalendar, now: Date): SlaClockType {
    const c = asClock(row);
    const elapsed = elapsedAt(c, cal, now);
    return Object.assign(new SlaClockType(), {
      metric: c.metric,
      state: c.state,
      targetMinutes: c.targetMs === null ? null : Math.round(c.targetMs / MIN),
      elapsedMinutes: Math.floor(elapsed / MIN),
      pausedMinutes: Math.floor(pausedAt(c, cal, now) / MIN),
      remainingMinutes: c.targetMs === null || c.metAt ? null : Math.ceil((c.targetMs - elapsed) / MIN),
      dueAt: row.dueAt,
      warnAt: row.warnAt,
      metAt: c.metAt,
      breachedAt: c.breachedAt,
      warnedAt: c.warnedAt,
      countingNow: !!c.runningSince && isWorkingAt(cal, now),
    });
  }
  static sorted(rows: readonly SlaClockRow[], cal: WorkingCalendar, now: Date): SlaClockType[] {
    return [...rows].sort((a, b) => ORDER.indexOf(a.metric) - ORDER.indexOf(b.metric)).map((r) => SlaClockType.from(r, cal, now));
  }
}

@ObjectType('ServiceRequestStep')
export class RequestStepType {
  @Field() action!: string;
  @Field() actorName!: string;
  @Field() byCustomer!: boolean;
  @Field() automatic!: boolean;
  @Field(() => String, { nullable: true }) fromState!: string | null;
  @Field(() => String, { nullable: true }) toState!: string | null;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => GraphQLJSONObject, { nullable: true }) detail!: Record<string, unknown> | null;
  @Field() occurredAt!: Date;
  static from(s: ServiceRequestStep): RequestStepType {
    return Object.assign(new RequestStepType(), {
      action: s.action,
      actorName: s.byCustomer ? 'customer' : s.actorName,
      byCustomer: s.byCustomer,
      automatic: s.automatic,
      fromState: s.fromState,
      toState: s.toState,
      note: s.note,
      detail: s.detail,
      occurredAt: s.occurredAt,
    });
  }
}

@ObjectType('ServiceRequest')
export class RequestType {
  source!: ServiceRequest;
  @Field(() => ID) id!: string;
  @Field() number!: string;
  @Field(() => ServiceRequestStatusEnum) status!: ServiceRequestState;
  @Field(() => Int) severity!: FaultSeverity;
  @Field(() => ServiceRequestChannelEnum) channel!: ServiceRequestChannel;
  @Field(() => String, { nullable: true }) vin!: string | null;
  @Field() description!: string;
  @Field(() => String, { nullable: true }) location!: string | null;
  @Field(() => String, { nullable: true }) contactName!: string | null;
  @Field() reportedAt!: Date;
  @Field(() => Date, { nullable: true }) firstRepliedAt!: Date | null;
  @Field(() => Date, { nullable: true }) onSiteAt!: Date | null;
  @Field(() => Date, { nullable: true }) partsAt!: Date | null;
  @Field(() => Date, { nullable: true }) resolvedAt!: Date | null;
  @Field(() => Date, { nullable: true }) closedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'What the provider asked the customer (while it waits).' }) question!: string | null;
  @Field(() => String, { nullable: true }) resolution!: string | null;
  @Field(() => ID) contractId!: string;
  @Field(() => ID, { nullable: true }) repairOrderId!: string | null;
  @Field(() => Int) version!: number;
  static from(r: ServiceRequest): RequestType {
    return Object.assign(new RequestType(), { source: r, ...r });
  }
}

export const ServiceRequestConnection = ConnectionType(RequestType, 'ServiceRequestConnection');

@InputType('ServiceRequestFilterInput')
export class RequestFilterInput {
  @Field(() => Boolean, { nullable: true }) open?: boolean | null;
  @Field(() => Boolean, { nullable: true }) breached?: boolean | null;
  @Field(() => ServiceRequestStatusEnum, { nullable: true }) status?: ServiceRequestState | null;
  @Field(() => ID, { nullable: true }) contractId?: string | null;
}

@InputType('ReportServiceRequestInput')
export class ReportRequestInput {
  @Field(() => ID) contractId!: string;
  @Field(() => Int) severity!: number;
  @Field() description!: string;
  @Field(() => String, { nullable: true }) vin?: string | null;
  @Field(() => String, { nullable: true }) location?: string | null;
  @Field(() => String, { nullable: true }) contactName?: string | null;
  @Field(() => String, { nullable: true }) contactPhone?: string | null;
  @Field(() => ServiceRequestChannelEnum, { nullable: true }) channel?: ServiceRequestChannel | null;
  @IdempotencyKey() idempotencyKey?: string | null;
}

@InputType('ServiceRequestStepInput')
export class RequestStepInput extends VersionedInput {
  @Field(() => String, { nullable: true }) note?: string | null;
}

@InputType('ReplyServiceRequestInput')
export class ReplyInput extends VersionedInput {
  @Field() message!: string;
}

@InputType('AskServiceRequestCustomerInput')
export class AskInput extends VersionedInput {
  @Field() question!: string;
}

@InputType('ServiceRequestAnswerInput')
export class AnswerInput extends VersionedInput {
  @Field() answer!: string;
}

@InputType('ResolveServiceRequestInput')
export class ResolveInput extends VersionedInput {
  @Field() resolution!: string;
}

@InputType('ServiceRequestSeverityInput')
export class SeverityInput extends VersionedInput {
  @Field(() => Int) severity!: number;
  @Field() reason!: string;
}

@InputType('ServiceRequestRefInput')
export class RequestRefInput extends VersionedInput {}

@ObjectType('ServiceRequestPayload')
export class RequestPayload {
  @Field(() => RequestType) request!: RequestType;
}

// --- the customer's contract page

@InputType('ContractAccessInput')
export class ContractAccessInput {
  @Field() token!: string;
  @Field() phoneLast4!: string;
}

@InputType('ReportFaultByLinkInput')
export class ReportFaultByLinkInput extends ContractAccessInput {
  @Field(() => Int) severity!: number;
  @Field() description!: string;
  @Field(() => String, { nullable: true }) vin?: string | null;
  @Field(() => String, { nullable: true }) location?: string | null;
  @Field(() => String, { nullable: true }) contactName?: string | null;
  @Field(() => String, { nullable: true }) contactPhone?: string | null;
  @IdempotencyKey() idempotencyKey?: string | null;
}

@InputType('AnswerServiceRequestByLinkInput')
export class AnswerByLinkInput extends ContractAccessInput {
  @Field(() => ID) requestId!: string;
  @Field() answer!: string;
}

@InputType('ConfirmServiceRequestByLinkInput')
export class ConfirmByLinkInput extends ContractAccessInput {
  @Field(() => ID) requestId!: string;
  @Field() satisfied!: boolean;
  @Field(() => String, { nullable: true }) note?: string | null;
}
