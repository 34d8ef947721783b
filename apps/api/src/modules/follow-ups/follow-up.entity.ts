import { EntitySchema } from '@mikro-orm/core';
import type { FollowUpState } from '@asn/domain';

/** One follow-up call (回访) after a delivery. */
export class FollowUp {
  id!: string;
  tenantId!: string;
  repairOrderId!: string;
  customerId!: string;
  callNo!: number;
  dueAt!: Date;
  assignedTo: string | null = null;
  status!: FollowUpState;
  reached: boolean | null = null;
  satisfaction: number | null = null;
  vehicleCondition: string | null = null;
  remarks: string | null = null;
  nextMaintenanceOn: string | null = null;
  complaintId: string | null = null;
  doneAt: Date | null = null;
  doneBy: string | null = null;
  createdAt: Date = new Date();
  version: number = 1;
}

const uuid = { type: 'uuid' } as const;

export const FollowUpSchema = new EntitySchema<FollowUp>({
  class: FollowUp,
  tableName: 'follow_ups',
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    repairOrderId: uuid,
    customerId: uuid,
    callNo: { type: 'integer' },
    dueAt: { type: 'Date' },
    assignedTo: { ...uuid, nullable: true },
    status: { type: 'string' },
    reached: { type: 'boolean', nullable: true },
    satisfaction: { type: 'integer', nullable: true },
    vehicleCondition: { type: 'string', nullable: true },
    remarks: { type: 'string', nullable: true },
    nextMaintenanceOn: { type: 'string', columnType: 'date', nullable: true },
    complaintId: { ...uuid, nullable: true },
    doneAt: { type: 'Date', nullable: true },
    doneBy: { ...uuid, nullable: true },
    createdAt: { type: 'Date' },
    version: { type: 'integer', version: true },
  },
});
