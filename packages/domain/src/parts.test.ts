import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import { transition } from './fsm.js';
import {
  SupersessionChains,
  abcClasses,
  allocateByPriority,
  backorderAgeDays,
  confirmLine,
  emergencyDueAt,
  emergencyPromiseKept,
  isLowStock,
  lineBalances,
  lineFillRate,
  netPrice,
  partsOrderMachine,
  quantityFillRate,
  receiveEvent,
  receiveLine,
  replenishmentQty,
  shipEvent,
  shipmentAccuracy,
  shortCloseEvent,
  toShip,
  type PartsLineQty,
  type PartsOrderState,
  type PartsOrderType,
} from './parts.js';

function reasonOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return (e.details?.reason as string | undefined) ?? (e.details?.problems as { reason?: string }[] | undefined)?.[0]?.reason;
    throw e;
  }
  return undefined;
}

describe('parts order machine', () => {
  it('cancels only before anything is shipped', () => {
    for (const s of ['DRAFT', 'SUBMITTED', 'CONFIRMED'] as const) expect(transition(partsOrderMachine, s, 'CANCEL')).toBe('CANCELLED');
    for (const s of ['PARTIALLY_SHIPPED', 'SHIPPED', 'RECEIVED', 'CLOSED'] as const)
      expect(() => transition(partsOrderMachine, s, 'CANCEL')).toThrow(DomainError);
    expect(partsOrderMachine.terminal).toEqual(['CLOSED', 'CANCELLED']);
  });

  /**
   * An order lives through random seller and buyer steps — confirm, ship part of what is allocated,
   * stock arriving for a backorder, short closes, receiving shipments — and the events the rules
   * pick are always ones the machine accepts, the lines always balance, and once nothing is left
   * to ship or receive the order is received (or closed when nothing was ever shipped).
   */
  it('the rules only ever pick events the machine accepts, and the quantities always balance', () => {
    const line = fc.record({ ordered: fc.integer({ min: 1, max: 8 }), allocate: fc.nat(8), backorder: fc.nat(8) });
    const step = fc.oneof(
      fc.record({ kind: fc.constant('ship' as const), line: fc.nat(5), qty: fc.integer({ min: 1, max: 8 }) }),
      fc.record({ kind: fc.constant('fill' as const), line: fc.nat(5), qty: fc.integer({ min: 1, max: 8 }) }),
      fc.record({ kind: fc.constant('shortClose' as const), line: fc.nat(5) }),
      fc.record({ kind: fc.constant('receive' as const) }),
    );
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), fc.array(step, { maxLength: 30 }), (raw, steps) => {
        let status: PartsOrderState = transition(partsOrderMachine, transition(partsOrderMachine, 'DRAFT', 'SUBMIT'), 'CONFIRM');
        const lines: PartsLineQty[] = raw.map((r) => {
          const allocate = Math.min(r.allocate, r.ordered);
          const backorder = Math.min(r.backorder, r.ordered - allocate);
          const refuse = r.ordered - allocate - backorder > 0 ? 'DISCONTINUED' : null;
          return confirmLine('input.lines.0', r.ordered, { allocate, backorder, expectedOn: '2030-01-01', refuse }, '2026-12-02');
        });
        let outstanding = 0; // shipments not yet received
        const settle = () => {
          // nothing left to ship in a confirmed order: it closes, or ships its rest
          if (status === 'CONFIRMED' && lines.every((l) => toShip(l) === 0)) status = transition(partsOrderMachine, status, shortCloseEvent(lines, status));
          if (status === 'SHIPPED' && outstanding === 0) status = transition(partsOrderMachine, status, 'RECEIVE_REST');
        };
        settle();
        for (const s of steps) {
          if (status === 'CLOSED' || status === 'RECEIVED') break;
          const l = 'line' in s ? lines[s.line % lines.length]! : undefined;
          if (s.kind === 'ship' && l && l.allocated > 0) {
            const q = Math.min(s.qty, l.allocated);
            l.allocated -= q;
            l.shipped += q;
            outstanding++;
            status = transition(partsOrderMachine, status, shipEvent(lines));
          } else if (s.kind === 'fill' && l && l.backordered > 0) {
            const q = Math.min(s.qty, l.backordered);
            l.backordered -= q;
            l.allocated += q;
          } else if (s.kind === 'shortClose' && l && l.backordered > 0) {
            l.shortClosed += l.backordered;
            l.backordered = 0;
            status = transition(partsOrderMachine, status, shortCloseEvent(lines, status));
          } else if (s.kind === 'receive' && outstanding > 0) {
            outstanding--;
            status = transition(partsOrderMachine, status, receiveEvent(status, outstanding));
          }
          settle();
          expect(lines.every(lineBalances)).toBe(true);
        }
        if (lines.every((l) => toShip(l) === 0) && outstanding === 0) expect(['RECEIVED', 'CLOSED']).toContain(status);
        if (status === 'RECEIVED') expect(lines.some((l) => l.shipped > 0)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('confirming a line', () => {
  it('answers every unit once: allocated, backordered with a day, the rest refused with a reason', () => {
    expect(confirmLine('l', 5, { allocate: 3, backorder: 2, expectedOn: '2026-12-09' }, '2026-12-02')).toEqual({
      ordered: 5,
      allocated: 3,
      backordered: 2,
      refused: 0,
      shipped: 0,
      shortClosed: 0,
    });
    expect(reasonOf(() => confirmLine('l', 5, { allocate: 4, backorder: 2, expectedOn: '2026-12-09' }, '2026-12-02'))).toBe('ANSWER_EXCEEDS_ORDERED');
    expect(reasonOf(() => confirmLine('l', 5, { allocate: 4, backorder: 0 }, '2026-12-02'))).toBe('REFUSAL_REASON_REQUIRED');
    expect(confirmLine('l', 5, { allocate: 0, backorder: 0, refuse: 'DISCONTINUED' }, '2026-12-02').refused).toBe(5);
    expect(reasonOf(() => confirmLine('l', 5, { allocate: 0, backorder: 5 }, '2026-12-02'))).toBe('REQUIRED');
    expect(reasonOf(() => confirmLine('l', 5, { allocate: 0, backorder: 5, expectedOn: '2026-12-01' }, '2026-12-02'))).toBe('MUST_BE_FUTURE');
    expect(reasonOf(() => confirmLine('l', 5, { allocate: 1.5, backorder: 0, refuse: 'OTHER' }, '2026-12-02'))).toBe('ANSWER_EXCEEDS_ORDERED');
  });
});

describe('scarce stock', () => {
  const at = (m: number) => new Date(Date.UTC(2026, 11, 2, 8, m));
  it('goes to emergency orders first, then warranty, then stock; earlier first within a priority', () => {
    const got = allocateByPriority(5, [
      { id: 's1', type: 'STOCK', submittedAt: at(0), qty: 3 },
      { id: 'w1', type: 'WARRANTY', submittedAt: at(5), qty: 2 },
      { id: 'e2', type: 'EMERGENCY', submittedAt: at(9), qty: 1 },
      { id: 'e1', type: 'EMERGENCY', submittedAt: at(7), qty: 1 },
    ]);
    expect(Object.fromEntries(got)).toEqual({ e1: 1, e2: 1, w1: 2, s1: 1 });
  });

  it('never gives out more than there is, nor a lower priority while a higher one is short', () => {
    const demand = fc.record({
      id: fc.uuid(),
      type: fc.constantFrom<PartsOrderType>('STOCK', 'EMERGENCY', 'WARRANTY'),
      submittedAt: fc.date({ min: new Date(2026, 0, 1), max: new Date(2027, 0, 1), noInvalidDate: true }),
      qty: fc.integer({ min: 0, max: 20 }),
    });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 }), fc.uniqueArray(demand, { selector: (d) => d.id, maxLength: 12 }), (stock, demands) => {
        const got = allocateByPriority(stock, demands);
        const total = [...got.values()].reduce((a, b) => a + b, 0);
        expect(total).toBeLessThanOrEqual(stock);
        expect(total).toBe(
          Math.min(
            stock,
            demands.reduce((s, d) => s + d.qty, 0),
          ),
        );
        const rank = { EMERGENCY: 0, WARRANTY: 1, STOCK: 2 } as const;
        for (const hi of demands) for (const lo of demands) if (rank[hi.type] < rank[lo.type] && got.get(hi.id)! < hi.qty) expect(got.get(lo.id)).toBe(0);
      }),
    );
  });
});

describe('supersession', () => {
  const chains = new SupersessionChains([
    { from: 'A-1', to: 'A-2', mode: 'USE_UP' },
    { from: 'A-2', to: 'A-3', mode: 'IMMEDIATE' },
    { from: 'B-1', to: 'B-2', mode: 'USE_UP' },
  ]);
  it('offers the current number for an old one, and the seller uses up old stock where the mode says so', () => {
    expect(chains.current('A-1')).toBe('A-3');
    expect(chains.chainFrom('A-1')).toEqual(['A-1', 'A-2', 'A-3']);
    expect(chains.current('Z-9')).toBe('Z-9');
    expect(chains.supplyNumbers('B-2')).toEqual(['B-1', 'B-2']);
    // A-2 was replaced at once: neither it nor anything older is shipped for A-3
    expect(chains.supplyNumbers('A-3')).toEqual(['A-3']);
  });
  it('refuses a chain that loops, or a number superseded twice', () => {
    const loop = () =>
      new SupersessionChains([
        { from: 'X', to: 'Y', mode: 'USE_UP' },
        { from: 'Y', to: 'X', mode: 'USE_UP' },
      ]);
    expect(reasonOf(loop)).toBe('SUPERSESSION_CYCLE');
    const twice = () =>
      new SupersessionChains([
        { from: 'X', to: 'Y', mode: 'USE_UP' },
        { from: 'X', to: 'Z', mode: 'USE_UP' },
      ]);
    expect(reasonOf(twice)).toBe('SUPERSESSION_CYCLE');
  });
});

describe('ABC class from the year’s demand value', () => {
  it('A while the value before a part is under 80 %, B under 95 %, else C; no demand is C', () => {
    const got = abcClasses(
      new Map([
        ['P1', 7000n],
        ['P2', 1500n],
        ['P3', 1000n],
        ['P4', 400n],
        ['P5', 100n],
        ['P6', 0n],
      ]),
    );
    expect(Object.fromEntries(got)).toEqual({ P1: 'A', P2: 'A', P3: 'B', P4: 'C', P5: 'C', P6: 'C' });
  });
  it('a part worth more never gets a lower class than one worth less', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: 1_000_000n }), { maxLength: 40 }), (values) => {
        const got = abcClasses(new Map(values.map((v, i) => [`P${i}`, v])));
        values.forEach((v, i) =>
          values.forEach((w, j) => {
            if (v > w) expect(got.get(`P${i}`)! <= got.get(`P${j}`)!).toBe(true);
          }),
        );
      }),
    );
  });
});

describe('net price', () => {
  it('takes the discount off the list price, rounded half up to the fen', () => {
    expect(netPrice(12_345n, 1_000)).toBe(11_111n); // 11,110.5 → 11,111
    expect(netPrice(12_345n, null)).toBe(12_345n);
    expect(netPrice(100n, 10_000)).toBe(0n);
  });
});

describe('stock', () => {
  it('proposes the fewest whole lots that lift the stock above its reorder point', () => {
    fc.assert(
      fc.property(
        fc.record({
          onHand: fc.nat(200),
          reserved: fc.nat(200),
          onOrder: fc.nat(50),
          safetyStock: fc.nat(20),
          reorderPoint: fc.nat(60),
          reorderQty: fc.integer({ min: 1, max: 25 }),
        }),
        (s) => {
          const level = { ...s, reserved: Math.min(s.reserved, s.onHand) };
          const q = replenishmentQty(level);
          const position = level.onHand - level.reserved + level.onOrder;
          expect(q % level.reorderQty).toBe(0);
          expect(q > 0).toBe(isLowStock(level));
          expect(position + q).toBeGreaterThan(level.reorderPoint);
          if (q > 0) expect(position + q - level.reorderQty).toBeLessThanOrEqual(level.reorderPoint);
        },
      ),
    );
  });
});

describe('receiving', () => {
  it('names what is short, over, wrong or damaged; only counted, unrejected units are accepted', () => {
    expect(receiveLine('l', 4, { received: 4, rejected: 0 })).toEqual({ accepted: 4, discrepancies: [] });
    expect(receiveLine('l', 4, { received: 3, rejected: 1, rejectReason: 'DAMAGED' })).toEqual({
      accepted: 2,
      discrepancies: [
        { reason: 'SHORT', qty: 1 },
        { reason: 'DAMAGED', qty: 1 },
      ],
    });
    expect(receiveLine('l', 4, { received: 6, rejected: 0 })).toEqual({ accepted: 4, discrepancies: [{ reason: 'OVER_SHIPPED', qty: 2 }] });
    expect(reasonOf(() => receiveLine('l', 4, { received: 4, rejected: 1 }))).toBe('REQUIRED');
    expect(reasonOf(() => receiveLine('l', 4, { received: 2, rejected: 3, rejectReason: 'WRONG_PART' }))).toBe('ANSWER_EXCEEDS_ORDERED');
  });
});

describe('figures', () => {
  it('fill rates count the first confirmation off the shelf', () => {
    const lines = [
      { ordered: 4, allocatedFirst: 4 },
      { ordered: 2, allocatedFirst: 1 },
      { ordered: 4, allocatedFirst: 0 },
    ];
    expect(lineFillRate(lines)).toBe(3333);
    expect(quantityFillRate(lines)).toBe(5000);
    expect(lineFillRate([])).toBeNull();
  });

  it('an emergency promise is due 24 h after submission, and not a minute before', () => {
    const submitted = new Date('2026-12-02T08:00:00Z');
    expect(emergencyDueAt(submitted).toISOString()).toBe('2026-12-03T08:00:00.000Z');
    const open = [{ submittedAt: submitted, shippedAt: null }];
    expect(emergencyPromiseKept(open, new Date('2026-12-03T07:59:00Z'))).toBeNull(); // not due yet
    expect(emergencyPromiseKept(open, new Date('2026-12-03T08:00:00Z'))).toBe(0);
    const shipped = [
      { submittedAt: submitted, shippedAt: new Date('2026-12-03T08:00:00Z') },
      { submittedAt: submitted, shippedAt: new Date('2026-12-03T08:01:00Z') },
    ];
    expect(emergencyPromiseKept(shipped, new Date('2026-12-04T00:00:00Z'))).toBe(5000);
  });

  it('shipment accuracy: lines received without a discrepancy over lines received', () => {
    const received = [...Array.from({ length: 49 }, () => ({ discrepancies: 0 })), { discrepancies: 2 }];
    expect(shipmentAccuracy(received)).toBe(9800);
  });

  it('a backorder’s age counts days on the seller’s calendar', () => {
    // 23:30 in Shanghai on 1 Dec is 15:30 UTC; 00:30 on 2 Dec is the next local day
    expect(backorderAgeDays(new Date('2026-12-01T15:30:00Z'), new Date('2026-12-01T16:30:00Z'), 'Asia/Shanghai')).toBe(1);
    expect(backorderAgeDays(new Date('2026-12-01T15:30:00Z'), new Date('2026-12-01T16:30:00Z'), 'UTC')).toBe(0);
    // New York leaves daylight saving on 1 Nov: 04:00 UTC is midnight on 1 Nov but 23:00 on 30 Nov
    expect(backorderAgeDays(new Date('2026-11-01T04:00:00Z'), new Date('2026-12-01T04:00:00Z'), 'America/New_York')).toBe(29);
    expect(backorderAgeDays(new Date('2026-11-01T04:00:00Z'), new Date('2026-12-01T05:00:00Z'), 'America/New_York')).toBe(30);
  });
});
