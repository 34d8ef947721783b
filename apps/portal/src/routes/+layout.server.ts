import { redirect } from '@sveltejs/kit';
import type { LayoutServerLoad } from './$types';

/** Pages for visitors without an account: sign-in, customers' tracking links (/t/<token>), contract links (/k/<token>) and providers' booking pages (/b/<code>). */
const isPublic = (path: string) => path === '/sign-in' || path.startsWith('/t/') || path.startsWith('/k/') || path.startsWith('/b/');

export const load: LayoutServerLoad = async ({ locals, url }) => {
  if (!locals.me && !isPublic(url.pathname)) {
    redirect(303, `/sign-in${url.pathname === '/' ? '' : `?next=${encodeURIComponent(url.pathname)}`}`);
  }
  return { me: locals.me, lang: locals.lang };
};
