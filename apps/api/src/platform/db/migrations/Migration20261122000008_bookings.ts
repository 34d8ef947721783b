import { Migration } from '@mikro-orm/migrations';
import { tenantTableSql } from './rls.js';

/** Requests from a provider's public booking page (appointment or on-site visit, no account). */
export class Migration20261122000008_bookings extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table booking_requests (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  number text not null,
  kind text not null check (kind in ('WORKSHOP','ON_SITE')),
  status text not null check (status in ('PENDING','ACCEPTED','DECLINED','EXPIRED')),
  name text not null,
  phone text not null,
  plate text,
  vin text,
  model text,
  complaint text not null,
  site_address text,
  requested_at timestamptz not null,
  source text not null check (source in ('BOOKING_PAGE','TRACKING_LINK')),
  source_repair_order_id uuid references repair_orders(id),
  repair_order_id uuid references repair_orders(id),
  decided_by uuid references users(id),
  decided_at timestamptz,
  decline_reason text,
  created_at timestamptz not null,
  version int not null default 1,
  unique (tenant_id, number)
);
-- the desk's inbox (pending first, newest first) and the per-phone limit of the public page
create index booking_requests_inbox_idx on booking_requests (tenant_id, status, id);
create index booking_requests_phone_idx on booking_requests (tenant_id, phone, status);
create index booking_requests_created_idx on booking_requests (tenant_id, created_at);
`);
    this.addSql(tenantTableSql('booking_requests'));
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists booking_requests cascade;');
  }
}
