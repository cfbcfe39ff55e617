import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../../test/app.ts';
import { createContact, createCustomer, errorOf, useCrmOrganization } from '../../../test/crm.ts';
import { createDeal, historyOf, pipelineOf } from '../../../test/deals.ts';
import type { Customer } from '../customers/customer.schema.ts';
import type { Deal } from './deal.schema.ts';
import { crmDeals } from './deal.tables.ts';

const MISSING = '00000000-0000-4000-8000-000000000000';
const MALFORMED = ['not-a-uuid', "1' or '1'='1", `${MISSING}0`, 'x'.repeat(100)];

/** Every route that names one deal, as the given client sees it. */
function dealRoutes(client: TestClient, id: string, stageId: string): [string, () => Promise<LightMyRequestResponse>][] {
  const path = `/api/deals/${encodeURIComponent(id)}`;
  return [
    ['GET', () => client.get(path)],
    ['GET history', () => client.get(`${path}/history`)],
    ['PATCH', () => client.request('PATCH', path, { version: 1, name: 'Taken over' })],
    ['POST stage', () => client.post(`${path}/stage`, { stageId, version: 1 })],
    ['PATCH stage', () => client.request('PATCH', `${path}/stage`, { stageId, version: 1 })],
  ];
}

describe('deals: data scopes and IDOR', () => {
  const org = useCrmOrganization();
  let alicesCustomer: Customer;
  let alicesDeal: Deal;
  let bobsDeal: Deal;
  let proposal: string;

  beforeAll(async () => {
    alicesCustomer = await createCustomer(org.salesA.client);
    alicesDeal = await createDeal(org.salesA.client, alicesCustomer.id, { name: 'Alice secret deal', amount: '777.00' });
    bobsDeal = await createDeal(org.salesB.client, (await createCustomer(org.salesB.client)).id);
    proposal = (await pipelineOf(org.salesA.client)).find((stage) => stage.key === 'proposal')?.id ?? '';
  });

  it('someone else’s deal answers exactly like a missing one, on every route, for sales, the other team and another organisation', async () => {
    const missing = dealRoutes(org.salesB.client, MISSING, proposal);
    for (const member of [org.salesB, org.managerSouth, org.loner, org.foreigner]) {
      const theirs = dealRoutes(member.client, alicesDeal.id, proposal);
      for (const [index, [label, call]] of theirs.entries()) {
        const response = await call();
        const reference = await (missing[index]?.[1] ?? call)();
        expect(errorOf(response), `${member.name} ${label}`).toEqual({ status: 404, code: 'crm.not_found' });
        expect(response.body, `${member.name} ${label}`).toBe(reference.body);
      }
    }
    for (const id of MALFORMED) {
      for (const [label, call] of dealRoutes(org.salesA.client, id, proposal)) {
        expect(errorOf(await call()), `${id} ${label}`).toEqual({ status: 404, code: 'crm.not_found' });
      }
    }
    // Deleting and restoring need crm.delete: the other team's manager has it, and still finds nothing.
    expect(errorOf(await org.managerSouth.client.request('DELETE', `/api/deals/${alicesDeal.id}`))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await org.managerSouth.client.post(`/api/deals/${alicesDeal.id}/restore`))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await org.foreigner.client.request('DELETE', `/api/deals/${alicesDeal.id}`))).toEqual({ status: 404, code: 'crm.not_found' });
    expect((await org.salesA.client.get(`/api/deals/${alicesDeal.id}`)).json<Deal>()).toMatchObject({ name: 'Alice secret deal', version: 1 });
  });

  it('lists, the board, sums and the trash never show another salesperson’s deals', async () => {
    const trashed = await createDeal(org.salesA.client, alicesCustomer.id);
    expect((await org.managerNorth.client.request('DELETE', `/api/deals/${trashed.id}`)).statusCode).toBe(200);
    const trashIds = async (client: TestClient) => (await client.get('/api/deals/trash')).json<{ items: { id: string }[] }>().items.map((item) => item.id);
    expect(await trashIds(org.managerNorth.client)).toContain(trashed.id);
    expect(await trashIds(org.salesA.client)).toContain(trashed.id);
    for (const member of [org.salesB, org.managerSouth, org.foreigner]) {
      const list = (await member.client.get('/api/deals?limit=100')).json<{ items: Deal[]; sums: { amount: string }[] }>();
      expect(list.items.map((deal) => deal.id), member.name).not.toContain(alicesDeal.id);
      const board = (await member.client.get('/api/deals/board')).json<{ columns: { items: Deal[]; count: number }[] }>();
      expect(board.columns.flatMap((column) => column.items).map((deal) => deal.id), member.name).not.toContain(alicesDeal.id);
      // Filtering by her customer or naming it in the query finds nothing either.
      const filtered = (await member.client.get(`/api/deals?customerId=${alicesCustomer.id}&q=secret`)).json<{ items: Deal[]; total: number }>();
      expect(filtered, member.name).toMatchObject({ items: [], total: 0 });
      expect(await trashIds(member.client), member.name).not.toContain(trashed.id);
    }
    const bobs = (await org.salesB.client.get('/api/deals')).json<{ items: Deal[]; total: number }>();
    expect(bobs.items.map((deal) => deal.id)).toEqual([bobsDeal.id]);
    expect(bobs.total).toBe(1);
    // Her manager and the org-wide roles see it.
    for (const member of [org.managerNorth, org.admin, org.owner, org.viewer]) {
      expect((await member.client.get(`/api/deals/${alicesDeal.id}`)).statusCode, member.name).toBe(200);
    }
  });

  it('a deal on a customer the caller cannot edit, or a contact of someone else’s customer, answers 404', async () => {
    const pool = await createCustomer(org.admin.client, { ownerId: null });
    // Bob sees the pool customer but may not edit it: no deals on it for him.
    expect((await org.salesB.client.get(`/api/customers/${pool.id}`)).json<Customer>().canEdit).toBe(false);
    const alicesContact = await createContact(org.salesA.client, alicesCustomer.id);
    for (const body of [
      { customerId: pool.id, name: 'x' },
      { customerId: alicesCustomer.id, name: 'x' },
      { customerId: MISSING, name: 'x' },
      { customerId: 'not-a-uuid', name: 'x' },
      { customerId: bobsDeal.customerId, name: 'x', contactId: alicesContact.id },
      { customerId: bobsDeal.customerId, name: 'x', contactId: 'bad' },
    ]) {
      expect(errorOf(await org.salesB.client.post('/api/deals', body)), JSON.stringify(body)).toEqual({ status: 404, code: 'crm.not_found' });
    }
    expect(errorOf(await org.foreigner.client.post('/api/deals', { customerId: alicesCustomer.id, name: 'x' }))).toEqual({ status: 404, code: 'crm.not_found' });
    // Bob edits his own deal; pointing it at Alice's contact is as good as pointing at nothing.
    expect(errorOf(await org.salesB.client.request('PATCH', `/api/deals/${bobsDeal.id}`, { version: bobsDeal.version, contactId: alicesContact.id }))).toEqual({ status: 404, code: 'crm.not_found' });
  });

  it('transfers are all or nothing: one foreign id among his own moves nothing', async () => {
    const mine = await createDeal(org.salesB.client, bobsDeal.customerId);
    for (const ids of [[mine.id, alicesDeal.id], [mine.id, MISSING], [mine.id, 'not-a-uuid']]) {
      expect(errorOf(await org.salesB.client.post('/api/deals/transfer', { ids, toUserId: org.salesB.id })), JSON.stringify(ids)).toEqual({ status: 404, code: 'crm.not_found' });
      expect(errorOf(await org.salesB.client.post('/api/deals/transfer', { ids, toUserId: org.loner.id })), JSON.stringify(ids)).toEqual({ status: 404, code: 'crm.not_found' });
    }
    const [row] = await org.db.select({ owner: crmDeals.ownerUserId, version: crmDeals.version }).from(crmDeals).where(eq(crmDeals.id, mine.id));
    expect(row).toEqual({ owner: org.salesB.id, version: 1 });
    expect(errorOf(await org.foreigner.client.post('/api/deals/transfer', { ids: [mine.id], toUserId: org.foreigner.id }))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await org.foreigner.client.post('/api/deals/transfer', { ids: [mine.id], toUserId: org.salesB.id }))).toEqual({ status: 400, code: 'crm.invalid_new_owner' });
    expect(errorOf(await org.salesB.client.post('/api/deals/transfer', { ids: Array.from({ length: 501 }, () => mine.id), toUserId: org.loner.id }))).toEqual({ status: 400, code: 'validation_failed' });
  });

  it('viewers read everything and change nothing: 403 crm.read_only before any lookup or validation', async () => {
    expect((await org.viewer.client.get('/api/deals/board')).statusCode).toBe(200);
    const writes: [string, () => Promise<LightMyRequestResponse>][] = [
      ['create', () => org.viewer.client.post('/api/deals', { nonsense: true })],
      ['patch', () => org.viewer.client.request('PATCH', `/api/deals/${alicesDeal.id}`, {})],
      ['patch missing', () => org.viewer.client.request('PATCH', `/api/deals/${MISSING}`, { version: 'x' })],
      ['stage', () => org.viewer.client.post(`/api/deals/${alicesDeal.id}/stage`, {})],
      ['delete', () => org.viewer.client.request('DELETE', `/api/deals/${alicesDeal.id}`)],
      ['restore', () => org.viewer.client.post(`/api/deals/${MISSING}/restore`)],
      ['transfer', () => org.viewer.client.post('/api/deals/transfer', { ids: 'all' })],
    ];
    for (const [label, call] of writes) expect(errorOf(await call()), label).toEqual({ status: 403, code: 'crm.read_only' });
    // Sales have no crm.delete: 403 forbidden, also before any lookup.
    expect(errorOf(await org.salesA.client.request('DELETE', `/api/deals/${alicesDeal.id}`))).toEqual({ status: 403, code: 'forbidden' });
    expect(errorOf(await org.salesA.client.request('DELETE', `/api/deals/${MISSING}`))).toEqual({ status: 403, code: 'forbidden' });
    expect((await org.salesA.client.get(`/api/deals/${alicesDeal.id}`)).json<Deal>().version).toBe(1);
  });

  it('the customer timeline shows deal rows only to those who may open the deal', async () => {
    const shared = await createCustomer(org.admin.client, { ownerId: null });
    const adminsDeal = await createDeal(org.admin.client, shared.id, { name: 'Admin-only pricing' });
    const forBob = await historyOf(org.salesB.client, `/api/customers/${shared.id}/history`);
    expect(forBob.map((row) => row.recordId)).not.toContain(adminsDeal.id);
    expect(JSON.stringify(forBob)).not.toContain('Admin-only pricing');
    const forManager = await historyOf(org.managerNorth.client, `/api/customers/${shared.id}/history`);
    expect(forManager.map((row) => row.recordId)).not.toContain(adminsDeal.id);
    expect((await historyOf(org.viewer.client, `/api/customers/${shared.id}/history`)).map((row) => row.recordId)).toContain(adminsDeal.id);
    // The deal count on the customer follows the same scope.
    expect((await org.salesB.client.get(`/api/customers/${shared.id}`)).json<Customer>().dealCount).toBe(0);
    expect((await org.viewer.client.get(`/api/customers/${shared.id}`)).json<Customer>().dealCount).toBe(1);
  });
});
