/**
 * SQL counted, not estimated: every pg connection of this process reports, at the protocol level,
 * each statement the server completed (CommandComplete) and each round trip that ended
 * (ReadyForQuery); the text of each query sent is kept too (the last 1,000). The benchmark runs the
 * API in its own process for this part, sends one request at a time, and divides; tests hold the
 * budgets with it.
 */
import { createRequire } from 'node:module';
import pg from 'pg';

/** The pg MikroORM loads (it may be another copy than the API's own `pg`). */
function ormPg(): typeof pg {
  const here = createRequire(import.meta.url);
  return createRequire(here.resolve('@mikro-orm/postgresql'))('pg') as typeof pg;
}

export interface SqlCount {
  statements: number;
  roundTrips: number;
  transactions: number;
}

export const sqlCount: SqlCount = { statements: 0, roundTrips: 0, transactions: 0 };
/** Texts of the queries sent, oldest first (bounded). */
export const sqlSent: string[] = [];

let counting = false;

type Counted = pg.Client & { connection: import('node:events').EventEmitter; __benchCounted?: boolean };

/** Starts counting on every pg client of this process (call before the API opens its pool). */
export function countSql(): void {
  if (counting) return;
  counting = true;
  for (const Client of new Set([pg.Client, ormPg().Client])) countOn(Client.prototype);
}

function countOn(proto: { query: (...args: unknown[]) => unknown }): void {
  const query = proto.query;
  proto.query = function (this: Counted, ...args: unknown[]) {
    if (!this.__benchCounted) {
      this.__benchCounted = true;
      this.connection.on('commandComplete', (msg: { text?: string }) => {
        sqlCount.statements += 1;
        if (msg.text === 'BEGIN') sqlCount.transactions += 1;
      });
      this.connection.on('readyForQuery', () => (sqlCount.roundTrips += 1));
    }
    const first = args[0] as string | { text?: string } | undefined;
    sqlSent.push(typeof first === 'string' ? first : (first?.text ?? ''));
    if (sqlSent.length > 1000) sqlSent.shift();
    return query.apply(this, args);
  };
}

/** SQL per call of `fn`, averaged over `times` calls made one after the other. */
export async function perRequest(fn: () => Promise<unknown>, times = 5): Promise<SqlCount> {
  // the read transaction's COMMIT may complete just after the answer: let each request settle
  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
  await fn(); // warm: pools open, caches fill, as on a server that has been up a while
  await settle();
  const before = { ...sqlCount };
  for (let i = 0; i < times; i++) {
    await fn();
    await settle();
  }
  return {
    statements: (sqlCount.statements - before.statements) / times,
    roundTrips: (sqlCount.roundTrips - before.roundTrips) / times,
    transactions: (sqlCount.transactions - before.transactions) / times,
  };
}
