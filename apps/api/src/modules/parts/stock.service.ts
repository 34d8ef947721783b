/**
 * Stock per location: every change of what is on hand is one atomic statement plus its journal
 * line; the database refuses stock below zero and reservations beyond what is on hand, so two
 * requests racing for the last unit cannot both have it.
 */
import { CheckConstraintViolationException } from '@mikro-orm/core';
import { asSubject } from '@asn/authz';
import {
  DomainError,
  ErrorCode,
  InputCheck,
  STOCK_ADJUSTMENT_REASONS,
  replenishmentQty,
  uuidv7,
  type StockAdjustmentReason,
  type StockMovementKind,
} from '@asn/domain';
import { inTx, memberOf, type Ctx, type Tx } from '../../platform/context.js';
import { PART_NUMBER } from './catalogue.service.js';
import { StockItem, StockMovement, StockReservation } from './parts.entity.js';

export const MAIN_LOCATION = 'MAIN';

/** The stock item of a part at a location, created empty on first use. */
export async function stockItem(tx: Tx, partNumber: string, location = MAIN_LOCATION, description = ''): Promise<StockItem> {
  await tx.em.execute(
    `insert into stock_items (id, tenant_id, location, part_number, description, updated_at) values (?, ?, ?, ?, ?, ?)
     on conflict (tenant_id, location, part_number) do nothing`,
    [uuidv7(), tx.tenantId, location, partNumber, description, tx.ctx.clock.now()],
  );
  const item = await tx.em.findOneOrFail(StockItem, { tenantId: tx.tenantId, location, partNumber });
  if (description && !item.description) item.description = description;
  return item;
}

function tooLow(partNumber: string, available: number): DomainError {
  return DomainError.because(ErrorCode.CONFLICT, 'STOCK_TOO_LOW', { partNumber, available }, `Only ${available} of ${partNumber} available.`);
}

/**
 * Changes what is on hand by `quantity` (signed) in one statement and journals it. Stock below
 * zero (or below what is reserved) is refused by the database: STOCK_TOO_LOW.
 */
export async function moveStock(
  tx: Tx,
  item: StockItem,
  kind: StockMovementKind,
  quantity: number,
  opts: { reason?: StockAdjustmentReason | null; note?: string | null; record?: { type: string; id: string } | null; releaseReserved?: number } = {},
): Promise<number> {
  const release = opts.releaseReserved ?? 0;
  let rows: { on_hand: number }[];
  try {
    rows = await tx.em.execute<{ on_hand: number }[]>(
      `update stock_items set on_hand = on_hand + ?, reserved = reserved - ?, updated_at = ?, version = version + 1
        where id = ? and tenant_id = ? returning on_hand`,
      [quantity, release, tx.ctx.clock.now(), item.id, tx.tenantId],
    );
  } catch (e) {
    // the transaction is aborted now: the refusal names what the item held when it was read
    if (e instanceof CheckConstraintViolationException) throw tooLow(item.partNumber, Math.max(0, item.onHand - item.reserved));
    throw e;
  }
  const onHandAfter = rows[0]!.on_hand;
  tx.em.persist(
    Object.assign(new StockMovement(), {
      id: uuidv7(),
      tenantId: tx.tenantId,
      stockItemId: item.id,
      kind,
      quantity,
      reservedChange: -release,
      onHandAfter,
      reason: opts.reason ?? null,
      note: opts.note ?? null,
      recordType: opts.record?.type ?? null,
      recordId: opts.record?.id ?? null,
      createdBy: tx.ctx.actor.type === 'member' ? tx.ctx.actor.userId : null,
      createdAt: tx.ctx.clock.now(),
    }),
  );
  return onHandAfter;
}

/**
 * Reserves `quantity` of a part for a repair order line if that much is available, in one
 * conditional statement (concurrent requests for the last unit: one gets it). Returns false when
 * there is not enough.
 */
export async function tryReserve(tx: Tx, partNumber: string, quantity: number, location = MAIN_LOCATION): Promise<StockItem | null> {
  const rows = await tx.em.execute<{ id: string }[]>(
    `update stock_items set reserved = reserved + ?, updated_at = ?, version = version + 1
      where tenant_id = ? and location = ? and part_number = ? and on_hand - reserved >= ? returning id`,
    [quantity, tx.ctx.clock.now(), tx.tenantId, location, partNumber, quantity],
  );
  return rows[0] ? tx.em.findOneOrFail(StockItem, { id: rows[0].id }, { refresh: true }) : null;
}

/** Gives reserved units back (a cancelled repair order, an expired reservation); returns what is on hand. */
export async function unreserve(tx: Tx, itemId: string, quantity: number): Promise<number> {
  const rows = await tx.em.execute<{ on_hand: number }[]>(
    `update stock_items set reserved = reserved - ?, updated_at = ?, version = version + 1 where id = ? and tenant_id = ? returning on_hand`,
    [quantity, tx.ctx.clock.now(), itemId, tx.tenantId],
  );
  return rows[0]!.on_hand;
}

function requireStockKeeper(ctx: Ctx): string {
  const actor = memberOf(ctx);
  if (!ctx.ability.can('update', asSubject('StockItem', { tenantId: actor.tenantId })))
    throw DomainError.because(ErrorCode.FORBIDDEN, 'ACTION_NOT_ALLOWED', { document: 'StockItem', action: 'update' }, 'Only the parts staff keep the stock.');
  return actor.tenantId;
}

/** A stock adjustment by hand (stocktake, damage, loss, a find), with its reason. */
export async function adjustStock(
  ctx: Ctx,
  input: { partNumber: string; location?: string | null; quantity: number; reason: StockAdjustmentReason; note?: string | null },
): Promise<StockItem> {
  requireStockKeeper(ctx);
  const check = new InputCheck();
  const partNumber = input.partNumber.trim().toUpperCase();
  if (!PART_NUMBER.test(partNumber)) check.because('input.partNumber', 'NOT_A_CODE', { value: partNumber, min: 2, max: 40, dots: true }, 'not a part number');
  if (!Number.isInteger(input.quantity) || input.quantity === 0)
    check.because('input.quantity', 'NOT_A_WHOLE_NUMBER', { value: String(input.quantity), min: 1, unit: 'ITEMS' }, 'a whole number, not zero');
  if (!STOCK_ADJUSTMENT_REASONS.includes(input.reason))
    check.because('input.reason', 'NOT_ONE_OF', { value: String(input.reason), allowed: STOCK_ADJUSTMENT_REASONS }, 'not a reason');
  const note = check.optional('input.note', input.note, 500);
  check.done();
  return inTx(ctx, async (tx) => {
    const item = await stockItem(tx, partNumber, input.location?.trim().toUpperCase() || MAIN_LOCATION);
    const onHand = await moveStock(tx, item, 'ADJUSTMENT', input.quantity, { reason: input.reason, note });
    tx.record({
      action: 'stock.adjusted',
      entityType: 'StockItem',
      entityId: item.id,
      after: { partNumber, quantity: input.quantity, reason: input.reason, onHand },
    });
    return tx.em.findOneOrFail(StockItem, { id: item.id }, { refresh: true });
  });
}

/** Safety stock, reorder point and lot of a stock item. */
export async function setStockLevels(
  ctx: Ctx,
  input: { partNumber: string; location?: string | null; safetyStock: number; reorderPoint: number; reorderQty: number },
): Promise<StockItem> {
  requireStockKeeper(ctx);
  const check = new InputCheck();
  const safetyStock = check.wholeNumber('input.safetyStock', input.safetyStock, 0, 'ITEMS');
  const reorderPoint = check.wholeNumber('input.reorderPoint', input.reorderPoint, 0, 'ITEMS');
  const reorderQty = check.wholeNumber('input.reorderQty', input.reorderQty, 1, 'ITEMS');
  check.done();
  return inTx(ctx, async (tx) => {
    const item = await stockItem(tx, input.partNumber.trim().toUpperCase(), input.location?.trim().toUpperCase() || MAIN_LOCATION);
    Object.assign(item, { safetyStock, reorderPoint, reorderQty, updatedAt: ctx.clock.now() });
    await tx.em.flush();
    tx.record({ action: 'stock.levelsSet', entityType: 'StockItem', entityId: item.id, after: { safetyStock, reorderPoint, reorderQty } });
    return item;
  });
}

/** The stock items at or below their reorder point, each with the replenishment it proposes. */
/**
 * What the tenant has on order of each part, from its open parts orders: a submitted line's units;
 * once confirmed, what is allocated or backordered and what was shipped but not counted in yet.
 */
const ON_ORDER_SQL = `
  select l.part_number, sum(case o.status when 'SUBMITTED' then l.ordered else l.allocated + l.backordered + coalesce(t.qty, 0) end)::int as qty
    from parts_order_lines l
    join parts_orders o on o.id = l.parts_order_id
    left join (select sl.order_line_id, sum(sl.quantity) as qty from parts_shipment_lines sl
                 join parts_shipments s on s.id = sl.shipment_id
                where sl.tenant_id = ? and s.received_at is null group by sl.order_line_id) t on t.order_line_id = l.id
   where l.tenant_id = ? and o.tenant_id = ? and o.status in ('SUBMITTED', 'CONFIRMED', 'PARTIALLY_SHIPPED', 'SHIPPED')
   group by l.part_number`;

export async function lowStock(ctx: Ctx): Promise<{ item: StockItem; onOrder: number; proposedQty: number; belowSafety: boolean }[]> {
  const actor = memberOf(ctx);
  if (!ctx.ability.can('read', asSubject('StockItem', { tenantId: actor.tenantId }))) return [];
  const me = actor.tenantId;
  return inTx(ctx, async (tx) => {
    // the comparison between columns in SQL (the ORM cannot say it), the rows by the ORM; what is on order counts as coming
    const low = await tx.em.execute<{ id: string; on_order: number }[]>(
      `with on_order as (${ON_ORDER_SQL})
       select s.id, coalesce(oo.qty, 0) as on_order from stock_items s left join on_order oo on oo.part_number = s.part_number
        where s.tenant_id = ? and s.reorder_point > 0 and s.on_hand - s.reserved + coalesce(oo.qty, 0) <= s.reorder_point`,
      [me, me, me, me],
    );
    if (!low.length) return [];
    const onOrder = new Map(low.map((r) => [r.id, Number(r.on_order)]));
    const items = await tx.em.find(StockItem, { id: { $in: low.map((r) => r.id) } }, { orderBy: { partNumber: 'asc' } });
    return items.map((item) => {
      const coming = onOrder.get(item.id) ?? 0;
      return {
        item,
        onOrder: coming,
        proposedQty: replenishmentQty({ ...item, onOrder: coming }),
        belowSafety: item.onHand - item.reserved < item.safetyStock,
      };
    });
  });
}

/**
 * Gives a repair's reservation back (the repair cancelled, or the reservation lapsed unissued): the
 * units are free again and the journal says so (a RELEASE: nothing left the shelf).
 */
export async function releaseReservation(tx: Tx, r: StockReservation, reason: 'CANCELLED' | 'EXPIRED'): Promise<void> {
  const onHandAfter = await unreserve(tx, r.stockItemId, r.quantity);
  Object.assign(r, { releasedAt: tx.ctx.clock.now(), releaseReason: reason });
  tx.em.persist(
    Object.assign(new StockMovement(), {
      id: uuidv7(),
      tenantId: tx.tenantId,
      stockItemId: r.stockItemId,
      kind: 'RELEASE',
      quantity: 0,
      reservedChange: -r.quantity,
      onHandAfter,
      note: reason,
      recordType: 'RepairOrder',
      recordId: r.repairOrderId,
      createdBy: tx.ctx.actor.type === 'member' ? tx.ctx.actor.userId : null,
      createdAt: tx.ctx.clock.now(),
    }),
  );
}

/** A repair order was cancelled: its reservations give their units back (those it returns). */
export async function releaseRepairReservations(tx: Tx, repairOrderId: string): Promise<StockReservation[]> {
  const open = await tx.em.find(StockReservation, { repairOrderId, releasedAt: null, issuedAt: null });
  for (const r of open) await releaseReservation(tx, r, 'CANCELLED');
  return open;
}
