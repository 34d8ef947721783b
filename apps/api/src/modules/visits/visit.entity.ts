import { EntitySchema } from '@mikro-orm/core';
import type { VisitState } from '@asn/domain';

/** One engineer trip of an on-site repair order. */
export class Visit {
  id!: string;
  tenantId!: string;
  repairOrderId!: string;
  engineerId!: string;
  status!: VisitState;
  scheduledAt!: Date;
  address!: string;
  eta: Date | null = null;
  lateReason: string | null = null;
  loanUnit: string | null = null;
  departedAt: Date | null = null;
  arrivedAt: Date | null = null;
  arrivedPlace: string | null = null;
  finishedAt: Date | null = null;
  finishedPlace: string | null = null;
  signedBy: string | null = null;
  createdAt: Date = new Date();
  version: number = 1;
}

const uuid = { type: 'uuid' } as const;
const dateN = { type: 'Date', nullable: true } as const;
const strN = { type: 'string', nullable: true } as const;

export const VisitSchema = new EntitySchema<Visit>({
  class: Visit,
  tableName: 'visits',
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    repairOrderId: uuid,
    engineerId: uuid,
    status: { type: 'string' },
    scheduledAt: { type: 'Date' },
    address: { type: 'string' },
    eta: dateN,
    lateReason: strN,
    loanUnit: strN,
    departedAt: dateN,
    arrivedAt: dateN,
    arrivedPlace: strN,
    finishedAt: dateN,
    finishedPlace: strN,
    signedBy: strN,
    createdAt: { type: 'Date' },
    version: { type: 'integer', version: true },
  },
});
