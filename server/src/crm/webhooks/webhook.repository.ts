import { and, desc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import type { Executor } from '../shared/database.ts';
import { webhookDeliveries, webhookEndpoints, type WebhookDeliveryRow, type WebhookEndpointRow } from './webhook.tables.ts';

export type EndpointValues = Pick<WebhookEndpointRow, 'name' | 'url' | 'events' | 'allEvents' | 'active'>;

export interface AttemptResult {
  status: 'pending' | 'delivered' | 'failed';
  nextAttemptAt: Date;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** The only place that queries webhook_endpoints and webhook_deliveries (the outbox INSERT aside). */
export class WebhookRepository {
  constructor(private readonly db: Database) {}

  list(orgId: string) {
    return this.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.orgId, orgId)).orderBy(webhookEndpoints.createdAt, webhookEndpoints.id);
  }

  async find(orgId: string, id: string, executor: Executor = this.db): Promise<WebhookEndpointRow | undefined> {
    const [row] = await executor.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.orgId, orgId), eq(webhookEndpoints.id, id)));
    return row;
  }

  async count(orgId: string): Promise<number> {
    const [row] = await this.db.select({ value: sql<number>`count(*)::int` }).from(webhookEndpoints).where(eq(webhookEndpoints.orgId, orgId));
    return row?.value ?? 0;
  }

  async insert(executor: Executor, values: EndpointValues & { id: string; orgId: string; secretSealed: string; createdBy: string }): Promise<WebhookEndpointRow> {
    const [row] = await executor.insert(webhookEndpoints).values(values).returning();
    if (!row) throw new Error('webhook endpoint not inserted');
    return row;
  }

  async update(orgId: string, id: string, values: Partial<EndpointValues> & { secretSealed?: string; failingSince?: Date | null; disabledReason?: string | null }): Promise<WebhookEndpointRow | undefined> {
    const [row] = await this.db
      .update(webhookEndpoints)
      .set({ ...values, updatedAt: new Date() })
      .where(and(eq(webhookEndpoints.orgId, orgId), eq(webhookEndpoints.id, id)))
      .returning();
    return row;
  }

  async delete(orgId: string, id: string): Promise<WebhookEndpointRow | undefined> {
    const [row] = await this.db.delete(webhookEndpoints).where(and(eq(webhookEndpoints.orgId, orgId), eq(webhookEndpoints.id, id))).returning();
    return row;
  }

  async insertDelivery(values: Pick<WebhookDeliveryRow, 'orgId' | 'endpointId' | 'eventId' | 'eventType' | 'payload'>): Promise<WebhookDeliveryRow> {
    const [row] = await this.db.insert(webhookDeliveries).values(values).returning();
    if (!row) throw new Error('webhook delivery not inserted');
    return row;
  }

  async findDelivery(orgId: string, id: string): Promise<WebhookDeliveryRow | undefined> {
    const [row] = await this.db.select().from(webhookDeliveries).where(and(eq(webhookDeliveries.orgId, orgId), eq(webhookDeliveries.id, id)));
    return row;
  }

  /** Newest first, keyset on (created_at, id). */
  deliveries(endpointId: string, before: { createdAt: Date; id: string } | null, limit: number) {
    const page = before === null ? undefined : or(lt(webhookDeliveries.createdAt, before.createdAt), and(eq(webhookDeliveries.createdAt, before.createdAt), lt(webhookDeliveries.id, before.id)));
    return this.db
      .select()
      .from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.endpointId, endpointId), page))
      .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
      .limit(limit + 1);
  }

  /**
   * Takes up to `limit` due deliveries of active endpoints for this worker: FOR UPDATE SKIP LOCKED so concurrent workers
   * pick different rows, and a lease (`locked_until`) that outlives the 10 s send so no other process retries a row
   * while it is in flight. The attempt is counted here, before sending: a crash mid-send still uses up an attempt.
   * `onlyId` claims one given delivery (test events, redeliveries sent at once).
   */
  async claimDue(now: Date, leaseMs: number, limit: number, onlyId?: string): Promise<WebhookDeliveryRow[]> {
    const due = this.db
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, and(eq(webhookEndpoints.id, webhookDeliveries.endpointId), eq(webhookEndpoints.active, true)))
      .where(
        and(
          eq(webhookDeliveries.status, 'pending'),
          lte(webhookDeliveries.nextAttemptAt, now),
          or(isNull(webhookDeliveries.lockedUntil), lte(webhookDeliveries.lockedUntil, now)),
          onlyId === undefined ? undefined : eq(webhookDeliveries.id, onlyId),
        ),
      )
      .orderBy(webhookDeliveries.nextAttemptAt)
      .limit(limit)
      .for('update', { of: webhookDeliveries, skipLocked: true });
    return this.db
      .update(webhookDeliveries)
      .set({ lockedUntil: new Date(now.getTime() + leaseMs), attempts: sql`${webhookDeliveries.attempts} + 1`, lastAttemptAt: now })
      .where(inArray(webhookDeliveries.id, due))
      .returning();
  }

  /** Records an attempt's outcome, only while this worker still holds the row (same attempt number). */
  async finishAttempt(row: Pick<WebhookDeliveryRow, 'id' | 'attempts'>, result: AttemptResult, now: Date): Promise<boolean> {
    const updated = await this.db
      .update(webhookDeliveries)
      .set({
        status: result.status,
        nextAttemptAt: result.nextAttemptAt,
        lockedUntil: null,
        lastStatusCode: result.statusCode,
        lastError: result.error,
        lastDurationMs: result.durationMs,
        deliveredAt: result.status === 'delivered' ? now : null,
      })
      .where(and(eq(webhookDeliveries.id, row.id), eq(webhookDeliveries.attempts, row.attempts), eq(webhookDeliveries.status, 'pending')))
      .returning({ id: webhookDeliveries.id });
    return updated.length > 0;
  }

  async markEndpointHealthy(endpointId: string): Promise<void> {
    await this.db.update(webhookEndpoints).set({ failingSince: null }).where(eq(webhookEndpoints.id, endpointId));
  }

  /** Starts the failing period (kept when already failing); returns since when the endpoint fails. */
  async markEndpointFailing(endpointId: string, now: Date): Promise<WebhookEndpointRow | undefined> {
    const [row] = await this.db
      .update(webhookEndpoints)
      .set({ failingSince: sql`coalesce(${webhookEndpoints.failingSince}, ${now.toISOString()}::timestamptz)` })
      .where(eq(webhookEndpoints.id, endpointId))
      .returning();
    return row;
  }

  /** Turns an endpoint off when it has failed since before `failingBefore`; conditional, so only one process does it. */
  async disableFailing(endpointId: string, failingBefore: Date): Promise<WebhookEndpointRow | undefined> {
    const [row] = await this.db
      .update(webhookEndpoints)
      .set({ active: false, disabledReason: 'failing', updatedAt: new Date() })
      .where(and(eq(webhookEndpoints.id, endpointId), eq(webhookEndpoints.active, true), lte(webhookEndpoints.failingSince, failingBefore)))
      .returning();
    return row;
  }

  /** Pending deliveries of a switched-off endpoint are given up: turning it on again must not flood the receiver. */
  async cancelPending(endpointId: string, reason: string): Promise<void> {
    await this.db
      .update(webhookDeliveries)
      .set({ status: 'failed', lastError: reason, lockedUntil: null })
      .where(and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.status, 'pending')));
  }
}
