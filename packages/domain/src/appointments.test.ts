import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SLOT_RULES as R,
  alternativeSlots,
  daySlots,
  appointmentReminderAt,
  checkDeposit,
  isSlotStart,
  minimumDeposit,
  slotRulesIn,
  slotsAfter,
} from './appointments.js';

const at = (iso: string) => new Date(iso);

describe('appointment slots', () => {
  it('knows slot starts inside opening hours (Asia/Shanghai 08:00–18:00, hourly)', () => {
    expect(isSlotStart(at('2026-11-24T01:00:00Z'), R)).toBe(true); // 09:00 local
    expect(isSlotStart(at('2026-11-24T00:00:00Z'), R)).toBe(true); // 08:00
    expect(isSlotStart(at('2026-11-24T09:00:00Z'), R)).toBe(true); // 17:00
    expect(isSlotStart(at('2026-11-24T10:00:00Z'), R)).toBe(false); // 18:00: closed
    expect(isSlotStart(at('2026-11-24T01:30:00Z'), R)).toBe(false);
    expect(isSlotStart(at('2026-11-23T23:00:00Z'), R)).toBe(false); // 07:00
  });

  it('lists the slots of a local day', () => {
    const slots = daySlots('2026-11-25', R);
    expect(slots).toHaveLength(10);
    expect(slots[0]!.toISOString()).toBe('2026-11-25T00:00:00.000Z'); // 08:00 in Shanghai
    expect(slots.every((s) => isSlotStart(s, R))).toBe(true);
  });

  it('offers the nearest free slots when the wanted one is full', () => {
    const full = new Set(['2026-11-24T01:00:00.000Z', '2026-11-24T02:00:00.000Z']);
    const booked = (s: Date) => (full.has(s.toISOString()) ? 3 : 0);
    const alts = alternativeSlots(at('2026-11-24T01:00:00Z'), booked, R);
    expect(alts.map((d) => d.toISOString())).toEqual(['2026-11-24T03:00:00.000Z', '2026-11-24T04:00:00.000Z', '2026-11-24T05:00:00.000Z']);
  });

  it('rolls over to the next morning after closing time', () => {
    const alts = alternativeSlots(at('2026-11-24T09:00:00Z'), () => 0, R, 2);
    expect(alts.map((d) => d.toISOString())).toEqual(['2026-11-25T00:00:00.000Z', '2026-11-25T01:00:00.000Z']);
  });

  it('keeps opening hours on the tenant’s own wall clock, across daylight-saving changes', () => {
    const berlin = slotRulesIn('Europe/Berlin');
    // winter (UTC+1): 08:00 is 07:00Z; summer (UTC+2): 08:00 is 06:00Z
    expect(daySlots('2026-11-25', berlin)[0]!.toISOString()).toBe('2026-11-25T07:00:00.000Z');
    expect(daySlots('2026-07-01', berlin)[0]!.toISOString()).toBe('2026-07-01T06:00:00.000Z');
    expect(isSlotStart(at('2026-11-25T07:00:00Z'), berlin)).toBe(true);
    expect(isSlotStart(at('2026-11-25T00:00:00Z'), berlin)).toBe(false); // 08:00 in Shanghai, 01:00 in Berlin
    expect(isSlotStart(at('2026-11-25T00:00:00Z'), R)).toBe(true);
    // the night the clocks go forward (29 March 2026) still has ten slots, 08:00 at 06:00Z
    expect(
      daySlots('2026-03-29', berlin)
        .map((d) => d.toISOString())
        .slice(0, 2),
    ).toEqual(['2026-03-29T06:00:00.000Z', '2026-03-29T07:00:00.000Z']);
    expect(daySlots('2026-03-28', berlin)[0]!.toISOString()).toBe('2026-03-28T07:00:00.000Z');
    // after closing on the Saturday, the next slot is Sunday 08:00 summer time
    expect(slotsAfter(at('2026-03-28T17:00:00Z'), berlin).next().value?.toISOString()).toBe('2026-03-29T06:00:00.000Z');
    const ny = slotRulesIn('America/New_York');
    expect(daySlots('2026-11-25', ny)[0]!.toISOString()).toBe('2026-11-25T13:00:00.000Z');
  });
});

describe('deposit for reserved parts (≥ 1/2 of their price)', () => {
  it('rounds half up to the minor unit and refuses less', () => {
    expect(minimumDeposit([{ unitPriceMinor: 680001n, quantity: 1 }])).toBe(340001n);
    expect(minimumDeposit([{ unitPriceMinor: 1000n, quantity: 3 }])).toBe(1500n);
    expect(() => checkDeposit([{ unitPriceMinor: 680000n, quantity: 1 }], 339999n)).toThrow(/at least 340000/);
    expect(() => checkDeposit([{ unitPriceMinor: 680000n, quantity: 1 }], 340000n)).not.toThrow();
  });
});

describe('appointment reminder', () => {
  it('a day before, or at once when booked late but more than half a day ahead', () => {
    expect(appointmentReminderAt(at('2026-11-25T01:00:00Z'), at('2026-11-22T00:00:00Z'))).toEqual(at('2026-11-24T01:00:00Z'));
    expect(appointmentReminderAt(at('2026-11-25T01:00:00Z'), at('2026-11-24T10:00:00Z'))).toEqual(at('2026-11-24T10:00:00Z'));
    expect(appointmentReminderAt(at('2026-11-25T01:00:00Z'), at('2026-11-24T20:00:00Z'))).toBeNull();
  });
});
