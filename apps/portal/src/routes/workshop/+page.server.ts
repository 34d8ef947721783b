import { api } from '$lib/server/api';
import { requireArea } from '$lib/server/guard';
import { WorkshopBoardDocument, type RepairOrderStatus } from '$lib/graphql/generated';
import { repairOrderMachine } from '@asn/domain';
import type { PageServerLoad } from './$types';

/** The board's columns: every state an order can be in before it leaves the workshop (the machine's states that are not an end). */
const COLUMNS: RepairOrderStatus[] = repairOrderMachine.states.filter((s) => !repairOrderMachine.terminal.includes(s));

/**
 * The workshop board. `?status=QC` (or `?status=READY,SETTLED`, or the parameter repeated) shows
 * only those columns — what a workbench tile counts; unknown states are ignored. `?chased=1` only the
 * orders whose customer is waiting for an answer to their chase.
 */
export const load: PageServerLoad = async ({ locals, cookies, url }) => {
  requireArea(locals.me, 'workshop');
  const asked = url.searchParams.getAll('status').flatMap((s) => s.split(','));
  const filter = COLUMNS.filter((c) => asked.includes(c));
  const columns = filter.length ? filter : COLUMNS;
  // ?chased=1: only the orders whose customer chased (催单) and the desk has not answered yet
  const chased = url.searchParams.get('chased') === '1';
  const r = await api(WorkshopBoardDocument, { status: columns, first: 100, chased: chased || null }, { cookies });
  return { columns, filter, chased, orders: r.repairOrders.nodes, total: r.repairOrders.totalCount };
};
