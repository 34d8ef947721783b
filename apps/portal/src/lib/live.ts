import { createClient } from 'graphql-ws';
import { print } from 'graphql';
import { EventCursorDocument, EventsDocument, type EventsSubscription } from '$lib/graphql/generated';
import { graphqlWsUrl, request, retryWait, sleep } from '$lib/client';

/**
 * Subscribes to the API's `events` over graphql-ws on the same origin (`/graphql`); the session
 * cookie authenticates the socket. Nothing is missed across a dropped socket or an API restart:
 * the subscription starts from the cursor of "now" (`eventCursor`) and remembers the cursor of
 * each event; when graphql-ws reconnects and subscribes again, it sends the latest cursor (the
 * variables read it when the message is written), and the API first replays what was published
 * meanwhile. If that cursor has expired, `onResync` asks for a full reload and the subscription
 * starts afresh. Returns a function that closes it.
 */
export function subscribeToEvents(opts: {
  onEvent: (event: EventsSubscription['events']) => void;
  onStatus?: (connected: boolean) => void;
  /** The events since the last cursor are no longer kept: reload everything. */
  onResync?: () => void;
}): () => void {
  let cursor: string | null = null;
  let closed = false;
  let current: (() => void) | null = null;
  const client = createClient({
    url: graphqlWsUrl(),
    lazy: false,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    retryWait,
    on: {
      connected: () => opts.onStatus?.(true),
      closed: () => opts.onStatus?.(false),
    },
  });

  /** "Now", before the first subscription: what happens from here on is replayed if the socket is slow to open. */
  async function startingPoint(): Promise<string | null> {
    for (let attempt = 0; !closed; attempt++) {
      try {
        return (await request(EventCursorDocument, {})).eventCursor;
      } catch {
        await retryWait(attempt);
      }
    }
    return null;
  }

  async function start(): Promise<void> {
    cursor ??= await startingPoint();
    if (closed) return;
    let ended = false;
    const end = () => {
      const first = !ended;
      ended = true;
      return first;
    };
    const dispose = client.subscribe<EventsSubscription>(
      // a getter: graphql-ws writes this payload again on every reconnect, with the cursor of then
      {
        query: print(EventsDocument),
        variables: {
          get after() {
            return cursor;
          },
        },
      },
      {
        next: (msg) => {
          if (msg.data) {
            cursor = msg.data.events.cursor;
            opts.onEvent(msg.data.events);
            return;
          }
          const code = msg.errors?.[0]?.extensions?.code;
          if (!end()) return;
          if (code === 'CONFLICT') {
            // the events since our cursor are gone: reload everything, then follow from now on
            cursor = null;
            opts.onResync?.();
            void restart();
          } else {
            opts.onStatus?.(false); // signed out or no longer allowed: the layout closes this
          }
        },
        error: () => {
          if (end()) void restart(1000);
        },
        // the server ended the stream (this subscriber fell far behind, or the API may have missed
        // events): subscribe again from the cursor, the replay fills the gap
        complete: () => {
          if (end()) void restart();
        },
      },
    );
    // stopped on purpose: its completion must not start another
    current = () => {
      end();
      dispose();
    };
  }

  async function restart(delay = 0): Promise<void> {
    current?.();
    current = null;
    if (delay) await sleep(delay);
    if (!closed) await start();
  }

  void start();
  return () => {
    closed = true;
    current?.();
    void client.dispose();
  };
}
