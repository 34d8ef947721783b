import { DomainError, ErrorCode } from './errors.js';

/**
 * A finite state machine described as data: for each state, which events it accepts and
 * which state each event leads to. Every status change in the product goes through
 * `transition`, which throws INVALID_TRANSITION for anything the table does not allow.
 */
export type MachineTable<S extends string, E extends string> = {
  readonly [state in S]: Partial<Readonly<Record<E, S>>>;
};

export interface Machine<S extends string, E extends string> {
  readonly name: string;
  /** The document type the machine moves, as the API and the portal name it (`RepairOrder`). */
  readonly document: string;
  readonly initial: S;
  readonly states: readonly S[];
  readonly events: readonly E[];
  readonly table: MachineTable<S, E>;
  /** Terminal states accept no event. */
  readonly terminal: readonly S[];
}

export function defineMachine<S extends string, E extends string>(def: {
  name: string;
  document: string;
  initial: S;
  events: readonly E[];
  table: MachineTable<S, E>;
}): Machine<S, E> {
  const states = Object.keys(def.table) as S[];
  for (const [from, moves] of Object.entries(def.table) as [S, Partial<Record<E, S>>][]) {
    for (const [event, to] of Object.entries(moves) as [E, S][]) {
      if (!def.events.includes(event)) throw new Error(`${def.name}: ${from} uses unknown event ${event}`);
      if (!states.includes(to)) throw new Error(`${def.name}: ${from} --${event}--> unknown state ${to}`);
    }
  }
  const terminal = states.filter((s) => Object.keys(def.table[s]).length === 0);
  return { ...def, states, terminal };
}

export function nextState<S extends string, E extends string>(machine: Machine<S, E>, from: S, event: E): S | undefined {
  return machine.table[from]?.[event];
}

export function allowedEvents<S extends string, E extends string>(machine: Machine<S, E>, from: S): E[] {
  return Object.keys(machine.table[from] ?? {}) as E[];
}

export function transition<S extends string, E extends string>(machine: Machine<S, E>, from: S, event: E): S {
  const to = nextState(machine, from, event);
  if (to === undefined) {
    const allowed = allowedEvents(machine, from);
    throw DomainError.because(
      ErrorCode.INVALID_TRANSITION,
      'WRONG_STATUS',
      { document: machine.document, number: null, status: from, event, allowed },
      `${machine.name} cannot ${event} while ${from}; allowed now: ${allowed.join(', ') || 'nothing'}.`,
      { machine: machine.name, from, event, allowed },
    );
  }
  return to;
}
