import { Migration } from '@mikro-orm/migrations';

/**
 * Foundation: tenants, users, sessions, network relationships, audit log, outbox, sign-in
 * throttle. Every tenant table has row-level security with FORCE; the API's role (asn_app)
 * owns nothing and sees only rows of the tenant set per transaction (app.tenant_id).
 * Lookups that must happen before a tenant is known (sign-in, session, tenant by code,
 * outbox dispatch) go through SECURITY DEFINER functions that expose only what they must.
 */
export class Migration20261122000001_foundation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create or replace function app_current_tenant() returns uuid language sql stable as
  $$ select nullif(current_setting('app.tenant_id', true), '')::uuid $$;
create or replace function app_current_user() returns uuid language sql stable as
  $$ select nullif(current_setting('app.user_id', true), '')::uuid $$;
create or replace function app_is_platform() returns boolean language sql stable as
  $$ select coalesce(current_setting('app.platform', true), '') = 'on' $$;

create table tenants (
  id uuid primary key,
  kind text not null check (kind in ('MANUFACTURER','DEALER_4S','INDEPENDENT_SHOP','PARTS_SUPPLIER')),
  name text not null,
  code text not null,
  timezone text not null default 'Asia/Shanghai',
  currency char(3) not null default 'CNY',
  created_at timestamptz not null default now(),
  version int not null default 1
);
create unique index tenants_code_key on tenants (lower(code));

create table users (
  id uuid primary key,
  tenant_id uuid references tenants(id),
  email text not null,
  password_hash text not null,
  display_name text not null,
  roles text[] not null default '{}',
  regions text[] not null default '{}',
  active boolean not null default true,
  locale text not null default 'zh-CN',
  is_platform_admin boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version int not null default 1,
  check (is_platform_admin = (tenant_id is null))
);
create unique index users_email_key on users (email);
create index users_tenant_idx on users (tenant_id, display_name, id);

create table sessions (
  id uuid primary key,
  token_hash text not null,
  user_id uuid not null references users(id),
  tenant_id uuid references tenants(id),
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  user_agent text
);
create unique index sessions_token_key on sessions (token_hash);
create index sessions_tenant_user_idx on sessions (tenant_id, user_id);
create index sessions_user_idx on sessions (user_id);

create table relationships (
  id uuid primary key,
  kind text not null check (kind in ('DEALER_AUTHORIZATION','SUPPLY_AGREEMENT','TRADE_ACCOUNT')),
  from_tenant_id uuid not null references tenants(id),
  to_tenant_id uuid not null references tenants(id),
  dealer_code text,
  region text,
  brands text[] not null default '{}',
  warranty_labour_rate_minor bigint,
  currency char(3),
  recovery_share_bp int check (recovery_share_bp between 0 and 10000),
  parts_supplied text[] not null default '{}',
  valid_from date not null,
  valid_to date,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version int not null default 1,
  check (from_tenant_id <> to_tenant_id),
  check (valid_to is null or valid_to >= valid_from)
);
create index relationships_from_idx on relationships (from_tenant_id, kind, id);
create index relationships_to_idx on relationships (to_tenant_id, kind, id);
create unique index relationships_dealer_code_key on relationships (from_tenant_id, dealer_code) where dealer_code is not null;

create table audit_log (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  actor_user_id uuid,
  actor_name text not null,
  action text not null,
  entity_type text not null,
  entity_id uuid not null,
  before jsonb,
  after jsonb,
  request_id text,
  occurred_at timestamptz not null default now()
);
create index audit_log_tenant_time_idx on audit_log (tenant_id, id desc);
create index audit_log_tenant_entity_idx on audit_log (tenant_id, entity_type, entity_id, id);

create function audit_log_append_only() returns trigger language plpgsql as
  $$ begin raise exception 'audit_log is append-only'; end $$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_append_only();

create table outbox (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  audience_tenant_ids uuid[] not null,
  type text not null,
  entity_type text not null,
  entity_id uuid not null,
  from_state text,
  to_state text,
  actor_user_id uuid,
  data jsonb not null default '{}',
  occurred_at timestamptz not null default now(),
  published_at timestamptz
);
create index outbox_tenant_idx on outbox (tenant_id, id);
create index outbox_unpublished_idx on outbox (id) where published_at is null;

create table auth_throttle (
  key text primary key,
  failures int not null default 0,
  window_started_at timestamptz not null default now(),
  locked_until timestamptz
);

-- Row-level security ------------------------------------------------------------------
alter table tenants enable row level security;
alter table tenants force row level security;
create policy tenants_read on tenants for select using (
  app_is_platform()
  or id = app_current_tenant()
  or exists (select 1 from relationships r
             where (r.from_tenant_id = app_current_tenant() and r.to_tenant_id = tenants.id)
                or (r.to_tenant_id = app_current_tenant() and r.from_tenant_id = tenants.id)));
create policy tenants_platform_insert on tenants for insert with check (app_is_platform());
create policy tenants_platform_update on tenants for update using (app_is_platform()) with check (app_is_platform());

alter table users enable row level security;
alter table users force row level security;
create policy users_tenant on users using (tenant_id = app_current_tenant())
  with check (tenant_id = app_current_tenant() and not is_platform_admin);

alter table sessions enable row level security;
alter table sessions force row level security;
create policy sessions_own on sessions
  using (user_id = app_current_user() or tenant_id = app_current_tenant())
  with check (user_id = app_current_user() or tenant_id = app_current_tenant());

alter table relationships enable row level security;
alter table relationships force row level security;
create policy relationships_read on relationships for select
  using (from_tenant_id = app_current_tenant() or to_tenant_id = app_current_tenant());
create policy relationships_insert on relationships for insert
  with check (from_tenant_id = app_current_tenant());
create policy relationships_update on relationships for update
  using (from_tenant_id = app_current_tenant()) with check (from_tenant_id = app_current_tenant());

alter table audit_log enable row level security;
alter table audit_log force row level security;
create policy audit_log_tenant on audit_log using (tenant_id = app_current_tenant())
  with check (tenant_id = app_current_tenant());

alter table outbox enable row level security;
alter table outbox force row level security;
create policy outbox_tenant on outbox using (tenant_id = app_current_tenant())
  with check (tenant_id = app_current_tenant());

-- Functions for lookups before a tenant is known ----------------------------------------
create function app_auth_user(p_email text)
returns table (id uuid, tenant_id uuid, password_hash text, active boolean, display_name text)
language sql stable security definer set search_path = public as
  $$ select u.id, u.tenant_id, u.password_hash, u.active, u.display_name from users u where u.email = lower(p_email) $$;

create function app_session_actor(p_token_hash text)
returns table (session_id uuid, user_id uuid, tenant_id uuid, tenant_kind text, tenant_name text,
               roles text[], regions text[], email text, display_name text, locale text,
               is_platform_admin boolean, expires_at timestamptz, user_created_at timestamptz, user_version int)
language sql stable security definer set search_path = public as
  $$ select s.id, u.id, u.tenant_id, t.kind, t.name, u.roles, u.regions, u.email, u.display_name,
            u.locale, u.is_platform_admin, s.expires_at, u.created_at, u.version
       from sessions s join users u on u.id = s.user_id left join tenants t on t.id = u.tenant_id
      where s.token_hash = p_token_hash and s.revoked_at is null and s.expires_at > now() and u.active $$;

create function app_find_tenant_by_code(p_code text)
returns table (id uuid, kind text, name text)
language sql stable security definer set search_path = public as
  $$ select t.id, t.kind, t.name from tenants t where lower(t.code) = lower(p_code) $$;

create function app_claim_outbox(p_limit int)
returns setof outbox
language sql volatile security definer set search_path = public as
  $$ update outbox set published_at = now()
      where id in (select id from outbox where published_at is null order by id
                   limit p_limit for update skip locked)
  returning * $$;

-- The API's role: owns nothing, RLS applies ----------------------------------------------
grant usage on schema public to asn_app;
grant select, insert, update on tenants, users, relationships to asn_app;
grant select, insert, update, delete on sessions, auth_throttle to asn_app;
grant select, insert on audit_log, outbox to asn_app;
revoke all on function app_auth_user(text), app_session_actor(text), app_find_tenant_by_code(text),
  app_claim_outbox(int) from public;
grant execute on function app_auth_user(text), app_session_actor(text), app_find_tenant_by_code(text),
  app_claim_outbox(int), app_current_tenant(), app_current_user(), app_is_platform() to asn_app;
`);
  }

  override async down(): Promise<void> {
    this.addSql(`
drop table if exists auth_throttle, outbox, audit_log, relationships, sessions, users, tenants cascade;
drop function if exists app_auth_user(text), app_session_actor(text), app_find_tenant_by_code(text),
  app_claim_outbox(int), audit_log_append_only(), app_current_tenant(), app_current_user(), app_is_platform();
`);
  }
}
