import { Migration } from '@mikro-orm/migrations';
import { tenantTableSql } from './rls.js';

const PART_NUMBER = `text collate "C" not null check (part_number ~ '^[A-Z0-9][A-Z0-9.-]{1,39}$')`;

/**
 * Parts (issue 13): the sellers' catalogues (a manufacturer's depot or a supplier) with their
 * supersessions, every tenant's stock per location with its journal and the repair orders'
 * reservations, and the parts order between a buyer and a seller with its lines, shipments and
 * receiving discrepancies.
 *
 * Who reads a catalogue: its owner, and the buyers it trades with (app_buys_from: a manufacturer
 * sells to the dealers it authorises; a supplier to the dealers and shops holding a trade account
 * with it and to the manufacturers it has a supply agreement with). Part numbers compare byte by
 * byte (collate "C") so a prefix search is a range on the b-tree that leads with the tenant, which
 * row-level security lets the index answer (the comparison operators are leakproof; LIKE is not).
 * Stock never goes negative and never reserves more than is on hand: the database refuses it.
 */
export class Migration20261202000003_parts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
alter table relationships add column parts_discount_bp int check (parts_discount_bp between 0 and 10000);
comment on column relationships.parts_discount_bp is 'the buyer''s discount on the seller''s parts list price (basis points), on a dealer authorisation, trade account or supply agreement';

create function app_buys_from(p_seller uuid) returns boolean language sql stable as
  $$ select exists (select 1 from relationships r
                     where (r.kind = 'DEALER_AUTHORIZATION' and r.from_tenant_id = p_seller and r.to_tenant_id = app_current_tenant())
                        or (r.kind in ('TRADE_ACCOUNT', 'SUPPLY_AGREEMENT') and r.from_tenant_id = app_current_tenant() and r.to_tenant_id = p_seller)) $$;
grant execute on function app_buys_from(uuid) to asn_app;

create table catalogue_parts (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  part_number ${PART_NUMBER},
  name_zh text not null check (length(name_zh) between 1 and 200),
  name_en text check (length(name_en) <= 200),
  unit text not null default 'PCS' check (unit in ('PCS','SET','PAIR','L','KG','M')),
  category text not null check (category in ('COMMON','MAINTENANCE','CORE','ACCIDENT','NON_WEARING')),
  list_price_minor bigint not null check (list_price_minor >= 0),
  currency char(3) not null default 'CNY',
  models text[] not null default '{}',
  abc_class char(1) not null default 'C' check (abc_class in ('A','B','C')),
  discontinued boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version int not null default 1
);
create unique index catalogue_parts_number_key on catalogue_parts (tenant_id, part_number);
comment on table catalogue_parts is 'a seller''s parts catalogue (manufacturer depot or supplier); buyers read the catalogues of the sellers they trade with';

create table part_supersessions (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  from_number ${PART_NUMBER.replace('part_number', 'from_number')},
  to_number ${PART_NUMBER.replace('part_number', 'to_number')},
  mode text not null check (mode in ('USE_UP','IMMEDIATE')),
  created_at timestamptz not null default now(),
  check (from_number <> to_number)
);
create unique index part_supersessions_from_key on part_supersessions (tenant_id, from_number);
create index part_supersessions_to_idx on part_supersessions (tenant_id, to_number);

create table stock_items (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  location text not null default 'MAIN' check (location ~ '^[A-Z0-9][A-Z0-9-]{0,19}$'),
  part_number ${PART_NUMBER},
  description text not null default '',
  on_hand int not null default 0 check (on_hand >= 0),
  reserved int not null default 0 check (reserved >= 0),
  on_order int not null default 0 check (on_order >= 0),
  safety_stock int not null default 0 check (safety_stock >= 0),
  reorder_point int not null default 0 check (reorder_point >= 0),
  reorder_qty int not null default 1 check (reorder_qty >= 1),
  updated_at timestamptz not null default now(),
  version int not null default 1,
  constraint stock_items_reserved_on_hand check (reserved <= on_hand)
);
create unique index stock_items_part_key on stock_items (tenant_id, location, part_number);
create index stock_items_number_idx on stock_items (tenant_id, part_number);

create table stock_movements (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  stock_item_id uuid not null references stock_items(id),
  kind text not null check (kind in ('RECEIPT','ISSUE','ADJUSTMENT','RETURN','SHIPMENT')),
  quantity int not null check (quantity <> 0),
  on_hand_after int not null check (on_hand_after >= 0),
  reason text check (reason in ('STOCKTAKE','DAMAGED','LOST','FOUND','OTHER')),
  note text check (length(note) <= 500),
  record_type text,
  record_id uuid,
  created_by uuid,
  created_at timestamptz not null default now(),
  check ((kind = 'ADJUSTMENT') = (reason is not null))
);
create index stock_movements_item_idx on stock_movements (tenant_id, stock_item_id, id);

create table stock_reservations (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  stock_item_id uuid not null references stock_items(id),
  repair_order_id uuid not null references repair_orders(id),
  repair_order_line_id uuid not null references repair_order_lines(id),
  quantity int not null check (quantity > 0),
  expires_at timestamptz,
  released_at timestamptz,
  issued_at timestamptz,
  created_at timestamptz not null default now()
);
create unique index stock_reservations_line_key on stock_reservations (tenant_id, repair_order_line_id) where released_at is null and issued_at is null;
create index stock_reservations_order_idx on stock_reservations (tenant_id, repair_order_id);

create table parts_orders (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  seller_id uuid not null references tenants(id),
  number text not null,
  type text not null check (type in ('STOCK','EMERGENCY','WARRANTY')),
  status text not null check (status in ('DRAFT','SUBMITTED','CONFIRMED','PARTIALLY_SHIPPED','SHIPPED','RECEIVED','CLOSED','CANCELLED')),
  repair_order_id uuid references repair_orders(id),
  warranty_claim_id uuid references warranty_claims(id),
  note text check (length(note) <= 1000),
  currency char(3) not null default 'CNY',
  total_minor bigint not null default 0 check (total_minor >= 0),
  submitted_at timestamptz,
  promise_due_at timestamptz,
  promise_broken_at timestamptz,
  confirmed_at timestamptz,
  shipped_at timestamptz,
  received_at timestamptz,
  closed_at timestamptz,
  cancelled_at timestamptz,
  cancel_reason text check (length(cancel_reason) <= 500),
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version int not null default 1,
  check (tenant_id <> seller_id),
  check (type <> 'WARRANTY' or repair_order_id is not null or warranty_claim_id is not null)
);
create unique index parts_orders_number_key on parts_orders (tenant_id, number);
create index parts_orders_buyer_idx on parts_orders (tenant_id, status, id);
create index parts_orders_seller_idx on parts_orders (seller_id, status, id);
create index parts_orders_repair_idx on parts_orders (tenant_id, repair_order_id) where repair_order_id is not null;

create table parts_order_lines (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  seller_id uuid not null references tenants(id),
  parts_order_id uuid not null references parts_orders(id),
  position int not null check (position > 0),
  part_number ${PART_NUMBER},
  ordered_number text collate "C" not null,
  description text not null,
  unit_price_minor bigint not null check (unit_price_minor >= 0),
  ordered int not null check (ordered > 0),
  allocated int not null default 0 check (allocated >= 0),
  backordered int not null default 0 check (backordered >= 0),
  refused int not null default 0 check (refused >= 0),
  shipped int not null default 0 check (shipped >= 0),
  short_closed int not null default 0 check (short_closed >= 0),
  allocated_first int,
  refusal_reason text check (refusal_reason in ('DISCONTINUED','NOT_SUPPLIED','OTHER')),
  expected_on date,
  backordered_at timestamptz,
  repair_order_line_id uuid references repair_order_lines(id),
  constraint parts_order_lines_balance check (allocated + backordered + refused + shipped + short_closed in (0, ordered))
);
create unique index parts_order_lines_position_key on parts_order_lines (parts_order_id, position);
create index parts_order_lines_order_idx on parts_order_lines (tenant_id, parts_order_id, position);
create index parts_order_lines_seller_idx on parts_order_lines (seller_id, parts_order_id, position);

create table parts_shipments (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  seller_id uuid not null references tenants(id),
  parts_order_id uuid not null references parts_orders(id),
  number text not null,
  carrier text check (length(carrier) <= 100),
  tracking_number text check (length(tracking_number) <= 100),
  shipped_at timestamptz not null,
  received_at timestamptz,
  received_by uuid
);
create unique index parts_shipments_number_key on parts_shipments (seller_id, number);
create index parts_shipments_order_idx on parts_shipments (tenant_id, parts_order_id, id);
create index parts_shipments_seller_idx on parts_shipments (seller_id, parts_order_id, id);

create table parts_shipment_lines (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  seller_id uuid not null references tenants(id),
  shipment_id uuid not null references parts_shipments(id),
  order_line_id uuid not null references parts_order_lines(id),
  part_number text collate "C" not null,
  quantity int not null check (quantity > 0),
  received int check (received >= 0),
  accepted int check (accepted >= 0),
  rejected int check (rejected >= 0)
);
create index parts_shipment_lines_idx on parts_shipment_lines (tenant_id, shipment_id, id);
create index parts_shipment_lines_seller_idx on parts_shipment_lines (seller_id, shipment_id, id);

create table parts_discrepancies (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  seller_id uuid not null references tenants(id),
  parts_order_id uuid not null references parts_orders(id),
  shipment_line_id uuid not null references parts_shipment_lines(id),
  part_number text collate "C" not null,
  reason text not null check (reason in ('SHORT','WRONG_PART','DAMAGED','OVER_SHIPPED')),
  quantity int not null check (quantity > 0),
  note text check (length(note) <= 500),
  status text not null default 'OPEN' check (status in ('OPEN','REPLACED','CREDITED')),
  answer_note text check (length(answer_note) <= 500),
  answered_at timestamptz,
  created_at timestamptz not null default now()
);
create index parts_discrepancies_order_idx on parts_discrepancies (tenant_id, parts_order_id, id);
create index parts_discrepancies_seller_idx on parts_discrepancies (seller_id, status, id);
`);
    // catalogues: the owner keeps them; the buyers that trade with it read them
    for (const t of ['catalogue_parts', 'part_supersessions']) {
      this.addSql(`
alter table ${t} enable row level security;
alter table ${t} force row level security;
create policy ${t}_owner on ${t} using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
create policy ${t}_buyer_read on ${t} for select using (app_buys_from(tenant_id));
grant select, insert, update on ${t} to asn_app;`);
    }
    // stock is the holder's alone
    for (const t of ['stock_items', 'stock_movements', 'stock_reservations']) this.addSql(tenantTableSql(t));
    // the parts order and its parts: buyer (tenant_id) and seller (seller_id) read and update;
    // the buyer writes the order, its lines and discrepancies, the seller its shipments
    const both = `tenant_id = app_current_tenant() or seller_id = app_current_tenant()`;
    for (const [t, inserts] of [
      ['parts_orders', 'tenant_id'],
      ['parts_order_lines', 'tenant_id'],
      ['parts_shipments', 'seller_id'],
      ['parts_shipment_lines', 'seller_id'],
      ['parts_discrepancies', 'tenant_id'],
    ] as const) {
      this.addSql(`
alter table ${t} enable row level security;
alter table ${t} force row level security;
create policy ${t}_parties on ${t} for select using (${both});
create policy ${t}_update on ${t} for update using (${both}) with check (${both});
create policy ${t}_insert on ${t} for insert with check (${inserts} = app_current_tenant());
grant select, insert, update on ${t} to asn_app;`);
    }
    this.addSql(`
create policy parts_order_lines_delete on parts_order_lines for delete using (tenant_id = app_current_tenant());
grant delete on parts_order_lines to asn_app;

-- A buyer that cancels an order gives back what the seller had allocated to it: the one write a
-- buyer makes to a seller's stock, and only for its own cancelled order. The open quantities of
-- the lines are closed at the same time, so nothing is released twice.
create function app_release_parts_allocation(p_order uuid) returns void language plpgsql security definer set search_path = public as $$
begin
  update stock_items s set reserved = s.reserved - l.allocated, updated_at = now(), version = s.version + 1
    from parts_order_lines l join parts_orders o on o.id = l.parts_order_id
   where o.id = p_order and o.status = 'CANCELLED' and o.tenant_id = app_current_tenant()
     and l.allocated > 0 and s.tenant_id = o.seller_id and s.location = 'MAIN' and s.part_number = l.part_number;
  update parts_order_lines l set short_closed = l.short_closed + l.allocated + l.backordered, allocated = 0, backordered = 0
    from parts_orders o
   where o.id = l.parts_order_id and o.id = p_order and o.status = 'CANCELLED' and o.tenant_id = app_current_tenant()
     and l.allocated + l.backordered > 0;
end $$;
grant execute on function app_release_parts_allocation(uuid) to asn_app;
`);
  }

  override async down(): Promise<void> {
    this.addSql(`
drop table if exists parts_discrepancies, parts_shipment_lines, parts_shipments, parts_order_lines, parts_orders,
  stock_reservations, stock_movements, stock_items, part_supersessions, catalogue_parts cascade;
drop function if exists app_buys_from(uuid);
drop function if exists app_release_parts_allocation(uuid);
alter table relationships drop column if exists parts_discount_bp;
`);
  }
}
