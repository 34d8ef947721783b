import { Migration } from '@mikro-orm/migrations';
import { tenantTableSql } from './rls.js';

/**
 * Network figures (domain.md §8, ADR 0019): the sanctioned cross-tenant path for figures.
 *
 * - `figure_facts` holds additive measures (packages/domain figures/measures.ts) per owner tenant,
 *   grain (D = local day, M = local month), brand and measure. Each row names its AUDIENCE: the
 *   manufacturer whose dealer authorisation covered that brand on that day (null when none did),
 *   and the dealer's region under it. RLS: the owner reads its rows, the audience reads the rows
 *   addressed to it, nobody else anything; only the owner writes (the refresh job runs in the
 *   owner's transaction, reading the owner's records under its own RLS).
 * - `figure_dirty` lists the (owner, local day) pairs whose facts changed. Triggers on the source
 *   tables append marks in the same transaction as the change (nothing is lost after kill -9; no
 *   unique key, so one dealer's concurrent transactions never wait on each other) and plan one
 *   `figures.refresh` job per owner; the job recomputes exactly those days and their months.
 * - `app_network_figure_sums` gives a dealer its manufacturer's network totals without any dealer's
 *   name: summed over all dealers, refused below three dealers.
 * - `satisfaction_surveys`: the seed-004 customer-satisfaction survey (expected and actual score
 *   per indicator), one per repair order and channel.
 */
export class Migration20261202000009_network_figures extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
alter table repair_orders add column delivered_at timestamptz;
comment on column repair_orders.delivered_at is 'when the order was delivered (出厂); the day it counts in the figures';
update repair_orders r set delivered_at = a.at
  from (select entity_id, max(occurred_at) as at from audit_log where action = 'repairOrder.DELIVER' group by entity_id) a
  where a.entity_id = r.id and r.status = 'DELIVERED';
update repair_orders set delivered_at = updated_at where status = 'DELIVERED' and delivered_at is null;
create index repair_orders_delivered_idx on repair_orders (tenant_id, delivered_at) where delivered_at is not null;
create index repair_orders_vehicle_delivered_idx on repair_orders (tenant_id, vehicle_id, delivered_at) where delivered_at is not null;
create index warranty_claims_submitted_idx on warranty_claims (tenant_id, submitted_at) where submitted_at is not null;
create index warranty_claims_decided_idx on warranty_claims (tenant_id, decided_at) where decided_at is not null;
create index complaints_received_idx on complaints (tenant_id, received_at);
create index follow_ups_order_idx on follow_ups (tenant_id, repair_order_id);
create index sla_clocks_met_idx on sla_clocks (tenant_id, met_at) where met_at is not null;

create table figure_facts (
  tenant_id uuid not null references tenants(id),
  grain char(1) not null check (grain in ('D','M')),
  period date not null,
  brand text not null default '',
  audience_id uuid references tenants(id),
  region text,
  measure text not null,
  value bigint not null,
  primary key (tenant_id, grain, period, brand, measure),
  check (grain = 'D' or extract(day from period) = 1)
);
comment on table figure_facts is 'additive measures per owner, local day or month and brand; audience_id = the authorising manufacturer on that day (ADR 0019)';
create index figure_facts_audience_idx on figure_facts (audience_id, grain, period, tenant_id) where audience_id is not null;

-- append-only marks (no unique key: concurrent transactions of one dealer never wait on each other)
create table figure_dirty (
  id bigserial primary key,
  tenant_id uuid not null references tenants(id),
  day date not null,
  marked_at timestamptz not null default now()
);
create index figure_dirty_tenant_idx on figure_dirty (tenant_id, id);

create table satisfaction_surveys (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  repair_order_id uuid not null references repair_orders(id),
  channel text not null check (channel in ('TRACKING_LINK','FOLLOW_UP_CALL')),
  answers jsonb not null,
  answered_at timestamptz not null,
  recorded_by uuid,
  created_at timestamptz not null default now(),
  unique (tenant_id, repair_order_id, channel)
);
create index satisfaction_surveys_day_idx on satisfaction_surveys (tenant_id, answered_at);

-- Plans the owner's refresh job unless one is pending. No dedupe key: the check reads without
-- locking, so concurrent transactions never wait on each other; two jobs planned at once are harmless
-- (the refresh is idempotent and serialised per owner). A mark made while a job runs plans the next.
create function app_figure_plan(p_tenant uuid) returns void
language plpgsql security definer set search_path = public as $$
begin
  if not exists (select 1 from jobs where tenant_id = p_tenant and kind = 'figures.refresh' and status = 'PENDING') then
    insert into jobs (id, tenant_id, kind, run_at) values (gen_random_uuid(), p_tenant, 'figures.refresh', now() + interval '60 seconds');
  end if;
end $$;
create index jobs_pending_kind_idx on jobs (tenant_id, kind) where status = 'PENDING';
revoke all on function app_figure_plan(uuid) from public;

-- Marks the owner's local days of the given instants dirty and plans its refresh.
create function app_figure_mark(p_tenant uuid, p_at timestamptz[]) returns void
language plpgsql security definer set search_path = public as $$
declare zone text;
begin
  if p_tenant is null then return; end if;
  select timezone into zone from tenants where id = p_tenant;
  insert into figure_dirty (tenant_id, day)
    select distinct p_tenant, (t at time zone coalesce(zone, 'Asia/Shanghai'))::date from unnest(p_at) t where t is not null;
  if found then perform app_figure_plan(p_tenant); end if;
end $$;
revoke all on function app_figure_mark(uuid, timestamptz[]) from public;


create function app_figure_mark_repair_order() returns trigger
language plpgsql security definer set search_path = public as $$
declare checked timestamptz;
begin
  if new.delivered_at is distinct from (case when tg_op = 'UPDATE' then old.delivered_at end) then
    perform app_figure_mark(new.tenant_id, array[new.delivered_at, case when tg_op = 'UPDATE' then old.delivered_at end]);
  end if;
  -- a comeback: a new check-in of the vehicle reopens the figures of its deliveries of the 30 days before
  if new.check_in is not null and (tg_op = 'INSERT' or old.check_in is null) then
    checked := coalesce((new.check_in->>'at')::timestamptz, now());
    perform app_figure_mark(new.tenant_id, array(
      select r.delivered_at from repair_orders r
       where r.tenant_id = new.tenant_id and r.vehicle_id = new.vehicle_id and r.id <> new.id
         and r.delivered_at between checked - interval '30 days' and checked));
  end if;
  return null;
end $$;
create trigger repair_orders_figures after insert or update on repair_orders
  for each row execute function app_figure_mark_repair_order();

-- a comeback needs the later order's approved work (same operation or part): approving it reopens
-- the figures of the vehicle's deliveries of the 30 days before that order's check-in
create function app_figure_mark_line() returns trigger
language plpgsql security definer set search_path = public as $$
begin
  if new.status = 'APPROVED' and (tg_op = 'INSERT' or old.status is distinct from 'APPROVED') then
    perform app_figure_mark(new.tenant_id, array(
      select r.delivered_at from repair_orders o join repair_orders r
          on r.tenant_id = o.tenant_id and r.vehicle_id = o.vehicle_id and r.id <> o.id
       where o.id = new.repair_order_id and o.check_in is not null
         and r.delivered_at between (o.check_in->>'at')::timestamptz - interval '30 days' and (o.check_in->>'at')::timestamptz));
  end if;
  return null;
end $$;
create trigger repair_order_lines_figures after insert or update on repair_order_lines
  for each row execute function app_figure_mark_line();

create function app_figure_mark_claim() returns trigger
language plpgsql security definer set search_path = public as $$
begin
  if tg_op = 'INSERT' or new.submitted_at is distinct from old.submitted_at or new.decided_at is distinct from old.decided_at
     or new.status is distinct from old.status or new.approved_minor is distinct from old.approved_minor then
    perform app_figure_mark(new.tenant_id, array[new.submitted_at, new.decided_at]);
  end if;
  return null;
end $$;
create trigger warranty_claims_figures after insert or update on warranty_claims
  for each row execute function app_figure_mark_claim();

create function app_figure_mark_complaint() returns trigger
language plpgsql security definer set search_path = public as $$
begin
  if tg_op = 'INSERT' or new.acknowledged_at is distinct from old.acknowledged_at or new.resolved_at is distinct from old.resolved_at
     or new.escalated_at is distinct from old.escalated_at or new.received_at is distinct from old.received_at then
    perform app_figure_mark(new.tenant_id, array[new.received_at, new.acknowledged_at, new.resolved_at, new.escalated_at]);
  end if;
  return null;
end $$;
create trigger complaints_figures after insert or update on complaints
  for each row execute function app_figure_mark_complaint();

create function app_figure_mark_follow_up() returns trigger
language plpgsql security definer set search_path = public as $$
begin
  if new.status = 'DONE' and (tg_op = 'INSERT' or old.status is distinct from 'DONE' or new.satisfaction is distinct from old.satisfaction) then
    perform app_figure_mark(new.tenant_id, array[new.done_at,
      (select r.delivered_at from repair_orders r where r.id = new.repair_order_id)]);
  end if;
  return null;
end $$;
create trigger follow_ups_figures after insert or update on follow_ups
  for each row execute function app_figure_mark_follow_up();

create function app_figure_mark_answer() returns trigger
language plpgsql security definer set search_path = public as $$
begin
  -- a survey counts on the day answered, a rating on the day given
  perform app_figure_mark(new.tenant_id, array[coalesce((to_jsonb(new)->>'answered_at')::timestamptz, (to_jsonb(new)->>'created_at')::timestamptz)]);
  return null;
end $$;
create trigger repair_order_ratings_figures after insert on repair_order_ratings
  for each row execute function app_figure_mark_answer();
create trigger satisfaction_surveys_figures after insert on satisfaction_surveys
  for each row execute function app_figure_mark_answer();

create function app_figure_mark_sla() returns trigger
language plpgsql security definer set search_path = public as $$
begin
  if new.met_at is distinct from (case when tg_op = 'UPDATE' then old.met_at end)
     or new.breached_at is distinct from (case when tg_op = 'UPDATE' then old.breached_at end) then
    perform app_figure_mark(new.tenant_id, array[new.met_at, new.breached_at,
      case when tg_op = 'UPDATE' then old.met_at end, case when tg_op = 'UPDATE' then old.breached_at end]);
  end if;
  return null;
end $$;
create trigger sla_clocks_figures after insert or update on sla_clocks
  for each row execute function app_figure_mark_sla();

-- An authorisation that changes (brands, region, validity) readdresses every day of the dealer's history.
create function app_figure_mark_authorisation() returns trigger
language plpgsql security definer set search_path = public as $$
begin
  if new.kind = 'DEALER_AUTHORIZATION' then
    insert into figure_dirty (tenant_id, day)
      select distinct tenant_id, period from figure_facts where tenant_id = new.to_tenant_id and grain = 'D';
    if found then perform app_figure_plan(new.to_tenant_id); end if;
  end if;
  return null;
end $$;
create trigger relationships_figures after insert or update on relationships
  for each row execute function app_figure_mark_authorisation();

-- A manufacturer's network totals, no dealer named: for the manufacturer itself or a tenant it
-- authorises (or authorised). Per period when asked (a trend), else over the whole range; a period
-- (or the range) with fewer than three reporting dealers gives one row with a null measure: hidden.
create function app_network_figure_sums(p_manufacturer uuid, p_grain char(1), p_from date, p_to date, p_brand text, p_by_period boolean)
returns table (period date, measure text, value numeric, dealers int)
language sql stable security definer set search_path = public as $$
  with allowed as (
    select 1 where app_current_tenant() = p_manufacturer or exists (
      select 1 from relationships r where r.kind = 'DEALER_AUTHORIZATION' and r.from_tenant_id = p_manufacturer
         and r.to_tenant_id = app_current_tenant())
  ), rows as (
    select case when p_by_period then f.period end as period, f.tenant_id, f.measure, f.value from figure_facts f, allowed
     where f.audience_id = p_manufacturer and f.grain = p_grain and f.period between p_from and p_to
       and (p_brand is null or f.brand = p_brand)
  ), counted as (
    select period, count(distinct tenant_id)::int as dealers from rows group by period
  )
  select r.period, r.measure, sum(r.value), c.dealers from rows r join counted c on c.period is not distinct from r.period
   where c.dealers >= 3 group by r.period, r.measure, c.dealers
  union all
  select c.period, null, null, c.dealers from counted c where c.dealers < 3
$$;
revoke all on function app_network_figure_sums(uuid, char, date, date, text, boolean) from public;
grant execute on function app_network_figure_sums(uuid, char, date, date, text, boolean) to asn_app;

alter table figure_facts enable row level security;
alter table figure_facts force row level security;
create policy figure_facts_read on figure_facts for select
  using (tenant_id = app_current_tenant() or audience_id = app_current_tenant());
create policy figure_facts_insert on figure_facts for insert with check (tenant_id = app_current_tenant());
create policy figure_facts_delete on figure_facts for delete using (tenant_id = app_current_tenant());
grant select, insert, delete on figure_facts to asn_app;
`);
    this.addSql(tenantTableSql('figure_dirty', 'select, insert, delete'));
    this.addSql('grant usage on sequence figure_dirty_id_seq to asn_app;');
    this.addSql(tenantTableSql('satisfaction_surveys', 'select, insert'));
  }

  override async down(): Promise<void> {
    this.addSql(`
drop trigger if exists repair_orders_figures on repair_orders;
drop trigger if exists repair_order_lines_figures on repair_order_lines;
drop trigger if exists warranty_claims_figures on warranty_claims;
drop trigger if exists complaints_figures on complaints;
drop trigger if exists follow_ups_figures on follow_ups;
drop trigger if exists repair_order_ratings_figures on repair_order_ratings;
drop trigger if exists sla_clocks_figures on sla_clocks;
drop trigger if exists relationships_figures on relationships;
drop index if exists jobs_pending_kind_idx;
drop table if exists satisfaction_surveys, figure_dirty, figure_facts;
drop function if exists app_network_figure_sums(uuid, char, date, date, text, boolean);
drop function if exists app_figure_mark_repair_order(), app_figure_mark_line(), app_figure_mark_claim(), app_figure_mark_complaint(),
  app_figure_mark_follow_up(), app_figure_mark_answer(), app_figure_mark_sla(), app_figure_mark_authorisation();
drop function if exists app_figure_mark(uuid, timestamptz[]), app_figure_plan(uuid);
drop index if exists repair_orders_delivered_idx, repair_orders_vehicle_delivered_idx, warranty_claims_submitted_idx,
  warranty_claims_decided_idx, complaints_received_idx, follow_ups_order_idx, sla_clocks_met_idx;
alter table repair_orders drop column if exists delivered_at;
`);
  }
}
