import { uuidv7 } from '@asn/domain';
import type { Tx } from './context.js';
import { scheduleJob, type JobQueue } from './jobs.js';

export const SEND_SMS = 'notification.sendSms';
const MAX_ATTEMPTS = 5;

interface NoticeBase {
  /** The document the notice is about, if any (its declared type and id: shown with that document), named by the module that sends. */
  about: { type: string; id: string } | null;
  audience: 'CUSTOMER' | 'STAFF';
  kind: string;
  /** The text as the person reads it, rendered by the module that sends it. */
  message: string;
  /** Whose notice it is, when not the transaction's tenant (inside `tx.actFor`: the other party's staff). */
  tenantId?: string;
}

/**
 * What the product tells a person. An SMS names its phone number (`to`, null when the sender has
 * none — it is then recorded as FAILED): the module that sends knows whom it writes to; the
 * notification path never looks it up in a feature's tables.
 */
export type Notice = NoticeBase & ({ channel: 'IN_APP' } | { channel: 'SMS'; to: string | null });

/**
 * Records what the product tells a person, in the caller's transaction. An SMS is handed to the
 * gateway by a job after commit (so a rolled-back change sends nothing), retried with backoff.
 */
export async function notify(tx: Tx, n: Notice): Promise<void> {
  const sms = n.channel === 'SMS';
  const id = uuidv7();
  await tx.em.execute(
    `insert into notifications (id, tenant_id, record_type, record_id, audience, channel, kind, message, recipient, status, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      id,
      n.tenantId ?? tx.tenantId,
      n.about?.type ?? null,
      n.about?.id ?? null,
      n.audience,
      n.channel,
      n.kind,
      n.message,
      sms ? n.to : null,
      sms ? 'PENDING' : 'RECORDED',
      tx.ctx.clock.now(),
    ],
  );
  if (sms) await scheduleJob(tx, { kind: SEND_SMS, runAt: tx.ctx.clock.now(), payload: { id } });
}

/** Where SMS go. Chinese providers (Aliyun, Tencent Cloud…) sit behind a webhook adapter. */
export interface SmsGateway {
  readonly name: string;
  send(msg: { to: string; text: string; tenantId: string; kind: string; notificationId: string }): Promise<{ ref: string | null }>;
}

/**
 * Posts each SMS as JSON to `SMS_WEBHOOK_URL` (with `Authorization: Bearer SMS_WEBHOOK_TOKEN`
 * when set). A 2xx answer is delivery to the provider; its JSON `id`, if any, is kept as reference.
 */
export class WebhookSmsGateway implements SmsGateway {
  readonly name = 'webhook';
  constructor(
    private readonly url: string,
    private readonly token: string | undefined,
    private readonly timeoutMs = 5000,
  ) {}

  async send(msg: { to: string; text: string; tenantId: string; kind: string; notificationId: string }): Promise<{ ref: string | null }> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: JSON.stringify(msg),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!res.ok) throw new Error(`SMS gateway answered ${res.status}`);
    const body = (await res.json().catch(() => null)) as { id?: unknown } | null;
    const id = body?.id;
    return { ref: typeof id === 'string' || typeof id === 'number' ? String(id).slice(0, 200) : null };
  }
}

interface Row {
  id: string;
  tenant_id: string;
  kind: string;
  message: string;
  recipient: string | null;
  status: string;
  attempts: number;
}

/** The job that hands one SMS to the gateway; without a gateway the notice is marked NOT_SENT. */
export function registerSmsSender(jobs: JobQueue, gateway: SmsGateway | null): void {
  jobs.register(SEND_SMS, async (tx, payload) => {
    const [n] = await tx.em.execute<Row[]>(`select id, tenant_id, kind, message, recipient, status, attempts from notifications where id = ?`, [
      String(payload.id),
    ]);
    if (!n || n.status !== 'PENDING') return;
    const mark = (fields: string, values: unknown[]) => tx.em.execute(`update notifications set ${fields} where id = ?`, [...values, n.id]);
    if (!gateway) return void (await mark(`status = 'NOT_SENT', last_error = ?`, ['no SMS gateway configured (SMS_WEBHOOK_URL)']));
    if (!n.recipient) return void (await mark(`status = 'FAILED', last_error = ?`, ['no phone number']));
    try {
      const { ref } = await gateway.send({ to: n.recipient, text: n.message, tenantId: n.tenant_id, kind: n.kind, notificationId: n.id });
      await mark(`status = 'SENT', attempts = attempts + 1, sent_at = ?, provider_ref = ?, last_error = null`, [tx.ctx.clock.now(), ref]);
    } catch (e) {
      const attempts = n.attempts + 1;
      const error = String((e as Error).message ?? e).slice(0, 500);
      if (attempts >= MAX_ATTEMPTS) return void (await mark(`status = 'FAILED', attempts = ?, last_error = ?`, [attempts, error]));
      await mark(`attempts = ?, last_error = ?`, [attempts, error]);
      // retry later: 1, 2, 4, 8 minutes
      await scheduleJob(tx, { kind: SEND_SMS, runAt: new Date(tx.ctx.clock.now().getTime() + 60_000 * 2 ** (attempts - 1)), payload: { id: n.id } });
    }
  });
}

export function smsGatewayFrom(config: { smsWebhookUrl?: string; smsWebhookToken?: string }): SmsGateway | null {
  return config.smsWebhookUrl ? new WebhookSmsGateway(config.smsWebhookUrl, config.smsWebhookToken) : null;
}
