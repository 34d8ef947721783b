import { Migration } from '@mikro-orm/migrations';

/**
 * A notice names the record it is about by type and id instead of a repair order column: the
 * platform's notifications table knows no feature, and parts orders, complaints and contracts
 * send notices about their own documents without another column.
 */
export class Migration20261202000002_notices_about extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
alter table notifications add column record_type text, add column record_id uuid;
update notifications set record_type = 'RepairOrder', record_id = repair_order_id where repair_order_id is not null;
alter table notifications add constraint notifications_record_check check ((record_type is null) = (record_id is null));
comment on column notifications.record_type is 'the document the notice is about (its declared type, e.g. RepairOrder), with record_id; both null for a notice about no document';
drop index if exists notifications_order_idx;
alter table notifications drop column repair_order_id;
create index notifications_record_idx on notifications (tenant_id, record_type, record_id, id) where record_id is not null;
`);
  }

  override async down(): Promise<void> {
    this.addSql(`
alter table notifications add column repair_order_id uuid references repair_orders(id);
update notifications set repair_order_id = record_id where record_type = 'RepairOrder';
drop index if exists notifications_record_idx;
create index notifications_order_idx on notifications (tenant_id, repair_order_id, id);
alter table notifications drop constraint if exists notifications_record_check, drop column record_type, drop column record_id;
`);
  }
}
