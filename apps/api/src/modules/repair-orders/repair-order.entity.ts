import { BigIntType, EntitySchema } from '@mikro-orm/core';
import type { DecisionChannel, RepairOrderState } from '@asn/domain';

export interface CheckIn {
  meter: number;
  /** Fuel level in eighths (0–8). */
  fuelEighths: number | null;
  damageNotes: string | null;
  belongings: string[];
  documents: string[];
  keyTag: string | null;
  customerSigned: boolean;
  at: string;
}

export interface Diagnosis {
  findings: { system: string; finding: string }[];
  summary: string;
  at: string;
  by: string;
}

/** High-value parts reserved for an appointment, and the deposit taken for them. */
export interface Reservation {
  parts: { partNumber: string; description: string; unitPriceMinor: string; quantity: number }[];
  depositMinor: string;
}

/** Repair order (进厂维修单 / 工单): the dealer's ticket. */
export class RepairOrder {
  id!: string;
  tenantId!: string;
  number!: string;
  customerId!: string;
  vehicleId!: string;
  status!: RepairOrderState;
  complaint!: string;
  onSite: boolean = false;
  siteAddress: string | null = null;
  appointmentAt: Date | null = null;
  promisedAt: Date | null = null;
  checkIn: CheckIn | null = null;
  diagnosis: Diagnosis | null = null;
  estimateMethod: 'SYSTEM' | 'SYMPTOM' | 'ITEM' | null = null;
  technicianId: string | null = null;
  bay: string | null = null;
  reworkCount: number = 0;
  /** Minor units (bigint column, as a decimal string). */
  discountMinor: string = '0';
  currency: string = 'CNY';
  paymentMethod: string | null = null;
  cancelReason: string | null = null;
  reservation: Reservation | null = null;
  noShow: boolean = false;
  /** The customer's last 催单 the desk has not answered yet. */
  chasedAt: Date | null = null;
  /** When it was delivered (出厂): the day it counts in the network figures. */
  deliveredAt: Date | null = null;
  createdBy: string | null = null;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
  version: number = 1;
}

export type LineKind = 'LABOUR' | 'PART';
export type PartSource = 'OEM' | 'AFTERMARKET' | 'CUSTOMER_SUPPLIED';
export type PayType = 'CUSTOMER' | 'WARRANTY' | 'CONTRACT' | 'GOODWILL' | 'INTERNAL';
export type LineStatus = 'PROPOSED' | 'APPROVED' | 'DECLINED';

export class RepairOrderLine {
  id!: string;
  tenantId!: string;
  repairOrderId!: string;
  kind!: LineKind;
  description!: string;
  operationCode: string | null = null;
  /** Standard hours × 1000. */
  hoursMilli: number | null = null;
  rateMinor: string | null = null;
  partNumber: string | null = null;
  /** Quantity × 1000. */
  quantityMilli: number | null = null;
  unitPriceMinor: string | null = null;
  source: PartSource | null = null;
  payType!: PayType;
  amountMinor!: string;
  status!: LineStatus;
  additional: boolean = false;
  safetyRelevant: boolean = false;
  delayMinutes: number | null = null;
  decidedAt: Date | null = null;
  decidedBy: string | null = null;
  /** How the customer answered (decidedBy: who answered, or who recorded it). */
  decisionChannel: DecisionChannel | null = null;
  technicianId: string | null = null;
  clockStartedAt: Date | null = null;
  clockedMinutes: number = 0;
  createdAt: Date = new Date();
  version: number = 1;
}

const uuid = { type: 'uuid' } as const;
const money = { type: new BigIntType('string') };

export const RepairOrderSchema = new EntitySchema<RepairOrder>({
  class: RepairOrder,
  tableName: 'repair_orders',
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    number: { type: 'string' },
    customerId: uuid,
    vehicleId: uuid,
    status: { type: 'string' },
    complaint: { type: 'string' },
    onSite: { type: 'boolean' },
    siteAddress: { type: 'string', nullable: true },
    appointmentAt: { type: 'Date', nullable: true },
    promisedAt: { type: 'Date', nullable: true },
    checkIn: { type: 'json', nullable: true },
    diagnosis: { type: 'json', nullable: true },
    estimateMethod: { type: 'string', nullable: true },
    technicianId: { ...uuid, nullable: true },
    bay: { type: 'string', nullable: true },
    reworkCount: { type: 'integer' },
    discountMinor: money,
    currency: { type: 'string' },
    paymentMethod: { type: 'string', nullable: true },
    cancelReason: { type: 'string', nullable: true },
    reservation: { type: 'json', nullable: true },
    noShow: { type: 'boolean' },
    chasedAt: { type: 'Date', nullable: true },
    deliveredAt: { type: 'Date', nullable: true },
    createdBy: { ...uuid, nullable: true },
    createdAt: { type: 'Date' },
    updatedAt: { type: 'Date', onUpdate: () => new Date() },
    version: { type: 'integer', version: true },
  },
});

export const RepairOrderLineSchema = new EntitySchema<RepairOrderLine>({
  class: RepairOrderLine,
  tableName: 'repair_order_lines',
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    repairOrderId: uuid,
    kind: { type: 'string' },
    description: { type: 'string' },
    operationCode: { type: 'string', nullable: true },
    hoursMilli: { type: 'integer', nullable: true },
    rateMinor: { ...money, nullable: true },
    partNumber: { type: 'string', nullable: true },
    quantityMilli: { type: 'integer', nullable: true },
    unitPriceMinor: { ...money, nullable: true },
    source: { type: 'string', nullable: true },
    payType: { type: 'string' },
    amountMinor: money,
    status: { type: 'string' },
    additional: { type: 'boolean' },
    safetyRelevant: { type: 'boolean' },
    delayMinutes: { type: 'integer', nullable: true },
    decidedAt: { type: 'Date', nullable: true },
    decidedBy: { type: 'string', nullable: true },
    decisionChannel: { type: 'string', nullable: true },
    technicianId: { ...uuid, nullable: true },
    clockStartedAt: { type: 'Date', nullable: true },
    clockedMinutes: { type: 'integer' },
    createdAt: { type: 'Date' },
    version: { type: 'integer', version: true },
  },
});
