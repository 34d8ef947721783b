import { api } from '$lib/server/api';
import { requireArea } from '$lib/server/guard';
import { abilityOf } from '$lib/server/ability';
import { ClaimAuthorisationsDocument, ClaimListDocument, type ClaimFilterInput } from '$lib/graphql/generated';
import { CLAIM_OPEN_FOR_REVIEW } from '@asn/domain';
import { CLAIM_STATUSES, FINDING_CODES, isOneOf } from './claims';
import type { PageServerLoad } from './$types';

const PAGE = 50;
/** The queue's age filter: waiting more than a day, three days, a week since submission (hours). */
const AGES = [24, 72, 168];
/** A calendar day in the address (decidedFrom / decidedTo: the figures pages' drill-down to a period's decisions). */
const day = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null);

/**
 * The dealer's claims, or the manufacturer's review queue with its filters. The layout's live
 * subscription calls invalidateAll() on every event, so this list refreshes by itself.
 */
export const load: PageServerLoad = async ({ locals, cookies, url }) => {
  const me = requireArea(locals.me, 'claims');
  const isManufacturer = me.tenant?.kind === 'MANUFACTURER';
  const q = url.searchParams;
  // the reviewers' queue opens on the claims that wait for a decision
  const status = q.get('status') ?? (isManufacturer ? 'OPEN' : '');
  const filter: ClaimFilterInput = {
    status: status === 'OPEN' ? [...CLAIM_OPEN_FOR_REVIEW] : isOneOf(CLAIM_STATUSES, status) ? [status] : null,
    vin: q.get('vin')?.trim() || null,
    decidedFrom: day(q.get('decidedFrom')),
    decidedTo: day(q.get('decidedTo')),
  };
  if (isManufacturer) {
    filter.dealerId = q.get('dealer') || null;
    filter.region = q.get('region') || null;
    const finding = q.get('finding');
    filter.findingCode = isOneOf(FINDING_CODES, finding) ? finding : null;
    filter.overdue = q.get('overdue') === '1' ? true : null;
    filter.sanbaoEligible = q.get('sanbao') === '1' ? true : null;
    const age = Number(q.get('age'));
    filter.submittedHoursAgo = AGES.includes(age) ? age : null;
  }
  const after = q.get('after') || null;
  const [list, auth] = await Promise.all([
    api(ClaimListDocument, { filter, first: PAGE, after }, { cookies }),
    isManufacturer ? api(ClaimAuthorisationsDocument, {}, { cookies }) : null,
  ]);
  const authorised = (auth?.relationships.nodes ?? []).filter((r) => r.from.id === me.tenant?.id);
  const dealers = authorised
    .map((r) => ({ id: r.to.id, name: r.to.name, code: r.dealerCode }))
    .sort((a, b) => (a.code ?? a.name).localeCompare(b.code ?? b.name));
  const regions = [...new Set(authorised.map((r) => r.region).filter((r): r is string => !!r))].sort();
  return {
    claims: list.warrantyClaims,
    isManufacturer,
    canCreate: abilityOf(me).can('create', 'WarrantyClaim'),
    dealers,
    regions,
    ages: AGES,
    query: {
      status,
      vin: q.get('vin') ?? '',
      dealer: filter.dealerId ?? '',
      region: filter.region ?? '',
      finding: filter.findingCode ?? '',
      overdue: !!filter.overdue,
      sanbao: !!filter.sanbaoEligible,
      age: filter.submittedHoursAgo ?? null,
      decidedFrom: filter.decidedFrom ?? '',
      decidedTo: filter.decidedTo ?? '',
      after,
    },
    now: new Date().toISOString(),
  };
};
