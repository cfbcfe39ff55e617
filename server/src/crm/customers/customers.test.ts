import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { collectPages, createContact, createCustomer, errorOf, uniqueName, useCrmOrganization } from '../../../test/crm.ts';
import { ageSession } from '../../../test/channel-helpers.ts';
import { auditEvents } from '../../audit/audit.tables.ts';
import { crmCustomers } from './customer.tables.ts';
import type { Customer } from './customer.schema.ts';

interface HistoryItem {
  id: string;
  action: string;
  actorName: string | null;
  changes: Record<string, { from: unknown; to: unknown }> | null;
  recordType: string;
  contactName: string | null;
  createdAt: string;
}

describe('customers', () => {
  const org = useCrmOrganization();

  const history = async (id: string) => {
    const response = await org.salesA.client.get(`/api/customers/${id}/history`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ items: HistoryItem[] }>().items;
  };

  it('creates a customer: inputs trimmed, empty strings stored as null, the creator as owner, a "created" history row', async () => {
    const name = uniqueName('  Shenzhen Trading');
    const response = await org.salesA.client.post('/api/customers', {
      name: `  ${name}  `,
      industry: '   ',
      level: 'A',
      source: 'referral',
      address: '  1 Keyuan Road  ',
      phone: '',
      website: ' https://shenzhen-trading.example ',
      tags: [' vip ', 'VIP', '', 'export'],
      notes: '',
    });
    expect(response.statusCode, response.body).toBe(201);
    const customer = response.json<Customer>();
    expect(customer).toMatchObject({
      name: name.trim(),
      industry: null,
      level: 'A',
      source: 'referral',
      status: 'potential',
      ownerId: org.salesA.id,
      ownerName: 'Alice Sales',
      address: '1 Keyuan Road',
      phone: null,
      website: 'https://shenzhen-trading.example',
      tags: ['vip', 'export'],
      notes: null,
      lastFollowUpAt: null,
      contactCount: 0,
      createdByName: 'Alice Sales',
      version: 1,
      canEdit: true,
      // Sales has no crm.delete.
      canDelete: false,
    });
    expect((await org.salesA.client.get(`/api/customers/${customer.id}`)).json<Customer>()).toEqual(customer);
    expect((await org.managerNorth.client.get(`/api/customers/${customer.id}`)).json<Customer>()).toMatchObject({ canEdit: true, canDelete: true });
    const [created] = await history(customer.id);
    expect(created).toMatchObject({ action: 'created', actorName: 'Alice Sales', recordType: 'customer' });
    expect(created?.changes).toMatchObject({ name: { from: null, to: name.trim() }, level: { from: null, to: 'A' }, owner: { from: null, to: 'Alice Sales' } });
    expect(created?.changes).not.toHaveProperty('phone');
  });

  it('refuses invalid input with 400 and stores nothing', async () => {
    const before = await org.db.select({ id: crmCustomers.id }).from(crmCustomers);
    for (const body of [
      {},
      { name: '   ' },
      { name: 'x'.repeat(201) },
      { name: 'Level D', level: 'D' },
      { name: 'Bad status', status: 'archived' },
      { name: 'Too many tags', tags: Array.from({ length: 21 }, (_, index) => `t${index}`) },
      { name: 'Long tag', tags: ['x'.repeat(31)] },
      { name: 'Long notes', notes: 'x'.repeat(5001) },
      { name: 'Wrong type', tags: 'vip' },
    ]) {
      const response = await org.salesA.client.post('/api/customers', body);
      expect(errorOf(response), JSON.stringify(body)).toEqual({ status: 400, code: 'validation_failed' });
    }
    expect(await org.db.select({ id: crmCustomers.id }).from(crmCustomers)).toHaveLength(before.length);
  });

  it('warns about duplicates by name (case and spaces ignored), phone digits and website domain, across owners', async () => {
    const base = uniqueName('Acme Holdings');
    const mine = await createCustomer(org.salesA.client, { name: base, phone: '021-6666 8888', website: 'https://www.acme-holdings.example/about' });
    const spaced = base.toUpperCase().replace(/ /g, '   ');

    // Sales B cannot see Alice's customer: he learns that it exists and whose it is, not its id.
    const byName = await org.salesB.client.post('/api/customers', { name: spaced });
    expect(byName.statusCode).toBe(409);
    const body = byName.json<{ error: { code: string; message: string; details: { duplicates: unknown[] } } }>();
    expect(body.error.code).toBe('crm.possible_duplicate');
    expect(body.error.message).toMatch(/already exists/);
    expect(body.error.details.duplicates).toEqual([{ id: null, name: base, ownerName: 'Alice Sales' }]);

    // Her manager sees it, so he gets the id.
    const byPhone = await org.managerNorth.client.post('/api/customers', { name: uniqueName('Other'), phone: '(021) 66668888' });
    expect(byPhone.statusCode).toBe(409);
    expect(byPhone.json<{ error: { details: { duplicates: unknown[] } } }>().error.details.duplicates).toEqual([{ id: mine.id, name: base, ownerName: 'Alice Sales' }]);

    const byDomain = await org.salesA.client.post('/api/customers', { name: uniqueName('Other'), website: 'acme-holdings.example' });
    expect(byDomain.statusCode).toBe(409);

    const check = await org.salesB.client.post('/api/customers/duplicates', { name: ` ${base.toLowerCase()} `, phone: '', website: 'http://ACME-HOLDINGS.example' });
    expect(check.statusCode).toBe(200);
    expect(check.json()).toEqual({ duplicates: [{ id: null, name: base, ownerName: 'Alice Sales' }] });
    expect((await org.salesB.client.post('/api/customers/duplicates', {})).json()).toEqual({ duplicates: [] });
    expect((await org.salesB.client.post('/api/customers/duplicates', { name: uniqueName('Nothing like it') })).json()).toEqual({ duplicates: [] });

    // Saving anyway is a deliberate choice.
    const anyway = await org.salesB.client.post('/api/customers', { name: spaced, allowDuplicate: true });
    expect(anyway.statusCode).toBe(201);

    // A customer in the trash is no duplicate.
    const trashed = await createCustomer(org.managerNorth.client, { name: uniqueName('Trashed Co') });
    expect((await org.managerNorth.client.request('DELETE', `/api/customers/${trashed.id}`)).statusCode).toBe(200);
    expect((await org.salesA.client.post('/api/customers', { name: trashed.name })).statusCode).toBe(201);
  });

  it('two people adding the same company at the same moment: one gets the warning', async () => {
    const name = uniqueName('Race Co');
    const results = await Promise.all([org.salesA.client.post('/api/customers', { name }), org.salesB.client.post('/api/customers', { name })]);
    expect(results.map((response) => response.statusCode).sort()).toEqual([201, 409]);
  });

  it('edits with optimistic concurrency: field diffs in the history, a stale version answers 409, an unchanged save changes nothing', async () => {
    const customer = await createCustomer(org.salesA.client, { industry: 'Retail', notes: 'first note' });
    const saved = await org.salesA.client.request('PATCH', `/api/customers/${customer.id}`, { version: 1, industry: 'Wholesale', level: 'B', notes: '  ', tags: ['key account'] });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json<Customer>()).toMatchObject({ industry: 'Wholesale', level: 'B', notes: null, tags: ['key account'], version: 2 });

    const stale = await org.managerNorth.client.request('PATCH', `/api/customers/${customer.id}`, { version: 1, industry: 'Mining' });
    expect(errorOf(stale)).toEqual({ status: 409, code: 'crm.stale_version' });
    expect((await org.salesA.client.get(`/api/customers/${customer.id}`)).json<Customer>()).toMatchObject({ industry: 'Wholesale', version: 2 });

    const unchanged = await org.salesA.client.request('PATCH', `/api/customers/${customer.id}`, { version: 2, industry: ' Wholesale ' });
    expect(unchanged.json<Customer>().version).toBe(2);

    const [updated, created] = await history(customer.id);
    expect(created?.action).toBe('created');
    expect(updated).toMatchObject({
      action: 'updated',
      actorName: 'Alice Sales',
      changes: { industry: { from: 'Retail', to: 'Wholesale' }, level: { from: null, to: 'B' }, notes: { from: 'first note', to: null }, tags: { from: [], to: ['key account'] } },
    });
    expect(Object.keys(updated?.changes ?? {}).sort()).toEqual(['industry', 'level', 'notes', 'tags']);

    // The owner changes only through a transfer; name and status cannot be emptied.
    for (const body of [{ version: 2, ownerId: org.salesB.id }, { version: 2, name: '' }, { version: 2, status: null }, { industry: 'No version' }, { version: 0 }]) {
      expect(errorOf(await org.salesA.client.request('PATCH', `/api/customers/${customer.id}`, body))).toEqual({ status: 400, code: 'validation_failed' });
    }
  });

  it('two saves from the same version: one wins, the other answers 409, never a 500', async () => {
    const customer = await createCustomer(org.salesA.client);
    const results = await Promise.all([
      org.salesA.client.request('PATCH', `/api/customers/${customer.id}`, { version: 1, industry: 'One' }),
      org.managerNorth.client.request('PATCH', `/api/customers/${customer.id}`, { version: 1, industry: 'Two' }),
    ]);
    expect(results.map((response) => response.statusCode).sort()).toEqual([200, 409]);
  });

  it('trash hides the customer and its contacts everywhere; restore brings back those that went with it', async () => {
    const manager = org.managerNorth.client;
    const customer = await createCustomer(org.salesA.client, { name: uniqueName('深圳回收站测试') });
    const kept = await createContact(org.salesA.client, customer.id, { name: uniqueName('Kept') });
    const deletedBefore = await createContact(org.salesA.client, customer.id, { name: uniqueName('Gone') });
    expect((await manager.request('DELETE', `/api/contacts/${deletedBefore.id}`)).statusCode).toBe(200);

    const trashed = await manager.request('DELETE', `/api/customers/${customer.id}`);
    expect(trashed.statusCode, trashed.body).toBe(200);
    expect(trashed.json<{ id: string; deletedAt: string }>().id).toBe(customer.id);

    expect(errorOf(await manager.get(`/api/customers/${customer.id}`))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await manager.get(`/api/customers/${customer.id}/history`))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await manager.get(`/api/contacts/${kept.id}`))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await manager.request('PATCH', `/api/customers/${customer.id}`, { version: 1, industry: 'x' }))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await manager.request('DELETE', `/api/customers/${customer.id}`))).toEqual({ status: 404, code: 'crm.not_found' });
    const listed = await collectPages<Customer>(manager, '/api/customers', { limit: 100 });
    expect(listed.items.map((item) => item.id)).not.toContain(customer.id);
    expect((await manager.get(`/api/contacts?customerId=${customer.id}`)).json<{ items: unknown[] }>().items).toEqual([]);
    const search = (await manager.get(`/api/search?q=${encodeURIComponent('回收站测试')}`)).json<{ customers: unknown[]; contacts: unknown[] }>();
    expect(search.customers).toEqual([]);

    const trash = (await manager.get('/api/customers/trash')).json<{ items: { id: string; name: string; deletedByName: string }[] }>();
    expect(trash.items[0]).toMatchObject({ id: customer.id, name: customer.name, deletedByName: 'Nora North' });
    // Sales A owns it and sees it in the trash too (she cannot restore: no crm.delete).
    expect((await org.salesA.client.get('/api/customers/trash')).json<{ items: { id: string }[] }>().items.map((item) => item.id)).toContain(customer.id);
    expect((await org.salesB.client.get('/api/customers/trash')).json<{ items: { id: string }[] }>().items.map((item) => item.id)).not.toContain(customer.id);
    expect(errorOf(await org.salesA.client.post(`/api/customers/${customer.id}/restore`))).toEqual({ status: 403, code: 'forbidden' });

    const restored = await manager.post(`/api/customers/${customer.id}/restore`);
    expect(restored.statusCode, restored.body).toBe(200);
    expect(restored.json<Customer>()).toMatchObject({ id: customer.id, contactCount: 1 });
    expect((await manager.get(`/api/contacts/${kept.id}`)).statusCode).toBe(200);
    expect((await manager.get(`/api/contacts/${deletedBefore.id}`)).statusCode).toBe(404);
    expect((await manager.get('/api/customers/trash')).json<{ items: { id: string }[] }>().items.map((item) => item.id)).not.toContain(customer.id);
    expect((await history(customer.id)).slice(0, 2).map((item) => item.action)).toEqual(['restored', 'deleted']);
  });

  it('two restores (or two deletes) at once: both answer without a 500 and the customer is restored once', async () => {
    const manager = org.managerNorth.client;
    const customer = await createCustomer(org.salesA.client);
    expect((await manager.request('DELETE', `/api/customers/${customer.id}`)).statusCode).toBe(200);
    const restores = await Promise.all([manager.post(`/api/customers/${customer.id}/restore`), org.admin.client.post(`/api/customers/${customer.id}/restore`)]);
    expect(restores.map((response) => response.statusCode)).toEqual([200, 200]);
    expect((await history(customer.id)).filter((item) => item.action === 'restored')).toHaveLength(1);

    const deletes = await Promise.all([manager.request('DELETE', `/api/customers/${customer.id}`), org.admin.client.request('DELETE', `/api/customers/${customer.id}`)]);
    expect(deletes.map((response) => response.statusCode).sort()).toEqual([200, 404]);
  });

  it('pages through ties and empty values: every customer exactly once, in order, for every sort', async () => {
    const tag = `paging-${Math.random().toString(36).slice(2, 8)}`;
    const created: Customer[] = [];
    for (let index = 0; index < 23; index += 1) {
      // Five distinct names only: ties on name.
      created.push(await createCustomer(org.admin.client, { name: `Paging ${String(index % 5).padStart(2, '0')}`, tags: [tag], allowDuplicate: true, ownerId: org.salesA.id }));
    }
    const ids = created.map((customer) => customer.id);
    const base = Date.UTC(2025, 0, 1);
    // Follow-up times with ties and nulls; levels with ties and nulls; one shared creation time for most rows.
    for (const [index, id] of ids.entries()) {
      const followUp = index % 4 === 0 ? null : new Date(base + (index % 3) * 86_400_000);
      const level = index % 5 === 0 ? null : (['A', 'B', 'C'] as const)[index % 3];
      const createdAt = new Date(base + (index % 2) * 1000);
      await org.db.update(crmCustomers).set({ lastFollowUpAt: followUp, level, createdAt }).where(eq(crmCustomers.id, id));
    }
    const rows = await org.db.select().from(crmCustomers).where(inArray(crmCustomers.id, ids));
    const byId = new Map(rows.map((row) => [row.id, row]));

    const expected = (key: 'lastFollowUpAt' | 'level' | 'createdAt', order: 'asc' | 'desc') =>
      [...rows]
        .sort((left, right) => {
          const a = left[key] instanceof Date ? (left[key] as Date).getTime() : left[key];
          const b = right[key] instanceof Date ? (right[key] as Date).getTime() : right[key];
          if (a === null && b !== null) return 1;
          if (b === null && a !== null) return -1;
          const direction = order === 'asc' ? 1 : -1;
          if (a !== null && b !== null && a !== b) return (a < b ? -1 : 1) * direction;
          return (left.id < right.id ? -1 : 1) * direction;
        })
        .map((row) => row.id);

    for (const sort of ['lastFollowUpAt', 'level', 'createdAt', 'name', 'updatedAt'] as const) {
      for (const order of ['asc', 'desc'] as const) {
        for (const limit of [1, 4, 7]) {
          const { items, pages } = await collectPages<Customer>(org.salesA.client, '/api/customers', { tag, sort, order, limit });
          const seen = items.map((item) => item.id);
          expect(new Set(seen).size, `${sort} ${order} ${limit}`).toBe(seen.length);
          expect([...seen].sort(), `${sort} ${order} ${limit}`).toEqual([...ids].sort());
          expect(pages).toBe(Math.ceil(ids.length / limit));
          if (sort !== 'name' && sort !== 'updatedAt') expect(seen, `${sort} ${order} ${limit}`).toEqual(expected(sort, order));
          if (sort === 'name') {
            const names = seen.map((id) => byId.get(id)?.name ?? '');
            expect(names, `${sort} ${order}`).toEqual([...names].sort((a, b) => (order === 'asc' ? a.localeCompare(b) : b.localeCompare(a))));
          }
        }
      }
    }

    const first = (await org.salesA.client.get(`/api/customers?tag=${tag}&limit=5`)).json<{ total: number | null; nextCursor: string }>();
    expect(first.total).toBe(23);
    const second = (await org.salesA.client.get(`/api/customers?tag=${tag}&limit=5&cursor=${first.nextCursor}`)).json<{ total: number | null }>();
    expect(second.total).toBeNull();
  });

  it('refuses a tampered cursor with 400 crm.bad_cursor', async () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const id = '00000000-0000-4000-8000-000000000000';
    for (const cursor of [
      'not-a-cursor',
      encode('string'),
      encode({ s: 'name', o: 'asc', v: 'x', i: id }),
      encode({ s: 'updatedAt', o: 'desc', v: 'yesterday', i: id }),
      encode({ s: 'updatedAt', o: 'desc', v: '2025-01-01T00:00:00.000Z', i: "1' or '1'='1" }),
      encode({ s: 'updatedAt', o: 'desc', v: null, i: id }),
      encode({ s: 'updatedAt', o: 'desc', v: 12, i: id }),
    ]) {
      expect(errorOf(await org.salesA.client.get(`/api/customers?cursor=${cursor}`)), cursor).toEqual({ status: 400, code: 'crm.bad_cursor' });
    }
    expect(errorOf(await org.salesA.client.get('/api/customers/trash?cursor=abc'))).toEqual({ status: 400, code: 'crm.bad_cursor' });
    expect(errorOf(await org.salesA.client.get('/api/customers?limit=101'))).toEqual({ status: 400, code: 'validation_failed' });
    expect(errorOf(await org.salesA.client.get('/api/customers?limit=10000000'))).toEqual({ status: 400, code: 'validation_failed' });
    expect(errorOf(await org.salesA.client.get('/api/customers?sort=password'))).toEqual({ status: 400, code: 'validation_failed' });
  });

  it('filters by owner, level, status, source, industry and tag', async () => {
    const tag = `filter-${Math.random().toString(36).slice(2, 8)}`;
    const mine = await createCustomer(org.managerNorth.client, { tags: [tag], level: 'A', status: 'active', source: 'website', industry: 'Energy' });
    const alices = await createCustomer(org.managerNorth.client, { tags: [tag], ownerId: org.salesA.id, level: 'B' });
    const pool = await createCustomer(org.managerNorth.client, { tags: [tag], ownerId: null });
    const list = async (query: string) =>
      (await org.managerNorth.client.get(`/api/customers?tag=${tag}&${query}`)).json<{ items: Customer[] }>().items.map((item) => item.id).sort();
    expect(await list('')).toEqual([mine.id, alices.id, pool.id].sort());
    expect(await list('ownerId=me')).toEqual([mine.id]);
    expect(await list(`ownerId=${org.salesA.id}`)).toEqual([alices.id]);
    expect(await list('ownerId=none')).toEqual([pool.id]);
    expect(await list('level=B')).toEqual([alices.id]);
    expect(await list('status=active')).toEqual([mine.id]);
    expect(await list('source=website')).toEqual([mine.id]);
    expect(await list('industry=Energy')).toEqual([mine.id]);
    expect(errorOf(await org.managerNorth.client.get('/api/customers?ownerId=somebody'))).toEqual({ status: 400, code: 'validation_failed' });
  });

  it('finds Chinese names by substring, phone numbers by digits and websites by domain', async () => {
    const huawei = await createCustomer(org.salesA.client, { name: '深圳华为技术有限公司', phone: '0755-2878 0808', website: 'https://www.huawei-example.com' });
    const other = await createCustomer(org.salesA.client, { name: uniqueName('北京小米科技') });
    const found = async (q: string) => (await org.salesA.client.get(`/api/customers?q=${encodeURIComponent(q)}`)).json<{ items: Customer[] }>().items;
    const ids = async (q: string) => (await found(q)).map((item) => item.id);
    expect(await ids('华为')).toEqual([huawei.id]);
    expect(await ids('深圳华为技术')).toEqual([huawei.id]);
    expect(await ids('小米')).toEqual([other.id]);
    // Two characters: looked up as one bigram (no trigram in them), anywhere in the name, case-insensitively.
    expect(await ids('为技')).toEqual([huawei.id]);
    const ascii = await createCustomer(org.salesA.client, { name: uniqueName('Zeta Qx Trading') });
    // Other customers' random name suffixes may contain "qx" too: every hit must, and ours must be among them.
    const asciiHits = await found('qX');
    expect(asciiHits.map((item) => item.id)).toContain(ascii.id);
    for (const hit of asciiHits) expect(hit.name.toLowerCase()).toContain('qx');
    expect(await ids('x%')).toEqual([]);
    expect(await ids('28780808')).toEqual([huawei.id]);
    expect(await ids('2878 0808')).toEqual([huawei.id]);
    expect(await ids('huawei-example')).toEqual([huawei.id]);
    expect(await ids('www.huawei-example.com')).toEqual([huawei.id]);
    expect(await ids('100%')).toEqual([]);
    expect(await ids('_')).toEqual([]);

    const search = await org.salesA.client.get(`/api/search?q=${encodeURIComponent('华为')}`);
    expect(search.statusCode).toBe(200);
    expect(search.json()).toMatchObject({ customers: [{ id: huawei.id, name: '深圳华为技术有限公司', ownerName: 'Alice Sales', phone: '0755-2878 0808' }] });
    expect(errorOf(await org.salesA.client.get('/api/search?q=%E5%8D%8E'))).toEqual({ status: 400, code: 'validation_failed' });
    expect(errorOf(await org.salesA.client.get(`/api/search?q=${'x'.repeat(101)}`))).toEqual({ status: 400, code: 'validation_failed' });
  });

  it('transfers customers all or nothing, with history and an audit event; only to active members who work on customers', async () => {
    const first = await createCustomer(org.salesA.client);
    const second = await createCustomer(org.salesA.client);
    const note = 'Alice moves to key accounts';
    const moved = await org.salesA.client.post('/api/customers/transfer', { ids: [first.id, second.id, first.id], toUserId: org.loner.id, note: `  ${note} ` });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toEqual({ transferred: 2 });
    const now = (await org.loner.client.get(`/api/customers/${first.id}`)).json<Customer>();
    expect(now).toMatchObject({ ownerId: org.loner.id, ownerName: 'Leo Loner', version: 2 });
    // Alice no longer sees them.
    expect((await org.salesA.client.get(`/api/customers/${first.id}`)).statusCode).toBe(404);
    const [transferred] = (await org.loner.client.get(`/api/customers/${first.id}/history`)).json<{ items: HistoryItem[] }>().items;
    expect(transferred).toMatchObject({ action: 'transferred', actorName: 'Alice Sales', changes: { owner: { from: 'Alice Sales', to: 'Leo Loner' }, note: { from: null, to: note } } });
    const [event] = await org.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'crm_records_transferred'), eq(auditEvents.targetUserId, org.loner.id)));
    expect(event?.details).toMatchObject({ count: 2, from: [org.salesA.id], to: org.loner.id });

    // Already his: nothing to move.
    expect((await org.loner.client.post('/api/customers/transfer', { ids: [first.id], toUserId: org.loner.id })).json()).toEqual({ transferred: 0 });

    const mine = await createCustomer(org.salesA.client);
    for (const toUserId of [org.viewer.id, org.foreigner.id, '00000000-0000-4000-8000-000000000000']) {
      expect(errorOf(await org.salesA.client.post('/api/customers/transfer', { ids: [mine.id], toUserId }))).toEqual({ status: 400, code: 'crm.invalid_new_owner' });
    }
    expect((await org.salesA.client.get(`/api/customers/${mine.id}`)).json<Customer>().ownerId).toBe(org.salesA.id);
  });

  it('two identical transfers at once: no 500, each customer moved and recorded once', async () => {
    const customers = [await createCustomer(org.managerNorth.client), await createCustomer(org.managerNorth.client)];
    const body = { ids: customers.map((customer) => customer.id), toUserId: org.salesA.id };
    const results = await Promise.all([org.managerNorth.client.post('/api/customers/transfer', body), org.admin.client.post('/api/customers/transfer', body)]);
    expect(results.map((response) => response.statusCode)).toEqual([200, 200]);
    expect(results.map((response) => response.json<{ transferred: number }>().transferred).sort()).toEqual([0, 2]);
    for (const customer of customers) {
      expect((await history(customer.id)).filter((item) => item.action === 'transferred')).toHaveLength(1);
    }
  });

  it('offboarding: counts what a member owns and hands all of it over (step-up required), audited', async () => {
    const leaving = org.loner;
    const owned = await org.admin.client.get(`/api/crm/owned/${leaving.id}`);
    expect(owned.statusCode, owned.body).toBe(200);
    const before = owned.json<{ customers: number; contacts: number }>();
    const extra = await createCustomer(leaving.client);
    await createContact(leaving.client, extra.id);
    await createContact(leaving.client, extra.id);
    const trashed = await createCustomer(leaving.client);
    expect((await org.admin.client.request('DELETE', `/api/customers/${trashed.id}`)).statusCode).toBe(200);
    const counted = (await org.admin.client.get(`/api/crm/owned/${leaving.id}`)).json<{ customers: number; contacts: number }>();
    expect(counted).toMatchObject({ customers: before.customers + 1, contacts: before.contacts + 2 });

    expect(errorOf(await org.admin.client.post('/api/crm/transfer-all', { fromUserId: leaving.id, toUserId: leaving.id }))).toEqual({ status: 400, code: 'crm.invalid_new_owner' });
    expect(errorOf(await org.admin.client.post('/api/crm/transfer-all', { fromUserId: leaving.id, toUserId: org.viewer.id }))).toEqual({ status: 400, code: 'crm.invalid_new_owner' });
    expect(errorOf(await org.admin.client.post('/api/crm/transfer-all', { fromUserId: org.foreigner.id, toUserId: org.salesB.id }))).toEqual({ status: 404, code: 'crm.not_found' });

    const moved = await org.admin.client.post('/api/crm/transfer-all', { fromUserId: leaving.id, toUserId: org.salesB.id });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ customers: counted.customers, contacts: counted.contacts });
    expect((await org.admin.client.get(`/api/crm/owned/${leaving.id}`)).json()).toMatchObject({ customers: 0, contacts: 0 });
    expect((await org.salesB.client.get(`/api/customers/${extra.id}`)).json<Customer>()).toMatchObject({ ownerName: 'Bob Sales', contactCount: 2 });
    // The trashed one went too: restored later, it is Bob's.
    const [trashedRow] = await org.db.select({ owner: crmCustomers.ownerUserId }).from(crmCustomers).where(eq(crmCustomers.id, trashed.id));
    expect(trashedRow?.owner).toBe(org.salesB.id);
    const [event] = await org.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'crm_records_transferred'), eq(auditEvents.targetUserId, org.salesB.id)));
    // Deals, contracts and tasks: server/src/crm/offboarding/offboarding.test.ts.
    expect(event?.details).toMatchObject({ recordType: 'customer', from: leaving.id, to: org.salesB.id, count: counted.customers, reason: 'offboarding' });

    await ageSession(org.db, org.admin.client);
    expect(errorOf(await org.admin.client.post('/api/crm/transfer-all', { fromUserId: org.salesB.id, toUserId: leaving.id }))).toEqual({ status: 403, code: 'reauthentication_required' });
    expect((await org.admin.client.get(`/api/crm/owned/${org.salesB.id}`)).json<{ customers: number }>().customers).toBeGreaterThan(0);
  });
});
