/**
 * Subscriptions whose answer to an event depends on the event alone (the `events` field: its
 * payload is the event's public fields) are executed once per event and document, and the result
 * is handed to every subscriber holding that document — instead of one execution per subscriber
 * per event (docs/performance.md). Who receives an event is decided before, per subscriber, by
 * its own checks (EventStream's `admit`, with the ability its socket holds); the root field's
 * permission rule was enforced when it subscribed, and a socket whose roles change is closed.
 * Every other subscription is executed per subscriber, as graphql-js does.
 */
import { createSourceEventStream, execute, getOperationAST, Kind, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';

/** Root subscription fields whose result is a function of the event (and the document) only. */
const EVENT_ONLY_FIELDS = new Set(['events']);

type Result = ExecutionResult | Promise<ExecutionResult>;
const shared = new WeakMap<object, Map<DocumentNode, Map<string, Result>>>();

function eventOnlyKey(args: ExecutionArgs): string | null {
  const operation = getOperationAST(args.document, args.operationName);
  const selections = operation?.selectionSet.selections ?? [];
  const only = selections.length === 1 ? selections[0] : undefined;
  if (!only || only.kind !== Kind.FIELD || !EVENT_ONLY_FIELDS.has(only.name.value)) return null;
  return `${args.operationName ?? ''}|${JSON.stringify(args.variableValues ?? {})}`;
}

function isAsyncIterable(x: unknown): x is AsyncIterable<unknown> {
  return typeof (x as AsyncIterable<unknown> | null)?.[Symbol.asyncIterator] === 'function';
}

/** graphql-ws's `subscribe`: graphql-js's, with shared execution for event-only subscriptions. */
export async function subscribeSharing(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!isAsyncIterable(source)) return source;
  const key = eventOnlyKey(args);
  const run = (event: unknown): Result => execute({ ...args, rootValue: event });
  const resultFor = (event: unknown): Result => {
    if (key === null || typeof event !== 'object' || event === null) return run(event);
    let byDocument = shared.get(event);
    if (!byDocument) shared.set(event, (byDocument = new Map<DocumentNode, Map<string, Result>>()));
    let byKey = byDocument.get(args.document);
    if (!byKey) byDocument.set(args.document, (byKey = new Map<string, Result>()));
    let result = byKey.get(key);
    if (!result) byKey.set(key, (result = run(event)));
    return result;
  };
  const it = source[Symbol.asyncIterator]();
  const mapped: AsyncIterableIterator<ExecutionResult> = {
    [Symbol.asyncIterator]: () => mapped,
    async next() {
      const r = await it.next();
      return r.done ? { value: undefined, done: true } : { value: await resultFor(r.value), done: false };
    },
    async return() {
      await it.return?.();
      return { value: undefined, done: true };
    },
    async throw(error?: unknown) {
      await it.return?.();
      throw error;
    },
  };
  return mapped;
}
