import { Migration } from '@mikro-orm/migrations';
import { tenantTableSql } from './rls.js';

const CHANNELS = `'PHONE','WALK_IN','TRACKING_PAGE','FOLLOW_UP_CALL','LETTER','WEB'`;
const CATEGORIES = `'PRODUCT_QUALITY','SERVICE_QUALITY','PARTS','PRICE','DELAY','ATTITUDE','OTHER'`;
const STATES = `'RECEIVED','ACKNOWLEDGED','INVESTIGATING','ESCALATED','RESOLVED','REOPENED','CLOSED'`;

/**
 * Complaints become a document of their own (domain.md §7): the complaint follow-up calls recorded
 * (RECEIVED, the provider's only) gains its category, severity, links, the promised answer, the
 * escalation clock, the investigation, the resolution with its cost split, the customer's rating
 * and a recovery task; a complaint that reaches the manufacturer (product quality, or escalated to
 * it) names it in `manufacturer_id`, which lets it read the complaint and its trail (two-party RLS
 * as the declaration says). Existing rows keep their number and state; their clock starts from when
 * they were received, and their escalation jobs are planned here (an old unanswered complaint is
 * escalated at the next round, as it would have been).
 */
export class Migration20261202000007_complaints extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
alter table complaints drop constraint if exists complaints_channel_check;
alter table complaints
  add column manufacturer_id uuid references tenants(id),
  add column region text,
  add column category text not null default 'OTHER' check (category in (${CATEGORIES})),
  add column severity text not null default 'MINOR' check (severity in ('MINOR','MAJOR','CRITICAL')),
  add column contact_name text,
  add column contact_phone text,
  add column vehicle_id uuid references vehicles(id),
  add column vin text,
  add column vehicle_model text,
  add column claim_id uuid references warranty_claims(id),
  add column parts_order_id uuid references parts_orders(id),
  add column previous_complaint_id uuid references complaints(id),
  add column received_at timestamptz,
  add column clock_from timestamptz,
  add column ack_due_at timestamptz,
  add column resolve_due_at timestamptz,
  add column escalate2_at timestamptz,
  add column acknowledged_at timestamptz,
  add column promised_answer_at timestamptz,
  add column answer text,
  add column escalation_level int not null default 0 check (escalation_level between 0 and 2),
  add column escalated_at timestamptz,
  add column root_cause text,
  add column responsibility text,
  add column quality_root_cause text,
  add column quality_responsible text check (quality_responsible in ('DEALER','MANUFACTURER','SUPPLIER','CUSTOMER','OTHER')),
  add column quality_department text,
  add column quality_assessed_at timestamptz,
  add column quality_assessed_by uuid,
  add column resolution text,
  add column cost_minor bigint check (cost_minor >= 0),
  add column currency text,
  add column cost_split jsonb,
  add column resolved_at timestamptz,
  add column resolved_by uuid,
  add column rating int check (rating between 1 and 5),
  add column satisfied boolean,
  add column rating_comment text,
  add column rated_at timestamptz,
  add column recovery_due_at timestamptz,
  add column recovery_done_at timestamptz,
  add column recovery_note text,
  add column closed_at timestamptz,
  add column updated_at timestamptz not null default now();
update complaints set received_at = created_at, clock_from = created_at,
  ack_due_at = created_at + interval '24 hours', resolve_due_at = created_at + interval '48 hours',
  escalate2_at = created_at + interval '96 hours',
  updated_at = created_at;
alter table complaints
  alter column received_at set not null,
  alter column clock_from set not null,
  alter column ack_due_at set not null,
  alter column resolve_due_at set not null,
  alter column escalate2_at set not null,
  add constraint complaints_channel_check check (channel in (${CHANNELS})),
  add constraint complaints_status_check check (status in (${STATES})),
  add constraint complaints_split_has_cost check (cost_split is null or cost_minor is not null),
  add constraint complaints_someone check (customer_id is not null or contact_name is not null or channel = 'FOLLOW_UP_CALL');
drop index if exists complaints_tenant_idx;
create index complaints_tenant_idx on complaints (tenant_id, status, received_at desc, id);
create index complaints_mfr_idx on complaints (manufacturer_id, status, received_at desc, id) where manufacturer_id is not null;
create index complaints_order_idx on complaints (tenant_id, repair_order_id) where repair_order_id is not null;

-- the complaint's trail: both parties write their steps, nobody changes one (the owner names the
-- manufacturer on the earlier steps when the complaint reaches it)
create table complaint_steps (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  manufacturer_id uuid references tenants(id),
  complaint_id uuid not null references complaints(id),
  actor_tenant_id uuid references tenants(id),
  actor_name text not null,
  automatic boolean not null default false,
  action text not null,
  from_state text,
  to_state text,
  note text,
  detail jsonb,
  occurred_at timestamptz not null default now()
);
create index complaint_steps_idx on complaint_steps (tenant_id, complaint_id, id);
create index complaint_steps_mfr_idx on complaint_steps (manufacturer_id, complaint_id, id) where manufacturer_id is not null;

-- the complaint clock's settings of a provider (hours since received)
create table complaint_settings (
  tenant_id uuid primary key references tenants(id),
  ack_hours int not null check (ack_hours between 1 and 720),
  escalate_hours int not null check (escalate_hours between 1 and 720),
  escalate2_hours int not null check (escalate2_hours between 1 and 720),
  updated_by uuid,
  updated_at timestamptz not null default now(),
  check (escalate2_hours > escalate_hours)
);

alter table attachments drop constraint attachments_owner_type_check;
alter table attachments add constraint attachments_owner_type_check
  check (owner_type in ('RepairOrderLine','Visit','WarrantyClaim','RecoveryClaim','PartsDiscrepancy','Complaint'));
-- the owner shares the files of a complaint with the manufacturer once the complaint reaches it (nothing else of a file changes)
create policy attachments_share on attachments for update using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
grant update (shared_with_tenant_id) on attachments to asn_app;

-- the escalation clock of the complaints already recorded
insert into jobs (id, tenant_id, kind, dedupe_key, run_at, payload)
select gen_random_uuid(), c.tenant_id, 'complaint.escalate', 'complaint.escalate:' || c.id || ':' || l.level,
       case l.level when 1 then c.resolve_due_at else c.escalate2_at end, jsonb_build_object('complaintId', c.id, 'level', l.level)
  from complaints c cross join (values (1), (2)) as l(level)
 where c.status = 'RECEIVED';
`);
    // the complaint and its trail: the provider (tenant_id) and, once it reached it, the manufacturer
    this.addSql(`drop policy if exists complaints_tenant on complaints;`);
    const both = `tenant_id = app_current_tenant() or manufacturer_id = app_current_tenant()`;
    this.addSql(`
create policy complaints_parties on complaints for select using (${both});
create policy complaints_update on complaints for update using (${both}) with check (${both});
create policy complaints_insert on complaints for insert with check (tenant_id = app_current_tenant());
alter table complaint_steps enable row level security;
alter table complaint_steps force row level security;
create policy complaint_steps_parties on complaint_steps for select using (${both});
create policy complaint_steps_insert on complaint_steps for insert with check (${both});
create policy complaint_steps_update on complaint_steps for update using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
grant select, insert, update on complaint_steps to asn_app;`);
    this.addSql(tenantTableSql('complaint_settings'));
  }

  override async down(): Promise<void> {
    this.addSql(`
delete from jobs where kind = 'complaint.escalate';
delete from attachments where owner_type = 'Complaint';
revoke update (shared_with_tenant_id) on attachments from asn_app;
drop policy if exists attachments_share on attachments;
alter table attachments drop constraint attachments_owner_type_check;
alter table attachments add constraint attachments_owner_type_check check (owner_type in ('RepairOrderLine','Visit','WarrantyClaim','RecoveryClaim','PartsDiscrepancy'));
drop table if exists complaint_settings, complaint_steps;
drop policy if exists complaints_parties on complaints;
drop policy if exists complaints_update on complaints;
drop policy if exists complaints_insert on complaints;
create policy complaints_tenant on complaints using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
`);
  }
}
