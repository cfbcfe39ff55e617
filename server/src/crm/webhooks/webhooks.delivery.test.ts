import { eq } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp } from '../../../test/app.ts';
import { createCustomer, errorOf, uniqueName, useCrmOrganization } from '../../../test/crm.ts';
import { createDeal } from '../../../test/deals.ts';
import { signatureValid, startReceiver } from '../../../test/webhooks.ts';
import { auditEvents } from '../../audit/audit.tables.ts';
import { crmCustomers } from '../customers/customer.tables.ts';
import { HistoryService } from '../history/history.service.ts';
import { MAX_ATTEMPTS, RETRY_DELAYS_MS, WebhookDelivery } from './webhook-delivery.ts';
import { webhookDeliveries, webhookEndpoints } from './webhook.tables.ts';

interface Created {
  id: string;
  secret: string;
}
interface DeliveryItem {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
}


/** Capture, signing, retries, give-up, redelivery and racing workers, against a real receiver on 127.0.0.1. */
describe('CRM webhooks: delivery', () => {
  // Background delivery off: each test drives the worker itself, with its own clock.
  const org = useCrmOrganization({ WEBHOOKS_ALLOW_PRIVATE: 'true', WEBHOOK_DELIVERY_SECONDS: '0' });
  let worker: WebhookDelivery;
  beforeAll(() => {
    worker = new WebhookDelivery(org.testApp.context.identity, true);
  });
  // Each test starts with no live endpoint and nothing pending from the ones before.
  beforeEach(async () => {
    await org.db.update(webhookEndpoints).set({ active: false });
    await org.db.update(webhookDeliveries).set({ status: 'failed' }).where(eq(webhookDeliveries.status, 'pending'));
  });

  const createEndpoint = async (url: string, body: Record<string, unknown> = {}) => {
    const response = await org.owner.client.post('/api/webhooks', { name: uniqueName('ERP'), url, events: ['customer.created', 'customer.updated', 'customer.deleted'], ...body });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<Created>();
  };
  const deliveriesOf = async (endpointId: string) => {
    const response = await org.owner.client.get(`/api/webhooks/${endpointId}/deliveries?limit=100`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ items: DeliveryItem[] }>().items;
  };
  const switchOff = async (endpointId: string) => {
    expect((await org.owner.client.request('PATCH', `/api/webhooks/${endpointId}`, { active: false })).statusCode).toBe(200);
  };

  it('signs each event with the shown secret; the body carries the record and its changes; events outside the filter are not queued', async () => {
    const receiver = await startReceiver();
    try {
      const endpoint = await createEndpoint(receiver.url, { events: ['customer.created', 'customer.updated'] });
      const customer = await createCustomer(org.salesA.client, { name: uniqueName('Signed') });
      const renamed = uniqueName('Renamed');
      const patch = await org.salesA.client.request('PATCH', `/api/customers/${customer.id}`, { name: renamed, version: customer.version });
      expect(patch.statusCode, patch.body).toBe(200);
      await createEndpoint(receiver.url, { events: ['task.created'] }).then((other) => switchOff(other.id));
      expect((await org.owner.client.request('DELETE', `/api/customers/${customer.id}`)).statusCode).toBe(200);

      expect(await worker.run()).toBe(2);
      expect(receiver.received).toHaveLength(2);
      for (const request of receiver.received) {
        expect(signatureValid(endpoint.secret, request)).toBe(true);
        expect(signatureValid(`${endpoint.secret}x`, request)).toBe(false);
      }
      const bodies = receiver.received.map((request) => JSON.parse(request.body) as Record<string, unknown> & { data: Record<string, unknown> });
      const created = bodies.find((event) => event.type === 'customer.created');
      const updated = bodies.find((event) => event.type === 'customer.updated');
      const updatedRequest = receiver.received[bodies.indexOf(updated ?? bodies[0] ?? { data: {} })];
      expect(created?.type).toBe('customer.created');
      expect(created?.data.id).toBe(customer.id);
      expect(created?.data).not.toHaveProperty('orgId');
      expect(created?.data).not.toHaveProperty('nameKey');
      expect(updated?.type).toBe('customer.updated');
      expect(updated?.data.name).toBe(renamed);
      expect(updated?.data.changes).toMatchObject({ name: { from: customer.name, to: renamed } });
      expect(updatedRequest?.headers['clientele-event-id']).toBe(updated?.id);
      expect(updatedRequest?.headers['clientele-event-type']).toBe('customer.updated');
      // Trashing was not subscribed (customer.deleted is not in the filter): nothing queued for it.
      expect((await deliveriesOf(endpoint.id)).map((item) => item.eventType).sort()).toEqual(['customer.created', 'customer.updated']);
      await switchOff(endpoint.id);
    } finally {
      await receiver.close();
    }
  });

  it('other record kinds: a new deal arrives as deal.created with its amount as a decimal string, and its customer’s event too', async () => {
    const receiver = await startReceiver();
    try {
      await createEndpoint(receiver.url, { allEvents: true, events: [] });
      const customer = await createCustomer(org.owner.client, { name: uniqueName('Deal owner') });
      const deal = await createDeal(org.owner.client, customer.id, { name: uniqueName('Pilot'), amount: '12345678901234.56', currency: 'CNY' });
      await worker.run();
      const events = receiver.received.map((request) => JSON.parse(request.body) as { type: string; data: Record<string, unknown> });
      expect(events.map((event) => event.type)).toEqual(expect.arrayContaining(['customer.created', 'deal.created']));
      const created = events.find((event) => event.type === 'deal.created');
      expect(created?.data).toMatchObject({ id: deal.id, customerId: customer.id, amount: '12345678901234.56', currency: 'CNY' });
    } finally {
      await receiver.close();
    }
  });

  it('a rolled-back change queues nothing; a committed one always does', async () => {
    const receiver = await startReceiver();
    try {
      const endpoint = await createEndpoint(receiver.url, { allEvents: true, events: [] });
      const customer = await createCustomer(org.owner.client, { name: uniqueName('Rollback') });
      const history = new HistoryService();
      const [stored] = await org.db.select({ orgId: crmCustomers.orgId }).from(crmCustomers).where(eq(crmCustomers.id, customer.id));
      const orgId = stored?.orgId ?? '';
      const failure = new Error('abort the change');
      await expect(
        org.db.transaction(async (transaction) => {
          await transaction.update(crmCustomers).set({ name: 'Never committed' }).where(eq(crmCustomers.id, customer.id));
          await history.record(transaction, [{ orgId, recordType: 'customer', recordId: customer.id, customerId: customer.id, actorUserId: null, action: 'updated', changes: { name: { from: customer.name, to: 'Never committed' } } }]);
          throw failure;
        }),
      ).rejects.toBe(failure);
      const rows = await org.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id));
      expect(rows.map((row) => row.eventType)).toEqual(['customer.created']);
      await worker.run();
      expect(receiver.received.map((request) => (JSON.parse(request.body) as { type: string }).type)).toEqual(['customer.created']);
      await switchOff(endpoint.id);
    } finally {
      await receiver.close();
    }
  });

  it('an organisation without enabled endpoints gets no outbox rows; an endpoint created in one process gets the next change made in another', async () => {
    const receiver = await startReceiver();
    // A second app on the same database stands for a second process (no shared memory with the first).
    const processB = await startTestApp(org.testApp.config, org.testApp.context.database, { startJobs: false, keepDatabaseOpen: true });
    try {
      const salesOnB = processB.client();
      for (const [name, value] of org.salesA.client.cookies) salesOnB.cookies.set(name, value);
      const customer = await createCustomer(salesOnB, { name: uniqueName('Quiet') });
      const [stored] = await org.db.select({ orgId: crmCustomers.orgId }).from(crmCustomers).where(eq(crmCustomers.id, customer.id));
      const orgDeliveries = async () => org.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.orgId, stored?.orgId ?? ''));
      const before = (await orgDeliveries()).length;
      const renamed = uniqueName('Still quiet');
      const edit = await org.salesA.client.request('PATCH', `/api/customers/${customer.id}`, { name: renamed, version: customer.version });
      expect(edit.statusCode, edit.body).toBe(200);
      // Created on B, edited on A, endpoints all switched off: nothing queued, and the history is written as before.
      expect(await orgDeliveries()).toHaveLength(before);
      const history = await org.salesA.client.get(`/api/customers/${customer.id}/history`);
      expect(history.statusCode, history.body).toBe(200);
      expect(history.json<{ items: { action: string }[] }>().items.map((item) => item.action)).toEqual(['updated', 'created']);

      // The endpoint is created through process A; the very next change is made through process B.
      const endpoint = await createEndpoint(receiver.url);
      const version = edit.json<{ version: number }>().version;
      const patch = await salesOnB.request('PATCH', `/api/customers/${customer.id}`, { name: uniqueName('Heard'), version });
      expect(patch.statusCode, patch.body).toBe(200);
      const rows = await org.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpoint.id));
      expect(rows.map((row) => row.eventType)).toEqual(['customer.updated']);
      expect(await worker.run()).toBe(1);
      expect(receiver.received.map((request) => (JSON.parse(request.body) as { data: { id: string } }).data.id)).toEqual([customer.id]);
      await switchOff(endpoint.id);
    } finally {
      await processB.close();
      await receiver.close();
    }
  });

  it('retries after 500s with growing back-off, then delivers; gives up after the last attempt; redeliver sends the same event id again', async () => {
    let failUntil = 3;
    const receiver = await startReceiver({ respond: (index) => (index < failUntil ? 500 : 204) });
    try {
      const endpoint = await createEndpoint(receiver.url);
      await createCustomer(org.owner.client, { name: uniqueName('Retry') });
      let clock = Date.now();
      const delays: number[] = [];
      for (let attempt = 1; attempt <= 3; attempt++) {
        expect(await worker.run(new Date(clock))).toBe(1);
        const [item] = await deliveriesOf(endpoint.id);
        expect(item).toMatchObject({ status: 'pending', attempts: attempt, lastStatusCode: 500, lastError: 'http_status' });
        const next = new Date(item?.nextAttemptAt ?? 0).getTime();
        delays.push(next - clock);
        // Not due yet: nothing is sent a minute early.
        expect(await worker.run(new Date(next - 1000))).toBe(0);
        clock = next;
      }
      delays.forEach((delay, index) => {
        const base = RETRY_DELAYS_MS[index] ?? 0;
        expect(delay).toBeGreaterThanOrEqual(base * 0.8 - 5);
        expect(delay).toBeLessThanOrEqual(base * 1.2 + 5);
      });
      expect(await worker.run(new Date(clock))).toBe(1);
      const [delivered] = await deliveriesOf(endpoint.id);
      expect(delivered).toMatchObject({ status: 'delivered', attempts: 4, lastStatusCode: 204, nextAttemptAt: null });
      expect(receiver.received).toHaveLength(4);
      expect(new Set(receiver.received.map((request) => request.headers['clientele-event-id'])).size).toBe(1);

      // Redeliver: a new delivery row, sent at once, with the same event id.
      const again = await org.owner.client.post(`/api/webhooks/deliveries/${delivered?.id}/redeliver`);
      expect(again.statusCode, again.body).toBe(200);
      expect(again.json<DeliveryItem>()).toMatchObject({ status: 'delivered', eventId: delivered?.eventId, attempts: 1 });
      expect(receiver.received[4]?.headers['clientele-event-id']).toBe(delivered?.eventId);

      // A receiver that never recovers: after MAX_ATTEMPTS the delivery is failed and no longer scheduled.
      failUntil = Number.POSITIVE_INFINITY;
      await createCustomer(org.owner.client, { name: uniqueName('Hopeless') });
      clock = Date.now();
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        expect(await worker.run(new Date(clock))).toBe(1);
        const [item] = await deliveriesOf(endpoint.id);
        if (attempt < MAX_ATTEMPTS) clock = new Date(item?.nextAttemptAt ?? 0).getTime();
        else expect(item).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, nextAttemptAt: null });
      }
      expect(await worker.run(new Date(clock + 30 * 86_400_000))).toBe(0);
      await switchOff(endpoint.id);
    } finally {
      await receiver.close();
    }
  });

  it('switches off an endpoint that failed for three days, tells the admins in the audit log, and gives up its pending events', async () => {
    const receiver = await startReceiver({ respond: () => 503 });
    try {
      const endpoint = await createEndpoint(receiver.url);
      await createCustomer(org.owner.client, { name: uniqueName('Down') });
      await worker.run();
      await org.db.update(webhookEndpoints).set({ failingSince: new Date(Date.now() - 4 * 86_400_000) }).where(eq(webhookEndpoints.id, endpoint.id));
      await createCustomer(org.owner.client, { name: uniqueName('Down again') });
      await worker.run(new Date(Date.now() + 2 * 3_600_000));
      const view = (await org.owner.client.get(`/api/webhooks/${endpoint.id}`)).json<{ active: boolean; disabledReason: string | null }>();
      expect(view).toMatchObject({ active: false, disabledReason: 'failing' });
      expect((await deliveriesOf(endpoint.id)).every((item) => item.status === 'failed')).toBe(true);
      const audited = await org.db.select().from(auditEvents).where(eq(auditEvents.action, 'webhook_endpoint_disabled'));
      expect(audited.map((row) => (row.details as { endpointId?: string }).endpointId)).toContain(endpoint.id);
      expect(errorOf(await org.owner.client.post(`/api/webhooks/${endpoint.id}/test`))).toEqual({ status: 409, code: 'webhooks.endpoint_disabled' });
    } finally {
      await receiver.close();
    }
  });

  it('a secret that no longer opens (SECRET_KEY changed) fails the delivery at once instead of retrying forever', async () => {
    const receiver = await startReceiver();
    try {
      const endpoint = await createEndpoint(receiver.url);
      await org.db.update(webhookEndpoints).set({ secretSealed: 'v1.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA.AAAA' }).where(eq(webhookEndpoints.id, endpoint.id));
      await createCustomer(org.owner.client, { name: uniqueName('Unsigned') });
      expect(await worker.run()).toBe(1);
      expect(receiver.received).toHaveLength(0);
      expect(await deliveriesOf(endpoint.id)).toMatchObject([{ status: 'failed', attempts: 1, lastError: 'secret_unreadable' }]);
    } finally {
      await receiver.close();
    }
  });

  it('two workers racing over the same due events send each exactly once', async () => {
    const receiver = await startReceiver({ delayMs: 50 });
    try {
      const endpoint = await createEndpoint(receiver.url);
      for (let index = 0; index < 6; index++) await createCustomer(org.owner.client, { name: uniqueName(`Race ${index}`) });
      const other = new WebhookDelivery(org.testApp.context.identity, true);
      const [first, second] = await Promise.all([worker.run(), other.run()]);
      expect((first ?? 0) + (second ?? 0)).toBe(6);
      expect(receiver.received).toHaveLength(6);
      expect(new Set(receiver.received.map((request) => request.headers['clientele-event-id'])).size).toBe(6);
      expect((await deliveriesOf(endpoint.id)).every((item) => item.status === 'delivered' && item.attempts === 1)).toBe(true);
      await switchOff(endpoint.id);
    } finally {
      await receiver.close();
    }
  });

  it('the test button sends a signed ping at once; an unreachable port fails it without retries', async () => {
    const receiver = await startReceiver();
    try {
      const endpoint = await createEndpoint(receiver.url);
      const ping = await org.owner.client.post(`/api/webhooks/${endpoint.id}/test`);
      expect(ping.statusCode, ping.body).toBe(200);
      expect(ping.json<DeliveryItem>()).toMatchObject({ eventType: 'ping', status: 'delivered', attempts: 1, lastStatusCode: 200 });
      expect(signatureValid(endpoint.secret, receiver.received[0] ?? { headers: {}, body: '' })).toBe(true);
      await receiver.close();
      const failed = await org.owner.client.post(`/api/webhooks/${endpoint.id}/test`);
      expect(failed.json<DeliveryItem>()).toMatchObject({ status: 'failed', attempts: 1, lastError: 'connection_failed' });
      await switchOff(endpoint.id);
    } finally {
      await receiver.close().catch(() => undefined);
    }
  });
});
