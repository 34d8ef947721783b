import { Migration } from '@mikro-orm/migrations';
import { tenantTableSql } from './rls.js';

/**
 * A Postgres-backed job queue for timers (progress checks, pickup notices, follow-ups): jobs
 * survive restarts, and a claim with SKIP LOCKED plus a lease makes each run once across API
 * processes. Notifications are what the timers produce for staff and customers.
 */
export class Migration20261122000004_jobs extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table jobs (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  kind text not null,
  dedupe_key text,
  run_at timestamptz not null,
  payload jsonb not null default '{}',
  status text not null default 'PENDING' check (status in ('PENDING','RUNNING','DONE','FAILED','CANCELLED')),
  attempts int not null default 0,
  lease_until timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  done_at timestamptz
);
create unique index jobs_dedupe_key on jobs (tenant_id, dedupe_key) where dedupe_key is not null and status in ('PENDING','RUNNING');
create index jobs_due_idx on jobs (run_at) where status = 'PENDING';
create index jobs_tenant_idx on jobs (tenant_id, kind, id);

create table notifications (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  repair_order_id uuid references repair_orders(id),
  audience text not null check (audience in ('CUSTOMER','STAFF')),
  channel text not null check (channel in ('SMS','IN_APP')),
  kind text not null,
  message text not null,
  created_at timestamptz not null default now()
);
create index notifications_tenant_idx on notifications (tenant_id, id);
create index notifications_order_idx on notifications (tenant_id, repair_order_id, id);

-- The worker claims due jobs of every tenant (then runs each inside its tenant).
create function app_claim_jobs(p_now timestamptz, p_limit int, p_lease_seconds int)
returns table (id uuid, tenant_id uuid, kind text, payload jsonb, attempts int)
language sql volatile security definer set search_path = public as
  $$ update jobs j set status = 'RUNNING', attempts = j.attempts + 1,
                       lease_until = p_now + make_interval(secs => p_lease_seconds)
      where j.id in (select id from jobs
                      where (status = 'PENDING' and run_at <= p_now)
                         or (status = 'RUNNING' and lease_until < p_now)
                      order by run_at limit p_limit for update skip locked)
  returning j.id, j.tenant_id, j.kind, j.payload, j.attempts $$;
revoke all on function app_claim_jobs(timestamptz, int, int) from public;
grant execute on function app_claim_jobs(timestamptz, int, int) to asn_app;
`);
    for (const table of ['jobs', 'notifications']) this.addSql(tenantTableSql(table));
  }

  override async down(): Promise<void> {
    this.addSql('drop function if exists app_claim_jobs(timestamptz, int, int); drop table if exists notifications, jobs cascade;');
  }
}
