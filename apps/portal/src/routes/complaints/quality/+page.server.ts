import { redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { requireArea } from '$lib/server/guard';
import { ComplaintQueueDocument } from '$lib/graphql/generated';
import type { PageServerLoad } from './$types';

/** 质量投诉队列: the manufacturer's complaints by region and dealer (what is open, awaits its finding, is escalated or late). */
export const load: PageServerLoad = async ({ locals, cookies }) => {
  const me = requireArea(locals.me, 'complaints');
  if (me.tenant?.kind !== 'MANUFACTURER') redirect(303, '/complaints');
  const { complaintQueue } = await api(ComplaintQueueDocument, {}, { cookies });
  // by region (the unnamed last), then dealer
  const rows = [...complaintQueue].sort(
    (a, b) => (a.region ?? '\uffff').localeCompare(b.region ?? '\uffff', 'zh-CN') || (a.dealerName ?? '').localeCompare(b.dealerName ?? '', 'zh-CN'),
  );
  return { rows };
};
