import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createMember } from '../../../test/app.ts';
import { createContract } from '../../../test/contracts.ts';
import { createCustomer, errorOf, uniqueName, useCrmOrganization } from '../../../test/crm.ts';
import { createDeal } from '../../../test/deals.ts';
import { auditEvents } from '../../audit/audit.tables.ts';
import { users } from '../../identity/users/user.tables.ts';
import { crmRecordShares } from '../access/access.tables.ts';
import { crmRecordChanges } from '../history/history.tables.ts';

interface ShareList {
  items: { id: string; name: string; email: string; role: string; sharedAt: string; sharedBy: { id: string; name: string } | null }[];
  canShare: boolean;
  sharedWithMe: boolean;
  added?: number;
}

/** Sharing records beyond the data scope: who may share, what the member then sees and does, and what he may not. */
describe('CRM record sharing', () => {
  const org = useCrmOrganization();

  const share = (client: typeof org.owner.client, path: string, userIds: string[]) => client.post(`${path}/shares`, { userIds });
  const unshare = (client: typeof org.owner.client, path: string, userId: string) => client.request('DELETE', `${path}/shares/${userId}`);

  it('sales A shares his customer with sales B, who then sees it in list, detail and search and edits it, but cannot transfer or share it', async () => {
    const name = uniqueName('Shared Co');
    const customer = await createCustomer(org.salesA.client, { name });
    const path = `/api/customers/${customer.id}`;
    expect((await org.salesB.client.get(path)).statusCode).toBe(404);

    const shared = await share(org.salesA.client, path, [org.salesB.id]);
    expect(shared.statusCode, shared.body).toBe(200);
    const body = shared.json<ShareList>();
    expect(body).toMatchObject({ added: 1, canShare: true, sharedWithMe: false });
    expect(body.items).toEqual([expect.objectContaining({ id: org.salesB.id, name: org.salesB.name, email: org.salesB.email, role: 'sales', sharedBy: { id: org.salesA.id, name: org.salesA.name } })]);

    const detail = await org.salesB.client.get(path);
    expect(detail.statusCode).toBe(200);
    const list = await org.salesB.client.get(`/api/customers?q=${encodeURIComponent(name)}`);
    expect(list.json<{ items: { id: string }[] }>().items.map((item) => item.id)).toEqual([customer.id]);
    const search = await org.salesB.client.get(`/api/search?q=${encodeURIComponent(name)}`);
    expect(search.json<{ customers: { id: string }[] }>().customers.map((item) => item.id)).toEqual([customer.id]);
    const edited = await org.salesB.client.request('PATCH', path, { phone: '+8613800138000', version: detail.json<{ version: number }>().version });
    expect(edited.statusCode, edited.body).toBe(200);

    const mine = (await org.salesB.client.get(`${path}/shares`)).json<ShareList>();
    expect(mine).toMatchObject({ canShare: false, sharedWithMe: true });
    expect(errorOf(await share(org.salesB.client, path, [org.loner.id]))).toEqual({ status: 403, code: 'crm.share_not_allowed' });
    expect(errorOf(await unshare(org.salesB.client, path, org.salesB.id))).toEqual({ status: 403, code: 'crm.share_not_allowed' });
    expect(errorOf(await org.salesB.client.post('/api/customers/transfer', { ids: [customer.id], toUserId: org.salesB.id }))).toEqual({ status: 403, code: 'forbidden' });
    expect((await org.loner.client.get(path)).statusCode).toBe(404);

    // History and audit: one 'shared' row naming the member, one audit event.
    const history = await org.db.select().from(crmRecordChanges).where(and(eq(crmRecordChanges.recordId, customer.id), eq(crmRecordChanges.action, 'shared')));
    expect(history.map((row) => row.changes)).toEqual([{ sharedWith: { from: null, to: org.salesB.name } }]);
    const audited = await org.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'crm_record_shared'), eq(auditEvents.targetUserId, org.salesB.id)));
    expect(audited.some((event) => (event.details as { recordId?: string }).recordId === customer.id)).toBe(true);

    // Unsharing ends access at once, and is written down.
    const removed = await unshare(org.salesA.client, path, org.salesB.id);
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json<ShareList>().items).toEqual([]);
    expect((await org.salesB.client.get(path)).statusCode).toBe(404);
    expect(errorOf(await org.salesB.client.request('PATCH', path, { phone: '+8613800138001', version: 2 }))).toEqual({ status: 404, code: 'crm.not_found' });
    expect((await org.salesB.client.get(`/api/search?q=${encodeURIComponent(name)}`)).json<{ customers: unknown[] }>().customers).toEqual([]);
    const unshared = await org.db.select().from(crmRecordChanges).where(and(eq(crmRecordChanges.recordId, customer.id), eq(crmRecordChanges.action, 'unshared')));
    expect(unshared).toHaveLength(1);
    // Removing it again changes nothing.
    expect((await unshare(org.salesA.client, path, org.salesB.id)).statusCode).toBe(200);
    expect(await org.db.select().from(crmRecordChanges).where(and(eq(crmRecordChanges.recordId, customer.id), eq(crmRecordChanges.action, 'unshared')))).toHaveLength(1);
  });

  it("sales cannot share someone else's record: 404 when invisible, 403 when visible through a share; a manager shares his team's", async () => {
    const ofB = await createCustomer(org.salesB.client, { name: uniqueName('B Co') });
    const path = `/api/customers/${ofB.id}`;
    expect(errorOf(await share(org.salesA.client, path, [org.salesA.id]))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await org.salesA.client.get(`${path}/shares`))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await unshare(org.salesA.client, path, org.salesA.id))).toEqual({ status: 404, code: 'crm.not_found' });
    // Not a record id at all: the same 404.
    expect(errorOf(await share(org.salesA.client, '/api/customers/not-a-uuid', [org.salesB.id]))).toEqual({ status: 404, code: 'crm.not_found' });
    // Manager South (crm.writeAll over his team) shares B's customer with A; A still may not pass it on.
    expect((await share(org.managerSouth.client, path, [org.salesA.id])).statusCode).toBe(200);
    expect(errorOf(await share(org.salesA.client, path, [org.loner.id]))).toEqual({ status: 403, code: 'crm.share_not_allowed' });
    // Manager North does not see South's customers.
    expect(errorOf(await share(org.managerNorth.client, path, [org.loner.id]))).toEqual({ status: 404, code: 'crm.not_found' });
  });

  it('viewers get 403 before anything is read; nobody signed in 401; a read-only API token 403, a crm:write token shares', async () => {
    const customer = await createCustomer(org.salesA.client, { name: uniqueName('Token Co') });
    const path = `/api/customers/${customer.id}`;
    expect(errorOf(await share(org.viewer.client, path, [org.salesB.id]))).toEqual({ status: 403, code: 'crm.read_only' });
    expect(errorOf(await org.viewer.client.post(`${path}/shares`, { bogus: true }))).toEqual({ status: 403, code: 'crm.read_only' });
    expect(errorOf(await unshare(org.viewer.client, path, org.salesB.id))).toEqual({ status: 403, code: 'crm.read_only' });
    expect((await org.viewer.client.get(`${path}/shares`)).json<ShareList>()).toMatchObject({ canShare: false });
    expect(errorOf(await share(org.testApp.client(), path, [org.salesB.id]))).toEqual({ status: 401, code: 'unauthenticated' });

    const tokenOf = async (scopes: string[]) => {
      const created = await org.salesA.client.post('/api/me/api-tokens', { name: uniqueName('Script'), scopes, expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() });
      expect(created.statusCode, created.body).toBe(201);
      return created.json<{ token: string }>().token;
    };
    const viaToken = (token: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
      org.testApp.app.inject({ method, url, headers: { authorization: `Bearer ${token}`, ...(payload ? { 'content-type': 'application/json' } : {}) }, ...(payload ? { payload: JSON.stringify(payload) } : {}) });
    const readOnly = await tokenOf(['crm:read']);
    expect((await viaToken(readOnly, 'GET', `${path}/shares`)).statusCode).toBe(200);
    expect(errorOf(await viaToken(readOnly, 'POST', `${path}/shares`, { userIds: [org.salesB.id] }))).toEqual({ status: 403, code: 'crm.read_only' });
    const writer = await tokenOf(['crm:read', 'crm:write']);
    const done = await viaToken(writer, 'POST', `${path}/shares`, { userIds: [org.salesB.id] });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json<ShareList>().added).toBe(1);
  });

  it('rejects foreign, deactivated, unknown and malformed member ids alike (400), and oversized or unknown-field bodies', async () => {
    const customer = await createCustomer(org.salesA.client, { name: uniqueName('Target Co') });
    const path = `/api/customers/${customer.id}`;
    const invalid = { status: 400, code: 'crm.invalid_share_member' };
    expect(errorOf(await share(org.salesA.client, path, [org.foreigner.id]))).toEqual(invalid);
    expect(errorOf(await share(org.salesA.client, path, ['00000000-0000-4000-8000-000000000000']))).toEqual(invalid);
    expect(errorOf(await share(org.salesA.client, path, ['not-a-uuid']))).toEqual(invalid);
    // A deactivated colleague: the same answer; and his existing share is still listed so it can be removed.
    const leaver = await createMember(org.testApp, org.owner.client, { email: `leaver${Date.now()}@acme.test`, name: 'Lee Leaver', role: 'sales' });
    expect((await share(org.salesA.client, path, [leaver.id])).statusCode).toBe(200);
    await org.db.update(users).set({ status: 'deactivated' }).where(eq(users.id, leaver.id));
    const again = `/api/customers/${(await createCustomer(org.salesA.client, { name: uniqueName('Other Co') })).id}`;
    expect(errorOf(await share(org.salesA.client, again, [leaver.id]))).toEqual(invalid);
    expect((await unshare(org.salesA.client, path, leaver.id)).json<ShareList>().items).toEqual([]);
    // One bad id spoils the whole request: nothing is shared.
    expect(errorOf(await share(org.salesA.client, path, [org.salesB.id, org.foreigner.id]))).toEqual(invalid);
    expect((await org.salesA.client.get(`${path}/shares`)).json<ShareList>().items).toEqual([]);
    const message = (await share(org.salesA.client, path, [org.foreigner.id])).json<{ error: { message: string } }>().error.message;
    expect(message.length).toBeGreaterThan(10);

    expect(errorOf(await org.salesA.client.post(`${path}/shares`, { userIds: [] }))).toEqual({ status: 400, code: 'validation_failed' });
    expect(errorOf(await org.salesA.client.post(`${path}/shares`, { userIds: Array.from({ length: 51 }, () => org.salesB.id) }))).toEqual({ status: 400, code: 'validation_failed' });
    expect(errorOf(await org.salesA.client.post(`${path}/shares`, { userIds: [org.salesB.id], extra: 1 }))).toEqual({ status: 400, code: 'validation_failed' });
    expect(errorOf(await org.salesA.client.post(`${path}/shares`, { userIds: ['x'.repeat(101)] }))).toEqual({ status: 400, code: 'validation_failed' });
    // A foreign owner cannot reach our record at all.
    expect(errorOf(await share(org.foreigner.client, path, [org.foreigner.id]))).toEqual({ status: 404, code: 'crm.not_found' });

    // The owner himself and organisation-wide roles are skipped: nothing to add.
    const skipped = await share(org.salesA.client, path, [org.salesA.id, org.admin.id, org.viewer.id]);
    expect(skipped.statusCode, skipped.body).toBe(200);
    expect(skipped.json<ShareList>()).toMatchObject({ added: 0, items: [] });
  });

  it('lists the members a record can be shared with: scoped writers of the own organisation only', async () => {
    const response = await org.salesA.client.get('/api/sharing/members');
    expect(response.statusCode, response.body).toBe(200);
    const ids = response.json<{ items: { id: string }[] }>().items.map((item) => item.id);
    expect(ids).toEqual(expect.arrayContaining([org.salesB.id, org.loner.id, org.managerNorth.id, org.managerSouth.id]));
    for (const absent of [org.salesA.id, org.owner.id, org.admin.id, org.viewer.id, org.foreigner.id]) expect(ids).not.toContain(absent);
    expect(errorOf(await org.viewer.client.get('/api/sharing/members'))).toEqual({ status: 403, code: 'crm.read_only' });
  });

  it('double and concurrent shares are idempotent: one row, one history entry', async () => {
    const customer = await createCustomer(org.salesA.client, { name: uniqueName('Race Co') });
    const path = `/api/customers/${customer.id}`;
    const results = await Promise.all(Array.from({ length: 4 }, () => share(org.salesA.client, path, [org.loner.id, org.loner.id])));
    expect(results.map((result) => result.statusCode)).toEqual([200, 200, 200, 200]);
    expect(results.reduce((sum, result) => sum + (result.json<ShareList>().added ?? 0), 0)).toBe(1);
    expect(await org.db.select().from(crmRecordShares).where(eq(crmRecordShares.recordId, customer.id))).toHaveLength(1);
    expect(await org.db.select().from(crmRecordChanges).where(and(eq(crmRecordChanges.recordId, customer.id), eq(crmRecordChanges.action, 'shared')))).toHaveLength(1);
  });

  it('deals, contracts and leads share the same way', async () => {
    const customer = await createCustomer(org.salesA.client, { name: uniqueName('Kinds Co') });
    const deal = await createDeal(org.salesA.client, customer.id, { name: uniqueName('Deal') });
    const contract = await createContract(org.salesA.client, customer.id);
    const leadResponse = await org.salesA.client.post('/api/leads', { name: uniqueName('Lead') });
    expect(leadResponse.statusCode, leadResponse.body).toBe(201);
    const lead = leadResponse.json<{ id: string }>();
    for (const path of [`/api/deals/${deal.id}`, `/api/contracts/${contract.id}`, `/api/leads/${lead.id}`]) {
      expect((await org.salesB.client.get(path)).statusCode, path).toBe(404);
      expect(errorOf(await share(org.salesB.client, path, [org.salesB.id])), path).toEqual({ status: 404, code: 'crm.not_found' });
      const shared = await share(org.salesA.client, path, [org.salesB.id]);
      expect(shared.statusCode, shared.body).toBe(200);
      expect((await org.salesB.client.get(path)).statusCode, path).toBe(200);
      expect(errorOf(await share(org.salesB.client, path, [org.loner.id])), path).toEqual({ status: 403, code: 'crm.share_not_allowed' });
      expect((await unshare(org.salesA.client, path, org.salesB.id)).statusCode).toBe(200);
      expect((await org.salesB.client.get(path)).statusCode, path).toBe(404);
    }
  });

  it('handing over a leaving member’s records (offboarding) removes the shares he held', async () => {
    const customer = await createCustomer(org.salesA.client, { name: uniqueName('Leaver Co') });
    expect((await share(org.salesA.client, `/api/customers/${customer.id}`, [org.loner.id])).statusCode).toBe(200);
    const moved = await org.admin.client.post('/api/crm/transfer-all', { fromUserId: org.loner.id, toUserId: org.managerNorth.id });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(await org.db.select().from(crmRecordShares).where(eq(crmRecordShares.userId, org.loner.id))).toEqual([]);
  });
});
