import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import {
  ABC_CLASSES,
  DISCREPANCY_EVENTS,
  DISCREPANCY_STATES,
  DISCREPANCY_REASONS,
  LINE_REFUSAL_REASONS,
  PART_CATEGORIES,
  PARTS_ORDER_STATES,
  PARTS_ORDER_TYPES,
  RECEIPT_REJECT_REASONS,
  STOCK_ADJUSTMENT_REASONS,
  STOCK_MOVEMENT_KINDS,
  SUPERSESSION_MODES,
  type AbcClass,
  type DiscrepancyEvent,
  type DiscrepancyReason,
  type DiscrepancyState,
  type LineRefusalReason,
  type PartCategory,
  type PartsOrderState,
  type ReceiptRejectReason,
  type PartsOrderType as OrderType,
  type StockAdjustmentReason,
  type SupersessionMode,
} from '@asn/domain';
import { ConnectionType, Money } from '../../platform/graphql/common.js';
import { IdempotencyKey } from '../../platform/idempotency.js';
import { RepairOrderType } from '../repair-orders/repair-order.types.js';
import type { PricedPart } from './catalogue.service.js';
import type { PartsDiscrepancy, PartsOrder, PartsOrderLine, PartsShipment, PartsShipmentLine, StockItem, StockMovement } from './parts.entity.js';

const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((s) => [s, s])) as { [K in T]: K };
export const PartCategoryEnum = enumOf(PART_CATEGORIES);
registerEnumType(PartCategoryEnum, { name: 'PartCategory', description: '常用件, 保养件, 核心件, 事故件, 非易损件.' });
export const AbcClassEnum = enumOf(ABC_CLASSES);
registerEnumType(AbcClassEnum, { name: 'AbcClass', description: 'From the last 12 months’ demand value: A the first 80 %, B to 95 %, C the rest.' });
export const SupersessionModeEnum = enumOf(SUPERSESSION_MODES);
registerEnumType(SupersessionModeEnum, {
  name: 'SupersessionMode',
  description: 'USE_UP: old stock ships first; IMMEDIATE: the old number is no longer shipped.',
});
export const PartsOrderTypeEnum = enumOf(PARTS_ORDER_TYPES);
registerEnumType(PartsOrderTypeEnum, {
  name: 'PartsOrderType',
  description: 'STOCK replenishment, EMERGENCY (vehicle off road: shipped within 24 h), WARRANTY (for a repair).',
});
export const PartsOrderStatusEnum = enumOf(PARTS_ORDER_STATES);
registerEnumType(PartsOrderStatusEnum, {
  name: 'PartsOrderStatus',
  description: 'DRAFT → SUBMITTED → CONFIRMED → PARTIALLY_SHIPPED → SHIPPED → RECEIVED → CLOSED; CANCELLED before shipment.',
});
export const LineRefusalReasonEnum = enumOf(LINE_REFUSAL_REASONS);
registerEnumType(LineRefusalReasonEnum, { name: 'LineRefusalReason' });
export const DiscrepancyReasonEnum = enumOf(DISCREPANCY_REASONS);
registerEnumType(DiscrepancyReasonEnum, { name: 'DiscrepancyReason' });
export const DiscrepancyStatusEnum = enumOf(DISCREPANCY_STATES);
registerEnumType(DiscrepancyStatusEnum, { name: 'DiscrepancyStatus' });
export const RejectReasonEnum = enumOf(RECEIPT_REJECT_REASONS);
registerEnumType(RejectReasonEnum, { name: 'ReceiptRejectReason' });
export const DiscrepancyAnswerEnum = enumOf(DISCREPANCY_EVENTS);
registerEnumType(DiscrepancyAnswerEnum, { name: 'DiscrepancyAnswer' });
export const StockAdjustmentReasonEnum = enumOf(STOCK_ADJUSTMENT_REASONS);
registerEnumType(StockAdjustmentReasonEnum, { name: 'StockAdjustmentReason' });
export const StockMovementKindEnum = enumOf(STOCK_MOVEMENT_KINDS);
registerEnumType(StockMovementKindEnum, {
  name: 'StockMovementKind',
  description: 'RECEIPT, ISSUE (to a repair), ADJUSTMENT (with its reason), RETURN, SHIPMENT (to a buyer), RELEASE (a repair’s reservation given back).',
});
export const OrderSideEnum = enumOf(['BUYING', 'SELLING'] as const);
registerEnumType(OrderSideEnum, { name: 'PartsOrderSide' });

const money = (amountMinor: string | bigint, currency: string) => Object.assign(new Money(), { amountMinor: String(amountMinor), currency });

@ObjectType('CataloguePart')
export class CataloguePartType {
  @Field(() => ID) id!: string;
  @Field(() => ID) sellerId!: string;
  @Field(() => String) partNumber!: string;
  @Field(() => String) nameZh!: string;
  @Field(() => String, { nullable: true }) nameEn!: string | null;
  @Field(() => String) unit!: string;
  @Field(() => PartCategoryEnum) category!: PartCategory;
  @Field(() => Money) listPrice!: Money;
  @Field(() => Money, { description: 'The reader’s price: the list price less its discount with the seller.' }) netPrice!: Money;
  @Field(() => [String]) models!: string[];
  @Field(() => AbcClassEnum) abcClass!: AbcClass;
  @Field(() => Boolean) discontinued!: boolean;
  @Field(() => String, { nullable: true, description: 'The number asked for, when it was superseded by this one.' }) supersededFrom!: string | null;

  static from(p: PricedPart): CataloguePartType {
    return Object.assign(new CataloguePartType(), {
      ...p.part,
      sellerId: p.part.tenantId,
      listPrice: money(p.part.listPriceMinor, p.part.currency),
      netPrice: money(p.netPriceMinor, p.part.currency),
      supersededFrom: p.supersededFrom,
    });
  }
}

@ObjectType('PartsSeller')
export class SellerType {
  @Field(() => ID) id!: string;
  @Field(() => String) name!: string;
  @Field(() => Int, { nullable: true, description: 'The discount on the list price, basis points.' }) discountBasisPoints!: number | null;
}

@ObjectType('CatalogueSearch')
export class CatalogueSearchType {
  @Field(() => SellerType) seller!: SellerType;
  @Field(() => [CataloguePartType]) parts!: CataloguePartType[];
}

@ObjectType('PartsOrderLine')
export class PartsOrderLineType {
  @Field(() => ID) id!: string;
  @Field(() => Int) position!: number;
  @Field(() => String) partNumber!: string;
  @Field(() => String, { description: 'The number as the buyer entered it (an older one when superseded).' }) orderedNumber!: string;
  @Field(() => String) description!: string;
  @Field(() => Money) unitPrice!: Money;
  @Field(() => Int) ordered!: number;
  @Field(() => Int) allocated!: number;
  @Field(() => Int) backordered!: number;
  @Field(() => Int) refused!: number;
  @Field(() => Int) shipped!: number;
  @Field(() => Int) shortClosed!: number;
  @Field(() => LineRefusalReasonEnum, { nullable: true }) refusalReason!: LineRefusalReason | null;
  @Field(() => String, { nullable: true, description: 'A backorder’s expected day (YYYY-MM-DD).' }) expectedOn!: string | null;

  static from(l: PartsOrderLine, currency: string): PartsOrderLineType {
    return Object.assign(new PartsOrderLineType(), { ...l, unitPrice: money(l.unitPriceMinor, currency) });
  }
}

@ObjectType('PartsShipmentLine')
export class PartsShipmentLineType {
  @Field(() => ID) id!: string;
  @Field(() => ID) orderLineId!: string;
  @Field(() => String) partNumber!: string;
  @Field(() => Int) quantity!: number;
  @Field(() => Int, { nullable: true }) received!: number | null;
  @Field(() => Int, { nullable: true }) accepted!: number | null;
  @Field(() => Int, { nullable: true }) rejected!: number | null;
}

@ObjectType('PartsShipment')
export class PartsShipmentType {
  @Field(() => ID) id!: string;
  @Field(() => String) number!: string;
  @Field(() => String, { nullable: true }) carrier!: string | null;
  @Field(() => String, { nullable: true }) trackingNumber!: string | null;
  @Field(() => Date) shippedAt!: Date;
  @Field(() => Date, { nullable: true }) receivedAt!: Date | null;
  @Field(() => [PartsShipmentLineType]) lines!: PartsShipmentLineType[];

  static from(s: PartsShipment, lines: PartsShipmentLine[]): PartsShipmentType {
    return Object.assign(new PartsShipmentType(), { ...s, lines: lines.map((l) => Object.assign(new PartsShipmentLineType(), l)) });
  }
}

@ObjectType('PartsDiscrepancy')
export class PartsDiscrepancyType {
  @Field(() => ID) id!: string;
  @Field(() => ID) shipmentLineId!: string;
  @Field(() => String) partNumber!: string;
  @Field(() => DiscrepancyReasonEnum) reason!: DiscrepancyReason;
  @Field(() => Int) quantity!: number;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => DiscrepancyStatusEnum) status!: DiscrepancyState;
  @Field(() => String, { nullable: true }) answerNote!: string | null;
  @Field(() => Date, { nullable: true }) answeredAt!: Date | null;

  static from(d: PartsDiscrepancy): PartsDiscrepancyType {
    return Object.assign(new PartsDiscrepancyType(), d);
  }
}

@ObjectType('PartsOrder')
export class PartsOrderType {
  @Field(() => ID) id!: string;
  @Field(() => String) number!: string;
  @Field(() => ID, { description: 'The buyer.' }) buyerId!: string;
  @Field(() => ID) sellerId!: string;
  @Field(() => PartsOrderTypeEnum) type!: OrderType;
  @Field(() => PartsOrderStatusEnum) status!: PartsOrderState;
  @Field(() => ID, { nullable: true }) repairOrderId!: string | null;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => Money) total!: Money;
  @Field(() => Date, { nullable: true }) submittedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'EMERGENCY: 24 h after submission.' }) promiseDueAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the emergency promise passed with the order not shipped in full.' }) promiseBrokenAt!: Date | null;
  @Field(() => Date, { nullable: true }) confirmedAt!: Date | null;
  @Field(() => Date, { nullable: true }) shippedAt!: Date | null;
  @Field(() => Date, { nullable: true }) receivedAt!: Date | null;
  @Field(() => Date, { nullable: true }) closedAt!: Date | null;
  @Field(() => Date, { nullable: true }) cancelledAt!: Date | null;
  @Field(() => String, { nullable: true }) cancelReason!: string | null;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Int) version!: number;
  /** Not a field: the order itself, for allowedEvents. */
  source!: PartsOrder;

  static from(o: PartsOrder): PartsOrderType {
    return Object.assign(new PartsOrderType(), { ...o, source: o, buyerId: o.tenantId, total: money(o.totalMinor, o.currency) });
  }
}

export const PartsOrderConnection = ConnectionType(PartsOrderType, 'PartsOrderConnection');

@ObjectType('PartsOrderPayload')
export class PartsOrderPayload {
  @Field(() => PartsOrderType) partsOrder!: PartsOrderType;
}

@ObjectType('StockItem')
export class StockItemType {
  @Field(() => ID) id!: string;
  @Field(() => String) location!: string;
  @Field(() => String) partNumber!: string;
  @Field(() => String) description!: string;
  @Field(() => Int) onHand!: number;
  @Field(() => Int) reserved!: number;
  @Field(() => Int) available!: number;
  @Field(() => Int) safetyStock!: number;
  @Field(() => Int) reorderPoint!: number;
  @Field(() => Int) reorderQty!: number;
  @Field(() => Int) version!: number;

  static from(i: StockItem): StockItemType {
    return Object.assign(new StockItemType(), { ...i, available: i.onHand - i.reserved });
  }
}

@ObjectType('StockMovement', { description: 'One line of a stock item’s journal: what moved it, by how much, and what was on hand after.' })
export class StockMovementType {
  @Field(() => ID) id!: string;
  @Field(() => StockMovementKindEnum) kind!: StockMovement['kind'];
  @Field(() => Int, { description: 'Signed: into stock positive, out negative.' }) quantity!: number;
  @Field(() => Int) onHandAfter!: number;
  @Field(() => StockAdjustmentReasonEnum, { nullable: true }) reason!: StockAdjustmentReason | null;
  @Field(() => String, { nullable: true }) note!: string | null;
  @Field(() => String, { nullable: true, description: 'The document that moved it: RepairOrder or PartsOrder.' }) recordType!: string | null;
  @Field(() => ID, { nullable: true }) recordId!: string | null;
  @Field(() => Date) createdAt!: Date;

  static from(m: StockMovement): StockMovementType {
    return Object.assign(new StockMovementType(), m);
  }
}

@ObjectType('LowStock')
export class LowStockType {
  @Field(() => StockItemType) item!: StockItemType;
  @Field(() => Int, { description: 'Units on the tenant’s open parts orders (not yet received): counted as coming.' }) onOrder!: number;
  @Field(() => Int, { description: 'Whole lots that lift the stock above its reorder point.' }) proposedQty!: number;
  @Field(() => Boolean) belowSafety!: boolean;
}

@InputType()
export class SavePartInput {
  @Field(() => String) partNumber!: string;
  @Field(() => String) nameZh!: string;
  @Field(() => String, { nullable: true }) nameEn?: string | null;
  @Field(() => String, { nullable: true }) unit?: string | null;
  @Field(() => PartCategoryEnum) category!: PartCategory;
  @Field(() => String, { description: 'Minor units, as a decimal string.' }) listPriceMinor!: string;
  @Field(() => String, { nullable: true }) currency?: string | null;
  @Field(() => [String], { nullable: true }) models?: string[] | null;
  @Field(() => Boolean, { nullable: true }) discontinued?: boolean | null;
}

@InputType()
export class SupersedePartInput {
  @Field(() => String) fromNumber!: string;
  @Field(() => String) toNumber!: string;
  @Field(() => SupersessionModeEnum) mode!: SupersessionMode;
}

@InputType()
export class PartsOrderLineInput {
  @Field(() => String) partNumber!: string;
  @Field(() => Int) quantity!: number;
  @Field(() => ID, { nullable: true }) repairOrderLineId?: string | null;
}

@InputType()
export class CreatePartsOrderInput {
  @Field(() => ID) sellerId!: string;
  @Field(() => PartsOrderTypeEnum) type!: OrderType;
  @Field(() => ID, { nullable: true }) repairOrderId?: string | null;
  @Field(() => String, { nullable: true }) note?: string | null;
  @Field(() => [PartsOrderLineInput]) lines!: PartsOrderLineInput[];
  @Field(() => Boolean, { nullable: true, description: 'Keep it as a draft instead of submitting it.' }) draft?: boolean | null;
  @IdempotencyKey() idempotencyKey?: string | null;
}

@InputType()
export class PartsOrderRef {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
}

@InputType()
export class SubmitPartsOrderInput extends PartsOrderRef {
  @IdempotencyKey() idempotencyKey?: string | null;
}

@InputType()
export class CancelPartsOrderInput extends PartsOrderRef {
  @Field(() => String) reason!: string;
}

@InputType()
export class LineAnswerInput {
  @Field(() => ID) lineId!: string;
  @Field(() => Int) allocate!: number;
  @Field(() => Int) backorder!: number;
  @Field(() => String, { nullable: true }) expectedOn?: string | null;
  @Field(() => LineRefusalReasonEnum, { nullable: true }) refuse?: LineRefusalReason | null;
}

@InputType()
export class ConfirmPartsOrderInput extends PartsOrderRef {
  @Field(() => [LineAnswerInput]) lines!: LineAnswerInput[];
}

@InputType()
export class ShipLineInput {
  @Field(() => ID) lineId!: string;
  @Field(() => Int) quantity!: number;
}

@InputType()
export class ShipPartsOrderInput extends PartsOrderRef {
  @Field(() => String, { nullable: true }) carrier?: string | null;
  @Field(() => String, { nullable: true }) trackingNumber?: string | null;
  @Field(() => [ShipLineInput]) lines!: ShipLineInput[];
}

@InputType()
export class ShortCloseInput extends PartsOrderRef {
  @Field(() => ID) lineId!: string;
  @Field(() => String, { nullable: true }) note?: string | null;
}

@InputType()
export class ReceiptLineInput {
  @Field(() => ID) shipmentLineId!: string;
  @Field(() => Int) received!: number;
  @Field(() => Int, { nullable: true }) rejected?: number | null;
  @Field(() => RejectReasonEnum, { nullable: true }) rejectReason?: ReceiptRejectReason | null;
  @Field(() => String, { nullable: true }) note?: string | null;
}

@InputType()
export class ReceiveShipmentInput extends PartsOrderRef {
  @Field(() => ID) shipmentId!: string;
  @Field(() => [ReceiptLineInput]) lines!: ReceiptLineInput[];
}

@InputType()
export class AnswerDiscrepancyInput extends PartsOrderRef {
  @Field(() => ID) discrepancyId!: string;
  @Field(() => DiscrepancyAnswerEnum) answer!: DiscrepancyEvent;
  @Field(() => String, { nullable: true }) note?: string | null;
}

@InputType()
export class AdjustStockInput {
  @Field(() => String) partNumber!: string;
  @Field(() => String, { nullable: true }) location?: string | null;
  @Field(() => Int, { description: 'Signed: into stock positive, out negative.' }) quantity!: number;
  @Field(() => StockAdjustmentReasonEnum) reason!: StockAdjustmentReason;
  @Field(() => String, { nullable: true }) note?: string | null;
}

@InputType()
export class StockLevelsInput {
  @Field(() => String) partNumber!: string;
  @Field(() => String, { nullable: true }) location?: string | null;
  @Field(() => Int) safetyStock!: number;
  @Field(() => Int) reorderPoint!: number;
  @Field(() => Int) reorderQty!: number;
}

@ObjectType('PartsSellerFigures', { description: 'The seller’s figures over the orders placed with it (basis points; null when nothing was counted).' })
export class SellerFiguresType {
  @Field(() => Int) linesConfirmed!: number;
  @Field(() => Int, { nullable: true, description: 'Lines allocated in full at the first confirmation / lines confirmed.' }) lineFillRateBp!: number | null;
  @Field(() => Int, { nullable: true, description: 'Units allocated at the first confirmation / units ordered.' }) quantityFillRateBp!: number | null;
  @Field(() => Int) linesReceived!: number;
  @Field(() => Int, { nullable: true, description: 'Shipped lines received without a discrepancy / shipped lines received (target ≥ 9800).' })
  shipmentAccuracyBp!: number | null;
  @Field(() => Int) emergencyOrders!: number;
  @Field(() => Int, { nullable: true, description: 'Emergency orders shipped in full within 24 h / emergency orders due.' }) emergencyPromiseKeptBp!:
    number | null;
}

@InputType()
export class RepairPartsOrderInput {
  @Field(() => ID) sellerId!: string;
  @Field(() => PartsOrderTypeEnum) type!: OrderType;
}

@InputType()
export class ReserveRepairPartsInput {
  @Field(() => ID) id!: string;
  @Field(() => Int) version!: number;
  @Field(() => RepairPartsOrderInput, { nullable: true, description: 'Where to order what stock cannot serve (without it, a missing part is refused).' })
  order?: RepairPartsOrderInput | null;
}

@ObjectType('RepairPartsPayload')
export class RepairPartsPayload {
  @Field(() => RepairOrderType) repairOrder!: RepairOrderType;
  @Field(() => Int, { description: 'Part lines served from stock (reserved).' }) reserved!: number;
  @Field(() => PartsOrderType, { nullable: true, description: 'The parts order raised for the lines stock could not serve.' })
  partsOrder!: PartsOrderType | null;
}

@ObjectType('PartsAbcSummary', { description: 'How many parts of the catalogue are in each ABC class after a classification.' })
export class AbcSummaryType {
  @Field(() => Int) a!: number;
  @Field(() => Int) b!: number;
  @Field(() => Int) c!: number;
}
