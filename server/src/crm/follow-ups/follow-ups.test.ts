import { and, eq, isNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createFollowUp, insertDeal } from '../../../test/crm-activities.ts';
import { collectPages, createContact, createCustomer, errorOf, useCrmOrganization } from '../../../test/crm.ts';
import type { Customer } from '../customers/customer.schema.ts';
import { crmCustomers } from '../customers/customer.tables.ts';
import type { Task } from '../tasks/task.schema.ts';
import { crmTasks } from '../tasks/task.tables.ts';
import type { FollowUp } from './follow-up.schema.ts';

interface HistoryItem {
  action: string;
  recordType: string;
  recordId: string;
  actorName: string | null;
  changes: Record<string, { from: unknown; to: unknown }> | null;
}

const HOUR = 3_600_000;
const at = (offsetHours: number) => new Date(Date.now() + offsetHours * HOUR);
const iso = (offsetHours: number) => at(offsetHours).toISOString();

describe('follow-ups', () => {
  const org = useCrmOrganization();

  const customerOf = async (id: string) => (await org.owner.client.get(`/api/customers/${id}`)).json<Customer>();
  const lastFollowUp = async (id: string) => (await customerOf(id)).lastFollowUpAt;
  const timeline = async (customerId: string) => (await org.salesA.client.get(`/api/customers/${customerId}/history`)).json<{ items: HistoryItem[] }>().items;
  const orgIdOf = async (customerId: string) => (await org.db.select({ orgId: crmCustomers.orgId }).from(crmCustomers).where(eq(crmCustomers.id, customerId)))[0]?.orgId;
  /** Every reminder task of a follow-up, trash included, straight from the table. */
  const remindersOf = (followUpId: string) => org.db.select().from(crmTasks).where(eq(crmTasks.followUpId, followUpId)).orderBy(crmTasks.createdAt);

  it('logs a follow-up: defaults to now, names its author, contact and deal, lands on the timeline and moves last_follow_up_at', async () => {
    const customer = await createCustomer(org.salesA.client);
    const contact = await createContact(org.salesA.client, customer.id, { name: 'Zhang Wei' });
    const dealId = await insertDeal(org.db, { orgId: (await orgIdOf(customer.id)) ?? '', customerId: customer.id, ownerUserId: org.salesA.id, name: 'Spring order' });
    const before = Date.now();
    const response = await org.salesA.client.post('/api/follow-ups', { customerId: customer.id, contactId: contact.id, dealId, type: 'visit', content: '  Visited the plant; they want a quote by Friday.  ' });
    expect(response.statusCode, response.body).toBe(201);
    const followUp = response.json<FollowUp>();
    expect(followUp).toMatchObject({
      customerId: customer.id,
      customerName: customer.name,
      contactId: contact.id,
      contactName: 'Zhang Wei',
      dealId,
      dealName: 'Spring order',
      type: 'visit',
      content: 'Visited the plant; they want a quote by Friday.',
      nextFollowUpAt: null,
      authorId: org.salesA.id,
      authorName: 'Alice Sales',
      attachments: [],
      version: 1,
      canEdit: true,
    });
    expect(Date.parse(String(followUp.occurredAt))).toBeGreaterThanOrEqual(before - 1000);
    expect(await lastFollowUp(customer.id)).toBe(followUp.occurredAt);
    // Logging a follow-up is not an edit of the customer: nobody editing it gets a stale-version conflict.
    expect((await customerOf(customer.id)).version).toBe(customer.version);
    const [entry] = await timeline(customer.id);
    expect(entry).toMatchObject({ action: 'follow_up_added', recordType: 'follow_up', recordId: followUp.id, actorName: 'Alice Sales', changes: { type: { from: null, to: 'visit' } } });
    expect((await org.salesA.client.get(`/api/follow-ups/${followUp.id}`)).json<FollowUp>()).toEqual(followUp);
  });

  it('refuses bad input with 400 and never stores it', async () => {
    const customer = await createCustomer(org.salesA.client);
    const other = await createCustomer(org.salesA.client);
    const otherContact = await createContact(org.salesA.client, other.id);
    for (const body of [
      { customerId: customer.id, type: 'call' },
      { customerId: customer.id, type: 'call', content: '   ' },
      { customerId: customer.id, type: 'call', content: 'x'.repeat(10_001) },
      { customerId: customer.id, type: 'fax', content: 'Sent a fax' },
      { customerId: customer.id, type: 'call', content: 'Hi', occurredAt: 'yesterday' },
      { customerId: customer.id, type: 'call', content: 'Hi', occurredAt: '2025-03-04T09:00:00' },
      { customerId: customer.id, type: 'call', content: 'Hi', authorUserId: org.salesB.id },
      { customerId: customer.id, type: 'call', content: 'Hi', orgId: '00000000-0000-4000-8000-000000000000' },
      { type: 'call', content: 'No customer' },
    ]) {
      expect(errorOf(await org.salesA.client.post('/api/follow-ups', body)), JSON.stringify(body).slice(0, 80)).toEqual({ status: 400, code: 'validation_failed' });
    }
    expect((await createFollowUp(org.salesA.client, customer.id, { content: 'x'.repeat(10_000) })).content).toHaveLength(10_000);
    // A few minutes of clock skew are fine; more is a follow-up that has not happened yet.
    await createFollowUp(org.salesA.client, customer.id, { occurredAt: new Date(Date.now() + 2 * 60_000).toISOString() });
    expect(errorOf(await org.salesA.client.post('/api/follow-ups', { customerId: customer.id, type: 'call', content: 'Hi', occurredAt: iso(1) }))).toEqual({ status: 400, code: 'crm.follow_up_in_future' });
    for (const nextFollowUpAt of [iso(-3), iso(-2)]) {
      expect(errorOf(await org.salesA.client.post('/api/follow-ups', { customerId: customer.id, type: 'call', content: 'Hi', occurredAt: iso(-2), nextFollowUpAt }))).toEqual({ status: 400, code: 'crm.next_follow_up_too_early' });
    }
    // The contact must be a live contact of this customer.
    expect(errorOf(await org.salesA.client.post('/api/follow-ups', { customerId: customer.id, type: 'call', content: 'Hi', contactId: otherContact.id }))).toEqual({ status: 404, code: 'crm.not_found' });
    const gone = await createContact(org.salesA.client, customer.id);
    expect((await org.managerNorth.client.request('DELETE', `/api/contacts/${gone.id}`)).statusCode).toBe(200);
    expect(errorOf(await org.salesA.client.post('/api/follow-ups', { customerId: customer.id, type: 'call', content: 'Hi', contactId: gone.id }))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await org.salesA.client.post('/api/follow-ups', { customerId: customer.id, type: 'call', content: 'Hi', contactId: 'not-a-uuid' }))).toEqual({ status: 404, code: 'crm.not_found' });
  });

  it('a deal must be a live deal of the same customer that the caller may see', async () => {
    const customer = await createCustomer(org.managerNorth.client, { ownerId: org.salesA.id });
    const orgId = (await orgIdOf(customer.id)) ?? '';
    const own = await insertDeal(org.db, { orgId, customerId: customer.id, ownerUserId: org.salesA.id });
    const elsewhere = await insertDeal(org.db, { orgId, customerId: (await createCustomer(org.salesA.client)).id, ownerUserId: org.salesA.id });
    // A deal of A's customer that belongs to a salesperson of the other team: A does not see it.
    const hidden = await insertDeal(org.db, { orgId, customerId: customer.id, ownerUserId: org.salesB.id });
    expect((await createFollowUp(org.salesA.client, customer.id, { dealId: own })).dealId).toBe(own);
    for (const dealId of [elsewhere, hidden]) {
      expect(errorOf(await org.salesA.client.post('/api/follow-ups', { customerId: customer.id, type: 'call', content: 'Hi', dealId }))).toEqual({ status: 404, code: 'crm.not_found' });
    }
    // The owner sees every deal: linking it works for him, and A then reads the follow-up without the deal's name.
    const linked = await createFollowUp(org.owner.client, customer.id, { dealId: hidden });
    expect(linked.dealName).not.toBeNull();
    expect((await org.salesA.client.get(`/api/follow-ups/${linked.id}`)).json<FollowUp>()).toMatchObject({ dealId: null, dealName: null });
  });

  it('keeps last_follow_up_at on the latest live follow-up through edits, trash and restore', async () => {
    const customer = await createCustomer(org.salesA.client);
    expect(await lastFollowUp(customer.id)).toBeNull();
    const older = await createFollowUp(org.salesA.client, customer.id, { occurredAt: iso(-48) });
    const newer = await createFollowUp(org.salesA.client, customer.id, { occurredAt: iso(-24) });
    expect(await lastFollowUp(customer.id)).toBe(newer.occurredAt);
    // Logging one from last week later on does not move the date back.
    await createFollowUp(org.salesA.client, customer.id, { occurredAt: iso(-24 * 7) }).then(async (oldest) => {
      expect(await lastFollowUp(customer.id)).toBe(newer.occurredAt);
      expect((await org.salesA.client.request('DELETE', `/api/follow-ups/${oldest.id}`)).statusCode).toBe(200);
    });

    const moved = await org.salesA.client.request('PATCH', `/api/follow-ups/${older.id}`, { version: 1, occurredAt: iso(-1) });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await lastFollowUp(customer.id)).toBe(moved.json<FollowUp>().occurredAt);

    expect((await org.salesA.client.request('DELETE', `/api/follow-ups/${older.id}`)).statusCode).toBe(200);
    expect(await lastFollowUp(customer.id)).toBe(newer.occurredAt);
    expect(errorOf(await org.salesA.client.get(`/api/follow-ups/${older.id}`))).toEqual({ status: 404, code: 'crm.not_found' });
    expect((await org.salesA.client.post(`/api/follow-ups/${older.id}/restore`)).statusCode).toBe(200);
    expect(await lastFollowUp(customer.id)).toBe(moved.json<FollowUp>().occurredAt);
    // Restoring twice is harmless.
    expect((await org.salesA.client.post(`/api/follow-ups/${older.id}/restore`)).statusCode).toBe(200);

    for (const followUp of [older, newer]) expect((await org.salesA.client.request('DELETE', `/api/follow-ups/${followUp.id}`)).statusCode).toBe(200);
    expect(await lastFollowUp(customer.id)).toBeNull();
    const actions = (await timeline(customer.id)).map((item) => item.action);
    expect(actions.slice(0, 4)).toEqual(['follow_up_deleted', 'follow_up_deleted', 'follow_up_restored', 'follow_up_deleted']);
  });

  it('edits with versions; only the author or crm.writeAll in scope may change a follow-up', async () => {
    const customer = await createCustomer(org.salesA.client);
    const followUp = await createFollowUp(org.salesA.client, customer.id, { content: 'First call' });
    const saved = await org.salesA.client.request('PATCH', `/api/follow-ups/${followUp.id}`, { version: 1, type: 'wechat', content: 'First WeChat chat' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json<FollowUp>()).toMatchObject({ type: 'wechat', content: 'First WeChat chat', version: 2 });
    expect(errorOf(await org.salesA.client.request('PATCH', `/api/follow-ups/${followUp.id}`, { version: 1, content: 'Late' }))).toEqual({ status: 409, code: 'crm.stale_version' });
    expect(errorOf(await org.salesA.client.request('PATCH', `/api/follow-ups/${followUp.id}`, { version: 2, customerId: customer.id }))).toEqual({ status: 400, code: 'validation_failed' });
    // Her manager may correct it; the manager's own follow-up on her customer is his, not hers.
    const corrected = await org.managerNorth.client.request('PATCH', `/api/follow-ups/${followUp.id}`, { version: 2, content: 'First WeChat chat (corrected)' });
    expect(corrected.statusCode, corrected.body).toBe(200);
    const managers = await createFollowUp(org.managerNorth.client, customer.id);
    expect((await org.salesA.client.get(`/api/follow-ups/${managers.id}`)).json<FollowUp>().canEdit).toBe(false);
    expect(errorOf(await org.salesA.client.request('PATCH', `/api/follow-ups/${managers.id}`, { version: 1, content: 'Mine now' }))).toEqual({ status: 403, code: 'forbidden' });
    expect(errorOf(await org.salesA.client.request('DELETE', `/api/follow-ups/${managers.id}`))).toEqual({ status: 403, code: 'forbidden' });

    const [latest] = await timeline(customer.id);
    expect(latest).toMatchObject({ action: 'follow_up_added', actorName: 'Nora North' });
    const edits = (await timeline(customer.id)).filter((item) => item.action === 'follow_up_updated');
    expect(edits.at(-1)?.changes).toEqual({ type: { from: 'call', to: 'wechat' }, content: { from: 'First call', to: 'First WeChat chat' } });
  });

  it('a next follow-up date creates a reminder for the owner that moves with the date, goes when cleared, and leaves a done one alone', async () => {
    const customer = await createCustomer(org.managerNorth.client, { ownerId: org.salesA.id, name: `Huatong ${Date.now()}` });
    const followUp = await createFollowUp(org.managerNorth.client, customer.id, { type: 'meeting', nextFollowUpAt: iso(24) });
    const [reminder] = await remindersOf(followUp.id);
    expect(reminder).toMatchObject({ assigneeUserId: org.salesA.id, customerId: customer.id, status: 'open', createdBy: org.managerNorth.id, deletedAt: null });
    expect(reminder?.title).toBe(`Follow up with ${customer.name} (meeting)`);
    expect(reminder?.dueAt?.toISOString()).toBe(followUp.nextFollowUpAt);
    const mine = (await org.salesA.client.get('/api/tasks?view=open')).json<{ items: Task[] }>().items;
    expect(mine.find((task) => task.id === reminder?.id)).toMatchObject({ followUpId: followUp.id, customerName: customer.name });

    const moved = await org.managerNorth.client.request('PATCH', `/api/follow-ups/${followUp.id}`, { version: 1, nextFollowUpAt: iso(48) });
    let reminders = await remindersOf(followUp.id);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]?.dueAt?.toISOString()).toBe(moved.json<FollowUp>().nextFollowUpAt);

    await org.managerNorth.client.request('PATCH', `/api/follow-ups/${followUp.id}`, { version: 2, nextFollowUpAt: null });
    reminders = await remindersOf(followUp.id);
    expect(reminders).toHaveLength(1);
    expect(reminders[0]?.deletedAt).not.toBeNull();

    await org.managerNorth.client.request('PATCH', `/api/follow-ups/${followUp.id}`, { version: 3, nextFollowUpAt: iso(72) });
    const open = (await remindersOf(followUp.id)).filter((task) => task.deletedAt === null);
    expect(open).toHaveLength(1);
    expect((await org.salesA.client.post(`/api/tasks/${open[0]?.id}/complete`)).statusCode).toBe(200);
    await org.managerNorth.client.request('PATCH', `/api/follow-ups/${followUp.id}`, { version: 4, nextFollowUpAt: iso(96) });
    reminders = (await remindersOf(followUp.id)).filter((task) => task.deletedAt === null);
    expect(reminders.map((task) => task.status)).toEqual(['done', 'open']);
    expect(reminders[0]?.dueAt?.toISOString()).toBe(open[0]?.dueAt?.toISOString());

    // Clearing the date now leaves the done one and removes only the open one.
    await org.managerNorth.client.request('PATCH', `/api/follow-ups/${followUp.id}`, { version: 5, nextFollowUpAt: null });
    reminders = (await remindersOf(followUp.id)).filter((task) => task.deletedAt === null);
    expect(reminders.map((task) => task.status)).toEqual(['done']);
  });

  it('a reminder goes to the trash with its follow-up and comes back with it; a pool customer reminds the author', async () => {
    const customer = await createCustomer(org.salesA.client);
    const followUp = await createFollowUp(org.salesA.client, customer.id, { nextFollowUpAt: iso(5) });
    expect((await org.salesA.client.request('DELETE', `/api/follow-ups/${followUp.id}`)).statusCode).toBe(200);
    expect((await remindersOf(followUp.id)).map((task) => task.deletedAt !== null)).toEqual([true]);
    expect((await org.salesA.client.post(`/api/follow-ups/${followUp.id}/restore`)).statusCode).toBe(200);
    expect((await remindersOf(followUp.id)).map((task) => task.deletedAt)).toEqual([null]);

    const pool = await createCustomer(org.admin.client, { ownerId: null });
    const pooled = await createFollowUp(org.admin.client, pool.id, { nextFollowUpAt: iso(5), type: 'email' });
    expect((await remindersOf(pooled.id))[0]).toMatchObject({ assigneeUserId: org.admin.id, title: `Follow up with ${pool.name} (e-mail)` });
  });

  it('the reminder is titled in its assignee\'s language', async () => {
    const customer = await createCustomer(org.salesA.client, { name: `深圳华通 ${Date.now()}` });
    expect((await org.salesA.client.request('PATCH', '/api/account', { locale: 'zh-CN' })).statusCode).toBe(200);
    try {
      const followUp = await createFollowUp(org.managerNorth.client, customer.id, { type: 'wechat', nextFollowUpAt: iso(3) });
      expect((await remindersOf(followUp.id))[0]?.title).toBe(`跟进${customer.name}（微信）`);
    } finally {
      await org.salesA.client.request('PATCH', '/api/account', { locale: 'en' });
    }
  });

  it('follow-ups and the customer\'s tasks follow the customer into the trash and back; one trashed before stays there', async () => {
    const customer = await createCustomer(org.salesA.client);
    const kept = await createFollowUp(org.salesA.client, customer.id, { nextFollowUpAt: iso(2) });
    const trashedBefore = await createFollowUp(org.salesA.client, customer.id);
    expect((await org.salesA.client.request('DELETE', `/api/follow-ups/${trashedBefore.id}`)).statusCode).toBe(200);
    const task = (await org.salesA.client.post('/api/tasks', { title: 'Bring samples', customerId: customer.id })).json<Task>();

    expect((await org.managerNorth.client.request('DELETE', `/api/customers/${customer.id}`)).statusCode).toBe(200);
    expect(errorOf(await org.salesA.client.get(`/api/follow-ups/${kept.id}`))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await org.salesA.client.get(`/api/tasks/${task.id}`))).toEqual({ status: 404, code: 'crm.not_found' });
    expect((await org.salesA.client.get('/api/tasks?view=my_day')).json<{ items: Task[] }>().items.map((item) => item.id)).not.toContain(task.id);
    // Not while its customer is in the trash.
    expect(errorOf(await org.salesA.client.post(`/api/tasks/${task.id}/restore`))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await org.salesA.client.post(`/api/follow-ups/${kept.id}/restore`))).toEqual({ status: 404, code: 'crm.not_found' });

    expect((await org.managerNorth.client.post(`/api/customers/${customer.id}/restore`)).statusCode).toBe(200);
    expect((await org.salesA.client.get(`/api/follow-ups/${kept.id}`)).statusCode).toBe(200);
    expect((await org.salesA.client.get(`/api/tasks/${task.id}`)).statusCode).toBe(200);
    expect(errorOf(await org.salesA.client.get(`/api/follow-ups/${trashedBefore.id}`))).toEqual({ status: 404, code: 'crm.not_found' });
    const live = await org.db.select({ id: crmTasks.id }).from(crmTasks).where(and(eq(crmTasks.customerId, customer.id), isNull(crmTasks.deletedAt)));
    expect(live).toHaveLength(2);
    expect(await lastFollowUp(customer.id)).toBe(kept.occurredAt);
  });

  it('lists newest first with keyset pagination over equal times, and filters', async () => {
    const customer = await createCustomer(org.salesA.client);
    const same = iso(-5);
    const ids: string[] = [];
    for (let index = 0; index < 7; index += 1) {
      const followUp = await createFollowUp(org.salesA.client, customer.id, { occurredAt: index < 4 ? same : iso(-10 - index), type: index % 2 === 0 ? 'call' : 'email' });
      ids.push(followUp.id);
    }
    const managers = await createFollowUp(org.managerNorth.client, customer.id, { occurredAt: iso(-30) });
    ids.push(managers.id);
    const { items, pages } = await collectPages<FollowUp>(org.salesA.client, '/api/follow-ups', { customerId: customer.id, limit: 3 });
    expect(pages).toBe(3);
    expect(items.map((item) => item.id).sort()).toEqual([...ids].sort());
    const times = items.map((item) => Date.parse(String(item.occurredAt)));
    expect([...times].sort((left, right) => right - left)).toEqual(times);

    const filtered = async (query: string) => (await org.salesA.client.get(`/api/follow-ups?customerId=${customer.id}&${query}`)).json<{ items: FollowUp[] }>().items;
    expect((await filtered('type=email')).every((item) => item.type === 'email')).toBe(true);
    expect((await filtered(`authorId=${org.managerNorth.id}`)).map((item) => item.id)).toEqual([managers.id]);
    expect((await filtered('authorId=me')).map((item) => item.id)).not.toContain(managers.id);
    expect((await filtered(`from=${encodeURIComponent(iso(-6))}&to=${encodeURIComponent(iso(-4))}`))).toHaveLength(4);
    expect(errorOf(await org.salesA.client.get('/api/follow-ups?cursor=garbage'))).toEqual({ status: 400, code: 'crm.bad_cursor' });
    expect(errorOf(await org.salesA.client.get('/api/follow-ups?limit=100000'))).toEqual({ status: 400, code: 'validation_failed' });
  });
});
