import { uuidv7 } from '@asn/domain';
import { createCtx, inTx, type AppServices, type Tx } from './context.js';
import { log } from './log.js';

export type JobHandler = (tx: Tx, payload: Record<string, unknown>) => Promise<void>;

/** Where job handlers are registered by kind (the queue; a module's manifest collects them the same way). */
export interface JobRegistry {
  register(kind: string, handler: JobHandler): void;
}

interface ClaimedJob {
  id: string;
  tenant_id: string;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
}

const LEASE_SECONDS = 300;
const MAX_ATTEMPTS = 5;

/**
 * Timers that must survive restarts and run once across API processes: jobs live in Postgres,
 * due ones are claimed with SKIP LOCKED under a lease, and each runs in its tenant's transaction
 * together with marking it done. A failure is retried with backoff, up to five attempts.
 */
export class JobQueue implements JobRegistry {
  private readonly handlers = new Map<string, JobHandler>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;

  constructor(private readonly services: AppServices) {}

  register(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  /** Polls every `pollMs` (0 = never; tests call runDue with their own clock). */
  start(pollMs: number): void {
    if (pollMs <= 0) return;
    this.timer = setInterval(() => void this.runDue().catch((e) => log.error('jobs.roundFailed', e)), pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Runs every job due at the services' clock; returns how many ran. */
  runDue(limit = 50): Promise<number> {
    this.running ??= this.round(limit).finally(() => (this.running = null));
    return this.running;
  }

  private async round(limit: number): Promise<number> {
    const system = createCtx(this.services, { type: 'anonymous' }, null);
    const now = this.services.clock.now();
    const claimed = await system.em
      .fork()
      .transactional<ClaimedJob[]>((em) => em.execute('select * from app_claim_jobs(?, ?, ?)', [now, limit, LEASE_SECONDS]));
    for (const job of claimed) {
      const handler = this.handlers.get(job.kind);
      try {
        if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
        await inTx(
          system,
          async (tx) => {
            await handler(tx, job.payload ?? {});
            await tx.em.execute(`update jobs set status = 'DONE', done_at = ?, lease_until = null where id = ?`, [this.services.clock.now(), job.id]);
          },
          { tenantId: job.tenant_id },
        );
      } catch (e) {
        const failed = job.attempts >= MAX_ATTEMPTS;
        const retryAt = new Date(this.services.clock.now().getTime() + 60_000 * 2 ** job.attempts);
        log.error('jobs.failed', e, { job: job.kind, jobId: job.id, attempt: job.attempts });
        await inTx(
          system,
          (tx) =>
            tx.em.execute(`update jobs set status = ?, run_at = ?, lease_until = null, last_error = ? where id = ?`, [
              failed ? 'FAILED' : 'PENDING',
              retryAt,
              String((e as Error).message ?? e).slice(0, 1000),
              job.id,
            ]),
          { tenantId: job.tenant_id },
        );
      }
    }
    return claimed.length;
  }
}

/**
 * Schedules a job in the caller's transaction (it exists only if the change commits). A job with
 * the same dedupe key that has not run yet is replaced, so a moved promise moves its timer.
 */
export async function scheduleJob(tx: Tx, job: { kind: string; runAt: Date; payload?: Record<string, unknown>; dedupeKey?: string }): Promise<void> {
  const tenantId = tx.tenantId;
  if (!tenantId) throw new Error('jobs belong to a tenant');
  if (job.dedupeKey) await cancelJobs(tx, job.dedupeKey);
  await tx.em.execute(`insert into jobs (id, tenant_id, kind, dedupe_key, run_at, payload) values (?, ?, ?, ?, ?, ?)`, [
    uuidv7(),
    tenantId,
    job.kind,
    job.dedupeKey ?? null,
    job.runAt,
    JSON.stringify(job.payload ?? {}),
  ]);
}

export async function cancelJobs(tx: Tx, dedupeKey: string): Promise<void> {
  await tx.em.execute(`update jobs set status = 'CANCELLED' where dedupe_key = ? and status = 'PENDING'`, [dedupeKey]);
}
