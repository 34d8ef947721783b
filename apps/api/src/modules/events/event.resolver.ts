import { Arg, Ctx as Context, Field, ID, ObjectType, Query, Resolver, Root, Subscription } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Subjects, asSubject, type SubjectName } from '@asn/authz';
import { DomainError, ErrorCode } from '@asn/domain';
import type { Ctx } from '../../platform/context.js';
import { Permit } from '../../platform/permissions.js';
import type { DomainEventMessage } from '../../platform/pubsub.js';
import { decodeCursor, encodeCursor } from './event.cursor.js';
import { EventStream, eventHead } from './event.stream.js';

@ObjectType('DomainEvent', { description: 'A committed change, delivered only to tenants allowed to see it.' })
export class DomainEventType {
  @Field(() => ID) id!: string;
  @Field(() => String, {
    description: 'Opaque; pass the last one received as `after` when subscribing again to get what was published since.',
  })
  cursor!: string;
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
 * Whom the holder of this context may receive events as: a test per event — its tenant is in the
 * audience, its roles read that kind of record at all (a technician gets no claim events), and,
 * when the event carries the record's attributes, read this very record (a regional manager gets
 * the claims of its regions only; the manufacturer no dealer's drafts). The ability is the one the
 * connection was opened with, checked in memory: no database read per subscriber per event. It
 * stays true to the session because the socket does not outlive it — sign-out, revocation, expiry
 * or a change of roles or regions closes it (4403, platform/sockets.ts) on every API process, and
 * the client reconnects with what it may now see. Replayed events pass the very same test.
 */
export function receiverOf(ctx: Ctx): (event: DomainEventMessage) => boolean {
  if (ctx.actor.type !== 'member') return () => false;
  const ability = ctx.ability;
  return (event) => {
    if (!ability.can('subscribe', asSubject('Event', { audienceTenantIds: event.audienceTenantIds }))) return false;
    if (!SUBJECTS.has(event.entityType)) return true;
    const type = event.entityType as Exclude<SubjectName, 'all'>;
    return event.subject ? ability.can('read', asSubject(type, event.subject)) : ability.can('read', type);
  };
}

/** Whether the holder of this context may receive `event` (see receiverOf). */
export function mayReceive(ctx: Ctx, event: DomainEventMessage): boolean {
  return receiverOf(ctx)(event);
}

function member(ctx: Ctx): void {
  if (ctx.actor.type === 'anonymous') throw DomainError.unauthenticated();
  if (!ctx.ability.can('subscribe', 'Event'))
    throw DomainError.because(
      ErrorCode.FORBIDDEN,
      'ROLE_NOT_ALLOWED',
      { action: 'subscribe', subject: 'Event' },
      'Your roles do not allow subscribe on Event.',
    );
}

@Resolver(() => DomainEventType)
export class EventResolver {
  @Subscription(() => DomainEventType, {
    description:
      "Live changes concerning the caller's tenant (owner or counterparty), optionally by entity type. With `after` " +
      '(the `cursor` of the last event received, or `eventCursor`), first the events published since then that the ' +
      'caller may see, in order, then live ones: nothing missed across a reconnect. A cursor older than the retention ' +
      'period (EVENT_RETENTION_HOURS, at least 24 h) is CONFLICT with details.reason CURSOR_EXPIRED: reload, then ' +
      'subscribe without it.',
    subscribe: async ({ args, context }) => {
      const ctx = context as Ctx;
      member(ctx);
      const { entityTypes, after } = args as { entityTypes?: string[] | null; after?: string | null };
      const types = entityTypes?.length ? entityTypes : null;
      const receive = receiverOf(ctx);
      return EventStream.open(ctx, {
        after: after == null ? null : decodeCursor(after),
        filter: { entityTypes: types, entityId: null },
        matches: (e) => !types || types.includes(e.entityType),
        admit: async (events) => events.filter(receive),
      });
    },
  })
  @Permit('subscribe', 'Event')
  events(
    @Root() event: DomainEventMessage,
    @Arg('entityTypes', () => [String], { nullable: true }) _entityTypes?: string[] | null,
    @Arg('after', () => String, { nullable: true, description: 'Resume after this cursor (an event’s `cursor`, or `eventCursor`).' })
    _after?: string | null,
  ): DomainEventType {
    const { subject: _subject, audienceTenantIds: _audience, seq, ...shown } = event;
    return Object.assign(new DomainEventType(), { ...shown, cursor: encodeCursor(seq), occurredAt: new Date(event.occurredAt) });
  }

  @Query(() => String, {
    description: 'The cursor of the newest event: subscribe to `events(after:)` with it to miss nothing that happens after this query.',
  })
  @Permit('subscribe', 'Event')
  async eventCursor(@Context() ctx: Ctx): Promise<string> {
    return encodeCursor(await eventHead(ctx));
  }
}
