import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import {
  OptimisticLockError,
  UniqueConstraintViolationException,
  ForeignKeyConstraintViolationException,
  CheckConstraintViolationException,
} from '@mikro-orm/core';
import { ArgumentValidationError } from 'type-graphql';
import { DomainError, ErrorCode, isDomainError } from '@asn/domain';

/** Codes GraphQL itself produces for malformed requests; they pass through unchanged. */
const PASS_THROUGH = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_USER_INPUT',
  ...Object.values(ErrorCode),
]);

/** Maps an error thrown anywhere below a resolver to the DomainError a client should see. */
export function toDomainError(error: unknown): DomainError | undefined {
  if (isDomainError(error)) return error;
  if (error instanceof OptimisticLockError) {
    return DomainError.conflict('This record was changed by someone else; reload it and try again.');
  }
  if (error instanceof UniqueConstraintViolationException) {
    return DomainError.conflict('A record with the same unique value already exists.');
  }
  if (error instanceof ForeignKeyConstraintViolationException) {
    return DomainError.notFound('A referenced record');
  }
  if (error instanceof CheckConstraintViolationException) {
    return new DomainError(ErrorCode.BAD_USER_INPUT, 'The input breaks a rule of the record.');
  }
  if (error instanceof ArgumentValidationError) {
    return new DomainError(ErrorCode.BAD_USER_INPUT, error.message);
  }
  return undefined;
}

/**
 * Apollo's formatError (and the WebSocket's): exactly one place that decides what a client sees.
 * Known errors keep their code and message; anything else is replaced by a generic message
 * (logged, redacted, by graphql/plugins.ts errorLogPlugin), and no stack trace ever leaves the server.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  // a refusal raised before execution wraps the DomainError (see graphql/plugins.ts requestRefusal)
  const domain = toDomainError(original) ?? (original instanceof GraphQLError && original.originalError ? toDomainError(original.originalError) : undefined);
  if (domain) {
    return {
      message: domain.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: domain.code, ...(domain.details ? { details: domain.details } : {}) },
    };
  }
  // Errors graphql-js, Apollo or graphql-armor raise about the request itself (parse,
  // validation, variable coercion, limits): keep their message, make sure they carry a code.
  const code = formatted.extensions?.code;
  const requestFault = !formatted.path; // raised before execution: the request is at fault
  if (original instanceof GraphQLError && (requestFault || typeof code === 'string')) {
    return {
      message: formatted.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: typeof code === 'string' && PASS_THROUGH.has(code) ? code : 'BAD_USER_INPUT' },
    };
  }
  return {
    message: 'Something went wrong on our side. The request was not applied.',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}
