import { describe, expect, it } from 'vitest';
import { getNamedType, isInputObjectType, isNonNullType, type GraphQLField, type GraphQLSchema } from 'graphql';
import { appSchema } from './schema.js';
import { IDEMPOTENCY_KEY_FIELD, isIdempotent } from './platform/idempotency.js';

/**
 * Mutations whose name says they create a document or move money. A new mutation named like this
 * must accept an idempotency key (`@Idempotent` on the resolver, `@IdempotencyKey()` on its input),
 * or be listed below with the reason it needs none.
 */
const CREATES_OR_PAYS = /^(create|add|open|file|raise|submit|request|book|schedule|register|invite|upload|issue|accept|settle|pay|charge|credit|refund)[A-Z]/;

const EXCEPTIONS: Record<string, string> = {
  // a unique natural key already makes a retry a CONFLICT, never a second record
  createTenant: 'platform operators only; the tenant code is unique, and there is no tenant yet to keep a key in',
  inviteUser: 'the e-mail address is unique: a retry is CONFLICT, never a second user',
  createVehicleModel: 'catalogue master data, unique code per manufacturer',
  createWarrantyPolicy: 'catalogue master data, unique code per manufacturer',
  createLabourOperation: 'catalogue master data, unique code per manufacturer',
  createOemPart: 'catalogue master data, unique part number per manufacturer',
  createCampaign: 'catalogue master data, unique code per manufacturer',
  registerWarranty: 'one registration per VIN and manufacturer (unique)',
  uploadAttachment: 'the same bytes on the same owner are refused (BAD_USER_INPUT), so a retry never stores a file twice',
  createTrackingLink: 'the token is shown once and stored hashed, so a replay could not show it again; a second link is harmless (each can be revoked)',
  createContractLink: 'as createTrackingLink: the token is shown once and stored hashed; a second link is harmless',
  // version-guarded changes of one record: no document is created and no money moves
  requestWarrantyClaimInfo: 'a reviewer’s question: a version-guarded state change, creates nothing',
  acceptRecoveryClaim: 'the supplier’s answer: a version-guarded state change; the money moves in settleRecoveryClaim',
};

async function mutations(): Promise<{ schema: GraphQLSchema; fields: GraphQLField<unknown, unknown>[] }> {
  const schema = await appSchema();
  return { schema, fields: Object.values(schema.getMutationType()!.getFields()) };
}

/** Whether the mutation's `input` argument has an optional String `idempotencyKey`. */
function takesKey(field: GraphQLField<unknown, unknown>): boolean {
  const input = field.args.find((a) => a.name === 'input');
  const type = input && getNamedType(input.type);
  if (!type || !isInputObjectType(type)) return false;
  const key = type.getFields()[IDEMPOTENCY_KEY_FIELD];
  return !!key && !isNonNullType(key.type) && getNamedType(key.type).name === 'String';
}

describe('idempotency keys cover every mutation that creates a document or moves money', () => {
  it('each such mutation takes an optional idempotencyKey and honours it, unless excepted with a reason', async () => {
    const { fields } = await mutations();
    const covered = fields.filter((f) => CREATES_OR_PAYS.test(f.name) && !(f.name in EXCEPTIONS));
    expect(covered.length).toBeGreaterThanOrEqual(10);
    const missing = covered
      .filter((f) => !takesKey(f) || !isIdempotent(f))
      .map((f) => `${f.name}${takesKey(f) ? '' : ' (input has no idempotencyKey)'}${isIdempotent(f) ? '' : ' (resolver lacks @Idempotent)'}`);
    expect(missing).toEqual([]);
  });

  it('a key is never accepted and ignored: every mutation with the input field is @Idempotent, and the other way round', async () => {
    const { fields } = await mutations();
    const inconsistent = fields.filter((f) => takesKey(f) !== isIdempotent(f)).map((f) => f.name);
    expect(inconsistent).toEqual([]);
  });

  it('the exception list names only existing mutations that the pattern matches and that take no key', async () => {
    const { fields } = await mutations();
    const byName = new Map(fields.map((f) => [f.name, f]));
    const stale = Object.keys(EXCEPTIONS).filter((n) => !byName.has(n) || !CREATES_OR_PAYS.test(n) || isIdempotent(byName.get(n)!));
    expect(stale).toEqual([]);
  });

  it('the pattern catches the named ones (so the test above can fail)', async () => {
    const named = [
      'createRepairOrder',
      'requestBooking',
      'createWarrantyClaim',
      'submitWarrantyClaim',
      'createSettlementBatch',
      'raiseRecoveryClaim',
      'settleRepairOrder',
      'settleRecoveryClaim',
    ];
    expect(named.filter((n) => !CREATES_OR_PAYS.test(n))).toEqual([]);
    const { fields } = await mutations();
    expect(named.filter((n) => !fields.find((f) => f.name === n && isIdempotent(f) && takesKey(f)))).toEqual([]);
    // and a mutation that edits without creating is not caught by it
    expect(['updateWarrantyClaim', 'cancelRepairOrder', 'decideWarrantyClaim', 'signIn'].filter((n) => CREATES_OR_PAYS.test(n))).toEqual([]);
  });
});
