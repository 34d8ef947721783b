/**
 * A repair's reserved parts after the reservation: they lapse when not issued in time (the
 * tenant's `parts_reservation_hours`, a job in the Postgres queue per reservation), and they are
 * issued — taken off the shelf and out of the reservation in one statement — when the repair's
 * work is finished. Both run inside the repair order's own step or a job of its tenant, and both
 * are journaled (stock_movements) and audited on the repair order. The repair-order module does not
 * know any of this: the parts module registers for its steps (repair-order.hooks.ts).
 */
import { LockMode } from '@mikro-orm/core';
import { reservationExpiresAt, uuidv7 } from '@asn/domain';
import type { Tx } from '../../platform/context.js';
import { cancelJobs, scheduleJob, type JobRegistry } from '../../platform/jobs.js';
import { recordChange } from '../../platform/documents/index.js';
import { RepairOrder } from '../repair-orders/repair-order.entity.js';
import { RepairOrderDocument } from '../repair-orders/repair-order.document.js';
import { onRepairOrderStep } from '../repair-orders/repair-order.hooks.js';
import { StockItem, StockReservation } from './parts.entity.js';
import { moveStock, releaseRepairReservations, releaseReservation } from './stock.service.js';

export const RESERVATION_EXPIRY = 'parts.reservationExpiry';
const expiryKey = (reservationId: string) => `${RESERVATION_EXPIRY}:${reservationId}`;

/** How long the transaction's tenant holds a repair's reservation (its setting; null: the default). */
export async function reservationHours(tx: Tx): Promise<number | null> {
  const [row] = await tx.em.execute<{ hours: number | null }[]>(`select parts_reservation_hours as hours from tenants where id = ?`, [tx.tenantId]);
  return row?.hours ?? null;
}

/**
 * Holds `quantity` (already reserved on the stock item) for a repair order line: the reservation
 * with the day it lapses, and the job that lets it lapse — in the caller's transaction.
 */
export async function holdForRepair(
  tx: Tx,
  hold: { stockItemId: string; repairOrderId: string; repairOrderLineId: string; quantity: number; hours?: number | null },
): Promise<StockReservation> {
  const now = tx.ctx.clock.now();
  const r = Object.assign(new StockReservation(), {
    id: uuidv7(),
    tenantId: tx.tenantId!,
    stockItemId: hold.stockItemId,
    repairOrderId: hold.repairOrderId,
    repairOrderLineId: hold.repairOrderLineId,
    quantity: hold.quantity,
    createdAt: now,
    expiresAt: reservationExpiresAt(now, hold.hours === undefined ? await reservationHours(tx) : hold.hours),
  });
  tx.em.persist(r);
  await scheduleJob(tx, { kind: RESERVATION_EXPIRY, runAt: r.expiresAt, payload: { reservationId: r.id }, dedupeKey: expiryKey(r.id) });
  return r;
}

/** A reservation's time ran out and its parts were not issued: the units are free again, journaled and on the repair's record. */
async function lapse(tx: Tx, payload: Record<string, unknown>): Promise<void> {
  const r = await tx.em.findOne(StockReservation, { id: String(payload.reservationId) }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  if (!r || r.releasedAt || r.issuedAt || !r.expiresAt || r.expiresAt > tx.ctx.clock.now()) return;
  const [order, item] = await Promise.all([tx.em.findOneOrFail(RepairOrder, { id: r.repairOrderId }), tx.em.findOneOrFail(StockItem, { id: r.stockItemId })]);
  await releaseReservation(tx, r, 'EXPIRED');
  await tx.em.flush();
  recordChange(tx, RepairOrderDocument, order, 'partsReservationLapsed', {
    automatic: true,
    data: { lineId: r.repairOrderLineId, partNumber: item.partNumber, quantity: r.quantity, reservedAt: r.createdAt.toISOString() },
    detail: { partNumber: item.partNumber, quantity: r.quantity },
  });
}

/**
 * The repair's work is finished: every part still reserved for it is issued — an ISSUE in the
 * journal per line, on hand and reserved down together in one conditional statement (the
 * database refuses either below zero) — its reservation closed and its lapse cancelled. Runs in
 * the FINISH_WORK step's transaction; an issued reservation is never issued again.
 */
export async function issueRepairParts(tx: Tx, order: RepairOrder): Promise<Record<string, unknown>> {
  const open = await tx.em.find(
    StockReservation,
    { repairOrderId: order.id, releasedAt: null, issuedAt: null },
    { orderBy: { id: 'asc' }, lockMode: LockMode.PESSIMISTIC_WRITE },
  );
  if (!open.length) return {};
  const items = new Map((await tx.em.find(StockItem, { id: { $in: open.map((r) => r.stockItemId) } })).map((i) => [i.id, i]));
  const issued: { partNumber: string; quantity: number }[] = [];
  for (const r of open) {
    const item = items.get(r.stockItemId)!;
    await moveStock(tx, item, 'ISSUE', -r.quantity, { releaseReserved: r.quantity, record: { type: 'RepairOrder', id: order.id }, note: order.number });
    r.issuedAt = tx.ctx.clock.now();
    await cancelJobs(tx, expiryKey(r.id));
    issued.push({ partNumber: item.partNumber, quantity: r.quantity });
  }
  await tx.em.flush();
  return { partsIssued: issued };
}

/** Cancelling the repair gives its reservations back (and their lapses are moot). */
async function releaseOnCancel(tx: Tx, order: RepairOrder): Promise<Record<string, unknown>> {
  const released = await releaseRepairReservations(tx, order.id);
  for (const r of released) await cancelJobs(tx, expiryKey(r.id));
  return released.length ? { reservationsReleased: released.length } : {};
}

/** The parts module's part of a repair order's steps. */
export function registerRepairPartsHooks(): void {
  onRepairOrderStep('FINISH_WORK', 'parts.issue', issueRepairParts);
  onRepairOrderStep('CANCEL', 'parts.release', releaseOnCancel);
}

export function registerRepairPartsJobs(jobs: JobRegistry): void {
  jobs.register(RESERVATION_EXPIRY, lapse);
}
