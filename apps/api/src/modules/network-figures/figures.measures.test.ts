import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type AnyJson, type TestApi } from '../../test/harness.js';

// the refresh job is planned on the database's clock (now() + 60 s): the queue runs at real time + 5 minutes
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };

/** A Shanghai wall-clock time on day D (2027-03-10) or a day after it. */
const D = '2027-03-10';
const at = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+08:00`).toISOString();

/**
 * The rollup's SQL against a day computed by hand: two delivered orders, a comeback, two claims,
 * a complaint, a rating, a survey, a follow-up call three days later. Written straight into the
 * tables (owner connection); the triggers mark the days and plan the refresh job, which the queue runs.
 */
describe('network figures: the measures of a day, by hand', () => {
  let t: TestApi;
  let e1: string;
  let oem: string;
  let facts: (day: string, grain?: string) => Promise<Record<string, number>>;

  beforeAll(async () => {
    t = await startTestApi({ clock });
    e1 = await t.tenantId('DLR-E1');
    oem = await t.tenantId('OEM-HY');
    facts = async (day, grain = 'D') => {
      const rows = await t.sql<{ measure: string; value: string; audience_id: string; region: string; brand: string }>(
        `select measure, value, audience_id, region, brand from figure_facts where tenant_id = $1 and grain = $2 and period = $3`,
        [e1, grain, day],
      );
      for (const r of rows) expect([r.audience_id, r.region, r.brand]).toEqual([oem, '华东', '华岳装载机']);
      return Object.fromEntries(rows.map((r) => [r.measure, Number(r.value)]));
    };
    const tech = (await t.sql(`select id from users where email = 'tech@dealer-east.demo'`))[0]!.id as string;
    const [customer] = await t.sql(
      `insert into customers (id, tenant_id, name, phone, phone_last4) values (gen_random_uuid(), $1, '手算客户', '13900001111', '1111') returning id`,
      [e1],
    );
    const vehicle = async (vin: string) =>
      (
        await t.sql(
          `insert into vehicles (id, tenant_id, customer_id, vin, brand, model) values (gen_random_uuid(), $1, $2, $3, '华岳装载机', 'ZL50') returning id`,
          [e1, customer!.id, vin],
        )
      )[0]!.id as string;
    const v1 = await vehicle('HANDCOUNT00000001');
    const v2 = await vehicle('HANDCOUNT00000002');
    const order = async (n: string, v: string, checkedIn: string, delivered: string | null, rework: number, signed: boolean) =>
      (
        await t.sql(
          `insert into repair_orders (id, tenant_id, number, customer_id, vehicle_id, status, complaint, check_in, diagnosis, rework_count, delivered_at)
           values (gen_random_uuid(), $1, $2, $3, $4, $5, '异响', jsonb_build_object('at', $6::text, 'meter', 1200, 'customerSigned', $7::boolean),
                   '{"findings":[],"summary":"ok","at":"x","by":"y"}', $8, $9) returning id`,
          [e1, n, customer!.id, v, delivered ? 'DELIVERED' : 'IN_PROGRESS', checkedIn, signed, rework, delivered],
        )
      )[0]!.id as string;
    const line = (o: string, kind: 'LABOUR' | 'PART', code: string, pay: string, amount: number, techId: string | null) =>
      t.sql(
        `insert into repair_order_lines (id, tenant_id, repair_order_id, kind, description, operation_code, hours_milli, rate_minor, part_number,
                                         quantity_milli, unit_price_minor, source, pay_type, amount_minor, status, technician_id, clocked_minutes)
         values (gen_random_uuid(), $1, $2, $3, '项目', $4, $5, $6, $7, $8, $9, $10, $11, $12, 'APPROVED', $13, 60)`,
        [
          e1,
          o,
          kind,
          kind === 'LABOUR' ? code : null,
          kind === 'LABOUR' ? 1000 : null,
          kind === 'LABOUR' ? amount : null,
          kind === 'PART' ? code : null,
          kind === 'PART' ? 1000 : null,
          kind === 'PART' ? amount : null,
          kind === 'PART' ? 'OEM' : null,
          pay,
          amount,
          techId,
        ],
      );
    // O1: 09:00 → 17:00 (480 min), customer-paid, complete; comes back on D+5 for the same operation
    const o1 = await order('HC-1', v1, at(D, '09:00'), at(D, '17:00'), 0, true);
    await line(o1, 'LABOUR', 'OP-A', 'CUSTOMER', 10000, tech);
    await line(o1, 'PART', 'P-1', 'CUSTOMER', 5000, null);
    // O2: 08:00 → 18:00 (600 min), warranty, reworked once, a labour line nobody clocked (incomplete record)
    const o2 = await order('HC-2', v2, at(D, '08:00'), at(D, '18:00'), 1, true);
    await line(o2, 'LABOUR', 'OP-B', 'WARRANTY', 20000, null);
    await line(o2, 'PART', 'P-2', 'WARRANTY', 30000, null);
    // O3: V1 again on D+5 for OP-A (a comeback of O1), not delivered yet
    const o3 = await order('HC-3', v1, at('2027-03-15', '10:00'), null, 0, true);
    await line(o3, 'LABOUR', 'OP-A', 'GOODWILL', 10000, tech);
    // the follow-up call after O2 (warranty) on D+3, reached, 5 stars
    await t.sql(
      `insert into follow_ups (id, tenant_id, repair_order_id, customer_id, call_no, due_at, status, reached, satisfaction, done_at)
       values (gen_random_uuid(), $1, $2, $3, 1, $4, 'DONE', true, 5, $4)`,
      [e1, o2, customer!.id, at('2027-03-13', '10:00')],
    );
    // a 3-star rating of O1 on D
    await t.sql(`insert into repair_order_ratings (id, tenant_id, repair_order_id, stars, created_at) values (gen_random_uuid(), $1, $2, 3, $3)`, [
      e1,
      o1,
      at(D, '19:00'),
    ]);
    // a survey on D: staff attitude expected 5 / actual 4, timeliness 4 / 4
    await t.sql(
      `insert into satisfaction_surveys (id, tenant_id, repair_order_id, channel, answers, answered_at) values (gen_random_uuid(), $1, $2, 'FOLLOW_UP_CALL', $3, $4)`,
      [
        e1,
        o1,
        JSON.stringify([
          { indicator: 'STAFF_ATTITUDE', expected: 5, actual: 4 },
          { indicator: 'REPAIR_TIMELINESS', expected: 4, actual: 4 },
        ]),
        at(D, '20:00'),
      ],
    );
    // two claims submitted 10:00: one rejected for misuse at 12:00, one approved (300.00 of 400.00) at 11:00
    const claim = (n: string, status: string, reason: string | null, claimed: number, approved: number | null, decided: string) =>
      t.sql(
        `insert into warranty_claims (id, tenant_id, manufacturer_id, number, type, status, region, vin, brand, meter, failure_date, repair_date,
                                      complaint, cause, correction, causal_part_number, currency, claimed_minor, approved_minor, reason_code, submitted_at, decided_at)
         values (gen_random_uuid(), $1, $2, $3, 'STANDARD', $4, '华东', 'HANDCOUNT00000002', '华岳装载机', 1200, $5, $5, 'x', 'y', 'z', 'P-2', 'CNY', $6, $7, $8, $9, $10)`,
        [e1, oem, n, status, D, claimed, approved, reason, at(D, '10:00'), decided],
      );
    await claim('HC-WC-1', 'REJECTED', 'MISUSE', 38000, null, at(D, '12:00'));
    await claim('HC-WC-2', 'APPROVED', null, 40000, 30000, at(D, '11:00'));
    // a complaint received 09:00, acknowledged 10:30 (90 min), escalated 20:00, resolved 21:00 (720 min)
    await t.sql(
      `insert into complaints (id, tenant_id, number, channel, status, customer_id, vehicle_id, description, received_at, clock_from, ack_due_at,
                               resolve_due_at, escalate2_at, acknowledged_at, escalation_level, escalated_at, resolved_at)
       values (gen_random_uuid(), $1, 'HC-CP-1', 'PHONE', 'RESOLVED', $2, $7, '等太久', $3, $3, $3, $3, $3, $4, 1, $5, $6)`,
      [e1, customer!.id, at(D, '09:00'), at(D, '10:30'), at(D, '20:00'), at(D, '21:00'), v2],
    );
    // the triggers marked the days and planned the refresh: the queue runs it
    offsetMs = 5 * 60_000;
    while ((await t.api.services.jobs.runDue(50)) > 0) {
      /* until none is due */
    }
    offsetMs = 0;
  }, 120_000);
  afterAll(async () => t?.stop());

  it('day D: every measure as counted by hand', async () => {
    expect(await facts(D)).toEqual({
      'ro.delivered': 2,
      'ro.cycleMinutes': 480 + 600,
      'ro.cycleCount': 2,
      'ro.reworked': 1, // O2
      'ro.comeback': 1, // O1 (V1 back on D+5 for OP-A)
      // ro.firstTimeFix: 0 (O1 came back, O2 reworked) — zeros are not stored
      'ro.complete': 1, // O1; O2 has an unclocked labour line
      'qc.passed': 2,
      'fu.warrantyDue': 1, // O2
      'fu.warrantyDone': 1, // reached on D+3
      'ro.byType:CUSTOMER': 1,
      'ro.byType:WARRANTY': 1,
      'rev:CUSTOMER': 15000,
      'rev:WARRANTY': 50000,
      'wc.submitted': 2,
      'wc.claimedMinor': 78000,
      'wc.decided': 2,
      'wc.approved': 1,
      'wc.approvedMinor': 30000,
      'wc.rejected': 1,
      'wc.rejected:MISUSE': 1,
      'wc.reviewMinutes': 120 + 60,
      'cp.received': 1,
      'cp.acknowledged': 1,
      'cp.ackMinutes': 90,
      'cp.resolved': 1,
      'cp.resolveMinutes': 720,
      'cp.escalated': 1,
      'sat.answers': 1, // the 3-star rating (not satisfied)
      'csi.n:STAFF_ATTITUDE': 1,
      'csi.expected:STAFF_ATTITUDE': 5,
      'csi.actual:STAFF_ATTITUDE': 4,
      'csi.n:REPAIR_TIMELINESS': 1,
      'csi.expected:REPAIR_TIMELINESS': 4,
      'csi.actual:REPAIR_TIMELINESS': 4,
    });
    // the follow-up call's 5 stars count on the day of the call
    expect(await facts('2027-03-13')).toEqual({ 'sat.answers': 1, 'sat.satisfied': 1 });
  });

  it('the month is the sum of its days', async () => {
    const month = await facts('2027-03-01', 'M');
    expect(month['ro.delivered']).toBe(2);
    expect(month['sat.answers']).toBe(2);
    expect(month['sat.satisfied']).toBe(1);
  });

  it('the scorecard evaluates them, too-few where the sample is small', async () => {
    const admin = await t.as('admin@dealer-east.demo');
    const r = await admin.ok(
      `query { figureScorecard(input: { from: "${D}", to: "${D}" }) { figures { figureId value sample tooFew judgement breakdown { key value } } } }`,
    );
    const f = (id: string) => r.figureScorecard.figures.find((x: AnyJson) => x.figureId === id);
    expect(f('repairVolume')).toMatchObject({ value: 2, tooFew: false });
    expect(f('revenueByPayType').value).toBe(65000);
    expect(f('claimAmount')).toMatchObject({ value: 78000 });
    expect(f('cycleTime')).toMatchObject({ value: null, sample: 2, tooFew: true, judgement: 'TOO_FEW' }); // 540 min from 2 orders: too few
    expect(f('rejectionRate')).toMatchObject({ value: null, sample: 2, tooFew: true });
  });
});
