import { Migration } from '@mikro-orm/migrations';

/**
 * A repair's stock reservation lapses when its parts are not issued in time: how long it holds is
 * the tenant's setting (`parts_reservation_hours`, 72 by default). A reservation says why it was
 * given back (the repair cancelled, or it lapsed), and the stock journal records a release as well
 * as what moved on hand: `reserved_change` is the change of the reserved units (an ISSUE takes
 * units off the shelf and out of the reservation; a RELEASE only frees them).
 */
export class Migration20261202000004_reservation_expiry extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
alter table tenants add column parts_reservation_hours int not null default 72 check (parts_reservation_hours between 1 and 2160);
comment on column tenants.parts_reservation_hours is 'how long a repair''s stock reservation holds when its parts are not issued (hours)';

alter table stock_reservations add column release_reason text check (release_reason in ('CANCELLED','EXPIRED'));
alter table stock_reservations add constraint stock_reservations_release_reason check ((released_at is null) = (release_reason is null));

alter table stock_movements add column reserved_change int not null default 0;
alter table stock_movements drop constraint stock_movements_kind_check;
alter table stock_movements add constraint stock_movements_kind_check check (kind in ('RECEIPT','ISSUE','ADJUSTMENT','RETURN','SHIPMENT','RELEASE'));
alter table stock_movements drop constraint stock_movements_quantity_check;
alter table stock_movements add constraint stock_movements_quantity_check check (quantity <> 0 or reserved_change <> 0);
alter table stock_movements add constraint stock_movements_release_check check (kind <> 'RELEASE' or (quantity = 0 and reserved_change < 0));
comment on column stock_movements.reserved_change is 'the change of the reserved units with this movement (an issue from a reservation, a release): signed';
`);
  }

  override async down(): Promise<void> {
    this.addSql(`
delete from stock_movements where kind = 'RELEASE';
alter table stock_movements drop constraint if exists stock_movements_release_check;
alter table stock_movements drop constraint stock_movements_quantity_check;
alter table stock_movements add constraint stock_movements_quantity_check check (quantity <> 0);
alter table stock_movements drop constraint stock_movements_kind_check;
alter table stock_movements add constraint stock_movements_kind_check check (kind in ('RECEIPT','ISSUE','ADJUSTMENT','RETURN','SHIPMENT'));
alter table stock_movements drop column reserved_change;
alter table stock_reservations drop constraint if exists stock_reservations_release_reason, drop column release_reason;
alter table tenants drop column parts_reservation_hours;
`);
  }
}
