/** Runtime settings, read once from the environment. */
export interface AppConfig {
  /** Owner connection: migrations, seed, and the security-definer functions' owner. */
  databaseUrl: string;
  /** The API's own connection: a role that does not own the tables (RLS applies). */
  appDatabaseUrl: string;
  redisUrl: string | undefined;
  port: number;
  host: string;
  production: boolean;
  /** Sessions expire after this many hours without use. */
  sessionIdleHours: number;
  /** A resolved session is reused this long by the process that read it (0 = read every time); see platform/auth/session-cache.ts. */
  sessionCacheMs: number;
  /** Cookies get the Secure flag (set when served over https). */
  secureCookies: boolean;
  /** How often the job queue looks for due timers (0 = only when asked, as tests do). */
  jobPollMs: number;
  /** SMS leave through this webhook (JSON POST); unset = notices are recorded, marked NOT_SENT. */
  smsWebhookUrl?: string;
  smsWebhookToken?: string;
  /** Signs the short-lived photo URLs of the customer's page (default: derived from the API role's connection). */
  fileUrlSecret?: string;
  /**
   * Proxies whose `X-Forwarded-For` is believed (express "trust proxy" values: addresses, CIDR
   * ranges or names like `loopback`; empty = none, the socket's peer is the client).
   */
  trustProxy: string[];
  /** Largest request body on /graphql, signed in or not (uploads have their own route and limit). */
  bodyLimitBytes: number;
  /** Origins (scheme://host[:port]) whose pages may open a cookie-authenticated WebSocket; the API's own origin always may. */
  allowedOrigins: string[];
  /** On SIGTERM/SIGINT, in-flight requests get this long to finish before the process exits anyway. */
  shutdownDeadlineMs: number;
  /** Published events stay replayable (subscriptions' `after: <cursor>`) at least this long. */
  eventRetentionHours: number;
  /** The outbox is dispatched after every commit; this poll is the safety net (a kick lost with a crashed process). */
  outboxPollMs: number;
}

export const APP_DB_ROLE = 'asn_app';
export const APP_DB_PASSWORD_DEFAULT = 'asn_app_local';

/** The app role's URL on the same server and database as the owner URL. */
export function appUrlFor(ownerUrl: string, password = process.env.APP_DB_PASSWORD ?? APP_DB_PASSWORD_DEFAULT): string {
  const u = new URL(ownerUrl);
  u.username = APP_DB_ROLE;
  u.password = password;
  return u.toString();
}

export function loadConfig(overrides: Partial<AppConfig> & { databaseUrl: string }): AppConfig {
  const env = process.env;
  return {
    appDatabaseUrl: env.APP_DATABASE_URL ?? appUrlFor(overrides.databaseUrl),
    redisUrl: env.REDIS_URL || undefined,
    port: Number(env.API_PORT ?? 4000),
    host: env.API_HOST ?? '127.0.0.1',
    production: env.NODE_ENV === 'production',
    sessionIdleHours: Number(env.SESSION_IDLE_HOURS ?? 12),
    sessionCacheMs: Number(env.SESSION_CACHE_MS ?? 5000),
    secureCookies: env.SECURE_COOKIES === 'true',
    jobPollMs: Number(env.JOB_POLL_MS ?? 5000),
    smsWebhookUrl: env.SMS_WEBHOOK_URL || undefined,
    smsWebhookToken: env.SMS_WEBHOOK_TOKEN || undefined,
    fileUrlSecret: env.FILE_URL_SECRET || undefined,
    trustProxy: list(env.TRUST_PROXY),
    bodyLimitBytes: Number(env.BODY_LIMIT_BYTES ?? 1024 * 1024),
    allowedOrigins: env.ALLOWED_ORIGINS !== undefined ? list(env.ALLOWED_ORIGINS) : portalOrigins(Number(env.PORT ?? 3000)),
    shutdownDeadlineMs: Number(env.SHUTDOWN_DEADLINE_MS ?? 10_000),
    eventRetentionHours: Number(env.EVENT_RETENTION_HOURS ?? 48),
    outboxPollMs: Number(env.OUTBOX_POLL_MS ?? 1000),
    ...overrides,
  };
}

/** A comma-separated setting as a list (blank items dropped). */
function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The portal's origins when it runs on this machine (`pnpm start`): localhost and 127.0.0.1 on its port. */
export function portalOrigins(port: number): string[] {
  return [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
}
