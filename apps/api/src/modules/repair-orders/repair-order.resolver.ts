import { Arg, Ctx as Context, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { maskPhone, type RepairOrderState } from '@asn/domain';
import { allowedEvents } from '../../platform/documents/index.js';
import { RepairOrderDocument } from './repair-order.document.js';
import type { RepairOrder } from './repair-order.entity.js';
import type { Ctx } from '../../platform/context.js';
import { inTx } from '../../platform/context.js';
import { AuditEntry } from '../../platform/db/entities.js';
import { Permit } from '../../platform/permissions.js';
import { Idempotent } from '../../platform/idempotency.js';
import { DomainError } from '@asn/domain';
import { AuditEntryType } from '../audit/audit.types.js';
import { customerById, vehicleById } from '../customers/customer.service.js';
import { CustomerType, VehicleType } from '../customers/customer.types.js';
import * as svc from './repair-order.service.js';
import {
  AppointmentSlot,
  CancelInput,
  CheckInInput,
  ClockLineInput,
  CreateRepairOrderInput,
  DecideAdditionalWorkInput,
  DecideEstimateInput,
  DeliverInput,
  DiagnoseInput,
  DispatchInput,
  EstimateInput,
  OrderRef,
  PartsWaitInput,
  ProposeAdditionalWorkInput,
  QcInput,
  RepairOrderConnection,
  RepairOrderLineType,
  RepairOrderPayload,
  RepairOrderStatusEnum,
  RepairOrderTotals,
  RepairOrderType,
  SettleInput,
  money,
  CustomerNoticeType,
} from './repair-order.types.js';

const payload = (o: Parameters<typeof RepairOrderType.from>[0]): RepairOrderPayload => ({ repairOrder: RepairOrderType.from(o) });

/** Totals in minor units as the GraphQL type, in the order's currency. */
function totalsType(t: ReturnType<typeof svc.totalsOf>, currency: string): RepairOrderTotals {
  return {
    byPayType: Object.entries(t.byPayType).map(([payType, amount]) => ({ payType: payType as never, amount: money(amount, currency) })),
    labour: money(t.labour, currency),
    parts: money(t.parts, currency),
    gross: money(t.gross, currency),
    discount: money(t.discount, currency),
    customerPays: money(t.customerPays, currency),
  };
}

/** The staff member recording a customer's answer. */
const staffName = (ctx: Ctx): string | null => ctx.principal?.displayName ?? null;

@Resolver(() => RepairOrderType)
export class RepairOrderResolver {
  @Query(() => RepairOrderConnection, { description: 'Repair orders of the workshop, newest first (the workshop board filters by status).' })
  @Permit('read', 'RepairOrder')
  async repairOrders(
    @Context() ctx: Ctx,
    @Arg('status', () => [RepairOrderStatusEnum], { nullable: true }) status: RepairOrderState[] | null,
    @Arg('vehicleId', () => ID, { nullable: true }) vehicleId: string | null,
    @Arg('customerId', () => ID, { nullable: true }) customerId: string | null,
    @Arg('technicianId', () => ID, { nullable: true, description: 'Orders dispatched to this technician (the job list).' }) technicianId: string | null,
    @Arg('onSite', () => Boolean, { nullable: true, description: 'Only on-site (true) or workshop (false) orders.' }) onSite: boolean | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
    @Arg('chased', () => Boolean, { nullable: true, description: 'Only orders whose customer chased (催单) and the desk has not answered yet.' })
    chased?: boolean | null,
  ): Promise<InstanceType<typeof RepairOrderConnection>> {
    const page = await svc.listRepairOrders(ctx, { status, vehicleId, customerId, technicianId, onSite, chased, first, after });
    return { ...page, nodes: page.nodes.map(RepairOrderType.from) };
  }

  @Query(() => RepairOrderType)
  @Permit('read', 'RepairOrder')
  async repairOrder(@Context() ctx: Ctx, @Arg('id', () => ID) id: string): Promise<RepairOrderType> {
    return RepairOrderType.from(await svc.getRepairOrder(ctx, id));
  }

  @Query(() => [AppointmentSlot], { description: 'The appointment calendar of a day (YYYY-MM-DD, in the workshop’s time zone).' })
  @Permit('read', 'RepairOrder')
  async appointmentSlots(@Context() ctx: Ctx, @Arg('day', () => String) day: string): Promise<AppointmentSlot[]> {
    return (await svc.slotsOfDay(ctx, day)).map((s) => ({ ...s, available: s.booked < s.capacity }));
  }

  @Mutation(() => RepairOrderPayload, { description: 'The customer missed the appointment: cancelled and counted on their record.' })
  @Permit('cancel', 'RepairOrder')
  async markNoShow(@Context() ctx: Ctx, @Arg('input', () => OrderRef) input: OrderRef) {
    return payload(await svc.markNoShow(ctx, input));
  }

  @Mutation(() => RepairOrderPayload, { description: 'Open a repair order (APPOINTED) for a customer’s vehicle.' })
  @Permit('create', 'RepairOrder')
  @Idempotent((ctx, first) => svc.getRepairOrder(ctx, first.resultId).then(payload))
  async createRepairOrder(@Context() ctx: Ctx, @Arg('input', () => CreateRepairOrderInput) input: CreateRepairOrderInput) {
    return payload(await svc.createRepairOrder(ctx, input));
  }

  @Mutation(() => RepairOrderPayload, { description: '接车: meter, fuel, damage, belongings, key tag; the customer signs.' })
  @Permit('checkIn', 'RepairOrder')
  async checkInRepairOrder(@Context() ctx: Ctx, @Arg('input', () => CheckInInput) input: CheckInInput) {
    return payload(await svc.checkIn(ctx, input));
  }

  @Mutation(() => RepairOrderPayload, { description: '检测诊断: findings per system.' })
  @Permit('diagnose', 'RepairOrder')
  async diagnoseRepairOrder(@Context() ctx: Ctx, @Arg('input', () => DiagnoseInput) input: DiagnoseInput) {
    return payload(await svc.diagnose(ctx, input));
  }

  @Mutation(() => RepairOrderPayload, { description: '维修估价: labour and part lines with pay types; may be revised until approved.' })
  @Permit('estimate', 'RepairOrder')
  async estimateRepairOrder(@Context() ctx: Ctx, @Arg('input', () => EstimateInput) input: EstimateInput) {
    return payload(await svc.estimate(ctx, input));
  }

  @Mutation(() => RepairOrderPayload, {
    description: 'The customer accepted the whole estimate in the shop.',
    deprecationReason: 'Use decideEstimate: it records per-line answers, the channel and the signature.',
  })
  @Permit('approve', 'RepairOrder')
  async approveRepairOrder(@Context() ctx: Ctx, @Arg('input', () => OrderRef) input: OrderRef) {
    return payload(await svc.decideEstimate(ctx, { ...input, customerSigned: true }, { channel: 'IN_SHOP', name: staffName(ctx) }));
  }

  @Mutation(() => RepairOrderPayload, {
    description:
      '维修估价确认: records the customer’s answer to the estimate, whole or per line, given in the shop (signed) or by phone. ' +
      'One approved line approves the order; every line declined keeps it estimated (revise or cancel).',
  })
  @Permit('approve', 'RepairOrder')
  async decideEstimate(@Context() ctx: Ctx, @Arg('input', () => DecideEstimateInput) input: DecideEstimateInput) {
    return payload(await svc.decideEstimate(ctx, input, { channel: input.channel, name: staffName(ctx) }));
  }

  @Mutation(() => RepairOrderPayload, { description: 'The desk has answered the customer’s reminder (催单): it leaves the workbench.' })
  @Permit('update', 'RepairOrder')
  async answerChase(@Context() ctx: Ctx, @Arg('input', () => OrderRef) input: OrderRef) {
    return payload(await svc.answerChase(ctx, input));
  }

  @Mutation(() => RepairOrderPayload, { description: '派工: to a technician and bay.' })
  @Permit('dispatch', 'RepairOrder')
  async dispatchRepairOrder(@Context() ctx: Ctx, @Arg('input', () => DispatchInput) input: DispatchInput) {
    return payload(await svc.dispatch(ctx, input));
  }

  @Mutation(() => RepairOrderPayload)
  @Permit('work', 'RepairOrder')
  async startRepairWork(@Context() ctx: Ctx, @Arg('input', () => OrderRef) input: OrderRef) {
    return payload(await svc.startWork(ctx, input));
  }

  @Mutation(() => RepairOrderPayload, { description: 'Technician clocks on/off one of their labour lines.' })
  @Permit('work', 'RepairOrderLine')
  async clockLabourLine(@Context() ctx: Ctx, @Arg('input', () => ClockLineInput) input: ClockLineInput) {
    return payload(await svc.clockLine(ctx, input));
  }

  @Mutation(() => RepairOrderPayload, { description: '追加维修项目: proposed to the customer with the delay it causes.' })
  @Permit('work', 'RepairOrder')
  async proposeAdditionalWork(@Context() ctx: Ctx, @Arg('input', () => ProposeAdditionalWorkInput) input: ProposeAdditionalWorkInput) {
    return payload(await svc.proposeAdditionalWork(ctx, input));
  }

  @Mutation(() => RepairOrderPayload, { description: 'Records the customer’s answer given in the shop or by phone.' })
  @Permit('decideAdditionalWork', 'RepairOrder')
  async decideAdditionalWork(@Context() ctx: Ctx, @Arg('input', () => DecideAdditionalWorkInput) input: DecideAdditionalWorkInput) {
    return payload(await svc.decideAdditionalWork(ctx, input, { channel: input.channel, name: staffName(ctx) }));
  }

  @Mutation(() => RepairOrderPayload)
  @Permit('manageParts', 'RepairOrder')
  async waitForParts(@Context() ctx: Ctx, @Arg('input', () => PartsWaitInput) input: PartsWaitInput) {
    return payload(await svc.waitForParts(ctx, input));
  }

  @Mutation(() => RepairOrderPayload)
  @Permit('manageParts', 'RepairOrder')
  async partsArrived(@Context() ctx: Ctx, @Arg('input', () => OrderRef) input: OrderRef) {
    return payload(await svc.partsArrived(ctx, input));
  }

  @Mutation(() => RepairOrderPayload, { description: 'Work done: to quality control.' })
  @Permit('work', 'RepairOrder')
  async finishRepairWork(@Context() ctx: Ctx, @Arg('input', () => OrderRef) input: OrderRef) {
    return payload(await svc.finishWork(ctx, input));
  }

  @Mutation(() => RepairOrderPayload, { description: '竣工检验: pass → READY; fail → back to the workshop (rework).' })
  @Permit('inspect', 'RepairOrder')
  async recordQualityCheck(@Context() ctx: Ctx, @Arg('input', () => QcInput) input: QcInput) {
    return payload(await svc.recordQc(ctx, input));
  }

  @Mutation(() => RepairOrderPayload, { description: '结算: totals per pay type; a discount needs the service admin.' })
  @Permit('settle', 'RepairOrder')
  @Idempotent((ctx, first) => svc.getRepairOrder(ctx, first.resultId).then(payload))
  async settleRepairOrder(@Context() ctx: Ctx, @Arg('input', () => SettleInput) input: SettleInput) {
    return payload(await svc.settle(ctx, input));
  }

  @Mutation(() => RepairOrderPayload, { description: '出厂: belongings checked back, the customer signs.' })
  @Permit('deliver', 'RepairOrder')
  async deliverRepairOrder(@Context() ctx: Ctx, @Arg('input', () => DeliverInput) input: DeliverInput) {
    return payload(await svc.deliver(ctx, input));
  }

  @Mutation(() => RepairOrderPayload, { description: 'Possible until the estimate is approved.' })
  @Permit('cancel', 'RepairOrder')
  async cancelRepairOrder(@Context() ctx: Ctx, @Arg('input', () => CancelInput) input: CancelInput) {
    return payload(await svc.cancel(ctx, input));
  }

  @FieldResolver(() => [RepairOrderLineType])
  async lines(@Root() o: RepairOrderType, @Context() ctx: Ctx): Promise<RepairOrderLineType[]> {
    return ((await svc.linesByOrder(ctx).load(o.id)) ?? []).map((l) => RepairOrderLineType.from(l, o.currency));
  }

  @FieldResolver(() => RepairOrderTotals, { description: 'Totals of the approved lines: what is charged.' })
  async totals(@Root() o: RepairOrderType, @Context() ctx: Ctx): Promise<RepairOrderTotals> {
    return totalsType(svc.totalsOf(o, (await svc.linesByOrder(ctx).load(o.id)) ?? []), o.currency);
  }

  @FieldResolver(() => RepairOrderTotals, {
    description: 'Totals of the estimate as quoted: approved lines and those still waiting for the customer’s answer (declined ones excluded).',
  })
  async quotedTotals(@Root() o: RepairOrderType, @Context() ctx: Ctx): Promise<RepairOrderTotals> {
    const lines = ((await svc.linesByOrder(ctx).load(o.id)) ?? []).filter((l) => l.status !== 'DECLINED');
    return totalsType(svc.totalsOf(o, lines, true), o.currency);
  }

  @FieldResolver(() => [CustomerNoticeType], { description: 'SMS sent to the customer and alerts for the desk about this order, oldest first.' })
  async notices(@Root() o: RepairOrderType, @Context() ctx: Ctx): Promise<CustomerNoticeType[]> {
    return ((await svc.noticesByOrder(ctx).load(o.id)) ?? []).map((n) =>
      Object.assign(new CustomerNoticeType(), {
        id: n.id,
        createdAt: new Date(n.created_at),
        audience: n.audience,
        channel: n.channel,
        kind: n.kind,
        message: n.message,
        recipientMasked: n.recipient ? maskPhone(n.recipient) : null,
        status: n.status,
        sentAt: n.sent_at ? new Date(n.sent_at) : null,
        lastError: n.last_error,
      }),
    );
  }

  @FieldResolver(() => [String], {
    description: 'Events the caller may fire now: accepted by the state machine in this state and allowed to the caller’s roles (the portal’s action buttons).',
  })
  allowedEvents(@Root() o: RepairOrderType, @Context() ctx: Ctx): string[] {
    return allowedEvents(ctx, RepairOrderDocument, o as unknown as RepairOrder);
  }

  @FieldResolver(() => CustomerType)
  async customer(@Root() o: RepairOrderType, @Context() ctx: Ctx): Promise<CustomerType> {
    const c = await customerById(ctx).load(o.customerId);
    if (!c) throw DomainError.notFound('Customer');
    return CustomerType.from(c, maskPhone);
  }

  @FieldResolver(() => VehicleType)
  async vehicle(@Root() o: RepairOrderType, @Context() ctx: Ctx): Promise<VehicleType> {
    const v = await vehicleById(ctx).load(o.vehicleId);
    if (!v) throw DomainError.notFound('Vehicle');
    return VehicleType.from(v);
  }

  @FieldResolver(() => [AuditEntryType], { description: 'Everything that happened to the order, oldest first (from the audit log).' })
  async timeline(@Root() o: RepairOrderType, @Context() ctx: Ctx): Promise<AuditEntryType[]> {
    const rows = await inTx(ctx, (tx) => tx.em.find(AuditEntry, { entityType: 'RepairOrder', entityId: o.id }, { orderBy: { id: 'asc' }, limit: 500 }));
    return rows.map(AuditEntryType.from);
  }
}
