import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startTestApi, tableCounts, type TestApi } from '../../test/harness.js';
import { EVENTS_SUBSCRIPTION, subscribe } from '../../test/ws.js';

const CREATE = `mutation($i: CreateRelationshipInput!) { createRelationship(input: $i) {
  relationship { id kind dealerCode region brands validFrom validTo version warrantyLabourRate { amountMinor currency } from { code } to { code } } } }`;

describe('network relationships', () => {
  let t: TestApi;
  beforeAll(async () => {
    t = await startTestApi();
  });
  afterAll(() => t.stop());

  it('a manufacturer authorises a shop; both sides see it, the shop is told live', async () => {
    const oem = await t.as('admin@oem.demo');
    const shop = await t.as('admin@shop.demo');
    const live = await subscribe(t.api.wsUrl, shop.cookie, EVENTS_SUBSCRIPTION, { types: ['Relationship'] });
    try {
      const r = await oem.ok(CREATE, {
        i: {
          kind: 'DEALER_AUTHORIZATION',
          counterpartyCode: 'shop-1',
          dealerCode: 'HY-S001',
          region: '华东',
          brands: ['华岳装载机'],
          warrantyLabourRateMinor: '9000',
          validFrom: '2026-06-01',
        },
      });
      expect(r.createRelationship.relationship).toMatchObject({
        kind: 'DEALER_AUTHORIZATION',
        from: { code: 'OEM-HY' },
        to: { code: 'SHOP-1' },
        warrantyLabourRate: { amountMinor: '9000', currency: 'CNY' },
      });
      const event = await live.next();
      expect(event.events).toMatchObject({ type: 'relationship.created', entityId: r.createRelationship.relationship.id });
      const seen = await shop.ok(`{ relationships(kind: DEALER_AUTHORIZATION) { nodes { dealerCode from { name } } } }`);
      expect(seen.relationships.nodes).toEqual([{ dealerCode: 'HY-S001', from: { name: '华岳重工 售后服务部' } }]);
      // the shop can read it but not change it
      const upd = await shop.gql(`mutation($id: ID!) { updateRelationship(input: { id: $id, version: 1, validTo: "2026-12-31" }) { relationship { id } } }`, {
        id: r.createRelationship.relationship.id,
      });
      expect(codeOf(upd)).toBe('FORBIDDEN');
    } finally {
      await live.close();
    }
  });

  it('refuses incomplete authorisations, wrong sides and unknown tenants, writing nothing', async () => {
    const oem = await t.as('admin@oem.demo');
    const before = await tableCounts(t);
    const missing = await oem.gql(CREATE, { i: { kind: 'DEALER_AUTHORIZATION', counterpartyCode: 'DLR-E1', validFrom: '2026-13-01' } });
    expect(codeOf(missing)).toBe('BAD_USER_INPUT');
    expect(missing.errors![0]!.message).toMatch(/dealer code.*region.*brand/s);
    expect(missing.errors![0]!.message).toMatch(/"2026-13-01" is not a date/);
    const wrongSide = await oem.gql(CREATE, { i: { kind: 'TRADE_ACCOUNT', counterpartyCode: 'SUP-HYD', validFrom: '2026-01-01' } });
    expect(codeOf(wrongSide)).toBe('BAD_USER_INPUT');
    const unknown = await oem.gql(CREATE, { i: { kind: 'SUPPLY_AGREEMENT', counterpartyCode: 'NOPE-1', validFrom: '2026-01-01' } });
    expect(codeOf(unknown)).toBe('NOT_FOUND');
    const duplicate = await oem.gql(CREATE, { i: { kind: 'SUPPLY_AGREEMENT', counterpartyCode: 'SUP-HYD', validFrom: '2026-01-01' } });
    expect(codeOf(duplicate)).toBe('CONFLICT');
    const badMoney = await oem.gql(CREATE, {
      i: { kind: 'SUPPLY_AGREEMENT', counterpartyCode: 'SUP-ELEC', warrantyLabourRateMinor: '12.5', recoveryShareBasisPoints: 12000, validFrom: '2026-01-01' },
    });
    expect(badMoney.errors![0]!.message).toMatch(/whole, non-negative number of minor units.*0–10000 basis points/s);
    expect(await tableCounts(t)).toEqual(before);
  });

  it('a regional network manager sees and manages authorisations of its own regions only', async () => {
    const mgr = await t.as('network@oem.demo'); // regions: 华东
    const seen = await mgr.ok(`{ relationships(first: 50) { nodes { kind dealerCode region } } tenants(first: 50) { nodes { code } } }`);
    const dealerCodes = seen.relationships.nodes
      .filter((n: { kind: string }) => n.kind === 'DEALER_AUTHORIZATION')
      .map((n: { dealerCode: string }) => n.dealerCode);
    expect(dealerCodes).toEqual(expect.arrayContaining(['HY-E001', 'HY-E002']));
    expect(dealerCodes).not.toContain('HY-N001');
    expect(seen.tenants.nodes.map((n: { code: string }) => n.code)).not.toContain('DLR-N1');
    const north = await mgr.gql(CREATE, {
      i: { kind: 'DEALER_AUTHORIZATION', counterpartyCode: 'DLR-N1', dealerCode: 'HY-N009', region: '华北', brands: ['华岳重卡'], validFrom: '2027-01-01' },
    });
    expect(codeOf(north)).toBe('FORBIDDEN');
    const [rel] = await t.sql(`select id, version from relationships where dealer_code = 'HY-E002'`);
    const ok = await mgr.ok(
      `mutation($id: ID!, $v: Int!) { updateRelationship(input: { id: $id, version: $v, validTo: "2027-06-30" }) { relationship { validTo version } } }`,
      {
        id: rel.id,
        v: rel.version,
      },
    );
    expect(ok.updateRelationship.relationship).toEqual({ validTo: '2027-06-30', version: rel.version + 1 });
    const moveAway = await mgr.gql(`mutation($id: ID!) { updateRelationship(input: { id: $id, version: 2, region: "华北" }) { relationship { id } } }`, {
      id: rel.id,
    });
    expect(codeOf(moveAway)).toBe('FORBIDDEN');
  });
});
