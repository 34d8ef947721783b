import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  breachIfDue,
  dueAt,
  elapsedAt,
  meetClock,
  pauseClock,
  pausedAt,
  reopenClock,
  resumeClock,
  retarget,
  startClock,
  warnAt,
  warnIfDue,
  type SlaClock,
} from './sla.js';
import { defaultCalendar, workingTimeBetween, type WorkingCalendar } from './working-time.js';
import { DEFAULT_SLA, consumeLines, contractMachine, coverageOf, serviceRequestMachine, slaProblems, targetMs, type Entitlement } from './service-contract.js';
import { transition } from './fsm.js';
import type { DomainError } from './errors.js';

const MIN = 60_000;
const cal: WorkingCalendar = defaultCalendar('Asia/Shanghai');
// Friday 2026-12-04 17:55 Shanghai
const FRI_1755 = new Date('2026-12-04T09:55:00Z');

describe('SLA clocks on working time', () => {
  it('a 10-minute reply from 17:55 on a Friday is due at 09:05 on Monday; 75 % is at 09:02:30', () => {
    const c = startClock('FIRST_REPLY', 10 * MIN, FRI_1755);
    expect(dueAt(c, cal)?.toISOString()).toBe('2026-12-07T01:05:00.000Z');
    expect(warnAt(c, cal)?.toISOString()).toBe('2026-12-07T01:02:30.000Z');
    // not breached a minute before; breached at the moment, and at that moment even when the job runs late
    expect(breachIfDue(c, cal, new Date('2026-12-07T01:04:00Z')).state).toBe('RUNNING');
    const late = breachIfDue(c, cal, new Date('2026-12-07T03:00:00Z'));
    expect(late).toMatchObject({ state: 'BREACHED', breachedAt: new Date('2026-12-07T01:05:00Z') });
    expect(warnIfDue(c, cal, new Date('2026-12-07T01:03:00Z')).warnedAt?.toISOString()).toBe('2026-12-07T01:02:30.000Z');
  });

  it('a pause stops counting, the resumption counts on, and the pause is recorded as paused time', () => {
    let c = startClock('ON_SITE', 12 * 60 * MIN, new Date('2026-12-08T01:00:00Z')); // Tue 09:00
    c = pauseClock(c, cal, new Date('2026-12-08T01:30:00Z'));
    expect(c).toMatchObject({ state: 'PAUSED', elapsedMs: 30 * MIN });
    expect(dueAt(c, cal)).toBeNull();
    expect(elapsedAt(c, cal, new Date('2026-12-08T06:00:00Z'))).toBe(30 * MIN);
    c = resumeClock(c, cal, new Date('2026-12-08T03:30:00Z')); // 11:30
    expect(c).toMatchObject({ state: 'RUNNING', pausedMs: 120 * MIN });
    // 11 h 30 left from Tue 11:30: 30 min to 12:00, 5 h 13:00–18:00, then Wed 3 h 09:00–12:00 and 3 h from 13:00 → Wed 16:00
    expect(dueAt(c, cal)?.toISOString()).toBe('2026-12-09T08:00:00.000Z');
  });

  it('a new target keeps what was counted; a target already passed is due at once', () => {
    let c = startClock('ON_SITE', 24 * 60 * MIN, new Date('2026-12-08T01:00:00Z'));
    const at = new Date('2026-12-08T03:00:00Z'); // 2 h counted
    c = retarget(c, 60 * MIN, cal, at);
    expect(elapsedAt(c, cal, at)).toBe(120 * MIN);
    expect(dueAt(c, cal)).toEqual(at);
    expect(breachIfDue(c, cal, at)).toMatchObject({ state: 'BREACHED', breachedAt: at });
  });

  it('meeting a clock stops it; one met after its due time is breached at that due time; a reopened clock counts on', () => {
    const c = startClock('RESOLUTION', 10 * MIN, FRI_1755);
    const met = meetClock(c, cal, new Date('2026-12-04T09:58:00Z'));
    expect(met).toMatchObject({ state: 'MET', elapsedMs: 3 * MIN, runningSince: null });
    const late = meetClock(c, cal, new Date('2026-12-07T01:20:00Z'));
    expect(late).toMatchObject({ state: 'BREACHED', breachedAt: new Date('2026-12-07T01:05:00Z'), elapsedMs: 25 * MIN });
    const reopened = reopenClock(met, new Date('2026-12-07T02:00:00Z'));
    expect(reopened).toMatchObject({ state: 'RUNNING', elapsedMs: 3 * MIN, metAt: null });
    expect(dueAt(reopened, cal)?.toISOString()).toBe('2026-12-07T02:07:00.000Z');
  });

  it('property: counted + paused + (time before start) never exceeds the working time since the start; pauses never advance the due time', () => {
    const instant = fc.integer({ min: Date.parse('2026-12-01T00:00:00Z'), max: Date.parse('2026-12-31T00:00:00Z') }).map((t) => new Date(t));
    fc.assert(
      fc.property(
        instant,
        fc.array(fc.integer({ min: 1, max: 48 * 60 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 48 * 60 }),
        (start, steps, target) => {
          let c: SlaClock = startClock('ON_SITE', target * MIN, start);
          let now = start;
          let paused = false;
          for (const s of steps) {
            now = new Date(now.getTime() + s * MIN);
            c = paused ? resumeClock(c, cal, now) : pauseClock(c, cal, now);
            paused = !paused;
          }
          const total = workingTimeBetween(cal, start, now);
          expect(elapsedAt(c, cal, now) + pausedAt(c, cal, now)).toBe(total);
          // a running clock is due when its remaining target has been worked
          const due = dueAt(c, cal);
          if (due && c.state === 'RUNNING') expect(workingTimeBetween(cal, c.runningSince!, due)).toBe(Math.max(0, target * MIN - c.elapsedMs));
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('contracts, requests and entitlements', () => {
  it('the machines: a draft is activated, suspended and resumed; a request waits for the customer and comes back; closed ends it', () => {
    expect(transition(contractMachine, 'DRAFT', 'ACTIVATE')).toBe('ACTIVE');
    expect(transition(contractMachine, 'SUSPENDED', 'RESUME')).toBe('ACTIVE');
    expect(() => transition(contractMachine, 'EXPIRED', 'RESUME')).toThrow();
    expect(transition(serviceRequestMachine, 'OPEN', 'ASK_CUSTOMER')).toBe('WAITING_CUSTOMER');
    expect(transition(serviceRequestMachine, 'WAITING_CUSTOMER', 'CUSTOMER_ANSWERED')).toBe('IN_PROGRESS');
    expect(transition(serviceRequestMachine, 'RESOLVED', 'REOPEN')).toBe('IN_PROGRESS');
    expect(() => transition(serviceRequestMachine, 'CLOSED', 'REOPEN')).toThrow();
  });

  it('the seed’s SLA: severity 1 replies in 10 min, on site 12 h, parts 4 h; 3 promises no on-site time', () => {
    expect(targetMs(DEFAULT_SLA, 1, 'FIRST_REPLY')).toBe(10 * MIN);
    expect(targetMs(DEFAULT_SLA, 1, 'ON_SITE')).toBe(720 * MIN);
    expect(targetMs(DEFAULT_SLA, 1, 'PARTS')).toBe(240 * MIN);
    expect(targetMs(DEFAULT_SLA, 3, 'ON_SITE')).toBeNull();
    expect(slaProblems(DEFAULT_SLA)).toEqual([]);
    expect(slaProblems([...DEFAULT_SLA, DEFAULT_SLA[0]!]).map((p) => p.reason)).toEqual(['DUPLICATE']);
  });

  it('a line draws on its own code first, then a component group; refused when not covered or used up', () => {
    const ents: Entitlement[] = [
      { id: 'op', kind: 'OPERATION', code: 'HY-0301', quantity: 1, used: 0 },
      { id: 'grp', kind: 'COMPONENT_GROUP', code: 'HY', quantity: null, used: 0 },
      { id: 'part', kind: 'PART', code: 'EN-F-100', quantity: 2, used: 1 },
    ];
    expect(coverageOf(ents, { kind: 'LABOUR', operationCode: 'hy-0301', partNumber: null, units: 1 })).toMatchObject({ ok: true, entitlementId: 'op' });
    // the operation's own entitlement is used up by the first line: the group takes the second
    const taken = consumeLines(ents, [
      { field: 'a', kind: 'LABOUR', operationCode: 'HY-0301', partNumber: null, units: 1 },
      { field: 'b', kind: 'LABOUR', operationCode: 'HY-0301', partNumber: null, units: 1 },
    ]);
    expect(taken.map((t) => t.entitlementId)).toEqual(['op', 'grp']);
    // HYX-1 is not in group HY (a prefix is a whole code segment)
    expect(coverageOf(ents, { kind: 'LABOUR', operationCode: 'HYX-1', partNumber: null, units: 1 })).toMatchObject({ ok: false, reason: 'NOT_COVERED' });
    expect(coverageOf(ents, { kind: 'PART', operationCode: null, partNumber: 'EN-F-100', units: 2 })).toMatchObject({
      ok: false,
      reason: 'ENTITLEMENT_USED_UP',
      quantity: 2,
      used: 1,
    });
    try {
      consumeLines(ents, [
        { field: 'input.lines[0]', kind: 'LABOUR', operationCode: 'CB-1', partNumber: null, units: 1 },
        { field: 'input.lines[1]', kind: 'PART', operationCode: null, partNumber: 'EN-F-100', units: 5 },
      ]);
      expect.unreachable();
    } catch (e) {
      const problems = (e as DomainError).details?.problems as { field: string; reason: string }[];
      expect(problems.map((p) => [p.field, p.reason])).toEqual([
        ['input.lines[0]', 'NOT_COVERED'],
        ['input.lines[1]', 'ENTITLEMENT_USED_UP'],
      ]);
    }
  });

  it('property: what consumeLines takes never exceeds an entitlement’s quantity', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 0, max: 5 }),
        fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 6 }),
        (quantity, used0, units) => {
          const used = Math.min(used0, quantity);
          const ents: Entitlement[] = [{ id: 'p', kind: 'PART', code: 'P-1', quantity, used }];
          try {
            const taken = consumeLines(
              ents,
              units.map((u, i) => ({ field: String(i), kind: 'PART', operationCode: null, partNumber: 'P-1', units: u })),
            );
            expect(used + taken.reduce((n, t) => n + t.units, 0)).toBeLessThanOrEqual(quantity);
          } catch (e) {
            expect((e as DomainError).code).toBe('BAD_USER_INPUT');
          }
        },
      ),
    );
  });
});
