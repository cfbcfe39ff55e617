import { randomInt } from 'node:crypto';
import type { IdentityDependencies } from '../../identity/services.ts';
import { PING_EVENT_TYPE } from './webhook-events.ts';
import { webhookBody } from './webhook-payload.ts';
import { sendWebhook, type SendInput, type SendOutcome } from './webhook-sender.ts';
import { signPayload, SigningSecretBox } from './webhook-signature.ts';
import { WebhookRepository, type AttemptResult } from './webhook.repository.ts';
import type { WebhookDeliveryRow } from './webhook.tables.ts';

const MINUTE_MS = 60_000;
/** Waits after failed attempts 1…7 (≈ 42 h in all); the 8th failure gives up. */
export const RETRY_DELAYS_MS = [1, 5, 30, 120, 300, 600, 1440].map((minutes) => minutes * MINUTE_MS);
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/** An endpoint whose every attempt failed for this long is switched off and the admins see it in the audit log. */
export const DISABLE_AFTER_FAILING_MS = 3 * 24 * 60 * MINUTE_MS;
/** A claimed row is left alone by other workers this long: more than the 10 s send plus signing and bookkeeping. */
const LEASE_MS = 60_000;
const BATCH = 20;
/** At most this many rows per run, so one job never runs unbounded; the next run takes the rest. */
const MAX_PER_RUN = 200;

/** The wait before the next attempt, ±20 % jitter so a receiver coming back is not hit by every retry at once. */
export function retryDelay(failedAttempts: number): number {
  const base = RETRY_DELAYS_MS[Math.min(failedAttempts, RETRY_DELAYS_MS.length) - 1] ?? MINUTE_MS;
  return Math.round(base * (0.8 + randomInt(0, 401) / 1000));
}

export type Sender = (input: SendInput) => Promise<SendOutcome>;

/**
 * Sends due deliveries. At least once: a row is marked delivered only after a 2xx, so a crash after the receiver
 * answered sends it again later — receivers dedupe on the event id (`Clientele-Event-Id`). Never twice at once: rows
 * are claimed with SKIP LOCKED and a lease, and an outcome is written only by the worker holding that attempt.
 */
export class WebhookDelivery {
  private readonly repository: WebhookRepository;
  private readonly secretBox: SigningSecretBox;

  constructor(
    private readonly identity: IdentityDependencies,
    private readonly allowPrivate: boolean,
    private readonly sender: Sender = sendWebhook,
  ) {
    this.repository = new WebhookRepository(identity.db);
    this.secretBox = new SigningSecretBox(identity.secrets);
  }

  /** Sends what is due now; returns how many attempts were made. */
  async run(now = new Date()): Promise<number> {
    let attempted = 0;
    while (attempted < MAX_PER_RUN) {
      const rows = await this.repository.claimDue(now, LEASE_MS, BATCH);
      if (rows.length === 0) break;
      // Oldest first within a batch (UPDATE … RETURNING has no order); across batches and retries order is not promised.
      rows.sort((left, right) => left.createdAt.getTime() - right.createdAt.getTime());
      for (const row of rows) await this.attempt(row, now);
      attempted += rows.length;
    }
    return attempted;
  }

  /** Sends one delivery at once (test events, redeliveries); false when another worker holds it or it is not due. */
  async sendNow(deliveryId: string, now = new Date()): Promise<boolean> {
    const [row] = await this.repository.claimDue(now, LEASE_MS, 1, deliveryId);
    if (!row) return false;
    await this.attempt(row, now);
    return true;
  }

  private async attempt(row: WebhookDeliveryRow, now: Date): Promise<void> {
    const endpoint = await this.repository.find(row.orgId, row.endpointId);
    if (!endpoint) return;
    const body = webhookBody(row);
    const timestamp = Math.floor(Date.now() / 1000);
    let signingSecret: string;
    try {
      signingSecret = this.secretBox.open(endpoint.secretSealed, endpoint.id);
    } catch {
      // SECRET_KEY changed since the secret was sealed: nothing can be signed until someone rotates the secret.
      await this.repository.finishAttempt(row, { status: 'failed', nextAttemptAt: now, statusCode: null, error: 'secret_unreadable', durationMs: 0 }, now);
      return;
    }
    const outcome = await this.sender({
      url: endpoint.url,
      body,
      allowPrivate: this.allowPrivate,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Clientele-Webhooks/1',
        'clientele-event-id': row.eventId,
        'clientele-event-type': row.eventType,
        'clientele-delivery-id': row.id,
        'clientele-timestamp': String(timestamp),
        'clientele-signature': signPayload(signingSecret, timestamp, body),
      },
    });
    const givesUp = row.attempts >= MAX_ATTEMPTS || row.eventType === PING_EVENT_TYPE;
    const result: AttemptResult = {
      status: outcome.ok ? 'delivered' : givesUp ? 'failed' : 'pending',
      nextAttemptAt: outcome.ok || givesUp ? now : new Date(now.getTime() + retryDelay(row.attempts)),
      statusCode: outcome.statusCode,
      error: outcome.error,
      durationMs: outcome.durationMs,
    };
    await this.repository.finishAttempt(row, result, now);
    if (outcome.ok) {
      if (endpoint.failingSince !== null) await this.repository.markEndpointHealthy(endpoint.id);
      return;
    }
    if (row.eventType === PING_EVENT_TYPE) return;
    const failing = await this.repository.markEndpointFailing(endpoint.id, now);
    if (failing?.failingSince && now.getTime() - failing.failingSince.getTime() >= DISABLE_AFTER_FAILING_MS) await this.disable(endpoint.id, now);
  }

  private async disable(endpointId: string, now: Date): Promise<void> {
    const disabled = await this.repository.disableFailing(endpointId, new Date(now.getTime() - DISABLE_AFTER_FAILING_MS));
    if (!disabled) return;
    await this.repository.cancelPending(endpointId, 'endpoint_disabled');
    await this.identity.audit.record({
      action: 'webhook_endpoint_disabled',
      orgId: disabled.orgId,
      actorUserId: null,
      actorLabel: null,
      targetLabel: disabled.name,
      details: { endpointId: disabled.id, url: disabled.url, reason: 'failing', failingSince: disabled.failingSince?.toISOString() ?? null },
    });
  }
}
