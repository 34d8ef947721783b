import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import type { AuditEntry } from '../../platform/db/entities.js';
import { ConnectionType } from '../../platform/graphql/common.js';

@ObjectType('AuditEntry', { description: 'One append-only audit row: who did what, when, before and after.' })
export class AuditEntryType {
  @Field(() => ID) id!: string;
  @Field(() => Date) occurredAt!: Date;
  @Field(() => ID, { nullable: true }) actorUserId!: string | null;
  @Field(() => String) actorName!: string;
  @Field(() => String) action!: string;
  @Field(() => String) entityType!: string;
  @Field(() => ID) entityId!: string;
  @Field(() => GraphQLJSONObject, { nullable: true }) before!: Record<string, unknown> | null;
  @Field(() => GraphQLJSONObject, { nullable: true }) after!: Record<string, unknown> | null;

  static from(a: AuditEntry): AuditEntryType {
    return Object.assign(new AuditEntryType(), {
      id: a.id,
      occurredAt: a.occurredAt,
      actorUserId: a.actorUserId,
      actorName: a.actorName,
      action: a.action,
      entityType: a.entityType,
      entityId: a.entityId,
      before: a.before,
      after: a.after,
    });
  }
}

export const AuditEntryConnection = ConnectionType(AuditEntryType, 'AuditEntryConnection');
