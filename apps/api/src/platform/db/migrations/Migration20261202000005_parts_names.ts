import { Migration } from '@mikro-orm/migrations';
import { tenantTableSql } from './rls.js';

/**
 * Parts by name and by model, and the catalogue imports (issue 13).
 *
 * `catalogue_part_terms` holds what a catalogue is searched by besides the start of a number, each
 * term led by its kind: the bigrams of each part's Chinese name (G, lower case, spaces removed:
 * 制动片 finds 前制动片), the words of its names (W, lower-case letters and digits: "brake pad"
 * finds "Front brake pad set") and the models it fits (M). Equality and ranges on a b-tree that leads with the seller are leakproof,
 * so the index serves them under row-level security, which LIKE and pg_trgm cannot (ADR 0008). The
 * terms follow the parts through two statement triggers with transition tables, so a batch upsert
 * of an import writes them in one statement, not once per row. The table has its primary key and
 * nothing else — no foreign keys (parts are never deleted; a key's check per term row would double
 * an import's time), no second index (a renamed part's old terms are found by recomputing them). The buyers that
 * read the catalogue read its terms; both policies compare the seller with `app_seller_ids()`
 * evaluated once per statement, not `app_buys_from(tenant_id)` once per row.
 *
 * `catalogue_imports` is a seller's import of a CSV or XLSX file with its counts as it runs (the
 * portal shows them) and `catalogue_import_rejects` its bad rows, each with its line and reasons.
 */
export class Migration20261202000005_parts_names extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table catalogue_part_terms (
  tenant_id uuid not null,
  term text collate "C" not null,
  part_id uuid not null,
  primary key (tenant_id, term, part_id)
);
comment on table catalogue_part_terms is 'what a catalogue part is found by besides its number, each term led by its kind: G a bigram of the Chinese name, W a word of the names, M a model it fits';

create function catalogue_part_terms_of(p_zh text, p_en text, p_models text[]) returns setof text
  language sql immutable as $$
  select 'G' || substr(z.n, i, 2) from (select lower(regexp_replace(coalesce(p_zh, ''), '\\s+', '', 'g')) as n) z
    cross join lateral generate_series(1, char_length(z.n) - 1) as i
  union
  select 'W' || w from regexp_split_to_table(lower(coalesce(p_zh, '') || ' ' || coalesce(p_en, '')), '[^a-z0-9]+') as w where w <> ''
  union
  select 'M' || m from unnest(p_models) as m where m <> '' $$;

create function catalogue_part_terms_inserted() returns trigger language plpgsql as $$
begin
  insert into catalogue_part_terms (tenant_id, term, part_id)
  select n.tenant_id, t, n.id from new_rows n cross join lateral catalogue_part_terms_of(n.name_zh, n.name_en, n.models) t;
  return null;
end $$;
create trigger catalogue_parts_terms_inserted after insert on catalogue_parts
  referencing new table as new_rows for each statement execute function catalogue_part_terms_inserted();

create function catalogue_part_terms_updated() returns trigger language plpgsql as $$
declare
  r record;
begin
  -- only the parts whose names or models changed (a new price leaves the terms as they are): their
  -- old terms go (by the primary key), their new ones come
  for r in select n.tenant_id, n.id, o.name_zh as old_zh, o.name_en as old_en, o.models as old_models, n.name_zh, n.name_en, n.models
             from new_rows n join old_rows o on o.id = n.id
            where (n.name_zh, n.name_en, n.models) is distinct from (o.name_zh, o.name_en, o.models) loop
    delete from catalogue_part_terms
     where tenant_id = r.tenant_id and part_id = r.id and term = any (array(select catalogue_part_terms_of(r.old_zh, r.old_en, r.old_models)));
    insert into catalogue_part_terms (tenant_id, term, part_id)
    select r.tenant_id, t, r.id from catalogue_part_terms_of(r.name_zh, r.name_en, r.models) t;
  end loop;
  return null;
end $$;
create trigger catalogue_parts_terms_updated after update on catalogue_parts
  referencing old table as old_rows new table as new_rows for each statement execute function catalogue_part_terms_updated();

-- the parts on file before this migration
insert into catalogue_part_terms (tenant_id, term, part_id)
select p.tenant_id, t, p.id from catalogue_parts p cross join lateral catalogue_part_terms_of(p.name_zh, p.name_en, p.models) t;

-- The sellers the current tenant buys from, as one array (app_buys_from's relationships). A policy
-- that compares with it through a scalar subquery evaluates it once per statement (an InitPlan),
-- where app_buys_from(tenant_id) is evaluated for every row read: a name search counts thousands of
-- terms, and a buyer's read of the catalogue then cost a lookup of relationships per row.
create function app_seller_ids() returns uuid[] language sql stable as
  $$ select coalesce(array_agg(case when r.kind = 'DEALER_AUTHORIZATION' then r.from_tenant_id else r.to_tenant_id end), '{}')
       from relationships r
      where (r.kind = 'DEALER_AUTHORIZATION' and r.to_tenant_id = app_current_tenant())
         or (r.kind in ('TRADE_ACCOUNT', 'SUPPLY_AGREEMENT') and r.from_tenant_id = app_current_tenant()) $$;
grant execute on function app_seller_ids() to asn_app;

alter table catalogue_part_terms enable row level security;
alter table catalogue_part_terms force row level security;
create policy catalogue_part_terms_owner on catalogue_part_terms using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
create policy catalogue_part_terms_buyer_read on catalogue_part_terms for select using (tenant_id = any ((select app_seller_ids())::uuid[]));
grant select, insert, delete on catalogue_part_terms to asn_app;

-- the same rule for the parts themselves, evaluated once per statement
drop policy catalogue_parts_buyer_read on catalogue_parts;
create policy catalogue_parts_buyer_read on catalogue_parts for select using (tenant_id = any ((select app_seller_ids())::uuid[]));

create table catalogue_imports (
  id uuid primary key,
  tenant_id uuid not null references tenants(id),
  file_name text not null check (length(file_name) between 1 and 255),
  format text not null check (format in ('CSV', 'XLSX')),
  status text not null check (status in ('PENDING', 'RUNNING', 'DONE', 'FAILED')),
  rows_read int not null default 0,
  inserted int not null default 0,
  updated int not null default 0,
  unchanged int not null default 0,
  rejected int not null default 0,
  failure jsonb,
  created_by uuid,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz
);
create index catalogue_imports_tenant_idx on catalogue_imports (tenant_id, id);
comment on table catalogue_imports is 'a seller''s import of its catalogue from a CSV or XLSX file: status and counts while it runs, then its result';

create table catalogue_import_rejects (
  tenant_id uuid not null references tenants(id),
  import_id uuid not null references catalogue_imports(id) on delete cascade,
  line int not null,
  part_number text,
  problems jsonb not null,
  primary key (tenant_id, import_id, line)
);
comment on table catalogue_import_rejects is 'the bad rows of a catalogue import: line number, the part number as written, the reasons (column, reason, params)';
`);
    this.addSql(tenantTableSql('catalogue_imports'));
    this.addSql(tenantTableSql('catalogue_import_rejects', 'select, insert'));
  }

  override async down(): Promise<void> {
    this.addSql(`
drop policy if exists catalogue_parts_buyer_read on catalogue_parts;
create policy catalogue_parts_buyer_read on catalogue_parts for select using (app_buys_from(tenant_id));
drop function if exists app_seller_ids();
drop table if exists catalogue_import_rejects, catalogue_imports, catalogue_part_terms cascade;
drop trigger if exists catalogue_parts_terms_inserted on catalogue_parts;
drop trigger if exists catalogue_parts_terms_updated on catalogue_parts;
drop function if exists catalogue_part_terms_inserted();
drop function if exists catalogue_part_terms_updated();
drop function if exists catalogue_part_terms_of(text, text, text[]);
`);
  }
}
