import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { TestClient } from '../../../test/app.ts';
import { createCustomer, errorOf, uniqueName, useCrmOrganization } from '../../../test/crm.ts';
import { historyOf, stageByKey } from '../../../test/deals.ts';
import type { Contact } from '../contacts/contact.schema.ts';
import { crmContacts } from '../contacts/contact.tables.ts';
import type { Customer } from '../customers/customer.schema.ts';
import { crmCustomers } from '../customers/customer.tables.ts';
import type { Deal } from '../deals/deal.schema.ts';
import { crmDeals } from '../deals/deal.tables.ts';
import type { Lead } from './lead.schema.ts';

interface Converted {
  lead: Lead;
  customerId: string;
  contactId: string;
  dealId: string | null;
}

async function createLead(client: TestClient, input: Record<string, unknown> = {}): Promise<Lead> {
  const response = await client.post('/api/leads', { name: uniqueName('Lead'), ...input });
  if (response.statusCode !== 201) throw new Error(`lead not created: ${response.statusCode} ${response.body}`);
  return response.json<Lead>();
}

describe('lead conversion', () => {
  const org = useCrmOrganization();
  const counts = async () => ({
    customers: (await org.db.select({ id: crmCustomers.id }).from(crmCustomers)).length,
    contacts: (await org.db.select({ id: crmContacts.id }).from(crmContacts)).length,
    deals: (await org.db.select({ id: crmDeals.id }).from(crmDeals)).length,
  });

  it('converts into a new customer + contact + deal in one step, with history on both sides; the lead becomes read-only', async () => {
    const lead = await createLead(org.salesA.client, { name: 'Chen Jing', company: uniqueName('Lotus Foods'), phone: '+86 138 0000 1111', email: 'chen@lotus.example', source: 'website' });
    const stage = await stageByKey(org.salesA.client, 'needs');
    const response = await org.salesA.client.post(`/api/leads/${lead.id}/convert`, {
      customer: { name: lead.company, phone: lead.phone, source: 'website' },
      contact: { name: lead.name, mobile: lead.phone, email: lead.email },
      deal: { name: 'First order', amount: '12000.50', currency: 'CNY', stageId: stage.id },
    });
    expect(response.statusCode, response.body).toBe(200);
    const converted = response.json<Converted>();
    expect(converted.lead).toMatchObject({ status: 'converted', convertedCustomerId: converted.customerId, convertedCustomerName: lead.company, convertedContactId: converted.contactId, convertedDealId: converted.dealId, canEdit: false });
    const customer = (await org.salesA.client.get(`/api/customers/${converted.customerId}`)).json<Customer>();
    expect(customer).toMatchObject({ name: lead.company, ownerId: org.salesA.id, contactCount: 1, dealCount: 1, source: 'website' });
    const contact = (await org.salesA.client.get(`/api/contacts/${converted.contactId}`)).json<Contact>();
    expect(contact).toMatchObject({ name: 'Chen Jing', customerId: customer.id, isPrimary: true, email: 'chen@lotus.example' });
    const deal = (await org.salesA.client.get(`/api/deals/${converted.dealId ?? ''}`)).json<Deal>();
    expect(deal).toMatchObject({ name: 'First order', amount: '12000.50', currency: 'CNY', stageId: stage.id, customerId: customer.id, contactId: contact.id, ownerId: org.salesA.id });

    const timeline = await historyOf(org.salesA.client, `/api/customers/${customer.id}/history`);
    expect(timeline.map((row) => row.action)).toEqual(['converted_from_lead', 'deal_added', 'contact_added', 'created']);
    expect(timeline[0]?.changes).toEqual({ lead: { from: null, to: 'Chen Jing' } });
    const leadHistory = await historyOf(org.salesA.client, `/api/leads/${lead.id}/history`);
    expect(leadHistory[0]).toMatchObject({ action: 'lead_converted', changes: { status: { from: 'new', to: 'converted' }, customer: { from: null, to: lead.company }, contact: { from: null, to: 'Chen Jing' }, deal: { from: null, to: 'First order' } } });

    expect(errorOf(await org.salesA.client.request('PATCH', `/api/leads/${lead.id}`, { version: converted.lead.version, name: 'Changed' }))).toEqual({ status: 409, code: 'crm.lead_converted' });
    expect(errorOf(await org.salesA.client.post(`/api/leads/${lead.id}/convert`, { customer: { name: uniqueName() }, contact: { name: 'Again' } }))).toEqual({ status: 409, code: 'crm.lead_converted' });
  });

  it('converts into an existing customer the caller may edit; the duplicate warning applies to a new customer', async () => {
    const existing = await createCustomer(org.salesA.client);
    const lead = await createLead(org.salesA.client, { company: existing.name });
    const duplicate = await org.salesA.client.post(`/api/leads/${lead.id}/convert`, { customer: { name: existing.name }, contact: { name: lead.name } });
    expect(duplicate.statusCode, duplicate.body).toBe(409);
    expect(duplicate.json<{ error: { code: string; details: { duplicates: { id: string }[] } } }>().error).toMatchObject({ code: 'crm.possible_duplicate', details: { duplicates: [{ id: existing.id }] } });
    expect((await org.salesA.client.get(`/api/leads/${lead.id}`)).json<Lead>().status).toBe('new');

    const response = await org.salesA.client.post(`/api/leads/${lead.id}/convert`, { customer: { id: existing.id }, contact: { name: lead.name, title: 'Buyer' } });
    expect(response.statusCode, response.body).toBe(200);
    const converted = response.json<Converted>();
    expect(converted).toMatchObject({ customerId: existing.id, dealId: null });
    expect((await org.salesA.client.get(`/api/customers/${existing.id}`)).json<Customer>().contactCount).toBe(1);
    const timeline = await historyOf(org.salesA.client, `/api/customers/${existing.id}/history`);
    expect(timeline.map((row) => row.action).slice(0, 2)).toEqual(['converted_from_lead', 'contact_added']);
  });

  it('converting twice at the same time: exactly one succeeds, the other gets 409 and nothing extra is created', async () => {
    const lead = await createLead(org.salesA.client);
    const before = await counts();
    const body = (name: string) => ({ customer: { name, allowDuplicate: true }, contact: { name: lead.name }, deal: { name: 'Race deal' } });
    const results = await Promise.all([org.salesA.client.post(`/api/leads/${lead.id}/convert`, body(uniqueName())), org.managerNorth.client.post(`/api/leads/${lead.id}/convert`, body(uniqueName()))]);
    expect(results.map((result) => result.statusCode).sort()).toEqual([200, 409]);
    expect(results.map((result) => errorOf(result).code).filter(Boolean)).toEqual(['crm.lead_converted']);
    expect(await counts()).toEqual({ customers: before.customers + 1, contacts: before.contacts + 1, deals: before.deals + 1 });
  });

  it('answers 404 and changes nothing for a customer the caller cannot see or edit, or a lead outside the scope', async () => {
    const lead = await createLead(org.salesA.client);
    const othersCustomer = await createCustomer(org.salesB.client);
    const foreignCustomer = await createCustomer(org.foreigner.client);
    const before = await counts();
    for (const customerId of [othersCustomer.id, foreignCustomer.id, '00000000-0000-4000-8000-000000000000', 'nope']) {
      const response = await org.salesA.client.post(`/api/leads/${lead.id}/convert`, { customer: { id: customerId }, contact: { name: 'Someone' }, deal: { name: 'Sneaky' } });
      expect(errorOf(response), customerId).toEqual({ status: 404, code: 'crm.not_found' });
    }
    expect(errorOf(await org.salesB.client.post(`/api/leads/${lead.id}/convert`, { customer: { id: othersCustomer.id }, contact: { name: 'Someone' } }))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await org.foreigner.client.post(`/api/leads/${lead.id}/convert`, { customer: { id: foreignCustomer.id }, contact: { name: 'Someone' } }))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(await counts()).toEqual(before);
    expect((await org.salesA.client.get(`/api/leads/${lead.id}`)).json<Lead>()).toMatchObject({ status: 'new', version: 1, convertedCustomerId: null });
  });

  it('refuses malformed conversions with 400 (unknown fields, both id and fields, bad deal) and rolls back a failing deal', async () => {
    const lead = await createLead(org.salesA.client);
    for (const body of [
      {},
      { customer: { name: 'X' } },
      { customer: { name: 'X' }, contact: { name: 'Y' }, extra: 1 },
      { customer: { id: '00000000-0000-4000-8000-000000000000', name: 'both' }, contact: { name: 'Y' } },
      { customer: { name: 'X' }, contact: { name: 'Y', customerId: 'z' } },
      { customer: { name: 'X' }, contact: { name: 'Y' }, deal: { name: 'D', amount: 12 } },
      { customer: { name: 'X' }, contact: { name: 'x'.repeat(101) } },
    ]) {
      expect((await org.salesA.client.post(`/api/leads/${lead.id}/convert`, body)).statusCode, JSON.stringify(body)).toBe(400);
    }
    const before = await counts();
    const badStage = await org.salesA.client.post(`/api/leads/${lead.id}/convert`, { customer: { name: uniqueName() }, contact: { name: 'Y' }, deal: { name: 'D', stageId: '00000000-0000-4000-8000-000000000000' } });
    expect(errorOf(badStage)).toEqual({ status: 400, code: 'crm.invalid_stage' });
    expect(await counts()).toEqual(before);
    const [stored] = await org.db.select({ id: crmCustomers.id }).from(crmCustomers).where(eq(crmCustomers.name, 'X'));
    expect(stored).toBeUndefined();
  });
});
