import { fail, redirect } from '@sveltejs/kit';
import { addDays, todayIn, zoneOf } from '$lib/day';
import { yuanToFen } from '$lib/money';
import { api, failure } from '$lib/server/api';
import { abilityOf } from '$lib/server/ability';
import { requireArea, text } from '$lib/server/guard';
import { PLAN_STATES, WARNING_STATES } from '@asn/domain';
import { PLAN_FIGURES, isRatio } from '$lib/components/supervision/supervision';
import {
  SupCreatePlanDocument,
  SupIssueWarningDocument,
  SupervisionDealersDocument,
  SupervisionListsDocument,
  type SupervisionFilterInput,
} from '$lib/graphql/generated';
import type { Actions, PageServerLoad } from './$types';

/** Rows on a page of either list. */
const PAGE = 20;

/**
 * 网络监督: the warnings and penalties (整改通知) and the improvement plans (整改计划) the reader may
 * see — the manufacturer's about its dealers (a network manager: its regions), a dealer's about
 * itself. Whoever may issue gets the two forms; the dealers are the manufacturer's authorised ones.
 * The address keeps the tab, the status of the open tab's list, the dealer (the manufacturer's
 * readers) and the page (`after`, the open tab's cursor): ?tab=plans&status=ACTIVE&dealer=…
 */
export const load: PageServerLoad = async ({ locals, cookies, url }) => {
  const me = requireArea(locals.me, 'supervision');
  const ability = abilityOf(me);
  const manufacturer = me.tenant?.kind === 'MANUFACTURER';
  const canIssue = manufacturer && ability.can('create', 'Warning');
  const canPlan = manufacturer && ability.can('create', 'ImprovementPlan');
  const q = url.searchParams;
  const tab: 'warnings' | 'plans' = q.get('tab') === 'plans' ? 'plans' : 'warnings';
  const states: readonly string[] = tab === 'plans' ? PLAN_STATES : WARNING_STATES;
  const status = states.includes(q.get('status') ?? '') ? q.get('status')! : null;
  const dealer = (manufacturer && /^[0-9a-f-]{36}$/i.test(q.get('dealer') ?? '') ? q.get('dealer') : null) || null;
  const after = q.get('after') || null;
  const both: SupervisionFilterInput = { dealerId: dealer };
  const mine: SupervisionFilterInput = { dealerId: dealer, status: status ? [status] : null };
  const [lists, rels] = await Promise.all([
    api(
      SupervisionListsDocument,
      {
        first: PAGE,
        warningFilter: tab === 'warnings' ? mine : both,
        warningsAfter: tab === 'warnings' ? after : null,
        planFilter: tab === 'plans' ? mine : both,
        plansAfter: tab === 'plans' ? after : null,
      },
      { cookies },
    ),
    manufacturer ? api(SupervisionDealersDocument, {}, { cookies }).catch(() => null) : Promise.resolve(null),
  ]);
  const dealers = (rels?.relationships.nodes ?? [])
    .filter((r) => r.active && r.from.id === me.tenant?.id)
    .map((r) => ({ id: r.to.id, name: r.to.name, code: r.dealerCode, region: r.region }))
    .sort((a, b) => (a.code ?? a.name).localeCompare(b.code ?? b.name));
  const today = todayIn(zoneOf(me.tenant));
  return {
    warnings: lists.warnings,
    plans: lists.improvementPlans,
    filter: { tab, status, dealer, after },
    states,
    manufacturer,
    dealers,
    figures: PLAN_FIGURES,
    today,
    defaults: { by: addDays(today, 30), due: addDays(today, 14) },
    can: { issue: canIssue, plan: canPlan },
  };
};

const int = (v: FormDataEntryValue | null) => Math.trunc(Number(v ?? 0)) || 0;
const str = (v: FormDataEntryValue | null) => String(v ?? '').trim();

export const actions: Actions = {
  issue: async ({ request, cookies }) => {
    const f = await request.formData();
    const kind = str(f.get('kind')) === 'PENALTY' ? 'PENALTY' : 'WARNING';
    const values = Object.fromEntries(['dealerId', 'kind', 'title', 'grounds', 'cureDays', 'amount', 'idempotencyKey'].map((k) => [k, str(f.get(k))]));
    let id: string;
    try {
      const r = await api(
        SupIssueWarningDocument,
        {
          input: {
            dealerId: values.dealerId!,
            kind,
            title: values.title!,
            grounds: values.grounds!,
            cureDays: int(f.get('cureDays')),
            amount: kind === 'PENALTY' ? { amountMinor: yuanToFen(values.amount || null) ?? '', currency: 'CNY' } : null,
            idempotencyKey: text(f.get('idempotencyKey')),
          },
        },
        { cookies },
      );
      id = r.issueWarning.warning.id;
    } catch (e) {
      return fail(400, { ...failure(e), form: 'issue', values });
    }
    redirect(303, `/supervision/warnings/${id}`);
  },
  plan: async ({ request, cookies }) => {
    const f = await request.formData();
    const figureIds = f.getAll('figureId').map(String);
    const targetValues = f.getAll('target').map(String);
    const bys = f.getAll('by').map(String);
    const actionTexts = f.getAll('actionText').map(String);
    const owners = f.getAll('owner').map(String);
    const dues = f.getAll('due').map(String);
    const targets = figureIds
      .map((figureId, i) => {
        const raw = Number(targetValues[i] ?? '');
        return { figureId, target: isRatio(figureId) ? raw / 100 : raw, by: bys[i] ?? '', typed: (targetValues[i] ?? '').trim() };
      })
      .filter((x) => x.figureId && x.typed !== '')
      .map(({ figureId, target, by }) => ({ figureId, target, by }));
    const actions = actionTexts.map((t, i) => ({ text: t.trim(), owner: (owners[i] ?? '').trim(), due: dues[i] ?? '' })).filter((a) => a.text !== '');
    const values = { dealerId: str(f.get('dealerId')), title: str(f.get('title')), reason: str(f.get('reason')) };
    let id: string;
    try {
      const r = await api(
        SupCreatePlanDocument,
        { input: { dealerId: values.dealerId, title: values.title, reason: values.reason, targets, actions, idempotencyKey: text(f.get('idempotencyKey')) } },
        { cookies },
      );
      id = r.createImprovementPlan.plan.id;
    } catch (e) {
      return fail(400, { ...failure(e), form: 'plan', values });
    }
    redirect(303, `/supervision/plans/${id}`);
  },
};
