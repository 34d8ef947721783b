import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './test/harness.js';

const TENANT_TABLES = ['users', 'sessions', 'relationships', 'audit_log', 'outbox'];

describe('row-level security (the database checks tenancy too)', () => {
  let t: TestApi;
  let e1: string;
  let e2: string;

  beforeAll(async () => {
    t = await startTestApi();
    e1 = await t.tenantId('DLR-E1');
    e2 = await t.tenantId('DLR-E2');
    // give both dealers sessions and audit rows
    await t.as('admin@dealer-east.demo');
    await t.as('admin@dealer-east2.demo');
  });
  afterAll(() => t.stop());

  it('the API role owns no table and cannot bypass RLS', async () => {
    const roles = await t.sql(`select rolsuper, rolbypassrls from pg_roles where rolname = 'asn_app'`);
    expect(roles[0]).toEqual({ rolsuper: false, rolbypassrls: false });
    const owned = await t.sql(`select tablename from pg_tables where schemaname = 'public' and tableowner = 'asn_app'`);
    expect(owned).toEqual([]);
    // every table with a tenant column (present and future) has forced row-level security
    const unprotected = await t.sql(
      `select c.table_name from information_schema.columns c
         join pg_class k on k.relname = c.table_name and k.relkind = 'r'
        where c.table_schema = 'public' and c.column_name in ('tenant_id', 'from_tenant_id')
          and not (k.relrowsecurity and k.relforcerowsecurity)`,
    );
    expect(unprotected).toEqual([]);
    const tenantTables = await t.sql(
      `select count(distinct table_name)::int as n from information_schema.columns where table_schema = 'public' and column_name = 'tenant_id'`,
    );
    expect(tenantTables[0].n).toBeGreaterThanOrEqual(10);
  });

  it('with no tenant set, raw SQL through the API role returns zero rows', async () => {
    for (const table of [...TENANT_TABLES, 'tenants']) {
      const owner = await t.sql(`select count(*)::int as n from ${table}`);
      expect(owner[0].n, `${table} has data to hide`).toBeGreaterThan(0);
      const rows = await t.appSql(`select * from ${table}`, [], undefined);
      expect(rows, table).toEqual([]);
    }
  });

  it("with another tenant set, raw SQL returns none of the first tenant's rows", async () => {
    const asE2 = (sql: string) => t.appSql(sql, [], e2);
    expect(await asE2(`select id from users where tenant_id = '${e1}'`)).toEqual([]);
    expect(await asE2(`select id from sessions where tenant_id = '${e1}'`)).toEqual([]);
    expect(await asE2(`select id from audit_log where tenant_id = '${e1}'`)).toEqual([]);
    expect(await asE2(`select id from outbox where tenant_id = '${e1}'`)).toEqual([]);
    expect(await asE2(`select id from relationships where from_tenant_id = '${e1}' or to_tenant_id = '${e1}'`)).toEqual([]);
    expect(await asE2(`select id from tenants where id = '${e1}'`)).toEqual([]);
    // …while its own rows are there
    expect((await asE2(`select id from users`)).length).toBe(2);
  });

  it('refuses writes into another tenant and edits of the audit log', async () => {
    await expect(
      t.appSql(
        `insert into audit_log (id, tenant_id, actor_name, action, entity_type, entity_id) values (gen_random_uuid(), $1, 'x', 'x', 'x', gen_random_uuid())`,
        [e1],
        e2,
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(t.appSql(`update audit_log set action = 'forged'`, [], e2)).rejects.toThrow(/permission denied/);
    await expect(t.sql(`update audit_log set action = 'forged'`)).rejects.toThrow(/append-only/);
  });
});
