/** Web Crypto, available in Node ≥ 19 and browsers (declared here: the domain has no DOM/Node types). */
declare const crypto: { getRandomValues<T extends Uint8Array>(array: T): T };

let lastMs = -1;
let counter = 0;

/** Random bytes drawn 4 KiB at a time: one call to the system's generator per 256 ids, not per id. */
const entropy = new Uint8Array(4096);
let entropyAt = entropy.length;
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/**
 * UUIDv7: time-ordered ids (RFC 9562), so inserts stay index-friendly. Within one millisecond
 * the 12-bit `rand_a` field is a counter (RFC 9562 §6.2, method 1), so ids made by one process
 * sort in creation order — lists ordered by id keep the order things happened in.
 */
export function uuidv7(now: number = Date.now()): string {
  if (entropyAt + 16 > entropy.length) {
    crypto.getRandomValues(entropy);
    entropyAt = 0;
  }
  const bytes = entropy.slice(entropyAt, entropyAt + 16);
  entropyAt += 16;
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
  // 48-bit milliseconds, big-endian (two exact integer parts: no BigInt per id)
  const high = Math.floor(now / 2 ** 16);
  const low = now % 2 ** 16;
  bytes[0] = (high >>> 24) & 0xff;
  bytes[1] = (high >>> 16) & 0xff;
  bytes[2] = (high >>> 8) & 0xff;
  bytes[3] = high & 0xff;
  bytes[4] = (low >>> 8) & 0xff;
  bytes[5] = low & 0xff;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  let hex = '';
  for (let i = 0; i < 16; i++) hex += HEX[bytes[i]!];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Human document numbers per tenant, e.g. RO-2026-000123. */
export function documentNumber(prefix: string, year: number, seq: number): string {
  return `${prefix}-${year}-${String(seq).padStart(6, '0')}`;
}
