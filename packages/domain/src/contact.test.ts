import { describe, expect, it } from 'vitest';
import { isRoadVin, maskPhone, normalizePhone, normalizePlate, normalizeVin } from './contact.js';

describe('contact data', () => {
  it('normalises and masks phone numbers as 138****5678', () => {
    expect(normalizePhone('+86 138-1234-5678')).toBe('13812345678');
    expect(normalizePhone('138 1234 5678')).toBe('13812345678');
    expect(normalizePhone('abc')).toBeNull();
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('02161234567')).toBe('021****4567');
  });

  it('normalises VINs and plates', () => {
    expect(normalizeVin(' lhgcm82633a004352 ')).toBe('LHGCM82633A004352');
    expect(isRoadVin('LHGCM82633A004352')).toBe(true);
    expect(isRoadVin('LHGCM82633A00435O')).toBe(false);
    expect(normalizePlate('沪A·12345')).toBe('沪A12345');
  });
});
