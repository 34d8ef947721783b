import { EntitySchema } from '@mikro-orm/core';
import type { BookingKind, BookingState } from '@asn/domain';

export type BookingSource = 'BOOKING_PAGE' | 'TRACKING_LINK';

/** A customer's request from the public booking page, waiting for the service desk. */
export class BookingRequest {
  id!: string;
  tenantId!: string;
  number!: string;
  kind!: BookingKind;
  status!: BookingState;
  name!: string;
  /** Digits only; shown to staff, never echoed to the public page. */
  phone!: string;
  plate: string | null = null;
  vin: string | null = null;
  model: string | null = null;
  complaint!: string;
  siteAddress: string | null = null;
  requestedAt!: Date;
  source!: BookingSource;
  sourceRepairOrderId: string | null = null;
  /** The APPOINTED order opened on acceptance. */
  repairOrderId: string | null = null;
  decidedBy: string | null = null;
  decidedAt: Date | null = null;
  declineReason: string | null = null;
  createdAt: Date = new Date();
  version: number = 1;
}

const uuid = { type: 'uuid' } as const;
const uuidN = { type: 'uuid', nullable: true } as const;
const strN = { type: 'string', nullable: true } as const;

export const BookingRequestSchema = new EntitySchema<BookingRequest>({
  class: BookingRequest,
  tableName: 'booking_requests',
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    number: { type: 'string' },
    kind: { type: 'string' },
    status: { type: 'string' },
    name: { type: 'string' },
    phone: { type: 'string' },
    plate: strN,
    vin: strN,
    model: strN,
    complaint: { type: 'string' },
    siteAddress: strN,
    requestedAt: { type: 'Date' },
    source: { type: 'string' },
    sourceRepairOrderId: uuidN,
    repairOrderId: uuidN,
    decidedBy: uuidN,
    decidedAt: { type: 'Date', nullable: true },
    declineReason: strN,
    createdAt: { type: 'Date' },
    version: { type: 'integer', version: true },
  },
});
