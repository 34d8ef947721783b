import { createHash, randomBytes } from 'node:crypto';
import { Algorithm, hash, verify } from '@node-rs/argon2';

export const SESSION_COOKIE = 'asn_session';

/** 256-bit random token, URL-safe. Only its SHA-256 is stored. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const ARGON = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON);
}

let dummyHash: Promise<string> | null = null;
let verifications = 0;

/**
 * How many passwords this process has verified (a metric, and how tests prove that a burst of
 * sign-ins verified no more than the attempt limit allows).
 */
export function passwordVerifications(): number {
  return verifications;
}

/** Verifies a password; with no stored hash, still spends the same time (no user probing). */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  verifications += 1;
  if (!stored) {
    dummyHash ??= hashPassword('not-a-real-password-0');
    await verify(await dummyHash, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}

/** A readable one-time password for invited users (shown once to the admin). */
export function temporaryPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(14);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

/** Extracts the session token from a bearer header or the session cookie. */
export function tokenFromHeaders(headers: { authorization?: string | string[]; cookie?: string | string[] }): string | null {
  const auth = Array.isArray(headers.authorization) ? headers.authorization[0] : headers.authorization;
  if (auth && /^Bearer\s+/i.test(auth)) return auth.replace(/^Bearer\s+/i, '').trim() || null;
  const cookieHeader = Array.isArray(headers.cookie) ? headers.cookie.join('; ') : headers.cookie;
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === SESSION_COOKIE) return decodeURIComponent(v.join('=')) || null;
  }
  return null;
}
