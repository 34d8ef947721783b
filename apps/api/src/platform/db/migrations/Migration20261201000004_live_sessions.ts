import { Migration } from '@mikro-orm/migrations';

/**
 * Which of a set of sessions are still valid, with their user's roles and regions: each API
 * process checks all its WebSockets' sessions in one statement every few seconds and closes those
 * whose session ended (sign-out, revocation, expiry, deactivation) or whose permissions changed.
 * A definer function: the check runs outside any tenant, like the session lookup itself.
 */
export class Migration20261201000004_live_sessions extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create function app_live_sessions(p_ids uuid[], p_now timestamptz)
returns table (session_id uuid, roles text[], regions text[])
language sql stable security definer set search_path = public as
  $$ select s.id, u.roles, u.regions
       from sessions s join users u on u.id = s.user_id
      where s.id = any(p_ids) and s.revoked_at is null and s.expires_at > p_now and u.active $$;
revoke all on function app_live_sessions(uuid[], timestamptz) from public;
grant execute on function app_live_sessions(uuid[], timestamptz) to asn_app;
`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function if exists app_live_sessions(uuid[], timestamptz);`);
  }
}
