import { Migration } from '@mikro-orm/migrations';

/**
 * The customer's voice reaches the shop (issue 12): how a line's decision was given is a code
 * (tracking link, in the shop with a signature, by phone) instead of an English sentence, and an
 * order remembers the customer's last chase (催单) until the desk has answered it.
 */
export class Migration20261202000001_customer_voice extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
alter table repair_order_lines add column decision_channel text
  check (decision_channel in ('TRACKING_LINK', 'IN_SHOP', 'PHONE'));
comment on column repair_order_lines.decision_channel is 'how the customer answered: TRACKING_LINK, IN_SHOP (signed) or PHONE; decided_by is who (the customer, or the staff member who recorded it)';
-- decisions recorded before: the channel from the old sentence, the person from its "recorded by"
update repair_order_lines set
  decision_channel = case
    when decided_by like '%tracking link%' then 'TRACKING_LINK'
    when decided_by like '%phone%' then 'PHONE'
    else 'IN_SHOP' end,
  decided_by = case
    when decided_by like '%recorded by %' then substring(decided_by from 'recorded by (.*)$')
    when decided_by like '% (in the shop)' then substring(decided_by from '^(.*) \\(in the shop\\)$')
    when decided_by like '%tracking link%' then null
    else decided_by end
 where decided_by is not null;
alter table repair_orders add column chased_at timestamptz;
comment on column repair_orders.chased_at is 'the customer''s last 催单 not yet answered by the desk (null when answered)';
create index repair_orders_chased_idx on repair_orders (tenant_id, chased_at) where chased_at is not null;
`);
  }

  override async down(): Promise<void> {
    this.addSql(`
drop index if exists repair_orders_chased_idx;
alter table repair_orders drop column if exists chased_at;
alter table repair_order_lines drop column if exists decision_channel;
`);
  }
}
