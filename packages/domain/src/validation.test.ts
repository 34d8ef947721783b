import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputCheck, assertId, isCalendarDay, isUuid } from './validation.js';
import { uuidv7, documentNumber } from './ids.js';
import { ROLES_BY_KIND, rolesNotAllowedFor, TENANT_KINDS } from './tenancy.js';
import { relationshipSidesProblem } from './relationships.js';

describe('input checks', () => {
  it('collects every problem into one BAD_USER_INPUT', () => {
    const c = new InputCheck();
    c.email('email', '');
    c.required('name', '   ');
    c.password('pw', 'short');
    c.day('from', '2026-02-30x');
    expect(() => c.done()).toThrow(
      'email: must not be empty; name: must not be empty; pw: must be at least 10 characters; from: "2026-02-30x" is not a date (YYYY-MM-DD)',
    );
  });

  it('normalises e-mail addresses to lower case', () => {
    const c = new InputCheck();
    expect(c.email('email', '  Wang@Dealer.CN ')).toBe('wang@dealer.cn');
    expect(c.ok).toBe(true);
  });

  it('ids: uuidv7 is valid, time-ordered, and malformed ids are refused', () => {
    const a = uuidv7(1_000);
    const b = uuidv7(2_000);
    expect(isUuid(a)).toBe(true);
    expect(a.charAt(14)).toBe('7');
    expect(a < b).toBe(true);
    expect(() => assertId('id', "1' or '1'='1")).toThrow(/is not a valid id/);
    fc.assert(fc.property(fc.string(), (s) => isUuid(s) === /^[0-9a-f-]{36}$/i.test(s) || !isUuid(s)));
    expect(documentNumber('RO', 2026, 123)).toBe('RO-2026-000123');
  });
});

describe('calendar days', () => {
  it('takes only days that exist: months of 28–31 days, 29 February in leap years only', () => {
    for (const day of ['2026-01-31', '2026-02-28', '2028-02-29', '2000-02-29', '2026-04-30', '2026-12-31', '0001-01-01', '9999-12-31']) {
      expect(isCalendarDay(day), day).toBe(true);
    }
    for (const day of [
      '2026-02-30',
      '2026-02-29',
      '1900-02-29',
      '2100-02-29',
      '2026-04-31',
      '2026-06-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
      '2026-01-32',
      '0000-01-01',
    ]) {
      expect(isCalendarDay(day), day).toBe(false);
    }
    for (const text of ['2026-2-3', '20260203', '2026-02-03T00:00:00Z', ' 2026-02-03', '2026-02-03\n', '', '２０２６-02-03']) {
      expect(isCalendarDay(text), JSON.stringify(text)).toBe(false);
    }
  });

  it('agrees with the Gregorian calendar for any year, month and day of years 0001–9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (y, m, d) => {
        const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
        const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
        const text = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        expect(isCalendarDay(text)).toBe(d <= days);
      }),
      { numRuns: 2000 },
    );
  });

  it('InputCheck.day refuses 2026-02-30 as BAD_USER_INPUT naming the field, and passes real days through', () => {
    const c = new InputCheck();
    expect(c.day('input.saleDate', '2026-02-30')).toBeUndefined();
    expect(c.day('input.opensOn', '2028-02-29')).toBe('2028-02-29');
    expect(c.day('input.closesOn', null)).toBeUndefined();
    expect(() => c.done()).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', message: expect.stringContaining('input.saleDate: "2026-02-30" is not a date (YYYY-MM-DD)') }),
    );
    const ok = new InputCheck();
    ok.day('d', '2026-02-28');
    expect(ok.ok).toBe(true);
  });
});

describe('tenancy rules', () => {
  it('every kind has an admin role among its roles, and roles do not cross kinds', () => {
    for (const kind of TENANT_KINDS) expect(ROLES_BY_KIND[kind].length).toBeGreaterThan(0);
    expect(rolesNotAllowedFor('DEALER_4S', ['SERVICE_ADVISOR', 'OEM_ADMIN'])).toEqual(['OEM_ADMIN']);
    expect(rolesNotAllowedFor('PARTS_SUPPLIER', ['ORDER_DESK'])).toEqual([]);
  });

  it('relationship sides follow domain.md §1', () => {
    expect(relationshipSidesProblem('DEALER_AUTHORIZATION', 'MANUFACTURER', 'DEALER_4S')).toBeUndefined();
    expect(relationshipSidesProblem('DEALER_AUTHORIZATION', 'MANUFACTURER', 'INDEPENDENT_SHOP')).toBeUndefined();
    expect(relationshipSidesProblem('DEALER_AUTHORIZATION', 'DEALER_4S', 'DEALER_4S')).toMatch(/cannot be opened by a DEALER_4S/);
    expect(relationshipSidesProblem('TRADE_ACCOUNT', 'INDEPENDENT_SHOP', 'PARTS_SUPPLIER')).toBeUndefined();
    expect(relationshipSidesProblem('SUPPLY_AGREEMENT', 'MANUFACTURER', 'DEALER_4S')).toMatch(/with a DEALER_4S/);
  });
});

describe('uuidv7 ordering', () => {
  it('ids made in the same millisecond still sort in creation order', () => {
    const ids = Array.from({ length: 5000 }, () => uuidv7(1_700_000_000_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every(isUuid)).toBe(true);
  });
});
