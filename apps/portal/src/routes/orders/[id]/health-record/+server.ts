import { error, json } from '@sveltejs/kit';
import { api, notFoundAs404 } from '$lib/server/api';
import { RepairOrderDetailDocument } from '$lib/graphql/generated';
import type { RequestHandler } from './$types';

/**
 * 汽车维修电子健康档案: the per-job record a repair shop reports after settlement (about 13 data
 * elements: shop, vehicle, dates, meter, fault, work and parts), as a downloadable JSON file.
 */
export const GET: RequestHandler = async ({ locals, cookies, params }) => {
  if (!locals.me?.navigation.includes('workshop')) error(403, { message: 'FORBIDDEN', code: 'FORBIDDEN' });
  const o = await api(RepairOrderDetailDocument, { id: params.id }, { cookies }).then((r) => r.repairOrder, notFoundAs404);
  if (!['SETTLED', 'DELIVERED'].includes(o.status)) error(409, { message: 'The health record exists after settlement.', code: 'CONFLICT' });
  const at = (action: string) => o.timeline.find((e) => e.action === action)?.occurredAt ?? null;
  const checkIn = (o.checkIn ?? {}) as { meter?: number; at?: string };
  const approved = o.lines.filter((l) => l.status === 'APPROVED');
  const record = {
    standard: '汽车维修电子健康档案',
    companyName: locals.me.tenant?.name,
    companyCode: locals.me.tenant?.code,
    vin: o.vehicle.vin,
    plateNumber: o.vehicle.plate,
    vehicleModel: o.vehicle.model,
    repairOrderNumber: o.number,
    repairDate: checkIn.at ?? at('repairOrder.CHECK_IN'),
    settlementDate: at('repairOrder.SETTLE'),
    deliveryDate: at('repairOrder.DELIVER'),
    mileage: checkIn.meter ?? o.vehicle.currentMeter,
    mileageUnit: o.vehicle.usageUnit,
    faultDescription: o.complaint,
    repairItems: approved.filter((l) => l.kind === 'LABOUR').map((l) => ({ code: l.operationCode, name: l.description, hours: l.hours })),
    parts: approved.filter((l) => l.kind === 'PART').map((l) => ({ partNumber: l.partNumber, name: l.description, quantity: l.quantity, source: l.source })),
    totalAmount: o.totals.gross,
  };
  return json(record, { headers: { 'content-disposition': `attachment; filename="${o.number}-health-record.json"` } });
};
