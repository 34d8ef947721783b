import { loadReport } from '../load.server';
import type { PageServerLoad } from './$types';

/** 业务统计表 on A4, to print: the same report as /reports (load.server.ts). */
export const load: PageServerLoad = ({ locals, cookies, url }) => loadReport(locals, cookies, url);
