import type http from 'node:http';
import type { WebSocket } from 'ws';
import { CloseCode } from 'graphql-ws';
import { log } from './log.js';
import { SESSIONS_TOPIC } from './pubsub.js';
import type { AppServices } from './context.js';

/**
 * The life of the API's WebSockets beyond graphql-ws itself:
 *
 * - connection parameters are checked (an object; `authorization`, when given, a string):
 *   anything else closes with 4400 and a plain reason;
 * - a socket authenticated by the session *cookie* must come from an allowed origin (the API's own,
 *   or one of `config.allowedOrigins`): another site's page cannot ride the user's cookie;
 * - a signed-in socket closes with 4403 within seconds when its session ends — sign-out,
 *   revocation, expiry, deactivation — or the user's roles or regions change, on every API
 *   process: each process checks all its sockets' sessions in one statement every few seconds,
 *   and at once when any process says sessions changed (SESSIONS_TOPIC, over Redis when set).
 *   The client reconnects and gets a context with the new roles, or none.
 */

/** Plain reasons (never an error's text): what a client may show or log. */
export const CLOSE_REASON = {
  BAD_PARAMS: 'Invalid connection parameters',
  ORIGIN: 'Origin not allowed',
  SESSION_ENDED: 'Session ended',
  ROLES_CHANGED: 'Permissions changed',
  INTERNAL: 'Internal server error',
} as const;

/** How often each process re-checks its sockets' sessions even without a notice. */
const SWEEP_MS = 2000;

/** The connection parameters a client may send: `{ authorization?: "Bearer …" }` (other keys ignored). */
export function connectionBearer(params: unknown): { ok: true; bearer: string | null } | { ok: false } {
  if (params == null) return { ok: true, bearer: null };
  if (typeof params !== 'object' || Array.isArray(params)) return { ok: false };
  const auth = (params as { authorization?: unknown }).authorization;
  if (auth == null) return { ok: true, bearer: null };
  if (typeof auth !== 'string' || auth.length > 4096) return { ok: false };
  return { ok: true, bearer: auth.replace(/^Bearer\s+/i, '').trim() || null };
}

/**
 * Whether a browser page from the request's Origin may use the session cookie on this socket:
 * no Origin (not a browser), the API's own origin (same host), or a configured portal origin.
 */
export function originAllowed(request: http.IncomingMessage, allowed: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  if (host && host === request.headers.host) return true;
  return allowed.some((a) => a.replace(/\/$/, '') === origin.replace(/\/$/, ''));
}

/**
 * Tells every API process that sessions ended or changed (sign-out, roles, deactivation): each
 * re-checks its sockets at once. Call after the change commits; the periodic check covers a
 * notice lost with a crashed process.
 */
export function announceSessionsChanged(services: Pick<AppServices, 'pubsub' | 'sessions'>): void {
  services.sessions.clear(); // this process's next request reads its session again, before any notice travels
  services.pubsub.publish(SESSIONS_TOPIC, { at: new Date().toISOString() });
}

interface Tracked {
  sessionId: string;
  /** Roles and regions the socket was opened with, sorted and joined. */
  grants: string;
}

interface LiveSessionRow {
  session_id: string;
  roles: string[];
  regions: string[];
}

function grantsOf(roles: readonly string[], regions: readonly string[]): string {
  return `${[...roles].sort().join(',')}|${[...regions].sort().join(',')}`;
}

/** Signed-in sockets of this process, by session, re-checked against the database. */
export class LiveSockets {
  private readonly sockets = new Map<WebSocket, Tracked>();
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<number> | null = null;
  private again = false;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly services: AppServices) {}

  get size(): number {
    return this.sockets.size;
  }

  track(socket: WebSocket, session: { sessionId: string; roles: readonly string[]; regions: readonly string[] }): void {
    this.sockets.set(socket, { sessionId: session.sessionId, grants: grantsOf(session.roles, session.regions) });
    socket.once('close', () => this.sockets.delete(socket));
  }

  start(): void {
    this.timer = setInterval(() => void this.sweep(), SWEEP_MS);
    this.timer.unref();
    const notices = this.services.pubsub.subscribe(SESSIONS_TOPIC);
    void (async () => {
      for await (const _notice of notices) {
        // sessions another process ended or changed: requests here read theirs again, sockets are re-checked
        this.services.sessions.clear();
        void this.sweep();
      }
    })().catch((e) => log.error('sockets.notices', e));
    this.unsubscribe = () => void notices.return();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /**
   * Closes (4403) every socket whose session is no longer valid or whose user's roles or regions
   * changed; one statement for all of this process's sockets. Concurrent calls coalesce.
   */
  sweep(): Promise<number> {
    if (this.sweeping) {
      this.again = true;
      return this.sweeping;
    }
    this.sweeping = (async () => {
      let closed = 0;
      try {
        do {
          this.again = false;
          closed += await this.sweepOnce();
        } while (this.again);
      } catch (e) {
        log.error('sockets.sweep', e);
      } finally {
        this.sweeping = null;
      }
      return closed;
    })();
    return this.sweeping;
  }

  private async sweepOnce(): Promise<number> {
    if (this.sockets.size === 0) return 0;
    const ids = [...new Set([...this.sockets.values()].map((t) => t.sessionId))];
    const rows = await this.services.orm.em
      .fork()
      .execute<LiveSessionRow[]>('select * from app_live_sessions(?::uuid[], ?)', [`{${ids.join(',')}}`, this.services.clock.now()]);
    const live = new Map(rows.map((r) => [r.session_id, grantsOf(r.roles, r.regions)]));
    let closed = 0;
    for (const [socket, tracked] of this.sockets) {
      const now = live.get(tracked.sessionId);
      if (now === tracked.grants) continue;
      this.sockets.delete(socket);
      socket.close(CloseCode.Forbidden, now === undefined ? CLOSE_REASON.SESSION_ENDED : CLOSE_REASON.ROLES_CHANGED);
      closed += 1;
    }
    return closed;
  }
}
