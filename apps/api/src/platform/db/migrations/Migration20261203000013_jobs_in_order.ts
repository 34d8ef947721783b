import { Migration } from '@mikro-orm/migrations';

/**
 * The worker runs a round's jobs in the order they fell due. `update … returning` gives its rows in
 * the table's order, not the subquery's: after a pause a service request's breach could run before
 * its warning, and the warning — on a clock already breached — was never given. The claimed rows are
 * returned by run_at (then id, the order they were planned in). Same signature, same rows.
 */
export class Migration20261203000013_jobs_in_order extends Migration {
  override async up(): Promise<void> {
    this.addSql(claimJobs('order by c.run_at, c.id'));
  }

  override async down(): Promise<void> {
    this.addSql(claimJobs(''));
  }
}

function claimJobs(order: string): string {
  return `
create or replace function app_claim_jobs(p_now timestamptz, p_limit int, p_lease_seconds int)
returns table (id uuid, tenant_id uuid, kind text, payload jsonb, attempts int)
language sql volatile security definer set search_path = public as
  $$ with c as (
       update jobs j set status = 'RUNNING', attempts = j.attempts + 1,
                         lease_until = p_now + make_interval(secs => p_lease_seconds)
        where j.id in (select id from jobs
                        where (status = 'PENDING' and run_at <= p_now)
                           or (status = 'RUNNING' and lease_until < p_now)
                        order by run_at limit p_limit for update skip locked)
       returning j.id, j.tenant_id, j.kind, j.payload, j.attempts, j.run_at)
     select c.id, c.tenant_id, c.kind, c.payload, c.attempts from c ${order} $$;
`;
}
