import { redirect } from '@sveltejs/kit';
import { isLang } from '$lib/i18n';
import type { RequestHandler } from './$types';

/** Switches the portal language (cookie) and returns to the page. */
export const POST: RequestHandler = async ({ request, cookies }) => {
  const form = await request.formData();
  const lang = String(form.get('lang') ?? '');
  if (isLang(lang)) cookies.set('lang', lang, { path: '/', httpOnly: false, sameSite: 'lax', maxAge: 365 * 24 * 3600 });
  const back = String(form.get('redirectTo') ?? '/');
  redirect(303, back.startsWith('/') && !back.startsWith('//') ? back : '/');
};
