import { createClient, type Client as WsClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { AnyJson } from '../testing/client.js';

export interface LiveSubscription<T = AnyJson> {
  received: T[];
  /** Resolves with the next event, or rejects after `ms`. */
  next(ms?: number): Promise<T>;
  /** Waits `ms` and returns what arrived meanwhile (to prove that nothing did). */
  quiet(ms: number): Promise<T[]>;
  close(): Promise<void>;
}

/** A real graphql-ws client that authenticates with the session cookie, like the portal does. */
export async function subscribe<T = AnyJson>(
  wsUrl: string,
  cookie: string | null,
  query: string,
  variables?: Record<string, unknown>,
): Promise<LiveSubscription<T>> {
  class CookieSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers: cookie ? { cookie } : {} });
    }
  }
  let acked!: () => void;
  const ready = new Promise<void>((r) => (acked = r));
  const client: WsClient = createClient({
    url: wsUrl,
    webSocketImpl: CookieSocket,
    lazy: false,
    retryAttempts: 0,
    on: { connected: () => acked() },
  });
  const received: T[] = [];
  const waiters: ((v: T) => void)[] = [];
  const errors: unknown[] = [];
  const dispose = client.subscribe<T>(
    { query, variables },
    {
      next: (msg) => {
        if (msg.errors) errors.push(msg.errors);
        const value = (msg.data ?? msg) as T;
        received.push(value);
        waiters.shift()?.(value);
      },
      error: (e) => errors.push(e),
      complete: () => {},
    },
  );
  await ready;
  // give the server a moment to register the subscription before events are produced
  await new Promise((r) => setTimeout(r, 150));
  let consumed = 0;
  return {
    received,
    async next(ms = 15_000) {
      if (received.length > consumed) return received[consumed++]!;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no event within ${ms} ms; errors: ${JSON.stringify(errors)}`)), ms);
        waiters.push((v) => {
          clearTimeout(timer);
          consumed++;
          resolve(v);
        });
      });
    },
    async quiet(ms) {
      const before = received.length;
      await new Promise((r) => setTimeout(r, ms));
      return received.slice(before);
    },
    async close() {
      dispose();
      await client.dispose();
    },
  };
}

export const EVENTS_SUBSCRIPTION = `subscription($types: [String!]) {
  events(entityTypes: $types) { id type entityType entityId tenantId data }
}`;
