import type { MikroORM } from '@mikro-orm/postgresql';
import { EVENTS_TOPIC, type AppPubSub, type DomainEventMessage } from './pubsub.js';
import { log } from './log.js';

export interface OutboxRow {
  id: string;
  tenant_id: string;
  audience_tenant_ids: string[];
  type: string;
  entity_type: string;
  entity_id: string;
  from_state: string | null;
  to_state: string | null;
  actor_user_id: string | null;
  data: Record<string, unknown>;
  subject: Record<string, unknown> | null;
  occurred_at: Date | string;
  /** bigint, as text from the driver */
  seq: string | number;
}

/** An outbox row as subscribers receive it (published live, or read again for a replay). */
export function eventOf(row: OutboxRow): DomainEventMessage {
  return {
    id: row.id,
    type: row.type,
    tenantId: row.tenant_id,
    audienceTenantIds: row.audience_tenant_ids,
    entityType: row.entity_type,
    entityId: row.entity_id,
    fromState: row.from_state,
    toState: row.to_state,
    actorUserId: row.actor_user_id,
    data: row.data ?? {},
    subject: row.subject ?? null,
    occurredAt: new Date(row.occurred_at).toISOString(),
    seq: Number(row.seq),
  };
}

export interface DispatcherOptions {
  /** Safety-net poll (each commit that writes an event kicks the dispatcher anyway). */
  pollMs?: number;
  /** Published events are kept (replayable) this long; at least 24 h. */
  retentionHours?: number;
  /** How often old published events are deleted. */
  pruneEveryMs?: number;
}

const PRUNE_BATCH = 5000;

/** How long published events stay replayable: the setting (EVENT_RETENTION_HOURS, 48 by default), never under 24 h. */
export function keptHours(setting: number | undefined): number {
  const hours = Number(setting ?? 48);
  return Number.isFinite(hours) ? Math.max(24, hours) : 48;
}

/**
 * Publishes committed outbox rows to the PubSub. Rows are claimed inside a transaction that
 * commits only after publishing, so several processes never publish the same row and a failed
 * publish is retried. The claim numbers the rows (`seq`, the event cursor) under a lock held
 * until that commit, and the broker has acknowledged them before it: cursor order is publish
 * order across processes (docs/adr/0010-event-cursor.md). Kicked after each commit, and polled as
 * a safety net; the same loop deletes published events older than the retention period.
 */
export class OutboxDispatcher {
  private running: Promise<void> | null = null;
  private again = false;
  /** After stop(): kicks are ignored (rows left are published by the next round of any process). */
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private pruning: Promise<number> | null = null;
  private lastPrune = 0;
  private readonly pollMs: number;
  private readonly retentionHours: number;
  private readonly pruneEveryMs: number;

  constructor(
    private readonly orm: MikroORM,
    private readonly pubsub: AppPubSub,
    options: DispatcherOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 1000;
    this.retentionHours = keptHours(options.retentionHours);
    this.pruneEveryMs = options.pruneEveryMs ?? 10 * 60_000;
  }

  start(): void {
    this.lastPrune = Date.now() - this.pruneEveryMs + Math.min(60_000, this.pruneEveryMs); // the first pass a minute after start
    this.timer = setInterval(() => {
      void this.kick();
      if (Date.now() - this.lastPrune >= this.pruneEveryMs) void this.prune().catch((e) => log.error('outbox.pruneFailed', e));
    }, this.pollMs);
    this.timer.unref();
    void this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
    await this.pruning?.catch(() => 0);
  }

  /**
   * Deletes published events older than `keepHours` (default: the retention period), oldest first,
   * in batches; returns how many. Cursors at or below the last one deleted are then expired.
   */
  prune(keepHours = this.retentionHours): Promise<number> {
    this.lastPrune = Date.now();
    this.pruning ??= (async () => {
      let total = 0;
      for (;;) {
        const em = this.orm.em.fork();
        const [row] = await em.execute<{ n: number }[]>('select app_prune_outbox(make_interval(secs => ?), ?) as n', [keepHours * 3600, PRUNE_BATCH]);
        total += Number(row?.n ?? 0);
        if (Number(row?.n ?? 0) < PRUNE_BATCH) return total;
      }
    })().finally(() => (this.pruning = null));
    return this.pruning;
  }

  /** Ask for a dispatch round; coalesces concurrent kicks. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          while ((await this.dispatchBatch(100)) === 100);
        } while (this.again);
      } catch (e) {
        log.error('outbox.dispatchFailed', e); // retried on the next round
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private async dispatchBatch(limit: number): Promise<number> {
    const em = this.orm.em.fork();
    return em.transactional(async (tem) => {
      const rows = await tem.execute<OutboxRow[]>('select * from app_claim_outbox(?)', [limit]);
      // UPDATE … RETURNING gives rows in no particular order: publish them in cursor order
      const events = rows.map(eventOf).sort((a, b) => a.seq - b.seq);
      for (const event of events) this.pubsub.publish(EVENTS_TOPIC, event);
      // the broker has them before the claim commits (and the next publisher may start)
      if (events.length) await this.pubsub.published();
      return rows.length;
    });
  }
}
