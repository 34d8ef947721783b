import { fail } from '@sveltejs/kit';
import { STOCK_ADJUSTMENT_REASONS, isUuid, type StockAdjustmentReason } from '@asn/domain';
import { api, failure } from '$lib/server/api';
import { abilityOf } from '$lib/server/ability';
import { requireArea, text } from '$lib/server/guard';
import {
  PartsAdjustStockDocument,
  PartsAllocateBackordersDocument,
  PartsSellersDocument,
  PartsSetStockLevelsDocument,
  PartsStockDocument,
} from '$lib/graphql/generated';
import type { Actions, PageServerLoad } from './$types';

const NO_ITEM = '00000000-0000-7000-8000-000000000000';

/**
 * 库存: the tenant's stock by part number (on hand, reserved, available, safety stock, reorder
 * point), one item's journal, adjustments with a reason, and the low-stock list whose proposals
 * open an order form with their lines.
 */
export const load: PageServerLoad = async ({ locals, cookies, url }) => {
  const me = requireArea(locals.me, 'parts');
  const ability = abilityOf(me);
  const query = url.searchParams.get('q')?.trim() ?? '';
  const item = url.searchParams.get('item') ?? '';
  const withItem = isUuid(item);
  const buys = ability.can('create', 'PartsOrder');
  const [stock, sellers] = await Promise.all([
    api(PartsStockDocument, { query: query || null, item: withItem ? item : NO_ITEM, withItem }, { cookies }),
    buys ? api(PartsSellersDocument, {}, { cookies }).then((r) => r.partsSellers) : Promise.resolve([]),
  ]);
  return {
    query,
    items: stock.stockItems,
    lowStock: stock.lowStock,
    item: withItem ? (stock.stockItems.find((i) => i.id === item) ?? stock.lowStock.find((l) => l.item.id === item)?.item ?? null) : null,
    movements: stock.stockMovements ?? [],
    sellers,
    reasons: STOCK_ADJUSTMENT_REASONS,
    can: { adjust: ability.can('update', 'StockItem'), order: buys, allocate: ability.can('fulfil', 'PartsOrder') },
  };
};

const int = (v: FormDataEntryValue | null) => (v === null || String(v).trim() === '' ? NaN : Number(v));

export const actions: Actions = {
  adjust: async ({ request, cookies }) => {
    const f = await request.formData();
    try {
      await api(
        PartsAdjustStockDocument,
        {
          input: {
            partNumber: String(f.get('partNumber') ?? ''),
            location: text(f.get('location')),
            quantity: int(f.get('quantity')),
            reason: String(f.get('reason') ?? '') as StockAdjustmentReason,
            note: text(f.get('note')),
          },
        },
        { cookies },
      );
      return { done: 'adjust' as const };
    } catch (e) {
      return fail(400, { ...failure(e), form: 'adjust' });
    }
  },
  levels: async ({ request, cookies }) => {
    const f = await request.formData();
    try {
      await api(
        PartsSetStockLevelsDocument,
        {
          input: {
            partNumber: String(f.get('partNumber') ?? ''),
            location: text(f.get('location')),
            safetyStock: int(f.get('safetyStock')),
            reorderPoint: int(f.get('reorderPoint')),
            reorderQty: int(f.get('reorderQty')),
          },
        },
        { cookies },
      );
      return { done: 'levels' as const };
    } catch (e) {
      return fail(400, { ...failure(e), form: 'levels' });
    }
  },
  allocate: async ({ request, cookies }) => {
    const f = await request.formData();
    try {
      const r = await api(PartsAllocateBackordersDocument, { partNumber: String(f.get('partNumber') ?? '') }, { cookies });
      return { done: 'allocate' as const, orders: r.allocatePartsBackorders.map((o) => o.number) };
    } catch (e) {
      return fail(400, { ...failure(e), form: 'allocate' });
    }
  },
};
