/**
 * One server of the benchmark in its own process (so it can be pinned to its own core):
 *
 *   node dist/bench/suite/serve.js product <owner database url>   # the API as `pnpm start` runs it
 *   node dist/bench/suite/serve.js bare <owner database url>      # bare node http + pg + graphql-js
 *   node dist/bench/suite/serve.js raw-ws                         # a plain ws broadcaster
 *
 * Prints one JSON line with its URLs once listening; stops on SIGTERM.
 */
import { loadConfig } from '../../platform/config.js';
import { startApi } from '../../server.js';
import { startBare } from './bare.js';
import { startRawWs } from './raw-ws.js';

const [kind, databaseUrl] = process.argv.slice(2);

/** A line for the benchmark (the API's own log lines go to the same stdout). */
function say(message: Record<string, unknown>): void {
  console.log(JSON.stringify({ bench: message }));
}

// the benchmark asks for memory after a full collection (started with --expose-gc)
process.on('SIGUSR2', () => {
  (globalThis as { gc?: () => void }).gc?.();
  setTimeout(() => {
    (globalThis as { gc?: () => void }).gc?.();
    const m = process.memoryUsage();
    say({ rss: m.rss, heapUsed: m.heapUsed });
  }, 200);
});

async function main(): Promise<void> {
  let close: () => Promise<unknown>;
  if (kind === 'product') {
    const api = await startApi(loadConfig({ databaseUrl: databaseUrl!, port: 0, jobPollMs: 0 }));
    close = () => api.stop();
    say({ url: api.url, wsUrl: api.wsUrl });
  } else if (kind === 'bare') {
    const bare = await startBare(databaseUrl!);
    close = () => bare.close();
    say({ url: bare.url });
  } else if (kind === 'raw-ws') {
    const raw = await startRawWs();
    close = () => raw.close();
    say({ url: raw.url, wsUrl: raw.wsUrl });
  } else {
    throw new Error(`unknown server kind ${kind}`);
  }
  process.once('SIGTERM', () => void close().finally(() => process.exit(0)));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
