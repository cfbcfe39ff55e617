import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { STRONG_PASSWORD } from '../../../test/app.ts';
import { ageSession } from '../../../test/channel-helpers.ts';
import { createContact, createCustomer, errorOf, uniqueName, useCrmOrganization } from '../../../test/crm.ts';
import { csvRows } from '../../../test/exports.ts';
import { auditEvents } from '../../audit/audit.tables.ts';

/** Who may export what: the list's data scope, crm.export, a session (no API token) and a recent step-up. */
describe('CRM exports: access', () => {
  const org = useCrmOrganization();

  /** The names in the first column of a CSV export (header dropped). */
  const exportedNames = async (client: typeof org.owner.client, path: string) => {
    const response = await client.get(path);
    expect(response.statusCode, response.body).toBe(200);
    return csvRows(response)
      .slice(1)
      .map((row) => row[0]);
  };

  it('exports exactly what each role sees in the list: sales B’s customers never reach sales A (IDOR), a foreign org gets nothing', async () => {
    const tag = `scope${Date.now() % 100000}`;
    const ofA = await createCustomer(org.salesA.client, { name: uniqueName('Alpha'), tags: [tag] });
    const ofB = await createCustomer(org.salesB.client, { name: uniqueName('Bravo'), tags: [tag] });
    const pool = await createCustomer(org.owner.client, { name: uniqueName('Pool'), tags: [tag], ownerId: null });
    await createContact(org.salesA.client, ofA.id, { name: uniqueName('Contact of A') });
    const contactOfB = await createContact(org.salesB.client, ofB.id, { name: uniqueName('Contact of B') });

    const path = `/api/customers/export?format=csv&tag=${tag}&sort=name&order=asc`;
    expect(await exportedNames(org.salesA.client, path)).toEqual([ofA.name, pool.name].sort());
    expect(await exportedNames(org.salesB.client, path)).toEqual([ofB.name, pool.name].sort());
    expect(await exportedNames(org.managerNorth.client, path)).toEqual([ofA.name, pool.name].sort());
    expect(await exportedNames(org.owner.client, path)).toEqual([ofA.name, ofB.name, pool.name].sort());
    expect(await exportedNames(org.admin.client, path)).toHaveLength(3);
    // The same filters on another organisation: an empty file, not an error that tells the tag exists.
    expect(await exportedNames(org.foreigner.client, path)).toEqual([]);

    // Naming B's customer or filtering by B as owner does not widen A's export.
    expect(await exportedNames(org.salesA.client, `${path}&ownerId=${org.salesB.id}`)).toEqual([]);
    const contactNames = await exportedNames(org.salesA.client, `/api/contacts/export?format=csv&q=${encodeURIComponent('Contact of')}`);
    expect(contactNames).not.toContain(contactOfB.name);
    expect((await org.salesA.client.get(`/api/contacts/export?format=csv&customerId=${ofB.id}`)).statusCode).toBe(200);
    expect(await exportedNames(org.salesA.client, `/api/contacts/export?format=csv&customerId=${ofB.id}`)).toEqual([]);
  });

  it('viewers (no crm.export) get 403 before anything is read; an API token gets 401; nobody signed in gets 401', async () => {
    expect(errorOf(await org.viewer.client.get('/api/customers/export?format=csv'))).toEqual({ status: 403, code: 'forbidden' });
    expect(errorOf(await org.viewer.client.get('/api/contacts/export?format=xlsx'))).toEqual({ status: 403, code: 'forbidden' });
    // Checked before validation: a viewer learns nothing about the parameters.
    expect(errorOf(await org.viewer.client.get('/api/customers/export?format=pdf'))).toEqual({ status: 403, code: 'forbidden' });
    expect(errorOf(await org.testApp.client().get('/api/customers/export?format=csv'))).toEqual({ status: 401, code: 'unauthenticated' });

    const created = await org.owner.client.post('/api/me/api-tokens', { name: uniqueName('Script'), scopes: ['crm:read'], expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() });
    expect(created.statusCode, created.body).toBe(201);
    const token = created.json<{ token: string }>().token;
    const viaToken = await org.testApp.app.inject({ method: 'GET', url: '/api/customers/export?format=csv', headers: { authorization: `Bearer ${token}` } });
    expect(viaToken.statusCode).toBe(401);
    // No HEAD twin that would audit an export without sending it.
    const cookie = [...org.owner.client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const head = await org.testApp.app.inject({ method: 'HEAD', url: '/api/customers/export?format=csv', headers: { cookie } });
    expect([404, 405]).toContain(head.statusCode);
    // The same token still reads the list: only exporting is refused.
    expect((await org.testApp.app.inject({ method: 'GET', url: '/api/customers', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
  });

  it('needs a recent step-up: a stale session gets 403 reauthentication_required and nothing is audited; the password opens it', async () => {
    const client = org.managerSouth.client;
    await ageSession(org.db, client);
    const audited = async () => (await org.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'crm_exported'), eq(auditEvents.actorUserId, org.managerSouth.id)))).length;
    const before = await audited();
    expect(errorOf(await client.get('/api/customers/export?format=csv'))).toEqual({ status: 403, code: 'reauthentication_required' });
    expect(errorOf(await client.get('/api/contacts/export?format=xlsx'))).toEqual({ status: 403, code: 'reauthentication_required' });
    // Bad input is 400 whatever the session's age.
    expect(errorOf(await client.get('/api/customers/export?format=pdf'))).toEqual({ status: 400, code: 'validation_failed' });
    expect(await audited()).toBe(before);

    expect((await client.post('/api/auth/reauthenticate', { password: STRONG_PASSWORD })).statusCode).toBe(200);
    expect((await client.get('/api/customers/export?format=csv')).statusCode).toBe(200);
    expect(await audited()).toBe(before + 1);
  });

  it('writes one crm_exported audit row with the record type, format, row count and the filters used', async () => {
    const tag = `audit${Date.now() % 100000}`;
    for (let index = 0; index < 3; index += 1) await createCustomer(org.salesA.client, { tags: [tag], level: 'B' });
    const response = await org.salesA.client.get(`/api/customers/export?format=xlsx&tag=${tag}&level=B&industry=&sort=name&order=asc`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['x-export-rows']).toBe('3');
    const rows = await org.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'crm_exported'), eq(auditEvents.actorUserId, org.salesA.id)));
    const event = rows.find((row) => JSON.stringify(row.details).includes(tag));
    expect(event).toMatchObject({ orgId: expect.any(String) as string, outcome: 'success' });
    expect(event?.details).toEqual({ recordType: 'customer', format: 'xlsx', rows: 3, filters: { tag, level: 'B', sort: 'name', order: 'asc' } });

    const contacts = await org.salesA.client.get(`/api/contacts/export?format=csv&q=nobody-${tag}`);
    expect(contacts.headers['x-export-rows']).toBe('0');
    const contactEvents = await org.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'crm_exported'), eq(auditEvents.actorUserId, org.salesA.id)));
    expect(contactEvents.map((row) => row.details)).toContainEqual({ recordType: 'contact', format: 'csv', rows: 0, filters: { q: `nobody-${tag}`, sort: 'name', order: 'asc' } });
  });
});
