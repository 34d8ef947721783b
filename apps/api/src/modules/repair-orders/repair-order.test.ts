import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, startTestApi, tableCounts, type AnyJson, type Client, type TestApi } from '../../test/harness.js';
import { EVENTS_SUBSCRIPTION, subscribe } from '../../test/ws.js';

const ORDER = `id number status version reworkCount technicianId promisedAt
  lines { id kind description status additional payType amount { amountMinor } technicianId clockedOn clockedMinutes noGuarantee }
  totals { gross { amountMinor } discount { amountMinor } customerPays { amountMinor } byPayType { payType amount { amountMinor } } }
  timeline { action } allowedEvents`;

const m = (name: string, input = 'OrderRef') => `mutation($i: ${input}!) { ${name}(input: $i) { repairOrder { ${ORDER} } } }`;

describe('repair orders: the workshop lifecycle', () => {
  let t: TestApi;
  let advisor: Client;
  let tech: Client;
  let otherTech: Client;
  let controller: Client;
  let inspector: Client;
  let cashier: Client;
  let admin: Client;
  let customerId: string;
  let vehicleId: string;
  let techId: string;

  beforeAll(async () => {
    t = await startTestApi();
    advisor = await t.as('advisor@dealer-east.demo');
    tech = await t.as('tech@dealer-east.demo');
    controller = await t.as('controller@dealer-east.demo');
    inspector = await t.as('inspector@dealer-east.demo');
    cashier = await t.as('cashier@dealer-east.demo');
    admin = await t.as('admin@dealer-east.demo');
    techId = await t.userId('tech@dealer-east.demo');
    await admin.ok(
      `mutation { inviteUser(input: { email: "tech2@dealer-east.demo", displayName: "钱师傅", roles: [TECHNICIAN], initialPassword: "tech2-password" }) { user { id } } }`,
    );
    otherTech = await t.client().signIn('tech2@dealer-east.demo', 'tech2-password');
    const c = await advisor.ok(`mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { customer { id phoneMasked vehicles { id vin plate } } } }`, {
      i: {
        name: '张伟',
        phone: '138 1234 5678',
        company: '宏达物流',
        vehicles: [{ vin: 'LZZ1BLSJ0KW123456', plate: '沪A·12345', brand: '华岳', model: 'ZL50 装载机', usageUnit: 'HOURS', currentMeter: 1200 }],
      },
    });
    customerId = c.createCustomer.customer.id;
    vehicleId = c.createCustomer.customer.vehicles[0].id;
    expect(c.createCustomer.customer.phoneMasked).toBe('138****5678');
  });
  afterAll(() => t.stop());

  async function newOrder(complaint = '动臂提升无力，液压油温高') {
    const r = await advisor.ok(m('createRepairOrder', 'CreateRepairOrderInput'), {
      i: { customerId, vehicleId, complaint, promisedAt: '2026-11-23T10:00:00.000Z' },
    });
    return r.createRepairOrder.repairOrder as { id: string; number: string; version: number; status: string };
  }

  async function toInProgress() {
    let o: AnyJson = await newOrder();
    o = (
      await advisor.ok(m('checkInRepairOrder', 'CheckInInput'), {
        i: { id: o.id, version: o.version, meter: 1250, fuelEighths: 6, belongings: ['随车工具', '灭火器'], keyTag: 'K-17', customerSigned: true },
      })
    ).checkInRepairOrder.repairOrder;
    o = await tech.gql(m('diagnoseRepairOrder', 'DiagnoseInput'), {
      i: { id: o.id, version: o.version, findings: [{ system: '液压系统', finding: '主泵内泄' }], summary: '主泵磨损' },
    });
    // not dispatched yet: the technician may not diagnose someone else's order… the advisor can
    expect(codeOf(o)).toBe('FORBIDDEN');
    o = (await t.sql(`select id, version from repair_orders order by id desc limit 1`))[0];
    o = (
      await advisor.ok(m('diagnoseRepairOrder', 'DiagnoseInput'), {
        i: { id: o.id, version: o.version, findings: [{ system: '液压系统', finding: '主泵内泄' }], summary: '主泵磨损' },
      })
    ).diagnoseRepairOrder.repairOrder;
    o = (
      await advisor.ok(m('estimateRepairOrder', 'EstimateInput'), {
        i: {
          id: o.id,
          version: o.version,
          method: 'SYSTEM',
          lines: [
            { kind: 'LABOUR', description: '更换液压主泵', operationCode: 'HY-0301', hours: '3.5', rateMinor: '12000', payType: 'CUSTOMER' },
            { kind: 'PART', description: '液压主泵', partNumber: 'HP-200', quantity: '1', unitPriceMinor: '680000', source: 'OEM', payType: 'WARRANTY' },
            {
              kind: 'PART',
              description: '液压油',
              partNumber: 'OIL-46',
              quantity: '20',
              unitPriceMinor: '2550',
              source: 'CUSTOMER_SUPPLIED',
              payType: 'CUSTOMER',
            },
          ],
        },
      })
    ).estimateRepairOrder.repairOrder;
    expect(o.status).toBe('ESTIMATED');
    expect(o.lines.find((l: { description: string }) => l.description === '液压油').noGuarantee).toBe(true);
    o = (await advisor.ok(m('approveRepairOrder'), { i: { id: o.id, version: o.version } })).approveRepairOrder.repairOrder;
    o = (await controller.ok(m('dispatchRepairOrder', 'DispatchInput'), { i: { id: o.id, version: o.version, technicianId: techId, bay: '3号工位' } }))
      .dispatchRepairOrder.repairOrder;
    expect(o.technicianId).toBe(techId);
    o = (await tech.ok(m('startRepairWork'), { i: { id: o.id, version: o.version } })).startRepairWork.repairOrder;
    expect(o.status).toBe('IN_PROGRESS');
    return o;
  }

  it('walks an order from appointment to delivery, with additional work the customer approves, every step audited and published', async () => {
    const live = await subscribe(t.api.wsUrl, advisor.cookie, EVENTS_SUBSCRIPTION, { types: ['RepairOrder'] });
    try {
      let o = await toInProgress();
      const labour = o.lines.find((l: { kind: string }) => l.kind === 'LABOUR');
      await tech.ok(`mutation($i: ClockLineInput!) { clockLabourLine(input: $i) { repairOrder { id } } }`, { i: { lineId: labour.id, on: true } });
      o = (
        await tech.ok(m('proposeAdditionalWork', 'ProposeAdditionalWorkInput'), {
          i: {
            id: o.id,
            version: (await t.sql(`select version from repair_orders where id = $1`, [o.id]))[0].version,
            reason: '发现铲斗销轴磨损严重',
            safetyRelevant: true,
            delayMinutes: 120,
            lines: [
              { kind: 'LABOUR', description: '更换铲斗销轴', hours: '1', rateMinor: '12000', payType: 'CUSTOMER' },
              { kind: 'PART', description: '销轴', partNumber: 'PIN-80', quantity: '2', unitPriceMinor: '45000', source: 'OEM', payType: 'CUSTOMER' },
            ],
          },
        })
      ).proposeAdditionalWork.repairOrder;
      expect(o.status).toBe('AWAITING_APPROVAL');
      const proposed = o.lines.filter((l: { additional: boolean }) => l.additional);
      o = (
        await advisor.ok(m('decideAdditionalWork', 'DecideAdditionalWorkInput'), {
          i: { id: o.id, version: o.version, channel: 'PHONE', decisions: proposed.map((l: { id: string }) => ({ lineId: l.id, approve: true })) },
        })
      ).decideAdditionalWork.repairOrder;
      expect(o.status).toBe('IN_PROGRESS');
      expect(o.promisedAt).toBe('2026-11-23T12:00:00.000Z'); // moved by the 2 h the extra work causes
      o = (await tech.ok(m('finishRepairWork'), { i: { id: o.id, version: o.version } })).finishRepairWork.repairOrder;
      expect(o.lines.every((l: { clockedOn: unknown }) => !l.clockedOn)).toBe(true);
      o = (await inspector.ok(m('recordQualityCheck', 'QcInput'), { i: { id: o.id, version: o.version, passed: true } })).recordQualityCheck.repairOrder;
      expect(o.status).toBe('READY');
      // 3.5 h × ¥120 + ¥6800 + 20 × ¥25.50 + 1 h × ¥120 + 2 × ¥450
      expect(o.totals.gross.amountMinor).toBe(String(42000 + 680000 + 51000 + 12000 + 90000));
      const discounted = await cashier.gql(m('settleRepairOrder', 'SettleInput'), {
        i: { id: o.id, version: o.version, paymentMethod: '微信支付', discountMinor: '1000' },
      });
      expect(codeOf(discounted)).toBe('FORBIDDEN');
      expect(discounted.errors![0]!.message).toMatch(/service admin/);
      o = (await admin.ok(m('settleRepairOrder', 'SettleInput'), { i: { id: o.id, version: o.version, paymentMethod: '微信支付', discountMinor: '5000' } }))
        .settleRepairOrder.repairOrder;
      expect(o.totals.customerPays.amountMinor).toBe(String(42000 + 51000 + 12000 + 90000 - 5000));
      expect(o.totals.byPayType.find((p: { payType: string }) => p.payType === 'WARRANTY').amount.amountMinor).toBe('680000');
      o = (await advisor.ok(m('deliverRepairOrder', 'DeliverInput'), { i: { id: o.id, version: o.version, belongingsReturned: true, customerSigned: true } }))
        .deliverRepairOrder.repairOrder;
      expect(o.status).toBe('DELIVERED');
      expect(o.allowedEvents).toEqual([]);
      expect(o.timeline.map((e: { action: string }) => e.action)).toEqual([
        'repairOrder.created',
        'repairOrder.CHECK_IN',
        'repairOrder.DIAGNOSE',
        'repairOrder.ESTIMATE',
        'repairOrder.APPROVE',
        'repairOrder.dispatched',
        'repairOrder.START_WORK',
        'repairOrder.clockedOn',
        'repairOrder.PROPOSE_ADDITIONAL_WORK',
        'repairOrder.DECIDE_ADDITIONAL_WORK',
        'repairOrder.FINISH_WORK',
        'repairOrder.PASS_QC',
        'repairOrder.SETTLE',
        'repairOrder.DELIVER',
      ]);
      // every audited step was also published, live, to the dealer
      const seen: string[] = [];
      while (seen.length < o.timeline.length) seen.push((await live.next()).events.type);
      expect(seen.sort()).toEqual(o.timeline.map((e: { action: string }) => e.action).sort());
      const [vehicle] = await t.sql(`select current_meter from vehicles where id = $1`, [vehicleId]);
      expect(vehicle.current_meter).toBe(1250);
    } finally {
      await live.close();
    }
  });

  it('a failed QC sends the order back to the workshop and counts as rework', async () => {
    let o = await toInProgress();
    o = (await tech.ok(m('finishRepairWork'), { i: { id: o.id, version: o.version } })).finishRepairWork.repairOrder;
    const noNotes = await inspector.gql(m('recordQualityCheck', 'QcInput'), { i: { id: o.id, version: o.version, passed: false } });
    expect(codeOf(noNotes)).toBe('BAD_USER_INPUT');
    o = (await inspector.ok(m('recordQualityCheck', 'QcInput'), { i: { id: o.id, version: o.version, passed: false, notes: '动臂仍有下沉' } }))
      .recordQualityCheck.repairOrder;
    expect(o).toMatchObject({ status: 'IN_PROGRESS', reworkCount: 1 });
    o = (await tech.ok(m('finishRepairWork'), { i: { id: o.id, version: o.version } })).finishRepairWork.repairOrder;
    o = (await inspector.ok(m('recordQualityCheck', 'QcInput'), { i: { id: o.id, version: o.version, passed: true } })).recordQualityCheck.repairOrder;
    expect(o).toMatchObject({ status: 'READY', reworkCount: 1 });
  });

  it('settling an order in IN_PROGRESS is an INVALID_TRANSITION and changes nothing', async () => {
    const o = await toInProgress();
    const before = await tableCounts(t);
    const [row] = await t.sql(`select status, version from repair_orders where id = $1`, [o.id]);
    const r = await admin.gql(m('settleRepairOrder', 'SettleInput'), { i: { id: o.id, version: row.version, paymentMethod: '现金' } });
    expect(codeOf(r)).toBe('INVALID_TRANSITION');
    expect(r.errors![0]!.message).toMatch(/cannot SETTLE while IN_PROGRESS/);
    expect(await t.sql(`select status, version from repair_orders where id = $1`, [o.id])).toEqual([row]);
    expect(await tableCounts(t)).toEqual(before);
    const cancel = await advisor.gql(m('cancelRepairOrder', 'CancelInput'), { i: { id: o.id, version: row.version, reason: 'x' } });
    expect(codeOf(cancel)).toBe('INVALID_TRANSITION');
  });

  it("a technician cannot work on another technician's order or clock their lines", async () => {
    const o = await toInProgress();
    const labour = o.lines.find((l: { kind: string }) => l.kind === 'LABOUR');
    const clock = await otherTech.gql(`mutation($i: ClockLineInput!) { clockLabourLine(input: $i) { repairOrder { id } } }`, {
      i: { lineId: labour.id, on: true },
    });
    expect(codeOf(clock)).toBe('FORBIDDEN');
    const [row] = await t.sql(`select version from repair_orders where id = $1`, [o.id]);
    const finish = await otherTech.gql(m('finishRepairWork'), { i: { id: o.id, version: row.version } });
    expect(codeOf(finish)).toBe('FORBIDDEN');
    expect((await t.sql(`select clock_started_at from repair_order_lines where id = $1`, [labour.id]))[0].clock_started_at).toBeNull();
  });

  it('a stale version is a CONFLICT; bad estimate lines are named', async () => {
    const o = await newOrder();
    const stale = await advisor.gql(m('cancelRepairOrder', 'CancelInput'), { i: { id: o.id, version: o.version + 5, reason: '客户取消' } });
    expect(codeOf(stale)).toBe('CONFLICT');
    const checked = (await advisor.ok(m('checkInRepairOrder', 'CheckInInput'), { i: { id: o.id, version: o.version, meter: 1300, customerSigned: true } }))
      .checkInRepairOrder.repairOrder;
    const diag = (
      await advisor.ok(m('diagnoseRepairOrder', 'DiagnoseInput'), {
        i: { id: o.id, version: checked.version, findings: [{ system: '电气', finding: '蓄电池亏电' }], summary: '更换蓄电池' },
      })
    ).diagnoseRepairOrder.repairOrder;
    const bad = await advisor.gql(m('estimateRepairOrder', 'EstimateInput'), {
      i: {
        id: o.id,
        version: diag.version,
        method: 'ITEM',
        lines: [{ kind: 'PART', description: '蓄电池', quantity: '1.2345', unitPriceMinor: '12.5', payType: 'CUSTOMER' }],
      },
    });
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors![0]!.message).toMatch(/quantity: "1.2345".*unitPriceMinor: "12.5".*source/s);
  });

  it('search finds customers by plate, VIN, phone, last four digits and name', async () => {
    const q = async (s: string) => (await advisor.ok(`query($s: String) { customers(search: $s) { totalCount nodes { name } } }`, { s })).customers;
    for (const s of ['沪A12', 'lzz1blsj', '13812', '5678', '张'])
      expect(
        (await q(s)).nodes.map((n: { name: string }) => n.name),
        s,
      ).toContain('张伟');
    expect((await q('不存在的客户')).totalCount).toBe(0);
    // any part of a name of two characters or more: 欧阳小明 by 小明 or 阳小, not by 明欧
    await advisor.ok(`mutation { createCustomer(input: { name: "欧阳小明", phone: "13812340000" }) { customer { id } } }`);
    for (const s of ['小明', '阳小', '欧阳小明'])
      expect(
        (await q(s)).nodes.map((n: { name: string }) => n.name),
        s,
      ).toEqual(['欧阳小明']);
    expect((await q('明欧')).totalCount).toBe(0);
    expect((await q('小 明')).totalCount).toBe(0); // the bigram matches, the text does not
    expect((await q('100%')).totalCount).toBe(0); // LIKE wildcards are literal
    // another dealer finds nothing
    const other = await t.as('advisor@dealer-east2.demo');
    const r = await other.ok(`{ customers(search: "张") { totalCount } repairOrders { totalCount } }`);
    expect((await other.ok(`{ customers(search: "小明") { totalCount } }`)).customers.totalCount).toBe(0);
    expect(r).toEqual({ customers: { totalCount: 0 }, repairOrders: { totalCount: 0 } });
  });
});
