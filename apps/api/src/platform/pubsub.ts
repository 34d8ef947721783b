import { createPubSub } from '@graphql-yoga/subscription';
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { Redis } from 'ioredis';

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
}

export const EVENTS_TOPIC = 'domain-events';
/** Sessions ended or changed somewhere: every process re-checks its sockets (platform/sockets.ts). */
export const SESSIONS_TOPIC = 'sessions-changed';

type Topics = {
  [EVENTS_TOPIC]: [DomainEventMessage];
  [SESSIONS_TOPIC]: [{ at: string }];
};

export type AppPubSub = ReturnType<typeof createAppPubSub>['pubsub'];

/**
 * In-process PubSub by default; with REDIS_URL, a Redis event target so every API process
 * receives events committed by any other.
 */
export function createAppPubSub(redisUrl?: string) {
  if (!redisUrl) {
    return { pubsub: createPubSub<Topics>(), close: async () => {} };
  }
  const publishClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const subscribeClient = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
  const eventTarget = createRedisEventTarget({ publishClient, subscribeClient });
  const pubsub = createPubSub<Topics>({ eventTarget });
  return {
    pubsub,
    close: async () => {
      publishClient.disconnect();
      subscribeClient.disconnect();
    },
  };
}
