/**
 * A closed-loop HTTP load generator: `connections` keep-alive connections, each sending the next
 * request as soon as the previous answer is in, for `seconds`. Every answer is checked (HTTP 200,
 * no GraphQL errors) so a benchmark never measures failures.
 */
import http from 'node:http';

export interface LoadResult {
  requests: number;
  errors: number;
  firstError: string | null;
  reqPerSec: number;
  p50: number;
  p99: number;
}

export interface Request {
  body: string;
  headers?: Record<string, string>;
}

export function quantile(sorted: readonly number[], q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export async function runLoad(url: string, next: (i: number) => Request | null, opts: { connections: number; seconds: number }): Promise<LoadResult> {
  const target = new URL(url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.connections });
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  let i = 0;
  const started = performance.now();
  const until = started + opts.seconds * 1000;
  const one = (req: Request) =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const r = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(req.body), ...req.headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode !== 200 || text.includes('"errors"')) {
              errors += 1;
              firstError ??= `${res.statusCode} ${text.slice(0, 300)}`;
            } else latencies.push(performance.now() - t0);
            resolve();
          });
        },
      );
      r.on('error', (e) => {
        errors += 1;
        firstError ??= e.message;
        resolve();
      });
      r.end(req.body);
    });
  await Promise.all(
    Array.from({ length: opts.connections }, async () => {
      while (performance.now() < until) {
        const req = next(i++);
        if (!req) break; // nothing left to send (e.g. every draft submitted)
        await one(req);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    firstError,
    reqPerSec: latencies.length / elapsed,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
  };
}
