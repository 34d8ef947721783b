import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMoney, money, multiplyMoney, shareOf, sumMoney, formatMinor } from './money.js';

describe('money in integer minor units', () => {
  it('refuses floats, bad currencies and mixing currencies', () => {
    expect(() => money(12.5, 'CNY')).toThrow(/whole number/);
    expect(() => money(1, 'yuan')).toThrow(/ISO-4217/);
    expect(() => addMoney(money(1, 'CNY'), money(1, 'USD'))).toThrow(/Cannot combine CNY with USD/);
  });

  it('multiplies by quantities in thousandths, rounding half away from zero', () => {
    expect(multiplyMoney(money(12000, 'CNY'), 1500).amountMinor).toBe(18000n); // 1.5 h × ¥120.00
    expect(multiplyMoney(money(333, 'CNY'), 1500).amountMinor).toBe(500n); // 499.5 → 500
    expect(multiplyMoney(money(-333, 'CNY'), 1500).amountMinor).toBe(-500n);
  });

  it('property: a share and its rest always add up to the total exactly', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.integer({ min: 0, max: 10_000 }), (amount, bp) => {
        const { share, rest } = shareOf(money(amount, 'CNY'), bp);
        expect(share.amountMinor + rest.amountMinor).toBe(amount);
        expect(share.amountMinor >= 0n && rest.amountMinor >= 0n).toBe(true);
      }),
    );
  });

  it('property: sums are exact beyond 2^53', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: 2n ** 60n }), { maxLength: 20 }), (amounts) => {
        const total = sumMoney(
          amounts.map((a) => money(a, 'CNY')),
          'CNY',
        );
        expect(total.amountMinor).toBe(amounts.reduce((a, b) => a + b, 0n));
      }),
    );
  });
});

describe('formatMinor', () => {
  it('writes minor units as an exact two-place decimal', () => {
    expect(formatMinor('123456')).toBe('1234.56');
    expect(formatMinor(5n)).toBe('0.05');
    expect(formatMinor('-5')).toBe('-0.05');
    expect(formatMinor('123456789012345678901')).toBe('1234567890123456789.01');
  });
});
