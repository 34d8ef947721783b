/** The repair order's steps share these: load for a change, move by its machine, or an audited edit that keeps the state. */
import { type Action } from '@asn/authz';
import { DomainError, ErrorCode, type RepairOrderEvent, type RepairOrderState } from '@asn/domain';
import { inTx, type Ctx, type Tx } from '../../platform/context.js';
import { expectEvent, load, move as moveDocument, recordChange } from '../../platform/documents/index.js';
import { RepairOrder } from './repair-order.entity.js';
import { RepairOrderDocument, snapshot } from './repair-order.document.js';
import { runRepairStepHooks } from './repair-order.hooks.js';

/** Loads an order for a change (locked; NOT_FOUND / FORBIDDEN / CONFLICT the same as every document). */
export function loadOrder(tx: Tx, id: string, action: Action = 'read', version?: number): Promise<RepairOrder> {
  return load(tx, RepairOrderDocument, id, action, version);
}

/**
 * The one way a repair order changes state: permission and version (load), the state machine
 * (checked before the change is made), the change itself and what other modules do on the step
 * (repair-order.hooks.ts), then the document layer's move — state, audit, event and timers — all
 * in one transaction.
 */
export async function move(
  ctx: Ctx,
  input: { id: string; version: number },
  action: Action,
  event: RepairOrderEvent,
  change?: (order: RepairOrder, tx: Tx) => Promise<Record<string, unknown> | void> | Record<string, unknown> | void,
): Promise<RepairOrder> {
  return inTx(ctx, async (tx) => {
    const order = await loadOrder(tx, input.id, action, input.version);
    expectEvent(RepairOrderDocument, order, event);
    const before = snapshot(order);
    const details = { ...((await change?.(order, tx)) ?? {}), ...(await runRepairStepHooks(tx, order, event)) };
    await moveDocument(tx, RepairOrderDocument, order, event, { before, data: details });
    return order;
  });
}

/** An edit that does not change the state (dispatch, clocking): same checks, audited. */
export async function edit(
  ctx: Ctx,
  input: { id: string; version: number },
  action: Action,
  name: string,
  allowedIn: readonly RepairOrderState[],
  change: (order: RepairOrder, tx: Tx) => Promise<Record<string, unknown> | void>,
): Promise<RepairOrder> {
  return inTx(ctx, async (tx) => {
    const order = await loadOrder(tx, input.id, action, input.version);
    if (!allowedIn.includes(order.status)) {
      throw DomainError.because(
        ErrorCode.INVALID_TRANSITION,
        'WRONG_STATUS',
        { document: 'RepairOrder', number: order.number, status: order.status, event: name, allowed: [] },
        `Cannot ${name} repair order ${order.number} while ${order.status}; only while ${allowedIn.join(', ')}.`,
        { from: order.status, event: name },
      );
    }
    const before = snapshot(order);
    const details = (await change(order, tx)) ?? {};
    order.updatedAt = ctx.clock.now(); // bumps the version: the order changed
    await tx.em.flush();
    recordChange(tx, RepairOrderDocument, order, name, { before, data: details });
    return order;
  });
}
