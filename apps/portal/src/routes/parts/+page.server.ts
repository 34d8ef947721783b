import { PARTS_ORDER_AT_SELLER, PARTS_ORDER_OPEN } from '@asn/domain';
import { api } from '$lib/server/api';
import { abilityOf } from '$lib/server/ability';
import { requireArea } from '$lib/server/guard';
import { PartsFiguresDocument, PartsOrderListDocument, type PartsOrderSide, type PartsOrderStatus } from '$lib/graphql/generated';
import type { PageServerLoad } from './$types';

/** The lists of each side: what waits for the reader first, then everything. */
const VIEWS: Record<PartsOrderSide, Record<string, readonly PartsOrderStatus[] | null>> = {
  BUYING: { open: PARTS_ORDER_OPEN, toReceive: ['PARTIALLY_SHIPPED', 'SHIPPED'], drafts: ['DRAFT'], all: null },
  SELLING: { open: PARTS_ORDER_AT_SELLER, toConfirm: ['SUBMITTED'], toShip: ['CONFIRMED', 'PARTIALLY_SHIPPED'], all: null },
};

/**
 * 配件订单: the buyer's orders (its parts staff order, follow shipments and ETAs, receive) and the
 * seller's order desk (orders placed with it to confirm and ship). A tenant that does both (the
 * manufacturer: its depot sells, it buys from suppliers) switches between the two sides.
 */
export const load: PageServerLoad = async ({ locals, cookies, url }) => {
  const me = requireArea(locals.me, 'parts');
  const ability = abilityOf(me);
  const buys = ability.can('create', 'PartsOrder');
  const sells = ability.can('fulfil', 'PartsOrder');
  const asked = url.searchParams.get('side');
  const side: PartsOrderSide = asked === 'BUYING' && buys ? 'BUYING' : asked === 'SELLING' && sells ? 'SELLING' : sells ? 'SELLING' : 'BUYING';
  const views = VIEWS[side];
  const askedView = url.searchParams.get('view') ?? 'open';
  const view = askedView in views ? askedView : 'open';
  const after = url.searchParams.get('after');
  const [list, figures] = await Promise.all([
    api(PartsOrderListDocument, { side, status: views[view] ? [...views[view]] : null, first: 20, after }, { cookies }),
    side === 'SELLING' ? api(PartsFiguresDocument, {}, { cookies }).then((r) => r.partsSellerFigures) : Promise.resolve(null),
  ]);
  return {
    side,
    sides: [...(sells ? (['SELLING'] as const) : []), ...(buys ? (['BUYING'] as const) : [])],
    view,
    views: Object.keys(views),
    after,
    orders: list.partsOrders,
    figures,
    can: {
      order: buys,
      stock: ability.can('update', 'StockItem'),
      importCatalogue: sells && ability.can('update', 'CataloguePart'),
    },
  };
};
