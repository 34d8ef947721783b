import 'reflect-metadata';
import { buildSchema } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { guardRootFields } from './platform/permissions.js';
import { composition } from './modules/index.js';

/** Every module's resolvers (src/modules/index.ts). */
export const resolvers = composition.resolvers;

let cached: Promise<GraphQLSchema> | null = null;

/** The executable schema (built once per process). */
export function appSchema(): Promise<GraphQLSchema> {
  const [first, ...rest] = resolvers;
  if (!first) throw new Error('no resolvers: src/modules/index.ts lists no module');
  cached ??= buildSchema({
    resolvers: [first, ...rest],
    validate: false,
    emitSchemaFile: false,
    // Every subscription brings its own `subscribe` (the process PubSub lives in the request
    // context and events are re-checked per subscriber), so type-graphql's topic-based PubSub
    // must never be used; it is required by buildSchema, hence this guard.
    pubSub: {
      publish: () => {
        throw new Error('use ctx.services.pubsub');
      },
      subscribe: () => {
        throw new Error('subscriptions must define their own subscribe()');
      },
    },
  }).then(guardRootFields);
  return cached;
}
