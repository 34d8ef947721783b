import { fail, redirect } from '@sveltejs/kit';
import { api, failure, notFoundAs404 } from '$lib/server/api';
import { abilityOf } from '$lib/server/ability';
import { requireArea, text } from '$lib/server/guard';
import { formKey, postedKey } from '$lib/server/idempotency';
import {
  ComplaintCustomersDocument,
  ComplaintFileDocument,
  ComplaintRepairOrderDocument,
  type ComplaintCategory,
  type ComplaintChannel,
  type ComplaintSeverity,
} from '$lib/graphql/generated';
import type { Actions, PageServerLoad } from './$types';

/** The channels staff record a complaint from (the tracking page and follow-up calls file their own). */
const STAFF_CHANNELS: readonly ComplaintChannel[] = ['PHONE', 'WALK_IN', 'LETTER', 'WEB'];

/**
 * 登记投诉: staff record a complaint from the phone, the desk, a letter or the website — the
 * customer's file (found by name or phone) or a contact without one, what it is about, and the
 * repair order it concerns when opened from one (`?repairOrderId=`).
 */
export const load: PageServerLoad = async ({ locals, cookies, url }) => {
  const me = requireArea(locals.me, 'complaints');
  if (!abilityOf(me).can('create', 'Complaint')) redirect(303, '/complaints');
  const repairOrderId = url.searchParams.get('repairOrderId') || null;
  const search = url.searchParams.get('q')?.trim() || null;
  const [order, customers] = await Promise.all([
    repairOrderId
      ? api(ComplaintRepairOrderDocument, { id: repairOrderId }, { cookies })
          .then((r) => r.repairOrder)
          .catch(notFoundAs404)
      : null,
    search ? api(ComplaintCustomersDocument, { search }, { cookies }).then((r) => r.customers.nodes) : null,
  ]);
  return { order, search, customers, channels: STAFF_CHANNELS, formKey: formKey() };
};

export const actions: Actions = {
  default: async ({ request, cookies }) => {
    const f = await request.formData();
    const values = {
      channel: String(f.get('channel') ?? 'PHONE'),
      category: String(f.get('category') ?? ''),
      severity: String(f.get('severity') ?? 'MINOR'),
      description: String(f.get('description') ?? ''),
      customerId: text(f.get('customerId')),
      contactName: text(f.get('contactName')),
      contactPhone: text(f.get('contactPhone')),
      repairOrderId: text(f.get('repairOrderId')),
    };
    let id: string;
    try {
      const r = await api(
        ComplaintFileDocument,
        {
          input: {
            ...values,
            channel: values.channel as ComplaintChannel,
            category: values.category as ComplaintCategory,
            severity: values.severity as ComplaintSeverity,
            idempotencyKey: postedKey(f),
          },
        },
        { cookies },
      );
      id = r.fileComplaint.complaint.id;
    } catch (e) {
      return fail(400, { ...failure(e), values });
    }
    redirect(303, `/complaints/${id}`);
  },
};
