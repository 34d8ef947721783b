import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { followUpsAt, maintenanceReminderPlan, meterDueAt, pickupNoticeAt, progressCheckAt } from './timers.js';
import { DEFAULT_TIME_ZONE as SH } from './time-zone.js';

const at = (iso: string) => new Date(iso);

describe('service timers', () => {
  it('progress check at 75 % of the estimated duration', () => {
    expect(progressCheckAt(at('2026-11-22T08:00:00Z'), at('2026-11-22T16:00:00Z'))).toEqual(at('2026-11-22T14:00:00Z'));
    expect(progressCheckAt(at('2026-11-22T08:00:00Z'), null)).toBeNull();
    expect(progressCheckAt(at('2026-11-22T08:00:00Z'), at('2026-11-22T07:00:00Z'))).toBeNull();
  });

  it('pickup notice 1 h before for jobs up to two days, 4 h before for longer ones', () => {
    expect(pickupNoticeAt(at('2026-11-22T08:00:00Z'), at('2026-11-23T17:00:00Z'))).toEqual(at('2026-11-23T16:00:00Z'));
    expect(pickupNoticeAt(at('2026-11-22T08:00:00Z'), at('2026-11-24T08:00:00Z'))).toEqual(at('2026-11-24T04:00:00Z'));
    expect(pickupNoticeAt(at('2026-11-22T08:00:00Z'), at('2026-11-25T12:00:00Z'))).toEqual(at('2026-11-25T08:00:00Z'));
  });

  it('follow-ups: first within 2–7 days, second about a week later', () => {
    const [first, second] = followUpsAt(at('2026-11-22T10:00:00Z'));
    expect(first).toEqual(at('2026-11-25T10:00:00Z'));
    expect(second).toEqual(at('2026-12-02T10:00:00Z'));
  });

  it('property: the progress check always falls inside the 70–80 % window', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2e12 }), fc.integer({ min: 60_000, max: 30 * 86_400_000 }), (start, duration) => {
        const check = progressCheckAt(new Date(start), new Date(start + duration))!.getTime();
        expect(check).toBeGreaterThanOrEqual(start + 0.7 * duration);
        expect(check).toBeLessThanOrEqual(start + 0.8 * duration);
      }),
    );
  });
});

describe('maintenance due by meter', () => {
  const d = (iso: string) => new Date(iso);
  const now = d('2026-11-23T02:00:00Z');
  const readings = [
    { reading: 10_000, at: d('2026-08-25T02:00:00Z') },
    { reading: 19_000, at: d('2026-11-23T02:00:00Z') }, // 9 000 km in 90 days: 100 km a day
  ];

  it('predicts the day the meter reaches the due reading from the usage of the last year', () => {
    expect(meterDueAt(readings, 20_000, now)).toEqual(d('2026-12-03T02:00:00Z'));
    // only readings of the last year count
    expect(meterDueAt([{ reading: 0, at: d('2024-01-01T00:00:00Z') }, ...readings], 20_000, now)).toEqual(d('2026-12-03T02:00:00Z'));
  });

  it('is due at once when the reading is already past, and unknown without a usage rate', () => {
    expect(meterDueAt(readings, 18_000, now)).toEqual(d('2026-11-23T02:00:00Z'));
    expect(meterDueAt(readings.slice(1), 20_000, now)).toBeNull(); // one reading
    expect(meterDueAt([readings[1]!, { reading: 19_000, at: d('2026-11-20T02:00:00Z') }], 20_000, now)).toBeNull(); // three days apart
    expect(meterDueAt([{ reading: 19_000, at: d('2026-08-25T02:00:00Z') }, readings[1]!], 20_000, now)).toBeNull(); // not used
    expect(meterDueAt(readings, null, now)).toBeNull();
  });

  it('reminds a week before whichever comes first, never in the past', () => {
    const meter = d('2026-12-03T02:00:00Z');
    expect(maintenanceReminderPlan('2027-03-01', meter, now, SH)).toEqual({ basis: 'METER', dueAt: meter, remindAt: d('2026-11-26T02:00:00Z') });
    expect(maintenanceReminderPlan('2026-11-28', meter, now, SH)).toEqual({ basis: 'DATE', dueAt: d('2026-11-28T01:00:00Z'), remindAt: now });
    expect(maintenanceReminderPlan(null, null, now, SH)).toBeNull();
    expect(maintenanceReminderPlan('2026-11-01', null, now, SH)).toBeNull(); // a past date is not a new reminder
    expect(maintenanceReminderPlan(null, d('2026-11-20T02:00:00Z'), now, SH)).toBeNull(); // nor an overdue meter
  });

  it('reminds of a due date at 09:00 on the tenant’s own wall clock', () => {
    // Berlin in winter is UTC+1, New York UTC−5: the same due date is due at different instants
    expect(maintenanceReminderPlan('2027-01-20', null, now, 'Europe/Berlin')?.dueAt).toEqual(d('2027-01-20T08:00:00Z'));
    expect(maintenanceReminderPlan('2027-01-20', null, now, 'America/New_York')?.dueAt).toEqual(d('2027-01-20T14:00:00Z'));
    // and in Berlin's summer time at 07:00 UTC
    expect(maintenanceReminderPlan('2027-07-20', null, now, 'Europe/Berlin')).toMatchObject({
      dueAt: d('2027-07-20T07:00:00Z'),
      remindAt: d('2027-07-13T07:00:00Z'),
    });
  });
});
