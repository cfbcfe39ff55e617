import { eq } from 'drizzle-orm';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { MailLogger } from './mail.service.ts';
import { smsMessages } from './messaging.tables.ts';
import type { SmsAdapter } from './sms-adapters/sms-adapter.ts';
import { createSmsAdapter } from './sms-adapters/sms-adapter-factory.ts';

export const SMS_QUEUE = 'sms.send';

export interface SmsOptions {
  /**
   * The code the text carries, for providers that only send approved templates (Aliyun, Tencent): it travels in the
   * job payload, which pg-boss deletes once the job completes.
   */
  code?: string;
}

/**
 * SMS through a provider adapter (webhook, Twilio, Aliyun, Tencent) as a pg-boss job with retries, or, without one,
 * the outbox table plus a console line.
 */
export class SmsService {
  private readonly adapter: SmsAdapter | undefined;

  constructor(
    private readonly config: Config,
    private readonly db: Database,
    private readonly jobs: JobQueue,
    private readonly logger: MailLogger,
  ) {
    this.adapter = createSmsAdapter(config.sms);
  }

  registerJobs(): void {
    this.jobs.define(SMS_QUEUE, async (data) => this.deliver(String(data.id), typeof data.code === 'string' ? data.code : undefined), { retryLimit: 5, retryDelaySeconds: 5 });
  }

  async send(to: string, text: string, userId: string | null, options: SmsOptions = {}): Promise<void> {
    const isOutbox = !this.adapter;
    const [row] = await this.db
      .insert(smsMessages)
      .values({ toNumber: to, text, userId, provider: this.config.sms.provider, status: isOutbox ? 'outbox' : 'queued' })
      .returning({ id: smsMessages.id });
    if (!row) return;
    if (isOutbox) this.logger.info(`SMS outbox: to ${to}: ${text}`);
    else await this.jobs.send(SMS_QUEUE, { id: row.id, ...(options.code ? { code: options.code } : {}) });
  }

  /** One delivery attempt; throws on failure so the job is retried. */
  async deliver(id: string, code?: string): Promise<void> {
    const [message] = await this.db.select().from(smsMessages).where(eq(smsMessages.id, id));
    if (!message || message.status === 'sent' || message.status === 'skipped' || !this.adapter) return;
    try {
      const outcome = await this.adapter.send({ to: message.toNumber, text: message.text, code });
      await this.db
        .update(smsMessages)
        .set({ status: outcome, sentAt: outcome === 'sent' ? new Date() : null, attempts: message.attempts + 1, lastError: outcome === 'skipped' ? 'no notice template configured' : null })
        .where(eq(smsMessages.id, id));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      await this.db.update(smsMessages).set({ status: 'failed', attempts: message.attempts + 1, lastError: reason.slice(0, 2000) }).where(eq(smsMessages.id, id));
      this.logger.warn(`SMS to ${message.toNumber} failed (attempt ${message.attempts + 1}): ${reason}`);
      throw error;
    }
  }
}
