import { Migration } from '@mikro-orm/migrations';

/**
 * Customer notices leave through an SMS gateway: each SMS notification records its recipient and
 * its delivery (pending, sent with the provider's reference, failed after retries, or not sent
 * because no gateway is configured).
 */
export class Migration20261122000012_sms extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
alter table notifications
  add column recipient text,
  add column status text not null default 'RECORDED' check (status in ('RECORDED','PENDING','SENT','FAILED','NOT_SENT')),
  add column attempts int not null default 0,
  add column sent_at timestamptz,
  add column provider_ref text,
  add column last_error text;
comment on column notifications.status is 'RECORDED: in-app only; PENDING/SENT/FAILED: SMS delivery; NOT_SENT: no gateway configured';
`);
  }

  override async down(): Promise<void> {
    this.addSql(
      `alter table notifications drop column recipient, drop column status, drop column attempts, drop column sent_at, drop column provider_ref, drop column last_error;`,
    );
  }
}
