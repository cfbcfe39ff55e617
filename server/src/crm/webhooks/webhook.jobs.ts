import type { IdentityDependencies } from '../../identity/services.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { WebhookDelivery } from './webhook-delivery.ts';

export const WEBHOOK_DELIVERY_QUEUE = 'crm.webhook-delivery';

/**
 * Queues a delivery run as a pg-boss job at start-up and every `intervalSeconds` (WEBHOOK_DELIVERY_SECONDS; 0 = no
 * background delivery, for tests). pg-boss's singleton slot lets one run per interval through across processes; an
 * overlapping run does no harm because rows are claimed with SKIP LOCKED and a lease.
 */
export function registerWebhookJobs(identity: IdentityDependencies, jobs: JobQueue, intervalSeconds: number, onError: (error: unknown) => void) {
  const delivery = new WebhookDelivery(identity, identity.config.webhooksAllowPrivate);
  // Not retried by pg-boss: failed sends are rescheduled per row, and the next run comes within the interval.
  jobs.define(WEBHOOK_DELIVERY_QUEUE, async () => {
    await delivery.run();
  }, { retryLimit: 0 });
  let timer: NodeJS.Timeout | undefined;
  const queueRun = () => {
    jobs.send(WEBHOOK_DELIVERY_QUEUE, {}, { oncePerSeconds: intervalSeconds }).catch(onError);
  };
  return {
    delivery,
    start() {
      if (intervalSeconds <= 0) return;
      queueRun();
      timer = setInterval(queueRun, intervalSeconds * 1000);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
    },
  };
}
