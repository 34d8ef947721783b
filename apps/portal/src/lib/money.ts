/** "12.5" (yuan) → "1250" (fen) without floating point; anything else is passed on for the API to explain. */
export function yuanToFen(v: string | null): string | null {
  if (v == null) return null;
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(v.trim());
  return m ? String(BigInt(m[1]!) * 100n + BigInt((m[2] ?? '0').padEnd(2, '0'))) : v;
}
