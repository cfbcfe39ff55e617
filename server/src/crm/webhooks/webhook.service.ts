import { randomUUID } from 'node:crypto';
import { raise } from '../../http/app-error.ts';
import { commonErrors } from '../../http/app-error.ts';
import type { ActionContext } from '../../http/request-context.ts';
import type { IdentityDependencies } from '../../identity/services.ts';
import type { UserRow } from '../../identity/users/user.service.ts';
import { urlProblem } from './webhook-address.ts';
import type { WebhookDelivery } from './webhook-delivery.ts';
import { PING_EVENT_TYPE, webhookEventTypes } from './webhook-events.ts';
import { generateSigningSecret, SigningSecretBox } from './webhook-signature.ts';
import { webhookErrors } from './webhook.errors.ts';
import { WebhookRepository } from './webhook.repository.ts';
import { MAX_ENDPOINTS, type Delivery, type Webhook, type WebhookCreateInput, type WebhookUpdateInput } from './webhook.schema.ts';
import type { WebhookDeliveryRow, WebhookEndpointRow } from './webhook.tables.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id that is not a UUID names nothing: the same 404 as an unknown id or another organisation's. */
function idOf(raw: string): string {
  if (!UUID.test(raw)) raise(commonErrors.NOT_FOUND);
  return raw.toLowerCase();
}

function view(row: WebhookEndpointRow): Webhook {
  return { id: row.id, name: row.name, url: row.url, events: row.events, allEvents: row.allEvents, active: row.active, disabledReason: row.disabledReason, failingSince: row.failingSince, createdAt: row.createdAt, updatedAt: row.updatedAt };
}

function deliveryView(row: WebhookDeliveryRow): Delivery {
  const status = row.status === 'delivered' || row.status === 'failed' ? row.status : 'pending';
  return {
    id: row.id,
    eventId: row.eventId,
    eventType: row.eventType,
    status,
    attempts: row.attempts,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    lastDurationMs: row.lastDurationMs,
    lastAttemptAt: row.lastAttemptAt,
    nextAttemptAt: status === 'pending' ? row.nextAttemptAt : null,
    deliveredAt: row.deliveredAt,
    createdAt: row.createdAt,
  };
}

function encodeCursor(row: WebhookDeliveryRow): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString('base64url');
}

function decodeCursor(cursor: string | undefined): { createdAt: Date; id: string } | null {
  if (cursor === undefined) return null;
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  if (!id || !UUID.test(id) || Number.isNaN(createdAt.getTime())) raise(webhookErrors.BAD_CURSOR);
  return { createdAt, id };
}

/**
 * Outgoing webhooks of an organisation (crm.configure; the routes check the permission and the step-up). Everything is
 * looked up by (org, id), so another organisation's endpoint or delivery is a plain 404.
 */
export class WebhookService {
  private readonly repository: WebhookRepository;
  private readonly secretBox: SigningSecretBox;

  constructor(
    private readonly identity: IdentityDependencies,
    private readonly delivery: WebhookDelivery,
    private readonly allowPrivate: boolean,
  ) {
    this.repository = new WebhookRepository(identity.db);
    this.secretBox = new SigningSecretBox(identity.secrets);
  }

  async list(user: UserRow) {
    const rows = await this.repository.list(user.orgId);
    return { items: rows.map(view), eventTypes: [...webhookEventTypes], maxEndpoints: MAX_ENDPOINTS };
  }

  async get(user: UserRow, rawId: string): Promise<Webhook> {
    return view(await this.endpoint(user, rawId));
  }

  async create(user: UserRow, input: WebhookCreateInput, context: ActionContext): Promise<Webhook & { secret: string }> {
    this.checkUrl(input.url);
    if (!input.allEvents && input.events.length === 0) raise(webhookErrors.NO_EVENTS);
    if ((await this.repository.count(user.orgId)) >= MAX_ENDPOINTS) raise(webhookErrors.LIMIT_REACHED, { max: MAX_ENDPOINTS });
    const id = randomUUID();
    const secret = generateSigningSecret();
    const row = await this.repository.insert(this.identity.db, {
      id,
      orgId: user.orgId,
      name: input.name,
      url: input.url,
      events: input.allEvents ? [] : [...new Set(input.events)],
      allEvents: input.allEvents,
      active: input.active,
      secretSealed: this.secretBox.seal(secret, id),
      createdBy: user.id,
    });
    await this.audit(user, 'webhook_endpoint_created', row, { events: row.allEvents ? 'all' : row.events.join(', ') }, context);
    return { ...view(row), secret };
  }

  /** `confirmStepUp` runs only when the URL changes: pointing the events somewhere else needs a recent sign-in. */
  async update(user: UserRow, rawId: string, input: WebhookUpdateInput, confirmStepUp: () => void, context: ActionContext): Promise<Webhook> {
    const before = await this.endpoint(user, rawId);
    const urlChanged = input.url !== undefined && input.url !== before.url;
    if (urlChanged && input.url !== undefined) {
      this.checkUrl(input.url);
      confirmStepUp();
    }
    const allEvents = input.allEvents ?? before.allEvents;
    const events = allEvents ? [] : [...new Set(input.events ?? before.events)];
    if (!allEvents && events.length === 0) raise(webhookErrors.NO_EVENTS);
    const reactivated = input.active === true && !before.active;
    const row = await this.repository.update(user.orgId, before.id, {
      ...(input.name === undefined ? {} : { name: input.name }),
      ...(urlChanged && input.url !== undefined ? { url: input.url } : {}),
      events,
      allEvents,
      ...(input.active === undefined ? {} : { active: input.active, disabledReason: null }),
      // Switched on again by a person: the failing period starts afresh.
      ...(reactivated ? { failingSince: null } : {}),
    });
    if (!row) raise(commonErrors.NOT_FOUND);
    if (input.active === false && before.active) await this.repository.cancelPending(row.id, 'endpoint_disabled');
    const changed: Record<string, string | boolean> = {};
    if (input.name !== undefined && input.name !== before.name) changed.name = input.name;
    if (urlChanged) changed.previousUrl = before.url;
    if (allEvents !== before.allEvents || events.join() !== before.events.join()) changed.events = allEvents ? 'all' : events.join(', ');
    if (input.active !== undefined && input.active !== before.active) changed.active = input.active;
    if (Object.keys(changed).length > 0) await this.audit(user, 'webhook_endpoint_updated', row, changed, context);
    return view(row);
  }

  async rotateSecret(user: UserRow, rawId: string, context: ActionContext): Promise<Webhook & { secret: string }> {
    const endpoint = await this.endpoint(user, rawId);
    const secret = generateSigningSecret();
    const row = await this.repository.update(user.orgId, endpoint.id, { secretSealed: this.secretBox.seal(secret, endpoint.id) });
    if (!row) raise(commonErrors.NOT_FOUND);
    await this.audit(user, 'webhook_secret_rotated', row, {}, context);
    return { ...view(row), secret };
  }

  async remove(user: UserRow, rawId: string, context: ActionContext): Promise<void> {
    const row = await this.repository.delete(user.orgId, idOf(rawId));
    if (!row) raise(commonErrors.NOT_FOUND);
    await this.audit(user, 'webhook_endpoint_deleted', row, {}, context);
  }

  /** A `ping` event, sent now; the answer is its delivery row (delivered or failed — pings are not retried). */
  async sendTest(user: UserRow, rawId: string): Promise<Delivery> {
    const endpoint = await this.endpoint(user, rawId);
    if (!endpoint.active) raise(webhookErrors.ENDPOINT_DISABLED);
    const row = await this.repository.insertDelivery({
      orgId: user.orgId,
      endpointId: endpoint.id,
      eventId: randomUUID(),
      eventType: PING_EVENT_TYPE,
      payload: { occurredAt: new Date().toISOString(), data: { endpointId: endpoint.id, message: 'Test event from Clientele' } },
    });
    return this.sendAndReload(user, row.id);
  }

  async deliveries(user: UserRow, rawId: string, cursor: string | undefined, limit: number) {
    const endpoint = await this.endpoint(user, rawId);
    const rows = await this.repository.deliveries(endpoint.id, decodeCursor(cursor), limit);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { items: page.map(deliveryView), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
  }

  /** Sends an earlier event again as a new delivery with the SAME event id (receivers dedupe on it), at once. */
  async redeliver(user: UserRow, rawDeliveryId: string): Promise<Delivery> {
    const original = await this.repository.findDelivery(user.orgId, idOf(rawDeliveryId));
    if (!original) raise(commonErrors.NOT_FOUND);
    const endpoint = await this.repository.find(user.orgId, original.endpointId);
    if (!endpoint) raise(commonErrors.NOT_FOUND);
    if (!endpoint.active) raise(webhookErrors.ENDPOINT_DISABLED);
    const row = await this.repository.insertDelivery({ orgId: original.orgId, endpointId: original.endpointId, eventId: original.eventId, eventType: original.eventType, payload: original.payload });
    return this.sendAndReload(user, row.id);
  }

  private async sendAndReload(user: UserRow, deliveryId: string): Promise<Delivery> {
    await this.delivery.sendNow(deliveryId);
    const row = await this.repository.findDelivery(user.orgId, deliveryId);
    if (!row) raise(commonErrors.NOT_FOUND);
    return deliveryView(row);
  }

  private async endpoint(user: UserRow, rawId: string): Promise<WebhookEndpointRow> {
    const row = await this.repository.find(user.orgId, idOf(rawId));
    if (!row) raise(commonErrors.NOT_FOUND);
    return row;
  }

  private checkUrl(url: string): void {
    const problem = urlProblem(url, this.allowPrivate);
    if (problem === 'scheme') raise(webhookErrors.URL_NOT_HTTPS);
    if (problem === 'address') raise(webhookErrors.URL_ADDRESS_REFUSED);
    if (problem !== null) raise(webhookErrors.URL_INVALID);
  }

  private async audit(user: UserRow, action: 'webhook_endpoint_created' | 'webhook_endpoint_updated' | 'webhook_endpoint_deleted' | 'webhook_secret_rotated', row: WebhookEndpointRow, details: Record<string, string | boolean>, context: ActionContext): Promise<void> {
    await this.identity.audit.record({ action, orgId: user.orgId, actorUserId: user.id, actorLabel: user.email, targetLabel: row.name, details: { endpointId: row.id, url: row.url, ...details } }, context);
  }
}
