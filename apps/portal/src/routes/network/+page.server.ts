import { fail } from '@sveltejs/kit';
import { api, failure } from '$lib/server/api';
import { yuanToFen } from '$lib/money';
import { list, requireArea, text } from '$lib/server/guard';
import { formKey, postedKey } from '$lib/server/idempotency';
import { CreateRelationshipDocument, RelationshipsDocument, UpdateRelationshipDocument, type RelationshipKind } from '$lib/graphql/generated';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, cookies }) => {
  requireArea(locals.me, 'network');
  const r = await api(RelationshipsDocument, { first: 100 }, { cookies });
  return { relationships: r.relationships, formKey: formKey() };
};

export const actions: Actions = {
  create: async ({ request, cookies }) => {
    const f = await request.formData();
    const shareText = text(f.get('recoveryShare'));
    const rateText = text(f.get('labourRate'));
    try {
      await api(
        CreateRelationshipDocument,
        {
          input: {
            kind: String(f.get('kind')) as RelationshipKind,
            counterpartyCode: String(f.get('counterpartyCode') ?? ''),
            dealerCode: text(f.get('dealerCode')),
            region: text(f.get('region')),
            brands: list(f.get('brands')),
            partsSupplied: list(f.get('partsSupplied')),
            // yuan with up to two decimals → fen, without floating point
            warrantyLabourRateMinor: rateText ? yuanToFen(rateText) : null,
            recoveryShareBasisPoints: shareText ? Math.round(Number(shareText) * 100) : null,
            validFrom: String(f.get('validFrom') ?? ''),
            validTo: text(f.get('validTo')),
            idempotencyKey: postedKey(f),
          },
        },
        { cookies },
      );
      return { created: true };
    } catch (e) {
      return fail(400, failure(e));
    }
  },
  end: async ({ request, cookies }) => {
    const f = await request.formData();
    try {
      await api(
        UpdateRelationshipDocument,
        { input: { id: String(f.get('id')), version: Number(f.get('version')), validTo: String(f.get('validTo') ?? '') } },
        { cookies },
      );
      return { ended: true };
    } catch (e) {
      return fail(400, failure(e));
    }
  },
};
