import DataLoader from 'dataloader';
import type { Ctx } from './context.js';

/**
 * A per-request DataLoader, created on first use under `key`. Batches the lookups of one
 * GraphQL response into one query (no N+1).
 */
export function loader<K, V>(ctx: Ctx, key: string, batch: (keys: readonly K[]) => Promise<(V | null)[]>): DataLoader<K, V | null> {
  let l = ctx.loaders.get(key) as DataLoader<K, V | null> | undefined;
  if (!l) {
    l = new DataLoader<K, V | null>(batch, { maxBatchSize: 500 });
    ctx.loaders.set(key, l);
  }
  return l;
}

/** Orders batch results to match the keys; missing ones become null. */
export function byKeys<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map(rows.map((r) => [keyOf(r), r]));
  return keys.map((k) => map.get(k) ?? null);
}
