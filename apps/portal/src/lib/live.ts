import { createClient } from 'graphql-ws';
import { print } from 'graphql';
import { EventsDocument, type EventsSubscription } from '$lib/graphql/generated';
import { graphqlWsUrl } from '$lib/client';

/**
 * Subscribes to the API's `events` over graphql-ws on the same origin (`/graphql`); the session
 * cookie authenticates the socket. Returns a function that closes it.
 */
export function subscribeToEvents(opts: {
  onEvent: (event: EventsSubscription['events']) => void;
  onStatus?: (connected: boolean) => void;
}): () => void {
  const client = createClient({
    url: graphqlWsUrl(),
    lazy: false,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    on: {
      connected: () => opts.onStatus?.(true),
      closed: () => opts.onStatus?.(false),
    },
  });
  const dispose = client.subscribe<EventsSubscription>(
    { query: print(EventsDocument) },
    {
      next: (msg) => {
        if (msg.data) opts.onEvent(msg.data.events);
      },
      error: () => opts.onStatus?.(false),
      complete: () => {},
    },
  );
  return () => {
    dispose();
    void client.dispose();
  };
}
