import type { Actor } from '@asn/authz';
import { DomainError, ErrorCode, InputCheck, isRole, uuidv7, type TenantKind } from '@asn/domain';
import { inTx, type AppServices, type Ctx, type Principal } from '../../platform/context.js';
import { Session, User } from '../../platform/db/entities.js';
import { hashToken, newToken, SESSION_COOKIE, verifyPassword } from '../../platform/auth/tokens.js';

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
  const em = services.orm.em.fork();
  const rows = (await em.execute('select * from app_session_actor(?, ?)', [hashToken(token), services.clock.now()])) as SessionActorRow[];
  const row = rows[0];
  if (!row) return ANONYMOUS;
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

/** Five failures per e-mail, or thirty per client address, within 15 minutes lock for 15 minutes. */
const THROTTLE = { perEmail: 5, perAddress: 30, windowMinutes: 15, lockMinutes: 15 };

interface ThrottleKey {
  key: string;
  max: number;
}

async function throttleLockedMinutes(ctx: Ctx, keys: ThrottleKey[]): Promise<number> {
  const rows = (await ctx.em.fork().execute(
    `select ceil(extract(epoch from (max(locked_until) - now())) / 60)::int as minutes
       from auth_throttle where key in (${keys.map(() => '?').join(', ')}) and locked_until > now()`,
    keys.map((k) => k.key),
  )) as { minutes: number | null }[];
  return rows[0]?.minutes ?? 0;
}

async function recordFailure(ctx: Ctx, keys: ThrottleKey[]): Promise<void> {
  const em = ctx.em.fork();
  for (const { key, max } of keys) {
    await em.execute(
      `insert into auth_throttle as t (key, failures, window_started_at) values (?, 1, now())
       on conflict (key) do update set
         failures = case when t.window_started_at < now() - make_interval(mins => ?) then 1 else t.failures + 1 end,
         window_started_at = case when t.window_started_at < now() - make_interval(mins => ?) then now() else t.window_started_at end`,
      [key, THROTTLE.windowMinutes, THROTTLE.windowMinutes],
    );
    await em.execute(
      `update auth_throttle set locked_until = now() + make_interval(mins => ?), failures = 0, window_started_at = now()
        where key = ? and failures >= ?`,
      [THROTTLE.lockMinutes, key, max],
    );
  }
}

export interface SignInInputData {
  email: string;
  password: string;
  issueBearerToken?: boolean | null;
}

/**
 * Password sign-in. Five failures for one e-mail (or from one address) within 15 minutes lock
 * sign-in for 15 minutes (RATE_LIMITED). Creates a revocable server-side session; the token goes
 * into an HttpOnly cookie, and is returned only when an API client asks for a bearer token.
 */
export async function signIn(ctx: Ctx, input: SignInInputData): Promise<{ token: string | null; resolved: ResolvedSession }> {
  const check = new InputCheck();
  const email = check.email('input.email', input.email);
  if (!input.password) check.add('input.password', 'must not be empty');
  check.done();

  const keys: ThrottleKey[] = [
    { key: `email:${email}`, max: THROTTLE.perEmail },
    ...(ctx.clientIp ? [{ key: `ip:${ctx.clientIp}`, max: THROTTLE.perAddress }] : []),
  ];
  const locked = await throttleLockedMinutes(ctx, keys);
  if (locked > 0) {
    throw new DomainError(
      ErrorCode.RATE_LIMITED,
      `Too many failed sign-ins. Try again in ${locked} minute${locked === 1 ? '' : 's'}.`,
      { retryAfterMinutes: locked },
    );
  }

  const rows = (await ctx.em.fork().execute('select * from app_auth_user(?)', [email])) as {
    id: string;
    tenant_id: string | null;
    password_hash: string;
    active: boolean;
    display_name: string;
  }[];
  const user = rows[0];
  const ok = await verifyPassword(user?.password_hash ?? null, input.password);
  if (!user || !ok || !user.active) {
    await recordFailure(ctx, keys);
    throw DomainError.unauthenticated(
      user && ok && !user.active ? 'This account is deactivated. Ask your administrator.' : 'E-mail or password is wrong.',
    );
  }
  await ctx.em.fork().execute('delete from auth_throttle where key = ?', [`email:${email}`]);

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
