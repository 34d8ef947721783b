import { EntitySchema } from '@mikro-orm/core';
import { tenantFilter } from '../../platform/db/entities.js';

/** Customer file (客户档案), owned by the service provider. */
export class Customer {
  id!: string;
  tenantId!: string;
  name!: string;
  /** Digits only, e.g. 13812345678 — never sent to public pages. */
  phone!: string;
  phoneLast4!: string;
  company: string | null = null;
  address: string | null = null;
  notes: string | null = null;
  noShowCount: number = 0;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
  version: number = 1;
}

export type UsageUnit = 'KM' | 'HOURS';

/** One file per vehicle (一车一档): VIN/serial, plate, model and meter. */
export class Vehicle {
  id!: string;
  tenantId!: string;
  customerId!: string;
  vin!: string;
  plate: string | null = null;
  brand: string | null = null;
  model: string | null = null;
  usageUnit: UsageUnit = 'KM';
  currentMeter: number | null = null;
  nextMaintenanceOn: string | null = null;
  nextMaintenanceMeter: number | null = null;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
  version: number = 1;
}

export class MeterReading {
  id!: string;
  tenantId!: string;
  vehicleId!: string;
  reading!: number;
  source!: string;
  repairOrderId: string | null = null;
  recordedAt: Date = new Date();
}

const uuid = { type: 'uuid' } as const;

export const CustomerSchema = new EntitySchema<Customer>({
  class: Customer,
  tableName: 'customers',
  filters: tenantFilter,
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    name: { type: 'string' },
    phone: { type: 'string' },
    phoneLast4: { type: 'string', fieldName: 'phone_last4' },
    company: { type: 'string', nullable: true },
    address: { type: 'string', nullable: true },
    notes: { type: 'string', nullable: true },
    noShowCount: { type: 'integer' },
    createdAt: { type: 'Date' },
    updatedAt: { type: 'Date', onUpdate: () => new Date() },
    version: { type: 'integer', version: true },
  },
});

export const VehicleSchema = new EntitySchema<Vehicle>({
  class: Vehicle,
  tableName: 'vehicles',
  filters: tenantFilter,
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    customerId: uuid,
    vin: { type: 'string' },
    plate: { type: 'string', nullable: true },
    brand: { type: 'string', nullable: true },
    model: { type: 'string', nullable: true },
    usageUnit: { type: 'string' },
    currentMeter: { type: 'integer', nullable: true },
    nextMaintenanceOn: { type: 'string', columnType: 'date', nullable: true },
    nextMaintenanceMeter: { type: 'integer', nullable: true },
    createdAt: { type: 'Date' },
    updatedAt: { type: 'Date', onUpdate: () => new Date() },
    version: { type: 'integer', version: true },
  },
});

export const MeterReadingSchema = new EntitySchema<MeterReading>({
  class: MeterReading,
  tableName: 'meter_readings',
  filters: tenantFilter,
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    vehicleId: uuid,
    reading: { type: 'integer' },
    source: { type: 'string' },
    repairOrderId: { ...uuid, nullable: true },
    recordedAt: { type: 'Date' },
  },
});
