import { Extensions, type MiddlewareFn } from 'type-graphql';
import type { GraphQLField } from 'graphql';
import type { Action, SubjectName } from '@asn/authz';
import { DomainError } from '@asn/domain';
import type { Ctx } from './context.js';

/**
 * The permission rule of a root field (Query, Mutation, Subscription). Every root field must
 * carry one; the guard denies fields without a rule, and a test enumerates the schema to make
 * sure none is missing.
 */
export type PermitRule =
  | { kind: 'public'; why: string }
  | { kind: 'signedIn' }
  | { kind: 'ability'; action: Action; subject: Exclude<SubjectName, 'all'> };

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
    throw DomainError.forbidden(`Your roles do not allow ${rule.action} on ${rule.subject}.`);
  }
}

/** Global middleware: deny by default on every root field. */
export const permissionGuard: MiddlewareFn<Ctx> = async ({ info, context }, next) => {
  if (ROOTS.has(info.parentType.name)) {
    const field = info.parentType.getFields()[info.fieldName];
    enforce(field ? permitRuleOf(field) : undefined, context, `${info.parentType.name}.${info.fieldName}`);
  }
  return next();
};
