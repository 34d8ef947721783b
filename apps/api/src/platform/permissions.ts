import { Extensions } from 'type-graphql';
import type { GraphQLField, GraphQLSchema } from 'graphql';
import type { Action, SubjectName } from '@asn/authz';
import { DomainError, ErrorCode } from '@asn/domain';
import type { Ctx } from './context.js';

/**
 * The permission rule of a root field (Query, Mutation, Subscription). Every root field must
 * carry one; the guard denies fields without a rule, and a test enumerates the schema to make
 * sure none is missing.
 */
export type PermitRule = { kind: 'public'; why: string } | { kind: 'signedIn' } | { kind: 'ability'; action: Action; subject: Exclude<SubjectName, 'all'> };

export const PERMIT_EXTENSION = 'permit';

/** Field needs `ability.can(action, subject)` at type level; services check the record itself. */
export function Permit(action: Action, subject: Exclude<SubjectName, 'all'>): MethodDecorator & PropertyDecorator {
  return Extensions({ [PERMIT_EXTENSION]: { kind: 'ability', action, subject } satisfies PermitRule });
}

/** Field open to anyone (sign-in, `me`); `why` documents the decision in the schema metadata. */
export function Public(why: string): MethodDecorator & PropertyDecorator {
  return Extensions({ [PERMIT_EXTENSION]: { kind: 'public', why } satisfies PermitRule });
}

/** Field for any signed-in user; the service narrows to what they may see. */
export function SignedIn(): MethodDecorator & PropertyDecorator {
  return Extensions({ [PERMIT_EXTENSION]: { kind: 'signedIn' } satisfies PermitRule });
}

export function permitRuleOf(field: GraphQLField<unknown, unknown>): PermitRule | undefined {
  return (field.extensions as Record<string, unknown> | undefined)?.[PERMIT_EXTENSION] as PermitRule | undefined;
}

const ROOTS = new Set(['Query', 'Mutation', 'Subscription']);

/** Checks a rule against a context; throws UNAUTHENTICATED or FORBIDDEN. */
export function enforce(rule: PermitRule | undefined, ctx: Ctx, fieldName: string): void {
  if (!rule) throw DomainError.forbidden(`${fieldName} has no permission rule and is closed.`);
  if (rule.kind === 'public') return;
  if (ctx.actor.type === 'anonymous') throw DomainError.unauthenticated();
  if (rule.kind === 'signedIn') return;
  if (!ctx.ability.can(rule.action, rule.subject)) {
    throw DomainError.because(
      ErrorCode.FORBIDDEN,
      'ROLE_NOT_ALLOWED',
      { action: rule.action, subject: String(rule.subject) },
      `Your roles do not allow ${rule.action} on ${rule.subject}.`,
    );
  }
}

/**
 * Deny by default on every root field (Query, Mutation, Subscription): each root field's resolver
 * (and a subscription's `subscribe`) first enforces the field's rule. Done on the built schema,
 * root fields only — a type-graphql global middleware would also wrap every nested field of every
 * response, which cost more than the rest of a small request (docs/performance.md).
 */
export function guardRootFields(schema: GraphQLSchema): GraphQLSchema {
  for (const type of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (!type || !ROOTS.has(type.name)) continue;
    for (const field of Object.values(type.getFields())) {
      const rule = permitRuleOf(field);
      const name = `${type.name}.${field.name}`;
      const guard = <T>(fn: T | undefined): T | undefined => {
        if (!fn) return undefined;
        const inner = fn as unknown as (...a: unknown[]) => unknown;
        return ((root: unknown, args: unknown, context: Ctx, info: unknown) => {
          enforce(rule, context, name);
          return inner(root, args, context, info);
        }) as unknown as T;
      };
      field.resolve =
        guard(field.resolve) ??
        ((root: unknown, _args: unknown, context: Ctx) => (enforce(rule, context, name), (root as Record<string, unknown> | undefined)?.[field.name]));
      if (field.subscribe) field.subscribe = guard(field.subscribe);
    }
  }
  return schema;
}
