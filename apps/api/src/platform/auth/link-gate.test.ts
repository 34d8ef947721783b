/**
 * A live page's link checked again (linkStillOpen) for both link kinds — the tracking link and the
 * contract link: valid, it gives the visitor's context back without the digits; withdrawn or
 * expired, it stops at once; it never counts as an attempt nor clears someone's wrong answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenantKind, type DomainError } from '@asn/domain';
import { startTestApi, type Client, type TestApi } from '../../test/harness.js';
import { createCtx } from '../context.js';
import { openLink, phoneDigitComparisons, stillOpen } from '../../modules/tracking/tracking.service.js';
import { contractLinkStillOpen, openContractLink } from '../../modules/service-contracts/contract.extras.js';

let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };

const refusal = async (p: Promise<unknown>) => {
  const e = (await p.then(
    () => null,
    (err: unknown) => err,
  )) as DomainError | null;
  expect(e, 'refused').not.toBeNull();
  return { code: e!.code, reason: e!.reason };
};

describe('a live page’s link, checked again', () => {
  let t: TestApi;
  let advisor: Client;
  let admin: Client;
  let orderId: string;
  let contractId: string;

  const trackingLink = async () =>
    (await advisor.ok(`mutation($id: ID!) { createTrackingLink(input: { repairOrderId: $id, validDays: 1 }) { token link { id } } }`, { id: orderId }))
      .createTrackingLink as { token: string; link: { id: string } };
  const contractLink = async () =>
    (await admin.ok(`mutation($id: ID!) { createContractLink(input: { contractId: $id, validDays: 1 }) { token } }`, { id: contractId })).createContractLink
      .token as string;
  const failures = async (key: string) => Number((await t.sql(`select failures from auth_throttle where key = $1`, [key]))[0]?.failures ?? 0);

  beforeAll(async () => {
    t = await startTestApi({ clock });
    advisor = await t.as('advisor@dealer-east.demo');
    admin = await t.as('admin@dealer-east.demo');
    const c = await admin.ok(
      `mutation { createCustomer(input: { name: "钱峰", phone: "13812349876", vehicles: [{ vin: "HYZL50C2026GATE01", model: "ZL50C" }] }) { customer { id vehicles { id } } } }`,
    );
    const customer = c.createCustomer.customer;
    orderId = (
      await advisor.ok(`mutation($c: ID!, $v: ID!) { createRepairOrder(input: { customerId: $c, vehicleId: $v, complaint: "异响" }) { repairOrder { id } } }`, {
        c: customer.id,
        v: customer.vehicles[0].id,
      })
    ).createRepairOrder.repairOrder.id;
    const today = new Date(clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const contract = (
      await admin.ok(`mutation($i: CreateServiceContractInput!) { createServiceContract(input: $i) { contract { id version } } }`, {
        i: {
          customerId: customer.id,
          type: 'FULL_SERVICE',
          title: '门禁测试合同',
          startsOn: today,
          endsOn: `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`.replace('-02-29', '-02-28'),
          price: { amountMinor: '100000', currency: 'CNY' },
          vins: ['HYZL50C2026GATE01'],
          entitlements: [],
        },
      })
    ).createServiceContract.contract;
    contractId = contract.id;
    await admin.ok(`mutation($i: StepServiceContractInput!) { stepServiceContract(input: $i) { contract { id } } }`, {
      i: { id: contract.id, version: contract.version, event: 'ACTIVATE' },
    });
  });
  afterAll(() => t.stop());

  it('a valid link gives the visitor back without the digits: no attempt counted, nobody’s wrong answers cleared', async () => {
    const tracking = await trackingLink();
    const customer = await openLink(t.api.services, tracking.token, '9876');
    const token = await contractLink();
    const holder = await openContractLink(t.api.services, token, '9876');
    const [linkId] = (await t.sql(`select id from contract_links where contract_id = $1 order by id desc limit 1`, [contractId])).map((r) => r.id as string);
    // someone guesses wrong twice on each link
    for (let i = 0; i < 2; i++) {
      await expect(openLink(t.api.services, tracking.token, '0000')).rejects.toMatchObject({ reason: 'WRONG_PHONE_DIGITS' });
      await expect(openContractLink(t.api.services, token, '0000')).rejects.toMatchObject({ reason: 'WRONG_PHONE_DIGITS' });
    }
    const compared = phoneDigitComparisons();
    const again = await stillOpen(customer);
    expect(again.actor).toEqual(customer.actor);
    expect(again).not.toBe(customer); // a fresh context (no loaders or reads kept from before)
    expect((await contractLinkStillOpen(holder)).actor).toEqual(holder.actor);
    expect(phoneDigitComparisons()).toBe(compared);
    expect(await failures(`link:${tracking.link.id}`)).toBe(2);
    expect(await failures(`contract-link:${linkId}`)).toBe(2);
  });

  it('withdrawn or expired, it stops at once (LINK_GONE); the wrong kind of visitor is FORBIDDEN', async () => {
    const tracking = await trackingLink();
    const customer = await openLink(t.api.services, tracking.token, '9876');
    const holder = await openContractLink(t.api.services, await contractLink(), '9876');
    // a visitor of the other kind of link, or a member, has no such link
    expect(await refusal(stillOpen(holder))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(contractLinkStillOpen(customer))).toMatchObject({ code: 'FORBIDDEN' });
    const member = createCtx(
      t.api.services,
      { type: 'member', userId: await t.userId('admin@dealer-east.demo'), tenantId: await t.tenantId('DLR-E1'), tenantKind: TenantKind.DEALER_4S, roles: [] },
      null,
    );
    expect(await refusal(stillOpen(member))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(contractLinkStillOpen(member))).toMatchObject({ code: 'FORBIDDEN' });
    // withdrawn
    await advisor.ok(`mutation($id: ID!) { revokeTrackingLink(input: { id: $id }) { link { active } } }`, { id: tracking.link.id });
    expect(await refusal(stillOpen(customer))).toEqual({ code: 'NOT_FOUND', reason: 'LINK_GONE' });
    const linkId = holder.actor.type === 'contractHolder' ? holder.actor.linkId : null;
    await t.sql(`update contract_links set revoked_at = now() where id = $1`, [linkId]);
    expect(await refusal(contractLinkStillOpen(holder))).toEqual({ code: 'NOT_FOUND', reason: 'LINK_GONE' });
    // expired: valid for a day, two days later
    const fresh = await openLink(t.api.services, (await trackingLink()).token, '9876');
    const freshHolder = await openContractLink(t.api.services, await contractLink(), '9876');
    offsetMs = 2 * 86_400_000;
    try {
      expect(await refusal(stillOpen(fresh))).toEqual({ code: 'NOT_FOUND', reason: 'LINK_GONE' });
      expect(await refusal(contractLinkStillOpen(freshHolder))).toEqual({ code: 'NOT_FOUND', reason: 'LINK_GONE' });
    } finally {
      offsetMs = 0;
    }
    await expect(stillOpen(fresh)).resolves.toBeDefined();
  });
});
