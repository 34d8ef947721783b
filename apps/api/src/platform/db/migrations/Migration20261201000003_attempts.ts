import { Migration } from '@mikro-orm/migrations';

/**
 * Attempt limits that hold under concurrency: a tracking link's phone-digit attempts are counted
 * in `auth_throttle` (key `link:<id>`), like sign-ins, by one statement that takes a slot before
 * the digits are compared (platform/auth/attempts.ts). The link's own counter columns go; a lock
 * or a count in force at the upgrade moves over.
 */
export class Migration20261201000003_attempts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
insert into auth_throttle (key, failures, window_started_at, locked_until)
select 'link:' || id, case when locked_until > now() then 5 else failed_attempts end, now(),
       case when locked_until > now() then locked_until end
  from tracking_links where locked_until > now() or failed_attempts > 0
on conflict (key) do nothing;

drop function app_tracking_link(text);
alter table tracking_links drop column failed_attempts, drop column locked_until;

-- A visitor with a token: which link, of which tenant (before any tenant is known).
create function app_tracking_link(p_token_hash text)
returns table (id uuid, tenant_id uuid, repair_order_id uuid, expires_at timestamptz, revoked_at timestamptz)
language sql stable security definer set search_path = public as
  $$ select l.id, l.tenant_id, l.repair_order_id, l.expires_at, l.revoked_at
       from tracking_links l where l.token_hash = p_token_hash $$;
revoke all on function app_tracking_link(text) from public;
grant execute on function app_tracking_link(text) to asn_app;
`);
  }

  override async down(): Promise<void> {
    this.addSql(`
drop function app_tracking_link(text);
alter table tracking_links add column failed_attempts int not null default 0, add column locked_until timestamptz;
create function app_tracking_link(p_token_hash text)
returns table (id uuid, tenant_id uuid, repair_order_id uuid, expires_at timestamptz, revoked_at timestamptz,
               failed_attempts int, locked_until timestamptz)
language sql stable security definer set search_path = public as
  $$ select l.id, l.tenant_id, l.repair_order_id, l.expires_at, l.revoked_at, l.failed_attempts, l.locked_until
       from tracking_links l where l.token_hash = p_token_hash $$;
revoke all on function app_tracking_link(text) from public;
grant execute on function app_tracking_link(text) to asn_app;
delete from auth_throttle where key like 'link:%';
`);
  }
}
