import { describe, expect, it } from 'vitest';
import { BOOKING_EVENTS, BOOKING_STATES, bookingMachine } from './booking.js';
import { DomainError } from './errors.js';
import { transition } from './fsm.js';

describe('booking request machine', () => {
  const expected: Record<string, Record<string, string>> = {
    PENDING: { ACCEPT: 'ACCEPTED', DECLINE: 'DECLINED', EXPIRE: 'EXPIRED' },
    ACCEPTED: {},
    DECLINED: {},
    EXPIRED: {},
  };

  it('allows exactly the table of moves: every state × event pair', () => {
    for (const s of BOOKING_STATES) {
      for (const e of BOOKING_EVENTS) {
        const to = expected[s]![e];
        if (to) expect(transition(bookingMachine, s, e)).toBe(to);
        else {
          expect(() => transition(bookingMachine, s, e)).toThrow(DomainError);
          try {
            transition(bookingMachine, s, e);
          } catch (err) {
            expect((err as DomainError).code).toBe('INVALID_TRANSITION');
          }
        }
      }
    }
  });

  it('a decided or expired request is final', () => {
    expect(bookingMachine.terminal).toEqual(['ACCEPTED', 'DECLINED', 'EXPIRED']);
    expect(() => transition(bookingMachine, 'DECLINED', 'ACCEPT')).toThrow(/cannot ACCEPT while DECLINED/);
  });
});
