import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { followUpsAt, pickupNoticeAt, progressCheckAt } from './timers.js';

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
