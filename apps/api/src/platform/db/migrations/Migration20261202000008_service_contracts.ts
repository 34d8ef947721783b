import { Migration } from '@mikro-orm/migrations';
import { tenantTableSql } from './rls.js';

const TYPES = `'EXTENDED_WARRANTY','MAINTENANCE_PLAN','FULL_SERVICE'`;
const CONTRACT_STATES = `'DRAFT','ACTIVE','SUSPENDED','EXPIRED','TERMINATED'`;
const REQUEST_STATES = `'OPEN','IN_PROGRESS','WAITING_CUSTOMER','RESOLVED','CLOSED','CANCELLED'`;
const KINDS = `'OPERATION','PART','COMPONENT_GROUP','VISIT','INSPECTION','TRAINING'`;
const METRICS = `'FIRST_REPLY','ON_SITE','PARTS','RESOLUTION'`;

/**
 * Service contracts (domain.md §6): a provider's (dealer, shop or manufacturer) contracts with its
 * customers, their covered vehicles, entitlements and what repairs consumed of them, periodic
 * inspections, links the customer opens, the provider's working calendar, and the fault reports
 * (service requests) against a contract with one SLA clock per metric. A dealer's contract on its
 * manufacturer's products names it in `manufacturer_id`: it reads (never writes) the contract,
 * its requests and their clocks.
 */
export class Migration20261202000008_service_contracts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table working_calendars (
  tenant_id uuid primary key references tenants(id),
  week jsonb not null,
  days jsonb not null default '[]',
  updated_by uuid,
  updated_at timestamptz not null default now()
);

create table service_contracts (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  manufacturer_id uuid references tenants(id),
  region text,
  customer_id uuid not null references customers(id),
  number text not null,
  version_no int not null default 1 check (version_no >= 1),
  previous_id uuid references service_contracts(id),
  renewed_by_id uuid references service_contracts(id),
  type text not null check (type in (${TYPES})),
  status text not null check (status in (${CONTRACT_STATES})),
  title text not null,
  starts_on date not null,
  ends_on date not null,
  ends_at timestamptz not null,
  price_minor bigint not null check (price_minor >= 0),
  currency text not null,
  sla_basis text not null check (sla_basis in ('WORKING_TIME','ROUND_THE_CLOCK')),
  sla jsonb not null,
  notes text,
  activated_at timestamptz,
  ended_at timestamptz,
  end_reason text,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version int not null default 1,
  check (ends_on >= starts_on)
);
create unique index service_contracts_number_key on service_contracts (tenant_id, number, version_no);
create index service_contracts_tenant_idx on service_contracts (tenant_id, status, ends_on, id);
create index service_contracts_customer_idx on service_contracts (tenant_id, customer_id);
create index service_contracts_mfr_idx on service_contracts (manufacturer_id, status, ends_on, id) where manufacturer_id is not null;

create table service_contract_vehicles (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  manufacturer_id uuid references tenants(id),
  contract_id uuid not null references service_contracts(id),
  vin text collate "C" not null,
  vehicle_id uuid references vehicles(id),
  model text,
  unique (contract_id, vin)
);
create index service_contract_vehicles_vin_idx on service_contract_vehicles (tenant_id, vin);

create table contract_entitlements (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  manufacturer_id uuid references tenants(id),
  contract_id uuid not null references service_contracts(id),
  kind text not null check (kind in (${KINDS})),
  code text,
  label text not null,
  quantity int check (quantity >= 0),
  used int not null default 0 check (used >= 0),
  report_days int check (report_days between 1 and 30),
  position int not null default 0,
  check (quantity is null or used <= quantity),
  check ((kind in ('OPERATION','PART','COMPONENT_GROUP')) = (code is not null))
);
create index contract_entitlements_idx on contract_entitlements (tenant_id, contract_id, position);

create table contract_inspections (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  manufacturer_id uuid references tenants(id),
  contract_id uuid not null references service_contracts(id),
  entitlement_id uuid references contract_entitlements(id),
  vin text,
  performed_at timestamptz not null,
  engineer text not null,
  report_due_at timestamptz not null,
  findings text,
  items jsonb not null default '[]',
  reported_at timestamptz,
  created_at timestamptz not null default now()
);
create index contract_inspections_idx on contract_inspections (tenant_id, contract_id, performed_at desc);

create table contract_links (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  contract_id uuid not null references service_contracts(id),
  token_hash text not null unique,
  created_by uuid,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  last_used_at timestamptz
);
create index contract_links_idx on contract_links (tenant_id, contract_id);

create table service_requests (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  manufacturer_id uuid references tenants(id),
  region text,
  contract_id uuid not null references service_contracts(id),
  customer_id uuid not null references customers(id),
  number text not null,
  status text not null check (status in (${REQUEST_STATES})),
  severity int not null check (severity between 1 and 3),
  channel text not null check (channel in ('LINK','PHONE','STAFF')),
  vin text,
  description text not null,
  location text,
  contact_name text,
  contact_phone text,
  reported_at timestamptz not null,
  first_replied_at timestamptz,
  on_site_at timestamptz,
  parts_at timestamptz,
  resolved_at timestamptz,
  closed_at timestamptz,
  question text,
  resolution text,
  repair_order_id uuid references repair_orders(id),
  visit_id uuid references visits(id),
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version int not null default 1
);
create unique index service_requests_number_key on service_requests (tenant_id, number);
create index service_requests_tenant_idx on service_requests (tenant_id, status, reported_at desc, id);
create index service_requests_contract_idx on service_requests (tenant_id, contract_id, reported_at desc);
create index service_requests_mfr_idx on service_requests (manufacturer_id, status, reported_at desc, id) where manufacturer_id is not null;

create table sla_clocks (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  manufacturer_id uuid references tenants(id),
  request_id uuid not null references service_requests(id),
  metric text not null check (metric in (${METRICS})),
  target_ms bigint check (target_ms > 0),
  state text not null check (state in ('RUNNING','PAUSED','MET','BREACHED')),
  elapsed_ms bigint not null default 0,
  paused_ms bigint not null default 0,
  running_since timestamptz,
  paused_since timestamptz,
  started_at timestamptz not null,
  due_at timestamptz,
  warn_at timestamptz,
  met_at timestamptz,
  breached_at timestamptz,
  warned_at timestamptz,
  unique (request_id, metric)
);
create index sla_clocks_request_idx on sla_clocks (tenant_id, request_id);
create index sla_clocks_breached_idx on sla_clocks (tenant_id, breached_at) where breached_at is not null;

create table service_request_steps (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  manufacturer_id uuid references tenants(id),
  request_id uuid not null references service_requests(id),
  actor_name text not null,
  by_customer boolean not null default false,
  automatic boolean not null default false,
  action text not null,
  from_state text,
  to_state text,
  note text,
  detail jsonb,
  occurred_at timestamptz not null default now()
);
create index service_request_steps_idx on service_request_steps (tenant_id, request_id, id);

create table contract_consumptions (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  manufacturer_id uuid references tenants(id),
  contract_id uuid not null references service_contracts(id),
  entitlement_id uuid not null references contract_entitlements(id),
  units int not null check (units > 0),
  repair_order_id uuid references repair_orders(id),
  repair_order_line_id uuid,
  service_request_id uuid references service_requests(id),
  inspection_id uuid references contract_inspections(id),
  note text,
  created_at timestamptz not null default now(),
  released_at timestamptz
);
create index contract_consumptions_idx on contract_consumptions (tenant_id, contract_id, created_at desc);
create index contract_consumptions_order_idx on contract_consumptions (tenant_id, repair_order_id) where repair_order_id is not null;

-- A visitor with a contract link's token: which link, of which tenant (before any tenant is known).
create function app_contract_link(p_token_hash text)
returns table (id uuid, tenant_id uuid, contract_id uuid, expires_at timestamptz, revoked_at timestamptz)
language sql stable security definer set search_path = public as
  $$ select l.id, l.tenant_id, l.contract_id, l.expires_at, l.revoked_at
       from contract_links l where l.token_hash = p_token_hash $$;
revoke all on function app_contract_link(text) from public;
grant execute on function app_contract_link(text) to asn_app;
`);
    this.addSql(tenantTableSql('working_calendars'));
    this.addSql(tenantTableSql('contract_links'));
    const both = `tenant_id = app_current_tenant() or manufacturer_id = app_current_tenant()`;
    for (const table of [
      'service_contracts',
      'service_contract_vehicles',
      'contract_entitlements',
      'contract_inspections',
      'contract_consumptions',
      'service_requests',
      'sla_clocks',
      'service_request_steps',
    ]) {
      this.addSql(`
alter table ${table} enable row level security;
alter table ${table} force row level security;
create policy ${table}_parties on ${table} for select using (${both});
create policy ${table}_insert on ${table} for insert with check (tenant_id = app_current_tenant());
create policy ${table}_update on ${table} for update using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
grant select, insert, update on ${table} to asn_app;`);
    }
    // a contract's covered vehicles are replaced while it is a draft
    this.addSql(`
create policy service_contract_vehicles_delete on service_contract_vehicles for delete using (tenant_id = app_current_tenant());
create policy contract_entitlements_delete on contract_entitlements for delete using (tenant_id = app_current_tenant());
grant delete on service_contract_vehicles, contract_entitlements to asn_app;`);
  }

  override async down(): Promise<void> {
    this.addSql(`
delete from jobs where kind like 'contract.%' or kind like 'sla.%';
drop function if exists app_contract_link(text);
drop table if exists contract_consumptions, service_request_steps, sla_clocks, service_requests, contract_links,
  contract_inspections, contract_entitlements, service_contract_vehicles, service_contracts, working_calendars;
`);
  }
}
