/**
 * The read path's rows must be what MikroORM would have loaded: the same properties with the same
 * values and types (dates as Date, money as string, arrays, JSON), for every entity it reads —
 * from `select *` and from a page's joined `row_to_json` alike.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReferenceKind } from '@mikro-orm/postgresql';
import { createCtx, inTx, type Ctx } from '../context.js';
import { resolveSession } from '../../modules/auth/auth.service.js';
import { startTestApi, type TestApi } from '../../test/harness.js';
import { WarrantyClaim, WarrantyClaimLine } from '../../modules/warranty-claims/claim.entity.js';
import { RepairOrder, RepairOrderLine } from '../../modules/repair-orders/repair-order.entity.js';
import { Customer, Vehicle } from '../../modules/customers/customer.entity.js';
import { leanById } from './lean.js';
import { read } from '../context.js';
import { rowMapper } from './reads.js';

type AnyEntity = abstract new (...args: never[]) => { id: string };

describe('rows on the read path are the entities MikroORM loads', () => {
  let t: TestApi;
  let ctx: Ctx;
  const tables: [AnyEntity, string][] = [
    [WarrantyClaim, 'warranty_claims'],
    [WarrantyClaimLine, 'warranty_claim_lines'],
    [RepairOrder, 'repair_orders'],
    [RepairOrderLine, 'repair_order_lines'],
    [Customer, 'customers'],
    [Vehicle, 'vehicles'],
  ];

  beforeAll(async () => {
    t = await startTestApi();
    const advisor = await t.as('advisor@dealer-east.demo');
    // an order with lines of both kinds, so every column has a value somewhere
    const c = await advisor.ok(`mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { customer { id vehicles { id } } } }`, {
      i: { name: '映射客户', phone: '13900009999', vehicles: [{ vin: 'LMAPPING000000001', plate: '沪B77777' }] },
    });
    const o = await advisor.ok(`mutation($i: CreateRepairOrderInput!) { createRepairOrder(input: $i) { repairOrder { id } } }`, {
      i: {
        customerId: c.createCustomer.customer.id,
        vehicleId: c.createCustomer.customer.vehicles[0].id,
        complaint: '异响',
        promisedAt: '2026-12-02T08:00:00Z',
      },
    });
    await t.sql(
      `insert into repair_order_lines (id, tenant_id, repair_order_id, kind, description, operation_code, hours_milli, rate_minor, part_number, quantity_milli, unit_price_minor, source, pay_type, amount_minor, status, decided_at)
       select gen_random_uuid(), o.tenant_id, o.id, k, '刹车', 'BR-01', case k when 'LABOUR' then 1500 end, case k when 'LABOUR' then 20000 end,
              case k when 'PART' then 'BP-01' end, case k when 'PART' then 2500 end, case k when 'PART' then 45000 end, case k when 'PART' then 'OEM' end,
              'CUSTOMER', 30000, 'APPROVED', now()
         from repair_orders o cross join unnest(array['LABOUR','PART']) k where o.id = $1`,
      [o.createRepairOrder.repairOrder.id],
    );
    const token = advisor.cookie!.split('=')[1]!;
    const session = await resolveSession(t.api.services, token);
    ctx = createCtx(t.api.services, session.actor, session.principal);
  }, 120_000);

  afterAll(async () => {
    await t?.stop();
  });

  const props = (entity: AnyEntity) =>
    t.api.services.orm
      .getMetadata()
      .get<unknown>(entity.name)
      .props.filter((p) => p.kind === ReferenceKind.SCALAR && p.persist !== false && !p.formula)
      .map((p) => p.name as string);

  it.each(tables.map(([e, table]) => [e.name, e, table] as const))('%s', async (_name, entity, table) => {
    const tenant = await t.tenantId('DLR-E1');
    const ids = (await t.sql<{ id: string }>(`select id from ${table} where tenant_id = $1 order by id desc limit 5`, [tenant])).map((r) => r.id);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      const loaded = await inTx<Record<string, unknown> | null>(ctx, (tx) => tx.em.findOne(entity as never, { id }));
      const lean = (await leanById(ctx, entity, id)) as Record<string, unknown> | null;
      const [viaJson] = await read<{ j: Record<string, unknown> }>(ctx, `select row_to_json(x) as j from ${table} x where x.id = $1`, [id]);
      const fromJson = rowMapper(t.api.services.orm, entity)(viaJson!.j) as Record<string, unknown>;
      expect(loaded).not.toBeNull();
      for (const p of props(entity)) {
        expect(lean![p], `${entity.name}.${p}`).toEqual(loaded![p]);
        expect(fromJson[p], `${entity.name}.${p} (row_to_json)`).toEqual(loaded![p]);
      }
    }
  });
});
