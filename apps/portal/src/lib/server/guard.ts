import { error } from '@sveltejs/kit';
import type { MeFieldsFragment } from '$lib/graphql/generated';

/** The page's area must be in the user's navigation (computed by the API from the ability). */
export function requireArea(me: MeFieldsFragment | null, area: string): MeFieldsFragment {
  if (!me || !me.navigation.includes(area)) error(403, { message: 'FORBIDDEN', code: 'FORBIDDEN' });
  return me;
}

export function list(value: FormDataEntryValue | null): string[] {
  return String(value ?? '')
    .split(/[,，、\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function text(value: FormDataEntryValue | null): string | null {
  const s = String(value ?? '').trim();
  return s === '' ? null : s;
}
