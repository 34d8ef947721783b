import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../test/harness.js';
import { APP_DB_ROLE } from '../config.js';
import { composition } from '../../modules/index.js';
import { declaredDocuments } from './declare.js';
import { declaredAccess, liveAccess } from './rls.js';

/**
 * Every declared document's tables, as the migrations left them, give each party exactly the
 * access its declaration implies (row-level security on and forced; per SQL command, the party
 * columns the policies compare with the tenant, for the API's role and its grants). A migration
 * that drifts from a declaration, or a declaration that drifts from the migrations, fails here.
 */
let t: TestApi;
beforeAll(async () => {
  t = await startTestApi({ seed: false });
}, 120_000);
afterAll(async () => t?.stop());

describe('row-level security of the declared documents', () => {
  it('covers every lifecycle document, each listed in its module’s manifest', () => {
    const listed = composition.documents.map((d) => d.type).sort();
    expect(listed).toEqual(
      declaredDocuments()
        .map((d) => d.type)
        .sort(),
    );
    expect(listed).toEqual([
      'BookingRequest',
      'Complaint',
      'FollowUp',
      'ImprovementPlan',
      'PartsOrder',
      'RecoveryClaim',
      'RepairOrder',
      'ServiceContract',
      'ServiceRequest',
      'SettlementBatch',
      'Visit',
      'Warning',
      'WarrantyClaim',
    ]);
  });

  it.each(composition.documents.map((d) => [d.type, d] as const))('%s: the live policies are what the declaration implies', async (_type, decl) => {
    const orm = t.api.services.orm;
    const expected = declaredAccess(orm, decl);
    const live = await Promise.all(expected.map((e) => liveAccess(orm, e.table, APP_DB_ROLE)));
    expect(live).toEqual(expected);
  });
});
