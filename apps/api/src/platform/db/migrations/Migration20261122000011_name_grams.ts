import { Migration } from '@mikro-orm/migrations';
import { tenantTableSql } from './rls.js';

/**
 * "Name contains" search for Chinese names (search 小明 finds 王小明): the bigrams of each
 * customer's name in a table of their own, kept by a trigger. Equality on a b-tree that leads with
 * the tenant is leakproof, so the index serves it under row-level security (LIKE '%…%' cannot).
 */
export class Migration20261122000011_name_grams extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table customer_name_grams (
  tenant_id uuid not null references tenants(id),
  gram text collate "C" not null,
  customer_id uuid not null references customers(id) on delete cascade,
  primary key (tenant_id, gram, customer_id)
);
create index customer_name_grams_customer_idx on customer_name_grams (tenant_id, customer_id, gram);

create function customer_name_grams_sync() returns trigger language plpgsql as $$
declare
  n text := lower(regexp_replace(new.name, '\\s+', '', 'g'));
begin
  if tg_op = 'UPDATE' then
    if new.name is not distinct from old.name then return new; end if;
    delete from customer_name_grams where tenant_id = new.tenant_id and customer_id = new.id;
  end if;
  insert into customer_name_grams (tenant_id, gram, customer_id)
  select distinct new.tenant_id, substr(n, i, 2), new.id from generate_series(1, char_length(n) - 1) as i;
  return new;
end $$;
create trigger customers_name_grams after insert or update of name on customers
  for each row execute function customer_name_grams_sync();

-- customers on file before this migration
insert into customer_name_grams (tenant_id, gram, customer_id)
select distinct c.tenant_id, substr(n.n, i, 2), c.id
  from customers c
  cross join lateral (select lower(regexp_replace(c.name, '\\s+', '', 'g')) as n) n
  cross join lateral generate_series(1, char_length(n.n) - 1) as i;
`);
    this.addSql(tenantTableSql('customer_name_grams', 'select, insert, delete'));
  }

  override async down(): Promise<void> {
    this.addSql(
      'drop trigger if exists customers_name_grams on customers; drop function if exists customer_name_grams_sync(); drop table if exists customer_name_grams;',
    );
  }
}
