import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';

type ErrorDetails = { reason?: unknown; params?: unknown; problems?: unknown; retryAfterMinutes?: unknown } | undefined;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * An error the API answered with: code (e.g. RATE_LIMITED), the English message (for logs), and
 * the reason it names with its parameters and field problems — what `refusalText` renders.
 */
export class GraphqlError extends Error {
  readonly reason: string | null;
  readonly params: Record<string, unknown> | null;
  readonly problems: { field: string; reason?: string; params?: Record<string, unknown> }[] | null;
  readonly retryAfterMinutes: number | null;
  constructor(
    message: string,
    readonly code: string,
    details?: ErrorDetails,
  ) {
    super(message);
    this.reason = typeof details?.reason === 'string' ? details.reason : null;
    this.params = isRecord(details?.params) ? details.params : null;
    this.problems = Array.isArray(details?.problems)
      ? details.problems.filter(isRecord).map((p) => ({
          field: String(p.field ?? ''),
          ...(typeof p.reason === 'string' ? { reason: p.reason } : {}),
          ...(isRecord(p.params) ? { params: p.params } : {}),
        }))
      : null;
    this.retryAfterMinutes = typeof details?.retryAfterMinutes === 'number' ? details.retryAfterMinutes : null;
  }
}

/** Browser-side GraphQL over same-origin /graphql, typed by the generated documents. */
export async function request<R, V extends Record<string, unknown>>(document: TypedDocumentNode<R, V>, variables: V): Promise<R> {
  const res = await fetch('/graphql', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await res.json().catch(() => null)) as {
    data?: R;
    errors?: { message: string; extensions?: { code?: string; details?: ErrorDetails } }[];
  } | null;
  const first = body?.errors?.[0];
  if (first || !body)
    throw new GraphqlError(first?.message ?? `HTTP ${res.status}`, first?.extensions?.code ?? 'INTERNAL_SERVER_ERROR', first?.extensions?.details);
  return body.data as R;
}

/** The same-origin graphql-ws endpoint (ws:// or wss:// like the page). */
export function graphqlWsUrl(): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Reconnect quickly at first, then at most every 10 s (graphql-ws's default wait grows without bound). */
export const retryWait = (retries: number) => sleep(Math.min(10_000, 500 * 2 ** retries) + Math.random() * 500);

let wsClient: Client | null = null;

/** One shared graphql-ws connection to same-origin /graphql. */
export function ws(): Client {
  wsClient ??= createClient({
    url: graphqlWsUrl(),
    lazy: true,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    retryWait,
  });
  return wsClient;
}

/**
 * A subscription on the shared socket. graphql-ws subscribes again with the same payload after a
 * reconnect, serialising `variables` anew each time: a getter in them (e.g. `get after()`) sends
 * the value of that moment, so a resumable subscription passes its latest cursor.
 */
export function subscribe<R, V extends Record<string, unknown>>(
  document: TypedDocumentNode<R, V>,
  variables: V,
  onData: (data: R) => void,
  onError?: (e: GraphqlError) => void,
): () => void {
  return ws().subscribe<R>(
    { query: print(document), variables },
    {
      next: (msg) => {
        if (msg.data) onData(msg.data as R);
        const err = msg.errors?.[0];
        if (err) onError?.(new GraphqlError(err.message, String(err.extensions?.code ?? 'ERROR'), err.extensions?.details as ErrorDetails));
      },
      error: (e) => {
        const err = Array.isArray(e) ? e[0] : null;
        onError?.(new GraphqlError(err?.message ?? 'Connection lost', String(err?.extensions?.code ?? 'ERROR'), err?.extensions?.details as ErrorDetails));
      },
      complete: () => {},
    },
  );
}
