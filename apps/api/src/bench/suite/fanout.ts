/**
 * Fan-out: one event to N open sockets, the product (graphql-ws subscribers of `events`, each
 * signed in) against a raw `ws` broadcast of the very same bytes. Latency is taken per subscriber,
 * from the moment the change is sent (the product: the mutation that commits it; the raw server:
 * the HTTP request that makes it broadcast) to the moment that subscriber has it.
 */
import { createClient, type Client as WsClient } from 'graphql-ws';
import WebSocket from 'ws';
import { quantile } from './load.js';
import { wsText } from '../../testing/ws-text.js';

export interface FanoutResult {
  p50: number;
  p99: number;
  /** Median over the changes of the first subscriber's latency (the path up to the fan-out itself). */
  first: number;
  /** Median time until the change's own request was answered (the mutation; the broadcast request). */
  answered: number;
  /** Deliveries counted (N × changes when nothing was lost). */
  delivered: number;
  expected: number;
}

/** Changes sent before measuring (the first ones after thousands of connections pay for JIT and GC of the setup). */
export const WARM_UP = 3;

interface Round {
  left: number;
  started: number;
  times: number[];
  done: () => void;
}

/** Opens `n` connections `batch` at a time (a burst of 10,000 would overflow the listen backlog). */
async function openAll<T>(n: number, open: (i: number) => Promise<T>, batch = 250): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += batch) out.push(...(await Promise.all(Array.from({ length: Math.min(batch, n - i) }, (_, k) => open(i + k)))));
  return out;
}

async function measure(
  changes: number,
  subscribers: number,
  fire: () => Promise<void>,
  round: { current: Round | null },
  timeoutMs: number,
): Promise<FanoutResult> {
  const all: number[] = [];
  const firsts: number[] = [];
  const answers: number[] = [];
  let delivered = 0;
  for (let c = 0; c < changes; c++) {
    const r: Round = { left: subscribers, started: 0, times: [], done: () => {} };
    const finished = new Promise<void>((resolve) => (r.done = resolve));
    round.current = r;
    r.started = performance.now();
    await fire();
    answers.push(performance.now() - r.started);
    // the timeout is cleared once every delivery arrived: a pending 2-minute timer kept the process
    // alive after the tables were printed (the suite's smoke test waited 120 s for nothing)
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([finished, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    round.current = null;
    delivered += r.times.length;
    if (process.env.BENCH_DEBUG)
      console.log(
        `  change ${c}: answered ${answers[answers.length - 1]!.toFixed(0)} ms, first ${r.times[0]?.toFixed(0)}, last ${r.times[r.times.length - 1]?.toFixed(0)}`,
      );
    if (r.times.length) firsts.push(r.times[0]!);
    all.push(...r.times);
  }
  all.sort((a, b) => a - b);
  firsts.sort((a, b) => a - b);
  answers.sort((a, b) => a - b);
  return {
    p50: quantile(all, 0.5),
    p99: quantile(all, 0.99),
    first: quantile(firsts, 0.5),
    answered: quantile(answers, 0.5),
    delivered,
    expected: changes * subscribers,
  };
}

function arrived(round: { current: Round | null }): void {
  const r = round.current;
  if (!r) return;
  r.times.push(performance.now() - r.started);
  if (--r.left === 0) r.done();
}

/** The raw broadcast: N plain sockets, `changes` broadcasts of `payload`. */
export async function rawFanout(
  server: { url: string; wsUrl: string },
  n: number,
  changes: number,
  payload: string,
): Promise<FanoutResult & { close(): Promise<void> }> {
  const round: { current: Round | null } = { current: null };
  const sockets = await openAll(
    n,
    () =>
      new Promise<WebSocket>((resolve, reject) => {
        const s = new WebSocket(server.wsUrl);
        s.on('open', () => resolve(s));
        s.on('error', reject);
        s.on('message', () => arrived(round));
      }),
  );
  const fire = async () => {
    await fetch(server.url, { method: 'POST', body: payload });
  };
  await measure(WARM_UP, n, fire, round, 30_000);
  const result = await measure(changes, n, fire, round, 30_000);
  return {
    ...result,
    async close() {
      await Promise.all(sockets.map((s) => new Promise<void>((resolve) => (s.once('close', () => resolve()), s.close()))));
    },
  };
}

/**
 * The product: N graphql-ws clients, each with one of `tokens` (bearer), subscribed to repair
 * order events; `change()` commits one change through the API and resolves when it answered.
 * Returns the first raw message a subscriber received too (the raw broadcast sends the same bytes).
 */
export async function productFanout(
  wsUrl: string,
  tokens: string[],
  n: number,
  changes: number,
  change: () => Promise<void>,
): Promise<FanoutResult & { sample: string; close(): Promise<void> }> {
  const round: { current: Round | null } = { current: null };
  let sample = '';
  class Recording extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols);
      this.on('message', (data) => {
        if (!sample) {
          const text = wsText(data);
          if (text.includes('"next"')) sample = text;
        }
      });
    }
  }
  const clients: WsClient[] = await openAll(
    n,
    (i) =>
      new Promise<WsClient>((resolve, reject) => {
        const client = createClient({
          url: wsUrl,
          webSocketImpl: Recording,
          lazy: false,
          retryAttempts: 0,
          connectionParams: { authorization: `Bearer ${tokens[i % tokens.length]}` },
          on: { connected: () => resolve(client), error: reject },
        });
        client.subscribe<{ events: { entityId: string } }>(
          { query: `subscription { events(entityTypes: ["RepairOrder"]) { entityId type toState occurredAt } }` },
          { next: () => arrived(round), error: (e) => console.error('subscriber error', e), complete: () => {} },
        );
      }),
  );
  // warm-up: every subscription is in place once each has had an event, and the path is warm
  const warm = await measure(WARM_UP, n, change, round, 120_000);
  if (warm.delivered < WARM_UP * n) throw new Error(`only ${warm.delivered} of ${WARM_UP * n} warm-up deliveries arrived`);
  const result = await measure(changes, n, change, round, 60_000);
  return {
    ...result,
    sample,
    async close() {
      await Promise.all(clients.map((c) => Promise.resolve(c.dispose())));
    },
  };
}
