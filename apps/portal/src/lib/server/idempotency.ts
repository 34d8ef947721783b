import { randomUUID } from 'node:crypto';

/**
 * Idempotency keys for the forms that create a document or move money. Each page render gets a
 * fresh key (`formKey()` in its load, sent back in a hidden `idempotencyKey` input; a form per
 * record of a list appends `:<record id>`), so a double submit or a POST retried on a
 * flaky network is answered with the first result instead of creating twice. After a success the
 * page loads again and gets a new key for the next record.
 */
export const KEY_FIELD = 'idempotencyKey';

export function formKey(): string {
  return randomUUID();
}

/** The key a form posted (null when absent, e.g. a form from a page cached before keys existed). */
export function postedKey(f: FormData): string | null {
  const v = f.get(KEY_FIELD);
  return typeof v === 'string' && v.trim() ? v.trim() : null;
}
