import { DomainError, type FieldProblem } from './errors.js';

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

/** Collects input problems and throws one BAD_USER_INPUT listing all of them. */
export class InputCheck {
  private readonly problems: FieldProblem[] = [];

  add(field: string, message: string): this {
    this.problems.push({ field, message });
    return this;
  }

  required(field: string, value: string | null | undefined, max = 200): string {
    const v = (value ?? '').trim();
    if (v === '') this.add(field, 'must not be empty');
    else if (v.length > max) this.add(field, `must be at most ${max} characters`);
    return v;
  }

  email(field: string, value: string | null | undefined): string {
    const v = (value ?? '').trim().toLowerCase();
    if (v === '') this.add(field, 'must not be empty');
    else if (v.length > 254 || !EMAIL.test(v)) this.add(field, `"${v}" is not an e-mail address`);
    return v;
  }

  password(field: string, value: string | null | undefined): string {
    const v = value ?? '';
    if (v.length < 10) this.add(field, 'must be at least 10 characters');
    else if (v.length > 200) this.add(field, 'must be at most 200 characters');
    return v;
  }

  day(field: string, value: string | null | undefined): string | undefined {
    if (value == null || value === '') return undefined;
    if (!isCalendarDay(value)) {
      this.add(field, `"${value}" is not a date (YYYY-MM-DD)`);
      return undefined;
    }
    return value;
  }

  /** Decimal text with up to three decimals → thousandths (no floating point): "1.5" → 1500. */
  milli(field: string, v: string | null | undefined, positive: boolean): number | null {
    const m = /^(\d{1,6})(?:\.(\d{1,3}))?$/.exec((v ?? '').trim());
    if (!m) {
      this.add(field, `"${v ?? ''}" is not a number with up to three decimals`);
      return null;
    }
    const n = Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0'));
    if (positive && n === 0) this.add(field, 'must be more than zero');
    return n;
  }

  /** A whole number of minor units given as decimal text. */
  minor(field: string, v: string | null | undefined): bigint | null {
    if (!/^\d{1,15}$/.test(v ?? '')) {
      this.add(field, `"${v ?? ''}" is not a whole number of minor units`);
      return null;
    }
    return BigInt(v!);
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
  if (!isUuid(value)) throw DomainError.badInput([{ field, message: `"${value}" is not a valid id` }]);
  return value.toLowerCase();
}
