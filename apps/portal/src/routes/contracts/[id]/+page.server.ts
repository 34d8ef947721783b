import { fail, redirect } from '@sveltejs/kit';
import { zoneOf, wallTimeToIso } from '$lib/day';
import { yuanToFen } from '$lib/money';
import { api, failure, notFoundAs404 } from '$lib/server/api';
import { abilityOf } from '$lib/server/ability';
import { requireArea, text } from '$lib/server/guard';
import {
  ContractLinkDocument,
  ContractPageDocument,
  ContractRecordInspectionDocument,
  ContractRenewDocument,
  ContractReportInspectionDocument,
  ContractStepDocument,
  ContractUpdateDocument,
  type ContractEvent,
  type ContractType,
  type EntitlementKind,
  type SiteInspectionResult,
  type SlaBasis,
} from '$lib/graphql/generated';
import { INSPECTION_RESULTS, readContractForm, valuesOf } from '../contracts';
import type { Actions, PageServerLoad } from './$types';

/**
 * One contract: its terms, what the buttons may do now (allowedEvents), its versions, machines,
 * entitlements used and left, consumptions and inspections; a DRAFT is edited here. The layout's
 * live events refresh it.
 */
export const load: PageServerLoad = async ({ locals, cookies, params }) => {
  const me = requireArea(locals.me, 'contracts');
  const { serviceContract: contract } = await api(ContractPageDocument, { id: params.id }, { cookies }).catch(notFoundAs404);
  const ability = abilityOf(me);
  const own = !me.tenant || me.tenant.kind !== 'MANUFACTURER';
  return {
    contract,
    values: valuesOf(contract),
    can: {
      write: own && ability.can('update', 'ServiceContract'),
      link: own && ability.can('update', 'ServiceContract'),
      inspect: own && ability.can('update', 'ServiceContract'),
    },
  };
};

const ref = (f: FormData) => ({ id: String(f.get('id') ?? ''), version: Number(f.get('version')) });

/** Runs one step; a refusal goes back to the form that sent it (named by `form`). */
async function step<T>(form: string, run: () => Promise<T>, keep: Record<string, unknown> = {}) {
  try {
    await run();
    return { done: form };
  } catch (e) {
    return fail(400, { ...failure(e), form, values: keep });
  }
}

/** The inspection items as posted: one row per item name. */
function items(f: FormData) {
  const names = f.getAll('item.name').map(String);
  const results = f.getAll('item.result').map(String);
  const notes = f.getAll('item.note').map(String);
  return names
    .map((item, i) => ({
      item: item.trim(),
      result: ((INSPECTION_RESULTS as readonly string[]).includes(results[i] ?? '') ? results[i] : 'OK') as SiteInspectionResult,
      note: text(notes[i] ?? ''),
    }))
    .filter((x) => x.item);
}

export const actions: Actions = {
  save: async ({ request, cookies, locals }) => {
    const f = await request.formData();
    const { values, input } = readContractForm(f, locals.me?.tenant?.currency ?? 'CNY');
    try {
      await api(
        ContractUpdateDocument,
        {
          input: {
            ...ref(f),
            ...input,
            type: input.type as ContractType,
            slaBasis: input.slaBasis as SlaBasis,
            entitlements: input.entitlements.map((e) => ({ ...e, kind: e.kind as EntitlementKind })),
          },
        },
        { cookies },
      );
      return { done: 'save' };
    } catch (e) {
      return fail(400, { ...failure(e), form: 'save', values });
    }
  },
  step: async ({ request, cookies }) => {
    const f = await request.formData();
    const event = String(f.get('event') ?? '') as ContractEvent;
    const reason = text(f.get('reason'));
    return step(`step.${event}`, () => api(ContractStepDocument, { input: { ...ref(f), event, reason } }, { cookies }), { reason: reason ?? '' });
  },
  renew: async ({ request, cookies, locals }) => {
    const f = await request.formData();
    const keep = { startsOn: String(f.get('startsOn') ?? ''), endsOn: String(f.get('endsOn') ?? ''), price: String(f.get('price') ?? '') };
    const priceText = keep.price.trim();
    let id: string;
    try {
      const r = await api(
        ContractRenewDocument,
        {
          input: {
            ...ref(f),
            startsOn: keep.startsOn,
            endsOn: keep.endsOn,
            price: priceText ? { amountMinor: yuanToFen(priceText) ?? priceText, currency: locals.me?.tenant?.currency ?? 'CNY' } : null,
          },
        },
        { cookies },
      );
      id = r.renewServiceContract.contract.id;
    } catch (e) {
      return fail(400, { ...failure(e), form: 'renew', values: keep });
    }
    redirect(303, `/contracts/${id}`);
  },
  link: async ({ request, cookies }) => {
    const f = await request.formData();
    const validDays = Math.trunc(Number(f.get('validDays') ?? 365)) || 365;
    try {
      const r = await api(ContractLinkDocument, { input: { contractId: String(f.get('id') ?? ''), validDays } }, { cookies });
      return { done: 'link', token: r.createContractLink.token, expiresAt: r.createContractLink.expiresAt };
    } catch (e) {
      return fail(400, { ...failure(e), form: 'link' });
    }
  },
  inspect: async ({ request, cookies, locals }) => {
    const f = await request.formData();
    const keep = {
      performedAt: String(f.get('performedAt') ?? ''),
      engineer: String(f.get('engineer') ?? ''),
      vin: String(f.get('vin') ?? ''),
      findings: String(f.get('findings') ?? ''),
    };
    const performedAt = wallTimeToIso(keep.performedAt, zoneOf(locals.me?.tenant)) ?? '';
    return step(
      'inspect',
      () =>
        api(
          ContractRecordInspectionDocument,
          {
            input: {
              contractId: String(f.get('id') ?? ''),
              performedAt,
              engineer: keep.engineer.trim(),
              vin: text(keep.vin),
              findings: text(keep.findings),
              items: items(f),
            },
          },
          { cookies },
        ),
      keep,
    );
  },
  report: async ({ request, cookies }) => {
    const f = await request.formData();
    const inspectionId = String(f.get('inspectionId') ?? '');
    return step(
      `report.${inspectionId}`,
      () => api(ContractReportInspectionDocument, { input: { inspectionId, findings: String(f.get('findings') ?? '').trim(), items: items(f) } }, { cookies }),
      { findings: String(f.get('findings') ?? '') },
    );
  },
};
