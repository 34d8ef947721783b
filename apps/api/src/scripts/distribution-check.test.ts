import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/database.js';
import { distributionBlockers, distributionReport, NOT_DISTRIBUTED, type Blocker } from './distribution-check.js';

const scalingMd = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../infra/scaling.md');

let db: TestDatabase;
let client: pg.Client;

beforeAll(async () => {
  db = await createTestDatabase('asn_dist');
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await db?.drop();
});

const of = (blockers: Blocker[], table: string) => blockers.filter((b) => b.table === table);

describe('distributionBlockers on the migrated schema', () => {
  it('reports no table as lacking tenant_id: every such table is declared reference or local', async () => {
    const blockers = await distributionBlockers(client);
    expect(blockers.filter((b) => b.kind === 'missing_tenant_id')).toEqual([]);
    // auth_throttle and outbox_horizon have no tenant_id; they are declared, so not reported
    expect(of(blockers, 'auth_throttle')).toEqual([]);
    expect(of(blockers, 'outbox_horizon')).toEqual([]);
  });

  it('names the keys and foreign keys of tenant tables that lack tenant_id', async () => {
    const blockers = await distributionBlockers(client);
    const claims = of(blockers, 'warranty_claims');
    expect(claims.map((b) => b.kind)).not.toContain('missing_tenant_id');
    expect(claims).toContainEqual({ table: 'warranty_claims', kind: 'key_without_tenant_id', detail: 'warranty_claims_pkey: PRIMARY KEY (id)' });
    // the claim points at the manufacturer's settlement batch: another tenant, so another shard
    expect(claims).toContainEqual({
      table: 'warranty_claims',
      kind: 'fk_without_tenant_id',
      detail: 'warranty_claims_batch_fk: FOREIGN KEY (settlement_batch_id) REFERENCES settlement_batches(id)',
    });
    // old-part tags are unique per manufacturer across all its dealers' claims
    expect(of(blockers, 'warranty_claim_lines').map((b) => b.detail)).toContain(
      'warranty_claim_lines_tag_key: UNIQUE INDEX (manufacturer_id, tag_code) WHERE (tag_code IS NOT NULL)',
    );
    expect(of(blockers, 'vehicles')).toContainEqual({
      table: 'vehicles',
      kind: 'fk_without_tenant_id',
      detail: 'vehicles_customer_id_fkey: FOREIGN KEY (customer_id) REFERENCES customers(id)',
    });
  });

  it('passes what is already keyed by tenant, and foreign keys to reference tables', async () => {
    const blockers = await distributionBlockers(client);
    // primary keys (tenant_id, …) and only foreign keys to tenants
    expect(of(blockers, 'document_sequences')).toEqual([]);
    expect(of(blockers, 'idempotency_keys')).toEqual([]);
    // reference and local tables are not held to the tenant rules (users: unique e-mail; sessions: unique token)
    for (const table of Object.keys(NOT_DISTRIBUTED)) expect(of(blockers, table)).toEqual([]);
    // a distributed table's foreign keys to tenants, users and campaigns (reference) are fine
    expect(blockers.filter((b) => / REFERENCES (tenants|users|campaigns|vehicle_models|warranty_policies)\(/.test(b.detail))).toEqual([]);
  });

  it('declares only tables that exist, and infra/scaling.md gives each the same placement', async () => {
    const { rows } = await client.query<{ relname: string }>(
      `select relname from pg_class where relnamespace = current_schema()::regnamespace and relkind in ('r', 'p')`,
    );
    const names = new Set(rows.map((r) => r.relname));
    const doc = readFileSync(scalingMd, 'utf8');
    for (const [table, { placement }] of Object.entries(NOT_DISTRIBUTED)) {
      expect(names.has(table), table).toBe(true);
      expect(doc, `${table} in infra/scaling.md`).toMatch(new RegExp(`^\\| \`${table}\` \\| ${placement} \\|`, 'm'));
    }
  });
});

describe('distributionBlockers detects each kind', () => {
  it('on throwaway tables, then not once they are gone', async () => {
    await client.query(`
      create table zz_no_tenant (id uuid primary key);
      create table zz_parent (tenant_id uuid not null, id uuid not null, primary key (tenant_id, id), unique (id));
      create table zz_child (
        tenant_id uuid not null, id uuid not null, parent_tenant_id uuid, parent_id uuid, loose_parent_id uuid, no_tenant_id uuid,
        primary key (tenant_id, id),
        constraint zz_child_good_fk foreign key (tenant_id, parent_id) references zz_parent (tenant_id, id),
        constraint zz_child_crossed_fk foreign key (parent_tenant_id, parent_id) references zz_parent (tenant_id, id),
        constraint zz_child_loose_fk foreign key (loose_parent_id) references zz_parent (id),
        constraint zz_child_local_fk foreign key (no_tenant_id) references zz_no_tenant (id),
        constraint zz_child_outbox_fk foreign key (id) references outbox (id)
      );
      create unique index zz_child_code_key on zz_child (parent_id) include (tenant_id);
      alter table auth_throttle add column zz_child_id uuid;
      create unique index zz_customers_tenant_in_expression on customers ((tenant_id::text || id::text));
      alter table auth_throttle add constraint zz_throttle_fk foreign key (zz_child_id) references customers (id);
    `);
    try {
      const found = (await distributionBlockers(client)).filter((b) => b.table.startsWith('zz_') || b.detail.startsWith('zz_'));
      expect(found).toEqual([
        {
          table: 'auth_throttle',
          kind: 'fk_into_distributed',
          detail: 'zz_throttle_fk: FOREIGN KEY (zz_child_id) REFERENCES customers(id) (auth_throttle is local)',
        },
        // a unique index on an expression of tenant_id does not hold the column itself
        { table: 'customers', kind: 'key_without_tenant_id', detail: 'zz_customers_tenant_in_expression: UNIQUE INDEX ((((tenant_id)::text || (id)::text)))' },
        // tenant_id only as an INCLUDE column is not part of the key
        { table: 'zz_child', kind: 'key_without_tenant_id', detail: 'zz_child_code_key: UNIQUE INDEX (parent_id) INCLUDE (tenant_id)' },
        {
          table: 'zz_child',
          kind: 'fk_without_tenant_id',
          detail: 'zz_child_crossed_fk: FOREIGN KEY (parent_tenant_id, parent_id) REFERENCES zz_parent(tenant_id, id)',
        },
        { table: 'zz_child', kind: 'fk_without_tenant_id', detail: 'zz_child_loose_fk: FOREIGN KEY (loose_parent_id) REFERENCES zz_parent(id)' },
        {
          table: 'zz_child',
          kind: 'fk_to_undistributed',
          detail: 'zz_child_local_fk: FOREIGN KEY (no_tenant_id) REFERENCES zz_no_tenant(id) (zz_no_tenant is not placed)',
        },
        { table: 'zz_child', kind: 'fk_to_undistributed', detail: 'zz_child_outbox_fk: FOREIGN KEY (id) REFERENCES outbox(id) (outbox is local)' },
        { table: 'zz_no_tenant', kind: 'missing_tenant_id', detail: 'no tenant_id column, and not declared reference or local' },
        { table: 'zz_parent', kind: 'key_without_tenant_id', detail: 'zz_parent_id_key: UNIQUE (id)' },
      ]);
      expect(await distributionReport(client)).toMatch(/^not placed \(1\): zz_no_tenant$/m);
    } finally {
      await client.query(`
        alter table auth_throttle drop column zz_child_id;
        drop index zz_customers_tenant_in_expression;
        drop table zz_child, zz_parent, zz_no_tenant;
      `);
    }
    const after = await distributionBlockers(client);
    expect(after.filter((b) => b.table.startsWith('zz_') || b.detail.startsWith('zz_'))).toEqual([]);
    expect(after.filter((b) => b.table === 'auth_throttle')).toEqual([]);
  });
});
