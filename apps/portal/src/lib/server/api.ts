import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { env } from '$env/dynamic/private';
import { error, fail, type Cookies } from '@sveltejs/kit';
import { getRequestEvent } from '$app/server';

export const SESSION_COOKIE = 'asn_session';

/** The API's GraphQL endpoint, or its file-upload route (`/graphql/upload`, larger body limit). */
function apiUrl(upload = false): string {
  return `${(env.API_URL ?? 'http://127.0.0.1:4000').replace(/\/$/, '')}/graphql${upload ? '/upload' : ''}`;
}

/** An error the API answered with: its code (e.g. FORBIDDEN) and human message. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly details: Record<string, unknown> | null = null,
  ) {
    super(message);
  }
}

/**
 * For `api(...).catch(notFoundAs404)` on a page of one record: the API's NOT_FOUND (or a malformed
 * id, BAD_USER_INPUT) is the page's 404 with the API's message; anything else goes on up.
 */
export function notFoundAs404(e: unknown): never {
  if (e instanceof ApiError && (e.code === 'NOT_FOUND' || e.code === 'BAD_USER_INPUT')) error(404, { message: e.message, code: 'NOT_FOUND' });
  throw e;
}

interface CallOptions {
  cookies: Cookies;
  /** Relay the API's session cookie to the browser (sign-in, sign-out). */
  relaySessionCookie?: boolean;
  /** A file upload (uploadAttachment): sent to the API's upload route. */
  upload?: boolean;
}

/**
 * The browser's address, for the API's per-address limits (sign-in): sent as X-Forwarded-For,
 * which the API believes from this server when its TRUST_PROXY names it (`loopback` on one
 * machine). Behind a proxy of its own, the portal learns the address from ADDRESS_HEADER.
 */
function browserAddress(): string | null {
  try {
    return getRequestEvent().getClientAddress();
  } catch {
    return null; // outside a request, or the address header is missing
  }
}

/**
 * Calls the API server-to-server with the browser's session cookie and address. Typed by the
 * generated documents: the result has exactly the shape the operation asked for.
 */
export async function api<R, V extends Record<string, unknown>>(
  document: TypedDocumentNode<R, V>,
  variables: V,
  { cookies, relaySessionCookie, upload }: CallOptions,
): Promise<R> {
  const session = cookies.get(SESSION_COOKIE);
  const address = browserAddress();
  const res = await fetch(apiUrl(upload), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(address ? { 'x-forwarded-for': address } : {}),
      ...(session ? { cookie: `${SESSION_COOKIE}=${encodeURIComponent(session)}` } : {}),
    },
    body: JSON.stringify({ query: print(document), variables }),
  });
  if (relaySessionCookie) relayCookie(res, cookies);
  const body = (await res.json().catch(() => null)) as {
    data?: R;
    errors?: { message: string; extensions?: { code?: string; details?: Record<string, unknown> } }[];
  } | null;
  if (!body) throw new ApiError(`The API answered ${res.status}.`, 'INTERNAL_SERVER_ERROR');
  const first = body.errors?.[0];
  if (first) throw new ApiError(first.message, first.extensions?.code ?? 'INTERNAL_SERVER_ERROR', first.extensions?.details ?? null);
  return body.data as R;
}

function relayCookie(res: Response, cookies: Cookies): void {
  for (const header of res.headers.getSetCookie()) {
    const [pair, ...attrs] = header.split(';').map((s) => s.trim());
    if (!pair?.startsWith(`${SESSION_COOKIE}=`)) continue;
    const value = decodeURIComponent(pair.slice(SESSION_COOKIE.length + 1));
    const maxAge = Number(attrs.find((a) => a.toLowerCase().startsWith('max-age='))?.split('=')[1] ?? 0);
    if (!value || attrs.some((a) => a.toLowerCase().startsWith('expires=thu, 01 jan 1970'))) {
      cookies.delete(SESSION_COOKIE, { path: '/' });
    } else {
      cookies.set(SESSION_COOKIE, value, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: attrs.some((a) => a.toLowerCase() === 'secure'),
        maxAge: maxAge || undefined,
      });
    }
  }
}

/** Runs a mutation for a form action: `{ done: true }`, or the API's failure as a 400 form result. */
export async function attempt<V extends Record<string, unknown>>(document: TypedDocumentNode<unknown, V>, variables: V, cookies: Cookies) {
  try {
    await api(document, variables, { cookies });
    return { done: true as const };
  } catch (e) {
    return fail(400, failure(e));
  }
}

/** A refusal as a page shows it (refusalText in $lib/i18n renders it in the reader's language). */
export interface Failure {
  /** The API's English message: for logs and tests, never shown (pages render code, reason, params, problems). */
  error: string;
  code: string;
  reason?: string;
  params?: Record<string, unknown>;
  problems?: { field: string; reason?: string; params?: Record<string, unknown> }[];
  retryAfterMinutes?: number;
  alternatives?: string[];
  /** The file an upload's refusal is about. */
  fileName?: string;
  /** A refusal the portal made in the reader's language already (`said`). */
  text?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The problems of a BAD_USER_INPUT: each field with its reason and parameters (not the English message). */
function problemsOf(details: Record<string, unknown> | null): Failure['problems'] {
  const list = details?.problems;
  if (!Array.isArray(list)) return undefined;
  return list.filter(isRecord).map((p) => ({
    field: String(p.field ?? ''),
    ...(typeof p.reason === 'string' ? { reason: p.reason } : {}),
    ...(isRecord(p.params) ? { params: p.params } : {}),
  }));
}

/** Turns an API failure into a form result the page can show: code, the reason the API names with its parameters, and the field problems. */
export function failure(e: unknown): Failure {
  if (e instanceof ApiError) {
    const alternatives = e.details?.alternatives;
    const reason = e.details?.reason;
    const params = e.details?.params;
    const problems = problemsOf(e.details);
    const retryAfterMinutes = e.details?.retryAfterMinutes;
    return {
      error: e.message,
      code: e.code,
      ...(typeof reason === 'string' ? { reason } : {}),
      ...(isRecord(params) ? { params } : {}),
      ...(problems?.length ? { problems } : {}),
      ...(typeof retryAfterMinutes === 'number' ? { retryAfterMinutes } : {}),
      ...(Array.isArray(alternatives) ? { alternatives: alternatives.map(String) } : {}),
    };
  }
  console.error('[portal] unexpected', e);
  return { error: 'Something went wrong. Please try again.', code: 'INTERNAL_SERVER_ERROR' };
}

/** A refusal the portal itself makes (a form it checks before calling the API), with a catalogued reason. */
export function refusal(code: string, reason: string, params: Record<string, unknown> = {}, extra: Partial<Failure> = {}): Failure {
  return { error: reason, code, reason, params, ...extra };
}

/** The portal's own refusal of one field, with a catalogued reason. */
export function badField(field: string, reason: string, params: Record<string, unknown> = {}, extra: Partial<Failure> = {}): Failure {
  return { error: `${field}: ${reason}`, code: 'BAD_USER_INPUT', problems: [{ field, reason, params }], ...extra };
}

/** The portal's own refusal in words it already has in the reader's language. */
export function said(text: string, extra: Partial<Failure> = {}): Failure {
  return { error: text, text, code: 'BAD_USER_INPUT', ...extra };
}
