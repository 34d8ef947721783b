import { Migration } from '@mikro-orm/migrations';

/** Appointments are repair orders in APPOINTED with a slot; parts reserved for them carry a deposit. */
export class Migration20261122000006_appointments extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
alter table repair_orders add column reservation jsonb;
alter table repair_orders add column no_show boolean not null default false;
create index repair_orders_tenant_slot_idx on repair_orders (tenant_id, appointment_at) where appointment_at is not null;
`);
  }

  override async down(): Promise<void> {
    this.addSql('alter table repair_orders drop column reservation, drop column no_show;');
  }
}
