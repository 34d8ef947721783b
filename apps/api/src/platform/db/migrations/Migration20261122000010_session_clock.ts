import { Migration } from '@mikro-orm/migrations';

/**
 * Session expiry is judged by the application's clock (passed in), not the database's `now()`:
 * the same clock sets `expires_at`, and tests that drive time with a controllable clock keep
 * working on any real date.
 */
export class Migration20261122000010_session_clock extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
drop function app_session_actor(text);
create function app_session_actor(p_token_hash text, p_now timestamptz)
returns table (session_id uuid, user_id uuid, tenant_id uuid, tenant_kind text, tenant_name text,
               roles text[], regions text[], email text, display_name text, locale text,
               is_platform_admin boolean, expires_at timestamptz, user_created_at timestamptz, user_version int)
language sql stable security definer set search_path = public as
  $$ select s.id, u.id, u.tenant_id, t.kind, t.name, u.roles, u.regions, u.email, u.display_name,
            u.locale, u.is_platform_admin, s.expires_at, u.created_at, u.version
       from sessions s join users u on u.id = s.user_id left join tenants t on t.id = u.tenant_id
      where s.token_hash = p_token_hash and s.revoked_at is null and s.expires_at > p_now and u.active $$;
revoke all on function app_session_actor(text, timestamptz) from public;
grant execute on function app_session_actor(text, timestamptz) to asn_app;
`);
  }

  override async down(): Promise<void> {
    this.addSql(`
drop function app_session_actor(text, timestamptz);
create function app_session_actor(p_token_hash text)
returns table (session_id uuid, user_id uuid, tenant_id uuid, tenant_kind text, tenant_name text,
               roles text[], regions text[], email text, display_name text, locale text,
               is_platform_admin boolean, expires_at timestamptz, user_created_at timestamptz, user_version int)
language sql stable security definer set search_path = public as
  $$ select s.id, u.id, u.tenant_id, t.kind, t.name, u.roles, u.regions, u.email, u.display_name,
            u.locale, u.is_platform_admin, s.expires_at, u.created_at, u.version
       from sessions s join users u on u.id = s.user_id left join tenants t on t.id = u.tenant_id
      where s.token_hash = p_token_hash and s.revoked_at is null and s.expires_at > now() and u.active $$;
revoke all on function app_session_actor(text) from public;
grant execute on function app_session_actor(text) to asn_app;
`);
  }
}
