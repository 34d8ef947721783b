import { BigIntType, EntitySchema } from '@mikro-orm/core';
import type {
  AbcClass,
  DiscrepancyReason,
  DiscrepancyState,
  LineRefusalReason,
  PartCategory,
  PartsOrderState,
  PartsOrderType,
  StockAdjustmentReason,
  StockMovementKind,
  SupersessionMode,
} from '@asn/domain';
import { tenantFilter } from '../../platform/db/entities.js';

/**
 * A part in a seller's catalogue (the manufacturer's depot or a supplier). The buyers that trade
 * with the seller read it too (row-level security `app_buys_from`), so catalogue queries carry no
 * owner filter: services name the seller themselves (`CATALOGUE`).
 */
export class CataloguePart {
  id!: string;
  tenantId!: string;
  partNumber!: string;
  nameZh!: string;
  nameEn: string | null = null;
  unit: string = 'PCS';
  category!: PartCategory;
  listPriceMinor!: string;
  currency: string = 'CNY';
  /** Model codes it fits. */
  models: string[] = [];
  /** From the last 12 months' demand value (abcClasses), never typed. */
  abcClass: AbcClass = 'C';
  discontinued: boolean = false;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
  version: number = 1;
}

/** An old number of a catalogue given way to a new one. */
export class PartSupersession {
  id!: string;
  tenantId!: string;
  fromNumber!: string;
  toNumber!: string;
  mode!: SupersessionMode;
  createdAt: Date = new Date();
}

/** A part at one of the tenant's stock locations. */
export class StockItem {
  id!: string;
  tenantId!: string;
  location: string = 'MAIN';
  partNumber!: string;
  description: string = '';
  onHand: number = 0;
  reserved: number = 0;
  /** Not kept: what is on order is read from the open parts orders when stock is judged low (lowStock). */
  onOrder: number = 0;
  safetyStock: number = 0;
  reorderPoint: number = 0;
  reorderQty: number = 1;
  updatedAt: Date = new Date();
  version: number = 1;
}

/** One line of the stock journal: every change of what is on hand. */
export class StockMovement {
  id!: string;
  tenantId!: string;
  stockItemId!: string;
  kind!: StockMovementKind;
  /** Signed: into stock positive, out negative. */
  quantity!: number;
  /** Signed change of the reserved units with it (an issue from a reservation, a release). */
  reservedChange: number = 0;
  onHandAfter!: number;
  reason: StockAdjustmentReason | null = null;
  note: string | null = null;
  /** What moved it (a repair order, a parts order's shipment). */
  recordType: string | null = null;
  recordId: string | null = null;
  createdBy: string | null = null;
  createdAt: Date = new Date();
}

/** Stock held for a repair order's part line until it is issued, released or expires. */
export class StockReservation {
  id!: string;
  tenantId!: string;
  stockItemId!: string;
  repairOrderId!: string;
  repairOrderLineId!: string;
  quantity!: number;
  expiresAt: Date | null = null;
  releasedAt: Date | null = null;
  /** Why it was given back: the repair was cancelled, or it lapsed unissued. */
  releaseReason: 'CANCELLED' | 'EXPIRED' | null = null;
  issuedAt: Date | null = null;
  createdAt: Date = new Date();
}

/** A parts order (备件订单): the buyer (owner) orders from a seller (counterparty). */
export class PartsOrder {
  id!: string;
  tenantId!: string;
  sellerId!: string;
  number!: string;
  type!: PartsOrderType;
  status!: PartsOrderState;
  repairOrderId: string | null = null;
  warrantyClaimId: string | null = null;
  note: string | null = null;
  currency: string = 'CNY';
  totalMinor: string = '0';
  submittedAt: Date | null = null;
  /** EMERGENCY: submitted + 24 h; the order is flagged when it passes unshipped. */
  promiseDueAt: Date | null = null;
  promiseBrokenAt: Date | null = null;
  confirmedAt: Date | null = null;
  shippedAt: Date | null = null;
  receivedAt: Date | null = null;
  closedAt: Date | null = null;
  cancelledAt: Date | null = null;
  cancelReason: string | null = null;
  createdBy: string | null = null;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
  version: number = 1;
}

export class PartsOrderLine {
  id!: string;
  tenantId!: string;
  sellerId!: string;
  partsOrderId!: string;
  position!: number;
  /** The number ordered: the current one of the chain. */
  partNumber!: string;
  /** The number as the buyer typed it (an old one when superseded). */
  orderedNumber!: string;
  description!: string;
  unitPriceMinor!: string;
  ordered!: number;
  allocated: number = 0;
  backordered: number = 0;
  refused: number = 0;
  shipped: number = 0;
  shortClosed: number = 0;
  /** Allocated off the shelf at the first confirmation (fill rates). */
  allocatedFirst: number | null = null;
  refusalReason: LineRefusalReason | null = null;
  expectedOn: string | null = null;
  backorderedAt: Date | null = null;
  repairOrderLineId: string | null = null;
}

export class PartsShipment {
  id!: string;
  tenantId!: string;
  sellerId!: string;
  partsOrderId!: string;
  number!: string;
  carrier: string | null = null;
  trackingNumber: string | null = null;
  shippedAt!: Date;
  receivedAt: Date | null = null;
  receivedBy: string | null = null;
}

export class PartsShipmentLine {
  id!: string;
  tenantId!: string;
  sellerId!: string;
  shipmentId!: string;
  orderLineId!: string;
  partNumber!: string;
  quantity!: number;
  received: number | null = null;
  accepted: number | null = null;
  rejected: number | null = null;
}

/** What the buyer found wrong on receipt: the seller answers it (replacement or credit). */
export class PartsDiscrepancy {
  id!: string;
  tenantId!: string;
  sellerId!: string;
  partsOrderId!: string;
  shipmentLineId!: string;
  partNumber!: string;
  reason!: DiscrepancyReason;
  quantity!: number;
  note: string | null = null;
  /** Set from its machine's first state when it is recorded (initialItem), moved only by advance. */
  status!: DiscrepancyState;
  answerNote: string | null = null;
  answeredAt: Date | null = null;
  createdAt: Date = new Date();
}

const uuid = { type: 'uuid' } as const;
const uuidN = { type: 'uuid', nullable: true } as const;
const money = { type: new BigIntType('string') };
const strN = { type: 'string', nullable: true } as const;
const dateN = { type: 'Date', nullable: true } as const;
const int = { type: 'integer' } as const;
const intN = { type: 'integer', nullable: true } as const;

export const CataloguePartSchema = new EntitySchema<CataloguePart>({
  class: CataloguePart,
  tableName: 'catalogue_parts',
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    partNumber: { type: 'string' },
    nameZh: { type: 'string' },
    nameEn: strN,
    unit: { type: 'string' },
    category: { type: 'string' },
    listPriceMinor: money,
    currency: { type: 'string' },
    models: { type: 'text[]' },
    abcClass: { type: 'string' },
    discontinued: { type: 'boolean' },
    createdAt: { type: 'Date' },
    updatedAt: { type: 'Date' },
    version: { type: 'integer', version: true },
  },
});

export const PartSupersessionSchema = new EntitySchema<PartSupersession>({
  class: PartSupersession,
  tableName: 'part_supersessions',
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    fromNumber: { type: 'string' },
    toNumber: { type: 'string' },
    mode: { type: 'string' },
    createdAt: { type: 'Date' },
  },
});

export const StockItemSchema = new EntitySchema<StockItem>({
  class: StockItem,
  filters: tenantFilter,
  tableName: 'stock_items',
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    location: { type: 'string' },
    partNumber: { type: 'string' },
    description: { type: 'string' },
    onHand: int,
    reserved: int,
    onOrder: int,
    safetyStock: int,
    reorderPoint: int,
    reorderQty: int,
    updatedAt: { type: 'Date' },
    version: { type: 'integer', version: true },
  },
});

export const StockMovementSchema = new EntitySchema<StockMovement>({
  class: StockMovement,
  filters: tenantFilter,
  tableName: 'stock_movements',
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    stockItemId: uuid,
    kind: { type: 'string' },
    quantity: int,
    reservedChange: int,
    onHandAfter: int,
    reason: strN,
    note: strN,
    recordType: strN,
    recordId: uuidN,
    createdBy: uuidN,
    createdAt: { type: 'Date' },
  },
});

export const StockReservationSchema = new EntitySchema<StockReservation>({
  class: StockReservation,
  filters: tenantFilter,
  tableName: 'stock_reservations',
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    stockItemId: uuid,
    repairOrderId: uuid,
    repairOrderLineId: uuid,
    quantity: int,
    expiresAt: dateN,
    releasedAt: dateN,
    releaseReason: strN,
    issuedAt: dateN,
    createdAt: { type: 'Date' },
  },
});

export const PartsOrderSchema = new EntitySchema<PartsOrder>({
  class: PartsOrder,
  tableName: 'parts_orders',
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    sellerId: uuid,
    number: { type: 'string' },
    type: { type: 'string' },
    status: { type: 'string' },
    repairOrderId: uuidN,
    warrantyClaimId: uuidN,
    note: strN,
    currency: { type: 'string' },
    totalMinor: money,
    submittedAt: dateN,
    promiseDueAt: dateN,
    promiseBrokenAt: dateN,
    confirmedAt: dateN,
    shippedAt: dateN,
    receivedAt: dateN,
    closedAt: dateN,
    cancelledAt: dateN,
    cancelReason: strN,
    createdBy: uuidN,
    createdAt: { type: 'Date' },
    updatedAt: { type: 'Date' },
    version: { type: 'integer', version: true },
  },
});

export const PartsOrderLineSchema = new EntitySchema<PartsOrderLine>({
  class: PartsOrderLine,
  tableName: 'parts_order_lines',
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    sellerId: uuid,
    partsOrderId: uuid,
    position: int,
    partNumber: { type: 'string' },
    orderedNumber: { type: 'string' },
    description: { type: 'string' },
    unitPriceMinor: money,
    ordered: int,
    allocated: int,
    backordered: int,
    refused: int,
    shipped: int,
    shortClosed: int,
    allocatedFirst: intN,
    refusalReason: strN,
    expectedOn: { type: 'date', nullable: true },
    backorderedAt: dateN,
    repairOrderLineId: uuidN,
  },
});

export const PartsShipmentSchema = new EntitySchema<PartsShipment>({
  class: PartsShipment,
  tableName: 'parts_shipments',
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    sellerId: uuid,
    partsOrderId: uuid,
    number: { type: 'string' },
    carrier: strN,
    trackingNumber: strN,
    shippedAt: { type: 'Date' },
    receivedAt: dateN,
    receivedBy: uuidN,
  },
});

export const PartsShipmentLineSchema = new EntitySchema<PartsShipmentLine>({
  class: PartsShipmentLine,
  tableName: 'parts_shipment_lines',
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    sellerId: uuid,
    shipmentId: uuid,
    orderLineId: uuid,
    partNumber: { type: 'string' },
    quantity: int,
    received: intN,
    accepted: intN,
    rejected: intN,
  },
});

export const PartsDiscrepancySchema = new EntitySchema<PartsDiscrepancy>({
  class: PartsDiscrepancy,
  tableName: 'parts_discrepancies',
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    sellerId: uuid,
    partsOrderId: uuid,
    shipmentLineId: uuid,
    partNumber: { type: 'string' },
    reason: { type: 'string' },
    quantity: int,
    note: strN,
    status: { type: 'string' },
    answerNote: strN,
    answeredAt: dateN,
    createdAt: { type: 'Date' },
  },
});
