import { MikroORM, type EntitySchema, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import pg from 'pg';
import { APP_DB_ROLE, APP_DB_PASSWORD_DEFAULT } from '../config.js';
import { entities as platformEntities } from './entities.js';
import { Migration20261122000001_foundation } from './migrations/Migration20261122000001_foundation.js';
import { Migration20261122000002_workshop } from './migrations/Migration20261122000002_workshop.js';
import { Migration20261122000003_tracking } from './migrations/Migration20261122000003_tracking.js';
import { Migration20261122000004_jobs } from './migrations/Migration20261122000004_jobs.js';
import { Migration20261122000005_follow_ups } from './migrations/Migration20261122000005_follow_ups.js';
import { Migration20261122000006_appointments } from './migrations/Migration20261122000006_appointments.js';
import { Migration20261122000007_visits } from './migrations/Migration20261122000007_visits.js';
import { Migration20261122000008_bookings } from './migrations/Migration20261122000008_bookings.js';
import { Migration20261122000009_attachments } from './migrations/Migration20261122000009_attachments.js';
import { Migration20261122000010_session_clock } from './migrations/Migration20261122000010_session_clock.js';
import { Migration20261122000011_name_grams } from './migrations/Migration20261122000011_name_grams.js';
import { Migration20261122000012_sms } from './migrations/Migration20261122000012_sms.js';
import { Migration20261122000013_warranty } from './migrations/Migration20261122000013_warranty.js';
import { Migration20261122000014_event_subject } from './migrations/Migration20261122000014_event_subject.js';
import { Migration20261201000001_idempotency } from './migrations/Migration20261201000001_idempotency.js';
import { Migration20261201000002_event_cursor } from './migrations/Migration20261201000002_event_cursor.js';
import { Migration20261201000003_attempts } from './migrations/Migration20261201000003_attempts.js';
import { Migration20261201000004_live_sessions } from './migrations/Migration20261201000004_live_sessions.js';
import { Migration20261201000010_documents } from './migrations/Migration20261201000010_documents.js';
import { Migration20261202000001_customer_voice } from './migrations/Migration20261202000001_customer_voice.js';
import { Migration20261202000002_notices_about } from './migrations/Migration20261202000002_notices_about.js';
import { Migration20261202000003_parts } from './migrations/Migration20261202000003_parts.js';
import { Migration20261202000004_reservation_expiry } from './migrations/Migration20261202000004_reservation_expiry.js';
import { Migration20261202000005_parts_names } from './migrations/Migration20261202000005_parts_names.js';
import { Migration20261202000006_discrepancy_photos } from './migrations/Migration20261202000006_discrepancy_photos.js';
import { Migration20261202000007_complaints } from './migrations/Migration20261202000007_complaints.js';
import { Migration20261202000008_service_contracts } from './migrations/Migration20261202000008_service_contracts.js';
import { Migration20261202000009_network_figures } from './migrations/Migration20261202000009_network_figures.js';
import { Migration20261202000010_supervision } from './migrations/Migration20261202000010_supervision.js';
import { Migration20261202000011_parts_figures } from './migrations/Migration20261202000011_parts_figures.js';
import { Migration20261203000012_network_sums } from './migrations/Migration20261203000012_network_sums.js';
import { Migration20261203000013_jobs_in_order } from './migrations/Migration20261203000013_jobs_in_order.js';

export const migrationsList = [
  { name: 'Migration20261122000001_foundation', class: Migration20261122000001_foundation },
  { name: 'Migration20261122000002_workshop', class: Migration20261122000002_workshop },
  { name: 'Migration20261122000003_tracking', class: Migration20261122000003_tracking },
  { name: 'Migration20261122000004_jobs', class: Migration20261122000004_jobs },
  { name: 'Migration20261122000005_follow_ups', class: Migration20261122000005_follow_ups },
  { name: 'Migration20261122000006_appointments', class: Migration20261122000006_appointments },
  { name: 'Migration20261122000007_visits', class: Migration20261122000007_visits },
  { name: 'Migration20261122000008_bookings', class: Migration20261122000008_bookings },
  { name: 'Migration20261122000009_attachments', class: Migration20261122000009_attachments },
  { name: 'Migration20261122000010_session_clock', class: Migration20261122000010_session_clock },
  { name: 'Migration20261122000011_name_grams', class: Migration20261122000011_name_grams },
  { name: 'Migration20261122000012_sms', class: Migration20261122000012_sms },
  { name: 'Migration20261122000013_warranty', class: Migration20261122000013_warranty },
  { name: 'Migration20261122000014_event_subject', class: Migration20261122000014_event_subject },
  { name: 'Migration20261201000001_idempotency', class: Migration20261201000001_idempotency },
  { name: 'Migration20261201000002_event_cursor', class: Migration20261201000002_event_cursor },
  { name: 'Migration20261201000003_attempts', class: Migration20261201000003_attempts },
  { name: 'Migration20261201000004_live_sessions', class: Migration20261201000004_live_sessions },
  { name: 'Migration20261201000010_documents', class: Migration20261201000010_documents },
  { name: 'Migration20261202000001_customer_voice', class: Migration20261202000001_customer_voice },
  { name: 'Migration20261202000002_notices_about', class: Migration20261202000002_notices_about },
  { name: 'Migration20261202000003_parts', class: Migration20261202000003_parts },
  { name: 'Migration20261202000004_reservation_expiry', class: Migration20261202000004_reservation_expiry },
  { name: 'Migration20261202000005_parts_names', class: Migration20261202000005_parts_names },
  { name: 'Migration20261202000006_discrepancy_photos', class: Migration20261202000006_discrepancy_photos },
  { name: 'Migration20261202000007_complaints', class: Migration20261202000007_complaints },
  { name: 'Migration20261202000008_service_contracts', class: Migration20261202000008_service_contracts },
  { name: 'Migration20261202000009_network_figures', class: Migration20261202000009_network_figures },
  { name: 'Migration20261202000010_supervision', class: Migration20261202000010_supervision },
  { name: 'Migration20261202000011_parts_figures', class: Migration20261202000011_parts_figures },
  { name: 'Migration20261203000012_network_sums', class: Migration20261203000012_network_sums },
  { name: 'Migration20261203000013_jobs_in_order', class: Migration20261203000013_jobs_in_order },
];

function ormOptions(url: string, entities: readonly EntitySchema[], extra: Partial<Options> = {}): Options {
  return {
    clientUrl: url,
    // the platform's own tables, then the modules' (src/modules/index.ts hands them over)
    entities: [...new Set([...platformEntities, ...entities])],
    discovery: { warnWhenNoEntities: false, requireEntitiesArray: true },
    extensions: [Migrator],
    migrations: { migrationsList, transactional: true, allOrNothing: true, snapshot: false },
    forceUtcTimezone: true,
    allowGlobalContext: false,
    debug: process.env.DEBUG_SQL === 'true',
    pool: { min: 0, max: 10 },
    ...extra,
  };
}

/**
 * The API's ORM: connects as the non-owner role, so row-level security applies. `entities` are the
 * feature modules' (the platform's own are added); the platform knows no feature table itself.
 */
export async function openAppOrm(appUrl: string, entities: readonly EntitySchema[]): Promise<MikroORM> {
  return MikroORM.init(ormOptions(appUrl, entities));
}

/**
 * Creates the app role if missing and runs migrations as the owner. Safe to run on every start.
 * Migrations are SQL: the ORM that runs them maps only the platform's tables.
 */
export async function migrate(ownerUrl: string): Promise<void> {
  await ensureAppRole(ownerUrl);
  const orm = await MikroORM.init(ormOptions(ownerUrl, [], { pool: { min: 0, max: 2 } }));
  try {
    await orm.getMigrator().up();
  } finally {
    await orm.close(true);
  }
}

export async function ensureAppRole(ownerUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const password = process.env.APP_DB_PASSWORD ?? APP_DB_PASSWORD_DEFAULT;
    const { rowCount } = await client.query('select 1 from pg_roles where rolname = $1', [APP_DB_ROLE]);
    if (!rowCount) {
      // Roles are cluster-wide; concurrent test runs may race to create it.
      try {
        await client.query(`create role ${APP_DB_ROLE} login password ${client.escapeLiteral(password)} nosuperuser nobypassrls noinherit`);
      } catch (e) {
        if ((e as { code?: string }).code !== '42710' && (e as { code?: string }).code !== '23505') throw e;
      }
    }
    const db = (await client.query<{ db: string }>('select current_database() as db')).rows[0]!.db;
    await client.query(`grant connect on database ${client.escapeIdentifier(db)} to ${APP_DB_ROLE}`);
  } finally {
    await client.end();
  }
}

/** Creates a database if it does not exist (owner connection to the maintenance db). */
export async function ensureDatabase(ownerUrl: string): Promise<void> {
  const target = new URL(ownerUrl);
  const dbName = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(ownerUrl);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [dbName]);
    if (!rowCount) await client.query(`create database ${client.escapeIdentifier(dbName)}`);
  } finally {
    await client.end();
  }
}
