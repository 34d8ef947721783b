import { Migration } from '@mikro-orm/migrations';

/**
 * Every lifecycle document has a state and a version (platform/documents): the settlement batch,
 * issued complete until now without either, gets its one state and an optimistic-lock version.
 */
export class Migration20261201000010_documents extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
alter table settlement_batches add column status text not null default 'ISSUED';
alter table settlement_batches add column version int not null default 1;
`);
  }
}
