import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AuditService } from '../audit/audit.service.ts';
import { commonErrors, defineErrors, raise } from '../http/app-error.ts';
import { auditContext, requirePermission } from '../http/request-context.ts';
import { emailField } from '../http/schemas.ts';
import type { MailService } from './mail.service.ts';

const mailErrors = defineErrors({ OUTBOX_INACTIVE: { status: 409, code: 'outbox_inactive' } });

const transportView = z.object({ transport: z.string(), smtpHost: z.string().nullable(), from: z.string() });
const messageView = z.object({
  id: z.string(),
  toAddress: z.string(),
  subject: z.string(),
  template: z.string(),
  status: z.string(),
  transport: z.string(),
  attempts: z.number(),
  lastError: z.string().nullable(),
  createdAt: z.date(),
  sentAt: z.date().nullable(),
});
const outboxEntryView = messageView.pick({ id: true, toAddress: true, subject: true, createdAt: true });

export function registerMailRoutes(parent: FastifyInstance, mail: MailService, audit: AuditService): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();

  app.get('/api/mail/settings', { schema: { tags: ['mail'], summary: 'Mail transport in use', response: { 200: transportView } } }, async (request) => {
    requirePermission(request, 'mail.manage');
    return mail.describeTransport();
  });

  app.post(
    '/api/mail/test',
    { schema: { tags: ['mail'], summary: 'Send a test mail (to yourself by default)', body: z.strictObject({ to: emailField.optional() }).nullish(), response: { 202: z.object({ id: z.string() }) } } },
    async (request, reply) => {
      const auth = requirePermission(request, 'mail.manage');
      const to = request.body?.to ?? auth.user.email;
      const id = await mail.send({ to, userId: auth.user.id, template: 'testMail', locale: request.locale, params: { name: auth.user.name, transport: mail.transport } });
      await audit.record({ action: 'mail_test_sent', orgId: auth.user.orgId, actorUserId: auth.user.id, actorLabel: auth.user.email, targetLabel: to }, auditContext(request));
      return reply.status(202).send({ id });
    },
  );

  app.get(
    '/api/mail/messages',
    { schema: { tags: ['mail'], summary: 'Delivery log, newest first', querystring: z.strictObject({ status: z.enum(['queued', 'sent', 'failed', 'outbox']).optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }), response: { 200: z.array(messageView) } } },
    async (request) => {
      requirePermission(request, 'mail.manage');
      return mail.listMessages(request.query);
    },
  );

  app.get('/api/mail/outbox', { schema: { tags: ['mail'], summary: 'Outbox (only while no SMTP server is configured; owners only)', response: { 200: z.array(outboxEntryView) } } }, async (request) => {
    requirePermission(request, 'outbox.read');
    if (mail.transport !== 'outbox') raise(mailErrors.OUTBOX_INACTIVE);
    // outboxEntryView keeps the list's fields; the bodies are read one message at a time (and audited).
    return mail.listMessages({ status: 'outbox', limit: 200 });
  });

  app.get('/api/mail/outbox/:id', { schema: { tags: ['mail'], summary: 'One outbox message', params: z.strictObject({ id: z.uuid() }), response: { 200: outboxEntryView.extend({ textBody: z.string(), htmlBody: z.string() }) } } }, async (request) => {
    const auth = requirePermission(request, 'outbox.read');
    if (mail.transport !== 'outbox') raise(mailErrors.OUTBOX_INACTIVE);
    const message = await mail.getMessage(request.params.id);
    if (message?.status !== 'outbox') raise(commonErrors.NOT_FOUND);
    await audit.record({ action: 'outbox_message_read', orgId: auth.user.orgId, actorUserId: auth.user.id, actorLabel: auth.user.email, targetLabel: message.toAddress, details: { template: message.template } }, auditContext(request));
    return { id: message.id, toAddress: message.toAddress, subject: message.subject, textBody: message.textBody, htmlBody: message.htmlBody, createdAt: message.createdAt };
  });
}
