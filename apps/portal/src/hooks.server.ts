import type { Handle, HandleServerError } from '@sveltejs/kit';
import { api, ApiError, SESSION_COOKIE } from '$lib/server/api';
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

/**
 * An error no page expected (never the API's or the runtime's English message on the page): its
 * code for the error page, which says it in the reader's language. A record the API does not find
 * (or a malformed id it refuses) is said as "not found" even where a page forgot to map it to 404.
 */
export const handleError: HandleServerError = ({ error, event, status, message }) => {
  const lang = event.locals.lang ?? DEFAULT_LANG;
  if (error instanceof ApiError && (error.code === 'NOT_FOUND' || error.code === 'BAD_USER_INPUT')) return { message: 'NOT_FOUND', code: 'NOT_FOUND', lang };
  if (status !== 404) console.error(`[portal] ${event.request.method} ${event.url.pathname}: ${message}`, error);
  const code = status === 404 ? 'NOT_FOUND' : 'INTERNAL_SERVER_ERROR';
  return { message: code, code, lang };
};
