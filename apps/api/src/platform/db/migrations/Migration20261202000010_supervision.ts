import { Migration } from '@mikro-orm/migrations';

/**
 * Network supervision (domain.md §8, ADR 0020): documents the manufacturer owns (`tenant_id`) about
 * one of its dealers (`dealer_id`, with the dealer's region under it), read by both.
 *
 * - `warnings`: warnings and penalties under the dealer agreement (notice → cure → appeal).
 * - `improvement_plans`: targets and actions as jsonb (small lists edited with the plan, versioned with it).
 * - `plan_checks`: the daily check of a plan (one row per plan and local day).
 * - `supervision_steps`: the trail of both documents, written by both parties.
 *
 * RLS: both parties read; the manufacturer inserts; both update a warning or a plan (the dealer
 * reports its cure, appeals, marks actions done); only the owner changes a check or a step; nobody deletes.
 */
export class Migration20261202000010_supervision extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table warnings (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  dealer_id uuid not null references tenants(id),
  region text,
  number text not null,
  kind text not null check (kind in ('WARNING','PENALTY')),
  status text not null check (status in ('ISSUED','CURE_REPORTED','CURED','APPEALED','WITHDRAWN','LAPSED','PENALTY_CONFIRMED')),
  title text not null,
  grounds text not null,
  agreement_clause text,
  amount_minor bigint check (amount_minor > 0),
  currency text,
  issued_at timestamptz not null,
  cure_days int not null check (cure_days between 1 and 90),
  cure_due_at timestamptz not null,
  appeal_days int not null check (appeal_days between 1 and 90),
  appeal_due_at timestamptz not null,
  cure_report text,
  cure_reported_at timestamptz,
  appeal_grounds text,
  appealed_at timestamptz,
  decision_note text,
  decided_at timestamptz,
  closed_at timestamptz,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version int not null default 1,
  unique (tenant_id, number),
  check ((kind = 'PENALTY') = (amount_minor is not null)),
  check ((amount_minor is null) = (currency is null))
);
create index warnings_tenant_idx on warnings (tenant_id, status, id);
create index warnings_dealer_idx on warnings (dealer_id, status, id);

create table improvement_plans (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  dealer_id uuid not null references tenants(id),
  region text,
  number text not null,
  status text not null check (status in ('DRAFT','ACTIVE','MET','MISSED','CLOSED')),
  title text not null,
  reason text not null,
  warning_id uuid references warnings(id),
  targets jsonb not null default '[]',
  actions jsonb not null default '[]',
  activated_on date,
  last_checked_on date,
  next_check_at timestamptz,
  closed_at timestamptz,
  created_by uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version int not null default 1,
  unique (tenant_id, number)
);
create index improvement_plans_tenant_idx on improvement_plans (tenant_id, status, id);
create index improvement_plans_dealer_idx on improvement_plans (dealer_id, status, id);

create table plan_checks (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  dealer_id uuid not null references tenants(id),
  plan_id uuid not null references improvement_plans(id),
  day date not null,
  results jsonb not null,
  overdue_actions int not null default 0,
  outcome text,
  checked_at timestamptz not null,
  unique (tenant_id, plan_id, day)
);
create index plan_checks_dealer_idx on plan_checks (dealer_id, plan_id, day);

create table supervision_steps (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  dealer_id uuid not null references tenants(id),
  document_type text not null check (document_type in ('Warning','ImprovementPlan')),
  document_id uuid not null,
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
create index supervision_steps_idx on supervision_steps (tenant_id, document_id, id);
create index supervision_steps_dealer_idx on supervision_steps (dealer_id, document_id, id);
`);
    const both = `tenant_id = app_current_tenant() or dealer_id = app_current_tenant()`;
    const own = `tenant_id = app_current_tenant()`;
    for (const table of ['warnings', 'improvement_plans', 'plan_checks', 'supervision_steps']) {
      this.addSql(`
alter table ${table} enable row level security;
alter table ${table} force row level security;
create policy ${table}_parties on ${table} for select using (${both});
grant select, insert, update on ${table} to asn_app;`);
    }
    this.addSql(`
create policy warnings_insert on warnings for insert with check (${own});
create policy warnings_update on warnings for update using (${both}) with check (${both});
create policy improvement_plans_insert on improvement_plans for insert with check (${own});
create policy improvement_plans_update on improvement_plans for update using (${both}) with check (${both});
create policy plan_checks_insert on plan_checks for insert with check (${own});
create policy plan_checks_update on plan_checks for update using (${own}) with check (${own});
create policy supervision_steps_insert on supervision_steps for insert with check (${both});
create policy supervision_steps_update on supervision_steps for update using (${own}) with check (${own});`);
  }

  override async down(): Promise<void> {
    this.addSql(`
delete from jobs where kind in ('supervision.lapse', 'supervision.checkPlan');
drop table if exists supervision_steps;
drop table if exists plan_checks;
drop table if exists improvement_plans;
drop table if exists warnings;`);
  }
}
