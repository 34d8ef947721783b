import { Arg, Field, ID, ObjectType, Resolver, Root, Subscription } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { filter, pipe } from '@graphql-yoga/subscription';
import { Subjects, asSubject, defineAbilityFor, type SubjectName } from '@asn/authz';
import { DomainError } from '@asn/domain';
import type { Ctx } from '../../platform/context.js';
import { Permit } from '../../platform/permissions.js';
import { EVENTS_TOPIC, type DomainEventMessage } from '../../platform/pubsub.js';
import { resolveSession } from '../auth/auth.service.js';

@ObjectType('DomainEvent', { description: 'A committed change, delivered only to tenants allowed to see it.' })
export class DomainEventType {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'e.g. relationship.created, user.rolesChanged' }) type!: string;
  @Field(() => String) entityType!: string;
  @Field(() => ID) entityId!: string;
  @Field(() => ID, { description: 'The tenant that owns the changed record.' }) tenantId!: string;
  @Field(() => String, { nullable: true }) fromState!: string | null;
  @Field(() => String, { nullable: true }) toState!: string | null;
  @Field(() => ID, { nullable: true }) actorUserId!: string | null;
  @Field(() => Date) occurredAt!: Date;
  @Field(() => GraphQLJSONObject) data!: Record<string, unknown>;
}

const SUBJECTS = new Set<string>(Subjects);

/**
 * Whether the holder of this context may receive `event` right now: its tenant is in the audience,
 * its roles read that kind of record at all (a technician gets no claim events), and — when the
 * event carries the record's attributes — read this very record (a regional manager gets the claims
 * of its regions only; the manufacturer no dealer's drafts). The session is resolved again for every
 * event, so a revoked session or a changed role takes effect at once.
 */
export async function mayReceive(ctx: Ctx, event: DomainEventMessage): Promise<boolean> {
  if (!ctx.sessionToken) return false;
  const { actor } = await resolveSession(ctx.services, ctx.sessionToken);
  if (actor.type !== 'member') return false;
  const ability = defineAbilityFor(actor);
  if (!ability.can('subscribe', asSubject('Event', { audienceTenantIds: event.audienceTenantIds }))) return false;
  if (!SUBJECTS.has(event.entityType)) return true;
  const type = event.entityType as Exclude<SubjectName, 'all'>;
  return event.subject ? ability.can('read', asSubject(type, event.subject)) : ability.can('read', type);
}

@Resolver(() => DomainEventType)
export class EventResolver {
  @Subscription(() => DomainEventType, {
    description: "Live changes concerning the caller's tenant (owner or counterparty), optionally by entity type.",
    subscribe: ({ args, context }) => {
      const ctx = context as Ctx;
      if (ctx.actor.type === 'anonymous') throw DomainError.unauthenticated();
      const types = (args as { entityTypes?: string[] | null }).entityTypes;
      return pipe(
        ctx.services.pubsub.subscribe(EVENTS_TOPIC),
        filter(async (event: DomainEventMessage) => (!types?.length || types.includes(event.entityType)) && (await mayReceive(ctx, event))),
      );
    },
  })
  @Permit('subscribe', 'Event')
  events(
    @Root() event: DomainEventMessage,
    @Arg('entityTypes', () => [String], { nullable: true }) _entityTypes?: string[] | null,
  ): DomainEventType {
    return Object.assign(new DomainEventType(), { ...event, occurredAt: new Date(event.occurredAt) });
  }
}

