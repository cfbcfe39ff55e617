import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents } from '../../audit/audit.tables.ts';
import type { TestClient } from '../../../test/app.ts';
import { errorOf, uniqueName, useCrmOrganization } from '../../../test/crm.ts';
import { historyOf } from '../../../test/deals.ts';
import { crmRecordShares } from '../access/access.tables.ts';
import type { Lead } from './lead.schema.ts';
import { crmLeads } from './lead.tables.ts';

async function createLead(client: TestClient, input: Record<string, unknown> = {}): Promise<Lead> {
  const response = await client.post('/api/leads', { name: uniqueName('Lead'), ...input });
  if (response.statusCode !== 201) throw new Error(`lead not created: ${response.statusCode} ${response.body}`);
  return response.json<Lead>();
}

describe('lead transfer', () => {
  const org = useCrmOrganization();

  const ownersOf = async (ids: string[]) => {
    const rows = await org.db.select({ id: crmLeads.id, ownerUserId: crmLeads.ownerUserId, version: crmLeads.version }).from(crmLeads).where(inArray(crmLeads.id, ids));
    return new Map(rows.map((row) => [row.id, row.ownerUserId]));
  };

  it('moves leads in bulk with a history row on each and one audit entry; the new owner sees them, the old one no longer', async () => {
    const first = await createLead(org.salesA.client);
    const second = await createLead(org.salesA.client);
    const response = await org.salesA.client.post('/api/leads/transfer', { ids: [first.id, second.id, first.id], toUserId: org.salesB.id, note: 'Going on leave' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ transferred: 2 });
    expect((await org.salesB.client.get(`/api/leads/${first.id}`)).json<Lead>()).toMatchObject({ ownerId: org.salesB.id, ownerName: 'Bob Sales', version: 2 });
    expect(errorOf(await org.salesA.client.get(`/api/leads/${second.id}`))).toEqual({ status: 404, code: 'crm.not_found' });
    for (const lead of [first, second]) {
      const [row] = await historyOf(org.salesB.client, `/api/leads/${lead.id}/history`);
      expect(row).toMatchObject({ action: 'transferred', actorName: 'Alice Sales', changes: { owner: { from: 'Alice Sales', to: 'Bob Sales' }, note: { from: null, to: 'Going on leave' } } });
    }
    const [event] = await org.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'crm_records_transferred'), eq(auditEvents.actorUserId, org.salesA.id), sql`${auditEvents.details}->>'recordType' = 'lead'`))
      .orderBy(desc(auditEvents.occurredAt))
      .limit(1);
    expect(event?.details).toMatchObject({ recordType: 'lead', count: 2, from: [org.salesA.id], to: org.salesB.id });
    expect(event?.targetUserId).toBe(org.salesB.id);
    // Leads the new owner already has are left alone: no row, no version bump.
    const again = await org.owner.client.post('/api/leads/transfer', { ids: [first.id], toUserId: org.salesB.id });
    expect(again.json()).toEqual({ transferred: 0 });
    expect((await historyOf(org.salesB.client, `/api/leads/${first.id}/history`)).map((row) => row.action)).toEqual(['transferred', 'created']);
  });

  it('is all or nothing: an id outside the scope, unknown or malformed answers 404 and nothing moves (IDOR)', async () => {
    const mine = await createLead(org.salesA.client);
    const bobs = await createLead(org.salesB.client);
    const south = await createLead(org.managerSouth.client);
    const foreign = await createLead(org.foreigner.client);
    for (const ids of [[mine.id, bobs.id], [mine.id, randomUUID()], [mine.id, 'not-a-uuid'], [mine.id, foreign.id]]) {
      expect(errorOf(await org.salesA.client.post('/api/leads/transfer', { ids, toUserId: org.loner.id })), JSON.stringify(ids)).toEqual({ status: 404, code: 'crm.not_found' });
    }
    // A manager moves his team's leads, never another team's.
    expect(errorOf(await org.managerNorth.client.post('/api/leads/transfer', { ids: [mine.id, south.id], toUserId: org.managerNorth.id }))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await org.foreigner.client.post('/api/leads/transfer', { ids: [foreign.id], toUserId: org.salesA.id }))).toEqual({ status: 400, code: 'crm.invalid_new_owner' });
    expect(await ownersOf([mine.id, bobs.id, south.id])).toEqual(
      new Map([
        [mine.id, org.salesA.id],
        [bobs.id, org.salesB.id],
        [south.id, org.managerSouth.id],
      ]),
    );
    const trashed = await createLead(org.salesA.client);
    expect((await org.managerNorth.client.request('DELETE', `/api/leads/${trashed.id}`)).statusCode).toBe(200);
    expect(errorOf(await org.managerNorth.client.post('/api/leads/transfer', { ids: [trashed.id], toUserId: org.managerNorth.id }))).toEqual({ status: 404, code: 'crm.not_found' });
    const moved = await org.managerNorth.client.post('/api/leads/transfer', { ids: [mine.id], toUserId: org.managerNorth.id });
    expect(moved.json(), moved.body).toEqual({ transferred: 1 });
  });

  it('sales move only their own: a pool or shared lead they see answers 403; crm.writeAll moves any in scope', async () => {
    const pool = await createLead(org.owner.client, { ownerId: null });
    const bobs = await createLead(org.salesB.client);
    const [orgRow] = await org.db.select({ orgId: crmLeads.orgId }).from(crmLeads).where(eq(crmLeads.id, bobs.id));
    await org.db.insert(crmRecordShares).values({ orgId: orgRow?.orgId ?? '', recordType: 'lead', recordId: bobs.id, userId: org.salesA.id });
    expect((await org.salesA.client.get(`/api/leads/${bobs.id}`)).statusCode).toBe(200);
    for (const ids of [[pool.id], [bobs.id]]) {
      expect(errorOf(await org.salesA.client.post('/api/leads/transfer', { ids, toUserId: org.salesA.id }))).toEqual({ status: 403, code: 'forbidden' });
    }
    expect(await ownersOf([pool.id, bobs.id])).toEqual(
      new Map([
        [pool.id, null],
        [bobs.id, org.salesB.id],
      ]),
    );
    const byAdmin = await org.admin.client.post('/api/leads/transfer', { ids: [pool.id, bobs.id], toUserId: org.salesA.id });
    expect(byAdmin.json(), byAdmin.body).toEqual({ transferred: 2 });
    const [row] = await historyOf(org.salesA.client, `/api/leads/${pool.id}/history`);
    expect(row?.changes).toEqual({ owner: { from: null, to: 'Alice Sales' } });
  });

  it('refuses viewers, converted leads, bad owners and malformed bodies; tokens need crm:write', async () => {
    const lead = await createLead(org.salesA.client);
    expect(errorOf(await org.viewer.client.post('/api/leads/transfer', { ids: [lead.id], toUserId: org.viewer.id }))).toEqual({ status: 403, code: 'crm.read_only' });
    expect(errorOf(await org.viewer.client.post('/api/leads/transfer', { junk: true }))).toEqual({ status: 403, code: 'crm.read_only' });
    expect(errorOf(await org.testApp.client().post('/api/leads/transfer', { ids: [lead.id], toUserId: org.salesB.id })).status).toBe(401);
    for (const toUserId of [org.viewer.id, org.foreigner.id, randomUUID()]) {
      expect(errorOf(await org.salesA.client.post('/api/leads/transfer', { ids: [lead.id], toUserId }))).toEqual({ status: 400, code: 'crm.invalid_new_owner' });
    }
    for (const body of [{}, { ids: [], toUserId: org.salesB.id }, { ids: [lead.id], toUserId: 'bob' }, { ids: [lead.id], toUserId: org.salesB.id, ownerId: org.salesB.id }, { ids: Array.from({ length: 501 }, () => randomUUID()), toUserId: org.salesB.id }, { ids: [lead.id], toUserId: org.salesB.id, note: 'n'.repeat(501) }]) {
      expect(errorOf(await org.salesA.client.post('/api/leads/transfer', body)).status, JSON.stringify(body).slice(0, 80)).toBe(400);
    }
    const converted = await createLead(org.salesA.client);
    await org.db.update(crmLeads).set({ status: 'converted' }).where(eq(crmLeads.id, converted.id));
    expect(errorOf(await org.salesA.client.post('/api/leads/transfer', { ids: [lead.id, converted.id], toUserId: org.salesB.id }))).toEqual({ status: 409, code: 'crm.lead_converted' });
    expect((await ownersOf([lead.id])).get(lead.id)).toBe(org.salesA.id);

    const token = async (scopes: string[]) => {
      const issued = await org.salesA.client.post('/api/me/api-tokens', { name: uniqueName('Script'), scopes, expiresAt: new Date(Date.now() + 86_400_000).toISOString() });
      expect(issued.statusCode, issued.body).toBe(201);
      return { authorization: `Bearer ${issued.json<{ token: string }>().token}` };
    };
    const viaToken = async (headers: Record<string, string>, ids: string[]) => org.testApp.app.inject({ method: 'POST', url: '/api/leads/transfer', headers, payload: { ids, toUserId: org.salesB.id } });
    expect(errorOf(await viaToken(await token(['crm:read']), [lead.id])).status).toBe(403);
    const writer = await token(['crm:read', 'crm:write']);
    const bobs = await createLead(org.salesB.client);
    expect(errorOf(await viaToken(writer, [bobs.id]))).toEqual({ status: 404, code: 'crm.not_found' });
    const byToken = await viaToken(writer, [lead.id]);
    expect(byToken.json(), byToken.body).toEqual({ transferred: 1 });
  });

  it('two transfers at once: both answer, the lead ends with one of the owners, every move has its own history row', async () => {
    const lead = await createLead(org.salesA.client);
    const [toBob, toLeo] = await Promise.all([
      org.admin.client.post('/api/leads/transfer', { ids: [lead.id], toUserId: org.salesB.id }),
      org.admin.client.post('/api/leads/transfer', { ids: [lead.id], toUserId: org.loner.id }),
    ]);
    expect([toBob?.statusCode, toLeo?.statusCode]).toEqual([200, 200]);
    const owner = (await ownersOf([lead.id])).get(lead.id);
    expect([org.salesB.id, org.loner.id]).toContain(owner);
    const rows = (await historyOf(org.owner.client, `/api/leads/${lead.id}/history`)).filter((row) => row.action === 'transferred');
    expect(rows).toHaveLength(2);
    expect(rows[0]?.changes).toMatchObject({ owner: { to: owner === org.salesB.id ? 'Bob Sales' : 'Leo Loner' } });
  });
});
