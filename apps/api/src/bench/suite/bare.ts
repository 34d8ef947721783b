/**
 * The bare baseline: node http + pg + graphql-js with a parsed-and-validated document cache,
 * reading the same columns of the same rows as the product's `warrantyClaim(id)` and
 * `repairOrder(id)` (owner connection, no session, no row-level security, no framework). What
 * the product adds on top of this — sessions, permissions, tenancy, Apollo, type-graphql,
 * MikroORM — is what the benchmark's ratios weigh.
 */
import http from 'node:http';
import pg from 'pg';
import { buildSchema, execute, parse, validate, type DocumentNode } from 'graphql';

const sdl = /* GraphQL */ `
  type Money {
    amountMinor: String!
    currency: String!
  }
  type WarrantyClaim {
    id: ID!
    number: String!
    status: String!
    vin: String!
    claimed: Money!
    submittedAt: String
  }
  type RepairOrder {
    id: ID!
    number: String!
    status: String!
    complaint: String!
    createdAt: String!
  }
  type Query {
    warrantyClaim(id: ID!): WarrantyClaim
    repairOrder(id: ID!): RepairOrder
  }
`;

export async function startBare(databaseUrl: string, port = 0): Promise<{ url: string; close(): Promise<void> }> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const schema = buildSchema(sdl);
  const root = {
    async warrantyClaim({ id }: { id: string }) {
      const { rows } = await pool.query<{
        id: string;
        number: string;
        status: string;
        vin: string;
        claimed_minor: string;
        currency: string;
        submitted_at: Date | null;
      }>('select id, number, status, vin, claimed_minor, currency, submitted_at from warranty_claims where id = $1', [id]);
      const r = rows[0];
      return (
        r && {
          id: r.id,
          number: r.number,
          status: r.status,
          vin: r.vin,
          claimed: { amountMinor: String(r.claimed_minor), currency: r.currency },
          submittedAt: r.submitted_at?.toISOString() ?? null,
        }
      );
    },
    async repairOrder({ id }: { id: string }) {
      const { rows } = await pool.query<{ id: string; number: string; status: string; complaint: string; created_at: Date }>(
        'select id, number, status, complaint, created_at from repair_orders where id = $1',
        [id],
      );
      const r = rows[0];
      return r && { id: r.id, number: r.number, status: r.status, complaint: r.complaint, createdAt: r.created_at.toISOString() };
    },
  };
  const documents = new Map<string, DocumentNode>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query: string; variables?: Record<string, unknown> };
        let document = documents.get(body.query);
        if (!document) {
          document = parse(body.query);
          const errors = validate(schema, document);
          const [invalid] = errors;
          if (invalid) throw invalid;
          documents.set(body.query, document);
        }
        const result = await execute({ schema, document, rootValue: root, variableValues: body.variables });
        const out = JSON.stringify(result);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
        res.end(out);
      })().catch((e: unknown) => {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ errors: [{ message: String(e) }] }));
      });
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}/graphql`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}
