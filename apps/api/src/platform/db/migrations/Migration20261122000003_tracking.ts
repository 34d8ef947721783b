import { Migration } from '@mikro-orm/migrations';
import { tenantTableSql } from './rls.js';

/**
 * Customer tracking links (在线查询维修进度): a random token per repair order, stored only as a
 * hash, expiring and revocable; the visitor proves the last four digits of the customer's phone,
 * and repeated wrong answers lock the link for a while. Plus the customer's rating after delivery.
 */
export class Migration20261122000003_tracking extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table tracking_links (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  repair_order_id uuid not null references repair_orders(id),
  token_hash text not null,
  created_by uuid,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  failed_attempts int not null default 0,
  locked_until timestamptz,
  last_chased_at timestamptz,
  last_used_at timestamptz
);
create unique index tracking_links_token_key on tracking_links (token_hash);
create index tracking_links_order_idx on tracking_links (tenant_id, repair_order_id);

create table repair_order_ratings (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  repair_order_id uuid not null references repair_orders(id),
  stars int not null check (stars between 1 and 5),
  comment text,
  created_at timestamptz not null default now()
);
create unique index repair_order_ratings_order_key on repair_order_ratings (tenant_id, repair_order_id);

-- A visitor with a token: which link, of which tenant (before any tenant is known).
create function app_tracking_link(p_token_hash text)
returns table (id uuid, tenant_id uuid, repair_order_id uuid, expires_at timestamptz, revoked_at timestamptz,
               failed_attempts int, locked_until timestamptz)
language sql stable security definer set search_path = public as
  $$ select l.id, l.tenant_id, l.repair_order_id, l.expires_at, l.revoked_at, l.failed_attempts, l.locked_until
       from tracking_links l where l.token_hash = p_token_hash $$;
revoke all on function app_tracking_link(text) from public;
grant execute on function app_tracking_link(text) to asn_app;
`);
    for (const table of ['tracking_links', 'repair_order_ratings']) this.addSql(tenantTableSql(table));
  }

  override async down(): Promise<void> {
    this.addSql('drop function if exists app_tracking_link(text); drop table if exists repair_order_ratings, tracking_links cascade;');
  }
}
