import { describe, expect, it } from 'vitest';
import type { TestClient } from '../../../test/app.ts';
import { createCustomer, errorOf, uniqueName, useCrmOrganization } from '../../../test/crm.ts';

interface SearchResult {
  customers: { id: string; name: string }[];
  contacts: { id: string; name: string }[];
  leads: { id: string; name: string; company: string | null; status: string; ownerName: string | null; phone: string | null; email: string | null }[];
}

async function createLead(client: TestClient, input: Record<string, unknown>): Promise<{ id: string; name: string }> {
  const response = await client.post('/api/leads', input);
  if (response.statusCode !== 201) throw new Error(`lead not created: ${response.statusCode} ${response.body}`);
  return response.json<{ id: string; name: string }>();
}

/** The header search box: customers, contacts and leads, each under the caller's data scope. */
describe('global search', () => {
  const org = useCrmOrganization();

  const search = async (client: TestClient, term: string) => {
    const response = await client.get(`/api/search?q=${encodeURIComponent(term)}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<SearchResult>();
  };

  it('finds leads by name, company, e-mail and phone digits, with the fields the dropdown shows', async () => {
    const marker = uniqueName('Orchid').replace(/\s/g, '');
    const lead = await createLead(org.salesA.client, { name: `${marker} 李娜`, company: '兰花贸易有限公司', phone: '+86 139 8765 4321', email: `li.na@${marker.toLowerCase()}.example`, status: 'contacted' });
    const result = await search(org.salesA.client, marker);
    expect(Object.keys(result).sort()).toEqual(['contacts', 'customers', 'leads']);
    expect(result.leads).toEqual([{ id: lead.id, name: lead.name, company: '兰花贸易有限公司', status: 'contacted', ownerName: 'Alice Sales', phone: '+86 139 8765 4321', email: `li.na@${marker.toLowerCase()}.example` }]);
    for (const term of ['兰花贸易', '13987654321', '139 8765 4321', `li.na@${marker.toLowerCase()}`]) {
      expect((await search(org.salesA.client, term)).leads.map((item) => item.id), term).toContain(lead.id);
    }
  });

  it('keeps leads to the caller\'s scope: another salesperson, another team and another organisation find nothing (AZ-03/04)', async () => {
    const marker = uniqueName('Peony').replace(/\s/g, '');
    const ofA = await createLead(org.salesA.client, { name: `${marker} A` });
    const ofB = await createLead(org.salesB.client, { name: `${marker} B`, email: `b@${marker.toLowerCase()}.example` });
    const pool = await createLead(org.owner.client, { name: `${marker} Pool`, ownerId: null });
    const ids = async (client: TestClient, term = marker) => (await search(client, term)).leads.map((item) => item.id).sort();
    expect(await ids(org.salesA.client)).toEqual([ofA.id, pool.id].sort());
    expect(await ids(org.salesB.client)).toEqual([ofB.id, pool.id].sort());
    expect(await ids(org.managerNorth.client)).toEqual([ofA.id, pool.id].sort());
    expect(await ids(org.owner.client)).toEqual([ofA.id, ofB.id, pool.id].sort());
    expect(await ids(org.viewer.client)).toEqual([ofA.id, ofB.id, pool.id].sort());
    expect(await ids(org.foreigner.client)).toEqual([]);
    // B's e-mail is no oracle for A.
    expect(await ids(org.salesA.client, `b@${marker.toLowerCase()}`)).toEqual([]);
    // Trashed leads drop out.
    expect((await org.managerNorth.client.request('DELETE', `/api/leads/${ofA.id}`)).statusCode).toBe(200);
    expect(await ids(org.salesA.client)).toEqual([pool.id]);
  });

  it('groups leads apart from customers, at most 8 each, names that start with the term first', async () => {
    const marker = uniqueName('Lotus').replace(/\s/g, '');
    const customer = await createCustomer(org.salesA.client, { name: `${marker} Customer` });
    for (let index = 0; index < 9; index += 1) await createLead(org.salesA.client, { name: `Some ${marker} ${index}` });
    const first = await createLead(org.salesA.client, { name: `${marker} first` });
    const result = await search(org.salesA.client, marker);
    expect(result.customers.map((item) => item.id)).toEqual([customer.id]);
    expect(result.leads).toHaveLength(8);
    expect(result.leads[0]?.id).toBe(first.id);
    expect(result.leads.map((item) => item.id)).not.toContain(customer.id);
    expect(errorOf(await org.salesA.client.get('/api/search?q=a'))).toEqual({ status: 400, code: 'validation_failed' });
    expect(errorOf(await org.salesA.client.get(`/api/search?q=${marker}&leads=1`))).toEqual({ status: 400, code: 'validation_failed' });
    expect((await org.testApp.client().get(`/api/search?q=${marker}`)).statusCode).toBe(401);
  });
});
