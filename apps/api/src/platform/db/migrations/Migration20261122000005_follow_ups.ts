import { Migration } from '@mikro-orm/migrations';
import { tenantTableSql } from './rls.js';

/**
 * Follow-up calls (跟踪服务 / 回访): a care agent's queue, one task per call, with the outcome of
 * the call; complaints raised in a call are recorded (the complaint workflow builds on them).
 */
export class Migration20261122000005_follow_ups extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table follow_ups (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  repair_order_id uuid not null references repair_orders(id),
  customer_id uuid not null references customers(id),
  call_no int not null check (call_no in (1, 2)),
  due_at timestamptz not null,
  assigned_to uuid references users(id),
  status text not null default 'OPEN' check (status in ('OPEN','DONE')),
  reached boolean,
  satisfaction int check (satisfaction between 1 and 5),
  vehicle_condition text,
  remarks text,
  next_maintenance_on date,
  complaint_id uuid,
  done_at timestamptz,
  done_by uuid,
  created_at timestamptz not null default now(),
  version int not null default 1
);
create unique index follow_ups_order_call_key on follow_ups (tenant_id, repair_order_id, call_no);
create index follow_ups_queue_idx on follow_ups (tenant_id, status, assigned_to, due_at);

create table complaints (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  number text not null,
  channel text not null check (channel in ('PHONE','WALK_IN','WEB','FOLLOW_UP_CALL')),
  status text not null default 'RECEIVED',
  customer_id uuid references customers(id),
  repair_order_id uuid references repair_orders(id),
  follow_up_id uuid references follow_ups(id),
  description text not null,
  created_by uuid,
  created_at timestamptz not null default now(),
  version int not null default 1
);
create unique index complaints_tenant_number_key on complaints (tenant_id, number);
create index complaints_tenant_idx on complaints (tenant_id, status, id);
`);
    for (const table of ['follow_ups', 'complaints']) this.addSql(tenantTableSql(table));
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists complaints, follow_ups cascade;');
  }
}
