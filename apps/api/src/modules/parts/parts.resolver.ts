import type { EntityName, FilterQuery, QueryOrderMap } from '@mikro-orm/core';
import { Arg, Ctx as Context, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { assertId, type PartsOrderState } from '@asn/domain';
import { inTx, type Ctx } from '../../platform/context.js';
import { allowedEvents } from '../../platform/documents/index.js';
import { Idempotent } from '../../platform/idempotency.js';
import { loader } from '../../platform/loaders.js';
import { Permit } from '../../platform/permissions.js';
import { tenantDay } from '../../platform/tenant-time.js';
import { tenantName } from '../tenants/tenant.service.js';
import { chainsOf, prefixRange, savePart, searchCatalogue, sellersOf, supersede } from './catalogue.service.js';
import { cancelPartsOrder, createPartsOrder, getPartsOrder, listPartsOrders, receiveShipment, submitPartsOrder } from './parts-order.buying.js';
import { PartsOrderDocument } from './parts-order.document.js';
import { allocateBackorders, answerDiscrepancy, confirmPartsOrder, shipPartsOrder, shortCloseLine } from './parts-order.selling.js';
import { PartsDiscrepancy, PartsOrderLine, PartsShipment, PartsShipmentLine, StockItem, StockMovement } from './parts.entity.js';
import { adjustStock, lowStock, setStockLevels } from './stock.service.js';
import { sellerFigures } from './parts-figures.js';
import { classifyNow } from './parts-abc.js';
import { reserveRepairParts } from './parts-for-repairs.js';
import { RepairOrderType } from '../repair-orders/repair-order.types.js';
import { attachmentsOf } from '../attachments/attachment.service.js';
import { AttachmentType } from '../attachments/attachment.types.js';
import {
  AbcSummaryType,
  AdjustStockInput,
  AnswerDiscrepancyInput,
  CancelPartsOrderInput,
  CataloguePartType,
  CatalogueSearchType,
  ConfirmPartsOrderInput,
  CreatePartsOrderInput,
  LowStockType,
  OrderSideEnum,
  PartsDiscrepancyType,
  PartsOrderConnection,
  PartsOrderLineType,
  PartsOrderPayload,
  PartsOrderStatusEnum,
  PartsOrderType,
  PartsShipmentType,
  ReceiveShipmentInput,
  RepairPartsPayload,
  ReserveRepairPartsInput,
  SavePartInput,
  SellerFiguresType,
  SellerType,
  ShipPartsOrderInput,
  ShortCloseInput,
  StockItemType,
  StockLevelsInput,
  StockMovementType,
  SubmitPartsOrderInput,
  SupersedePartInput,
} from './parts.types.js';

const payload = (o: Parameters<typeof PartsOrderType.from>[0]): PartsOrderPayload => ({ partsOrder: PartsOrderType.from(o) });

/** Rows of a parts order's table for many orders at once (one statement per table per response). */
function byOrder<T extends { partsOrderId: string }>(ctx: Ctx, key: string, entity: EntityName<T>, orderBy: QueryOrderMap<T>) {
  return loader<string, T[]>(ctx, key, async (ids) => {
    const where = { partsOrderId: { $in: [...ids] } } as FilterQuery<T>;
    const rows: T[] = await inTx(ctx, (tx) => tx.em.find(entity, where, { orderBy }));
    return ids.map((id) => rows.filter((r) => r.partsOrderId === id));
  });
}

@Resolver(() => PartsOrderType)
export class PartsOrderResolver {
  @Query(() => PartsOrderConnection, { description: 'Parts orders the caller’s tenant placed (BUYING) or that were placed with it (SELLING), newest first.' })
  @Permit('read', 'PartsOrder')
  async partsOrders(
    @Context() ctx: Ctx,
    @Arg('status', () => [PartsOrderStatusEnum], { nullable: true }) status?: PartsOrderState[] | null,
    @Arg('side', () => OrderSideEnum, { nullable: true }) side?: 'BUYING' | 'SELLING' | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ) {
    const page = await listPartsOrders(ctx, { status, side }, { first, after });
    return { ...page, nodes: page.nodes.map(PartsOrderType.from) };
  }

  @Query(() => PartsOrderType)
  @Permit('read', 'PartsOrder')
  async partsOrder(@Context() ctx: Ctx, @Arg('id', () => ID) id: string) {
    return PartsOrderType.from(await getPartsOrder(ctx, id));
  }

  @FieldResolver(() => [String], { description: 'Events the caller may fire now (the portal’s action buttons).' })
  allowedEvents(@Root() o: PartsOrderType, @Context() ctx: Ctx): string[] {
    return allowedEvents(ctx, PartsOrderDocument, o.source);
  }

  @FieldResolver(() => [PartsOrderLineType])
  async lines(@Root() o: PartsOrderType, @Context() ctx: Ctx) {
    const rows = (await byOrder(ctx, 'partsOrderLines', PartsOrderLine, { position: 'asc' }).load(o.id)) ?? [];
    return rows.map((l) => PartsOrderLineType.from(l, o.total.currency));
  }

  @FieldResolver(() => [PartsShipmentType])
  async shipments(@Root() o: PartsOrderType, @Context() ctx: Ctx) {
    const shipments = (await byOrder(ctx, 'partsShipments', PartsShipment, { id: 'asc' }).load(o.id)) ?? [];
    const lines = await loader<string, PartsShipmentLine[]>(ctx, 'partsShipmentLines', async (ids) => {
      const rows = await inTx(ctx, (tx) => tx.em.find(PartsShipmentLine, { shipmentId: { $in: [...ids] } }, { orderBy: { id: 'asc' } }));
      return ids.map((id) => rows.filter((r) => r.shipmentId === id));
    }).loadMany(shipments.map((s) => s.id));
    return shipments.map((s, i) => PartsShipmentType.from(s, Array.isArray(lines[i]) ? lines[i] : []));
  }

  @FieldResolver(() => [PartsDiscrepancyType])
  async discrepancies(@Root() o: PartsOrderType, @Context() ctx: Ctx) {
    return ((await byOrder(ctx, 'partsDiscrepancies', PartsDiscrepancy, { id: 'asc' }).load(o.id)) ?? []).map(PartsDiscrepancyType.from);
  }

  @FieldResolver(() => String, { nullable: true })
  async buyerName(@Root() o: PartsOrderType, @Context() ctx: Ctx) {
    return tenantName(ctx, o.buyerId);
  }

  @FieldResolver(() => String, { nullable: true })
  async sellerName(@Root() o: PartsOrderType, @Context() ctx: Ctx) {
    return tenantName(ctx, o.sellerId);
  }

  @Query(() => SellerFiguresType, { description: 'The caller’s tenant as a seller: fill rates, shipment accuracy, emergency promise kept.' })
  @Permit('fulfil', 'PartsOrder')
  async partsSellerFigures(@Context() ctx: Ctx) {
    return sellerFigures(ctx);
  }

  @Mutation(() => PartsOrderPayload, { description: 'Order parts from a seller the tenant trades with; old numbers are resolved to the current one.' })
  @Permit('create', 'PartsOrder')
  @Idempotent((ctx, first) => getPartsOrder(ctx, first.resultId).then(payload))
  async createPartsOrder(@Context() ctx: Ctx, @Arg('input', () => CreatePartsOrderInput) input: CreatePartsOrderInput) {
    return payload(await createPartsOrder(ctx, input));
  }

  @Mutation(() => PartsOrderPayload)
  @Permit('submit', 'PartsOrder')
  @Idempotent((ctx, first) => getPartsOrder(ctx, first.resultId).then(payload))
  async submitPartsOrder(@Context() ctx: Ctx, @Arg('input', () => SubmitPartsOrderInput) input: SubmitPartsOrderInput) {
    return payload(await submitPartsOrder(ctx, input));
  }

  @Mutation(() => PartsOrderPayload, { description: 'The buyer cancels before anything is shipped.' })
  @Permit('cancel', 'PartsOrder')
  async cancelPartsOrder(@Context() ctx: Ctx, @Arg('input', () => CancelPartsOrderInput) input: CancelPartsOrderInput) {
    return payload(await cancelPartsOrder(ctx, input));
  }

  @Mutation(() => PartsOrderPayload, { description: 'The seller answers every line: allocated, backordered (with a day), the rest refused.' })
  @Permit('fulfil', 'PartsOrder')
  async confirmPartsOrder(@Context() ctx: Ctx, @Arg('input', () => ConfirmPartsOrderInput) input: ConfirmPartsOrderInput) {
    return payload(await confirmPartsOrder(ctx, input));
  }

  @Mutation(() => PartsOrderPayload, { description: 'A shipment of allocated units, with carrier and tracking number.' })
  @Permit('fulfil', 'PartsOrder')
  async shipPartsOrder(@Context() ctx: Ctx, @Arg('input', () => ShipPartsOrderInput) input: ShipPartsOrderInput) {
    return payload(await shipPartsOrder(ctx, input));
  }

  @Mutation(() => PartsOrderPayload, { description: 'The seller gives up a line’s backorder.' })
  @Permit('fulfil', 'PartsOrder')
  async shortClosePartsOrderLine(@Context() ctx: Ctx, @Arg('input', () => ShortCloseInput) input: ShortCloseInput) {
    return payload(await shortCloseLine(ctx, input));
  }

  @Mutation(() => PartsOrderPayload, { description: 'The buyer counts a shipment in, line by line; what is wrong becomes a discrepancy the seller answers.' })
  @Permit('receive', 'PartsOrder')
  async receivePartsShipment(@Context() ctx: Ctx, @Arg('input', () => ReceiveShipmentInput) input: ReceiveShipmentInput) {
    return payload(await receiveShipment(ctx, input));
  }

  @Mutation(() => PartsOrderPayload)
  @Permit('fulfil', 'PartsOrder')
  async answerPartsDiscrepancy(@Context() ctx: Ctx, @Arg('input', () => AnswerDiscrepancyInput) input: AnswerDiscrepancyInput) {
    return payload(await answerDiscrepancy(ctx, input));
  }

  @Mutation(() => RepairPartsPayload, {
    description: 'A repair’s approved part lines reserve stock; what stock cannot serve goes on a parts order, and a repair at work waits for it.',
  })
  @Permit('manageParts', 'RepairOrder')
  async reserveRepairOrderParts(@Context() ctx: Ctx, @Arg('input', () => ReserveRepairPartsInput) input: ReserveRepairPartsInput) {
    const r = await reserveRepairParts(ctx, input);
    return { repairOrder: RepairOrderType.from(r.order), reserved: r.reserved, partsOrder: r.partsOrder ? PartsOrderType.from(r.partsOrder) : null };
  }

  @Mutation(() => [PartsOrderType], { description: 'Stock arrived: the open backorders of a part get it, emergency first, then warranty, then stock orders.' })
  @Permit('fulfil', 'PartsOrder')
  async allocatePartsBackorders(@Context() ctx: Ctx, @Arg('partNumber', () => String) partNumber: string) {
    return (await allocateBackorders(ctx, { partNumber })).map(PartsOrderType.from);
  }
}

@Resolver()
export class PartsCatalogueResolver {
  @Query(() => [SellerType], { description: 'The sellers the caller’s tenant buys parts from, with its discount at each.' })
  @Permit('read', 'CataloguePart')
  async partsSellers(@Context() ctx: Ctx) {
    return inTx(ctx, async (tx) =>
      (await sellersOf(tx, await tenantDay(tx, ctx.clock.now()))).map((s) => ({ id: s.id, name: s.name, discountBasisPoints: s.discountBp })),
    );
  }

  @Query(() => CatalogueSearchType, {
    description: 'A catalogue (the caller’s own, or a seller’s it buys from) by the start of a part number, by name (Chinese or English words) or by a model.',
  })
  @Permit('read', 'CataloguePart')
  async catalogueSearch(
    @Context() ctx: Ctx,
    @Arg('sellerId', () => ID, { nullable: true }) sellerId?: string | null,
    @Arg('query', () => String, { nullable: true, description: 'The start of a part number; text that cannot be one (Chinese, spaces) is searched as a name.' })
    query?: string | null,
    @Arg('model', () => String, { nullable: true }) model?: string | null,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('name', () => String, {
      nullable: true,
      description: 'Part of the Chinese name (two characters or more), or words of the names (the last one as its start).',
    })
    name?: string | null,
  ) {
    const today = await inTx(ctx, (tx) => tenantDay(tx, ctx.clock.now()));
    const found = await searchCatalogue(ctx, { sellerId, query, name, model, first }, today);
    return {
      seller: { id: found.seller.id, name: found.seller.name, discountBasisPoints: found.seller.discountBp },
      parts: found.parts.map(CataloguePartType.from),
    };
  }

  @Mutation(() => CataloguePartType, { description: 'Add a part to the seller’s catalogue, or update it by its number.' })
  @Permit('create', 'CataloguePart')
  async savePart(@Context() ctx: Ctx, @Arg('input', () => SavePartInput) input: SavePartInput) {
    const part = await savePart(ctx, input);
    return CataloguePartType.from({ part, supersededFrom: null, netPriceMinor: BigInt(part.listPriceMinor) });
  }

  @Mutation(() => AbcSummaryType, {
    description: 'Classify the caller’s catalogue A/B/C from the last 12 months’ demand value now (it also runs every night at 02:00).',
  })
  @Permit('update', 'CataloguePart')
  async classifyCatalogue(@Context() ctx: Ctx) {
    return classifyNow(ctx);
  }

  @Mutation(() => Boolean, { description: 'An old number gives way to a new one (USE_UP or IMMEDIATE).' })
  @Permit('create', 'CataloguePart')
  async supersedePart(@Context() ctx: Ctx, @Arg('input', () => SupersedePartInput) input: SupersedePartInput) {
    await supersede(ctx, input);
    return true;
  }
}

@Resolver(() => PartsDiscrepancyType)
export class PartsDiscrepancyResolver {
  @FieldResolver(() => [AttachmentType], { description: 'The buyer’s photos of what arrived wrong (both parties see them).' })
  async photos(@Root() d: PartsDiscrepancyType, @Context() ctx: Ctx) {
    return ((await attachmentsOf(ctx, 'PartsDiscrepancy').load(d.id)) ?? []).map(AttachmentType.from);
  }
}

@Resolver(() => CataloguePartType)
export class CataloguePartResolver {
  @FieldResolver(() => String, {
    nullable: true,
    description: 'The number that replaces this one now (the end of its supersession chain), when it was superseded.',
  })
  async supersededBy(@Root() p: CataloguePartType, @Context() ctx: Ctx) {
    // one read of the chains per seller in a response
    const chains = await loader(ctx, 'catalogue.chains', (sellers: readonly string[]) =>
      inTx(ctx, (tx) => Promise.all(sellers.map((s) => chainsOf(tx, s)))),
    ).load(p.sellerId);
    const now = chains?.current(p.partNumber) ?? p.partNumber;
    return now === p.partNumber ? null : now;
  }
}

@Resolver(() => StockItemType)
export class StockResolver {
  @Query(() => [StockItemType], { description: 'The tenant’s stock, by the start of a part number.' })
  @Permit('read', 'StockItem')
  async stockItems(@Context() ctx: Ctx, @Arg('query', () => String, { nullable: true }) query?: string | null) {
    const q = (query ?? '').trim().toUpperCase();
    const rows = await inTx(ctx, (tx) =>
      tx.em.find(StockItem, q ? { partNumber: prefixRange(q) } : {}, {
        orderBy: { partNumber: 'asc' },
        limit: 200,
      }),
    );
    return rows.map(StockItemType.from);
  }

  @Query(() => [StockMovementType], { description: 'A stock item’s journal, newest first.' })
  @Permit('read', 'StockItem')
  async stockMovements(
    @Context() ctx: Ctx,
    @Arg('stockItemId', () => ID) stockItemId: string,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number,
  ) {
    const rows = await inTx(ctx, (tx) =>
      tx.em.find(StockMovement, { stockItemId: assertId('stockItemId', stockItemId) }, { orderBy: { id: 'desc' }, limit: Math.min(Math.max(first, 1), 200) }),
    );
    return rows.map(StockMovementType.from);
  }

  @Query(() => [LowStockType], { description: 'Stock at or below its reorder point, with the replenishment each proposes.' })
  @Permit('read', 'StockItem')
  async lowStock(@Context() ctx: Ctx) {
    return (await lowStock(ctx)).map((l) => ({ ...l, item: StockItemType.from(l.item) }));
  }

  @Mutation(() => StockItemType, { description: 'A stock adjustment with its reason (stocktake, damage, loss, a find).' })
  @Permit('update', 'StockItem')
  async adjustStock(@Context() ctx: Ctx, @Arg('input', () => AdjustStockInput) input: AdjustStockInput) {
    return StockItemType.from(await adjustStock(ctx, input));
  }

  @Mutation(() => StockItemType)
  @Permit('update', 'StockItem')
  async setStockLevels(@Context() ctx: Ctx, @Arg('input', () => StockLevelsInput) input: StockLevelsInput) {
    return StockItemType.from(await setStockLevels(ctx, input));
  }
}
