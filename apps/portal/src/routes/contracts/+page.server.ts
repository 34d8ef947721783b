import { api } from '$lib/server/api';
import { abilityOf } from '$lib/server/ability';
import { requireArea } from '$lib/server/guard';
import { ContractListDocument, type ContractStatus } from '$lib/graphql/generated';
import { CONTRACT_STATES } from './contracts';
import type { PageServerLoad } from './$types';

/** How soon "expiring" is. */
const EXPIRING_DAYS = 30;

/**
 * 服务合同: the provider's contracts (number and version, customer, type, status, period, days
 * left, open requests), by status or expiring within 30 days, found by number, customer or title.
 * The manufacturer reads its dealers' contracts here, read-only.
 */
export const load: PageServerLoad = async ({ locals, cookies, url }) => {
  const me = requireArea(locals.me, 'contracts');
  const ability = abilityOf(me);
  const q = url.searchParams;
  const status = (CONTRACT_STATES as readonly string[]).includes(q.get('status') ?? '') ? (q.get('status') as ContractStatus) : null;
  const expiring = q.get('expiring') === '1';
  const search = q.get('q')?.trim() || null;
  const after = q.get('after');
  const { serviceContracts } = await api(
    ContractListDocument,
    { filter: { status, search, expiringWithinDays: expiring ? EXPIRING_DAYS : null }, first: 20, after },
    { cookies },
  );
  const manufacturer = me.tenant?.kind === 'MANUFACTURER';
  return {
    contracts: serviceContracts,
    filter: { status, expiring, search },
    after,
    manufacturer,
    can: { create: !manufacturer && ability.can('create', 'ServiceContract'), calendar: !manufacturer && ability.can('read', 'WorkingCalendar') },
  };
};
