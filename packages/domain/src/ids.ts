/** Web Crypto, available in Node ≥ 19 and browsers (declared here: the domain has no DOM/Node types). */
declare const crypto: { getRandomValues<T extends Uint8Array>(array: T): T };

let lastMs = -1;
let counter = 0;

/**
 * UUIDv7: time-ordered ids (RFC 9562), so inserts stay index-friendly. Within one millisecond
 * the 12-bit `rand_a` field is a counter (RFC 9562 §6.2, method 1), so ids made by one process
 * sort in creation order — lists ordered by id keep the order things happened in.
 */
export function uuidv7(now: number = Date.now()): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  if (now <= lastMs) {
    counter++;
    if (counter > 0xfff) {
      // counter exhausted: borrow the next millisecond
      lastMs++;
      counter = 0;
    }
    now = lastMs;
  } else {
    lastMs = now;
    counter = 0;
  }
  bytes[6] = 0x70 | ((counter >> 8) & 0x0f);
  bytes[7] = counter & 0xff;
  let ts = BigInt(now);
  for (let i = 5; i >= 0; i--) {
    bytes[i] = Number(ts & 0xffn);
    ts >>= 8n;
  }
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Human document numbers per tenant, e.g. RO-2026-000123. */
export function documentNumber(prefix: string, year: number, seq: number): string {
  return `${prefix}-${year}-${String(seq).padStart(6, '0')}`;
}
