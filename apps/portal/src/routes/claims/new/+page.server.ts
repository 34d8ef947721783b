import { error, fail, redirect } from '@sveltejs/kit';
import { api, failure, said } from '$lib/server/api';
import { requireArea, text } from '$lib/server/guard';
import { abilityOf } from '$lib/server/ability';
import { formKey, postedKey } from '$lib/server/idempotency';
import { todayIn, zoneOf } from '$lib/day';
import { translator } from '$lib/i18n';
import {
  ClaimAuthorisationsDocument,
  ClaimCatalogueDocument,
  ClaimCoverageDocument,
  ClaimCreateDocument,
  ClaimRepairOrderDocument,
} from '$lib/graphql/generated';
import { CLAIM_TYPES, isOneOf } from '../claims';
import { linesFromForm } from '../lines';
import type { Actions, PageServerLoad } from './$types';

/**
 * The claim form: prefilled from a repair order (?ro=<id>: its approved warranty lines and 3C),
 * or by hand (parts warranty, goodwill) with lines from the manufacturer's catalogue.
 */
export const load: PageServerLoad = async ({ locals, cookies, url }) => {
  const me = requireArea(locals.me, 'claims');
  if (!abilityOf(me).can('create', 'WarrantyClaim')) error(403, { message: 'FORBIDDEN', code: 'FORBIDDEN' });
  const roId = url.searchParams.get('ro');
  const [auth, ro] = await Promise.all([
    api(ClaimAuthorisationsDocument, {}, { cookies }),
    roId ? api(ClaimRepairOrderDocument, { id: roId }, { cookies }).catch(() => error(404, { message: 'NOT_FOUND', code: 'NOT_FOUND' })) : null,
  ]);
  // the manufacturers that authorise this workshop (the valid ones first)
  const manufacturers = auth.relationships.nodes
    .filter((r) => r.to.id === me.tenant?.id)
    .sort((a, b) => Number(b.active) - Number(a.active))
    .filter((r, i, all) => all.findIndex((x) => x.from.id === r.from.id) === i)
    .map((r) => ({ id: r.from.id, name: r.from.name, active: r.active, rate: r.warrantyLabourRate, brands: r.brands }));
  const wanted = url.searchParams.get('m');
  const m = manufacturers.find((x) => x.id === wanted)?.id ?? manufacturers[0]?.id ?? null;
  const order = ro?.repairOrder ?? null;
  const vin = (url.searchParams.get('vin') ?? order?.vehicle.vin ?? '').trim().toUpperCase();
  const [catalogue, coverage] = await Promise.all([
    m
      ? api(ClaimCatalogueDocument, { manufacturerId: m }, { cookies }).then(
          (r) => r.warrantyCatalogue,
          () => null,
        )
      : null,
    m && vin
      ? api(ClaimCoverageDocument, { vin, manufacturerId: m }, { cookies }).then(
          (r) => r.warrantyCoverage,
          () => null,
        )
      : null,
  ]);
  const warrantyLines = order?.lines.filter((l) => l.payType === 'WARRANTY' && l.status === 'APPROVED') ?? [];
  const checkIn = (order?.checkIn ?? {}) as { meter?: number };
  const diagnosis = (order?.diagnosis ?? {}) as { summary?: string };
  return {
    manufacturers,
    m,
    order,
    warrantyLines,
    catalogue,
    coverage,
    vin,
    today: todayIn(zoneOf(me.tenant)),
    formKey: formKey(),
    prefill: {
      meter: checkIn.meter ?? order?.vehicle.currentMeter ?? null,
      complaint: order?.complaint ?? '',
      cause: diagnosis.summary ?? '',
      causalPart: warrantyLines.find((l) => l.kind === 'PART')?.partNumber ?? '',
    },
  };
};

export const actions: Actions = {
  create: async ({ request, cookies, locals }) => {
    const t = translator(locals.lang);
    const f = await request.formData();
    const bad = (error: string) => fail(400, said(error));
    const meter = text(f.get('meter'));
    if (meter && !/^\d+$/.test(meter)) return bad(t('claim.form.badMeter'));
    const type = String(f.get('type') ?? '');
    const repairOrderId = text(f.get('repairOrderId'));
    // by hand: the rows of the line editor
    const lines = repairOrderId ? null : linesFromForm(f);
    if (!repairOrderId && !lines) return bad(t('claim.form.badAmount'));
    let id: string;
    try {
      const r = await api(
        ClaimCreateDocument,
        {
          input: {
            manufacturerId: String(f.get('manufacturerId') ?? ''),
            type: isOneOf(CLAIM_TYPES, type) ? type : 'STANDARD',
            repairOrderId,
            vin: repairOrderId ? null : text(f.get('vin')),
            meter: meter ? Number(meter) : null,
            failureDate: text(f.get('failureDate')),
            repairDate: text(f.get('repairDate')),
            complaint: text(f.get('complaint')),
            cause: text(f.get('cause')),
            correction: text(f.get('correction')),
            causalPartNumber: text(f.get('causalPartNumber')),
            campaignCode: type === 'CAMPAIGN' ? text(f.get('campaignCode')) : null,
            lines,
            idempotencyKey: postedKey(f),
          },
        },
        { cookies },
      );
      id = r.createWarrantyClaim.claim.id;
    } catch (e) {
      return fail(400, failure(e));
    }
    redirect(303, `/claims/${id}`);
  },
};
