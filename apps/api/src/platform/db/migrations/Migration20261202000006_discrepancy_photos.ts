import { Migration } from '@mikro-orm/migrations';

/** Photos of a receiving discrepancy: the buyer's, shared with the seller who answers it. */
export class Migration20261202000006_discrepancy_photos extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
alter table attachments drop constraint attachments_owner_type_check;
alter table attachments add constraint attachments_owner_type_check
  check (owner_type in ('RepairOrderLine','Visit','WarrantyClaim','RecoveryClaim','PartsDiscrepancy'));
`);
  }

  override async down(): Promise<void> {
    this.addSql(`
delete from attachments where owner_type = 'PartsDiscrepancy';
alter table attachments drop constraint attachments_owner_type_check;
alter table attachments add constraint attachments_owner_type_check check (owner_type in ('RepairOrderLine','Visit','WarrantyClaim','RecoveryClaim'));
`);
  }
}
