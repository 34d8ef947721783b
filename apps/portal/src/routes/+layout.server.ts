import { redirect } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';

const PUBLIC = ['/sign-in'];

export const load: LayoutServerLoad = async ({ locals, url }) => {
  if (!locals.me && !PUBLIC.includes(url.pathname)) {
    redirect(303, `/sign-in${url.pathname === '/' ? '' : `?next=${encodeURIComponent(url.pathname)}`}`);
  }
  return { me: locals.me, lang: locals.lang };
};
