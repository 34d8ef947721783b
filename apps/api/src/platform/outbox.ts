import type { MikroORM } from '@mikro-orm/postgresql';
import { EVENTS_TOPIC, type AppPubSub, type DomainEventMessage } from './pubsub.js';

interface OutboxRow {
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
}

/**
 * Publishes committed outbox rows to the PubSub. Rows are claimed with SKIP LOCKED inside a
 * transaction that commits only after publishing, so several processes never publish the same
 * row and a failed publish is retried. Kicked after each commit, and polled as a safety net.
 */
export class OutboxDispatcher {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly orm: MikroORM,
    private readonly pubsub: AppPubSub,
    private readonly pollMs = 1000,
  ) {}

  start(): void {
    this.timer = setInterval(() => this.kick(), this.pollMs);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Ask for a dispatch round; coalesces concurrent kicks. */
  kick(): Promise<void> {
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
        console.error('[outbox] dispatch failed; will retry', e);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private async dispatchBatch(limit: number): Promise<number> {
    const em = this.orm.em.fork();
    return em.transactional(async (tem) => {
      const rows = (await tem.execute('select * from app_claim_outbox(?)', [limit])) as OutboxRow[];
      // UPDATE … RETURNING gives rows in no particular order: publish them in commit order (ids are monotonic)
      rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      for (const row of rows) {
        const message: DomainEventMessage = {
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
        };
        this.pubsub.publish(EVENTS_TOPIC, message);
      }
      return rows.length;
    });
  }
}
