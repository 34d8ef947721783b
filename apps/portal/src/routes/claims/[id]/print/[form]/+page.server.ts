import { error } from '@sveltejs/kit';
import { api, notFoundAs404 } from '$lib/server/api';
import { requireArea } from '$lib/server/guard';
import { ClaimCoverageDocument, ClaimDetailDocument, ClaimRepairOrderDocument } from '$lib/graphql/generated';
import type { PageServerLoad } from './$types';

/** The paper forms of domain.md §4/§10 a warranty claim prints (the old-part tags are at ../../tags). */
const FORMS = ['claim', 'assessment'] as const;
type FormName = (typeof FORMS)[number];

export const load: PageServerLoad = async ({ locals, cookies, params }) => {
  const me = requireArea(locals.me, 'claims');
  if (!(FORMS as readonly string[]).includes(params.form)) error(404, { message: 'NOT_FOUND', code: 'NOT_FOUND' });
  const claim = await api(ClaimDetailDocument, { id: params.id }, { cookies }).then((r) => r.warrantyClaim, notFoundAs404);
  // the model (and its meter unit) as the manufacturer registered the VIN, and the dealer's repair-order
  // number: shown when the reader may see them, left out otherwise
  const [coverage, order] = await Promise.all([
    api(ClaimCoverageDocument, { vin: claim.vin, manufacturerId: claim.manufacturerId }, { cookies }).then(
      (r) => r.warrantyCoverage,
      () => null,
    ),
    claim.repairOrderId && me.tenant?.id === claim.dealerId
      ? api(ClaimRepairOrderDocument, { id: claim.repairOrderId }, { cookies }).then(
          (r) => r.repairOrder,
          () => null,
        )
      : null,
  ]);
  return {
    claim,
    form: params.form as FormName,
    tenant: me.tenant,
    model: coverage?.model?.name ?? order?.vehicle.model ?? null,
    usageUnit: coverage?.model?.usageUnit ?? order?.vehicle.usageUnit ?? null,
    repairOrderNumber: order?.number ?? null,
  };
};
