import type { Actor } from '@asn/authz';
import { DomainError, ErrorCode, InputCheck, isRole, uuidv7, type TenantKind } from '@asn/domain';
import { announceSessionsChanged } from '../../platform/sockets.js';
import { inTx, type AppServices, type Ctx, type Principal } from '../../platform/context.js';
import { Session, User } from '../../platform/db/entities.js';
import { hashToken, newToken, SESSION_COOKIE, verifyPassword } from '../../platform/auth/tokens.js';
import { takeAttempt, tooManyAttempts, type AttemptLimit } from '../../platform/auth/attempts.js';

interface SessionActorRow {
  session_id: string;
  user_id: string;
  tenant_id: string | null;
  tenant_kind: TenantKind | null;
  tenant_name: string | null;
  roles: string[];
  regions: string[];
  email: string;
  display_name: string;
  locale: string;
  is_platform_admin: boolean;
  expires_at: Date;
  user_created_at: Date;
  user_version: number;
}

export interface ResolvedSession {
  actor: Actor;
  principal: Principal | null;
}

const ANONYMOUS: ResolvedSession = { actor: { type: 'anonymous' }, principal: null };

/**
 * Turns a session token into the actor and principal. Revoked, expired or deactivated sessions
 * resolve to anonymous. Runs through a security-definer function: no tenant is known yet.
 */
export async function resolveSession(services: AppServices, token: string | null): Promise<ResolvedSession> {
  if (!token) return ANONYMOUS;
  const key = hashToken(token);
  const now = services.clock.now();
  const cached = services.sessions.get(key, now.getTime());
  if (cached) return cached;
  const ticket = services.sessions.ticket();
  const em = services.orm.em.fork();
  const rows = await em.execute<SessionActorRow[]>('select * from app_session_actor(?, ?)', [key, now]);
  const row = rows[0];
  if (!row) return ANONYMOUS;
  const resolved = resolvedFrom(row);
  if (resolved.actor.type !== 'anonymous') services.sessions.set(key, resolved, now.getTime(), new Date(row.expires_at).getTime(), ticket);
  return resolved;
}

/** The actor and principal of a live session's row (shared by every request that reuses it: never mutated). */
function resolvedFrom(row: SessionActorRow): ResolvedSession {
  const principal: Principal = {
    sessionId: row.session_id,
    userId: row.user_id,
    email: row.email,
    displayName: row.display_name,
    locale: row.locale,
    tenantName: row.tenant_name,
    roles: row.roles.filter(isRole),
    regions: row.regions,
    createdAt: new Date(row.user_created_at),
    version: row.user_version,
  };
  if (row.is_platform_admin) return { actor: { type: 'platform', userId: row.user_id }, principal };
  if (!row.tenant_id || !row.tenant_kind) return ANONYMOUS;
  return {
    actor: {
      type: 'member',
      userId: row.user_id,
      tenantId: row.tenant_id,
      tenantKind: row.tenant_kind,
      roles: principal.roles,
      regions: principal.regions,
    },
    principal,
  };
}

/**
 * Five failed sign-ins per e-mail, or thirty per client address, within 15 minutes lock that
 * e-mail (address) for 15 minutes. Each attempt is counted before its password is verified
 * (platform/auth/attempts.ts), so a burst sent at once verifies at most five passwords per e-mail.
 * A successful sign-in forgets the e-mail's failures and gives back its own slot of the address.
 */
const SIGN_IN_LIMITS = {
  perEmail: { max: 5, windowMinutes: 15, lockMinutes: 15, onSuccess: 'reset' },
  perAddress: { max: 30, windowMinutes: 15, lockMinutes: 15, onSuccess: 'release' },
} satisfies Record<string, AttemptLimit>;

interface AuthUserRow {
  id: string;
  tenant_id: string | null;
  password_hash: string;
  active: boolean;
  display_name: string;
}

/** The account behind an e-mail (through a security-definer function) and whether the password is its own. */
async function checkPassword(ctx: Ctx, email: string, password: string): Promise<{ user: AuthUserRow | undefined; ok: boolean }> {
  const rows = await ctx.em.fork().execute<AuthUserRow[]>('select * from app_auth_user(?)', [email]);
  const user = rows[0];
  return { user, ok: await verifyPassword(user?.password_hash ?? null, password) };
}

export interface SignInInputData {
  email: string;
  password: string;
  issueBearerToken?: boolean | null;
}

/**
 * Password sign-in. Five failures for one e-mail (thirty from one address) within 15 minutes lock
 * sign-in for 15 minutes (RATE_LIMITED), counted before the password is verified. Creates a
 * revocable server-side session; the token goes into an HttpOnly cookie, and is returned only
 * when an API client asks for a bearer token.
 */
export async function signIn(ctx: Ctx, input: SignInInputData): Promise<{ token: string | null; resolved: ResolvedSession }> {
  const check = new InputCheck();
  const email = check.email('input.email', input.email);
  if (!input.password) check.because('input.password', 'REQUIRED', {}, 'must not be empty');
  check.done();

  // the e-mail first: a burst against one account that its limit refuses costs the address nothing
  const gate = await takeAttempt(
    ctx.em.fork(),
    [{ key: `email:${email}`, limit: SIGN_IN_LIMITS.perEmail }, ...(ctx.clientIp ? [{ key: `ip:${ctx.clientIp}`, limit: SIGN_IN_LIMITS.perAddress }] : [])],
    ctx.clock.now(),
  );
  if (!gate.admitted) throw tooManyAttempts('Too many failed sign-ins.', gate.retryAfterMinutes);

  const { user, ok } = await checkPassword(ctx, email, input.password).catch(async (e: unknown) => {
    await gate.abandon();
    throw e;
  });
  if (!user || !ok || !user.active) {
    await gate.failed();
    const deactivated = !!user && ok && !user.active;
    throw deactivated
      ? DomainError.because(ErrorCode.UNAUTHENTICATED, 'ACCOUNT_DEACTIVATED', {}, 'This account is deactivated. Ask your administrator.')
      : DomainError.because(ErrorCode.UNAUTHENTICATED, 'WRONG_CREDENTIALS', {}, 'E-mail or password is wrong.');
  }
  await gate.succeeded();

  const token = newToken();
  const now = ctx.clock.now();
  const idleMs = ctx.services.config.sessionIdleHours * 3600_000;
  await inTx(
    ctx,
    async (tx) => {
      const session = Object.assign(new Session(), {
        id: uuidv7(),
        tokenHash: hashToken(token),
        userId: user.id,
        tenantId: user.tenant_id,
        createdAt: now,
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + idleMs),
        userAgent: ctx.userAgent?.slice(0, 300) ?? null,
      });
      tx.em.persist(session);
      if (user.tenant_id) {
        tx.audit({
          action: 'user.signedIn',
          entityType: 'User',
          entityId: user.id,
          actor: { userId: user.id, name: user.display_name },
          after: { sessionId: session.id, userAgent: session.userAgent },
        });
      }
    },
    { tenantId: user.tenant_id, userId: user.id },
  );
  ctx.cookies?.set(SESSION_COOKIE, token, { maxAgeSeconds: Math.floor(idleMs / 1000) });
  const resolved = await resolveSession(ctx.services, token);
  return { token: input.issueBearerToken ? token : null, resolved };
}

/** Revokes the current session and clears the cookie. */
export async function signOut(ctx: Ctx): Promise<void> {
  const principal = ctx.principal;
  if (!principal) throw DomainError.unauthenticated();
  await inTx(ctx, async (tx) => {
    const session = await tx.em.findOne(Session, { id: principal.sessionId });
    if (session && !session.revokedAt) session.revokedAt = ctx.clock.now();
    if (ctx.actor.type === 'member') {
      tx.audit({ action: 'user.signedOut', entityType: 'User', entityId: principal.userId, after: { sessionId: principal.sessionId } });
    }
  });
  announceSessionsChanged(ctx.services); // this session's sockets close, on every API process
  ctx.cookies?.clear(SESSION_COOKIE);
}

/** Revokes every open session of a user (deactivation, role changes that remove access). */
export async function revokeSessionsOf(em: Ctx['em'], userId: string, at: Date): Promise<number> {
  return em.nativeUpdate(Session, { userId, revokedAt: null }, { revokedAt: at });
}

/** Sliding expiry: pushes the session's expiry forward at most every five minutes. */
export async function touchSession(ctx: Ctx): Promise<void> {
  const p = ctx.principal;
  if (!p) return;
  const now = ctx.clock.now();
  const idleMs = ctx.services.config.sessionIdleHours * 3600_000;
  await inTx(ctx, async (tx) => {
    await tx.em.nativeUpdate(
      Session,
      { id: p.sessionId, lastSeenAt: { $lt: new Date(now.getTime() - 5 * 60_000) } },
      { lastSeenAt: now, expiresAt: new Date(now.getTime() + idleMs) },
    );
  });
}

export type { User };
