import { desc, eq } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { Locale } from '../i18n/i18n.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { mailMessages } from './messaging.tables.ts';
import { renderMail, type MailParams, type MailTemplate } from './templates/render-mail.ts';

export const MAIL_QUEUE = 'mail.send';

export interface MailRequest {
  to: string;
  userId?: string | null;
  template: MailTemplate;
  locale: Locale;
  params: MailParams;
  /** The one link the mail is about; always built from PUBLIC_URL by the caller. */
  actionUrl?: string;
}

/** The organisation's anti-phishing phrase for a recipient account ('' or null when none is set). */
export type SecurityPhraseLookup = (userId: string) => Promise<string | null>;

export interface MailLogger {
  info(message: string): void;
  warn(message: string): void;
}

function describeError(error: unknown): string {
  if (error && typeof error === 'object') {
    const details = error as { response?: unknown; message?: unknown; code?: unknown };
    if (typeof details.response === 'string') return details.response;
    if (typeof details.message === 'string') return typeof details.code === 'string' ? `${details.code}: ${details.message}` : details.message;
  }
  return String(error);
}

/**
 * Every mail is written to mail_messages first. With SMTP it is then delivered by a pg-boss job that retries with
 * back-off (a failed attempt is logged with the SMTP error, never dropped); without SMTP the row is the outbox.
 */
export class MailService {
  private readonly transporter: Transporter | undefined;
  private securityPhraseLookup: SecurityPhraseLookup | undefined;

  constructor(
    private readonly config: Config,
    private readonly db: Database,
    private readonly jobs: JobQueue,
    private readonly logger: MailLogger,
  ) {
    this.transporter = config.smtpUrl ? nodemailer.createTransport(config.smtpUrl) : undefined;
  }

  get transport(): 'smtp' | 'outbox' {
    return this.transporter ? 'smtp' : 'outbox';
  }

  describeTransport() {
    const host = this.config.smtpUrl ? new URL(this.config.smtpUrl).host : null;
    return { transport: this.transport, smtpHost: host, from: this.config.mailFrom };
  }

  registerJobs(): void {
    this.jobs.define(MAIL_QUEUE, async (data) => this.deliver(String(data.id)), { retryLimit: 10, retryDelaySeconds: 2 });
  }

  /** Set once at assembly: lets every mail to an account show its organisation's phrase without each sender asking. */
  useSecurityPhraseLookup(lookup: SecurityPhraseLookup): void {
    this.securityPhraseLookup = lookup;
  }

  /**
   * Every mail says how to recognise a genuine one: links only start with PUBLIC_URL's origin, and, when the
   * organisation set one, its security phrase (a phisher does not know it). Senders may pass either explicitly.
   */
  private async withAuthenticityHints(request: MailRequest): Promise<MailParams> {
    const params: MailParams = { ...request.params };
    if (params.linkOrigin === undefined) params.linkOrigin = this.config.publicUrl.origin;
    if (params.securityPhrase === undefined && request.userId && this.securityPhraseLookup) {
      const phrase = await this.securityPhraseLookup(request.userId);
      if (phrase) params.securityPhrase = phrase;
    }
    return params;
  }

  async send(request: MailRequest): Promise<string> {
    const rendered = renderMail(request.template, request.locale, await this.withAuthenticityHints(request), request.actionUrl);
    const [row] = await this.db
      .insert(mailMessages)
      .values({
        toAddress: request.to,
        userId: request.userId ?? null,
        template: request.template,
        locale: request.locale,
        subject: rendered.subject,
        textBody: rendered.text,
        htmlBody: rendered.html,
        transport: this.transport,
        status: this.transporter ? 'queued' : 'outbox',
      })
      .returning({ id: mailMessages.id });
    if (!row) throw new Error('mail row not written');
    if (this.transporter) {
      await this.jobs.send(MAIL_QUEUE, { id: row.id });
    } else {
      this.logger.info(`Outbox: "${rendered.subject}" to ${request.to}${request.actionUrl ? ` ${request.actionUrl}` : ''}`);
    }
    return row.id;
  }

  /** One delivery attempt; throws on failure so the job is retried. */
  async deliver(id: string): Promise<void> {
    if (!this.transporter) return;
    const [message] = await this.db.select().from(mailMessages).where(eq(mailMessages.id, id));
    if (!message || message.status === 'sent') return;
    try {
      await this.transporter.sendMail({
        from: this.config.mailFrom,
        to: message.toAddress,
        subject: message.subject,
        text: message.textBody,
        html: message.htmlBody,
      });
      await this.db
        .update(mailMessages)
        .set({ status: 'sent', sentAt: new Date(), attempts: message.attempts + 1, lastError: null })
        .where(eq(mailMessages.id, id));
    } catch (error) {
      const reason = describeError(error);
      await this.db
        .update(mailMessages)
        .set({ status: 'failed', attempts: message.attempts + 1, lastError: reason.slice(0, 2000) })
        .where(eq(mailMessages.id, id));
      this.logger.warn(`Mail to ${message.toAddress} failed (attempt ${message.attempts + 1}): ${reason}`);
      throw error;
    }
  }

  async listMessages(options: { status?: string | undefined; limit: number }) {
    return this.db
      .select({
        id: mailMessages.id,
        toAddress: mailMessages.toAddress,
        subject: mailMessages.subject,
        template: mailMessages.template,
        status: mailMessages.status,
        transport: mailMessages.transport,
        attempts: mailMessages.attempts,
        lastError: mailMessages.lastError,
        createdAt: mailMessages.createdAt,
        sentAt: mailMessages.sentAt,
      })
      .from(mailMessages)
      .where(options.status ? eq(mailMessages.status, options.status) : undefined)
      .orderBy(desc(mailMessages.createdAt))
      .limit(options.limit);
  }

  async getMessage(id: string) {
    const [message] = await this.db.select().from(mailMessages).where(eq(mailMessages.id, id));
    return message;
  }

  async close(): Promise<void> {
    this.transporter?.close();
  }
}
