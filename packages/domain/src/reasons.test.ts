import { describe, expect, it } from 'vitest';
import { DomainError, type FieldProblem } from './errors.js';
import { InputCheck, assertId } from './validation.js';
import { checkDeposit } from './appointments.js';
import { orderTotals } from './repair-order.js';
import { approvedLineAmount, claimTransition, inspectionChargeBack, recoveryAmount } from './warranty.js';
import { addMoney, money, shareOf } from './money.js';
import { ATTACHMENT_POLICIES, checkAttachmentContent } from './attachments.js';
import { relationshipSidesRefusal } from './relationships.js';
import { REASON_CODES, REASON_MODULES, isMoneyParam, isReasonCode, moneyParam } from './reasons.js';

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return e as DomainError;
  }
  throw new Error('expected a refusal');
}

const problemsOf = (check: InputCheck): FieldProblem[] =>
  (refusal(() => check.done()).details!.problems as FieldProblem[]).map(({ field, reason, params }) => ({ field, reason, params }) as FieldProblem);

describe('catalogued reasons', () => {
  it('lists every code once, each in a module', () => {
    expect(new Set(REASON_CODES).size).toBe(REASON_CODES.length);
    expect(REASON_CODES).toContain('DEPOSIT_TOO_LOW');
    expect(REASON_CODES.every((c) => typeof REASON_MODULES[c] === 'string' && REASON_MODULES[c].length > 0)).toBe(true);
    expect(isReasonCode('STALE_VERSION')).toBe(true);
    expect(isReasonCode('toString')).toBe(false);
    expect(isReasonCode('Something else')).toBe(false);
  });

  it('money parameters carry minor units as text and the currency', () => {
    expect(moneyParam(500000n)).toEqual({ amountMinor: '500000', currency: 'CNY' });
    expect(isMoneyParam(moneyParam(5, 'USD'))).toBe(true);
    expect(isMoneyParam({ amountMinor: 5, currency: 'CNY' })).toBe(false);
  });

  it('every input check names its field and a reason with typed parameters', () => {
    const c = new InputCheck();
    c.required('input.name', '  ');
    c.required('input.note', 'x'.repeat(11), 10);
    c.email('input.email', 'not-mail');
    c.password('input.password', 'short');
    c.day('input.day', '2026-02-30');
    c.milli('input.hours', '1,5', true);
    c.milli('input.qty', '0', true);
    c.minor('input.price', '12.50');
    c.wholeNumber('input.meter', -1, 0, 'KM_OR_HOURS');
    c.range('input.stars', 6, 1, 5, 'STARS');
    c.oneOf('input.kind', 'BUS', ['CAR', 'TRUCK'] as const);
    c.id('input.ownerId', 'nope');
    c.optional('input.place', 'y'.repeat(5), 4);
    expect(problemsOf(c)).toEqual([
      { field: 'input.name', reason: 'REQUIRED', params: { max: 200 } },
      { field: 'input.note', reason: 'TOO_LONG', params: { max: 10 } },
      { field: 'input.email', reason: 'NOT_AN_EMAIL', params: { value: 'not-mail' } },
      { field: 'input.password', reason: 'TOO_SHORT', params: { min: 10 } },
      { field: 'input.day', reason: 'NOT_A_DATE', params: { value: '2026-02-30' } },
      { field: 'input.hours', reason: 'NOT_A_NUMBER', params: { value: '1,5', decimals: 3 } },
      { field: 'input.qty', reason: 'NOT_POSITIVE', params: {} },
      { field: 'input.price', reason: 'NOT_MINOR_UNITS', params: { value: '12.50' } },
      { field: 'input.meter', reason: 'NOT_A_WHOLE_NUMBER', params: { value: '-1', min: 0, unit: 'KM_OR_HOURS' } },
      { field: 'input.stars', reason: 'OUT_OF_RANGE', params: { min: 1, max: 5, unit: 'STARS' } },
      { field: 'input.kind', reason: 'NOT_ONE_OF', params: { value: 'BUS', allowed: ['CAR', 'TRUCK'] } },
      { field: 'input.ownerId', reason: 'NOT_AN_ID', params: { value: 'nope' } },
      { field: 'input.place', reason: 'TOO_LONG', params: { max: 4 } },
    ]);
  });

  it('a rule refusal becomes a problem of a field with its reason (addError), a plain problem keeps no reason', () => {
    const c = new InputCheck();
    try {
      approvedLineAmount(100n, { approvedMinor: 200n, reasonCode: 'X' });
    } catch (e) {
      c.addError('input.lines.0.approvedMinor', e);
    }
    c.addError(
      'input.id',
      refusal(() => assertId('id', 'x')),
    );
    c.add('input.other', 'free text');
    expect(problemsOf(c)).toEqual([
      { field: 'input.lines.0.approvedMinor', reason: 'APPROVED_AMOUNT_OUT_OF_RANGE', params: { claimed: { amountMinor: '100', currency: 'CNY' } } },
      { field: 'input.id', reason: 'NOT_AN_ID', params: { value: 'x' } },
      { field: 'input.other', reason: undefined, params: undefined },
    ]);
    expect(() => new InputCheck().addError('f', new Error('boom'))).toThrow('boom');
  });

  it('assertId refuses with NOT_AN_ID on the field', () => {
    const e = refusal(() => assertId('input.id', "1' or 1=1"));
    expect(e.code).toBe('BAD_USER_INPUT');
    expect(e.details!.problems).toEqual([{ field: 'input.id', message: `"1' or 1=1" is not a valid id`, reason: 'NOT_AN_ID', params: { value: "1' or 1=1" } }]);
  });

  it('a deposit below half the parts’ price is DEPOSIT_TOO_LOW with the minimum as money', () => {
    const e = refusal(() => checkDeposit([{ unitPriceMinor: 1_000_000n, quantity: 1 }], 100n));
    expect(e.code).toBe('BAD_USER_INPUT');
    expect(e.reason).toBe('DEPOSIT_TOO_LOW');
    expect(e.details).toMatchObject({ params: { minimum: { amountMinor: '500000', currency: 'CNY' } }, minimumDepositMinor: '500000' });
    expect(() => checkDeposit([{ unitPriceMinor: 1_000_000n, quantity: 1 }], 500_000n)).not.toThrow();
  });

  it('workshop and warranty rules name their reasons', () => {
    const line = { kind: 'LABOUR' as const, status: 'APPROVED' as const, payType: 'CUSTOMER' as const, amountMinor: 12_000n };
    expect(refusal(() => orderTotals([line], 12_001n, 'CNY')).details).toMatchObject({
      reason: 'DISCOUNT_TOO_HIGH',
      params: { maximum: { amountMinor: '12000', currency: 'CNY' } },
    });
    expect(refusal(() => approvedLineAmount(100n, { approvedMinor: 50n, reasonCode: null })).reason).toBe('REASON_CODE_REQUIRED');
    expect(refusal(() => claimTransition('REJECTED', 'APPEAL', { appeals: 1, number: 'WC-2026-000001' })).details).toMatchObject({
      reason: 'SECOND_APPEAL',
      params: { number: 'WC-2026-000001' },
      from: 'REJECTED',
    });
    expect(refusal(() => claimTransition('DRAFT', 'APPROVE', { appeals: 0 })).details).toMatchObject({
      reason: 'WRONG_STATUS',
      params: { document: 'WarrantyClaim', status: 'DRAFT', event: 'APPROVE', allowed: ['SUBMIT'] },
    });
    expect(refusal(() => recoveryAmount(1n, 10_001)).details).toMatchObject({ reason: 'OUT_OF_RANGE', params: { min: 0, max: 10_000, unit: 'BASIS_POINTS' } });
    expect(refusal(() => inspectionChargeBack([], { lineId: 'x', result: 'NOT_CONFIRMED' }, 'P')).reason).toBe('INSPECTED_PART_NOT_ON_CLAIM');
  });

  it('money refusals name their reasons', () => {
    expect(refusal(() => money(1.5, 'CNY')).details).toMatchObject({ reason: 'NOT_MINOR_UNITS', params: { value: '1.5' } });
    expect(refusal(() => money(1, 'yuan')).details).toMatchObject({ reason: 'NOT_A_CURRENCY', params: { value: 'yuan' } });
    expect(refusal(() => addMoney(money(1, 'CNY'), money(1, 'USD'))).details).toMatchObject({
      reason: 'CURRENCY_MISMATCH',
      params: { currencies: ['CNY', 'USD'] },
    });
    expect(refusal(() => shareOf(money(1, 'CNY'), -1)).reason).toBe('OUT_OF_RANGE');
  });

  it('attachment content refusals name their reasons', () => {
    const policy = ATTACHMENT_POLICIES.RepairOrderLine;
    expect(checkAttachmentContent(policy, new Uint8Array(), 'image/png')).toMatchObject({ reason: 'FILE_EMPTY' });
    expect(checkAttachmentContent({ ...policy, maxBytes: 2 }, new Uint8Array([0xff, 0xd8, 0xff]), 'image/jpeg')).toMatchObject({
      reason: 'FILE_TOO_LARGE',
      params: { sizeBytes: 3, maxBytes: 2 },
    });
    expect(checkAttachmentContent(policy, new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31]), 'application/pdf')).toMatchObject({
      reason: 'FILE_TYPE_NOT_ACCEPTED',
      params: { accepted: ['JPEG', 'PNG', 'WebP'], detected: 'PDF' },
    });
    expect(checkAttachmentContent(policy, new Uint8Array([0xff, 0xd8, 0xff, 0]), 'image/png')).toMatchObject({
      reason: 'FILE_TYPE_MISMATCH',
      params: { declared: 'image/png', detected: 'JPEG' },
    });
  });

  it('relationship sides name the side and the tenant kind that cannot stand there', () => {
    expect(relationshipSidesRefusal('SUPPLY_AGREEMENT', 'DEALER_4S', 'PARTS_SUPPLIER')?.params).toEqual({
      kind: 'SUPPLY_AGREEMENT',
      side: 'FROM',
      tenantKind: 'DEALER_4S',
    });
    expect(relationshipSidesRefusal('SUPPLY_AGREEMENT', 'MANUFACTURER', 'DEALER_4S')?.params).toEqual({
      kind: 'SUPPLY_AGREEMENT',
      side: 'TO',
      tenantKind: 'DEALER_4S',
    });
    expect(relationshipSidesRefusal('SUPPLY_AGREEMENT', 'MANUFACTURER', 'PARTS_SUPPLIER')).toBeUndefined();
  });
});
