import { eq } from 'drizzle-orm';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { MailLogger } from './mail.service.ts';
import { smsMessages } from './messaging.tables.ts';

export const SMS_QUEUE = 'sms.send';

/** SMS through a provider adapter (generic webhook) or, without one, the outbox table plus a console line. */
export class SmsService {
  constructor(
    private readonly config: Config,
    private readonly db: Database,
    private readonly jobs: JobQueue,
    private readonly logger: MailLogger,
  ) {}

  registerJobs(): void {
    this.jobs.define(SMS_QUEUE, async (data) => this.deliver(String(data.id)), { retryLimit: 5, retryDelaySeconds: 5 });
  }

  async send(to: string, text: string, userId: string | null): Promise<void> {
    const isOutbox = this.config.smsProvider === 'outbox';
    const [row] = await this.db
      .insert(smsMessages)
      .values({ toNumber: to, text, userId, provider: this.config.smsProvider, status: isOutbox ? 'outbox' : 'queued' })
      .returning({ id: smsMessages.id });
    if (!row) return;
    if (isOutbox) this.logger.info(`SMS outbox: to ${to}: ${text}`);
    else await this.jobs.send(SMS_QUEUE, { id: row.id });
  }

  async deliver(id: string): Promise<void> {
    const [message] = await this.db.select().from(smsMessages).where(eq(smsMessages.id, id));
    if (!message || message.status === 'sent' || !this.config.smsWebhookUrl) return;
    try {
      const response = await fetch(this.config.smsWebhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ to: message.toNumber, text: message.text }),
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) throw new Error(`SMS gateway answered ${response.status}`);
      await this.db.update(smsMessages).set({ status: 'sent', sentAt: new Date(), attempts: message.attempts + 1 }).where(eq(smsMessages.id, id));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      await this.db.update(smsMessages).set({ status: 'failed', attempts: message.attempts + 1, lastError: reason }).where(eq(smsMessages.id, id));
      throw error;
    }
  }
}
