import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import { allowedEvents, defineMachine, nextState, transition } from './fsm.js';

const door = defineMachine({
  name: 'Door',
  document: 'Door',
  initial: 'CLOSED',
  events: ['open', 'close', 'lock', 'unlock', 'break'] as const,
  table: {
    CLOSED: { open: 'OPEN', lock: 'LOCKED', break: 'BROKEN' },
    OPEN: { close: 'CLOSED', break: 'BROKEN' },
    LOCKED: { unlock: 'CLOSED', break: 'BROKEN' },
    BROKEN: {},
  },
});

describe('state machine helper', () => {
  it('derives states and terminal states from the table', () => {
    expect(door.states).toEqual(['CLOSED', 'OPEN', 'LOCKED', 'BROKEN']);
    expect(door.terminal).toEqual(['BROKEN']);
  });

  it('rejects an illegal move with INVALID_TRANSITION naming from, event and what is allowed', () => {
    try {
      transition(door, 'LOCKED', 'open');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe('INVALID_TRANSITION');
      expect((e as DomainError).message).toBe('Door cannot open while LOCKED; allowed now: unlock, break.');
      expect((e as DomainError).details).toMatchObject({ from: 'LOCKED', event: 'open' });
    }
  });

  it('refuses a table that points to an unknown state or event', () => {
    expect(() => defineMachine({ name: 'Bad', document: 'Bad', initial: 'A', events: ['go'] as const, table: { A: { go: 'Z' as 'A' } } })).toThrow(
      /unknown state Z/,
    );
  });

  it('property: any event sequence either follows the table or throws, never reaching an unknown state', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...door.events), { maxLength: 40 }), (events) => {
        let state: (typeof door.states)[number] = door.initial;
        for (const event of events) {
          const expected = nextState(door, state, event);
          if (expected === undefined) {
            expect(() => transition(door, state, event)).toThrow(DomainError);
            expect(allowedEvents(door, state)).not.toContain(event);
          } else {
            state = transition(door, state, event);
            expect(state).toBe(expected);
          }
          expect(door.states).toContain(state);
        }
      }),
    );
  });
});
