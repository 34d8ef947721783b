import { fail, redirect } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { api, failure } from '$lib/server/api';
import { SignInDocument } from '$lib/graphql/generated';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  if (locals.me) redirect(303, '/');
  return { demo: env.DEMO === '1' };
};

export const actions: Actions = {
  default: async ({ request, cookies, url }) => {
    const form = await request.formData();
    const email = String(form.get('email') ?? '');
    const password = String(form.get('password') ?? '');
    try {
      await api(SignInDocument, { input: { email, password } }, { cookies, relaySessionCookie: true });
    } catch (e) {
      return fail(400, { email, ...failure(e) });
    }
    const next = url.searchParams.get('next');
    redirect(303, next && next.startsWith('/') && !next.startsWith('//') ? next : '/');
  },
};
