import { Migration } from '@mikro-orm/migrations';

/**
 * Warranty (domain.md §2, §4): the manufacturer's master data (models, policies, registrations,
 * labour operations, parts list prices, campaigns) and the claim flow between dealer and
 * manufacturer (claims, lines, shared timeline, returned-part tags, settlement batches) and
 * between manufacturer and supplier (recovery claims).
 *
 * Row-level security, by who may see a row:
 *  - master data: the manufacturer; its catalogue (models, policies, operations, parts,
 *    campaigns, registrations) also the dealers it authorises, read-only;
 *  - a claim and everything under it: the filing dealer (owner) and the manufacturer it is filed
 *    with; a settlement batch: the manufacturer (owner) and the dealer it pays; a recovery claim:
 *    the manufacturer (owner) and the supplier it is addressed to.
 * Attachments gain a second reader (`shared_with_tenant_id`) for claim evidence and a supplier's
 * dispute evidence, and an evidence kind.
 */
export class Migration20261122000013_warranty extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create function app_authorised_by(p_manufacturer uuid) returns boolean language sql stable as
  $$ select exists (select 1 from relationships r
                     where r.kind = 'DEALER_AUTHORIZATION' and r.from_tenant_id = p_manufacturer
                       and r.to_tenant_id = app_current_tenant()) $$;
grant execute on function app_authorised_by(uuid) to asn_app;

create table vehicle_models (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  brand text not null check (length(brand) between 1 and 60),
  code text not null check (length(code) between 1 and 40),
  name text not null check (length(name) between 1 and 120),
  category text not null check (category in ('PASSENGER_CAR','TRUCK','LOADER','EXCAVATOR','OTHER')),
  usage_unit text not null check (usage_unit in ('KM','HOURS')),
  created_at timestamptz not null default now(),
  version int not null default 1
);
create unique index vehicle_models_code_key on vehicle_models (tenant_id, lower(code));

create table warranty_policies (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  code text not null check (length(code) between 1 and 40),
  name text not null,
  terms jsonb not null,
  exclusions text[] not null default '{}',
  parts_warranty_months int not null default 12 check (parts_warranty_months between 0 and 120),
  filing_deadline_days int not null check (filing_deadline_days between 1 and 365),
  duplicate_window_days int not null check (duplicate_window_days between 0 and 3650),
  sanbao_threshold int not null check (sanbao_threshold between 2 and 10),
  auto_approve_limit_minor bigint check (auto_approve_limit_minor >= 0),
  pre_authorization_limit_minor bigint check (pre_authorization_limit_minor > 0),
  required_evidence text[] not null default '{}',
  review_target_hours int not null default 48 check (review_target_hours between 1 and 720),
  parts_return_required boolean not null default true,
  currency char(3) not null default 'CNY',
  created_at timestamptz not null default now(),
  version int not null default 1
);
create unique index warranty_policies_code_key on warranty_policies (tenant_id, lower(code));

create table warranty_registrations (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  vin text not null check (vin ~ '^[A-Z0-9]{6,20}$'),
  model_id uuid not null references vehicle_models(id),
  policy_id uuid not null references warranty_policies(id),
  sale_date date not null,
  warranty_start date not null,
  selling_dealer_id uuid references tenants(id),
  sanbao_eligible_at timestamptz,
  sanbao_claim_id uuid,
  created_at timestamptz not null default now(),
  version int not null default 1
);
create unique index warranty_registrations_vin_key on warranty_registrations (tenant_id, vin);

create table labour_operations (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  code text not null check (code ~ '^[A-Z0-9][A-Z0-9-]{1,30}$'),
  description_zh text not null,
  description_en text not null,
  standard_hours_milli int not null check (standard_hours_milli > 0 and standard_hours_milli <= 200000),
  component_group text not null,
  required_evidence text[] not null default '{}',
  created_at timestamptz not null default now(),
  version int not null default 1
);
create unique index labour_operations_code_key on labour_operations (tenant_id, code);

create table oem_parts (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  part_number text not null check (part_number ~ '^[A-Z0-9][A-Z0-9.-]{1,39}$'),
  name text not null,
  component_group text not null,
  list_price_minor bigint not null check (list_price_minor >= 0),
  currency char(3) not null default 'CNY',
  supplier_id uuid references tenants(id),
  created_at timestamptz not null default now(),
  version int not null default 1
);
create unique index oem_parts_number_key on oem_parts (tenant_id, part_number);

create table campaigns (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  code text not null,
  kind text not null check (kind in ('RECALL','SERVICE')),
  title text not null,
  labour_operation_code text,
  opens_on date not null,
  closes_on date,
  created_at timestamptz not null default now(),
  version int not null default 1,
  check (closes_on is null or closes_on >= opens_on)
);
create unique index campaigns_code_key on campaigns (tenant_id, lower(code));

create table campaign_vehicles (
  tenant_id uuid not null references tenants(id),
  campaign_id uuid not null references campaigns(id),
  vin text not null,
  claim_id uuid,
  primary key (campaign_id, vin)
);
create index campaign_vehicles_vin_idx on campaign_vehicles (tenant_id, vin);

create table warranty_claims (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  manufacturer_id uuid not null references tenants(id),
  number text not null,
  type text not null check (type in ('STANDARD','CAMPAIGN','GOODWILL','PARTS_WARRANTY','PRE_AUTHORIZATION')),
  status text not null,
  repair_order_id uuid references repair_orders(id),
  region text,
  vin text not null,
  brand text,
  meter int not null check (meter >= 0),
  failure_date date not null,
  repair_date date not null,
  complaint text not null,
  cause text not null,
  correction text not null,
  causal_part_number text not null,
  causal_component_group text,
  causal_supplier_id uuid references tenants(id),
  campaign_id uuid references campaigns(id),
  pre_authorization_id uuid references warranty_claims(id),
  currency char(3) not null,
  claimed_minor bigint not null default 0 check (claimed_minor >= 0),
  approved_minor bigint check (approved_minor >= 0),
  findings jsonb not null default '[]',
  finding_codes text[] not null default '{}',
  sanbao_eligible boolean not null default false,
  sanbao_repair_no int,
  appeals int not null default 0 check (appeals between 0 and 1),
  info_request text,
  dealer_note text,
  decision_note text,
  reason_code text,
  submitted_at timestamptz,
  review_due_at timestamptz,
  decided_at timestamptz,
  decided_by uuid,
  parts_return_required boolean not null default false,
  settlement_batch_id uuid,
  credited_at timestamptz,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version int not null default 1,
  check (tenant_id <> manufacturer_id)
);
create unique index warranty_claims_number_key on warranty_claims (tenant_id, number);
create index warranty_claims_dealer_idx on warranty_claims (tenant_id, id desc);
create index warranty_claims_manufacturer_idx on warranty_claims (manufacturer_id, status, id desc);
create index warranty_claims_mfr_dealer_idx on warranty_claims (manufacturer_id, tenant_id, status, decided_at);
create index warranty_claims_vin_idx on warranty_claims (manufacturer_id, vin, repair_date);
create index warranty_claims_order_idx on warranty_claims (tenant_id, repair_order_id) where repair_order_id is not null;

create table warranty_claim_lines (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  manufacturer_id uuid not null references tenants(id),
  claim_id uuid not null references warranty_claims(id),
  position int not null,
  kind text not null check (kind in ('LABOUR','PART','SUBLET')),
  description text not null,
  operation_code text,
  hours_milli int check (hours_milli > 0),
  standard_hours_milli int,
  rate_minor bigint check (rate_minor >= 0),
  part_number text,
  quantity_milli int check (quantity_milli > 0),
  unit_price_minor bigint check (unit_price_minor >= 0),
  list_price_minor bigint,
  amount_minor bigint not null check (amount_minor >= 0),
  approved_minor bigint check (approved_minor >= 0 and approved_minor <= amount_minor),
  reason_code text,
  repair_order_line_id uuid,
  -- the removed part's tag (旧件标签) and its way back to the manufacturer
  tag_code text,
  return_status text not null default 'NOT_REQUESTED',
  carrier text,
  tracking_number text,
  shipped_at timestamptz,
  received_at timestamptz,
  inspected_at timestamptz,
  inspection_result text check (inspection_result in ('CONFIRMED','NOT_CONFIRMED','SUPPLIER_CAUSED')),
  inspection_note text,
  supplier_id uuid references tenants(id),
  version int not null default 1,
  unique (claim_id, position)
);
create index warranty_claim_lines_claim_idx on warranty_claim_lines (tenant_id, claim_id, position);
create index warranty_claim_lines_mfr_claim_idx on warranty_claim_lines (manufacturer_id, claim_id, position);
create unique index warranty_claim_lines_tag_key on warranty_claim_lines (manufacturer_id, tag_code) where tag_code is not null;
-- parts asked back, newest first: the dealer's to-ship list and the manufacturer's receiving desk
create index warranty_claim_lines_return_idx on warranty_claim_lines (tenant_id, return_status, id desc) where return_status <> 'NOT_REQUESTED';
create index warranty_claim_lines_mfr_return_idx on warranty_claim_lines (manufacturer_id, return_status, id desc) where return_status <> 'NOT_REQUESTED';

create table warranty_claim_events (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  manufacturer_id uuid not null references tenants(id),
  claim_id uuid not null references warranty_claims(id),
  actor_tenant_id uuid not null references tenants(id),
  actor_name text not null,
  -- a step the system took by itself (the automatic checks' outcome), not the actor's own
  automatic boolean not null default false,
  action text not null,
  from_state text,
  to_state text,
  note text,
  -- facts of the step the reader's language renders (a part's tag, an inspection result, an amount)
  detail jsonb,
  occurred_at timestamptz not null default now()
);
create index warranty_claim_events_claim_idx on warranty_claim_events (tenant_id, claim_id, id);
create index warranty_claim_events_mfr_claim_idx on warranty_claim_events (manufacturer_id, claim_id, id);

create table settlement_batches (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  dealer_id uuid not null references tenants(id),
  number text not null,
  period_from date not null,
  period_to date not null,
  currency char(3) not null,
  total_minor bigint not null check (total_minor >= 0),
  claim_count int not null check (claim_count > 0),
  created_by uuid,
  created_at timestamptz not null default now(),
  check (period_to >= period_from)
);
create unique index settlement_batches_number_key on settlement_batches (tenant_id, number);
create index settlement_batches_dealer_idx on settlement_batches (dealer_id, id desc);
alter table warranty_claims add constraint warranty_claims_batch_fk foreign key (settlement_batch_id) references settlement_batches(id);

create table recovery_claims (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  supplier_id uuid not null references tenants(id),
  number text not null,
  claim_id uuid not null references warranty_claims(id),
  claim_number text not null,
  part_number text not null,
  component_group text,
  -- the failure as the supplier needs to judge it, copied from the claim when raised (the supplier
  -- never reads the claim itself): VIN, dates, meter, 3C, the inspection of the returned part
  failure jsonb not null default '{}',
  base_minor bigint not null check (base_minor >= 0),
  share_bp int not null check (share_bp between 0 and 10000),
  amount_minor bigint not null check (amount_minor >= 0),
  currency char(3) not null,
  status text not null,
  note text,
  dispute_reason text,
  raised_at timestamptz not null,
  answered_at timestamptz,
  settled_at timestamptz,
  created_by uuid,
  version int not null default 1
);
create unique index recovery_claims_number_key on recovery_claims (tenant_id, number);
create unique index recovery_claims_claim_key on recovery_claims (tenant_id, claim_id) where status <> 'WITHDRAWN';
create index recovery_claims_supplier_idx on recovery_claims (supplier_id, status, id desc);
create index recovery_claims_mfr_idx on recovery_claims (tenant_id, status, id desc);

alter table attachments add column shared_with_tenant_id uuid references tenants(id);
alter table attachments add column evidence_kind text check (evidence_kind in ('FAILURE_PHOTO','METER_PHOTO','DIAGNOSIS_REPORT','PART_TAG_PHOTO'));
alter table attachments drop constraint attachments_owner_type_check;
alter table attachments add constraint attachments_owner_type_check check (owner_type in ('RepairOrderLine','Visit','WarrantyClaim','RecoveryClaim'));
create index attachments_shared_idx on attachments (shared_with_tenant_id, owner_type, owner_id, id) where shared_with_tenant_id is not null;
drop policy attachments_tenant on attachments;
create policy attachments_tenant on attachments for insert with check (tenant_id = app_current_tenant());
create policy attachments_read on attachments for select using (tenant_id = app_current_tenant() or shared_with_tenant_id = app_current_tenant());
`);
    // the manufacturer's catalogue: its own, and read-only for the dealers it authorises
    for (const t of ['vehicle_models', 'warranty_policies', 'warranty_registrations', 'labour_operations', 'oem_parts', 'campaigns', 'campaign_vehicles']) {
      this.addSql(`
alter table ${t} enable row level security;
alter table ${t} force row level security;
create policy ${t}_owner on ${t} using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
create policy ${t}_dealer_read on ${t} for select using (app_authorised_by(tenant_id));
grant select, insert, update on ${t} to asn_app;`);
    }
    // claim documents: the dealer and the manufacturer; the dealer creates them
    for (const t of ['warranty_claims', 'warranty_claim_lines', 'warranty_claim_events']) {
      this.addSql(`
alter table ${t} enable row level security;
alter table ${t} force row level security;
create policy ${t}_parties on ${t} for select using (tenant_id = app_current_tenant() or manufacturer_id = app_current_tenant());
create policy ${t}_update on ${t} for update using (tenant_id = app_current_tenant() or manufacturer_id = app_current_tenant())
  with check (tenant_id = app_current_tenant() or manufacturer_id = app_current_tenant());
create policy ${t}_insert on ${t} for insert with check (tenant_id = app_current_tenant()${t === 'warranty_claim_events' ? ' or manufacturer_id = app_current_tenant()' : ''});`);
    }
    this.addSql(`
grant select, insert, update on warranty_claims, warranty_claim_lines to asn_app;
grant select, insert on warranty_claim_events to asn_app;
grant delete on warranty_claim_lines to asn_app;
create policy warranty_claim_lines_delete on warranty_claim_lines for delete using (tenant_id = app_current_tenant());

alter table settlement_batches enable row level security;
alter table settlement_batches force row level security;
create policy settlement_batches_read on settlement_batches for select using (tenant_id = app_current_tenant() or dealer_id = app_current_tenant());
create policy settlement_batches_insert on settlement_batches for insert with check (tenant_id = app_current_tenant());
grant select, insert on settlement_batches to asn_app;

alter table recovery_claims enable row level security;
alter table recovery_claims force row level security;
create policy recovery_claims_read on recovery_claims for select using (tenant_id = app_current_tenant() or supplier_id = app_current_tenant());
create policy recovery_claims_update on recovery_claims for update using (tenant_id = app_current_tenant() or supplier_id = app_current_tenant())
  with check (tenant_id = app_current_tenant() or supplier_id = app_current_tenant());
create policy recovery_claims_insert on recovery_claims for insert with check (tenant_id = app_current_tenant());
grant select, insert, update on recovery_claims to asn_app;
`);
  }

  override async down(): Promise<void> {
    this.addSql(`
drop table if exists recovery_claims, warranty_claim_events, warranty_claim_lines cascade;
alter table warranty_claims drop constraint if exists warranty_claims_batch_fk;
drop table if exists settlement_batches, warranty_claims, campaign_vehicles, campaigns, oem_parts, labour_operations,
  warranty_registrations, warranty_policies, vehicle_models cascade;
drop function if exists app_authorised_by(uuid);`);
  }
}
