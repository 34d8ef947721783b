import { createPubSub, type PubSub } from '@graphql-yoga/subscription';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { Redis } from 'ioredis';
import { log } from './log.js';

/** What every subscriber receives: one committed state change. JSON-safe (crosses Redis). */
export interface DomainEventMessage {
  id: string;
  type: string;
  tenantId: string;
  audienceTenantIds: string[];
  entityType: string;
  entityId: string;
  fromState: string | null;
  toState: string | null;
  actorUserId: string | null;
  data: Record<string, unknown>;
  /** Attributes of the changed record for each subscriber's read check (not sent to clients). */
  subject?: Record<string, unknown> | null;
  occurredAt: string;
  /** Publish order (the event's cursor; docs/adr/0010-event-cursor.md). */
  seq: number;
}

export const EVENTS_TOPIC = 'domain-events';
/** Sessions ended or changed somewhere: every process re-checks its sockets (platform/sockets.ts). */
export const SESSIONS_TOPIC = 'sessions-changed';

type Topics = {
  [EVENTS_TOPIC]: [DomainEventMessage];
  [SESSIONS_TOPIC]: [{ at: string }];
};

/** What event cursors need of the transport besides publish and subscribe (docs/adr/0010-event-cursor.md). */
export interface EventDelivery {
  /** Resolves once this process receives every event published from now on (Redis: subscribed). */
  eventsReady(): Promise<void>;
  /** Resolves once everything published so far has reached the broker (Redis: acknowledged). */
  published(): Promise<void>;
  /** Runs `fn` whenever this process may have missed events (Redis reconnected); returns a remover. */
  onGap(fn: () => void): () => void;
  /**
   * Hands every event this process receives to `fn`, synchronously, in order; returns a remover.
   * One listener per process on the transport, fanned out here: a subscriber costs an entry in a
   * set, not an async iterator of its own (docs/performance.md).
   */
  onEvent(fn: (event: DomainEventMessage) => void): () => void;
}

/** The process's single listener on the events topic, fanning out to every live subscriber. */
function eventFanOut(eventTarget: EventTarget): Pick<EventDelivery, 'onEvent'> {
  const listeners = new Set<(event: DomainEventMessage) => void>();
  eventTarget.addEventListener(EVENTS_TOPIC, (ev) => {
    const event = (ev as CustomEvent<DomainEventMessage>).detail;
    for (const fn of listeners) {
      try {
        fn(event);
      } catch (e) {
        log.error('events.fanOut', e);
      }
    }
  });
  return {
    onEvent: (fn) => {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}

export type AppPubSub = PubSub<Topics> & EventDelivery;

/**
 * In-process PubSub by default; with REDIS_URL, a Redis event target so every API process
 * receives events committed by any other.
 */
export function createAppPubSub(redisUrl?: string): { pubsub: AppPubSub; close: () => Promise<void> } {
  if (!redisUrl) {
    const eventTarget = new EventTarget();
    const local: EventDelivery = { eventsReady: async () => {}, published: async () => {}, onGap: () => () => {}, ...eventFanOut(eventTarget) };
    return { pubsub: Object.assign(createPubSub<Topics>({ eventTarget }), local), close: async () => {} };
  }
  const publishClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  // no ready check on the subscriber: its INFO would be refused once the connection is in
  // subscriber mode (a subscription made at start, or restored after a reconnect)
  const subscribeClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3, enableReadyCheck: false });
  for (const client of [publishClient, subscribeClient]) client.on('error', (e: unknown) => log.error('redis.error', e));
  // the event target fires these without awaiting them: a refusal (Redis away, a stop under way)
  // is logged instead of becoming an unhandled rejection that ends the process
  const eventTarget = createRedisEventTarget({
    publishClient: {
      publish: (channel: string, message: string) => publishClient.publish(channel, message).catch((e: unknown) => log.error('redis.publish', e)),
    } as unknown as Redis,
    subscribeClient: {
      on: subscribeClient.on.bind(subscribeClient),
      subscribe: (channel: string) => subscribeClient.subscribe(channel).catch((e: unknown) => log.error('redis.subscribe', e)),
      unsubscribe: (channel: string) => subscribeClient.unsubscribe(channel).catch((e: unknown) => log.error('redis.unsubscribe', e)),
    } as unknown as Redis,
  });
  // this process stays subscribed to the events channel for its whole life (a subscriber's replay
  // relies on it, docs/adr/0010-event-cursor.md); after a reconnect, live subscribers resume
  const fanOut = eventFanOut(eventTarget);
  let subscribed: Promise<void> | null = null;
  const eventsReady = (): Promise<void> =>
    (subscribed ??= subscribeClient.subscribe(EVENTS_TOPIC).then(
      () => undefined,
      (e: unknown) => {
        subscribed = null;
        throw e;
      },
    ));
  eventsReady().catch(() => {});
  const gaps = new Set<() => void>();
  let connectedBefore = false;
  subscribeClient.on('ready', () => {
    if (connectedBefore) {
      subscribed = null; // the next subscriber waits for a subscription confirmed after the reconnect
      for (const fn of gaps) fn();
    }
    connectedBefore = true;
  });
  const delivery: EventDelivery = {
    eventsReady,
    published: () => publishClient.ping().then(() => undefined),
    onGap: (fn) => {
      gaps.add(fn);
      return () => gaps.delete(fn);
    },
    ...fanOut,
  };
  const pubsub = Object.assign(createPubSub<Topics>({ eventTarget }), delivery);
  return {
    pubsub,
    close: async () => {
      publishClient.disconnect();
      subscribeClient.disconnect();
    },
  };
}
