import { ArrayType, BigIntType, EntitySchema } from '@mikro-orm/core';
import { DEFAULT_TIME_ZONE, type RelationshipKind, type Role, type TenantKind } from '@asn/domain';

/**
 * Persistence shapes. These are not GraphQL types: each module maps them to its own object
 * types, so a new column is never exposed by accident. Foreign keys are kept as plain ids
 * (the tenant boundary matters more here than object graphs).
 */
export class Tenant {
  id!: string;
  kind!: TenantKind;
  name!: string;
  code!: string;
  timezone: string = DEFAULT_TIME_ZONE;
  currency: string = 'CNY';
  createdAt: Date = new Date();
  version: number = 1;
}

export class User {
  id!: string;
  tenantId!: string | null;
  email!: string;
  passwordHash!: string;
  displayName!: string;
  roles: Role[] = [];
  regions: string[] = [];
  active: boolean = true;
  locale: string = 'zh-CN';
  isPlatformAdmin: boolean = false;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
  version: number = 1;
}

export class Session {
  id!: string;
  tokenHash!: string;
  userId!: string;
  tenantId!: string | null;
  createdAt: Date = new Date();
  lastSeenAt: Date = new Date();
  expiresAt!: Date;
  revokedAt: Date | null = null;
  userAgent: string | null = null;
}

export class Relationship {
  id!: string;
  kind!: RelationshipKind;
  fromTenantId!: string;
  toTenantId!: string;
  dealerCode: string | null = null;
  region: string | null = null;
  brands: string[] = [];
  /** Minor units as a decimal string (bigint column). */
  warrantyLabourRateMinor: string | null = null;
  currency: string | null = null;
  recoveryShareBp: number | null = null;
  /** The buyer's discount on the seller's parts list price (basis points). */
  partsDiscountBp: number | null = null;
  partsSupplied: string[] = [];
  /** YYYY-MM-DD */
  validFrom!: string;
  validTo: string | null = null;
  createdBy: string | null = null;
  createdAt: Date = new Date();
  updatedAt: Date = new Date();
  version: number = 1;
}

export class AuditEntry {
  id!: string;
  tenantId!: string;
  actorUserId: string | null = null;
  actorName!: string;
  action!: string;
  entityType!: string;
  entityId!: string;
  before: Record<string, unknown> | null = null;
  after: Record<string, unknown> | null = null;
  requestId: string | null = null;
  occurredAt: Date = new Date();
}

export class OutboxEvent {
  id!: string;
  tenantId!: string;
  audienceTenantIds!: string[];
  type!: string;
  entityType!: string;
  entityId!: string;
  fromState: string | null = null;
  toState: string | null = null;
  actorUserId: string | null = null;
  data: Record<string, unknown> = {};
  /** Attributes of the changed record for each subscriber's read check (null: the audience alone decides). */
  subject: Record<string, unknown> | null = null;
  occurredAt: Date = new Date();
  publishedAt: Date | null = null;
}

const uuid = { type: 'uuid' } as const;
/** The default MikroORM filter of every tenant-owned entity (a query without the tenant fails). */
export const tenantFilter = {
  tenant: {
    name: 'tenant',
    default: true,
    cond: (args: { tenantId: string }) => ({ tenantId: args.tenantId }),
  },
};

export const TenantSchema = new EntitySchema<Tenant>({
  class: Tenant,
  tableName: 'tenants',
  properties: {
    id: { ...uuid, primary: true },
    kind: { type: 'string' },
    name: { type: 'string' },
    code: { type: 'string' },
    timezone: { type: 'string' },
    currency: { type: 'string' },
    createdAt: { type: 'Date' },
    version: { type: 'integer', version: true },
  },
});

export const UserSchema = new EntitySchema<User>({
  class: User,
  tableName: 'users',
  filters: tenantFilter,
  properties: {
    id: { ...uuid, primary: true },
    tenantId: { ...uuid, nullable: true },
    email: { type: 'string' },
    passwordHash: { type: 'string', hidden: true, lazy: true },
    displayName: { type: 'string' },
    roles: { type: ArrayType, columnType: 'text[]' },
    regions: { type: ArrayType, columnType: 'text[]' },
    active: { type: 'boolean' },
    locale: { type: 'string' },
    isPlatformAdmin: { type: 'boolean' },
    createdAt: { type: 'Date' },
    updatedAt: { type: 'Date', onUpdate: () => new Date() },
    version: { type: 'integer', version: true },
  },
});

export const SessionSchema = new EntitySchema<Session>({
  class: Session,
  tableName: 'sessions',
  properties: {
    id: { ...uuid, primary: true },
    tokenHash: { type: 'string' },
    userId: uuid,
    tenantId: { ...uuid, nullable: true },
    createdAt: { type: 'Date' },
    lastSeenAt: { type: 'Date' },
    expiresAt: { type: 'Date' },
    revokedAt: { type: 'Date', nullable: true },
    userAgent: { type: 'string', nullable: true },
  },
});

export const RelationshipSchema = new EntitySchema<Relationship>({
  class: Relationship,
  tableName: 'relationships',
  filters: {
    tenant: {
      name: 'tenant',
      default: true,
      cond: (args: { tenantId: string }) => ({
        $or: [{ fromTenantId: args.tenantId }, { toTenantId: args.tenantId }],
      }),
    },
  },
  properties: {
    id: { ...uuid, primary: true },
    kind: { type: 'string' },
    fromTenantId: uuid,
    toTenantId: uuid,
    dealerCode: { type: 'string', nullable: true },
    region: { type: 'string', nullable: true },
    brands: { type: ArrayType, columnType: 'text[]' },
    warrantyLabourRateMinor: { type: new BigIntType('string'), nullable: true },
    currency: { type: 'string', nullable: true },
    recoveryShareBp: { type: 'integer', nullable: true, fieldName: 'recovery_share_bp' },
    partsDiscountBp: { type: 'integer', nullable: true, fieldName: 'parts_discount_bp' },
    partsSupplied: { type: ArrayType, columnType: 'text[]' },
    validFrom: { type: 'string', columnType: 'date' },
    validTo: { type: 'string', columnType: 'date', nullable: true },
    createdBy: { ...uuid, nullable: true },
    createdAt: { type: 'Date' },
    updatedAt: { type: 'Date', onUpdate: () => new Date() },
    version: { type: 'integer', version: true },
  },
});

export const AuditEntrySchema = new EntitySchema<AuditEntry>({
  class: AuditEntry,
  tableName: 'audit_log',
  filters: tenantFilter,
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    actorUserId: { ...uuid, nullable: true },
    actorName: { type: 'string' },
    action: { type: 'string' },
    entityType: { type: 'string' },
    entityId: uuid,
    before: { type: 'json', nullable: true },
    after: { type: 'json', nullable: true },
    requestId: { type: 'string', nullable: true },
    occurredAt: { type: 'Date' },
  },
});

export const OutboxEventSchema = new EntitySchema<OutboxEvent>({
  class: OutboxEvent,
  tableName: 'outbox',
  filters: tenantFilter,
  properties: {
    id: { ...uuid, primary: true },
    tenantId: uuid,
    audienceTenantIds: { type: ArrayType, columnType: 'uuid[]' },
    type: { type: 'string' },
    entityType: { type: 'string' },
    entityId: uuid,
    fromState: { type: 'string', nullable: true },
    toState: { type: 'string', nullable: true },
    actorUserId: { ...uuid, nullable: true },
    data: { type: 'json' },
    subject: { type: 'json', nullable: true },
    occurredAt: { type: 'Date' },
    publishedAt: { type: 'Date', nullable: true },
  },
});

export const entities = [TenantSchema, UserSchema, SessionSchema, RelationshipSchema, AuditEntrySchema, OutboxEventSchema];
