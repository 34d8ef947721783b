/**
 * Sessions resolved recently, per API process, so a request does not read its session from the
 * database every time (docs/adr/0013-request-pipeline.md). An entry lives at most `ttlMs` and never
 * past the session's own expiry; every entry is dropped at once when any process announces that
 * sessions ended or changed (sign-out, deactivation, roles — SESSIONS_TOPIC, over Redis when set),
 * and this process's own announcements clear it before they are even sent. A lost notice (a
 * crashed process) is covered by the short lifetime, as the socket sweep covers it for sockets.
 */
export interface CachedSession<S> {
  session: S;
  /** Entry's end (ms, by the services' clock): the earlier of now + ttl and the session's expiry. */
  until: number;
}

export class SessionCache<S> {
  private readonly entries = new Map<string, CachedSession<S>>();
  /** Bumped by every clear: a lookup that started before a clear does not store what it read. */
  private generation = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 50_000,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The cached session for a token hash, if still fresh at `nowMs`. */
  get(key: string, nowMs: number): S | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (e.until <= nowMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e.session;
  }

  /** A ticket to present to `set`: what was read under an older generation is not stored. */
  ticket(): number {
    return this.generation;
  }

  set(key: string, session: S, nowMs: number, expiresAtMs: number, ticket: number): void {
    if (this.ttlMs <= 0 || ticket !== this.generation) return;
    if (this.entries.size >= this.maxEntries) {
      // oldest first (insertion order): a flood of new sessions evicts, it does not grow the process
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { session, until: Math.min(nowMs + this.ttlMs, expiresAtMs) });
  }

  clear(): void {
    this.generation += 1;
    this.entries.clear();
  }
}
