import {
  repairLineMachine,
  repairOrderEventActions,
  repairOrderMachine,
  type RepairLineEvent,
  type RepairLineState,
  type RepairOrderEvent,
  type RepairOrderState,
} from '@asn/domain';
import { defineDocument, defineItem } from '../../platform/documents/index.js';
import { RepairOrder, RepairOrderLine, RepairOrderLineSchema, RepairOrderSchema } from './repair-order.entity.js';
import { repairOrderTimers } from './repair-order.timers.js';

/** Summary kept in the audit log's before/after for each change. */
export function snapshot(o: RepairOrder): Record<string, unknown> {
  return { status: o.status, technicianId: o.technicianId, bay: o.bay, promisedAt: o.promisedAt, reworkCount: o.reworkCount, discountMinor: o.discountMinor };
}

/** The repair order (维修工单): the workshop's own document; the customer follows it through a tracking link. */
export const RepairOrderDocument = defineDocument<RepairOrder, RepairOrderState, RepairOrderEvent>({
  type: 'RepairOrder',
  eventPrefix: 'repairOrder',
  schema: RepairOrderSchema,
  machine: repairOrderMachine,
  children: [{ schema: RepairOrderLineSchema, access: { delete: ['owner'] } }],
  eventActions: repairOrderEventActions,
  numberSeries: 'RO',
  timers: repairOrderTimers,
  // a customer's tracking link reads one order (id); a technician's rights follow its assignment
  subject: (o) => ({ id: o.id, tenantId: o.tenantId, technicianId: o.technicianId }),
  snapshot,
});

/** A line's approval: proposed, then approved or declined by the customer. */
export const RepairLine = defineItem<RepairOrderLine, RepairLineState, RepairLineEvent>({ machine: repairLineMachine, statusField: 'status' });
