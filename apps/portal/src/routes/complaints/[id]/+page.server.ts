import { fail } from '@sveltejs/kit';
import { zoneOf, wallTimeToIso } from '$lib/day';
import { yuanToFen } from '$lib/money';
import { api, failure, notFoundAs404 } from '$lib/server/api';
import { abilityOf } from '$lib/server/ability';
import { requireArea, text } from '$lib/server/guard';
import {
  ComplaintAcknowledgeDocument,
  ComplaintAnswerDocument,
  ComplaintAssessDocument,
  ComplaintEscalateDocument,
  ComplaintInvestigateDocument,
  ComplaintPageDocument,
  ComplaintRecoveryDocument,
  ComplaintResolveDocument,
  ComplaintRootCauseDocument,
  type EscalationTarget,
  type ResponsibleParty,
} from '$lib/graphql/generated';
import { BEARERS } from '../complaints';
import type { Actions, PageServerLoad } from './$types';

/**
 * One complaint: its facts and links, the whole trail in words, and what the reader may do now —
 * the buttons are the events the API allows (allowedEvents) and the manufacturer's finding
 * (canAssess). The layout's live events refresh it when anyone moves it on.
 */
export const load: PageServerLoad = async ({ locals, cookies, params }) => {
  const me = requireArea(locals.me, 'complaints');
  const { complaint } = await api(ComplaintPageDocument, { id: params.id }, { cookies }).catch(notFoundAs404);
  const ability = abilityOf(me);
  const own = complaint.dealerId === me.tenant?.id;
  return {
    complaint,
    own,
    can: {
      // the staff who answer a complaint move its promise, record its root cause and the customer's answer
      answer: own && ability.can('answer', 'Complaint'),
      record: own && ability.can('record', 'Complaint'),
    },
  };
};

const ref = (f: FormData) => ({ id: String(f.get('id') ?? ''), version: Number(f.get('version')) });
/** A whole percentage as typed ('' is 0). */
const pct = (v: FormDataEntryValue | null) => (v === null || String(v).trim() === '' ? 0 : Math.trunc(Number(v)) || 0);

/** Runs one step; a refusal goes back to the form that sent it (named by `form`). */
async function step(form: string, run: () => Promise<unknown>, keep: Record<string, unknown> = {}) {
  try {
    await run();
    return { done: form };
  } catch (e) {
    return fail(400, { ...failure(e), form, values: keep });
  }
}

export const actions: Actions = {
  acknowledge: async ({ request, cookies, locals }) => {
    const f = await request.formData();
    const form = String(f.get('form') ?? 'acknowledge');
    const at = wallTimeToIso(f.get('promisedAnswerAt'), zoneOf(locals.me?.tenant)) ?? '';
    return step(form, () => api(ComplaintAcknowledgeDocument, { input: { ...ref(f), promisedAnswerAt: at, answer: text(f.get('answer')) } }, { cookies }), {
      promisedAnswerAt: String(f.get('promisedAnswerAt') ?? ''),
      answer: String(f.get('answer') ?? ''),
    });
  },
  investigate: async ({ request, cookies }) => {
    const f = await request.formData();
    return step('investigate', () => api(ComplaintInvestigateDocument, { input: { ...ref(f), note: text(f.get('note')) } }, { cookies }));
  },
  rootCause: async ({ request, cookies }) => {
    const f = await request.formData();
    const values = { rootCause: String(f.get('rootCause') ?? ''), responsibility: String(f.get('responsibility') ?? '') };
    return step(
      'rootCause',
      () => api(ComplaintRootCauseDocument, { input: { ...ref(f), rootCause: values.rootCause, responsibility: text(values.responsibility) } }, { cookies }),
      values,
    );
  },
  escalate: async ({ request, cookies }) => {
    const f = await request.formData();
    const to = (f.get('to') === 'SUPERVISOR' ? 'SUPERVISOR' : 'MANUFACTURER') as EscalationTarget;
    return step('escalate', () => api(ComplaintEscalateDocument, { input: { ...ref(f), to, note: String(f.get('note') ?? '') } }, { cookies }), {
      note: String(f.get('note') ?? ''),
    });
  },
  resolve: async ({ request, cookies, locals }) => {
    const f = await request.formData();
    const costText = text(f.get('cost'));
    const split = Object.fromEntries(BEARERS.map((b) => [b, pct(f.get(`split.${b}`))])) as Record<(typeof BEARERS)[number], number>;
    const values = {
      resolution: String(f.get('resolution') ?? ''),
      answer: String(f.get('answer') ?? ''),
      cost: costText ?? '',
      split,
    };
    const cost = costText ? { amountMinor: yuanToFen(costText) ?? costText, currency: locals.me?.tenant?.currency ?? 'CNY' } : null;
    return step(
      'resolve',
      () =>
        api(
          ComplaintResolveDocument,
          { input: { ...ref(f), resolution: values.resolution, answer: values.answer, cost, split: cost ? split : null } },
          { cookies },
        ),
      values,
    );
  },
  answer: async ({ request, cookies }) => {
    const f = await request.formData();
    const stars = Math.trunc(Number(f.get('stars') ?? 0)) || 0;
    return step('answer', () =>
      api(ComplaintAnswerDocument, { input: { ...ref(f), stars, satisfied: f.get('satisfied') === 'yes', comment: text(f.get('comment')) } }, { cookies }),
    );
  },
  recovery: async ({ request, cookies }) => {
    const f = await request.formData();
    return step('recovery', () => api(ComplaintRecoveryDocument, { input: { ...ref(f), note: String(f.get('note') ?? '') } }, { cookies }));
  },
  assess: async ({ request, cookies }) => {
    const f = await request.formData();
    const values = { rootCause: String(f.get('rootCause') ?? ''), department: String(f.get('department') ?? '') };
    return step(
      'assess',
      () =>
        api(
          ComplaintAssessDocument,
          {
            input: {
              ...ref(f),
              rootCause: values.rootCause,
              responsibleParty: String(f.get('responsibleParty') ?? '') as ResponsibleParty,
              department: text(values.department),
            },
          },
          { cookies },
        ),
      values,
    );
  },
};
