import { describe, expect, it } from 'vitest';
import { DEFAULT_TIME_ZONE, addDays, addMonths, dayIn, isDay, isMonth, monthEnd, timeIn, todayIn, wallTimeToIso, zoneOf } from '../src/lib/day';
import { formatDateTime } from '../src/lib/i18n';

// 06:30 UTC on 25 November 2026: 14:30 in Shanghai, 07:30 in Berlin, 01:30 in New York
const AT = '2026-11-25T06:30:00.000Z';

describe('days and times on the tenant’s wall clock', () => {
  it('takes the zone of the signed-in person’s tenant (or a shop’s), Asia/Shanghai only by default', () => {
    expect(zoneOf({ timezone: 'Europe/Berlin' })).toBe('Europe/Berlin');
    expect(zoneOf({ timezone: null })).toBe('Asia/Shanghai');
    expect(zoneOf(null)).toBe(DEFAULT_TIME_ZONE);
    expect(zoneOf({ timezone: 'not/a-zone' })).toBe('Asia/Shanghai');
  });

  it('formats an instant in the zone it is given', () => {
    expect(formatDateTime(AT, 'en', 'Asia/Shanghai')).toMatch(/2:30\sPM/);
    expect(formatDateTime(AT, 'en', 'Europe/Berlin')).toMatch(/7:30\sAM/);
    expect(formatDateTime(AT, 'en', 'America/New_York')).toMatch(/1:30\sAM/);
    expect(formatDateTime(AT, 'zh-CN')).toBe(formatDateTime(AT, 'zh-CN', 'Asia/Shanghai'));
    expect(timeIn(AT, 'zh-CN', 'Europe/Berlin')).toBe('07:30');
    expect(timeIn(AT, 'zh-CN', 'Asia/Shanghai')).toBe('14:30');
  });

  it('knows the tenant’s day, also when it is not the default zone’s', () => {
    const lateEvening = new Date('2026-12-31T20:00:00Z');
    expect(todayIn('Asia/Shanghai', lateEvening)).toBe('2027-01-01');
    expect(todayIn('America/New_York', lateEvening)).toBe('2026-12-31');
    expect(dayIn('2026-11-25T23:30:00Z', 'Europe/Berlin')).toBe('2026-11-26');
    expect(dayIn('2026-11-25T23:30:00Z', 'America/New_York')).toBe('2026-11-25');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('counts months and their ends for the figures and reports pickers (the domain’s calendar)', () => {
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2027-01', -1)).toBe('2026-12');
    expect(addMonths('2026-12', -23)).toBe('2025-01');
    expect(monthEnd('2028-02')).toBe('2028-02-29');
    expect(monthEnd('2026-02')).toBe('2026-02-28');
    expect(monthEnd('2026-12')).toBe('2026-12-31');
    expect(isDay('2026-02-28')).toBe(true);
    expect(isDay('2026-02-31')).toBe(false); // the address may say it; no such day
    expect(isDay('2026-2-1')).toBe(false);
    expect(isMonth('2026-12')).toBe(true);
    expect(isMonth('2026-13')).toBe(false);
  });

  it('reads a datetime-local field on the tenant’s wall clock', () => {
    expect(wallTimeToIso('2026-11-25T14:30', 'Asia/Shanghai')).toBe(AT);
    expect(wallTimeToIso('2026-11-25T07:30', 'Europe/Berlin')).toBe(AT);
    expect(wallTimeToIso('2026-07-01T08:00', 'Europe/Berlin')).toBe('2026-07-01T06:00:00.000Z'); // summer time
    expect(wallTimeToIso('', 'Europe/Berlin')).toBeNull();
    expect(wallTimeToIso(null, 'Europe/Berlin')).toBeNull();
    expect(wallTimeToIso('tomorrow', 'Europe/Berlin')).toBeNull();
  });
});
