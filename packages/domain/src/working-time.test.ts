import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, zonedInstant } from './time-zone.js';
import {
  ROUND_THE_CLOCK,
  STANDARD_WEEK,
  addWorkingTime,
  calendarProblems,
  defaultCalendar,
  endOfWorkingDays,
  isWorkingAt,
  nextWorkingInstant,
  workingSpansOn,
  workingTimeBetween,
  type CalendarDay,
  type IsoWeekday,
  type TimeSpan,
  type WorkingCalendar,
} from './working-time.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const SH = 'Asia/Shanghai';

/** A wall time 'YYYY-MM-DD HH:MM' in a zone, as an instant. */
const wall = (text: string, zone = SH): Date => {
  const [day, hm] = text.split(' ') as [string, string];
  const [h, m] = hm.split(':').map(Number) as [number, number];
  return zonedInstant(day, h * 60 + m, zone);
};

const standard = (zone = SH, days: CalendarDay[] = []): WorkingCalendar => ({ ...defaultCalendar(zone), days });
const span = (start: string, end: string): TimeSpan => ({ start, end });
const onlyOn = (zone: string, date: string, spans: TimeSpan[]): WorkingCalendar => ({
  timeZone: zone,
  week: { 1: [], 2: [], 3: [], 4: [], 5: [], 6: [], 7: [] },
  days: [{ date, kind: 'WORKDAY', spans }],
});

describe('working calendars', () => {
  it('comes with the round-the-clock and the standard week', () => {
    expect(STANDARD_WEEK[1]).toEqual([span('09:00', '12:00'), span('13:00', '18:00')]);
    expect(STANDARD_WEEK[6]).toEqual([]);
    expect(STANDARD_WEEK[7]).toEqual([]);
    expect(defaultCalendar('Europe/Berlin')).toEqual({ timeZone: 'Europe/Berlin', week: STANDARD_WEEK, days: [] });
    const always = ROUND_THE_CLOCK(SH);
    expect(([1, 2, 3, 4, 5, 6, 7] as IsoWeekday[]).every((d) => always.week[d].length === 1 && always.week[d][0]!.end === '24:00')).toBe(true);
    expect(calendarProblems(always)).toEqual([]);
    expect(calendarProblems(defaultCalendar(SH))).toEqual([]);
  });

  it('reads the spans of a day: holiday, adjusted working day, the week', () => {
    const cal: WorkingCalendar = {
      timeZone: SH,
      week: { ...STANDARD_WEEK, 3: [span('13:00', '18:00'), span('08:00', '12:00')] },
      days: [
        { date: '2026-12-07', kind: 'HOLIDAY', name: '假日' },
        { date: '2026-12-06', kind: 'WORKDAY', name: '调休' },
        { date: '2026-12-12', kind: 'WORKDAY', spans: [span('10:00', '14:00')] },
      ],
    };
    expect(workingSpansOn(cal, '2026-12-07')).toEqual([]); // a Monday, but a holiday
    expect(workingSpansOn(cal, '2026-12-06')).toEqual(STANDARD_WEEK[1]); // a Sunday worked as a standard day
    expect(workingSpansOn(cal, '2026-12-12')).toEqual([span('10:00', '14:00')]);
    expect(workingSpansOn(cal, '2026-12-09')).toEqual([span('08:00', '12:00'), span('13:00', '18:00')]); // a Wednesday, sorted
    expect(workingSpansOn(cal, '2026-12-13')).toEqual([]); // a Sunday
    // the standard day is the first of Monday–Friday that has spans
    const lateWeek: WorkingCalendar = {
      timeZone: SH,
      week: { 1: [], 2: [], 3: [span('07:00', '15:00')], 4: [], 5: [], 6: [], 7: [] },
      days: [{ date: '2026-12-06', kind: 'WORKDAY', spans: [] }],
    };
    expect(workingSpansOn(lateWeek, '2026-12-06')).toEqual([span('07:00', '15:00')]);
  });

  it('names what is wrong with a calendar', () => {
    const cal: WorkingCalendar = {
      timeZone: 'Mars/Olympus',
      week: {
        1: [span('9:00', '12:00')],
        2: [span('24:00', '24:00'), span('08:60', '10:00')],
        3: [span('12:00', '09:00')],
        4: [span('13:00', '18:00'), span('09:00', '13:30')],
        5: [span('13:00', '18:00'), span('09:00', '13:00')], // touching, out of order: fine
        6: [span('00:00', '24:00')],
        7: [span('10:00', '24:01')],
      },
      days: [
        { date: '2026-02-30', kind: 'HOLIDAY' },
        { date: '2026-2-3', kind: 'HOLIDAY' },
        { date: '2026-12-07', kind: 'HOLIDAY' },
        { date: '2026-12-07', kind: 'WORKDAY' },
        { date: '2026-12-06', kind: 'WORKDAY', spans: [span('10:00', '10:00')] },
      ],
    };
    expect(calendarProblems(cal)).toEqual([
      { code: 'BAD_TIME_ZONE', where: 'timeZone' },
      { code: 'BAD_TIME', where: 'week.1' },
      { code: 'BAD_TIME', where: 'week.2' },
      { code: 'BAD_TIME', where: 'week.2' },
      { code: 'EMPTY_SPAN', where: 'week.3' },
      { code: 'OVERLAPPING_SPANS', where: 'week.4' },
      { code: 'BAD_TIME', where: 'week.7' },
      { code: 'BAD_DATE', where: '2026-02-30' },
      { code: 'BAD_DATE', where: '2026-2-3' },
      { code: 'DUPLICATE_DAY', where: '2026-12-07' },
      { code: 'EMPTY_SPAN', where: '2026-12-06' },
    ]);
    const idle: WorkingCalendar = { timeZone: SH, week: { 1: [], 2: [], 3: [], 4: [], 5: [], 6: [], 7: [] }, days: [{ date: '2026-10-01', kind: 'HOLIDAY' }] };
    expect(calendarProblems(idle)).toEqual([{ code: 'NO_WORKING_TIME', where: 'week' }]);
    expect(calendarProblems({ ...idle, days: [{ date: '2026-10-10', kind: 'WORKDAY', spans: [span('09:00', '17:00')] }] })).toEqual([]);
  });
});

describe('working time in the standard week (Asia/Shanghai)', () => {
  const cal = standard();
  const friday = wall('2026-12-04 17:55');

  it('carries over the weekend, the lunch break and lands on a span’s end', () => {
    expect(addWorkingTime(cal, friday, 10 * MIN)).toEqual(wall('2026-12-07 09:05'));
    expect(addWorkingTime(cal, friday, 5 * MIN)).toEqual(wall('2026-12-04 18:00')); // the end, not Monday 09:00
    expect(addWorkingTime(cal, wall('2026-12-04 11:55'), 10 * MIN)).toEqual(wall('2026-12-04 13:05'));
    expect(addWorkingTime(cal, wall('2026-12-04 11:55'), 5 * MIN)).toEqual(wall('2026-12-04 12:00'));
    expect(addWorkingTime(cal, wall('2026-12-04 12:30'), 30 * MIN)).toEqual(wall('2026-12-04 13:30'));
    expect(addWorkingTime(cal, wall('2026-12-04 06:00'), 8 * HOUR)).toEqual(wall('2026-12-04 18:00'));
    expect(addWorkingTime(cal, friday, 12 * HOUR)).toEqual(wall('2026-12-08 13:55')); // on site within 12 working hours
  });

  it('needs nothing for zero work, even outside working time', () => {
    const saturday = wall('2026-12-05 10:00');
    expect(isWorkingAt(cal, saturday)).toBe(false);
    expect(addWorkingTime(cal, saturday, 0)).toEqual(saturday);
    expect(addWorkingTime(cal, saturday, MIN)).toEqual(wall('2026-12-07 09:01'));
    expect(nextWorkingInstant(cal, saturday)).toEqual(wall('2026-12-07 09:00'));
    expect(() => addWorkingTime(cal, saturday, -1)).toThrow(RangeError);
  });

  it('tells working time from the rest: a span’s start is in it, its end is not', () => {
    expect(isWorkingAt(cal, wall('2026-12-04 09:00'))).toBe(true);
    expect(isWorkingAt(cal, wall('2026-12-04 11:59'))).toBe(true);
    expect(isWorkingAt(cal, wall('2026-12-04 12:00'))).toBe(false);
    expect(isWorkingAt(cal, wall('2026-12-04 18:00'))).toBe(false);
    expect(isWorkingAt(cal, wall('2026-12-04 08:59'))).toBe(false);
    expect(nextWorkingInstant(cal, wall('2026-12-04 10:17'))).toEqual(wall('2026-12-04 10:17'));
    expect(nextWorkingInstant(cal, wall('2026-12-04 12:00'))).toEqual(wall('2026-12-04 13:00'));
  });

  it('measures working time between two instants', () => {
    expect(workingTimeBetween(cal, friday, wall('2026-12-07 09:05'))).toBe(10 * MIN);
    expect(workingTimeBetween(cal, wall('2026-12-07 09:05'), friday)).toBe(0);
    expect(workingTimeBetween(cal, friday, friday)).toBe(0);
    expect(workingTimeBetween(cal, wall('2026-12-07 00:00'), wall('2026-12-14 00:00'))).toBe(5 * 8 * HOUR);
    expect(workingTimeBetween(cal, wall('2026-12-04 11:00'), wall('2026-12-04 14:00'))).toBe(2 * HOUR);
  });

  it('counts working days for a report (end of the n-th working day after the day)', () => {
    expect(endOfWorkingDays(cal, wall('2026-12-04 10:00'), 3)).toEqual(wall('2026-12-09 18:00')); // Friday → Wednesday
    expect(endOfWorkingDays(cal, wall('2026-12-04 10:00'), 1)).toEqual(wall('2026-12-07 18:00'));
    expect(endOfWorkingDays(cal, wall('2026-12-04 10:00'), 0)).toEqual(wall('2026-12-04 18:00'));
    expect(endOfWorkingDays(cal, wall('2026-12-04 20:00'), 0)).toEqual(wall('2026-12-04 18:00')); // its own day works
    expect(endOfWorkingDays(cal, wall('2026-12-05 10:00'), 0)).toEqual(wall('2026-12-07 18:00')); // Saturday → Monday
    expect(endOfWorkingDays(cal, wall('2026-12-05 10:00'), 1)).toEqual(wall('2026-12-07 18:00'));
    expect(() => endOfWorkingDays(cal, friday, 1.5)).toThrow(RangeError);
  });
});

describe('holidays and adjusted working days (调休)', () => {
  const friday = wall('2026-12-04 17:55');

  it('skips a holiday and works an adjusted day with the standard day’s spans', () => {
    const holiday = standard(SH, [{ date: '2026-12-07', kind: 'HOLIDAY', name: '假日' }]);
    expect(addWorkingTime(holiday, friday, 10 * MIN)).toEqual(wall('2026-12-08 09:05'));
    expect(workingTimeBetween(holiday, friday, wall('2026-12-08 09:05'))).toBe(10 * MIN);
    expect(workingTimeBetween(holiday, friday, wall('2026-12-07 17:00'))).toBe(5 * MIN);
    expect(endOfWorkingDays(holiday, friday, 3)).toEqual(wall('2026-12-10 18:00'));
    const adjusted = standard(SH, [{ date: '2026-12-06', kind: 'WORKDAY', name: '调休' }]);
    expect(addWorkingTime(adjusted, friday, 10 * MIN)).toEqual(wall('2026-12-06 09:05'));
    expect(isWorkingAt(adjusted, wall('2026-12-06 12:30'))).toBe(false); // the standard day's lunch break
    expect(endOfWorkingDays(adjusted, friday, 1)).toEqual(wall('2026-12-06 18:00'));
  });

  it('follows a Spring Festival block with its adjusted Saturdays (2026: 2/15–2/23 off, 2/14 and 2/28 worked)', () => {
    const days: CalendarDay[] = [
      ...Array.from({ length: 9 }, (_, i): CalendarDay => ({ date: addDays('2026-02-15', i), kind: 'HOLIDAY', name: '春节' })),
      { date: '2026-02-14', kind: 'WORKDAY', name: '春节调休' },
      { date: '2026-02-28', kind: 'WORKDAY', name: '春节调休' },
    ];
    const cal = standard(SH, days);
    expect(calendarProblems(cal)).toEqual([]);
    expect(addWorkingTime(cal, wall('2026-02-13 17:00'), 2 * HOUR)).toEqual(wall('2026-02-14 10:00')); // Saturday worked
    expect(addWorkingTime(cal, wall('2026-02-14 17:00'), 2 * HOUR)).toEqual(wall('2026-02-24 10:00')); // the whole block off
    expect(endOfWorkingDays(cal, wall('2026-02-13 15:00'), 3)).toEqual(wall('2026-02-25 18:00'));
    expect(workingTimeBetween(cal, wall('2026-02-13 09:00'), wall('2026-02-28 18:00'))).toBe(7 * 8 * HOUR);
    expect(nextWorkingInstant(cal, wall('2026-02-20 11:00'))).toEqual(wall('2026-02-24 09:00'));
  });

  it('finds nothing in a calendar without working time, within three years and quickly', () => {
    const idle: WorkingCalendar = { timeZone: SH, week: { 1: [], 2: [], 3: [], 4: [], 5: [], 6: [], 7: [] }, days: [] };
    const started = Date.now();
    expect(addWorkingTime(idle, friday, MIN)).toBeNull();
    expect(nextWorkingInstant(idle, friday)).toBeNull();
    expect(endOfWorkingDays(idle, friday, 0)).toBeNull();
    expect(workingTimeBetween(idle, friday, wall('2029-12-04 00:00'))).toBe(0);
    expect(Date.now() - started).toBeLessThan(500);
    // one working day far ahead is found; one past three years is not
    expect(addWorkingTime(onlyOn(SH, '2028-06-01', [span('09:00', '10:00')]), friday, MIN)).toEqual(wall('2028-06-01 09:01'));
    expect(addWorkingTime(onlyOn(SH, '2030-06-01', [span('09:00', '10:00')]), friday, MIN)).toBeNull();
    // round the clock: plain elapsed time
    expect(addWorkingTime(ROUND_THE_CLOCK(SH), friday, 10 * MIN)).toEqual(new Date(friday.getTime() + 10 * MIN));
  });
});

describe('daylight saving: spans are local wall times', () => {
  it('gives a round-the-clock day 23 h in spring and 25 h in autumn (Europe/Berlin, America/New_York)', () => {
    for (const [zone, spring, autumn] of [
      ['Europe/Berlin', '2027-03-28', '2026-10-25'],
      ['America/New_York', '2027-03-14', '2026-11-01'],
    ] as const) {
      const cal = ROUND_THE_CLOCK(zone);
      const day = (d: string) => workingTimeBetween(cal, zonedInstant(d, 0, zone), zonedInstant(addDays(d, 1), 0, zone));
      expect(day(spring)).toBe(23 * HOUR);
      expect(day(autumn)).toBe(25 * HOUR);
      expect(day(addDays(spring, 1))).toBe(24 * HOUR);
      expect(endOfWorkingDays(cal, zonedInstant(spring, 600, zone), 0)).toEqual(zonedInstant(addDays(spring, 1), 0, zone));
    }
  });

  it('holds a span across the gap or the repeat by its instants', () => {
    const berlin = 'Europe/Berlin';
    const spring = onlyOn(berlin, '2027-03-28', [span('01:00', '04:00')]);
    expect(workingTimeBetween(spring, wall('2027-03-27 00:00', berlin), wall('2027-03-29 00:00', berlin))).toBe(2 * HOUR);
    expect(addWorkingTime(spring, wall('2027-03-28 00:00', berlin), HOUR)).toEqual(new Date('2027-03-28T01:00:00Z')); // 03:00 CEST
    expect(addWorkingTime(spring, wall('2027-03-28 00:00', berlin), 2 * HOUR)).toEqual(new Date('2027-03-28T02:00:00Z')); // 04:00 CEST
    const autumn = onlyOn(berlin, '2026-10-25', [span('01:00', '04:00')]);
    expect(workingTimeBetween(autumn, wall('2026-10-24 00:00', berlin), wall('2026-10-26 00:00', berlin))).toBe(4 * HOUR);
    // a wall time the clock skips counts forward: 02:30 → 03:30 CEST
    const skipped = onlyOn(berlin, '2027-03-28', [span('02:30', '05:00')]);
    expect(nextWorkingInstant(skipped, wall('2027-03-28 00:00', berlin))).toEqual(new Date('2027-03-28T01:30:00Z'));
    expect(isWorkingAt(skipped, new Date('2027-03-28T01:15:00Z'))).toBe(false); // 03:15 CEST
    expect(workingTimeBetween(skipped, wall('2027-03-28 00:00', berlin), wall('2027-03-29 00:00', berlin))).toBe(90 * MIN);
    // a span wholly inside the gap holds nothing, and that day is no working day
    const lost = onlyOn(berlin, '2027-03-28', [span('02:00', '03:00')]);
    expect(addWorkingTime(lost, wall('2027-03-27 00:00', berlin), MIN)).toBeNull();
    expect(endOfWorkingDays(lost, wall('2027-03-27 00:00', berlin), 1)).toBeNull();
    // a repeated wall time is its first occurrence (New York falls back 02:00 EDT → 01:00 EST)
    const ny = 'America/New_York';
    const repeat = onlyOn(ny, '2026-11-01', [span('01:30', '02:00')]);
    expect(nextWorkingInstant(repeat, wall('2026-11-01 00:00', ny))).toEqual(new Date('2026-11-01T05:30:00Z')); // 01:30 EDT
    expect(workingTimeBetween(repeat, wall('2026-11-01 00:00', ny), wall('2026-11-02 00:00', ny))).toBe(90 * MIN); // to 02:00 EST
  });

  it('keeps the office week on the wall clock across the change', () => {
    const ny = 'America/New_York';
    const cal = standard(ny);
    // Friday before the spring change 17:55 EST + 10 min → Monday 09:05 EDT
    expect(addWorkingTime(cal, wall('2027-03-12 17:55', ny), 10 * MIN)).toEqual(new Date('2027-03-15T13:05:00Z'));
    expect(workingTimeBetween(cal, wall('2027-03-12 17:55', ny), new Date('2027-03-15T13:05:00Z'))).toBe(10 * MIN);
    const berlin = standard('Europe/Berlin');
    expect(addWorkingTime(berlin, wall('2026-10-23 17:55', 'Europe/Berlin'), 10 * MIN)).toEqual(new Date('2026-10-26T08:05:00Z')); // 09:05 CET
  });
});

describe('working time, property tests', () => {
  const zones = ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York'] as const;
  // the window of exceptions starts on a random day of 2026–2027, or a few days before a daylight-saving change
  const windowStart = fc.oneof(
    fc.integer({ min: 0, max: 669 }).map((n) => addDays('2026-01-01', n)),
    fc
      .tuple(fc.constantFrom('2026-03-08', '2026-03-29', '2026-10-25', '2026-11-01', '2027-03-14', '2027-03-28'), fc.integer({ min: 0, max: 10 }))
      .map(([d, n]) => addDays(d, -n)),
  );
  /** 0–3 disjoint spans on a quarter-hour grid, 24:00 included, out of order. */
  const daySpans = fc.uniqueArray(fc.integer({ min: 0, max: 96 }), { maxLength: 6 }).map((cuts) => {
    const sorted = [...cuts].sort((a, b) => a - b);
    const hm = (q: number) => `${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')}`;
    const spans: TimeSpan[] = [];
    for (let i = 0; i + 1 < sorted.length; i += 2) spans.push(span(hm(sorted[i]!), hm(sorted[i + 1]!)));
    return spans.reverse();
  });
  const calendar = fc
    .record({
      zone: fc.constantFrom(...zones),
      week: fc.tuple(daySpans, daySpans, daySpans, daySpans, daySpans, daySpans, daySpans),
      start: windowStart,
      days: fc.uniqueArray(fc.record({ offset: fc.integer({ min: 0, max: 59 }), holiday: fc.boolean(), spans: fc.option(daySpans, { nil: null }) }), {
        selector: (d) => d.offset,
        maxLength: 10,
      }),
    })
    .map(({ zone, week, start, days }) => ({
      start,
      cal: {
        timeZone: zone,
        week: { 1: week[0], 2: week[1], 3: week[2], 4: week[3], 5: week[4], 6: week[5], 7: week[6] },
        days: days.map((d): CalendarDay => ({ date: addDays(start, d.offset), kind: d.holiday ? 'HOLIDAY' : 'WORKDAY', spans: d.holiday ? null : d.spans })),
      } satisfies WorkingCalendar,
    }));
  /** An instant from a few days before the window to a few after it. */
  const instantNear = (start: string) => fc.integer({ min: -5 * 24 * HOUR, max: 65 * 24 * HOUR }).map((d) => new Date(Date.parse(`${start}T00:00:00Z`) + d));
  const scenario = calendar.chain(({ start, cal }) =>
    fc.record({ cal: fc.constant(cal), from: instantNear(start), a: fc.integer({ min: 0, max: 80 * HOUR }), b: fc.integer({ min: 0, max: 80 * HOUR }) }),
  );
  const runs = { numRuns: 300 };

  it('(1) the working time up to addWorkingTime is the time added; (6) its last moment is working time', () => {
    fc.assert(
      fc.property(scenario, ({ cal, from, a }) => {
        expect(calendarProblems(cal).filter((p) => p.code !== 'NO_WORKING_TIME')).toEqual([]);
        const to = addWorkingTime(cal, from, a);
        if (to === null) return;
        expect(workingTimeBetween(cal, from, to)).toBe(a);
        if (a > 0) {
          // the result is working time or a span's end: either way the millisecond before it works
          expect(isWorkingAt(cal, new Date(to.getTime() - 1))).toBe(true);
          expect(isWorkingAt(cal, to) || workingTimeBetween(cal, to, new Date(to.getTime() + 1)) === 0).toBe(true);
          expect(nextWorkingInstant(cal, new Date(to.getTime() - 1))).toEqual(new Date(to.getTime() - 1));
        }
      }),
      runs,
    );
  });

  it('(2) adding a then b is adding a + b (a, b > 0; a result on a span’s end goes on from that end), (3) monotone', () => {
    fc.assert(
      fc.property(scenario, ({ cal, from, a, b }) => {
        const x = a + 1;
        const y = b + 1;
        const direct = addWorkingTime(cal, from, x + y);
        const first = addWorkingTime(cal, from, x);
        const stepped = first && addWorkingTime(cal, first, y);
        expect(stepped).toEqual(direct);
        if (first && direct) expect(first.getTime()).toBeLessThan(direct.getTime());
        if (!first) expect(direct).toBeNull();
        const zero = addWorkingTime(cal, from, 0);
        expect(zero).toEqual(from);
        if (first) expect(first.getTime()).toBeGreaterThan(from.getTime());
      }),
      runs,
    );
  });

  it('(4) working time between adds up over consecutive intervals; (5) it is at most the clock time', () => {
    fc.assert(
      fc.property(
        calendar.chain(({ start, cal }) => fc.record({ cal: fc.constant(cal), ts: fc.array(instantNear(start), { minLength: 3, maxLength: 3 }) })),
        ({ cal, ts }) => {
          const [a, b, c] = [...ts].sort((p, q) => p.getTime() - q.getTime()) as [Date, Date, Date];
          const ab = workingTimeBetween(cal, a, b);
          const bc = workingTimeBetween(cal, b, c);
          expect(ab + bc).toBe(workingTimeBetween(cal, a, c));
          expect(ab).toBeLessThanOrEqual(b.getTime() - a.getTime());
          expect(ab).toBeGreaterThanOrEqual(0);
          expect(workingTimeBetween(cal, c, a)).toBe(0);
        },
      ),
      runs,
    );
  });

  it('agrees with a minute-by-minute count over the wall clock (a naive model)', () => {
    fc.assert(
      fc.property(calendar, fc.integer({ min: 0, max: 40 }), ({ start, cal }, offset) => {
        // count the minutes of three local days one by one, asking the spans of each minute's local day
        const from = zonedInstant(addDays(start, offset), 0, cal.timeZone);
        const to = zonedInstant(addDays(start, offset + 3), 0, cal.timeZone);
        let naive = 0;
        for (let t = from.getTime(); t < to.getTime(); t += 15 * MIN) if (isWorkingAt(cal, new Date(t))) naive += 15 * MIN;
        expect(workingTimeBetween(cal, from, to)).toBe(naive);
      }),
      { numRuns: 40 },
    );
  });

  it('walks day by day: ten working days cost well under a few milliseconds', () => {
    const cal = standard('Europe/Berlin', [{ date: '2026-12-25', kind: 'HOLIDAY' }]);
    const from = new Date('2026-12-20T10:00:00Z');
    addWorkingTime(cal, from, 80 * HOUR); // warm the formatters
    const started = Date.now();
    for (let i = 0; i < 50; i++) addWorkingTime(cal, new Date(from.getTime() + i * HOUR), 80 * HOUR);
    const each = (Date.now() - started) / 50;
    expect(each).toBeLessThan(5);
  });
});

describe('epoch sanity', () => {
  it('reads the tests’ wall times in the zone', () => {
    expect(wall('2026-12-04 17:55').toISOString()).toBe('2026-12-04T09:55:00.000Z');
  });
});
