import { fail } from '@sveltejs/kit';
import { api, failure, notFoundAs404 } from '$lib/server/api';
import { requireArea } from '$lib/server/guard';
import {
  ServiceRequestAskDocument,
  ServiceRequestCancelDocument,
  ServiceRequestCloseDocument,
  ServiceRequestOnSiteDocument,
  ServiceRequestPageDocument,
  ServiceRequestPartsDocument,
  ServiceRequestRecordAnswerDocument,
  ServiceRequestReopenDocument,
  ServiceRequestReplyDocument,
  ServiceRequestResolveDocument,
  ServiceRequestSeverityDocument,
  ServiceRequestToRepairOrderDocument,
} from '$lib/graphql/generated';
import type { Actions, PageServerLoad } from './$types';

/**
 * One service request: its clocks (target, elapsed, paused, due, met, breached), the trail in
 * words, and the desk's actions — those the API allows now (allowedEvents), plus on site, parts,
 * severity and a repair order while it is open. The layout's live events refresh it.
 */
export const load: PageServerLoad = async ({ locals, cookies, params }) => {
  requireArea(locals.me, 'service-requests');
  const { serviceRequest } = await api(ServiceRequestPageDocument, { id: params.id }, { cookies }).catch(notFoundAs404);
  return { request: serviceRequest };
};

const ref = (f: FormData) => ({ id: String(f.get('id') ?? ''), version: Number(f.get('version')) });
const str = (f: FormData, name: string) => String(f.get(name) ?? '');

/** Runs one step; a refusal goes back to the form that sent it (named by `form`), with what was typed. */
async function step(form: string, run: () => Promise<unknown>, values: Record<string, unknown> = {}) {
  try {
    await run();
    return { done: form };
  } catch (e) {
    return fail(400, { ...failure(e), form, values });
  }
}

export const actions: Actions = {
  reply: async ({ request, cookies }) => {
    const f = await request.formData();
    const message = str(f, 'message');
    return step('reply', () => api(ServiceRequestReplyDocument, { input: { ...ref(f), message } }, { cookies }), { message });
  },
  ask: async ({ request, cookies }) => {
    const f = await request.formData();
    const question = str(f, 'question');
    return step('ask', () => api(ServiceRequestAskDocument, { input: { ...ref(f), question } }, { cookies }), { question });
  },
  answer: async ({ request, cookies }) => {
    const f = await request.formData();
    const answer = str(f, 'answer');
    return step('answer', () => api(ServiceRequestRecordAnswerDocument, { input: { ...ref(f), answer } }, { cookies }), { answer });
  },
  onSite: async ({ request, cookies }) => {
    const f = await request.formData();
    return step('onSite', () => api(ServiceRequestOnSiteDocument, { input: { ...ref(f), note: str(f, 'note') || null } }, { cookies }));
  },
  parts: async ({ request, cookies }) => {
    const f = await request.formData();
    return step('parts', () => api(ServiceRequestPartsDocument, { input: { ...ref(f), note: str(f, 'note') || null } }, { cookies }));
  },
  resolve: async ({ request, cookies }) => {
    const f = await request.formData();
    const resolution = str(f, 'resolution');
    return step('resolve', () => api(ServiceRequestResolveDocument, { input: { ...ref(f), resolution } }, { cookies }), { resolution });
  },
  // 重开 / 关闭 / 取消: one form, the button names the event
  lifecycle: async ({ request, cookies }) => {
    const f = await request.formData();
    const event = str(f, 'event');
    const note = str(f, 'note') || null;
    const input = { ...ref(f), note };
    const keep = { note: note ?? '' };
    if (event === 'REOPEN') return step('reopen', () => api(ServiceRequestReopenDocument, { input }, { cookies }), keep);
    if (event === 'CLOSE') return step('close', () => api(ServiceRequestCloseDocument, { input }, { cookies }), keep);
    return step('cancel', () => api(ServiceRequestCancelDocument, { input }, { cookies }), keep);
  },
  severity: async ({ request, cookies }) => {
    const f = await request.formData();
    const severity = Math.trunc(Number(f.get('severity') ?? 0)) || 0;
    const reason = str(f, 'reason');
    return step('severity', () => api(ServiceRequestSeverityDocument, { input: { ...ref(f), severity, reason } }, { cookies }), { reason, severity });
  },
  // the request's repair order: the page then links to it (/orders/<id>)
  toOrder: async ({ request, cookies }) => {
    const f = await request.formData();
    return step('toOrder', () => api(ServiceRequestToRepairOrderDocument, { input: ref(f) }, { cookies }));
  },
};
