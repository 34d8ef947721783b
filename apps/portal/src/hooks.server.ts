import type { Handle } from '@sveltejs/kit';
import { api, SESSION_COOKIE } from '$lib/server/api';
import { MeDocument } from '$lib/graphql/generated';
import { DEFAULT_LANG, isLang } from '$lib/i18n';

/** Who is signed in (asked of the API on every request) and which language to show. */
export const handle: Handle = async ({ event, resolve }) => {
  const langCookie = event.cookies.get('lang');
  event.locals.lang = isLang(langCookie) ? langCookie : DEFAULT_LANG;
  event.locals.sessionCookie = event.cookies.get(SESSION_COOKIE) ?? null;
  event.locals.me = null;
  if (event.locals.sessionCookie) {
    try {
      event.locals.me = (await api(MeDocument, {}, { cookies: event.cookies })).me;
    } catch (e) {
      console.error('[portal] could not reach the API for `me`', e);
    }
  }
  return resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', event.locals.lang) });
};
