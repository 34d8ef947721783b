import { api } from '$lib/server/api';
import { abilityOf } from '$lib/server/ability';
import { HomeDocument, HomeWorkDocument, type HomeWorkQuery } from '$lib/graphql/generated';
import type { PageServerLoad } from './$types';

/** A tile of the workbench: how many wait, where to work them, and whether waiting is already late. */
export interface WorkTile {
  key: keyof HomeWorkQuery;
  count: number;
  href: string;
  urgent: boolean;
}

const TILES: { key: keyof HomeWorkQuery; href: string; urgent?: boolean }[] = [
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
];

/**
 * 工作台: the tenant and the user's roles, and what waits for them — claims to review (overdue and
 * 三包 among them), parts to receive and inspect, drafts and questions to answer, parts to ship,
 * recovery claims to answer or settle. Only what the user's roles work is asked for; the layout's
 * live events refresh the counts.
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
  };
  const [home, work] = await Promise.all([
    api(HomeDocument, {}, { cookies }),
    Object.values(flags).some(Boolean) ? api(HomeWorkDocument, flags, { cookies }) : Promise.resolve({} as HomeWorkQuery),
  ]);
  const tiles: WorkTile[] = TILES.flatMap(({ key, href, urgent }) => {
    const count = work[key]?.totalCount;
    return count == null ? [] : [{ key, count, href, urgent: !!urgent && count > 0 }];
  });
  return { counts: { relationships: home.relationships.totalCount, colleagues: home.users.totalCount }, work: tiles };
};
