import { describe, expect, it } from 'vitest';
import { createFollowUp } from '../../../test/crm-activities.ts';
import { createContact, createCustomer, errorOf, useCrmOrganization, type CrmMember } from '../../../test/crm.ts';
import { createDeal } from '../../../test/deals.ts';

const MISSING = '00000000-0000-4000-8000-000000000000';

interface Overview {
  customer: { id: string; name: string };
  followUps: { items: { id: string; content: string }[]; nextCursor: string | null };
  contacts: { items: { id: string; name: string }[]; nextCursor: string | null };
  deals: { items: { id: string; name: string }[]; nextCursor: string | null; total: number | null };
}

/** A customer's page in one request: the same answers as the four requests it stands for, and the same scope. */
describe("customer overview (GET /api/customers/:id/overview)", () => {
  const org = useCrmOrganization();

  /** The four requests the web app made before, with the overview's parameters. */
  const separately = async (member: CrmMember, id: string) => {
    const json = async (path: string) => {
      const response = await member.client.get(path);
      expect(response.statusCode, response.body).toBe(200);
      return response.json<unknown>();
    };
    return {
      customer: await json(`/api/customers/${id}`),
      followUps: await json(`/api/follow-ups?customerId=${id}&limit=20`),
      contacts: await json(`/api/contacts?customerId=${id}&sort=name&order=asc&limit=50`),
      deals: await json(`/api/deals?customerId=${id}&limit=100`),
    };
  };

  it('answers what the customer, follow-up, contact and deal routes answer, for the owner, his manager and the viewer', async () => {
    const customer = await createCustomer(org.salesA.client, { name: '华信科技有限公司' });
    for (const name of ['王芳', 'Adam Li', '张伟']) await createContact(org.salesA.client, customer.id, { name });
    // 22 follow-ups: the overview carries the first 20 and the cursor to the rest, like the timeline's first page.
    for (let index = 0; index < 22; index += 1) {
      await createFollowUp(org.salesA.client, customer.id, { content: `Call ${index}`, occurredAt: new Date(Date.UTC(2026, 0, 1 + index, 9)).toISOString() });
    }
    await createDeal(org.salesA.client, customer.id, { name: 'ERP rollout', amount: '120000.00' });
    await createDeal(org.salesA.client, customer.id, { name: 'Support renewal', amount: '8000.00' });

    for (const member of [org.salesA, org.managerNorth, org.viewer, org.owner]) {
      const response = await member.client.get(`/api/customers/${customer.id}/overview`);
      expect(response.statusCode, `${member.name}: ${response.body}`).toBe(200);
      const overview = response.json<Overview>();
      expect(overview).toEqual(await separately(member, customer.id));
      expect(overview.followUps.items.map((item) => item.content)).toEqual(Array.from({ length: 20 }, (_, index) => `Call ${21 - index}`));
      expect(overview.followUps.nextCursor).not.toBeNull();
      expect(overview.contacts.items.map((item) => item.name).sort()).toEqual(['Adam Li', '张伟', '王芳'].sort());
      expect(overview.deals.items.map((item) => item.name).sort()).toEqual(['ERP rollout', 'Support renewal']);
      expect(overview.deals.total).toBe(2);
    }
  });

  it('IDOR: another salesperson, the other team\'s manager and another organisation get 404, byte for byte like a missing id', async () => {
    const customer = await createCustomer(org.salesA.client);
    await createContact(org.salesA.client, customer.id, { name: 'Secret Contact' });
    await createFollowUp(org.salesA.client, customer.id, { content: 'Confidential pricing talk' });
    const missing = await org.salesB.client.get(`/api/customers/${MISSING}/overview`);
    expect(errorOf(missing)).toEqual({ status: 404, code: 'crm.not_found' });
    for (const member of [org.salesB, org.managerSouth, org.loner, org.foreigner]) {
      const response = await member.client.get(`/api/customers/${customer.id}/overview`);
      expect(response.body, member.name).toBe(missing.body);
      for (const id of ['not-a-uuid', '1%20or%201%3D1', MISSING.toUpperCase()]) {
        expect(errorOf(await member.client.get(`/api/customers/${id}/overview`))).toEqual({ status: 404, code: 'crm.not_found' });
      }
    }
  });

  it('a deal shared with a salesperson does not open its customer to him', async () => {
    const customer = await createCustomer(org.salesA.client);
    const deal = await createDeal(org.salesA.client, customer.id, { name: 'Shared deal' });
    const shared = await org.salesA.client.post(`/api/deals/${deal.id}/shares`, { userIds: [org.salesB.id] });
    expect(shared.statusCode, shared.body).toBeLessThan(300);
    expect((await org.salesB.client.get(`/api/deals/${deal.id}`)).statusCode).toBe(200);
    expect(errorOf(await org.salesB.client.get(`/api/customers/${customer.id}/overview`))).toEqual({ status: 404, code: 'crm.not_found' });
  });

  it('refuses anonymous callers with 401 and unknown query fields with 400, and takes a crm:read API token', async () => {
    const customer = await createCustomer(org.salesA.client);
    expect(errorOf(await org.testApp.client().get(`/api/customers/${customer.id}/overview`)).status).toBe(401);
    expect(errorOf(await org.salesA.client.get(`/api/customers/${customer.id}/overview?limit=1000`))).toEqual({ status: 400, code: 'validation_failed' });
    const created = await org.salesA.client.post('/api/me/api-tokens', { name: 'Overview script', scopes: ['crm:read'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(created.statusCode, created.body).toBe(201);
    const response = await org.testApp.app.inject({ method: 'GET', url: `/api/customers/${customer.id}/overview`, headers: { authorization: `Bearer ${created.json<{ token: string }>().token}` } });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<Overview>().customer.id).toBe(customer.id);
  });

  it('is documented in the OpenAPI document', async () => {
    const document = (await org.testApp.client().get('/api/openapi.json')).json<{ paths: Record<string, { get?: { summary?: string } }> }>();
    expect(document.paths['/api/customers/{id}/overview']?.get?.summary).toMatch(/one request/);
  });
});
