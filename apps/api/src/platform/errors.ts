import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import {
  OptimisticLockError,
  UniqueConstraintViolationException,
  ForeignKeyConstraintViolationException,
  CheckConstraintViolationException,
} from '@mikro-orm/core';
import { ArgumentValidationError } from 'type-graphql';
import { DomainError, ErrorCode, isDomainError, type DuplicateWhat } from '@asn/domain';

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

/** What a unique index holds, by its name (migrations): the DUPLICATE reason names it. */
const UNIQUE_WHAT: Record<string, DuplicateWhat> = {
  vehicles_tenant_vin_key: 'VIN',
  users_email_key: 'EMAIL',
  tenants_code_key: 'TENANT_CODE',
  relationships_dealer_code_key: 'DEALER_CODE',
  vehicle_models_code_key: 'MODEL_CODE',
  warranty_policies_code_key: 'POLICY_CODE',
  labour_operations_code_key: 'OPERATION_CODE',
  oem_parts_number_key: 'PART_NUMBER',
  campaigns_code_key: 'CAMPAIGN_CODE',
  warranty_registrations_vin_key: 'REGISTRATION',
  repair_order_ratings_order_key: 'RATING',
};

/** PostgreSQL's fields on a constraint violation (MikroORM copies them onto its exception). */
interface PgFields {
  constraint?: string;
  detail?: string;
}

/** The duplicated value from PostgreSQL's detail, `Key (tenant_id, vin)=(…, LSVAB…) already exists.`: the last column's. */
function duplicateValue(detail: string | undefined): string | null {
  const m = /^Key \((.+)\)=\((.*)\) already exists\.?$/.exec(detail ?? '');
  if (!m) return null;
  const columns = m[1]!.split(', ');
  const values = m[2]!.split(', ');
  return columns.length === values.length ? (values.at(-1) ?? null) : null;
}

/** What a unique violation duplicated: the index's meaning and, where the index names one, the value. */
export function duplicateOf(error: PgFields): { what: DuplicateWhat; value: string | null } {
  const constraint = error.constraint ?? '';
  const what = UNIQUE_WHAT[constraint] ?? (/_number_key$/.test(constraint) ? 'DOCUMENT_NUMBER' : 'RECORD');
  return { what, value: what === 'RECORD' || what === 'DOCUMENT_NUMBER' ? null : duplicateValue(error.detail) };
}

/** Maps an error thrown anywhere below a resolver to the DomainError a client should see. */
export function toDomainError(error: unknown): DomainError | undefined {
  if (isDomainError(error)) return error;
  if (error instanceof OptimisticLockError) {
    const entity = error.getEntity() as { number?: unknown; version?: unknown } | undefined;
    return DomainError.because(
      ErrorCode.CONFLICT,
      'STALE_VERSION',
      { document: entity?.constructor?.name ?? 'Record', number: typeof entity?.number === 'string' ? entity.number : null, currentVersion: null },
      'This record was changed by someone else; reload it and try again.',
    );
  }
  if (error instanceof UniqueConstraintViolationException) {
    const params = duplicateOf(error as PgFields);
    return DomainError.because(ErrorCode.CONFLICT, 'DUPLICATE', params, 'A record with the same unique value already exists.');
  }
  if (error instanceof ForeignKeyConstraintViolationException) {
    return DomainError.because(
      ErrorCode.NOT_FOUND,
      'REFERENCE_MISSING',
      { constraint: (error as PgFields).constraint ?? null },
      'A referenced record was not found.',
    );
  }
  if (error instanceof CheckConstraintViolationException) {
    return DomainError.because(
      ErrorCode.BAD_USER_INPUT,
      'RULE_BROKEN',
      { constraint: (error as PgFields).constraint ?? null },
      'The input breaks a rule of the record.',
    );
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
