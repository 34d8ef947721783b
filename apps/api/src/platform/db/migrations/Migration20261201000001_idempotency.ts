import { Migration } from '@mikro-orm/migrations';
import { tenantTableSql } from './rls.js';

/**
 * Idempotency keys of mutations that create a document or move money (platform/idempotency.ts):
 * one row per tenant, caller (a user, one tracking link, or the tenant's public booking page),
 * operation and client key, with a hash of the input and the id of the record the first call
 * created. The row is inserted first inside the mutation's own transaction, so a concurrent call
 * with the same key waits on the primary key and then reads the stored answer; a rolled-back
 * first call leaves no row. Rows expire (≥ 24 h) and are purged by later inserts of the tenant.
 */
export class Migration20261201000001_idempotency extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table idempotency_keys (
  tenant_id uuid not null references tenants(id),
  owner text not null,
  operation text not null,
  key text not null check (length(key) between 1 and 255),
  request_hash text not null,
  result_id uuid,
  created_at timestamptz not null,
  expires_at timestamptz not null,
  primary key (tenant_id, owner, operation, key)
);
comment on column idempotency_keys.owner is 'the caller: a user id, link:<tracking link or order id> for a customer, public for anonymous visitors';
comment on column idempotency_keys.request_hash is 'sha256 of the mutation input without the key (never the input itself)';
comment on column idempotency_keys.result_id is 'the record the first call created or changed, returned again through its read path';
create index idempotency_keys_expiry_idx on idempotency_keys (tenant_id, expires_at);
${tenantTableSql('idempotency_keys', 'select, insert, update, delete')}
`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table idempotency_keys;`);
  }
}
