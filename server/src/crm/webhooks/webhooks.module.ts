import type { FastifyInstance } from 'fastify';
import type { IdentityDependencies } from '../../identity/services.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { registerWebhookJobs } from './webhook.jobs.ts';
import { registerWebhookRoutes } from './webhook.routes.ts';
import { WebhookService } from './webhook.service.ts';

/** Outgoing webhooks: the /api/webhooks routes and the delivery job (start/stop it with the other jobs). */
export function registerWebhooks(app: FastifyInstance, identity: IdentityDependencies, jobs: JobQueue, onError: (error: unknown) => void) {
  const config = identity.config;
  const webhookJobs = registerWebhookJobs(identity, jobs, config.webhookDeliverySeconds, onError);
  registerWebhookRoutes(app, new WebhookService(identity, webhookJobs.delivery, config.webhooksAllowPrivate), config.stepUpMinutes);
  return webhookJobs;
}
