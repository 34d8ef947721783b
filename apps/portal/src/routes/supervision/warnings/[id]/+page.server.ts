import { fail } from '@sveltejs/kit';
import { api, failure, notFoundAs404 } from '$lib/server/api';
import { requireArea } from '$lib/server/guard';
import {
  SupAppealDocument,
  SupDecideAppealDocument,
  SupDecideCureDocument,
  SupReportCureDocument,
  SupervisionWarningDocument,
  type AppealOutcome,
} from '$lib/graphql/generated';
import type { Actions, PageServerLoad } from './$types';

/**
 * One warning or penalty: its facts, its trail in words, and what the reader may do now — the
 * buttons are the events the API allows (allowedEvents): the dealer reports its cure or appeals,
 * the manufacturer accepts or rejects the cure and decides an appeal.
 */
export const load: PageServerLoad = async ({ locals, cookies, params }) => {
  requireArea(locals.me, 'supervision');
  const { warning } = await api(SupervisionWarningDocument, { id: params.id }, { cookies }).catch(notFoundAs404);
  return { warning };
};

const ref = (f: FormData) => ({ id: String(f.get('id') ?? ''), version: Number(f.get('version')) });
const str = (v: FormDataEntryValue | null) => String(v ?? '').trim();

/** Runs one step; a refusal goes back to the form that sent it (named by `form`), with what was typed. */
async function step(form: string, run: () => Promise<unknown>, values: Record<string, string> = {}) {
  try {
    await run();
    return { done: form };
  } catch (e) {
    return fail(400, { ...failure(e), form, values });
  }
}

const OUTCOMES: readonly AppealOutcome[] = ['UPHOLD', 'DISMISS', 'CONFIRM_PENALTY'];

export const actions: Actions = {
  reportCure: async ({ request, cookies }) => {
    const f = await request.formData();
    const report = str(f.get('report'));
    return step('reportCure', () => api(SupReportCureDocument, { input: { ...ref(f), report } }, { cookies }), { report });
  },
  appeal: async ({ request, cookies }) => {
    const f = await request.formData();
    const grounds = str(f.get('grounds'));
    return step('appeal', () => api(SupAppealDocument, { input: { ...ref(f), grounds } }, { cookies }), { grounds });
  },
  decideCure: async ({ request, cookies }) => {
    const f = await request.formData();
    const accept = str(f.get('decision')) === 'accept';
    const note = str(f.get('note'));
    return step('decideCure', () => api(SupDecideCureDocument, { input: { ...ref(f), accept, note: note || null } }, { cookies }), { note });
  },
  decideAppeal: async ({ request, cookies }) => {
    const f = await request.formData();
    const outcome = str(f.get('outcome')) as AppealOutcome;
    const note = str(f.get('note'));
    return step(
      'decideAppeal',
      () => api(SupDecideAppealDocument, { input: { ...ref(f), outcome: OUTCOMES.includes(outcome) ? outcome : ('' as AppealOutcome), note } }, { cookies }),
      { note },
    );
  },
};
