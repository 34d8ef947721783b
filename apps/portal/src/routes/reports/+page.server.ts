import { loadReport } from './load.server';
import type { PageServerLoad } from './$types';

/** 业务统计表: a dealer's day, ISO week or month (load.server.ts). */
export const load: PageServerLoad = ({ locals, cookies, url }) => loadReport(locals, cookies, url);
