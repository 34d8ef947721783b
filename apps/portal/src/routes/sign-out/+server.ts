import { redirect } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { SignOutDocument } from '$lib/graphql/generated';
import type { RequestHandler } from './$types';

/** Revokes the session at the API and clears the cookie. */
export const POST: RequestHandler = async ({ cookies }) => {
  try {
    await api(SignOutDocument, {}, { cookies, relaySessionCookie: true });
  } catch {
    // already signed out: nothing to revoke
  }
  cookies.delete('asn_session', { path: '/' });
  redirect(303, '/sign-in');
};
