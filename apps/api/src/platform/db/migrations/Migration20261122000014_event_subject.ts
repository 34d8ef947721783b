import { Migration } from '@mikro-orm/migrations';

/**
 * An event may carry the attributes of the changed record that the readers' permissions look at
 * (e.g. a claim's manufacturer, region and status): each subscriber then receives it only if it
 * may read such a record, not merely because its tenant is in the audience.
 */
export class Migration20261122000014_event_subject extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
alter table outbox add column subject jsonb;
comment on column outbox.subject is 'attributes of the changed record for the per-subscriber read check; null: the tenant audience alone decides';
`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table outbox drop column subject;`);
  }
}
