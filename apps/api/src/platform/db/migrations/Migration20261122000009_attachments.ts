import { Migration } from '@mikro-orm/migrations';
import { tenantTableSql } from './rls.js';

/**
 * Attachments (photos of proposed additional work, on-site photos; later claim evidence). The
 * bytes live in the row (bytea), so row-level security guards them like any other tenant data
 * and a backup holds everything. Rows are immutable evidence: the API role may insert and read,
 * not update.
 */
export class Migration20261122000009_attachments extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table attachments (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  owner_type text not null check (owner_type in ('RepairOrderLine','Visit','WarrantyClaim')),
  owner_id uuid not null,
  repair_order_id uuid references repair_orders(id),
  file_name text not null check (length(file_name) between 1 and 120 and file_name !~ '[/\\\\[:cntrl:]]'),
  content_type text not null check (content_type in ('image/jpeg','image/png','image/webp','application/pdf')),
  size_bytes int not null check (size_bytes between 1 and 5242880),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  content bytea not null,
  customer_visible boolean not null default false,
  taken_at timestamptz,
  place text check (length(place) <= 200),
  latitude double precision check (latitude between -90 and 90),
  longitude double precision check (longitude between -180 and 180),
  uploaded_by uuid not null references users(id),
  created_at timestamptz not null default now(),
  check (octet_length(content) = size_bytes),
  check ((latitude is null) = (longitude is null))
);
create index attachments_owner_idx on attachments (tenant_id, owner_type, owner_id, id);
create index attachments_order_idx on attachments (tenant_id, repair_order_id, id) where repair_order_id is not null;
-- large photos are already compressed: keep them out of line, uncompressed
alter table attachments alter column content set storage external;
`);
    this.addSql(tenantTableSql('attachments', 'select, insert'));
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists attachments cascade;');
  }
}
