import { Migration } from '@mikro-orm/migrations';

/**
 * Parts figures (issue 16, ADR 0019 addendum): a seller's parts facts (fill rate, backorder age,
 * emergency promise, shipment accuracy) join `figure_facts` as rows OWNED BY THE SELLER, brand ''.
 * A parts supplier's rows are addressed to the manufacturer holding a supply agreement with it in
 * force that day (the refresh's `addressed` step), so the manufacturer reads its suppliers' figures
 * and nothing of their orders.
 *
 * Marks: the seller's local days change when an order is confirmed (its lines' first allocation),
 * shipped in full, its emergency promise falls due or breaks, a shipment leaves or is received, or
 * the buyer records a discrepancy. The network's pooled totals for a dealer count dealers only
 * (a supplier addressed to the same manufacturer is not a dealer of the network).
 */
export class Migration20261202000011_parts_figures extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create index parts_orders_seller_confirmed_idx on parts_orders (seller_id, confirmed_at) where confirmed_at is not null;
create index parts_orders_seller_promise_idx on parts_orders (seller_id, promise_due_at) where promise_due_at is not null;
create index parts_shipments_seller_shipped_idx on parts_shipments (seller_id, shipped_at);
create index parts_discrepancies_line_idx on parts_discrepancies (shipment_line_id);
create index parts_shipment_lines_order_line_idx on parts_shipment_lines (order_line_id);

create function app_figure_mark_parts_order() returns trigger
language plpgsql security definer set search_path = public as $$
begin
  if tg_op = 'INSERT' or new.confirmed_at is distinct from old.confirmed_at or new.shipped_at is distinct from old.shipped_at
     or new.promise_due_at is distinct from old.promise_due_at or new.promise_broken_at is distinct from old.promise_broken_at
     or new.status is distinct from old.status then
    -- a short-close after the last shipment settles a backorder on that shipment's day
    perform app_figure_mark(new.seller_id, array[new.confirmed_at, new.promise_due_at,
      case when tg_op = 'UPDATE' then old.promise_due_at end,
      case when tg_op = 'UPDATE' and new.status is distinct from old.status
           then (select max(s.shipped_at) from parts_shipments s where s.parts_order_id = new.id) end]);
  end if;
  return null;
end $$;
create trigger parts_orders_figures after insert or update on parts_orders
  for each row execute function app_figure_mark_parts_order();

-- a shipment counts on the day it left: leaving clears backorders, receiving it settles its lines' accuracy
create function app_figure_mark_parts_shipment() returns trigger
language plpgsql security definer set search_path = public as $$
begin
  if tg_op = 'INSERT' or new.received_at is distinct from old.received_at or new.shipped_at is distinct from old.shipped_at then
    perform app_figure_mark(new.seller_id, array[new.shipped_at]);
  end if;
  return null;
end $$;
create trigger parts_shipments_figures after insert or update on parts_shipments
  for each row execute function app_figure_mark_parts_shipment();

create function app_figure_mark_parts_discrepancy() returns trigger
language plpgsql security definer set search_path = public as $$
begin
  perform app_figure_mark(new.seller_id, array(
    select s.shipped_at from parts_shipment_lines l join parts_shipments s on s.id = l.shipment_id where l.id = new.shipment_line_id));
  return null;
end $$;
create trigger parts_discrepancies_figures after insert on parts_discrepancies
  for each row execute function app_figure_mark_parts_discrepancy();

-- An authorisation or a supply agreement that changes readdresses every day of the dealer's or the supplier's history.
create or replace function app_figure_mark_authorisation() returns trigger
language plpgsql security definer set search_path = public as $$
begin
  if new.kind in ('DEALER_AUTHORIZATION', 'SUPPLY_AGREEMENT') then
    insert into figure_dirty (tenant_id, day)
      select distinct tenant_id, period from figure_facts where tenant_id = new.to_tenant_id and grain = 'D';
    if found then perform app_figure_plan(new.to_tenant_id); end if;
  end if;
  return null;
end $$;

-- The network's totals count the manufacturer's dealers only (tenants it authorises or authorised).
create or replace function app_network_figure_sums(p_manufacturer uuid, p_grain char(1), p_from date, p_to date, p_brand text, p_by_period boolean)
returns table (period date, measure text, value numeric, dealers int)
language sql stable security definer set search_path = public as $$
  with allowed as (
    select 1 where app_current_tenant() = p_manufacturer or exists (
      select 1 from relationships r where r.kind = 'DEALER_AUTHORIZATION' and r.from_tenant_id = p_manufacturer
         and r.to_tenant_id = app_current_tenant())
  ), network as (
    select distinct r.to_tenant_id as id from relationships r where r.kind = 'DEALER_AUTHORIZATION' and r.from_tenant_id = p_manufacturer
  ), rows as (
    select case when p_by_period then f.period end as period, f.tenant_id, f.measure, f.value from figure_facts f, allowed
     where f.audience_id = p_manufacturer and f.grain = p_grain and f.period between p_from and p_to
       and (p_brand is null or f.brand = p_brand) and f.tenant_id in (select id from network)
  ), counted as (
    select period, count(distinct tenant_id)::int as dealers from rows group by period
  )
  select r.period, r.measure, sum(r.value), c.dealers from rows r join counted c on c.period is not distinct from r.period
   where c.dealers >= 3 group by r.period, r.measure, c.dealers
  union all
  select c.period, null, null, c.dealers from counted c where c.dealers < 3
$$;
`);
  }

  override async down(): Promise<void> {
    this.addSql(`
drop trigger if exists parts_orders_figures on parts_orders;
drop trigger if exists parts_shipments_figures on parts_shipments;
drop trigger if exists parts_discrepancies_figures on parts_discrepancies;
drop function if exists app_figure_mark_parts_order(), app_figure_mark_parts_shipment(), app_figure_mark_parts_discrepancy();
drop index if exists parts_orders_seller_confirmed_idx, parts_orders_seller_promise_idx, parts_shipments_seller_shipped_idx,
  parts_discrepancies_line_idx, parts_shipment_lines_order_line_idx;
`);
  }
}
