import { DomainError, problem, type FieldProblem } from './errors.js';
import type { ReasonCode, ReasonParams, Unit } from './reasons.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A real calendar day written YYYY-MM-DD: the month exists and the day exists in that month
 * (2028-02-29 yes, 2026-02-29 and 2026-02-30 no; year 0001–9999). `Date.parse` is no check: V8
 * reads 2026-02-30 as 2 March. Every day taken from input goes through here (InputCheck.day).
 */
export function isCalendarDay(value: string): boolean {
  const m = DAY.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  // round trip: a day past the month's end would roll over into the next month
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/**
 * Collects input problems and throws one BAD_USER_INPUT listing all of them. Each problem names
 * its field (the input path) and a catalogued reason with typed parameters (reasons.ts), which the
 * portal renders in the reader's language; the English message is for logs and API users.
 */
export class InputCheck {
  private readonly problems: FieldProblem[] = [];

  /** A problem with a catalogued reason. */
  because<R extends ReasonCode>(field: string, reason: R, params: ReasonParams<R>, message: string): this {
    this.problems.push(problem(field, reason, params, message));
    return this;
  }

  /** A problem without a catalogued reason (the portal says only that the field is not valid): prefer `because`. */
  add(field: string, message: string): this {
    this.problems.push({ field, message });
    return this;
  }

  /** A rule's refusal (a DomainError) as a problem of `field`, keeping its reason; anything else is thrown on. */
  addError(field: string, e: unknown): this {
    if (!(e instanceof DomainError)) throw e;
    const inner = (e.details?.problems as FieldProblem[] | undefined)?.[0];
    const reason = e.reason ?? inner?.reason;
    const params = (e.reason ? e.details?.params : inner?.params) as FieldProblem['params'];
    this.problems.push(reason ? { field, message: inner?.message ?? e.message, reason, params: params ?? {} } : { field, message: e.message });
    return this;
  }

  required(field: string, value: string | null | undefined, max = 200): string {
    const v = (value ?? '').trim();
    if (v === '') this.because(field, 'REQUIRED', { max }, 'must not be empty');
    else if (v.length > max) this.because(field, 'TOO_LONG', { max }, `must be at most ${max} characters`);
    return v;
  }

  /** Optional text of at most `max` characters (trimmed; empty is null). */
  optional(field: string, value: string | null | undefined, max = 200): string | null {
    const v = (value ?? '').trim();
    if (v.length > max) this.because(field, 'TOO_LONG', { max }, `must be at most ${max} characters`);
    return v || null;
  }

  email(field: string, value: string | null | undefined): string {
    const v = (value ?? '').trim().toLowerCase();
    if (v === '') this.because(field, 'REQUIRED', { max: 254 }, 'must not be empty');
    else if (v.length > 254 || !EMAIL.test(v)) this.because(field, 'NOT_AN_EMAIL', { value: v }, `"${v}" is not an e-mail address`);
    return v;
  }

  password(field: string, value: string | null | undefined): string {
    const v = value ?? '';
    if (v.length < 10) this.because(field, 'TOO_SHORT', { min: 10 }, 'must be at least 10 characters');
    else if (v.length > 200) this.because(field, 'TOO_LONG', { max: 200 }, 'must be at most 200 characters');
    return v;
  }

  day(field: string, value: string | null | undefined): string | undefined {
    if (value == null || value === '') return undefined;
    if (!isCalendarDay(value)) {
      this.because(field, 'NOT_A_DATE', { value }, `"${value}" is not a date (YYYY-MM-DD)`);
      return undefined;
    }
    return value;
  }

  /** Decimal text with up to three decimals → thousandths (no floating point): "1.5" → 1500. */
  milli(field: string, v: string | null | undefined, positive: boolean): number | null {
    const m = /^(\d{1,6})(?:\.(\d{1,3}))?$/.exec((v ?? '').trim());
    if (!m) {
      this.because(field, 'NOT_A_NUMBER', { value: v ?? '', decimals: 3 }, `"${v ?? ''}" is not a number with up to three decimals`);
      return null;
    }
    const n = Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0'));
    if (positive && n === 0) this.because(field, 'NOT_POSITIVE', {}, 'must be more than zero');
    return n;
  }

  /** A whole number of minor units given as decimal text. */
  minor(field: string, v: string | null | undefined): bigint | null {
    if (!/^\d{1,15}$/.test(v ?? '')) {
      this.because(field, 'NOT_MINOR_UNITS', { value: v ?? '' }, `"${v ?? ''}" is not a whole number of minor units`);
      return null;
    }
    return BigInt(v!);
  }

  /** A whole number of at least `min` (undefined/null passes when not `required`). */
  wholeNumber(field: string, v: number | null | undefined, min: number, unit: Unit | null = null, required = true): number | null {
    if (v == null) {
      if (required) this.because(field, 'REQUIRED', {}, 'must not be empty');
      return null;
    }
    if (!Number.isInteger(v) || v < min) {
      this.because(field, 'NOT_A_WHOLE_NUMBER', { value: String(v), min, unit }, `must be a whole number ≥ ${min}`);
      return null;
    }
    return v;
  }

  /** A whole number within min–max (inclusive). */
  range(field: string, v: number | null | undefined, min: number, max: number, unit: Unit | null = null): number | null {
    if (v == null || !Number.isInteger(v) || v < min || v > max) {
      this.because(field, 'OUT_OF_RANGE', { min, max, unit }, `must be a whole number ${min}–${max}`);
      return null;
    }
    return v;
  }

  /** One of the values a field takes. */
  oneOf<T extends string>(field: string, v: string | null | undefined, allowed: readonly T[]): T | null {
    if (!(allowed as readonly string[]).includes(v ?? '')) {
      this.because(field, 'NOT_ONE_OF', { value: v ?? '', allowed }, `must be one of ${allowed.join(', ')}`);
      return null;
    }
    return v as T;
  }

  /** An id (UUID); a malformed one is a problem of the field. */
  id(field: string, v: string | null | undefined): string | null {
    if (!isUuid(v ?? '')) {
      this.because(field, 'NOT_AN_ID', { value: v ?? '' }, `"${v ?? ''}" is not a valid id`);
      return null;
    }
    return v!.toLowerCase();
  }

  get ok(): boolean {
    return this.problems.length === 0;
  }

  /** Throws BAD_USER_INPUT when any problem was found. */
  done(): void {
    if (this.problems.length > 0) throw DomainError.badInput(this.problems);
  }
}

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** Throws BAD_USER_INPUT unless `value` is a UUID. */
export function assertId(field: string, value: string): string {
  if (!isUuid(value)) throw DomainError.badField(field, 'NOT_AN_ID', { value }, `"${value}" is not a valid id`);
  return value.toLowerCase();
}
