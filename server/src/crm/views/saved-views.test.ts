import { describe, expect, it } from 'vitest';
import type { TestClient } from '../../../test/app.ts';
import { errorOf, useCrmOrganization } from '../../../test/crm.ts';
import { MAX_VIEWS_PER_LIST } from './saved-view.schema.ts';

/**
 * Saved list views: each person keeps their own, managers and above may share one with the organisation; only the
 * author changes a view; someone else's private view, or another organisation's, is not found.
 */

interface View {
  id: string;
  list: string;
  name: string;
  query: string;
  columns: string[];
  shared: boolean;
  ownerName: string;
  mine: boolean;
}

const MISSING = '00000000-0000-4000-8000-000000000000';

async function createView(client: TestClient, input: Partial<View> & { name: string }): Promise<View> {
  const response = await client.post('/api/views', { list: 'customers', query: 'level=A&sort=name&order=asc', columns: ['name', 'level', 'owner'], ...input });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<View>();
}

async function listViews(client: TestClient, list = 'customers'): Promise<View[]> {
  const response = await client.get(`/api/views?list=${list}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ items: View[] }>().items;
}

describe('saved views', () => {
  const org = useCrmOrganization();

  it('saves, lists, renames and deletes a view of ones own', async () => {
    const client = org.salesA.client;
    const view = await createView(client, { name: '  My A customers  ' });
    expect(view).toMatchObject({ list: 'customers', name: 'My A customers', query: 'level=A&sort=name&order=asc', columns: ['name', 'level', 'owner'], shared: false, mine: true, ownerName: 'Alice Sales' });
    expect((await listViews(client)).map((item) => item.id)).toContain(view.id);
    expect(await listViews(client, 'deals')).toEqual([]);

    const renamed = await client.request('PATCH', `/api/views/${view.id}`, { name: 'A-level', query: 'level=A' });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json<View>()).toMatchObject({ name: 'A-level', query: 'level=A', columns: ['name', 'level', 'owner'] });

    expect((await client.request('DELETE', `/api/views/${view.id}`)).statusCode).toBe(204);
    expect((await listViews(client)).map((item) => item.id)).not.toContain(view.id);
    expect(errorOf(await client.request('DELETE', `/api/views/${view.id}`))).toEqual({ status: 404, code: 'crm.not_found' });
  });

  it('keeps a private view private: another member, another organisation and a malformed id all get 404', async () => {
    const view = await createView(org.salesA.client, { name: 'Private list' });
    for (const member of [org.salesB, org.managerNorth, org.owner, org.foreigner]) {
      expect((await listViews(member.client)).map((item) => item.id)).not.toContain(view.id);
      expect(errorOf(await member.client.request('PATCH', `/api/views/${view.id}`, { name: 'Mine now' }))).toEqual({ status: 404, code: 'crm.not_found' });
      expect(errorOf(await member.client.request('DELETE', `/api/views/${view.id}`))).toEqual({ status: 404, code: 'crm.not_found' });
    }
    for (const id of [MISSING, 'not-a-uuid', "1' or '1'='1"]) {
      expect(errorOf(await org.salesA.client.request('PATCH', `/api/views/${encodeURIComponent(id)}`, { name: 'x' }))).toEqual({ status: 404, code: 'crm.not_found' });
    }
    expect((await listViews(org.salesA.client)).find((item) => item.id === view.id)?.name).toBe('Private list');
  });

  it('lets a manager share a view that everyone reads but only its author changes', async () => {
    const shared = await createView(org.managerNorth.client, { name: 'Team pipeline', shared: true });
    const seen = (await listViews(org.salesB.client)).find((item) => item.id === shared.id);
    expect(seen).toMatchObject({ name: 'Team pipeline', shared: true, mine: false, ownerName: 'Nora North' });
    expect((await listViews(org.foreigner.client)).map((item) => item.id)).not.toContain(shared.id);

    expect(errorOf(await org.salesB.client.request('PATCH', `/api/views/${shared.id}`, { name: 'Hijacked' }))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await org.admin.client.request('DELETE', `/api/views/${shared.id}`))).toEqual({ status: 404, code: 'crm.not_found' });
    expect((await listViews(org.salesB.client)).find((item) => item.id === shared.id)?.name).toBe('Team pipeline');

    const unshared = await org.managerNorth.client.request('PATCH', `/api/views/${shared.id}`, { shared: false });
    expect(unshared.statusCode, unshared.body).toBe(200);
    expect((await listViews(org.salesB.client)).map((item) => item.id)).not.toContain(shared.id);
  });

  it('refuses sharing to sales and viewers (403) and changes nothing', async () => {
    expect(errorOf(await org.salesA.client.post('/api/views', { list: 'customers', name: 'For all', query: '', columns: [], shared: true }))).toEqual({ status: 403, code: 'forbidden' });
    expect((await listViews(org.salesA.client)).map((item) => item.name)).not.toContain('For all');
    const own = await createView(org.viewer.client, { name: 'Viewer view' });
    expect(errorOf(await org.viewer.client.request('PATCH', `/api/views/${own.id}`, { shared: true }))).toEqual({ status: 403, code: 'forbidden' });
    expect((await listViews(org.viewer.client)).find((item) => item.id === own.id)?.shared).toBe(false);
  });

  it('refuses a second view with the same name on the same list, ignoring case, but allows it on another list or for another person', async () => {
    await createView(org.salesB.client, { name: 'Hot leads' });
    expect(errorOf(await org.salesB.client.post('/api/views', { list: 'customers', name: 'HOT LEADS', query: '', columns: [] }))).toEqual({ status: 409, code: 'crm.view_name_taken' });
    await createView(org.salesB.client, { name: 'Hot leads', list: 'deals' });
    await createView(org.loner.client, { name: 'Hot leads' });
    const other = await createView(org.salesB.client, { name: 'Cold' });
    expect(errorOf(await org.salesB.client.request('PATCH', `/api/views/${other.id}`, { name: 'hot leads' }))).toEqual({ status: 409, code: 'crm.view_name_taken' });
    const sameName = await org.salesB.client.request('PATCH', `/api/views/${other.id}`, { name: 'Cold', query: 'level=C' });
    expect(sameName.statusCode, sameName.body).toBe(200);
  });

  it('rejects unknown fields, wrong types, an unknown list and an unsafe query with 400', async () => {
    const client = org.loner.client;
    const before = (await listViews(client)).length;
    const bad: Record<string, unknown>[] = [
      { list: 'customers', name: 'x', query: '', columns: [], extra: 1 },
      { list: 'customers', name: 'x', query: '', columns: 'name' },
      { list: 'leads-of-others', name: 'x', query: '', columns: [] },
      { list: 'customers', name: '   ', query: '', columns: [] },
      { list: 'customers', name: 'x'.repeat(61), query: '', columns: [] },
      { list: 'customers', name: 'x', query: 'a'.repeat(1001), columns: [] },
      { list: 'customers', name: 'x', query: `q=${'y'.repeat(201)}`, columns: [] },
      { list: 'customers', name: 'x', query: 'owner%3Bdrop=1', columns: [] },
      { list: 'customers', name: 'x', query: '', columns: ['name; drop table'] },
    ];
    for (const body of bad) expect(errorOf(await client.post('/api/views', body)).status, JSON.stringify(body)).toBe(400);
    expect(errorOf(await client.request('PATCH', `/api/views/${MISSING}`, {})).status).toBe(400);
    expect(errorOf(await client.get('/api/views?list=customers&extra=1')).status).toBe(400);
    expect((await listViews(client)).length).toBe(before);
  });

  it(`stops at ${MAX_VIEWS_PER_LIST} views per list even when they are saved concurrently`, async () => {
    const client = org.managerSouth.client;
    const attempts = await Promise.all(
      Array.from({ length: MAX_VIEWS_PER_LIST + 5 }, (_, index) => client.post('/api/views', { list: 'contracts', name: `View ${index}`, query: '', columns: [] })),
    );
    const statuses = attempts.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 201)).toHaveLength(MAX_VIEWS_PER_LIST);
    expect(attempts.filter((response) => response.statusCode !== 201).map((response) => errorOf(response))).toEqual(Array.from({ length: 5 }, () => ({ status: 409, code: 'crm.too_many_views' })));
    expect(await listViews(client, 'contracts')).toHaveLength(MAX_VIEWS_PER_LIST);
    expect(await listViews(client, 'deals')).toHaveLength(0);
  });

  it('answers 401 without a session, also to an API token (views are a person\'s preference, not data)', async () => {
    const created = await org.salesA.client.post('/api/me/api-tokens', { name: 'Views script', scopes: ['crm:read', 'crm:write'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(created.statusCode, created.body).toBe(201);
    const authorization = `Bearer ${created.json<{ token: string }>().token}`;
    const withToken = (method: 'GET' | 'POST', url: string, payload?: object) => org.testApp.app.inject({ method, url, headers: { authorization }, ...(payload ? { payload } : {}) });
    expect((await withToken('GET', '/api/customers')).statusCode).toBe(200);
    expect(errorOf(await withToken('GET', '/api/views?list=customers')).status).toBe(401);
    expect(errorOf(await withToken('POST', '/api/views', { list: 'customers', name: 'By token', query: '', columns: [] })).status).toBe(401);
    expect((await listViews(org.salesA.client)).map((item) => item.name)).not.toContain('By token');
    const anonymous = org.testApp.client();
    expect(errorOf(await anonymous.get('/api/views?list=customers')).status).toBe(401);
    expect(errorOf(await anonymous.post('/api/views', { list: 'customers', name: 'x', query: '', columns: [] })).status).toBe(401);
  });

  it('keeps views of the leads list apart from the other lists, private by default, shared only by crm.writeAll', async () => {
    const mine = await createView(org.salesA.client, { list: 'leads', name: 'My qualified leads', query: 'status=qualified&owner=me', columns: [] });
    expect(mine).toMatchObject({ list: 'leads', query: 'status=qualified&owner=me', shared: false });
    expect((await listViews(org.salesA.client, 'leads')).map((item) => item.id)).toEqual([mine.id]);
    expect((await listViews(org.salesA.client, 'customers')).map((item) => item.id)).not.toContain(mine.id);
    expect(await listViews(org.salesB.client, 'leads')).toEqual([]);
    expect(errorOf(await org.salesA.client.post('/api/views', { list: 'leads', name: 'For all', query: '', columns: [], shared: true }))).toEqual({ status: 403, code: 'forbidden' });
    const shared = await createView(org.managerNorth.client, { list: 'leads', name: 'Team leads', query: 'status=new', columns: [], shared: true });
    expect((await listViews(org.salesB.client, 'leads')).map((item) => item.id)).toEqual([shared.id]);
    expect(errorOf(await org.salesB.client.request('DELETE', `/api/views/${shared.id}`))).toEqual({ status: 404, code: 'crm.not_found' });
  });
});
