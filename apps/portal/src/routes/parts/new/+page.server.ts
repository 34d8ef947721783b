import { fail, redirect } from '@sveltejs/kit';
import { PARTS_ORDER_TYPES, type PartsOrderType } from '@asn/domain';
import { api, failure } from '$lib/server/api';
import { abilityOf } from '$lib/server/ability';
import { requireArea, text } from '$lib/server/guard';
import { formKey, postedKey } from '$lib/server/idempotency';
import { PartsCreateOrderDocument, PartsSellersDocument } from '$lib/graphql/generated';
import type { Actions, PageServerLoad } from './$types';

/** `PN:qty,PN:qty` (a low-stock proposal's link) as the cart's first lines. */
function linesOf(param: string | null): { partNumber: string; quantity: number }[] {
  return (param ?? '')
    .split(',')
    .map((s) => s.split(':'))
    .filter(([pn, q]) => pn && Number.isInteger(Number(q)) && Number(q) > 0)
    .map(([pn, q]) => ({ partNumber: pn!.trim().toUpperCase(), quantity: Number(q) }))
    .slice(0, 100);
}

/**
 * 新建配件订单: the buyer picks a seller it trades with, finds parts in that seller's catalogue (by
 * number, name or model; an old number shows the one that replaced it), fills a cart and sends
 * it (or keeps it as a draft). A low-stock proposal opens this page with its lines.
 */
export const load: PageServerLoad = async ({ locals, cookies, url }) => {
  const me = requireArea(locals.me, 'parts');
  if (!abilityOf(me).can('create', 'PartsOrder')) redirect(303, '/parts');
  const { partsSellers } = await api(PartsSellersDocument, {}, { cookies });
  const asked = url.searchParams.get('seller');
  const type = url.searchParams.get('type');
  return {
    sellers: partsSellers,
    sellerId: partsSellers.find((s) => s.id === asked)?.id ?? partsSellers[0]?.id ?? null,
    type: (PARTS_ORDER_TYPES as readonly string[]).includes(type ?? '') ? (type as PartsOrderType) : ('STOCK' as const),
    lines: linesOf(url.searchParams.get('lines')),
    formKey: formKey(),
  };
};

export const actions: Actions = {
  default: async ({ request, cookies }) => {
    const f = await request.formData();
    const numbers = f.getAll('partNumber').map(String);
    const quantities = f.getAll('quantity').map((q) => Number(q));
    const input = {
      sellerId: String(f.get('sellerId') ?? ''),
      type: String(f.get('type') ?? 'STOCK') as PartsOrderType,
      note: text(f.get('note')),
      draft: f.get('draft') === '1',
      lines: numbers.map((partNumber, i) => ({ partNumber, quantity: quantities[i] ?? 0 })),
      idempotencyKey: postedKey(f),
    };
    let id: string;
    try {
      id = (await api(PartsCreateOrderDocument, { input }, { cookies })).createPartsOrder.partsOrder.id;
    } catch (e) {
      return fail(400, { ...failure(e), lines: input.lines, sellerId: input.sellerId, type: input.type, note: input.note });
    }
    redirect(303, `/parts/${id}`);
  },
};
