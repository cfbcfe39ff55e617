import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { count, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../../test/app.ts';
import { ageSession } from '../../../test/channel-helpers.ts';
import { createContact, createCustomer, errorOf, uniqueName, useCrmOrganization, type CrmMember } from '../../../test/crm.ts';
import { crmContacts } from '../contacts/contact.tables.ts';
import type { Contact } from '../contacts/contact.schema.ts';
import type { Customer } from '../customers/customer.schema.ts';
import { crmCustomers } from '../customers/customer.tables.ts';
import { crmRecordChanges } from '../history/history.tables.ts';
import { crmRecordShares } from './access.tables.ts';

/**
 * SECURITY.md AZ-01…AZ-05, AZ-08 for the CRM: object-level access (IDOR) through path, query, body and bulk arrays;
 * function-level access by role; other organisations; mass assignment; malformed ids.
 */

type Call = (client: TestClient, id: string) => Promise<LightMyRequestResponse>;

const customerCalls: Record<string, Call> = {
  'GET customer': (client, id) => client.get(`/api/customers/${id}`),
  'PATCH customer': (client, id) => client.request('PATCH', `/api/customers/${id}`, { version: 1, industry: 'Hijacked' }),
  'GET history': (client, id) => client.get(`/api/customers/${id}/history`),
  'transfer [theirs]': (client, id) => client.post('/api/customers/transfer', { ids: [id], toUserId: callerIds.get(client) ?? randomUUID() }),
  'add contact to it': (client, id) => client.post('/api/contacts', { customerId: id, name: 'Planted contact' }),
};
const deleteCustomerCalls: Record<string, Call> = {
  'DELETE customer': (client, id) => client.request('DELETE', `/api/customers/${id}`),
  'restore customer': (client, id) => client.post(`/api/customers/${id}/restore`),
};
const contactCalls: Record<string, Call> = {
  'GET contact': (client, id) => client.get(`/api/contacts/${id}`),
  'PATCH contact': (client, id) => client.request('PATCH', `/api/contacts/${id}`, { version: 1, name: 'Hijacked' }),
};
const deleteContactCalls: Record<string, Call> = {
  'DELETE contact': (client, id) => client.request('DELETE', `/api/contacts/${id}`),
  'restore contact': (client, id) => client.post(`/api/contacts/${id}/restore`),
};
/** Who each client is, for calls that name the caller (a transfer to oneself). */
const callerIds = new Map<TestClient, string>();

describe('CRM access control', () => {
  const org = useCrmOrganization();
  let bobsCustomer: Customer;
  let bobsContact: Contact;
  let southTrashed: Customer;

  beforeAll(async () => {
    for (const member of [org.owner, org.admin, org.managerNorth, org.salesA, org.managerSouth, org.salesB, org.loner, org.viewer, org.foreigner]) callerIds.set(member.client, member.id);
    bobsCustomer = await createCustomer(org.salesB.client, { name: uniqueName('Bob Secret Industries'), phone: '0512-6789 1234', website: 'https://bob-secret.example' });
    bobsContact = await createContact(org.salesB.client, bobsCustomer.id, { name: uniqueName('Bobs Contact'), mobile: '13711112222', email: 'secret.person@bob-secret.example' });
    southTrashed = await createCustomer(org.salesB.client);
    expect((await org.managerSouth.client.request('DELETE', `/api/customers/${southTrashed.id}`)).statusCode).toBe(200);
  });

  /** What an attacker could compare: the database state of Bob's records. */
  const snapshot = async () => ({
    customers: await org.db.select().from(crmCustomers).where(eq(crmCustomers.ownerUserId, org.salesB.id)).orderBy(crmCustomers.createdAt, crmCustomers.id),
    contacts: await org.db.select().from(crmContacts).where(eq(crmContacts.customerId, bobsCustomer.id)).orderBy(crmContacts.createdAt, crmContacts.id),
    changes: (await org.db.select({ total: count() }).from(crmRecordChanges).where(inArray(crmRecordChanges.customerId, [bobsCustomer.id, southTrashed.id])))[0]?.total,
  });

  async function expectSameAsMissing(member: CrmMember, calls: Record<string, Call>, id: string, status = 404) {
    for (const [name, call] of Object.entries(calls)) {
      const theirs = await call(member.client, id);
      const missing = await call(member.client, randomUUID());
      expect(theirs.statusCode, `${name}: ${theirs.body}`).toBe(status);
      expect(theirs.body, name).toBe(missing.body);
      expect(theirs.headers['content-type'], name).toBe(missing.headers['content-type']);
      if (status === 404) expect(errorOf(theirs).code, name).toBe('crm.not_found');
    }
  }

  it("AZ-03: sales A gets a uniform 404 for every endpoint with sales B's ids, and nothing changes", async () => {
    const before = await snapshot();
    await expectSameAsMissing(org.salesA, customerCalls, bobsCustomer.id);
    await expectSameAsMissing(org.salesA, contactCalls, bobsContact.id);
    // Sales have no crm.delete: refused before any lookup, identically for any id.
    await expectSameAsMissing(org.salesA, deleteCustomerCalls, bobsCustomer.id, 403);
    await expectSameAsMissing(org.salesA, deleteContactCalls, bobsContact.id, 403);

    // Bulk arrays: one foreign id fails the whole request; her own customer does not move either.
    const mine = await createCustomer(org.salesA.client);
    const mixed = await org.salesA.client.post('/api/customers/transfer', { ids: [mine.id, bobsCustomer.id], toUserId: org.loner.id });
    const mixedMissing = await org.salesA.client.post('/api/customers/transfer', { ids: [mine.id, randomUUID()], toUserId: org.loner.id });
    expect(errorOf(mixed)).toEqual({ status: 404, code: 'crm.not_found' });
    expect(mixed.body).toBe(mixedMissing.body);
    expect((await org.salesA.client.get(`/api/customers/${mine.id}`)).json<Customer>()).toMatchObject({ ownerId: org.salesA.id, version: 1 });

    // Query strings: filters naming Bob's records return nothing, exactly like unknown ids.
    const byCustomer = await org.salesA.client.get(`/api/contacts?customerId=${bobsCustomer.id}`);
    expect(byCustomer.json()).toEqual({ items: [], nextCursor: null });
    expect(byCustomer.body).toBe((await org.salesA.client.get(`/api/contacts?customerId=${randomUUID()}`)).body);
    expect((await org.salesA.client.get(`/api/customers?ownerId=${org.salesB.id}`)).json()).toEqual({ items: [], nextCursor: null, total: 0 });

    expect(await snapshot()).toEqual(before);
  });

  it('AZ-03: a manager sees and edits his team mates\' records but not another team\'s (uniform 404, delete and restore too)', async () => {
    const alices = await createCustomer(org.salesA.client);
    const read = await org.managerNorth.client.get(`/api/customers/${alices.id}`);
    expect(read.json<Customer>()).toMatchObject({ id: alices.id, canEdit: true, canDelete: true });
    expect((await org.managerNorth.client.request('PATCH', `/api/customers/${alices.id}`, { version: 1, level: 'A' })).statusCode).toBe(200);
    expect((await org.managerNorth.client.get(`/api/customers?ownerId=${org.salesA.id}`)).json<{ items: Customer[] }>().items.map((item) => item.id)).toContain(alices.id);

    const before = await snapshot();
    await expectSameAsMissing(org.managerNorth, { ...customerCalls, ...deleteCustomerCalls }, bobsCustomer.id);
    await expectSameAsMissing(org.managerNorth, { ...contactCalls, ...deleteContactCalls }, bobsContact.id);
    await expectSameAsMissing(org.managerNorth, deleteCustomerCalls, southTrashed.id);
    const trash = (await org.managerNorth.client.get('/api/customers/trash')).json<{ items: { id: string }[] }>().items.map((item) => item.id);
    expect(trash).not.toContain(southTrashed.id);
    const listed = (await org.managerNorth.client.get('/api/customers?limit=100')).json<{ items: Customer[] }>().items.map((item) => item.ownerId);
    expect(listed).not.toContain(org.salesB.id);
    expect(await snapshot()).toEqual(before);

    // The other team's manager does see Bob's customer.
    expect((await org.managerSouth.client.get(`/api/customers/${bobsCustomer.id}`)).statusCode).toBe(200);
  });

  it('AZ-02: a viewer reads the whole organisation but every write answers 403 crm.read_only, whatever the id', async () => {
    expect((await org.viewer.client.get(`/api/customers/${bobsCustomer.id}`)).json<Customer>()).toMatchObject({ canEdit: false, canDelete: false });
    expect((await org.viewer.client.get(`/api/contacts/${bobsContact.id}`)).json<Contact>()).toMatchObject({ canEdit: false });
    expect((await org.viewer.client.get(`/api/customers/${bobsCustomer.id}/history`)).statusCode).toBe(200);
    const before = await snapshot();
    const customersBefore = (await org.db.select({ total: count() }).from(crmCustomers))[0]?.total;
    const writes: [string, (id: string) => Promise<LightMyRequestResponse>][] = [
      ['create', () => org.viewer.client.post('/api/customers', { name: uniqueName('Viewer Co') })],
      ['patch', (id) => org.viewer.client.request('PATCH', `/api/customers/${id}`, { version: 1, industry: 'x' })],
      ['delete', (id) => org.viewer.client.request('DELETE', `/api/customers/${id}`)],
      ['restore', (id) => org.viewer.client.post(`/api/customers/${id}/restore`)],
      ['transfer', (id) => org.viewer.client.post('/api/customers/transfer', { ids: [id], toUserId: org.salesA.id })],
      ['contact create', (id) => org.viewer.client.post('/api/contacts', { customerId: id, name: 'x' })],
      ['contact patch', () => org.viewer.client.request('PATCH', `/api/contacts/${bobsContact.id}`, { version: 1, name: 'x' })],
      ['contact delete', () => org.viewer.client.request('DELETE', `/api/contacts/${bobsContact.id}`)],
      ['contact restore', () => org.viewer.client.post(`/api/contacts/${bobsContact.id}/restore`)],
    ];
    for (const [name, write] of writes) {
      for (const id of [bobsCustomer.id, randomUUID(), 'not-a-uuid']) {
        expect(errorOf(await write(id)), `${name} ${id}`).toEqual({ status: 403, code: 'crm.read_only' });
      }
    }
    expect(await snapshot()).toEqual(before);
    expect((await org.db.select({ total: count() }).from(crmCustomers))[0]?.total).toBe(customersBefore);
  });

  it('AZ-04: another organisation sees nothing of this one, not even through search or the duplicate check', async () => {
    const foreign = org.foreigner;
    const before = await snapshot();
    await expectSameAsMissing(foreign, { ...customerCalls, ...deleteCustomerCalls }, bobsCustomer.id);
    await expectSameAsMissing(foreign, { ...contactCalls, ...deleteContactCalls }, bobsContact.id);
    expect((await foreign.client.get('/api/customers')).json()).toEqual({ items: [], nextCursor: null, total: 0 });
    expect((await foreign.client.get('/api/contacts')).json()).toEqual({ items: [], nextCursor: null });
    expect((await foreign.client.get('/api/customers/trash')).json()).toEqual({ items: [], nextCursor: null });
    for (const q of [bobsCustomer.name, bobsContact.name, '13711112222', 'secret.person@', 'bob-secret']) {
      expect((await foreign.client.get(`/api/search?q=${encodeURIComponent(q)}`)).json(), q).toEqual({ customers: [], contacts: [], leads: [] });
    }
    expect((await foreign.client.post('/api/customers/duplicates', { name: bobsCustomer.name, phone: '0512-6789 1234', website: 'bob-secret.example' })).json()).toEqual({ duplicates: [] });
    // The same company in their own organisation is no duplicate.
    const theirs = await foreign.client.post('/api/customers', { name: bobsCustomer.name, website: 'bob-secret.example' });
    expect(theirs.statusCode, theirs.body).toBe(201);
    const theirCustomer = theirs.json<Customer>();
    expect(errorOf(await foreign.client.get(`/api/crm/owned/${org.salesB.id}`))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await foreign.client.post('/api/crm/transfer-all', { fromUserId: org.salesB.id, toUserId: foreign.id }))).toEqual({ status: 404, code: 'crm.not_found' });
    // Nor can a customer be given to a member of another organisation.
    expect(errorOf(await foreign.client.post('/api/customers/transfer', { ids: [theirCustomer.id], toUserId: org.salesA.id }))).toEqual({ status: 400, code: 'crm.invalid_new_owner' });
    expect(errorOf(await foreign.client.post('/api/customers', { name: uniqueName('Planted'), ownerId: org.salesA.id }))).toEqual({ status: 400, code: 'crm.invalid_new_owner' });
    expect(await snapshot()).toEqual(before);

    // And the other way round: this organisation's owner does not see theirs.
    await expectSameAsMissing(org.owner, customerCalls, theirCustomer.id);
    expect((await org.owner.client.post('/api/customers/duplicates', { website: 'bob-secret.example' })).json<{ duplicates: { id: string | null }[] }>().duplicates).toEqual([
      { id: bobsCustomer.id, name: bobsCustomer.name, ownerName: 'Bob Sales' },
    ]);
  });

  it('AZ-05: mass assignment of organisation, owner, creator, trash state or version is refused and stores nothing', async () => {
    const countCustomers = async () => (await org.db.select({ total: count() }).from(crmCustomers))[0]?.total;
    const before = await countCustomers();
    for (const extra of [
      { orgId: randomUUID() },
      { createdBy: org.salesB.id },
      { deletedAt: new Date().toISOString() },
      { version: 7 },
      { id: randomUUID() },
      { ownerUserId: org.salesB.id },
      { contactCount: 5 },
      { canEdit: true },
    ]) {
      expect(errorOf(await org.salesA.client.post('/api/customers', { name: uniqueName('Mass'), ...extra })), JSON.stringify(extra)).toEqual({ status: 400, code: 'validation_failed' });
    }
    expect(errorOf(await org.salesA.client.post('/api/customers', { name: uniqueName('Mass'), ownerId: org.salesB.id }))).toEqual({ status: 403, code: 'crm.owner_not_allowed' });
    expect(errorOf(await org.salesA.client.post('/api/customers', { name: uniqueName('Mass'), ownerId: null }))).toEqual({ status: 403, code: 'crm.owner_not_allowed' });
    expect(errorOf(await org.managerNorth.client.post('/api/customers', { name: uniqueName('Mass'), ownerId: org.salesB.id }))).toEqual({ status: 403, code: 'crm.owner_not_allowed' });
    expect(errorOf(await org.admin.client.post('/api/customers', { name: uniqueName('Mass'), ownerId: org.viewer.id }))).toEqual({ status: 400, code: 'crm.invalid_new_owner' });
    expect(await countCustomers()).toBe(before);
    // What each role may do.
    expect((await createCustomer(org.managerNorth.client, { ownerId: org.salesA.id })).ownerId).toBe(org.salesA.id);
    expect((await createCustomer(org.admin.client, { ownerId: org.salesB.id })).ownerId).toBe(org.salesB.id);
    expect((await createCustomer(org.admin.client, { ownerId: null })).ownerId).toBeNull();

    const mine = await createCustomer(org.salesA.client);
    for (const patch of [{ ownerId: org.salesB.id }, { orgId: randomUUID() }, { deletedAt: null }, { createdBy: org.salesB.id }, { version: '1' }, { version: 1.5 }, { version: -1 }, { lastFollowUpAt: new Date().toISOString() }]) {
      const response = await org.salesA.client.request('PATCH', `/api/customers/${mine.id}`, { version: 1, ...patch });
      expect(errorOf(response), JSON.stringify(patch)).toEqual({ status: 400, code: 'validation_failed' });
    }
    expect(errorOf(await org.salesA.client.request('PATCH', `/api/customers/${mine.id}`, { version: 999, industry: 'Future' }))).toEqual({ status: 409, code: 'crm.stale_version' });
    const contact = await createContact(org.salesA.client, mine.id);
    for (const extra of [{ orgId: randomUUID() }, { customerId: bobsCustomer.id }, { deletedAt: null }, { createdBy: org.salesB.id }, { isPrimary: 'yes' }]) {
      expect(errorOf(await org.salesA.client.request('PATCH', `/api/contacts/${contact.id}`, { version: 1, ...extra })), JSON.stringify(extra)).toEqual({ status: 400, code: 'validation_failed' });
    }
    expect((await org.salesA.client.get(`/api/customers/${mine.id}`)).json<Customer>()).toMatchObject({ ownerId: org.salesA.id, version: 1, industry: null });
    expect((await org.salesA.client.get(`/api/contacts/${contact.id}`)).json<Contact>()).toMatchObject({ customerId: mine.id, version: 1 });
  });

  it('AZ-08: malformed ids answer 404 like unknown ones, never 400 or 500', async () => {
    const malformed = ['abc', '1', "' or 1=1 --", '00000000-0000-0000-0000-00000000000g', `${randomUUID()}x`, '%00', 'null'];
    for (const id of malformed) {
      const encoded = encodeURIComponent(id);
      for (const [name, call] of Object.entries({ ...customerCalls, ...contactCalls })) {
        expect(errorOf(await call(org.managerNorth.client, encoded)), `${name} ${id}`).toEqual({ status: 404, code: 'crm.not_found' });
      }
      for (const [name, call] of Object.entries({ ...deleteCustomerCalls, ...deleteContactCalls })) {
        expect(errorOf(await call(org.managerNorth.client, encoded)), `${name} ${id}`).toEqual({ status: 404, code: 'crm.not_found' });
      }
      expect(errorOf(await org.managerNorth.client.post('/api/customers/transfer', { ids: [id], toUserId: org.salesA.id }))).toEqual({ status: 404, code: 'crm.not_found' });
      expect(errorOf(await org.managerNorth.client.get(`/api/contacts?customerId=${encoded}`))).toEqual({ status: 404, code: 'crm.not_found' });
      expect(errorOf(await org.admin.client.get(`/api/crm/owned/${encoded}`))).toEqual({ status: 404, code: 'crm.not_found' });
    }
  });

  it('search and the duplicate check never reveal records outside the scope beyond "one exists, owned by …"', async () => {
    for (const q of [bobsCustomer.name, bobsContact.name, '13711112222', '6789 1234', 'secret.person@', 'bob-secret']) {
      expect((await org.salesA.client.get(`/api/search?q=${encodeURIComponent(q)}`)).json(), q).toEqual({ customers: [], contacts: [], leads: [] });
      expect((await org.salesA.client.get(`/api/customers?q=${encodeURIComponent(q)}`)).json<{ items: unknown[] }>().items, q).toEqual([]);
      expect((await org.salesA.client.get(`/api/contacts?q=${encodeURIComponent(q)}`)).json<{ items: unknown[] }>().items, q).toEqual([]);
    }
    const duplicates = await org.salesA.client.post('/api/customers/duplicates', { phone: '0512 67891234' });
    expect(duplicates.json()).toEqual({ duplicates: [{ id: null, name: bobsCustomer.name, ownerName: 'Bob Sales' }] });
    expect(duplicates.body).not.toContain(bobsCustomer.id);
    expect(duplicates.body).not.toContain('bob-secret');
    const refused = await org.salesA.client.post('/api/customers', { name: uniqueName('Other'), website: 'www.bob-secret.example' });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).not.toContain(bobsCustomer.id);
    expect(refused.body).not.toContain('6789');
  });

  it('shared records are visible and editable, but not movable; the public pool is visible to all and editable by none of the sales', async () => {
    const shared = await createCustomer(org.salesB.client);
    await org.db.insert(crmRecordShares).values({ orgId: (await org.db.select({ orgId: crmCustomers.orgId }).from(crmCustomers).where(eq(crmCustomers.id, shared.id)))[0]?.orgId ?? '', recordType: 'customer', recordId: shared.id, userId: org.salesA.id });
    expect((await org.salesA.client.get(`/api/customers/${shared.id}`)).json<Customer>()).toMatchObject({ canEdit: true });
    expect((await org.salesA.client.request('PATCH', `/api/customers/${shared.id}`, { version: 1, industry: 'Shared edit' })).statusCode).toBe(200);
    expect((await createContact(org.salesA.client, shared.id)).customerId).toBe(shared.id);
    expect(errorOf(await org.salesA.client.post('/api/customers/transfer', { ids: [shared.id], toUserId: org.salesA.id }))).toEqual({ status: 403, code: 'forbidden' });
    // Shared with Alice only: Leo still cannot see it.
    expect((await org.loner.client.get(`/api/customers/${shared.id}`)).statusCode).toBe(404);

    const pool = await createCustomer(org.admin.client, { ownerId: null, name: uniqueName('公海客户') });
    for (const member of [org.salesA, org.salesB, org.loner]) {
      expect((await member.client.get(`/api/customers/${pool.id}`)).json<Customer>(), member.name).toMatchObject({ ownerId: null, canEdit: false });
      expect(errorOf(await member.client.request('PATCH', `/api/customers/${pool.id}`, { version: 1, industry: 'Mine now' }))).toEqual({ status: 403, code: 'forbidden' });
      expect(errorOf(await member.client.post('/api/customers/transfer', { ids: [pool.id], toUserId: member.id }))).toEqual({ status: 403, code: 'forbidden' });
      expect(errorOf(await member.client.post('/api/contacts', { customerId: pool.id, name: 'x' }))).toEqual({ status: 404, code: 'crm.not_found' });
    }
    expect((await org.managerNorth.client.request('PATCH', `/api/customers/${pool.id}`, { version: 1, industry: 'Managed' })).statusCode).toBe(200);
  });

  it('offboarding routes: members.manage only, and transfer-all needs a recent step-up', async () => {
    for (const member of [org.managerNorth, org.salesA, org.viewer]) {
      expect(errorOf(await member.client.get(`/api/crm/owned/${org.salesB.id}`)), member.name).toEqual({ status: 403, code: 'forbidden' });
      expect(errorOf(await member.client.post('/api/crm/transfer-all', { fromUserId: org.salesB.id, toUserId: member.id })), member.name).toEqual({ status: 403, code: 'forbidden' });
    }
    const before = await snapshot();
    await ageSession(org.db, org.owner.client);
    expect(errorOf(await org.owner.client.post('/api/crm/transfer-all', { fromUserId: org.salesB.id, toUserId: org.salesA.id }))).toEqual({ status: 403, code: 'reauthentication_required' });
    expect(await snapshot()).toEqual(before);
  });

  it('AZ-01: every CRM route is in the OpenAPI document and refuses anonymous callers with 401', async () => {
    const document = (await org.testApp.client().get('/api/openapi.json')).json<{ paths: Record<string, Record<string, unknown>> }>();
    const crmPaths = Object.keys(document.paths).filter((path) => /^\/api\/(customers|contacts|teams|search|crm)\b/.test(path));
    expect(crmPaths).toEqual(
      expect.arrayContaining([
        '/api/customers',
        '/api/customers/{id}',
        '/api/customers/{id}/history',
        '/api/customers/{id}/restore',
        '/api/customers/trash',
        '/api/customers/duplicates',
        '/api/customers/transfer',
        '/api/contacts',
        '/api/contacts/{id}',
        '/api/contacts/{id}/restore',
        '/api/teams',
        '/api/teams/{id}',
        '/api/teams/{id}/members',
        '/api/search',
        '/api/crm/owned/{userId}',
        '/api/crm/transfer-all',
      ]),
    );
    const anonymous = org.testApp.client();
    for (const path of crmPaths) {
      for (const method of Object.keys(document.paths[path] ?? {})) {
        const url = path.replace('{id}', bobsCustomer.id).replace('{userId}', org.salesB.id) + (path === '/api/search' ? '?q=bob' : '');
        const response = await anonymous.request(method.toUpperCase() as 'GET', url, method === 'get' || method === 'delete' ? undefined : {});
        expect(response.statusCode, `${method} ${path}: ${response.body}`).toBe(401);
      }
    }
  });
});
