import { asSubject, type Action } from '@asn/authz';
import { CLAIM_OPEN_FOR_REVIEW, TenantKind, WORKSHOP_STATES } from '@asn/domain';
import { addDays, todayIn, zoneOf } from '$lib/day';
import { api } from '$lib/server/api';
import { abilityOf } from '$lib/server/ability';
import {
  HomeComplaintsDocument,
  HomeServiceRequestsDocument,
  HomeDocument,
  HomeOversightDocument,
  HomeWorkDocument,
  HomeWorkshopDocument,
  type HomeComplaintsQuery,
  type HomeOversightQuery,
  type HomeServiceRequestsQuery,
  type HomeWorkQuery,
  type HomeWorkshopQuery,
} from '$lib/graphql/generated';
import type { PageServerLoad } from './$types';

/** Oversight tiles (issue 16), counted here from the figures and supervision lists. */
type OversightKey = 'dealersBelowTarget' | 'escalatedComplaints' | 'ownFiguresBelowTarget' | 'plansWithOverdueActions' | 'openWarnings';
type WorkKey = keyof HomeWorkQuery | keyof HomeWorkshopQuery | keyof HomeComplaintsQuery | keyof HomeServiceRequestsQuery | OversightKey;

/** A tile of the workbench: how many wait, where to work them, and whether waiting is already late. */
export interface WorkTile {
  key: WorkKey;
  count: number;
  href: string;
  urgent: boolean;
}

const TILES: { key: Exclude<WorkKey, OversightKey>; href: string; urgent?: boolean }[] = [
  // the workshop (dealers and shops)
  { key: 'myJobs', href: '/jobs' },
  { key: 'bookings', href: '/appointments' },
  // each opens the board filtered to the states it counts (home.graphql HomeWorkshop)
  // the customer is waiting for an answer (催单 on the tracking page)
  { key: 'chased', href: '/workshop?chased=1', urgent: true },
  { key: 'toConfirm', href: '/workshop?status=ESTIMATED' },
  { key: 'toStart', href: '/workshop?status=APPROVED' },
  // the work stands still until the customer decides
  { key: 'extraWork', href: '/workshop?status=AWAITING_APPROVAL', urgent: true },
  { key: 'awaitingParts', href: '/workshop?status=AWAITING_PARTS' },
  { key: 'inQc', href: '/workshop?status=QC' },
  { key: 'toCheckout', href: '/workshop?status=READY' },
  { key: 'pickup', href: '/workshop?status=READY,SETTLED' },
  { key: 'followUps', href: '/follow-ups' },
  // warranty
  { key: 'toReview', href: '/claims?status=OPEN' },
  { key: 'overdue', href: '/claims?status=OPEN&overdue=1', urgent: true },
  { key: 'sanbao', href: '/claims?status=OPEN&sanbao=1', urgent: true },
  { key: 'toReceive', href: '/returns' },
  { key: 'toInspect', href: '/returns' },
  { key: 'drafts', href: '/claims?status=DRAFT' },
  { key: 'needsInfo', href: '/claims?status=NEEDS_INFO', urgent: true },
  { key: 'rejected', href: '/claims?status=REJECTED' },
  { key: 'toShip', href: '/returns' },
  { key: 'toAnswer', href: '/recoveries' },
  { key: 'toSettle', href: '/recoveries' },
  // parts
  { key: 'partsToConfirm', href: '/parts?side=SELLING&view=toConfirm', urgent: true },
  { key: 'partsToShip', href: '/parts?side=SELLING&view=toShip' },
  { key: 'partsToReceive', href: '/parts?side=BUYING&view=toReceive' },
  { key: 'partsDrafts', href: '/parts?side=BUYING&view=drafts' },
  // complaints: the care team's inbox by what is late; the manufacturer's findings to give
  { key: 'complaintsToAcknowledge', href: '/complaints?status=RECEIVED' },
  { key: 'complaintsOverdue', href: '/complaints?ageing=OVERDUE_TO_RESOLVE', urgent: true },
  { key: 'complaintsEscalated', href: '/complaints?ageing=ESCALATED' },
  { key: 'complaintRecoveries', href: '/complaints?ageing=RECOVERY_OPEN', urgent: true },
  { key: 'qualityComplaints', href: '/complaints?ageing=AWAITING_QUALITY_FINDING' },
  // fault reports under service contracts: the first reply is on the clock; breached ones; waiting for the customer
  { key: 'requestsToReply', href: '/service-requests?show=open', urgent: true },
  { key: 'requestsBreached', href: '/service-requests?show=breached', urgent: true },
  { key: 'requestsWaiting', href: '/service-requests?show=open' },
  { key: 'contractsExpiring', href: '/contracts?expiring=1' },
];

const someOf = (flags: Record<string, boolean>) => Object.values(flags).some(Boolean);

/**
 * 工作台: the tenant and the user's roles, and what waits for them. In the workshop: the
 * technician's jobs, booking requests and estimates for the desk to get answered, approved orders
 * to dispatch and start, extra work the customer has yet to decide, orders waiting for parts or QC,
 * finished orders to settle and hand over, follow-up calls to make. In warranty: claims to review
 * (overdue and 三包 among them), parts to receive and inspect, drafts and questions to answer,
 * parts to ship, recovery claims to answer or settle. Only what the user's roles work is asked
 * for; the layout's live events refresh the counts.
 */
export const load: PageServerLoad = async ({ locals, cookies }) => {
  const me = locals.me;
  if (!me || me.isPlatformAdmin) return { counts: null, work: [] as WorkTile[] };
  const ability = abilityOf(me);
  const flags = {
    review: ability.can('review', 'WarrantyClaim'),
    receive: ability.can('receive', 'WarrantyClaim'),
    file: ability.can('create', 'WarrantyClaim'),
    ship: ability.can('ship', 'WarrantyClaim'),
    answer: ability.can('answer', 'RecoveryClaim'),
    settle: ability.can('settle', 'RecoveryClaim'),
    sell: ability.can('fulfil', 'PartsOrder'),
    buy: ability.can('create', 'PartsOrder'),
  };
  // on any order of the workshop, not only on those dispatched to the user (a technician's)
  const onAnyOrder = (action: Action) => ability.can(action, asSubject('RepairOrder', { tenantId: me.tenant?.id, technicianId: null }));
  const workshop = {
    // orders are dispatched to this user: the job list is theirs
    jobs: ability.rulesFor('work', 'RepairOrder').some((r) => (r.conditions as { technicianId?: unknown } | undefined)?.technicianId === me.user.id),
    bookings: ability.can('update', 'BookingRequest'),
    confirm: onAnyOrder('approve'),
    dispatch: onAnyOrder('dispatch'),
    extra: onAnyOrder('decideAdditionalWork'),
    parts: onAnyOrder('manageParts'),
    inspect: onAnyOrder('inspect'),
    settle: onAnyOrder('settle'),
    deliver: onAnyOrder('deliver'),
    // the care agent's own calls; the supervisor's, everyone's (the API narrows the list)
    call: ability.can('record', 'FollowUp'),
    // the service desk answers the customer's chase
    chase: onAnyOrder('approve'),
  };
  const complaints = {
    // the care team and the service admin answer complaints; the manufacturer's quality engineers give findings
    care: ability.can('answer', 'Complaint'),
    quality: ability.can('review', 'Complaint'),
  };
  const contracts = {
    // the desk answers fault reports; the admin renews contracts
    desk: ability.can('answer', 'ServiceRequest'),
    admin: ability.can('create', 'ServiceContract'),
  };
  // network oversight: last month's figures (the manufacturer's dealers, a dealer's own), warnings and plans
  const manufacturer = me.tenant?.kind === TenantKind.MANUFACTURER;
  const oversight = {
    network: manufacturer && ability.can('read', 'Figure'),
    own: !manufacturer && ability.can('read', 'Figure'),
    supervise: ability.can('read', 'Warning') || ability.can('read', 'ImprovementPlan'),
  };
  const today = todayIn(zoneOf(me.tenant));
  const lastMonth = { from: `${addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7)}-01`, to: addDays(`${today.slice(0, 7)}-01`, -1) };
  const [home, work, shop, complaint, service, watch] = await Promise.all([
    api(HomeDocument, {}, { cookies }),
    someOf(flags) ? api(HomeWorkDocument, { openForReview: [...CLAIM_OPEN_FOR_REVIEW], ...flags }, { cookies }) : Promise.resolve({} as HomeWorkQuery),
    someOf(workshop)
      ? api(HomeWorkshopDocument, { me: me.user.id, jobStates: [...WORKSHOP_STATES], ...workshop }, { cookies })
      : Promise.resolve({} as HomeWorkshopQuery),
    someOf(complaints) ? api(HomeComplaintsDocument, complaints, { cookies }) : Promise.resolve({} as HomeComplaintsQuery),
    someOf(contracts) ? api(HomeServiceRequestsDocument, contracts, { cookies }) : Promise.resolve({} as HomeServiceRequestsQuery),
    someOf(oversight) ? api(HomeOversightDocument, { ...lastMonth, ...oversight }, { cookies }) : Promise.resolve({} as HomeOversightQuery),
  ]);
  const counts: HomeWorkQuery & HomeWorkshopQuery & HomeComplaintsQuery & HomeServiceRequestsQuery = { ...work, ...shop, ...complaint, ...service };
  const tiles: WorkTile[] = TILES.flatMap(({ key, href, urgent }) => {
    const count = counts[key]?.totalCount;
    return count == null ? [] : [{ key, count, href, urgent: !!urgent && count > 0 }];
  });
  tiles.push(...oversightTiles(watch, oversight.network));
  return { counts: { relationships: home.relationships.totalCount, colleagues: home.users.totalCount }, work: tiles };
};

/** The oversight tiles: dealers (or the dealer's own figures) below target last month, escalations, warnings and overdue plan actions. */
function oversightTiles(q: HomeOversightQuery, manufacturer: boolean): WorkTile[] {
  const tiles: WorkTile[] = [];
  const add = (key: OversightKey, count: number | undefined, href: string, urgent: boolean) => {
    if (count !== undefined) tiles.push({ key, count, href, urgent: urgent && count > 0 });
  };
  add('dealersBelowTarget', q.network?.rows.filter((r) => r.below.length > 0).length, '/figures', true);
  add('escalatedComplaints', q.escalated?.totalCount, '/complaints?ageing=ESCALATED', true);
  add('ownFiguresBelowTarget', q.own?.figures.filter((f) => f.judgement === 'BELOW').length, '/figures', true);
  add('openWarnings', q.warnings?.totalCount, '/supervision', !manufacturer || (q.warnings?.nodes.some((w) => w.overdue) ?? false));
  add('plansWithOverdueActions', q.plans?.nodes.filter((p) => p.actions.some((a) => a.overdue)).length, '/supervision', true);
  return tiles;
}
