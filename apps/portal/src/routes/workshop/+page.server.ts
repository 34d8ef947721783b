import { api } from '$lib/server/api';
import { requireArea } from '$lib/server/guard';
import { WorkshopBoardDocument, type RepairOrderStatus } from '$lib/graphql/generated';
import { repairOrderMachine } from '@asn/domain';
import type { PageServerLoad } from './$types';

/** The board's columns: every state an order can be in before it leaves the workshop (the machine's states that are not an end). */
const COLUMNS: RepairOrderStatus[] = repairOrderMachine.states.filter((s) => !repairOrderMachine.terminal.includes(s));

export const load: PageServerLoad = async ({ locals, cookies }) => {
  requireArea(locals.me, 'workshop');
  const r = await api(WorkshopBoardDocument, { status: COLUMNS, first: 100 }, { cookies });
  return { columns: COLUMNS, orders: r.repairOrders.nodes, total: r.repairOrders.totalCount };
};
