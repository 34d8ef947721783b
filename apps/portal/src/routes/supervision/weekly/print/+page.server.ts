import { loadWeekly } from '../load.server';
import type { PageServerLoad } from './$types';

/** 服务质量周报 on A4, to print: the same report as /supervision/weekly (load.server.ts). */
export const load: PageServerLoad = ({ locals, cookies, url }) => loadWeekly(locals, cookies, url);
