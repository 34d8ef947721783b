/** Reading repair orders: the board's page, one order, its lines and notices. */
import type { FilterQuery } from '@mikro-orm/postgresql';
import { accessibleWhere, asSubject } from '@asn/authz';
import { DomainError, REPAIR_ORDER_STATES, assertId, type RepairOrderState } from '@asn/domain';
import { inTx, type Ctx } from '../../platform/context.js';
import { emptyConnection, leanPage, type Connection } from '../../platform/graphql/common.js';
import { leanById, leanRows } from '../../platform/db/lean.js';
import { rowMapper } from '../../platform/db/reads.js';
import { customerById, vehicleById } from '../customers/customer.service.js';
import { loader } from '../../platform/loaders.js';
import { Customer, Vehicle } from '../customers/customer.entity.js';
import { RepairOrder, RepairOrderLine } from './repair-order.entity.js';

// ---------------------------------------------------------------------------------------------
// Queries

export async function listRepairOrders(
  ctx: Ctx,
  args: {
    status?: RepairOrderState[] | null;
    vehicleId?: string | null;
    customerId?: string | null;
    technicianId?: string | null;
    onSite?: boolean | null;
    chased?: boolean | null;
    first?: number | null;
    after?: string | null;
  },
): Promise<Connection<RepairOrder>> {
  const where = accessibleWhere(ctx.ability, 'read', 'RepairOrder');
  if (!where) return emptyConnection();
  const extra: Record<string, unknown>[] = [];
  if (args.status?.length) {
    const bad = args.status.filter((s) => !(REPAIR_ORDER_STATES as readonly string[]).includes(s));
    if (bad.length)
      throw DomainError.badInput([
        { field: 'status', message: `unknown state ${bad.join(', ')}`, reason: 'NOT_ONE_OF', params: { value: bad.join(', '), allowed: REPAIR_ORDER_STATES } },
      ]);
    extra.push({ status: { $in: args.status } });
  }
  if (args.vehicleId) extra.push({ vehicleId: assertId('vehicleId', args.vehicleId) });
  if (args.customerId) extra.push({ customerId: assertId('customerId', args.customerId) });
  if (args.technicianId) extra.push({ technicianId: assertId('technicianId', args.technicianId) });
  if (args.onSite != null) extra.push({ onSite: args.onSite });
  if (args.chased != null) extra.push({ chasedAt: args.chased ? { $ne: null } : null });
  const filter = (extra.length ? { $and: [where, ...extra] } : where) as FilterQuery<RepairOrder>;
  // each order's customer and vehicle come in the page's own statement (field resolvers find them loaded)
  const customers = customerById(ctx);
  const vehicles = vehicleById(ctx);
  const toCustomer = rowMapper(ctx.services.orm, Customer);
  const toVehicle = rowMapper(ctx.services.orm, Vehicle);
  return leanPage(
    ctx,
    RepairOrder,
    filter,
    { ...args, newestFirst: true },
    {
      wrap: (page, tenant, order) =>
        `select p.*, row_to_json(c) as along_customer, row_to_json(v) as along_vehicle from (${page}) p
         left join customers c on c.id = p.customer_id and c.tenant_id = ${tenant}
         left join vehicles v on v.id = p.vehicle_id and v.tenant_id = ${tenant}
        order by p.id ${order}`,
      seen: (row) => {
        if (row.along_customer) customers.prime(row.customer_id as string, toCustomer(row.along_customer as Record<string, unknown>));
        if (row.along_vehicle) vehicles.prime(row.vehicle_id as string, toVehicle(row.along_vehicle as Record<string, unknown>));
      },
    },
  );
}

export async function getRepairOrder(ctx: Ctx, id: string): Promise<RepairOrder> {
  // the read path: one round trip, no EntityManager (a detached copy; changes load their own in inTx)
  assertId('input.id', id);
  const order = await leanById(ctx, RepairOrder, id);
  if (!order || !ctx.ability.can('read', asSubject('RepairOrder', order))) throw DomainError.notFound('Repair order');
  return order;
}

export interface NoticeRow {
  id: string;
  repair_order_id: string;
  created_at: Date;
  audience: string;
  channel: string;
  kind: string;
  message: string;
  recipient: string | null;
  status: string;
  sent_at: Date | null;
  last_error: string | null;
}

/** Messages about each order (SMS to the customer, alerts for the desk), oldest first, batched. */
export function noticesByOrder(ctx: Ctx) {
  return loader<string, NoticeRow[]>(ctx, 'noticesByOrder', async (ids) =>
    inTx(ctx, async (tx) => {
      const rows = await tx.em.execute<NoticeRow[]>(
        `select id, record_id as repair_order_id, created_at, audience, channel, kind, message, recipient, status, sent_at, last_error
           from notifications where record_type = 'RepairOrder' and record_id in (${ids.map(() => '?').join(', ')}) order by id`,
        [...ids],
      );
      return ids.map((id) => rows.filter((r) => r.repair_order_id === id));
    }),
  );
}

/** Orders by id, batched (visits on the dispatch board name their order). */
export function orderById(ctx: Ctx) {
  return loader<string, RepairOrder>(ctx, 'orderById', async (ids) =>
    inTx(ctx, async (tx) => {
      const rows = await tx.em.find(RepairOrder, { id: { $in: [...ids] } });
      return ids.map((id) => rows.find((o) => o.id === id && tx.ctx.ability.can('read', asSubject('RepairOrder', o))) ?? null);
    }),
  );
}

export function linesByOrder(ctx: Ctx) {
  return loader<string, RepairOrderLine[]>(ctx, 'linesByOrder', async (ids) =>
    leanRows(ctx, RepairOrderLine, 'repairOrderId', ids).then((rows) => ids.map((id) => rows.filter((l) => l.repairOrderId === id))),
  );
}
