import { DomainError, ErrorCode } from './errors.js';

/** Money as integer minor units (fen, cents) plus an ISO-4217 currency. Never a float. */
export interface Money {
  readonly amountMinor: bigint;
  readonly currency: string;
}

const CURRENCY = /^[A-Z]{3}$/;

export function money(amountMinor: bigint | number, currency: string): Money {
  if (typeof amountMinor === 'number' && !Number.isSafeInteger(amountMinor)) {
    throw DomainError.because(
      ErrorCode.BAD_USER_INPUT,
      'NOT_MINOR_UNITS',
      { value: String(amountMinor) },
      `Amount ${amountMinor} is not a whole number of minor units.`,
    );
  }
  if (!CURRENCY.test(currency)) {
    throw DomainError.because(ErrorCode.BAD_USER_INPUT, 'NOT_A_CURRENCY', { value: currency }, `Currency "${currency}" is not an ISO-4217 code.`);
  }
  return { amountMinor: BigInt(amountMinor), currency };
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) {
    throw DomainError.because(
      ErrorCode.BAD_USER_INPUT,
      'CURRENCY_MISMATCH',
      { currencies: [a.currency, b.currency] },
      `Cannot combine ${a.currency} with ${b.currency}.`,
    );
  }
}

export function addMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return { amountMinor: a.amountMinor + b.amountMinor, currency: a.currency };
}

export function sumMoney(items: readonly Money[], currency: string): Money {
  return items.reduce((acc, m) => addMoney(acc, m), money(0n, currency));
}

/** quantity × unit price, where quantity is given in thousandths (e.g. 1.5 h = 1500). */
export function multiplyMoney(unit: Money, quantityMilli: bigint | number): Money {
  const q = BigInt(quantityMilli);
  const raw = unit.amountMinor * q;
  // round half away from zero to whole minor units
  const sign = raw < 0n ? -1n : 1n;
  const abs = raw * sign;
  const rounded = (abs + 500n) / 1000n;
  return { amountMinor: rounded * sign, currency: unit.currency };
}

/**
 * Split an amount by share in basis points (1/100 of a percent) without losing a minor unit:
 * the result and the remainder always add up to the original amount.
 */
export function shareOf(total: Money, basisPoints: number): { share: Money; rest: Money } {
  if (!Number.isInteger(basisPoints) || basisPoints < 0 || basisPoints > 10_000) {
    throw DomainError.because(
      ErrorCode.BAD_USER_INPUT,
      'OUT_OF_RANGE',
      { min: 0, max: 10_000, unit: 'BASIS_POINTS' },
      `Share ${basisPoints} must be 0–10000 basis points.`,
    );
  }
  const share = (total.amountMinor * BigInt(basisPoints)) / 10_000n;
  return {
    share: { amountMinor: share, currency: total.currency },
    rest: { amountMinor: total.amountMinor - share, currency: total.currency },
  };
}

/** Minor units as a decimal amount with two places ("123456" → "1234.56", "-5" → "-0.05"), exact. */
export function formatMinor(minor: string | bigint): string {
  const v = BigInt(minor);
  const sign = v < 0n ? '-' : '';
  const abs = v < 0n ? -v : v;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}
