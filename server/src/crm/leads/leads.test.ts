import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { TestClient } from '../../../test/app.ts';
import { collectPages, errorOf, uniqueName, useCrmOrganization } from '../../../test/crm.ts';
import { historyOf } from '../../../test/deals.ts';
import type { Lead } from './lead.schema.ts';
import { crmLeads } from './lead.tables.ts';

async function createLead(client: TestClient, input: Record<string, unknown> = {}): Promise<Lead> {
  const response = await client.post('/api/leads', { name: uniqueName('Lead'), ...input });
  if (response.statusCode !== 201) throw new Error(`lead not created: ${response.statusCode} ${response.body}`);
  return response.json<Lead>();
}

describe('leads', () => {
  const org = useCrmOrganization();

  it('creates a lead: trimmed, e-mail lower-cased, the creator as owner, a "created" history row', async () => {
    const name = uniqueName('Zhang Wei');
    const response = await org.salesA.client.post('/api/leads', { name: `  ${name} `, company: ' Pearl River Foods ', phone: '', email: ' Zhang.Wei@Pearl.example ', source: 'exhibition' });
    expect(response.statusCode, response.body).toBe(201);
    const lead = response.json<Lead>();
    expect(lead).toMatchObject({ name, company: 'Pearl River Foods', phone: null, email: 'zhang.wei@pearl.example', source: 'exhibition', status: 'new', ownerId: org.salesA.id, ownerName: 'Alice Sales', version: 1, canEdit: true, canDelete: false });
    expect((await org.salesA.client.get(`/api/leads/${lead.id}`)).json<Lead>()).toEqual(lead);
    const [created] = await historyOf(org.salesA.client, `/api/leads/${lead.id}/history`);
    expect(created).toMatchObject({ action: 'created', actorName: 'Alice Sales', recordType: 'lead' });
    expect(created?.changes).toMatchObject({ name: { from: null, to: name }, owner: { from: null, to: 'Alice Sales' } });
  });

  it('refuses invalid input with 400 (unknown fields, wrong types, oversized, status rules) and stores nothing', async () => {
    const before = await org.db.select({ id: crmLeads.id }).from(crmLeads);
    for (const body of [
      {},
      { name: '  ' },
      { name: 'x'.repeat(101) },
      { name: 'Unknown field', rating: 5 },
      { name: 42 },
      { name: 'Bad mail', email: 'not-an-address' },
      { name: 'Bad source', source: 'radio' },
      { name: 'Converted by hand', status: 'converted' },
      { name: 'No reason', status: 'unqualified' },
      { name: 'Long notes', notes: 'n'.repeat(5001) },
    ]) {
      const response = await org.salesA.client.post('/api/leads', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect(await org.db.select({ id: crmLeads.id }).from(crmLeads)).toHaveLength(before.length);
    const lead = await createLead(org.salesA.client);
    expect(errorOf(await org.salesA.client.request('PATCH', `/api/leads/${lead.id}`, { version: 1, ownerId: org.salesB.id })).status).toBe(400);
    expect(errorOf(await org.salesA.client.request('PATCH', `/api/leads/${lead.id}`, { version: '1', name: 'x' })).status).toBe(400);
    expect(errorOf(await org.salesA.client.get('/api/leads?status=archived')).status).toBe(400);
  });

  it('edits with versions; unqualified needs a reason and leaving it clears the reason; each change is a history row', async () => {
    const lead = await createLead(org.salesA.client, { company: 'Old Co' });
    expect(errorOf(await org.salesA.client.request('PATCH', `/api/leads/${lead.id}`, { version: 1, status: 'unqualified' }))).toEqual({ status: 400, code: 'crm.lead_unqualified_reason_required' });
    const unqualified = await org.salesA.client.request('PATCH', `/api/leads/${lead.id}`, { version: 1, status: 'unqualified', unqualifiedReason: 'No budget', company: 'New Co' });
    expect(unqualified.json<Lead>()).toMatchObject({ status: 'unqualified', unqualifiedReason: 'No budget', company: 'New Co', version: 2 });
    expect(errorOf(await org.salesA.client.request('PATCH', `/api/leads/${lead.id}`, { version: 1, name: 'Late' }))).toEqual({ status: 409, code: 'crm.stale_version' });
    const back = await org.salesA.client.request('PATCH', `/api/leads/${lead.id}`, { version: 2, status: 'contacted' });
    expect(back.json<Lead>()).toMatchObject({ status: 'contacted', unqualifiedReason: null, version: 3 });
    const rows = await historyOf(org.salesA.client, `/api/leads/${lead.id}/history`);
    expect(rows.map((row) => row.action)).toEqual(['updated', 'updated', 'created']);
    expect(rows[0]?.changes).toEqual({ status: { from: 'unqualified', to: 'contacted' }, unqualifiedReason: { from: 'No budget', to: null } });
    expect(rows[1]?.changes).toMatchObject({ company: { from: 'Old Co', to: 'New Co' }, status: { from: 'new', to: 'unqualified' } });
  });

  it('lists with filters, search (name, company, phone, e-mail) and keyset pages in the caller scope', async () => {
    const marker = uniqueName('Marker').replace(/\s/g, '');
    const mine = await createLead(org.salesA.client, { name: `${marker} One`, company: 'Lotus Trading', phone: '+86 138 0013 8000', email: 'one@lotus.example', source: 'website' });
    const second = await createLead(org.salesA.client, { name: `${marker} Two`, status: 'qualified' });
    const others = await createLead(org.salesB.client, { name: `${marker} Three` });
    const search = async (client: TestClient, query: string) => (await client.get(`/api/leads?${query}`)).json<{ items: Lead[]; total: number }>();
    expect((await search(org.salesA.client, `q=${marker}`)).items.map((lead) => lead.id).sort()).toEqual([mine.id, second.id].sort());
    expect((await search(org.owner.client, `q=${marker}`)).total).toBe(3);
    expect((await search(org.managerSouth.client, `q=${marker}`)).items.map((lead) => lead.id)).toEqual([others.id]);
    expect((await search(org.salesA.client, `q=${marker}&status=qualified`)).items.map((lead) => lead.id)).toEqual([second.id]);
    expect((await search(org.salesA.client, `q=${marker}&source=website`)).items.map((lead) => lead.id)).toEqual([mine.id]);
    expect((await search(org.owner.client, `q=${marker}&ownerId=${org.salesB.id}`)).items.map((lead) => lead.id)).toEqual([others.id]);
    for (const term of ['Lotus Trad', '13800138000', 'one@lotus']) {
      expect((await search(org.salesA.client, `q=${encodeURIComponent(term)}`)).items.map((lead) => lead.id), term).toContain(mine.id);
    }
    const { items, pages } = await collectPages<Lead>(org.owner.client, '/api/leads', { q: marker, limit: 1, sort: 'name', order: 'asc' });
    expect(pages).toBe(3);
    expect(items.map((lead) => lead.id)).toEqual([mine.id, others.id, second.id]);
    expect(errorOf(await org.owner.client.get('/api/leads?cursor=garbage'))).toEqual({ status: 400, code: 'crm.bad_cursor' });
  });

  it('answers 404 for leads outside the scope (another salesperson, team or organisation), 403 crm.read_only for viewers', async () => {
    const lead = await createLead(org.salesA.client);
    for (const outsider of [org.salesB, org.managerSouth, org.loner, org.foreigner]) {
      expect(errorOf(await outsider.client.get(`/api/leads/${lead.id}`))).toEqual({ status: 404, code: 'crm.not_found' });
      expect(errorOf(await outsider.client.get(`/api/leads/${lead.id}/history`))).toEqual({ status: 404, code: 'crm.not_found' });
      expect(errorOf(await outsider.client.request('PATCH', `/api/leads/${lead.id}`, { version: 1, name: 'Mine now' }))).toEqual({ status: 404, code: 'crm.not_found' });
    }
    expect(errorOf(await org.managerSouth.client.request('DELETE', `/api/leads/${lead.id}`))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await org.salesA.client.get('/api/leads/not-a-uuid'))).toEqual({ status: 404, code: 'crm.not_found' });
    expect((await org.managerNorth.client.get(`/api/leads/${lead.id}`)).json<Lead>()).toMatchObject({ canEdit: true, canDelete: true });
    expect((await org.viewer.client.get(`/api/leads/${lead.id}`)).json<Lead>()).toMatchObject({ canEdit: false });
    expect(errorOf(await org.viewer.client.post('/api/leads', { name: 'Viewer lead' }))).toEqual({ status: 403, code: 'crm.read_only' });
    expect(errorOf(await org.viewer.client.request('PATCH', `/api/leads/${lead.id}`, { version: 1, name: 'x' }))).toEqual({ status: 403, code: 'crm.read_only' });
    expect(errorOf(await org.viewer.client.post(`/api/leads/${lead.id}/convert`, { junk: true }))).toEqual({ status: 403, code: 'crm.read_only' });
    expect(errorOf(await org.salesA.client.post('/api/leads', { name: 'For Bob', ownerId: org.salesB.id }))).toEqual({ status: 403, code: 'crm.owner_not_allowed' });
    const forAlice = await createLead(org.managerNorth.client, { ownerId: org.salesA.id });
    expect(forAlice.ownerId).toBe(org.salesA.id);
    expect((await org.foreigner.client.get('/api/leads')).json<{ items: Lead[] }>().items).toEqual([]);
  });

  it('moves to the trash and back (crm.delete), with history; the trash lists it', async () => {
    const lead = await createLead(org.salesA.client);
    expect(errorOf(await org.salesA.client.request('DELETE', `/api/leads/${lead.id}`))).toEqual({ status: 403, code: 'forbidden' });
    expect((await org.managerNorth.client.request('DELETE', `/api/leads/${lead.id}`)).statusCode).toBe(200);
    expect(errorOf(await org.salesA.client.get(`/api/leads/${lead.id}`)).status).toBe(404);
    const trash = (await org.managerNorth.client.get('/api/leads/trash')).json<{ items: { id: string; deletedByName: string }[] }>();
    expect(trash.items.find((item) => item.id === lead.id)).toMatchObject({ deletedByName: 'Nora North' });
    expect((await org.managerSouth.client.get('/api/leads/trash')).json<{ items: { id: string }[] }>().items.map((item) => item.id)).not.toContain(lead.id);
    const restored = await org.managerNorth.client.post(`/api/leads/${lead.id}/restore`);
    expect(restored.statusCode, restored.body).toBe(200);
    expect((await org.salesA.client.get(`/api/leads/${lead.id}`)).statusCode).toBe(200);
    expect((await historyOf(org.salesA.client, `/api/leads/${lead.id}/history`)).map((row) => row.action)).toEqual(['restored', 'deleted', 'created']);
    const [stored] = await org.db.select({ deletedAt: crmLeads.deletedAt }).from(crmLeads).where(eq(crmLeads.id, lead.id));
    expect(stored?.deletedAt).toBeNull();
  });

  it('offboarding hands a member\'s leads to a colleague, with a "transferred" row in the lead\'s history', async () => {
    const lead = await createLead(org.loner.client);
    expect((await org.admin.client.get(`/api/crm/owned/${org.loner.id}`)).json<{ leads: number }>().leads).toBe(1);
    const moved = await org.admin.client.post('/api/crm/transfer-all', { fromUserId: org.loner.id, toUserId: org.salesB.id });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json<{ leads: number }>().leads).toBe(1);
    expect((await org.salesB.client.get(`/api/leads/${lead.id}`)).json<Lead>()).toMatchObject({ ownerId: org.salesB.id, version: 2 });
    const [transferred] = await historyOf(org.salesB.client, `/api/leads/${lead.id}/history`);
    expect(transferred).toMatchObject({ action: 'transferred', changes: { owner: { from: 'Leo Loner', to: 'Bob Sales' } } });
  });

  it('accepts a personal API token, narrowed by its scopes and its owner\'s data scope', async () => {
    const mine = await createLead(org.salesA.client);
    const others = await createLead(org.salesB.client);
    const issued = await org.salesA.client.post('/api/me/api-tokens', { name: uniqueName('Script'), scopes: ['crm:read'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(issued.statusCode, issued.body).toBe(201);
    const headers = { authorization: `Bearer ${issued.json<{ token: string }>().token}` };
    const call = (method: 'GET' | 'POST', url: string, payload?: object) => org.testApp.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
    expect((await call('GET', `/api/leads/${mine.id}`)).json<Lead>()).toMatchObject({ id: mine.id, canEdit: false });
    expect(errorOf(await call('GET', `/api/leads/${others.id}`))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await call('POST', '/api/leads', { name: 'By script' })).status).toBe(403);
  });
});

