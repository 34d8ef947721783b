import { Migration } from '@mikro-orm/migrations';
import { tenantTableSql } from './rls.js';

/**
 * The dealer's and shop's daily work: customer files (一车一档), vehicles with meter history,
 * repair orders with their labour and part lines, and per-tenant document numbers.
 * Every table is tenant-owned with FORCE row-level security; indexes lead with tenant_id.
 */
export class Migration20261122000002_workshop extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table document_sequences (
  tenant_id uuid not null references tenants(id),
  prefix text not null,
  year int not null,
  last_value int not null default 0,
  primary key (tenant_id, prefix, year)
);

create table customers (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  -- "C" collation: code-point order, so prefix searches are plain index ranges with leakproof
  -- operators, which row-level security lets the planner use (LIKE is not leakproof)
  name text collate "C" not null,
  phone text collate "C" not null,
  phone_last4 char(4) not null,
  company text,
  address text,
  notes text,
  no_show_count int not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version int not null default 1
);
create index customers_tenant_phone_idx on customers (tenant_id, phone);
create index customers_tenant_last4_idx on customers (tenant_id, phone_last4);
create index customers_tenant_id_idx on customers (tenant_id, id);
create index customers_tenant_name_idx on customers (tenant_id, name);

create table vehicles (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  customer_id uuid not null references customers(id),
  vin text collate "C" not null,
  plate text collate "C",
  brand text,
  model text,
  usage_unit text not null default 'KM' check (usage_unit in ('KM','HOURS')),
  current_meter int,
  next_maintenance_on date,
  next_maintenance_meter int,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version int not null default 1
);
create unique index vehicles_tenant_vin_key on vehicles (tenant_id, vin);
create index vehicles_tenant_plate_idx on vehicles (tenant_id, plate);
create index vehicles_tenant_customer_idx on vehicles (tenant_id, customer_id);

create table meter_readings (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  vehicle_id uuid not null references vehicles(id),
  reading int not null check (reading >= 0),
  source text not null,
  repair_order_id uuid,
  recorded_at timestamptz not null default now()
);
create index meter_readings_vehicle_idx on meter_readings (tenant_id, vehicle_id, recorded_at);

create table repair_orders (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  number text not null,
  customer_id uuid not null references customers(id),
  vehicle_id uuid not null references vehicles(id),
  status text not null,
  complaint text not null,
  on_site boolean not null default false,
  site_address text,
  appointment_at timestamptz,
  promised_at timestamptz,
  check_in jsonb,
  diagnosis jsonb,
  estimate_method text check (estimate_method in ('SYSTEM','SYMPTOM','ITEM')),
  technician_id uuid references users(id),
  bay text,
  rework_count int not null default 0,
  discount_minor bigint not null default 0 check (discount_minor >= 0),
  currency char(3) not null default 'CNY',
  payment_method text,
  cancel_reason text,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version int not null default 1
);
create unique index repair_orders_tenant_number_key on repair_orders (tenant_id, number);
create index repair_orders_tenant_status_idx on repair_orders (tenant_id, status, id);
create index repair_orders_tenant_vehicle_idx on repair_orders (tenant_id, vehicle_id, id);
create index repair_orders_tenant_customer_idx on repair_orders (tenant_id, customer_id, id);
create index repair_orders_tenant_technician_idx on repair_orders (tenant_id, technician_id, status);

create table repair_order_lines (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  repair_order_id uuid not null references repair_orders(id),
  kind text not null check (kind in ('LABOUR','PART')),
  description text not null,
  operation_code text,
  hours_milli int check (hours_milli >= 0),
  rate_minor bigint check (rate_minor >= 0),
  part_number text,
  quantity_milli int check (quantity_milli > 0),
  unit_price_minor bigint check (unit_price_minor >= 0),
  source text check (source in ('OEM','AFTERMARKET','CUSTOMER_SUPPLIED')),
  pay_type text not null check (pay_type in ('CUSTOMER','WARRANTY','CONTRACT','GOODWILL','INTERNAL')),
  amount_minor bigint not null check (amount_minor >= 0),
  status text not null check (status in ('PROPOSED','APPROVED','DECLINED')),
  additional boolean not null default false,
  safety_relevant boolean not null default false,
  delay_minutes int,
  decided_at timestamptz,
  decided_by text,
  technician_id uuid references users(id),
  clock_started_at timestamptz,
  clocked_minutes int not null default 0,
  created_at timestamptz not null default now(),
  version int not null default 1,
  check ((kind = 'LABOUR' and hours_milli is not null and rate_minor is not null)
      or (kind = 'PART' and quantity_milli is not null and unit_price_minor is not null and source is not null))
);
create index repair_order_lines_order_idx on repair_order_lines (tenant_id, repair_order_id, id);
create index repair_order_lines_technician_idx on repair_order_lines (tenant_id, technician_id) where clock_started_at is not null;
`);
    for (const table of ['document_sequences', 'customers', 'vehicles', 'meter_readings', 'repair_orders', 'repair_order_lines'])
      this.addSql(tenantTableSql(table));

    // a revised estimate replaces its lines (the audit log keeps each version's summary)
    this.addSql('grant delete on repair_order_lines to asn_app;');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists repair_order_lines, repair_orders, meter_readings, vehicles, customers, document_sequences cascade;');
  }
}
