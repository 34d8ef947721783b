import type http from 'node:http';
import type { Socket } from 'node:net';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { WebSocket, WebSocketServer } from 'ws';
import { log } from './log.js';

/**
 * How the API stops (SIGTERM/SIGINT, see main.ts `stopOnSignals`):
 *
 * 1. it stops accepting: the listening socket closes (a new connection is refused), idle
 *    keep-alive connections close, and every WebSocket is closed with 1001 "going away";
 * 2. requests in flight are answered (with `Connection: close`), and a running job round
 *    finishes — until the deadline (`SHUTDOWN_DEADLINE_MS`, 10 s by default); what still runs
 *    then is cut (its connection destroyed; its transaction, never committed, rolls back);
 * 3. then, in order: GraphQL, the outbox dispatcher (its running round publishes what the
 *    finished requests committed), Redis, the database pool — within CLOSE_GRACE_MS together.
 *    Connections still in use then belong to cut work: they are ended (closeDatabase).
 *
 * Nothing is left that keeps the process alive, so it ends by itself; `stop()` reports whether
 * all of it happened in time (`clean`), which main.ts turns into the exit code (0, else 1).
 */

/** WebSocket close code for a server that is going away (RFC 6455 §7.4.1). */
export const GOING_AWAY = 1001;
export const GOING_AWAY_REASON = 'Server shutting down';

/** After the deadline, the closing steps (outbox round, Redis, pools) get at most this long together. */
export const CLOSE_GRACE_MS = 3000;

export interface StopReport {
  /** Every request finished and every step completed in time. */
  clean: boolean;
  /** Milliseconds from the start of the stop to its end. */
  ms: number;
  /** Requests that were still running at the deadline and were cut. */
  cutRequests: number;
}

export interface HttpConnections {
  /** Requests being answered now. */
  inFlight(): number;
  /**
   * Stops accepting connections, closes idle ones at once and busy ones right after their
   * response (which says `Connection: close`). Resolves with 0 once every HTTP connection is
   * closed; at `deadlineAt` destroys the rest and resolves with the number of requests cut.
   * WebSockets are not counted here (see `closeWebSockets`).
   */
  drain(deadlineAt: number): Promise<number>;
  /** Stops tracking (removes the listeners added to the server). */
  dispose(): void;
}

/**
 * Counts the requests in flight on each connection of `server`. Node's `server.close()` alone
 * keeps a busy keep-alive connection open for its keep-alive timeout after the response, and
 * does not know which connection is busy.
 */
export function trackHttpConnections(server: http.Server): HttpConnections {
  const requests = new Map<Socket, number>();
  const answering = new Set<http.ServerResponse>();
  let draining = false;
  let allClosed: (() => void) | null = null;
  const closedOne = (socket: Socket) => {
    requests.delete(socket);
    if (draining && requests.size === 0) allClosed?.();
  };

  const onConnection = (socket: Socket) => {
    requests.set(socket, 0);
    socket.once('close', () => closedOne(socket));
  };
  // an upgraded connection is a WebSocket from now on: closed by closeWebSockets, not here
  const onUpgrade = (_req: http.IncomingMessage, socket: Socket) => closedOne(socket);
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const socket = req.socket;
    if (!requests.has(socket)) return;
    requests.set(socket, requests.get(socket)! + 1);
    answering.add(res);
    if (draining) res.shouldKeepAlive = false;
    res.once('close', () => {
      answering.delete(res);
      if (!requests.has(socket)) return;
      const left = requests.get(socket)! - 1;
      requests.set(socket, left);
      if (draining && left === 0) socket.destroySoon();
    });
  };
  server.on('connection', onConnection);
  server.on('upgrade', onUpgrade);
  server.on('request', onRequest);

  return {
    inFlight: () => answering.size,
    drain(deadlineAt) {
      draining = true;
      server.close();
      for (const res of answering) if (!res.headersSent) res.shouldKeepAlive = false;
      for (const [socket, n] of requests) if (n === 0) socket.destroySoon();
      if (requests.size === 0) return Promise.resolve(0);
      return new Promise<number>((resolve) => {
        const timer = setTimeout(
          () => {
            allClosed = null;
            const cut = answering.size;
            for (const socket of requests.keys()) socket.destroy();
            resolve(cut);
          },
          Math.max(0, deadlineAt - Date.now()),
        );
        allClosed = () => {
          clearTimeout(timer);
          allClosed = null;
          resolve(0);
        };
      });
    },
    dispose() {
      server.off('connection', onConnection);
      server.off('upgrade', onUpgrade);
      server.off('request', onRequest);
    },
  };
}

/**
 * Closes every WebSocket of `wss` with 1001, and any that completes its handshake meanwhile.
 * Resolves true once all have closed; at `deadlineAt` terminates the rest and resolves false.
 */
export async function closeWebSockets(wss: WebSocketServer, deadlineAt: number): Promise<boolean> {
  const goodbye = (ws: WebSocket) => ws.close(GOING_AWAY, GOING_AWAY_REASON);
  wss.on('connection', goodbye);
  const open = [...wss.clients];
  for (const ws of open) goodbye(ws);
  const closed = Promise.all(open.map((ws) => (ws.readyState === ws.CLOSED ? Promise.resolve() : new Promise((r) => ws.once('close', r)))));
  const inTime = await settlesBy(closed, deadlineAt);
  if (!inTime) for (const ws of wss.clients) ws.terminate();
  return inTime;
}

/** Resolves true when `work` settles before `deadlineAt` (a rejection is logged and counts as not in time), else false. */
export async function settlesBy(work: Promise<unknown>, deadlineAt: number, step?: string): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), Math.max(0, deadlineAt - Date.now()));
  });
  try {
    const outcome = await Promise.race([work.then(() => 'done' as const), late]);
    if (outcome === 'late' && step) log.warn('shutdown.stepLate', { step });
    return outcome === 'done';
  } catch (e) {
    log.error('shutdown.stepFailed', e, { step: step ?? null });
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Closes the ORM's pool. Connections still in use at this point belong to work that was cut at
 * the deadline: they are ended first, so their queries fail at once (PostgreSQL rolls back a
 * transaction whose client is gone) and the pool closes instead of waiting for them forever.
 * That reaches into knex's pool (tarn) and node-postgres' client; should their shape change it
 * ends nothing, and the close step's grace and main.ts's last resort still bound the stop.
 */
export async function closeDatabase(orm: MikroORM): Promise<void> {
  try {
    const pool = (orm.em.getConnection().getKnex().client as { pool?: { used?: { resource?: { connection?: { stream?: Socket } } }[] } }).pool;
    const inUse = pool?.used ?? [];
    if (inUse.length) log.warn('shutdown.databaseWorkCut', { connections: inUse.length });
    for (const { resource } of inUse) resource?.connection?.stream?.destroy();
  } catch {
    // not the expected shape: closing waits for them (bounded by the grace)
  }
  await orm.close(true);
}

export interface GracefulStopParts {
  deadlineMs: number;
  http: HttpConnections;
  wsServer: WebSocketServer;
  /** Work that must finish, like requests, before the deadline (e.g. a running job round). */
  drain: Record<string, () => Promise<unknown>>;
  /** Then closed one after another, each within what is left of CLOSE_GRACE_MS. */
  close: Record<string, () => Promise<unknown>>;
}

/** Runs the stop described at the top of this file. */
export async function stopGracefully(parts: GracefulStopParts): Promise<StopReport> {
  const started = Date.now();
  const deadlineMs = Number.isFinite(parts.deadlineMs) && parts.deadlineMs >= 0 ? parts.deadlineMs : 10_000;
  const deadlineAt = started + deadlineMs;
  const inFlight = parts.http.inFlight();
  const webSockets = parts.wsServer.clients.size;
  const draining = Promise.all([
    parts.http.drain(deadlineAt),
    closeWebSockets(parts.wsServer, deadlineAt),
    ...Object.entries(parts.drain).map(([step, work]) => settlesBy(Promise.resolve().then(work), deadlineAt, step)),
  ]);
  // said once nothing new gets in (the listening socket is closed)
  log.info('shutdown.begin', { deadlineMs, inFlight, webSockets });
  const [cutRequests, ...drained] = await draining;
  if (cutRequests) log.warn('shutdown.requestsCut', { requests: cutRequests, deadlineMs });
  parts.http.dispose();
  const closeBy = Date.now() + CLOSE_GRACE_MS;
  let closed = true;
  for (const [step, work] of Object.entries(parts.close)) {
    closed = (await settlesBy(Promise.resolve().then(work), closeBy, step)) && closed;
  }
  const report: StopReport = { clean: cutRequests === 0 && drained.every(Boolean) && closed, ms: Date.now() - started, cutRequests };
  log.info('shutdown.done', { clean: report.clean, ms: report.ms });
  return report;
}
