/**
 * SQL that makes a table tenant-owned: row-level security with FORCE (owners too), one policy
 * keyed on `tenant_id = app_current_tenant()`, and the API role's grants.
 */
export function tenantTableSql(table: string, grants = 'select, insert, update'): string {
  return `
alter table ${table} enable row level security;
alter table ${table} force row level security;
create policy ${table}_tenant on ${table} using (tenant_id = app_current_tenant()) with check (tenant_id = app_current_tenant());
grant ${grants} on ${table} to asn_app;`;
}
