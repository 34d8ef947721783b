import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { HeaderMap, type ApolloServerOptions, type ApolloServerPlugin } from '@apollo/server';
import { isDomainError } from '@asn/domain';
import { formatError } from '../errors.js';
import { log, redact } from '../log.js';
import { assertStorableText } from './storable-text.js';
import type { Ctx } from '../context.js';

/**
 * A request-level refusal found before execution (e.g. text Postgres cannot store): HTTP 400, the
 * DomainError's code and details kept by formatError.
 */
export function requestRefusal(error: unknown): GraphQLError {
  const message = error instanceof Error ? error.message : 'The request was refused.';
  return new GraphQLError(message, {
    originalError: error instanceof Error ? error : undefined,
    extensions: { ...(isDomainError(error) ? { code: error.code } : {}), http: { status: 400, headers: new HeaderMap() } },
  });
}

/** Refuses a request whose strings cannot be stored (NUL, unpaired surrogates) before it runs. */
export const storableTextPlugin: ApolloServerPlugin<Ctx> = {
  async requestDidStart() {
    return {
      async didResolveOperation(rc) {
        try {
          assertStorableText(rc.document, rc.request.variables);
        } catch (e) {
          throw requestRefusal(e);
        }
      },
    };
  },
};

/**
 * What the client sees of an error (formatError); an unexpected one (INTERNAL_SERVER_ERROR) is
 * logged with the request id and operation, through the redacting log. Expected failures are not.
 */
export function shownAndLogged(error: GraphQLError, meta: { requestId?: string | null; operation: string | null }): GraphQLFormattedError {
  const shown = formatError(error.toJSON(), error);
  if (shown.extensions?.code === 'INTERNAL_SERVER_ERROR') {
    log.error('graphql.unexpected', error.originalError ?? error, {
      requestId: meta.requestId,
      operation: meta.operation,
      path: error.path?.join('.') ?? null,
      code: 'INTERNAL_SERVER_ERROR',
    });
  }
  return shown;
}

/** Apollo's requests: unexpected errors logged (shownAndLogged); Apollo formats them itself. */
export const errorLogPlugin: ApolloServerPlugin<Ctx> = {
  async requestDidStart() {
    return {
      async didEncounterErrors(rc) {
        for (const error of rc.errors)
          shownAndLogged(error, { requestId: rc.contextValue?.requestId, operation: rc.operationName ?? rc.operation?.operation ?? null });
      },
    };
  },
};

/** Ends the request's read transaction (platform/db/reads.ts) once the response is ready. */
export const readsEndPlugin: ApolloServerPlugin<Ctx> = {
  async requestDidStart() {
    return {
      async willSendResponse(rc) {
        await rc.contextValue.reads?.end();
      },
    };
  },
};

/** Apollo's own messages (startup, failures outside a request) through the redacting log. */
export const apolloLogger: NonNullable<ApolloServerOptions<Ctx>['logger']> = {
  debug: () => {},
  info: (message) => log.info('apollo', { message: redact(String(message)) }),
  warn: (message) => log.warn('apollo', { message: redact(String(message)) }),
  error: (message) => log.error('apollo', message instanceof Error ? message : new Error(String(message))),
};
