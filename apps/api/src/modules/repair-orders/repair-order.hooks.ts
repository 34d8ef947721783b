/**
 * What other modules do inside a repair order's step, in the step's transaction: the parts module
 * issues the reserved parts when the work is finished and gives them back when the order is
 * cancelled. Those modules register here; the repair-order module imports none of them (they
 * depend on it, never the reverse).
 */
import type { RepairOrderEvent } from '@asn/domain';
import type { Tx } from '../../platform/context.js';
import type { RepairOrder, RepairOrderLine } from './repair-order.entity.js';

/** Runs before the step is recorded; what it returns is kept with the step (its audit and event data). */
export type RepairStepHook = (tx: Tx, order: RepairOrder) => Promise<Record<string, unknown> | void>;

const hooks = new Map<RepairOrderEvent, Map<string, RepairStepHook>>();

/** Registers `hook` for `event` under a name (registering the same name again replaces it: a module loaded twice runs once). */
export function onRepairOrderStep(event: RepairOrderEvent, name: string, hook: RepairStepHook): void {
  const of = hooks.get(event) ?? new Map<string, RepairStepHook>();
  of.set(name, hook);
  hooks.set(event, of);
}

/** Runs the hooks of `event` in registration order; their facts merged. */
export async function runRepairStepHooks(tx: Tx, order: RepairOrder, event: RepairOrderEvent): Promise<Record<string, unknown>> {
  const facts: Record<string, unknown> = {};
  for (const hook of hooks.get(event)?.values() ?? []) Object.assign(facts, (await hook(tx, order)) ?? {});
  return facts;
}

/**
 * Runs when lines are entered on an order (an estimate rewrites its lines; proposed extra work adds
 * some), in the entry's transaction, after the lines are persisted: the contracts module checks
 * lines paid by a contract against the vehicle's contract and consumes its entitlements (a
 * refusal rolls the entry back).
 */
export type RepairLinesHook = (tx: Tx, order: RepairOrder, lines: readonly RepairOrderLine[], opts: { rewrite: boolean }) => Promise<void>;

const lineHooks = new Map<string, RepairLinesHook>();

export function onRepairLinesEntered(name: string, hook: RepairLinesHook): void {
  lineHooks.set(name, hook);
}

export async function runRepairLinesHooks(tx: Tx, order: RepairOrder, lines: readonly RepairOrderLine[], opts: { rewrite: boolean }): Promise<void> {
  for (const hook of lineHooks.values()) await hook(tx, order, lines, opts);
}
