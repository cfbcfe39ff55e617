import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createTask, insertDeal } from '../../../test/crm-activities.ts';
import { collectPages, createCustomer, errorOf, useCrmOrganization } from '../../../test/crm.ts';
import { crmCustomers } from '../customers/customer.tables.ts';
import { crmRecordChanges } from '../history/history.tables.ts';
import { dayBounds } from '../../i18n/time-zone.ts';
import type { Task } from './task.schema.ts';

const MINUTE = 60_000;

describe('tasks', () => {
  const org = useCrmOrganization();

  const myDay = async (client: typeof org.salesA.client, zone: string) => {
    const response = await client.get(`/api/tasks?view=my_day&tz=${encodeURIComponent(zone)}&limit=100`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ items: Task[] }>().items;
  };
  const taskHistory = (taskId: string) => org.db.select().from(crmRecordChanges).where(and(eq(crmRecordChanges.recordType, 'task'), eq(crmRecordChanges.recordId, taskId))).orderBy(crmRecordChanges.seq);

  it('creates a task for the caller by default, linked to a visible customer; bad input is 400', async () => {
    const customer = await createCustomer(org.salesA.client);
    const dueAt = new Date(Date.now() + 60 * MINUTE).toISOString();
    const response = await org.salesA.client.post('/api/tasks', { title: '  Send the quote  ', notes: ' With the new prices ', dueAt, customerId: customer.id });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json<Task>()).toMatchObject({
      title: 'Send the quote',
      notes: 'With the new prices',
      dueAt,
      status: 'open',
      assigneeId: org.salesA.id,
      assigneeName: 'Alice Sales',
      customerId: customer.id,
      customerName: customer.name,
      dealId: null,
      followUpId: null,
      completedAt: null,
      createdByName: 'Alice Sales',
      version: 1,
      canEdit: true,
    });
    const [added] = await taskHistory(response.json<Task>().id);
    expect(added).toMatchObject({ action: 'task_added', customerId: customer.id, changes: { title: { from: null, to: 'Send the quote' }, assignee: { from: null, to: 'Alice Sales' } } });
    // A task without a customer has no timeline to appear on.
    expect(await taskHistory((await createTask(org.salesA.client)).id)).toEqual([]);

    for (const body of [
      {},
      { title: ' ' },
      { title: 'x'.repeat(201) },
      { title: 'Call', dueAt: 'tomorrow' },
      { title: 'Call', dueAt: '2025-03-04T09:00:00' },
      { title: 'Call', assigneeId: 'not-a-uuid' },
      { title: 'Call', status: 'done' },
      { title: 'Call', orgId: '00000000-0000-4000-8000-000000000000' },
      { title: 'Call', createdBy: org.salesB.id },
      { title: 'Call', followUpId: '00000000-0000-4000-8000-000000000000' },
    ]) {
      expect(errorOf(await org.salesA.client.post('/api/tasks', body)), JSON.stringify(body)).toEqual({ status: 400, code: 'validation_failed' });
    }
    expect(errorOf(await org.salesA.client.get('/api/tasks?view=my_day&tz=Mars/Olympus'))).toEqual({ status: 400, code: 'validation_failed' });
    expect(errorOf(await org.salesA.client.get('/api/tasks?view=someday'))).toEqual({ status: 400, code: 'validation_failed' });
  });

  it('assigns: sales only themselves, managers their team, admins any active member who works on the CRM', async () => {
    const refused = (client: typeof org.salesA.client, assigneeId: string) => client.post('/api/tasks', { title: 'Visit', assigneeId }).then(errorOf);
    expect(await refused(org.salesA.client, org.salesB.id)).toEqual({ status: 403, code: 'crm.assignee_not_allowed' });
    expect(await refused(org.salesA.client, org.managerNorth.id)).toEqual({ status: 403, code: 'crm.assignee_not_allowed' });
    expect((await createTask(org.managerNorth.client, { assigneeId: org.salesA.id })).assigneeId).toBe(org.salesA.id);
    expect(await refused(org.managerNorth.client, org.salesB.id)).toEqual({ status: 403, code: 'crm.assignee_not_allowed' });
    expect(await refused(org.managerNorth.client, org.foreigner.id)).toEqual({ status: 403, code: 'crm.assignee_not_allowed' });
    expect((await createTask(org.admin.client, { assigneeId: org.salesB.id })).assigneeName).toBe('Bob Sales');
    for (const assigneeId of [org.viewer.id, org.foreigner.id, '00000000-0000-4000-8000-000000000000']) {
      expect(await refused(org.admin.client, assigneeId)).toEqual({ status: 400, code: 'crm.invalid_assignee' });
    }

    // Reassigning follows the same rule; the timeline names people, not ids.
    const customer = await createCustomer(org.managerNorth.client, { ownerId: org.salesA.id });
    const task = await createTask(org.managerNorth.client, { customerId: customer.id });
    expect(errorOf(await org.managerNorth.client.request('PATCH', `/api/tasks/${task.id}`, { version: 1, assigneeId: org.salesB.id }))).toEqual({ status: 403, code: 'crm.assignee_not_allowed' });
    const moved = await org.managerNorth.client.request('PATCH', `/api/tasks/${task.id}`, { version: 1, assigneeId: org.salesA.id, title: 'Visit the plant' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json<Task>()).toMatchObject({ assigneeId: org.salesA.id, title: 'Visit the plant', version: 2 });
    expect((await taskHistory(task.id)).at(-1)?.changes).toEqual({ title: { from: 'Send the quote', to: 'Visit the plant' }, assignee: { from: 'Nora North', to: 'Alice Sales' } });
    expect(errorOf(await org.salesA.client.request('PATCH', `/api/tasks/${task.id}`, { version: 1, title: 'Late' }))).toEqual({ status: 409, code: 'crm.stale_version' });
  });

  it('links a deal (which brings its customer) only when both are visible and belong together', async () => {
    const customer = await createCustomer(org.salesA.client);
    const other = await createCustomer(org.salesA.client);
    const [{ orgId } = { orgId: '' }] = await org.db.select({ orgId: crmCustomers.orgId }).from(crmCustomers).where(eq(crmCustomers.id, customer.id));
    const dealId = await insertDeal(org.db, { orgId, customerId: customer.id, ownerUserId: org.salesA.id, name: 'Pumps' });
    const byDeal = await createTask(org.salesA.client, { dealId });
    expect(byDeal).toMatchObject({ dealId, dealName: 'Pumps', customerId: customer.id, customerName: customer.name });
    expect(errorOf(await org.salesA.client.post('/api/tasks', { title: 'Mismatch', customerId: other.id, dealId }))).toEqual({ status: 404, code: 'crm.not_found' });
    // Moving the task to another customer drops the deal of the first one.
    const relinked = await org.salesA.client.request('PATCH', `/api/tasks/${byDeal.id}`, { version: 1, customerId: other.id });
    expect(relinked.statusCode, relinked.body).toBe(200);
    expect(relinked.json<Task>()).toMatchObject({ customerId: other.id, dealId: null });
    expect((await org.salesA.client.get(`/api/tasks?view=all&customerId=${other.id}`)).json<{ items: Task[] }>().items.map((task) => task.id)).toEqual([byDeal.id]);
  });

  it('"my day" is the caller\'s open tasks due before the end of his today, overdue first, undated last — in his time zone', async () => {
    const east = 'Pacific/Kiritimati';
    const west = 'Pacific/Pago_Pago';
    const now = Date.now();
    const ends = [dayBounds(new Date(now), east).end.getTime(), dayBounds(new Date(now), west).end.getTime()].sort((left, right) => left - right);
    const [earlierEnd = 0, laterEnd = 0] = ends;
    const earlierZone = dayBounds(new Date(now), east).end.getTime() === earlierEnd ? east : west;
    const laterZone = earlierZone === east ? west : east;
    const due = (at: number) => new Date(at).toISOString();
    const undated = await createTask(org.loner.client, { title: 'Undated' });
    const betweenEnds = await createTask(org.loner.client, { title: 'Today only in the later zone', dueAt: due(earlierEnd + MINUTE) });
    const overdue = await createTask(org.loner.client, { title: 'Overdue', dueAt: due(now - 26 * 60 * MINUTE) });
    const soon = await createTask(org.loner.client, { title: 'Soon', dueAt: due(Math.min(now + 5 * MINUTE, earlierEnd - MINUTE)) });
    const later = await createTask(org.loner.client, { title: 'After both days', dueAt: due(laterEnd + MINUTE) });
    const done = await createTask(org.loner.client, { title: 'Done', dueAt: due(now - 60 * MINUTE) });
    expect((await org.loner.client.post(`/api/tasks/${done.id}/complete`)).statusCode).toBe(200);
    // Someone else's overdue task is not in this day.
    await createTask(org.salesA.client, { title: 'Alice\'s', dueAt: due(now - 60 * MINUTE) });

    expect((await myDay(org.loner.client, earlierZone)).map((task) => task.title)).toEqual([overdue.title, soon.title, undated.title]);
    expect((await myDay(org.loner.client, laterZone)).map((task) => task.title)).toEqual([overdue.title, soon.title, betweenEnds.title, undated.title]);
    expect(later.status).toBe('open');

    const counts = await org.loner.client.get(`/api/tasks/counts?tz=${encodeURIComponent(laterZone)}`);
    expect(counts.json()).toEqual({ overdue: 1, today: 2, undated: 1 });
    expect((await org.loner.client.get(`/api/tasks/counts?tz=${encodeURIComponent(earlierZone)}`)).json()).toEqual({ overdue: 1, today: 1, undated: 1 });
  });

  it('pages open tasks by due time (undated last) and done tasks by completion, without gaps or repeats', async () => {
    const customer = await createCustomer(org.salesB.client);
    const sameDue = new Date(Date.now() + 3 * 60 * MINUTE).toISOString();
    const ids: string[] = [];
    for (let index = 0; index < 9; index += 1) {
      const task = await createTask(org.salesB.client, { title: `Task ${index}`, customerId: customer.id, ...(index % 3 === 0 ? {} : { dueAt: index % 3 === 1 ? sameDue : new Date(Date.now() + index * MINUTE).toISOString() }) });
      ids.push(task.id);
    }
    const { items } = await collectPages<Task>(org.salesB.client, '/api/tasks', { view: 'open', customerId: customer.id, limit: 2 });
    expect(items.map((task) => task.id).sort()).toEqual([...ids].sort());
    const dues = items.map((task) => (task.dueAt === null ? Number.POSITIVE_INFINITY : Date.parse(String(task.dueAt))));
    expect([...dues].sort((left, right) => left - right)).toEqual(dues);

    for (const id of ids.slice(0, 5)) expect((await org.salesB.client.post(`/api/tasks/${id}/complete`)).statusCode).toBe(200);
    const finished = await collectPages<Task>(org.salesB.client, '/api/tasks', { view: 'done', customerId: customer.id, limit: 2 });
    expect(finished.items.map((task) => task.id)).toEqual(ids.slice(0, 5).reverse());
    expect((await collectPages<Task>(org.salesB.client, '/api/tasks', { view: 'all', customerId: customer.id, limit: 4 })).items).toHaveLength(9);
    expect(errorOf(await org.salesB.client.get('/api/tasks?view=done&cursor=garbage'))).toEqual({ status: 400, code: 'crm.bad_cursor' });
    // A cursor from one view is refused by another.
    const firstOpenPage = (await org.salesB.client.get(`/api/tasks?view=open&customerId=${customer.id}&limit=1`)).json<{ nextCursor: string }>();
    expect(errorOf(await org.salesB.client.get(`/api/tasks?view=my_day&cursor=${firstOpenPage.nextCursor}`))).toEqual({ status: 400, code: 'crm.bad_cursor' });
  });

  it('completing one task from several places at once records it done once; reopen likewise', async () => {
    const customer = await createCustomer(org.salesA.client);
    const task = await createTask(org.salesA.client, { customerId: customer.id });
    const results = await Promise.all([
      org.salesA.client.post(`/api/tasks/${task.id}/complete`),
      org.salesA.client.post(`/api/tasks/${task.id}/complete`),
      org.managerNorth.client.post(`/api/tasks/${task.id}/complete`),
      org.admin.client.post(`/api/tasks/${task.id}/complete`),
    ]);
    expect(results.map((response) => response.statusCode)).toEqual([200, 200, 200, 200]);
    for (const response of results) expect(response.json<Task>()).toMatchObject({ status: 'done', version: 2 });
    const completed = results[0]?.json<Task>();
    expect(completed?.completedAt).not.toBeNull();
    expect((await taskHistory(task.id)).map((row) => row.action)).toEqual(['task_added', 'task_completed']);

    const reopened = await Promise.all([org.salesA.client.post(`/api/tasks/${task.id}/reopen`), org.managerNorth.client.post(`/api/tasks/${task.id}/reopen`)]);
    expect(reopened.map((response) => response.json<Task>())).toEqual([expect.objectContaining({ status: 'open', completedAt: null, version: 3 }), expect.objectContaining({ status: 'open', version: 3 })]);
    expect((await taskHistory(task.id)).map((row) => row.action)).toEqual(['task_added', 'task_completed', 'task_reopened']);
  });

  it('the assignee deletes and restores his task (crm.write is enough); viewers cannot', async () => {
    const customer = await createCustomer(org.salesA.client);
    const task = await createTask(org.salesA.client, { customerId: customer.id });
    expect(errorOf(await org.viewer.client.request('DELETE', `/api/tasks/${task.id}`))).toEqual({ status: 403, code: 'crm.read_only' });
    expect((await org.salesA.client.request('DELETE', `/api/tasks/${task.id}`)).statusCode).toBe(200);
    expect(errorOf(await org.salesA.client.get(`/api/tasks/${task.id}`))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await org.salesA.client.post(`/api/tasks/${task.id}/complete`))).toEqual({ status: 404, code: 'crm.not_found' });
    const restored = await org.salesA.client.post(`/api/tasks/${task.id}/restore`);
    expect(restored.statusCode, restored.body).toBe(200);
    expect((await org.salesA.client.post(`/api/tasks/${task.id}/restore`)).statusCode).toBe(200);
    expect((await taskHistory(task.id)).map((row) => row.action)).toEqual(['task_added', 'task_deleted', 'task_restored']);
  });
});
