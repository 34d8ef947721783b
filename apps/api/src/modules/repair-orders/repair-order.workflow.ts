/** A repair order's way from check-in to delivery: every step a move of its document, plus the audited edits in between (dispatch, clocking). */
import { asSubject } from '@asn/authz';
import { DomainError, ErrorCode, InputCheck, REPAIR_ORDER_DISPATCHABLE, assertId, uuidv7 } from '@asn/domain';
import { inTx, memberOf, type Ctx } from '../../platform/context.js';
import { User } from '../../platform/db/entities.js';
import { Customer, MeterReading, Vehicle } from '../customers/customer.entity.js';
import { RepairOrder, RepairOrderLine } from './repair-order.entity.js';
import { scheduleMaintenanceReminder } from '../customers/customer.timers.js';
import { buildLines, totalsOf, type LineData } from './repair-order.lines.js';
import { edit, loadOrder, move } from './repair-order.steps.js';
import { runRepairLinesHooks } from './repair-order.hooks.js';

/** The customer did not come: the appointment is cancelled and counted on their credit record. */
export async function markNoShow(ctx: Ctx, input: { id: string; version: number }): Promise<RepairOrder> {
  return move(ctx, input, 'cancel', 'CANCEL', async (order, tx) => {
    if (!order.appointmentAt || order.appointmentAt > ctx.clock.now()) {
      throw DomainError.because(
        ErrorCode.INVALID_TRANSITION,
        'NO_SHOW_TOO_EARLY',
        { appointmentAt: order.appointmentAt?.toISOString() ?? null },
        'A no-show is recorded only after the appointment time has passed.',
      );
    }
    order.noShow = true;
    order.cancelReason = 'NO_SHOW';
    const customer = await tx.em.findOneOrFail(Customer, { id: order.customerId });
    customer.noShowCount += 1;
    return { reason: 'NO_SHOW', noShowCount: customer.noShowCount };
  });
}

export async function checkIn(
  ctx: Ctx,
  input: {
    id: string;
    version: number;
    meter: number;
    fuelEighths?: number | null;
    damageNotes?: string | null;
    belongings?: string[] | null;
    documents?: string[] | null;
    keyTag?: string | null;
    customerSigned: boolean;
  },
): Promise<RepairOrder> {
  const check = new InputCheck();
  check.wholeNumber('input.meter', input.meter, 0, 'KM_OR_HOURS');
  if (input.fuelEighths != null) check.range('input.fuelEighths', input.fuelEighths, 0, 8, 'EIGHTHS');
  if (!input.customerSigned) check.because('input.customerSigned', 'SIGNATURE_REQUIRED', { sheet: 'CHECK_IN' }, 'the customer signs the check-in sheet');
  check.done();
  return move(ctx, input, 'checkIn', 'CHECK_IN', async (order, tx) => {
    const vehicle = await tx.em.findOneOrFail(Vehicle, { id: order.vehicleId });
    if (vehicle.currentMeter != null && input.meter < vehicle.currentMeter) {
      throw DomainError.badInput([
        {
          field: 'input.meter',
          message: `is below the last reading (${vehicle.currentMeter})`,
          reason: 'METER_BELOW_LAST',
          params: { last: vehicle.currentMeter },
        },
      ]);
    }
    const at = ctx.clock.now();
    order.checkIn = {
      meter: input.meter,
      fuelEighths: input.fuelEighths ?? null,
      damageNotes: input.damageNotes?.trim() || null,
      belongings: (input.belongings ?? []).map((b) => b.trim()).filter(Boolean),
      documents: (input.documents ?? []).map((b) => b.trim()).filter(Boolean),
      keyTag: input.keyTag?.trim() || null,
      customerSigned: true,
      at: at.toISOString(),
    };
    vehicle.currentMeter = input.meter;
    tx.em.persist(
      Object.assign(new MeterReading(), {
        id: uuidv7(),
        tenantId: order.tenantId,
        vehicleId: vehicle.id,
        reading: input.meter,
        source: 'CHECK_IN',
        repairOrderId: order.id,
        recordedAt: at,
      }),
    );
    await tx.em.flush();
    await scheduleMaintenanceReminder(tx, vehicle); // a new reading moves a meter-based reminder
    return { meter: input.meter };
  });
}

export async function diagnose(
  ctx: Ctx,
  input: { id: string; version: number; findings: { system: string; finding: string }[]; summary: string },
): Promise<RepairOrder> {
  const check = new InputCheck();
  const summary = check.required('input.summary', input.summary, 2000);
  if (!input.findings.length) check.because('input.findings', 'AT_LEAST_ONE', {}, 'record at least one finding');
  input.findings.forEach((f, i) => {
    check.required(`input.findings[${i}].system`, f.system, 80);
    check.required(`input.findings[${i}].finding`, f.finding, 1000);
  });
  check.done();
  return move(ctx, input, 'diagnose', 'DIAGNOSE', (order) => {
    order.diagnosis = {
      findings: input.findings.map((f) => ({ system: f.system.trim(), finding: f.finding.trim() })),
      summary,
      at: ctx.clock.now().toISOString(),
      by: ctx.principal?.displayName ?? '',
    };
  });
}

/** Writes (or rewrites) the estimate: labour and part lines, method and promised time. */
export async function estimate(
  ctx: Ctx,
  input: { id: string; version: number; method: 'SYSTEM' | 'SYMPTOM' | 'ITEM'; promisedAt?: Date | null; lines: LineData[] },
): Promise<RepairOrder> {
  const actor = memberOf(ctx);
  const check = new InputCheck();
  if (!input.lines.length) check.because('input.lines', 'AT_LEAST_ONE', {}, 'an estimate needs at least one line');
  const lines = buildLines(check, 'input.lines', input.lines, actor.tenantId, input.id, {});
  check.done();
  return move(ctx, input, 'estimate', 'ESTIMATE', async (order, tx) => {
    await tx.em.nativeDelete(RepairOrderLine, { repairOrderId: order.id, additional: false });
    for (const l of lines) tx.em.persist(l);
    await tx.em.flush();
    await runRepairLinesHooks(tx, order, lines, { rewrite: true });
    order.estimateMethod = input.method;
    if (input.promisedAt) order.promisedAt = input.promisedAt;
    const totals = totalsOf(order, lines, true);
    return { method: input.method, lines: lines.length, estimateMinor: totals.gross.toString() };
  });
}

export async function dispatch(ctx: Ctx, input: { id: string; version: number; technicianId: string; bay?: string | null }): Promise<RepairOrder> {
  assertId('input.technicianId', input.technicianId);
  return edit(ctx, input, 'dispatch', 'dispatched', REPAIR_ORDER_DISPATCHABLE, async (order, tx) => {
    const tech = await tx.em.findOne(User, { id: input.technicianId, active: true });
    if (!tech || !tech.roles.includes('TECHNICIAN'))
      throw DomainError.badInput([
        { field: 'input.technicianId', message: 'is not an active technician of this workshop', reason: 'NOT_ACTIVE_STAFF', params: { role: 'TECHNICIAN' } },
      ]);
    order.technicianId = tech.id;
    order.bay = input.bay?.trim() || order.bay;
    const open = await tx.em.find(RepairOrderLine, { repairOrderId: order.id, kind: 'LABOUR', technicianId: null });
    for (const l of open) l.technicianId = tech.id;
    return { technician: tech.displayName, bay: order.bay };
  });
}

export async function startWork(ctx: Ctx, input: { id: string; version: number }): Promise<RepairOrder> {
  return move(ctx, input, 'work', 'START_WORK', (order) => {
    if (!order.technicianId)
      throw DomainError.because(
        ErrorCode.INVALID_TRANSITION,
        'TECHNICIAN_REQUIRED',
        { number: order.number },
        `Dispatch ${order.number} to a technician before work starts.`,
      );
  });
}

/** Technician clocks on or off one of their own labour lines (only while the work is in progress). */
export async function clockLine(ctx: Ctx, input: { lineId: string; on: boolean }): Promise<RepairOrder> {
  assertId('input.lineId', input.lineId);
  return inTx(ctx, async (tx) => {
    const line = await tx.em.findOne(RepairOrderLine, { id: input.lineId });
    if (!line) throw DomainError.notFound('Repair order line');
    const order = await loadOrder(tx, line.repairOrderId);
    if (line.kind !== 'LABOUR')
      throw DomainError.badInput([{ field: 'input.lineId', message: 'only labour lines are clocked', reason: 'ONLY_LABOUR_CLOCKED', params: {} }]);
    if (!ctx.ability.can('work', asSubject('RepairOrderLine', line))) {
      throw DomainError.because(
        ErrorCode.FORBIDDEN,
        'ASSIGNED_TO_SOMEONE_ELSE',
        { document: 'RepairOrderLine' },
        'This labour line belongs to another technician.',
      );
    }
    if (order.status !== 'IN_PROGRESS') {
      throw DomainError.because(
        ErrorCode.INVALID_TRANSITION,
        'WRONG_STATUS',
        { document: 'RepairOrder', number: order.number, status: order.status, event: 'clock', allowed: [] },
        `Clocking is possible while the order is IN_PROGRESS, not ${order.status}.`,
      );
    }
    if (line.status !== 'APPROVED') throw DomainError.because(ErrorCode.INVALID_TRANSITION, 'ONLY_APPROVED_WORK_CLOCKED', {}, 'Only approved work is clocked.');
    const now = ctx.clock.now();
    if (input.on) {
      if (line.clockStartedAt) throw DomainError.because(ErrorCode.CONFLICT, 'ALREADY_CLOCKED_ON', {}, 'Already clocked on.');
      line.clockStartedAt = now;
    } else {
      if (!line.clockStartedAt) throw DomainError.because(ErrorCode.CONFLICT, 'NOT_CLOCKED_ON', {}, 'Not clocked on.');
      line.clockedMinutes += Math.max(0, Math.round((now.getTime() - line.clockStartedAt.getTime()) / 60_000));
      line.clockStartedAt = null;
    }
    await tx.em.flush();
    tx.record({
      action: input.on ? 'repairOrder.clockedOn' : 'repairOrder.clockedOff',
      entityType: 'RepairOrder',
      entityId: order.id,
      after: { lineId: line.id, clockedMinutes: line.clockedMinutes },
      data: { number: order.number },
    });
    return order;
  });
}

export async function proposeAdditionalWork(
  ctx: Ctx,
  input: { id: string; version: number; lines: LineData[]; safetyRelevant?: boolean | null; delayMinutes?: number | null; reason: string },
): Promise<RepairOrder> {
  const actor = memberOf(ctx);
  const check = new InputCheck();
  const reason = check.required('input.reason', input.reason, 1000);
  if (!input.lines.length) check.because('input.lines', 'AT_LEAST_ONE', {}, 'propose at least one line');
  if (input.delayMinutes != null) check.wholeNumber('input.delayMinutes', input.delayMinutes, 0, 'MINUTES');
  const lines = buildLines(check, 'input.lines', input.lines, actor.tenantId, input.id, {
    additional: true,
    safetyRelevant: !!input.safetyRelevant,
    delayMinutes: input.delayMinutes ?? 0,
  });
  check.done();
  return move(ctx, input, 'work', 'PROPOSE_ADDITIONAL_WORK', async (order, tx) => {
    for (const l of lines) {
      if (l.kind === 'LABOUR') l.technicianId = order.technicianId;
      tx.em.persist(l);
    }
    await tx.em.flush();
    await runRepairLinesHooks(tx, order, lines, { rewrite: false });
    return {
      reason,
      delayMinutes: input.delayMinutes ?? 0,
      safetyRelevant: !!input.safetyRelevant,
      proposedLines: lines.map((l) => ({ id: l.id, description: l.description, amountMinor: l.amountMinor })),
    };
  });
}

export async function waitForParts(ctx: Ctx, input: { id: string; version: number; note: string }): Promise<RepairOrder> {
  const check = new InputCheck();
  const note = check.required('input.note', input.note, 500);
  check.done();
  return move(ctx, input, 'manageParts', 'WAIT_FOR_PARTS', () => ({ note }));
}

export async function partsArrived(ctx: Ctx, input: { id: string; version: number }): Promise<RepairOrder> {
  return move(ctx, input, 'manageParts', 'PARTS_ARRIVED');
}

/** Work done: open clocks are stopped and the order goes to the inspector. */
export async function finishWork(ctx: Ctx, input: { id: string; version: number }): Promise<RepairOrder> {
  return move(ctx, input, 'work', 'FINISH_WORK', async (order, tx) => {
    const now = ctx.clock.now();
    const open = await tx.em.find(RepairOrderLine, { repairOrderId: order.id, clockStartedAt: { $ne: null } });
    for (const l of open) {
      l.clockedMinutes += Math.max(0, Math.round((now.getTime() - l.clockStartedAt!.getTime()) / 60_000));
      l.clockStartedAt = null;
    }
  });
}

/** 竣工检验: a fail sends the order back to the workshop and counts as rework. */
export async function recordQc(ctx: Ctx, input: { id: string; version: number; passed: boolean; notes?: string | null }): Promise<RepairOrder> {
  const notes = input.notes?.trim() || null;
  if (!input.passed && !notes) throw DomainError.badInput([{ field: 'input.notes', message: 'say what failed', reason: 'REQUIRED', params: {} }]);
  return move(ctx, input, 'inspect', input.passed ? 'PASS_QC' : 'FAIL_QC', (order) => {
    if (!input.passed) order.reworkCount += 1;
    return { passed: input.passed, notes, inspector: ctx.principal?.displayName ?? null };
  });
}

/** 结算: totals per pay type; a discount needs the service admin. */
export async function settle(ctx: Ctx, input: { id: string; version: number; discountMinor?: string | null; paymentMethod: string }): Promise<RepairOrder> {
  const check = new InputCheck();
  const paymentMethod = check.required('input.paymentMethod', input.paymentMethod, 40);
  const discount = input.discountMinor ? check.minor('input.discountMinor', input.discountMinor) : 0n;
  check.done();
  return move(ctx, input, 'settle', 'SETTLE', async (order, tx) => {
    if (discount && discount > 0n && !ctx.ability.can('discount', asSubject('RepairOrder', order))) {
      throw DomainError.because(ErrorCode.FORBIDDEN, 'ROLE_REQUIRED', { role: 'SERVICE_ADMIN' }, 'A discount needs the service admin (业务主管).');
    }
    order.discountMinor = (discount ?? 0n).toString();
    const lines = await tx.em.find(RepairOrderLine, { repairOrderId: order.id });
    const totals = totalsOf(order, lines);
    order.paymentMethod = paymentMethod;
    return {
      paymentMethod,
      byPayType: Object.fromEntries(Object.entries(totals.byPayType).map(([k, v]) => [k, v.toString()])),
      discountMinor: totals.discount.toString(),
      customerPaysMinor: totals.customerPays.toString(),
    };
  });
}

export async function deliver(ctx: Ctx, input: { id: string; version: number; belongingsReturned: boolean; customerSigned: boolean }): Promise<RepairOrder> {
  const check = new InputCheck();
  if (!input.belongingsReturned) check.because('input.belongingsReturned', 'BELONGINGS_NOT_RETURNED', {}, 'check the belongings back with the customer');
  if (!input.customerSigned) check.because('input.customerSigned', 'SIGNATURE_REQUIRED', { sheet: 'RELEASE' }, 'the customer signs the release note');
  check.done();
  return move(ctx, input, 'deliver', 'DELIVER', (order) => {
    order.deliveredAt = ctx.clock.now();
    return { belongingsReturned: true, customerSigned: true };
  });
}

export async function cancel(ctx: Ctx, input: { id: string; version: number; reason: string }): Promise<RepairOrder> {
  const check = new InputCheck();
  const reason = check.required('input.reason', input.reason, 500);
  check.done();
  // the stock held for its part lines goes back: the parts module's hook on CANCEL
  return move(ctx, input, 'cancel', 'CANCEL', (order) => {
    order.cancelReason = reason;
    return { reason };
  });
}
