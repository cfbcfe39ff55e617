import { describe, expect, it } from 'vitest';
import { createContact, createCustomer, useCrmOrganization, type CrmMember } from '../../../test/crm.ts';

/**
 * The hot reads are built once per shape and kept (crm/shared/statement-shapes.ts). The attack: a statement built for
 * the first caller of a shape still holds that caller's organisation, id or team when the next caller of the same
 * shape runs it, so he reads the first caller's records. Each read below is made by members of one shape in turn —
 * two salespeople (one owner), two managers (several owners), two organisation owners (whole organisation) — and
 * each must see exactly his own.
 */
describe('CRM statements built once per shape', () => {
  const org = useCrmOrganization();
  const word = `Shapecheck${Date.now().toString(36)}`;

  /** Everything one member adds: a customer, a contact, a deal and a follow-up, all named after `word`. */
  async function seed(member: CrmMember) {
    const customer = await createCustomer(member.client, { name: `${word} ${member.name}`, phone: '0512-5550 1234', allowDuplicate: true });
    const contact = await createContact(member.client, customer.id, { name: `${word} contact of ${member.name}` });
    const deal = await member.client.post('/api/deals', { customerId: customer.id, name: `${word} deal of ${member.name}`, amount: '1000', currency: 'CNY' });
    expect(deal.statusCode, deal.body).toBe(201);
    const followUp = await member.client.post('/api/follow-ups', { customerId: customer.id, type: 'call', content: `${word} call by ${member.name}` });
    expect(followUp.statusCode, followUp.body).toBe(201);
    const lead = await member.client.post('/api/leads', { name: `${word} lead of ${member.name}` });
    expect(lead.statusCode, lead.body).toBe(201);
    return { customer: customer.id, contact: contact.id, deal: deal.json<{ id: string }>().id, followUp: followUp.json<{ id: string }>().id, lead: lead.json<{ id: string }>().id };
  }

  /** What the member's reads return, as ids: the list filtered, searched and paged, the search box, leads, contacts, deals, the 360° page. */
  async function reads(member: CrmMember, customerId: string) {
    const q = encodeURIComponent(word);
    const ids = async (path: string) => {
      const response = await member.client.get(path);
      expect(response.statusCode, `${path}: ${response.body}`).toBe(200);
      return response.json<{ items: { id: string }[] }>().items.map((item) => item.id);
    };
    const search = (await member.client.get(`/api/search?q=${q}`)).json<{ customers: { id: string }[]; contacts: { id: string }[]; leads: { id: string }[] }>();
    const overview = await member.client.get(`/api/customers/${customerId}/overview`);
    return {
      customers: await ids(`/api/customers?q=${q}`),
      byPhone: await ids('/api/customers?q=0512-5550%201234'),
      firstOfTwo: await ids(`/api/customers?q=${q}&limit=1&sort=name`),
      searchBox: [...search.customers, ...search.contacts, ...search.leads].map((hit) => hit.id),
      leads: await ids(`/api/leads?q=${q}`),
      contacts: await ids(`/api/contacts?q=${q}`),
      deals: await ids(`/api/deals?q=${q}`),
      followUps: await ids(`/api/follow-ups?customerId=${customerId}`),
      overview: overview.statusCode,
    };
  }

  it('each caller of a shape reads his own records, whoever built the statement', async () => {
    const a = await seed(org.salesA);
    const b = await seed(org.salesB);
    const own = (records: typeof a) => ({
      customers: [records.customer],
      byPhone: [records.customer],
      firstOfTwo: [records.customer],
      searchBox: [records.customer, records.contact, records.lead],
      leads: [records.lead],
      contacts: [records.contact],
      deals: [records.deal],
      followUps: [records.followUp],
      overview: 200,
    });
    // One owner: sales A builds the statements, sales B runs them, and A again after B.
    expect(await reads(org.salesA, a.customer)).toEqual(own(a));
    expect(await reads(org.salesB, b.customer)).toEqual(own(b));
    expect(await reads(org.salesA, a.customer)).toEqual(own(a));
    // Nor does the 360° page open the other's customer, through a statement the other just ran.
    expect((await org.salesB.client.get(`/api/customers/${a.customer}/overview`)).statusCode).toBe(404);
    expect((await org.salesA.client.get(`/api/customers/${b.customer}/overview`)).statusCode).toBe(404);

    // Several owners: each manager sees his team's records only.
    expect(await reads(org.managerNorth, a.customer)).toEqual(own(a));
    expect(await reads(org.managerSouth, b.customer)).toEqual(own(b));
    expect((await org.managerSouth.client.get(`/api/customers/${a.customer}`)).statusCode).toBe(404);

    // The whole organisation: its owner sees both; another organisation's owner, in the same shape, sees nothing.
    const everything = await reads(org.owner, a.customer);
    expect(everything.customers.sort()).toEqual([a.customer, b.customer].sort());
    expect(everything.deals.sort()).toEqual([a.deal, b.deal].sort());
    const foreign = await reads(org.foreigner, a.customer);
    expect(foreign).toEqual({ customers: [], byPhone: [], firstOfTwo: [], searchBox: [], leads: [], contacts: [], deals: [], followUps: [], overview: 404 });
  });
});
