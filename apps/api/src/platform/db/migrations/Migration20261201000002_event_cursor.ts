import { Migration } from '@mikro-orm/migrations';

/** One key for "publishing outbox rows": held exclusively by a publisher, shared by a replay read. */
const PUBLISH_LOCK = `hashtextextended('asn.outbox.publish', 0)`;

/**
 * Event cursors (docs/adr/0010-event-cursor.md). Each outbox row gets `seq` from a sequence when
 * the dispatcher claims it for publishing, under an exclusive transaction-level advisory lock held
 * until the claim commits: sequence order is publish order is commit order, across processes. A
 * replay read takes the same lock shared, so it waits for a publish in flight and then sees it.
 * Published rows are deleted after the retention period; `outbox_horizon.pruned_through` remembers
 * the highest seq deleted, so a cursor older than that is known to be expired.
 */
export class Migration20261201000002_event_cursor extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create sequence outbox_seq as bigint;
alter table outbox add column seq bigint;
comment on column outbox.seq is 'publish order (the event cursor); set when published, under the publish lock';
-- rows published before cursors existed: numbered in publish order, so retention treats them alike
update outbox o set seq = r.n
  from (select id, row_number() over (order by published_at, id) as n from outbox where published_at is not null) r
 where o.id = r.id;
select setval('outbox_seq', coalesce((select max(seq) from outbox), 1), (select max(seq) is not null from outbox));
-- replay: the rows after a cursor (range on seq) for one tenant of the audience; retention: the oldest by seq
create unique index outbox_seq_key on outbox (seq);
create index outbox_audience_idx on outbox using gin (audience_tenant_ids) where seq is not null;

create table outbox_horizon (
  only_row boolean primary key default true check (only_row),
  pruned_through bigint not null default 0
);
insert into outbox_horizon default values;
comment on table outbox_horizon is 'highest outbox.seq deleted by retention: cursors below it are expired';

create or replace function app_claim_outbox(p_limit int)
returns setof outbox
language plpgsql volatile security definer set search_path = public as $$
begin
  -- one publisher at a time until its transaction ends (it publishes before committing)
  perform pg_advisory_xact_lock(${PUBLISH_LOCK});
  return query
    with picked as (
      select id from outbox where published_at is null order by id limit p_limit for update skip locked
    ), numbered as (
      select p.id, nextval('outbox_seq') as seq from (select id from picked order by id) p
    )
    update outbox o set published_at = clock_timestamp(), seq = n.seq
      from numbered n where o.id = n.id
    returning o.*;
end $$;

-- The newest cursor: every event at or below it is committed, every later one gets a higher seq.
create function app_event_head()
returns bigint
language sql stable security definer set search_path = public as
  $$ select greatest((select pruned_through from outbox_horizon), coalesce((select max(seq) from outbox), 0)) $$;

-- Published events after p_after whose audience holds the transaction's tenant, in cursor order.
-- AS410: older than retention; AS404: not a cursor of this database.
create function app_replay_outbox(p_after bigint, p_entity_types text[], p_entity_id uuid, p_limit int)
returns setof outbox
language plpgsql volatile security definer set search_path = public as $$
declare
  v_tenant uuid := app_current_tenant();
begin
  if v_tenant is null then return; end if;
  -- a publish in flight (sent to subscribers, not yet committed) ends first; no prune meanwhile
  perform pg_advisory_xact_lock_shared(${PUBLISH_LOCK});
  if p_after < (select pruned_through from outbox_horizon) then
    raise exception 'event cursor expired' using errcode = 'AS410';
  end if;
  if p_after > (select case when is_called then last_value else 0 end from outbox_seq) then
    raise exception 'unknown event cursor' using errcode = 'AS404';
  end if;
  return query
    select * from outbox o
     where o.seq > p_after and o.audience_tenant_ids @> array[v_tenant]
       and (p_entity_types is null or o.entity_type = any (p_entity_types))
       and (p_entity_id is null or o.entity_id = p_entity_id)
     order by o.seq
     limit p_limit;
end $$;

-- Retention: deletes up to p_limit of the oldest published rows older than p_keep.
create function app_prune_outbox(p_keep interval, p_limit int)
returns int
language plpgsql volatile security definer set search_path = public as $$
declare
  v_count int;
  v_top bigint;
begin
  perform pg_advisory_xact_lock(${PUBLISH_LOCK});
  with gone as (
    delete from outbox
     where seq in (select seq from outbox where seq is not null order by seq limit p_limit)
       and published_at < now() - p_keep
    returning seq
  )
  select count(*), max(seq) into v_count, v_top from gone;
  if v_top is not null then
    update outbox_horizon set pruned_through = greatest(pruned_through, v_top);
  end if;
  return v_count;
end $$;

revoke all on function app_event_head(), app_replay_outbox(bigint, text[], uuid, int), app_prune_outbox(interval, int) from public;
grant execute on function app_event_head(), app_replay_outbox(bigint, text[], uuid, int), app_prune_outbox(interval, int) to asn_app;
`);
  }

  override async down(): Promise<void> {
    this.addSql(`
drop function if exists app_event_head(), app_replay_outbox(bigint, text[], uuid, int), app_prune_outbox(interval, int);
create or replace function app_claim_outbox(p_limit int)
returns setof outbox
language sql volatile security definer set search_path = public as
  $$ update outbox set published_at = now()
      where id in (select id from outbox where published_at is null order by id
                   limit p_limit for update skip locked)
  returning * $$;
drop table if exists outbox_horizon;
alter table outbox drop column seq;
drop sequence if exists outbox_seq;
`);
  }
}
