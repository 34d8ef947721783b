import { error } from '@sveltejs/kit';
import { api, notFoundAs404 } from '$lib/server/api';
import { requireArea } from '$lib/server/guard';
import { PartsOrderPageDocument } from '$lib/graphql/generated';
import type { PageServerLoad } from './$types';

/** The paper of a shipment: the seller's packing list (发货单) and, once counted in, the buyer's receiving note (入库单). */
const FORMS = ['packing', 'receiving'] as const;

export const load: PageServerLoad = async ({ locals, cookies, params }) => {
  const me = requireArea(locals.me, 'parts');
  if (!(FORMS as readonly string[]).includes(params.form)) error(404, { message: 'NOT_FOUND', code: 'NOT_FOUND' });
  const { partsOrder } = await api(PartsOrderPageDocument, { id: params.id }, { cookies }).catch(notFoundAs404);
  const shipment = partsOrder.shipments.find((s) => s.id === params.shipment);
  // a receiving note exists once the shipment was counted in
  if (!shipment || (params.form === 'receiving' && !shipment.receivedAt)) error(404, { message: 'NOT_FOUND', code: 'NOT_FOUND' });
  return { order: partsOrder, shipment, form: params.form as (typeof FORMS)[number], tenant: me.tenant };
};
