import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TIME_ZONE,
  addDays,
  formatInZone,
  isTimeZone,
  localDay,
  localYear,
  minuteOfDay,
  startOfLocalDay,
  timeZoneOr,
  wallTimeToInstant,
  zoneOffsetMinutes,
  zonedInstant,
} from './time-zone.js';

const at = (iso: string) => new Date(iso);

describe('local days and hours in a tenant’s time zone', () => {
  it('has one default, Asia/Shanghai, and knows zones by their IANA names', () => {
    expect(DEFAULT_TIME_ZONE).toBe('Asia/Shanghai');
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone('')).toBe(false);
    expect(timeZoneOr('America/New_York')).toBe('America/New_York');
    expect(timeZoneOr('nowhere')).toBe('Asia/Shanghai');
    expect(timeZoneOr(null)).toBe('Asia/Shanghai');
  });

  it('gives the calendar day and year where the tenant is', () => {
    const newYearsEve = at('2026-12-31T20:00:00Z');
    expect(localDay(newYearsEve, 'Asia/Shanghai')).toBe('2027-01-01');
    expect(localDay(newYearsEve, 'Europe/Berlin')).toBe('2026-12-31');
    expect(localYear(newYearsEve, 'Asia/Shanghai')).toBe(2027);
    expect(localYear(newYearsEve, 'America/New_York')).toBe(2026);
    expect(minuteOfDay(at('2026-11-24T01:30:00Z'), 'Asia/Shanghai')).toBe(9 * 60 + 30);
    expect(minuteOfDay(at('2026-11-24T01:30:00Z'), 'Europe/Berlin')).toBe(2 * 60 + 30);
    expect(minuteOfDay(at('2026-11-24T16:00:00Z'), 'Asia/Shanghai')).toBe(0); // midnight, not 24:00
  });

  it('knows the offset, daylight saving included', () => {
    expect(zoneOffsetMinutes(at('2026-11-24T00:00:00Z'), 'Asia/Shanghai')).toBe(480);
    expect(zoneOffsetMinutes(at('2026-01-15T12:00:00Z'), 'Europe/Berlin')).toBe(60);
    expect(zoneOffsetMinutes(at('2026-07-15T12:00:00Z'), 'Europe/Berlin')).toBe(120);
    expect(zoneOffsetMinutes(at('2026-07-15T12:00:00Z'), 'America/New_York')).toBe(-240);
  });

  it('turns a wall-clock time into the instant, in gaps and repeats too', () => {
    expect(startOfLocalDay('2026-11-25', 'Asia/Shanghai').toISOString()).toBe('2026-11-24T16:00:00.000Z');
    expect(startOfLocalDay('2026-11-25', 'America/New_York').toISOString()).toBe('2026-11-25T05:00:00.000Z');
    expect(zonedInstant('2026-07-01', 9 * 60, 'Europe/Berlin').toISOString()).toBe('2026-07-01T07:00:00.000Z');
    // Berlin skips 02:00–03:00 on 29 March 2026: 02:30 counts as 03:30 summer time
    expect(zonedInstant('2026-03-29', 150, 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(zonedInstant('2026-03-29', 180, 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:00:00.000Z');
    // and repeats 02:00–03:00 on 25 October 2026: the first 02:30 (summer time)
    expect(zonedInstant('2026-10-25', 150, 'Europe/Berlin').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(zonedInstant('2026-10-25', 180, 'Europe/Berlin').toISOString()).toBe('2026-10-25T02:00:00.000Z');
    expect(wallTimeToInstant('2026-11-25T14:30', 'Asia/Shanghai')?.toISOString()).toBe('2026-11-25T06:30:00.000Z');
    expect(wallTimeToInstant('2026-11-25T14:30', 'Europe/Berlin')?.toISOString()).toBe('2026-11-25T13:30:00.000Z');
    expect(wallTimeToInstant('2026-11-25 14:30', 'Europe/Berlin')).toBeNull();
    expect(wallTimeToInstant('2026-11-25T25:00', 'Europe/Berlin')).toBeNull();
  });

  it('maps every instant back to its own wall clock (property)', () => {
    const zones = ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata'];
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }), fc.constantFrom(...zones), (ms, zone) => {
        const t = new Date(Math.floor(ms / 60_000) * 60_000);
        const back = zonedInstant(localDay(t, zone), minuteOfDay(t, zone), zone);
        // the same instant, or (in a repeated hour) its first occurrence an offset change earlier
        expect(
          back.getTime() === t.getTime() || (back < t && localDay(back, zone) === localDay(t, zone) && minuteOfDay(back, zone) === minuteOfDay(t, zone)),
        ).toBe(true);
      }),
    );
  });

  it('formats in the zone and counts days', () => {
    expect(formatInZone(at('2026-11-24T06:00:00Z'), 'Asia/Shanghai', 'zh-CN', { hour: '2-digit', minute: '2-digit', hour12: false })).toBe('14:00');
    expect(formatInZone(at('2026-11-24T06:00:00Z'), 'Europe/Berlin', 'zh-CN', { hour: '2-digit', minute: '2-digit', hour12: false })).toBe('07:00');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
