import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CheckConstraintViolationException,
  ForeignKeyConstraintViolationException,
  OptimisticLockError,
  UniqueConstraintViolationException,
} from '@mikro-orm/core';
import { isReasonCode, type FieldProblem } from '@asn/domain';
import { duplicateOf, toDomainError } from './errors.js';
import { codeOf, startTestApi, type TestApi } from '../test/harness.js';

/** PostgreSQL's error as the driver gives it, wrapped the way MikroORM wraps it. */
function pgError(constraint: string, detail: string): Error {
  return Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505', constraint, detail });
}

describe('what the database refuses, as catalogued reasons', () => {
  it('a unique violation names what is duplicated, by the index, with the value where the index has one', () => {
    expect(
      duplicateOf({ constraint: 'vehicles_tenant_vin_key', detail: 'Key (tenant_id, vin)=(0190a7a2-0000-7000-8000-000000000001, LSVAB12345) already exists.' }),
    ).toEqual({
      what: 'VIN',
      value: 'LSVAB12345',
    });
    expect(duplicateOf({ constraint: 'users_email_key', detail: 'Key (email)=(wang@dealer.cn) already exists.' })).toEqual({
      what: 'EMAIL',
      value: 'wang@dealer.cn',
    });
    expect(duplicateOf({ constraint: 'repair_orders_tenant_number_key', detail: 'Key (tenant_id, number)=(x, RO-2026-000001) already exists.' })).toEqual({
      what: 'DOCUMENT_NUMBER',
      value: null,
    });
    expect(duplicateOf({ constraint: 'something_else_key', detail: 'Key (a)=(b) already exists.' })).toEqual({ what: 'RECORD', value: null });
    expect(duplicateOf({})).toEqual({ what: 'RECORD', value: null });

    const unique = toDomainError(new UniqueConstraintViolationException(pgError('tenants_code_key', 'Key (code)=(DLR-E1) already exists.')))!;
    expect(unique.code).toBe('CONFLICT');
    expect(unique.details).toEqual({ reason: 'DUPLICATE', params: { what: 'TENANT_CODE', value: 'DLR-E1' } });
  });

  it('a lost optimistic lock is STALE_VERSION naming the document; a missing reference and a broken check name their constraint', () => {
    class RepairOrder {
      number = 'RO-2026-000042';
      version = 3;
    }
    const stale = toDomainError(OptimisticLockError.lockFailed(new RepairOrder()))!;
    expect(stale.code).toBe('CONFLICT');
    expect(stale.details).toEqual({ reason: 'STALE_VERSION', params: { document: 'RepairOrder', number: 'RO-2026-000042', currentVersion: null } });
    const fk = toDomainError(new ForeignKeyConstraintViolationException(Object.assign(new Error('fk'), { constraint: 'vehicles_customer_fk' })))!;
    expect([fk.code, fk.details]).toEqual(['NOT_FOUND', { reason: 'REFERENCE_MISSING', params: { constraint: 'vehicles_customer_fk' } }]);
    const check = toDomainError(new CheckConstraintViolationException(Object.assign(new Error('check'), { constraint: 'attachments_owner_type_check' })))!;
    expect([check.code, check.details]).toEqual(['BAD_USER_INPUT', { reason: 'RULE_BROKEN', params: { constraint: 'attachments_owner_type_check' } }]);
  });
});

describe('refusals of the API name a catalogued reason with typed parameters', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(() => t.stop());

  const detailsOf = (r: { errors?: { extensions?: Record<string, unknown> }[] }) =>
    r.errors?.[0]?.extensions?.details as Record<string, unknown> & { problems?: FieldProblem[] };

  it('a VIN already on file is CONFLICT DUPLICATE {what: VIN, value}', async () => {
    const advisor = await t.as('advisor@dealer-east.demo');
    const created = await advisor.ok(`mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { customer { id } } }`, {
      i: { name: '赵先生', phone: '13900001111', vehicles: [{ vin: 'LSVREASON0000001' }] },
    });
    const again = await advisor.gql(`mutation($i: AddVehicleInput!) { addVehicle(input: $i) { vehicle { id } } }`, {
      i: { customerId: created.createCustomer.customer.id, vin: 'lsvreason0000001' },
    });
    expect(codeOf(again)).toBe('CONFLICT');
    expect(detailsOf(again)).toEqual({ reason: 'DUPLICATE', params: { what: 'VIN', value: 'LSVREASON0000001' } });
  });

  it('bad input names each field with its reason and parameters', async () => {
    const advisor = await t.as('advisor@dealer-east.demo');
    const r = await advisor.gql(`mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { customer { id } } }`, {
      i: { name: '', phone: 'abc', vehicles: [{ vin: 'X1', currentMeter: -5, nextMaintenanceOn: '2026-02-30' }] },
    });
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(detailsOf(r).problems!.map(({ field, reason, params }) => ({ field, reason, params }))).toEqual([
      { field: 'input.name', reason: 'REQUIRED', params: { max: 80 } },
      { field: 'input.phone', reason: 'NOT_A_PHONE', params: { value: 'abc' } },
      { field: 'input.vehicles[0].vin', reason: 'NOT_A_VIN', params: { value: 'X1', min: 6, max: 30 } },
      { field: 'input.vehicles[0].currentMeter', reason: 'NOT_A_WHOLE_NUMBER', params: { value: '-5', min: 0, unit: 'KM_OR_HOURS' } },
      { field: 'input.vehicles[0].nextMaintenanceOn', reason: 'NOT_A_DATE', params: { value: '2026-02-30' } },
    ]);
  });

  it('sign-in, users and relationships: wrong password, a stale version (currentVersion kept at the top), the last admin, an e-mail taken', async () => {
    const wrong = await t
      .client()
      .gql(`mutation($i: SignInInput!) { signIn(input: $i) { token } }`, { i: { email: 'advisor@dealer-east.demo', password: 'not-the-password' } });
    expect(detailsOf(wrong)).toEqual({ reason: 'WRONG_CREDENTIALS', params: {} });

    const admin = await t.as('admin@dealer-east.demo');
    const id = await t.userId('cashier@dealer-east.demo');
    const stale = await admin.gql(`mutation($i: SetUserRolesInput!) { setUserRoles(input: $i) { user { id } } }`, {
      i: { userId: id, roles: ['CASHIER'], version: 99 },
    });
    expect(codeOf(stale)).toBe('CONFLICT');
    expect(detailsOf(stale)).toEqual({ reason: 'STALE_VERSION', params: { document: 'User', number: null, currentVersion: 1 }, currentVersion: 1 });

    const self = await t.userId('admin@dealer-east.demo');
    const last = await admin.gql(`mutation($i: SetUserRolesInput!) { setUserRoles(input: $i) { user { id } } }`, {
      i: { userId: self, roles: ['SERVICE_ADVISOR'], version: 1 },
    });
    expect(detailsOf(last)).toEqual({ reason: 'LAST_ADMIN', params: { role: 'SERVICE_ADMIN' } });

    const taken = await admin.gql(`mutation($i: InviteUserInput!) { inviteUser(input: $i) { user { id } } }`, {
      i: { email: 'advisor@dealer-east.demo', displayName: '重复', roles: ['TECHNICIAN'] },
    });
    expect(codeOf(taken)).toBe('CONFLICT');
    expect(detailsOf(taken)).toEqual({ reason: 'DUPLICATE', params: { what: 'EMAIL', value: 'advisor@dealer-east.demo' } });

    const oem = await t.as('admin@oem.demo');
    const sides = await oem.gql(`mutation($i: CreateRelationshipInput!) { createRelationship(input: $i) { relationship { id } } }`, {
      i: { kind: 'SUPPLY_AGREEMENT', counterpartyCode: 'DLR-E1', validFrom: '2026-01-01' },
    });
    expect(detailsOf(sides).problems).toEqual([
      expect.objectContaining({ field: 'input.kind', reason: 'WRONG_PARTY_KIND', params: { kind: 'SUPPLY_AGREEMENT', side: 'TO', tenantKind: 'DEALER_4S' } }),
    ]);
    const nobody = await oem.gql(`mutation($i: CreateRelationshipInput!) { createRelationship(input: $i) { relationship { id } } }`, {
      i: { kind: 'SUPPLY_AGREEMENT', counterpartyCode: 'NOBODY-9', validFrom: '2026-01-01' },
    });
    expect([codeOf(nobody), detailsOf(nobody)]).toEqual(['NOT_FOUND', { reason: 'UNKNOWN_CODE', params: { what: 'TENANT', code: 'NOBODY-9' } }]);
  });

  it('a role that does not allow the operation is FORBIDDEN ROLE_NOT_ALLOWED; every reason sent is catalogued', async () => {
    const tech = await t.as('tech@dealer-east.demo');
    const r = await tech.gql(`{ auditEntries { totalCount } }`);
    expect(codeOf(r)).toBe('FORBIDDEN');
    expect(detailsOf(r)).toMatchObject({ reason: 'ROLE_NOT_ALLOWED', params: { action: 'read' } });
    expect(isReasonCode(detailsOf(r).reason)).toBe(true);
  });
});
