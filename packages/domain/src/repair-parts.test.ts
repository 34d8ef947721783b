import { describe, expect, it } from 'vitest';
import { RESERVATION_HOURS_DEFAULT, partsExpectedOn, reservationExpiresAt, type AwaitedPartsLine } from './repair-parts.js';

const line = (over: Partial<AwaitedPartsLine> = {}): AwaitedPartsLine => ({
  type: 'EMERGENCY',
  ordered: 1,
  refused: 0,
  shortClosed: 0,
  shipped: 0,
  backordered: 0,
  expectedOn: null,
  promiseDay: '2030-01-02',
  ...over,
});

describe('a repair reservation lapses', () => {
  it('after the tenant’s hours, or the default when the setting is missing or out of range', () => {
    const at = new Date('2030-01-01T00:00:00Z');
    expect(reservationExpiresAt(at, 24).toISOString()).toBe('2030-01-02T00:00:00.000Z');
    for (const h of [null, undefined, 0, -5, 1.5, 100_000])
      expect(reservationExpiresAt(at, h).getTime() - at.getTime()).toBe(RESERVATION_HOURS_DEFAULT * 3_600_000);
  });
});

describe('the day a repair can expect its parts', () => {
  it('is the emergency promise day until a backorder names its own day; the latest line decides', () => {
    expect(partsExpectedOn([line()])).toBe('2030-01-02');
    expect(partsExpectedOn([line({ backordered: 1, expectedOn: '2030-01-10' })])).toBe('2030-01-10');
    expect(partsExpectedOn([line(), line({ backordered: 1, expectedOn: '2030-01-08' }), line({ promiseDay: '2030-01-03' })])).toBe('2030-01-08');
  });

  it('is unknown when one line has no day (a stock order not yet answered, a broken promise)', () => {
    expect(partsExpectedOn([line(), line({ type: 'STOCK', promiseDay: null })])).toBeNull();
    expect(partsExpectedOn([line({ promiseDay: null })])).toBeNull();
  });

  it('leaves out what was shipped, refused or short-closed; nothing left to ship is no day', () => {
    expect(partsExpectedOn([line({ shipped: 1, promiseDay: null }), line({ promiseDay: '2030-01-05' })])).toBe('2030-01-05');
    expect(partsExpectedOn([line({ refused: 1, promiseDay: null }), line({ shortClosed: 1, promiseDay: null })])).toBeNull();
    expect(partsExpectedOn([line({ shipped: 1 })])).toBeNull();
    expect(partsExpectedOn([])).toBeNull();
  });
});
