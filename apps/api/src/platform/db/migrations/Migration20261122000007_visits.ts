import { Migration } from '@mikro-orm/migrations';
import { tenantTableSql } from './rls.js';

/** On-site service visits (上门服务): each engineer trip of an on-site repair order. */
export class Migration20261122000007_visits extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table visits (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  repair_order_id uuid not null references repair_orders(id),
  engineer_id uuid not null references users(id),
  status text not null check (status in ('SCHEDULED','EN_ROUTE','ARRIVED','FINISHED','CANCELLED')),
  scheduled_at timestamptz not null,
  address text not null,
  eta timestamptz,
  late_reason text,
  loan_unit text,
  departed_at timestamptz,
  arrived_at timestamptz,
  arrived_place text,
  finished_at timestamptz,
  finished_place text,
  signed_by text,
  created_at timestamptz not null default now(),
  version int not null default 1
);
create index visits_order_idx on visits (tenant_id, repair_order_id, id);
create index visits_engineer_idx on visits (tenant_id, engineer_id, status);
`);
    this.addSql(tenantTableSql('visits'));
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists visits cascade;');
  }
}
