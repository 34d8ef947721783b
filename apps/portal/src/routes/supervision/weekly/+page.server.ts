import { loadWeekly } from './load.server';
import type { PageServerLoad } from './$types';

/** 服务质量周报 (issue 16 item 5): a dealer's week on screen (load.server.ts). */
export const load: PageServerLoad = ({ locals, cookies, url }) => loadWeekly(locals, cookies, url);
