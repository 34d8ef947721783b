import { inTx, type Ctx } from '../../platform/context.js';
import { eventOf, keptHours, type OutboxRow } from '../../platform/outbox.js';
import type { DomainEventMessage } from '../../platform/pubsub.js';
import { log } from '../../platform/log.js';
import { cursorGone } from './event.cursor.js';

/** Events read per replay statement. */
export const REPLAY_PAGE = 200;
/** Live events waiting for a subscriber that falls this far behind end its stream (it resumes by cursor). */
const MAX_BUFFERED = 10_000;

/** What a replay reads: narrowed in SQL the way the live filter narrows (null = any). */
export interface ReplayFilter {
  entityTypes: string[] | null;
  entityId: string | null;
}

/**
 * Committed events after `after` whose audience holds the context's tenant (app_replay_outbox:
 * the tenant is the transaction's, as row-level security would take it), in cursor order.
 * A cursor older than retention, or not of this database, is CONFLICT with the reason.
 */
export async function replayPage(ctx: Ctx, after: number, filter: ReplayFilter, limit = REPLAY_PAGE): Promise<DomainEventMessage[]> {
  try {
    const rows = await inTx<OutboxRow[]>(ctx, (tx) =>
      tx.em.execute(`select * from app_replay_outbox(?, (select array_agg(t) from jsonb_array_elements_text(?::jsonb) t), ?, ?)`, [
        after,
        filter.entityTypes ? JSON.stringify(filter.entityTypes) : null,
        filter.entityId,
        limit,
      ]),
    );
    return rows.map(eventOf);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'AS410') throw cursorGone('CURSOR_EXPIRED', keptHours(ctx.services.config.eventRetentionHours));
    if (code === 'AS404') throw cursorGone('CURSOR_UNKNOWN');
    throw e;
  }
}

/** The newest cursor: a subscriber that starts from it misses nothing committed after this call. */
export async function eventHead(ctx: Ctx): Promise<number> {
  const [row] = await ctx.services.orm.em.fork().execute<{ head: string | number }[]>('select app_event_head() as head');
  return Number(row?.head ?? 0);
}

export interface StreamOptions {
  /** Replay what was published after this cursor first; null: live only. */
  after: number | null;
  filter: ReplayFilter;
  /** The same narrowing as `filter`, for live events. */
  matches: (event: DomainEventMessage) => boolean;
  /**
   * The subscriber's own checks, on a batch of events in cursor order (replayed and live alike);
   * returns those it may receive, in order.
   */
  admit: (events: DomainEventMessage[]) => Promise<DomainEventMessage[]>;
  /**
   * Only the newest event of a replay, and of each burst of live events that arrived together (for
   * a subscriber that re-reads the whole state on each event anyway).
   */
  latestOnly?: boolean;
}

/**
 * A subscription that resumes: it listens live first and buffers, replays from the database what
 * was published after the cursor, then drains the buffer, skipping what the replay delivered. No
 * gap, because a replay read waits for any publish in flight (the publish lock) and the listener
 * was attached before it; no duplicate, because cursor order is publish order
 * (docs/adr/0010-event-cursor.md). A subscriber far behind, or a process that may have missed
 * events (Redis reconnected), ends the stream: the client resubscribes from its cursor.
 */
export class EventStream implements AsyncIterableIterator<DomainEventMessage> {
  private readonly live: DomainEventMessage[] = [];
  private readonly ready: DomainEventMessage[] = [];
  private wake: (() => void) | null = null;
  private closed = false;
  /** The next replay read starts after this cursor; null once the replay is done. */
  private replayFrom: number | null;
  /** Live events at or below this cursor came through the replay (or before the cursor). */
  private replayedThrough: number;
  private firstPage: DomainEventMessage[] | null = null;
  private readonly offGap: () => void;
  private readonly offEvents: () => void;

  private constructor(
    private readonly ctx: Ctx,
    private readonly opts: StreamOptions,
  ) {
    this.replayFrom = opts.after;
    this.replayedThrough = opts.after ?? 0;
    // listening starts here, synchronously, before any replay read
    this.offEvents = ctx.services.pubsub.onEvent((event) => this.receive(event));
    this.offGap = ctx.services.pubsub.onGap(() => void this.return());
  }

  /** Listens, then reads the first replay page, so a bad cursor fails the subscription itself. */
  static async open(ctx: Ctx, opts: StreamOptions): Promise<EventStream> {
    await ctx.services.pubsub.eventsReady();
    const stream = new EventStream(ctx, opts);
    if (opts.after !== null) {
      try {
        stream.firstPage = await replayPage(ctx, opts.after, opts.filter);
      } catch (e) {
        await stream.return();
        throw e;
      }
    }
    return stream;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<DomainEventMessage>> {
    try {
      while (!this.ready.length && !this.closed) {
        const batch = await this.take();
        if (batch.length && !this.closed) this.ready.push(...(await this.opts.admit(batch)));
      }
      // once closed (unsubscribed), nothing more is delivered, not even what was already checked
      if (this.closed) return { value: undefined, done: true };
      return { value: this.ready.shift()!, done: false };
    } catch (e) {
      await this.return();
      throw e;
    }
  }

  async return(): Promise<IteratorResult<DomainEventMessage>> {
    if (!this.closed) {
      this.closed = true;
      this.offEvents();
      this.offGap();
      this.wake?.();
    }
    return { value: undefined, done: true };
  }

  async throw(error?: unknown): Promise<IteratorResult<DomainEventMessage>> {
    await this.return();
    throw error;
  }

  /** The next events to check: a replay page while replaying, then whatever arrived live. */
  private async take(): Promise<DomainEventMessage[]> {
    if (this.replayFrom !== null) {
      let latest: DomainEventMessage | null = null;
      do {
        const page: DomainEventMessage[] = this.firstPage ?? (await replayPage(this.ctx, this.replayFrom, this.opts.filter));
        this.firstPage = null;
        const last = page[page.length - 1];
        if (last) this.replayedThrough = last.seq;
        this.replayFrom = page.length < REPLAY_PAGE ? null : this.replayedThrough;
        const wanted = page.filter(this.opts.matches);
        if (!this.opts.latestOnly) return wanted;
        latest = wanted[wanted.length - 1] ?? latest;
      } while (this.replayFrom !== null && !this.closed);
      return latest ? [latest] : [];
    }
    while (!this.live.length && !this.closed) await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = null;
    // `!(a <= b)`: an event without a cursor (published by an older process) is not skipped
    const wanted = this.live.splice(0).filter((e) => !(e.seq <= this.replayedThrough) && this.opts.matches(e));
    return this.opts.latestOnly ? wanted.slice(-1) : wanted;
  }

  /** A live event for this subscriber (called for every event the process receives, in order). */
  private receive(event: DomainEventMessage): void {
    if (this.closed) return;
    this.live.push(event);
    if (this.live.length > MAX_BUFFERED) {
      log.warn('events.subscriberBehind', { requestId: this.ctx.requestId });
      void this.return();
      return;
    }
    this.wake?.();
  }
}
