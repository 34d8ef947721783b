/**
 * A seller's figures from its orders (formulas in packages/domain/parts.ts, written out in
 * docs/parts.md): fill rates at the first confirmation, shipment accuracy over received lines,
 * the emergency promise kept. Read over the orders placed with the caller's tenant.
 */
import { emergencyPromiseKept, lineFillRate, quantityFillRate, shipmentAccuracy } from '@asn/domain';
import { inTx, memberOf, type Ctx } from '../../platform/context.js';

export interface SellerFigures {
  linesConfirmed: number;
  lineFillRateBp: number | null;
  quantityFillRateBp: number | null;
  linesReceived: number;
  shipmentAccuracyBp: number | null;
  emergencyOrders: number;
  emergencyPromiseKeptBp: number | null;
}

export async function sellerFigures(ctx: Ctx): Promise<SellerFigures> {
  const me = memberOf(ctx).tenantId;
  return inTx(ctx, async (tx) => {
    // one transaction, one connection: the three reads run one after the other
    const confirmed = await tx.em.execute<{ ordered: number; allocated_first: number }[]>(
      `select ordered, allocated_first from parts_order_lines where seller_id = ? and allocated_first is not null`,
      [me],
    );
    const received = await tx.em.execute<{ discrepancies: number }[]>(
      `select (select count(*) from parts_discrepancies d where d.shipment_line_id = l.id)::int as discrepancies
           from parts_shipment_lines l where l.seller_id = ? and l.received is not null`,
      [me],
    );
    const emergency = await tx.em.execute<{ submitted_at: Date; shipped_at: Date | null }[]>(
      `select submitted_at, shipped_at from parts_orders where seller_id = ? and type = 'EMERGENCY' and submitted_at is not null and status <> 'CANCELLED'`,
      [me],
    );
    const firstPass = confirmed.map((l) => ({ ordered: l.ordered, allocatedFirst: l.allocated_first }));
    return {
      linesConfirmed: firstPass.length,
      lineFillRateBp: lineFillRate(firstPass),
      quantityFillRateBp: quantityFillRate(firstPass),
      linesReceived: received.length,
      shipmentAccuracyBp: shipmentAccuracy(received),
      emergencyOrders: emergency.length,
      emergencyPromiseKeptBp: emergencyPromiseKept(
        emergency.map((o) => ({ submittedAt: new Date(o.submitted_at), shippedAt: o.shipped_at ? new Date(o.shipped_at) : null })),
        ctx.clock.now(),
      ),
    };
  });
}
