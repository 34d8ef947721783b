import type { ReasonCode, ReasonParam, ReasonParams } from './reasons.js';

/**
 * Error codes every client can rely on. The API maps a DomainError to a GraphQL error whose
 * `extensions.code` is exactly one of these; anything else becomes INTERNAL_SERVER_ERROR with
 * a generic message.
 */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  CONFLICT: 'CONFLICT',
  INVALID_TRANSITION: 'INVALID_TRANSITION',
  RATE_LIMITED: 'RATE_LIMITED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface FieldProblem {
  /** Input path, e.g. `input.email`. */
  field: string;
  /** English, for logs and API users; the portal renders `reason` and `params` instead. */
  message: string;
  /** What is wrong with the field, from the catalogue in reasons.ts (the portal translates it). */
  reason?: ReasonCode;
  params?: Record<string, ReasonParam>;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }

  /** The catalogued reason (details.reason), when the error names one. */
  get reason(): ReasonCode | undefined {
    return this.details?.reason as ReasonCode | undefined;
  }

  /**
   * A refusal with a catalogued reason and its typed parameters: `details.reason` and
   * `details.params` reach the client, which renders them in the reader's language (amounts in
   * params are MoneyParam objects, formatted as money). `message` stays English, for logs and
   * API users. `extra` adds untyped details (e.g. `currentVersion`) next to them.
   */
  static because<R extends ReasonCode>(code: ErrorCode, reason: R, params: ReasonParams<R>, message: string, extra?: Record<string, unknown>): DomainError {
    return new DomainError(code, message, { ...extra, reason, params });
  }

  /** BAD_USER_INPUT for one field with a catalogued reason (`details.problems[0]`). */
  static badField<R extends ReasonCode>(field: string, reason: R, params: ReasonParams<R>, message: string): DomainError {
    return DomainError.badInput([problem(field, reason, params, message)]);
  }

  static badInput(problems: FieldProblem[]): DomainError {
    const message = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
    return new DomainError(ErrorCode.BAD_USER_INPUT, message, { problems });
  }

  static notFound(what: string): DomainError {
    return new DomainError(ErrorCode.NOT_FOUND, `${what} was not found.`);
  }

  static forbidden(message = 'You are not allowed to do this.'): DomainError {
    return new DomainError(ErrorCode.FORBIDDEN, message);
  }

  static unauthenticated(message = 'Sign in first.'): DomainError {
    return new DomainError(ErrorCode.UNAUTHENTICATED, message);
  }

  static conflict(message: string, details?: Record<string, unknown>): DomainError {
    return new DomainError(ErrorCode.CONFLICT, message, details);
  }
}

/** A field problem with a catalogued reason and its typed parameters (English `message` for logs and API users). */
export function problem<R extends ReasonCode>(field: string, reason: R, params: ReasonParams<R>, message: string): FieldProblem {
  return { field, message, reason, params };
}

export function isDomainError(e: unknown): e is DomainError {
  return e instanceof DomainError;
}
