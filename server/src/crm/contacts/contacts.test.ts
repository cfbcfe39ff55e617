import { and, eq, isNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { collectPages, createContact, createCustomer, errorOf, uniqueName, useCrmOrganization } from '../../../test/crm.ts';
import type { Customer } from '../customers/customer.schema.ts';
import type { Contact } from './contact.schema.ts';
import { crmContacts } from './contact.tables.ts';

interface HistoryItem {
  action: string;
  actorName: string | null;
  changes: Record<string, { from: unknown; to: unknown }> | null;
  recordType: string;
  recordId: string;
  contactName: string | null;
}

describe('contacts', () => {
  const org = useCrmOrganization();

  const get = async (id: string) => (await org.salesA.client.get(`/api/contacts/${id}`)).json<Contact>();
  const primaries = async (customerId: string) =>
    (
      await org.db
        .select({ id: crmContacts.id })
        .from(crmContacts)
        .where(and(eq(crmContacts.customerId, customerId), eq(crmContacts.isPrimary, true), isNull(crmContacts.deletedAt)))
    ).map((row) => row.id);
  const timeline = async (customerId: string) => (await org.salesA.client.get(`/api/customers/${customerId}/history`)).json<{ items: HistoryItem[] }>().items;

  it('adds a contact: trimmed, empty strings as null, mobile in E.164, e-mail lower-cased; the first contact is primary', async () => {
    const customer = await createCustomer(org.salesA.client);
    const response = await org.salesA.client.post('/api/contacts', {
      customerId: customer.id,
      name: '  张伟  ',
      title: ' 采购经理 ',
      mobile: '138 0013 8000',
      email: ' Zhang.Wei@Example.COM ',
      wechat: '',
      notes: '   ',
    });
    expect(response.statusCode, response.body).toBe(201);
    const contact = response.json<Contact>();
    expect(contact).toMatchObject({
      customerId: customer.id,
      customerName: customer.name,
      name: '张伟',
      title: '采购经理',
      mobile: '+8613800138000',
      email: 'zhang.wei@example.com',
      wechat: null,
      notes: null,
      isPrimary: true,
      version: 1,
      canEdit: true,
    });
    expect(await get(contact.id)).toEqual(contact);
    const second = await createContact(org.salesA.client, customer.id, { mobile: '+44 20 7946 0958', isPrimary: false });
    expect(second).toMatchObject({ isPrimary: false, mobile: '+442079460958' });
    // A number that cannot be read is kept as typed.
    expect((await createContact(org.salesA.client, customer.id, { mobile: 'ext. 8001' })).mobile).toBe('ext. 8001');
    expect((await org.salesA.client.get(`/api/customers/${customer.id}`)).json<Customer>().contactCount).toBe(3);

    const [added] = await timeline(customer.id);
    expect(added).toMatchObject({ action: 'contact_added', recordType: 'contact', actorName: 'Alice Sales' });

    for (const body of [
      { customerId: customer.id },
      { customerId: customer.id, name: ' ' },
      { customerId: customer.id, name: 'Bad mail', email: 'not-an-email' },
      { customerId: customer.id, name: 'Too long', title: 'x'.repeat(101) },
      { customerId: customer.id, name: 'Extra', ownerId: org.salesA.id },
      { name: 'No customer' },
    ]) {
      expect(errorOf(await org.salesA.client.post('/api/contacts', body)), JSON.stringify(body)).toEqual({ status: 400, code: 'validation_failed' });
    }
  });

  it('marking a contact primary un-marks the previous one, in one step, and both changes are in the history', async () => {
    const customer = await createCustomer(org.salesA.client);
    const first = await createContact(org.salesA.client, customer.id);
    const second = await createContact(org.salesA.client, customer.id);
    expect(second.isPrimary).toBe(false);

    const marked = await org.salesA.client.request('PATCH', `/api/contacts/${second.id}`, { version: second.version, isPrimary: true });
    expect(marked.statusCode, marked.body).toBe(200);
    expect(marked.json<Contact>()).toMatchObject({ isPrimary: true, version: 2 });
    expect(await get(first.id)).toMatchObject({ isPrimary: false, version: 2 });
    expect(await primaries(customer.id)).toEqual([second.id]);

    const third = await createContact(org.salesA.client, customer.id, { isPrimary: true });
    expect(third.isPrimary).toBe(true);
    expect(await primaries(customer.id)).toEqual([third.id]);

    const items = await timeline(customer.id);
    expect(items.slice(0, 2)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'contact_added', recordId: third.id }),
        expect.objectContaining({ action: 'contact_updated', recordId: second.id, changes: { isPrimary: { from: true, to: false } } }),
      ]),
    );
  });

  it('two contacts marked primary at the same moment: exactly one ends primary, no 500', async () => {
    const customer = await createCustomer(org.salesA.client);
    await createContact(org.salesA.client, customer.id);
    const left = await createContact(org.salesA.client, customer.id);
    const right = await createContact(org.salesA.client, customer.id);
    const results = await Promise.all([
      org.salesA.client.request('PATCH', `/api/contacts/${left.id}`, { version: left.version, isPrimary: true }),
      org.managerNorth.client.request('PATCH', `/api/contacts/${right.id}`, { version: right.version, isPrimary: true }),
    ]);
    expect(results.map((response) => response.statusCode)).toEqual([200, 200]);
    expect(await primaries(customer.id)).toHaveLength(1);
  });

  it('edits with versions and records field diffs on the customer\'s history', async () => {
    const customer = await createCustomer(org.salesA.client);
    const contact = await createContact(org.salesA.client, customer.id, { name: 'Li Na', title: 'Buyer' });
    const saved = await org.salesA.client.request('PATCH', `/api/contacts/${contact.id}`, { version: 1, title: 'Head of purchasing', email: 'LI.NA@EXAMPLE.COM', wechat: 'lina_wx' });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json<Contact>()).toMatchObject({ title: 'Head of purchasing', email: 'li.na@example.com', wechat: 'lina_wx', version: 2 });
    expect(errorOf(await org.managerNorth.client.request('PATCH', `/api/contacts/${contact.id}`, { version: 1, title: 'CEO' }))).toEqual({ status: 409, code: 'crm.stale_version' });
    expect(errorOf(await org.salesA.client.request('PATCH', `/api/contacts/${contact.id}`, { version: 2, customerId: customer.id }))).toEqual({ status: 400, code: 'validation_failed' });
    const cleared = await org.salesA.client.request('PATCH', `/api/contacts/${contact.id}`, { version: 2, email: '', mobile: '' });
    expect(cleared.json<Contact>()).toMatchObject({ email: null, mobile: null, version: 3 });

    const [latest, previous] = await timeline(customer.id);
    expect(latest).toMatchObject({ action: 'contact_updated', contactName: 'Li Na', changes: { email: { from: 'li.na@example.com', to: null } } });
    expect(previous).toMatchObject({
      action: 'contact_updated',
      actorName: 'Alice Sales',
      changes: { title: { from: 'Buyer', to: 'Head of purchasing' }, email: { from: null, to: 'li.na@example.com' }, wechat: { from: null, to: 'lina_wx' } },
    });
  });

  it('trash: a deleted primary hands the mark to the oldest remaining contact; a restored one does not take it back', async () => {
    const manager = org.managerNorth.client;
    const customer = await createCustomer(org.salesA.client);
    const first = await createContact(org.salesA.client, customer.id);
    const second = await createContact(org.salesA.client, customer.id);
    const third = await createContact(org.salesA.client, customer.id);

    expect(errorOf(await org.salesA.client.request('DELETE', `/api/contacts/${first.id}`))).toEqual({ status: 403, code: 'forbidden' });
    const deleted = await manager.request('DELETE', `/api/contacts/${first.id}`);
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect(await primaries(customer.id)).toEqual([second.id]);
    expect(errorOf(await manager.get(`/api/contacts/${first.id}`))).toEqual({ status: 404, code: 'crm.not_found' });
    const listed = (await manager.get(`/api/contacts?customerId=${customer.id}`)).json<{ items: Contact[] }>().items.map((item) => item.id);
    expect(listed.sort()).toEqual([second.id, third.id].sort());
    expect((await manager.get(`/api/customers/${customer.id}`)).json<Customer>().contactCount).toBe(2);

    const restored = await manager.post(`/api/contacts/${first.id}/restore`);
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json<Contact>().isPrimary).toBe(false);
    expect(await primaries(customer.id)).toEqual([second.id]);
    // Restoring again is harmless.
    expect((await manager.post(`/api/contacts/${first.id}/restore`)).statusCode).toBe(200);

    const actions = (await timeline(customer.id)).map((item) => item.action);
    expect(actions.slice(0, 3)).toEqual(['contact_restored', 'contact_updated', 'contact_deleted']);
  });

  it('lists contacts with keyset pagination over ties, and searches by name (Chinese too), mobile digits and e-mail prefix', async () => {
    const customer = await createCustomer(org.salesA.client, { name: uniqueName('联系人分页') });
    const ids: string[] = [];
    for (let index = 0; index < 11; index += 1) {
      ids.push((await createContact(org.salesA.client, customer.id, { name: `Same Name ${index % 3}` })).id);
    }
    for (const sort of ['name', 'createdAt', 'updatedAt'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        const { items } = await collectPages<Contact>(org.salesA.client, '/api/contacts', { customerId: customer.id, sort, order, limit: 4 });
        const seen = items.map((item) => item.id);
        expect(new Set(seen).size).toBe(seen.length);
        expect([...seen].sort(), `${sort} ${order}`).toEqual([...ids].sort());
      }
    }

    const wang = await createContact(org.salesA.client, customer.id, { name: '欧阳王小明', mobile: '13912345678', email: 'xiaoming.wang@huayi-example.cn' });
    const search = async (q: string) => (await org.salesA.client.get(`/api/search?q=${encodeURIComponent(q)}`)).json<{ contacts: { id: string; customerId: string; customerName: string }[] }>().contacts;
    expect((await search('王小明')).map((item) => item.id)).toEqual([wang.id]);
    expect((await search('12345678')).map((item) => item.id)).toEqual([wang.id]);
    expect((await search('139 1234 5678')).map((item) => item.id)).toEqual([wang.id]);
    expect((await search('xiaoming.wang@')).map((item) => item.id)).toEqual([wang.id]);
    expect(await search('huayi-example')).toEqual([]);
    expect((await search('王小明'))[0]).toMatchObject({ customerId: customer.id, customerName: customer.name });
    const listed = (await org.salesA.client.get(`/api/contacts?q=${encodeURIComponent('小明')}`)).json<{ items: Contact[] }>().items;
    expect(listed.map((item) => item.id)).toEqual([wang.id]);
    expect(errorOf(await org.salesA.client.get('/api/contacts?cursor=garbage'))).toEqual({ status: 400, code: 'crm.bad_cursor' });
  });
});
