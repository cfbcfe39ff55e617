import { beforeAll, describe, expect, it } from 'vitest';
import { createTask, insertDeal } from '../../../test/crm-activities.ts';
import { createCustomer, errorOf, useCrmOrganization, type CrmMember } from '../../../test/crm.ts';
import type { Customer } from '../customers/customer.schema.ts';
import type { Task } from './task.schema.ts';

const MISSING = '00000000-0000-4000-8000-000000000000';

/** Tasks are scoped by their assignee (the owner's part): sales see theirs, managers their team's, admins all. */
describe('tasks: access', () => {
  const org = useCrmOrganization();

  let customer: Customer;
  let task: Task;

  beforeAll(async () => {
    customer = await createCustomer(org.salesA.client);
    task = await createTask(org.salesA.client, { title: 'Negotiate the discount', customerId: customer.id });
  });

  const attempts = (member: CrmMember, id: string) => [
    () => member.client.get(`/api/tasks/${id}`),
    () => member.client.request('PATCH', `/api/tasks/${id}`, { version: 1, title: 'Overwritten' }),
    () => member.client.post(`/api/tasks/${id}/complete`),
    () => member.client.post(`/api/tasks/${id}/reopen`),
    () => member.client.request('DELETE', `/api/tasks/${id}`),
    () => member.client.post(`/api/tasks/${id}/restore`),
  ];

  it('other salespeople, the other team\'s manager and another organisation get 404, byte for byte like a missing id', async () => {
    const missing = await org.salesB.client.get(`/api/tasks/${MISSING}`);
    for (const member of [org.salesB, org.managerSouth, org.loner, org.foreigner]) {
      for (const attempt of attempts(member, task.id)) {
        const response = await attempt();
        expect(errorOf(response), `${member.name} ${response.raw.req.method} ${response.raw.req.url}`).toEqual({ status: 404, code: 'crm.not_found' });
        expect(response.body).toBe(missing.body);
      }
      for (const id of [MISSING, 'not-a-uuid']) {
        for (const attempt of attempts(member, id)) expect(errorOf(await attempt())).toEqual({ status: 404, code: 'crm.not_found' });
      }
      for (const view of ['open', 'all', 'done']) {
        const listed = (await member.client.get(`/api/tasks?view=${view}&limit=100`)).json<{ items: Task[] }>().items.map((item) => item.id);
        expect(listed).not.toContain(task.id);
      }
      expect((await member.client.get(`/api/tasks?view=all&customerId=${customer.id}`)).json<{ items: Task[] }>().items).toEqual([]);
      // Nor can they hang a task on A's customer.
      expect(errorOf(await member.client.post('/api/tasks', { title: 'Sneak', customerId: customer.id }))).toEqual({ status: 404, code: 'crm.not_found' });
    }
    expect((await org.salesA.client.get(`/api/tasks/${task.id}`)).json<Task>()).toMatchObject({ title: 'Negotiate the discount', status: 'open', version: 1 });
  });

  it('another salesperson\'s deal or customer id in the body is not found', async () => {
    const bobs = await createCustomer(org.salesB.client);
    const [orgRow] = await org.db.query.crmCustomers.findMany({ where: (table, { eq }) => eq(table.id, bobs.id), columns: { orgId: true } });
    const bobsDeal = await insertDeal(org.db, { orgId: orgRow?.orgId ?? '', customerId: bobs.id, ownerUserId: org.salesB.id });
    expect(errorOf(await org.salesA.client.post('/api/tasks', { title: 'Sneak', dealId: bobsDeal }))).toEqual({ status: 404, code: 'crm.not_found' });
    const own = await createTask(org.salesA.client);
    expect(errorOf(await org.salesA.client.request('PATCH', `/api/tasks/${own.id}`, { version: 1, customerId: bobs.id }))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await org.salesA.client.request('PATCH', `/api/tasks/${own.id}`, { version: 1, dealId: bobsDeal }))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await org.salesA.client.get('/api/tasks?customerId=not-a-uuid'))).toEqual({ status: 404, code: 'crm.not_found' });
  });

  it('a task the manager gave about his own customer does not reveal that customer to the salesperson', async () => {
    const managers = await createCustomer(org.managerNorth.client);
    const handed = await createTask(org.managerNorth.client, { assigneeId: org.salesA.id, customerId: managers.id, title: 'Call his customer' });
    const seen = (await org.salesA.client.get(`/api/tasks/${handed.id}`)).json<Task>();
    expect(seen).toMatchObject({ title: 'Call his customer', customerId: null, customerName: null, canEdit: true });
  });

  it('task rows on a customer\'s timeline show only to those who may see the task, named by its title', async () => {
    const own = await createCustomer(org.salesA.client);
    const managers = await createTask(org.managerNorth.client, { title: 'Check Alice\'s pricing', customerId: own.id });
    const timeline = async (member: CrmMember) =>
      (await member.client.get(`/api/customers/${own.id}/history`)).json<{ items: { recordType: string; recordId: string; recordLabel: string | null }[] }>().items.filter((item) => item.recordType === 'task');
    expect(await timeline(org.salesA)).toEqual([]);
    expect(await timeline(org.managerNorth)).toEqual([expect.objectContaining({ recordId: managers.id, recordLabel: 'Check Alice\'s pricing' })]);
  });

  it('viewers read every task and change none (403 crm.read_only before any lookup)', async () => {
    expect((await org.viewer.client.get(`/api/tasks/${task.id}`)).json<Task>()).toMatchObject({ id: task.id, canEdit: false });
    for (const id of [task.id, MISSING]) {
      for (const attempt of attempts(org.viewer, id).slice(1)) expect(errorOf(await attempt())).toEqual({ status: 403, code: 'crm.read_only' });
    }
    expect(errorOf(await org.viewer.client.post('/api/tasks', { title: 'Mine' }))).toEqual({ status: 403, code: 'crm.read_only' });
    expect((await org.viewer.client.get('/api/tasks?view=my_day')).json<{ items: Task[] }>().items).toEqual([]);
  });

  it('the team\'s manager and the admin act on the salesperson\'s task; the salesperson not on the manager\'s', async () => {
    expect((await org.managerNorth.client.get(`/api/tasks/${task.id}`)).json<Task>().canEdit).toBe(true);
    expect((await org.admin.client.post(`/api/tasks/${task.id}/complete`)).json<Task>().status).toBe('done');
    expect((await org.managerNorth.client.post(`/api/tasks/${task.id}/reopen`)).json<Task>().status).toBe('open');
    const managersOwn = await createTask(org.managerNorth.client);
    expect(errorOf(await org.salesA.client.get(`/api/tasks/${managersOwn.id}`))).toEqual({ status: 404, code: 'crm.not_found' });
  });
});
