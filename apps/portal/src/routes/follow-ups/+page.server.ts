import { fail } from '@sveltejs/kit';
import { api, failure } from '$lib/server/api';
import { requireArea, text } from '$lib/server/guard';
import { abilityOf } from '$lib/server/ability';
import {
  FollowUpsDocument,
  ReassignFollowUpDocument,
  RecordFollowUpDocument,
  RecordSatisfactionSurveyDocument,
  type FollowUpStatus,
} from '$lib/graphql/generated';
import { answersOf, scoresFromForm } from '$lib/components/survey/survey';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, cookies, url }) => {
  const me = requireArea(locals.me, 'follow-ups');
  const status = (url.searchParams.get('status') === 'DONE' ? 'DONE' : 'OPEN') as FollowUpStatus;
  const r = await api(FollowUpsDocument, { status }, { cookies });
  const agents = r.users.nodes.filter((u) => u.active && u.roles.includes('CUSTOMER_CARE'));
  return { followUps: r.followUps, status, agents, canAssign: abilityOf(me).can('assign', 'FollowUp') };
};

export const actions: Actions = {
  record: async ({ request, cookies }) => {
    const f = await request.formData();
    const reached = f.get('reached') === 'yes';
    const score = text(f.get('satisfaction'));
    try {
      await api(
        RecordFollowUpDocument,
        {
          input: {
            id: String(f.get('id')),
            version: Number(f.get('version')),
            reached,
            satisfaction: reached && score ? Number(score) : null,
            remarks: text(f.get('remarks')),
            vehicleCondition: text(f.get('vehicleCondition')),
            nextMaintenanceOn: text(f.get('nextMaintenanceOn')),
            nextMaintenanceMeter: text(f.get('nextMaintenanceMeter')) ? Number(text(f.get('nextMaintenanceMeter'))) : null,
            complaint: text(f.get('complaint')),
          },
        },
        { cookies },
      );
      return { done: true };
    } catch (e) {
      return fail(400, failure(e));
    }
  },
  // 满意度调查 in the call (optional, once per order): the indicators with both scores; one score alone is asked again
  survey: async ({ request, cookies }) => {
    const f = await request.formData();
    const surveyFor = String(f.get('id'));
    const { answers, half } = answersOf(scoresFromForm(f));
    if (half.length) return fail(400, { surveyFor, half });
    if (!answers.length) return fail(400, { surveyFor, none: true });
    try {
      const r = await api(RecordSatisfactionSurveyDocument, { input: { repairOrderId: String(f.get('repairOrderId')), answers } }, { cookies });
      return { surveyFor, surveyed: r.recordSatisfactionSurvey.answered };
    } catch (e) {
      return fail(400, { surveyFor, ...failure(e) });
    }
  },
  reassign: async ({ request, cookies }) => {
    const f = await request.formData();
    try {
      await api(
        ReassignFollowUpDocument,
        { input: { id: String(f.get('id')), version: Number(f.get('version')), assigneeId: String(f.get('assigneeId')) } },
        { cookies },
      );
      return { done: true };
    } catch (e) {
      return fail(400, failure(e));
    }
  },
};
