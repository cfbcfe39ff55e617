import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditEvents } from '../../audit/audit.tables.ts';
import { mailsTo } from '../../../test/channel-helpers.ts';
import { createCustomer, errorOf, useCrmOrganization, type CrmMember } from '../../../test/crm.ts';
import type { TestClient } from '../../../test/app.ts';
import { crmCustomers } from '../customers/customer.tables.ts';

interface Page {
  items: { id: string }[];
  nextCursor: string | null;
}

/** AZ-09: a member (or the whole organisation) reading the book faster than anyone works through it is stopped. */
describe('anti-exfiltration quotas', () => {
  const org = useCrmOrganization({
    CRM_READ_ROWS_PER_MEMBER: '100',
    CRM_READ_ROWS_PER_ORG: '250',
    CRM_LOOKUPS_PER_MEMBER: '10',
    CRM_EXPORTS_PER_MEMBER: '2',
    CRM_EXPORTS_PER_ORG: '3',
  });

  const quotaEvents = async (actor: CrmMember) =>
    (await org.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'crm_read_quota_exceeded'), eq(auditEvents.actorUserId, actor.id)))).map((event) => event.details);

  /** Pages through /api/customers, round after round, until the server refuses; returns the rows read and the refusal. */
  const scrape = async (client: TestClient, headers: Record<string, string> = {}) => {
    let cursor: string | null = null;
    let rows = 0;
    for (let page = 0; page < 20; page += 1) {
      const response = await client.get(`/api/customers?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, headers);
      if (response.statusCode !== 200) return { rows, refusal: response };
      const body = response.json<Page>();
      rows += body.items.length;
      cursor = body.nextCursor;
    }
    throw new Error('never refused');
  };

  it('searches and duplicate checks used as an oracle run out; plain lists still work', async () => {
    const mine = await createCustomer(org.salesB.client, { name: '查询配额客户', phone: '021-5555 0101' });
    for (let index = 0; index < 7; index += 1) expect((await org.salesB.client.get(`/api/search?q=${encodeURIComponent(`1380000${index}`)}`)).statusCode).toBe(200);
    expect((await org.salesB.client.get(`/api/customers?q=${encodeURIComponent('查询配额')}`)).statusCode).toBe(200);
    expect((await org.salesB.client.post('/api/customers/duplicates', { phone: '021-5555 0101' })).statusCode).toBe(200);
    expect((await org.salesB.client.get(`/api/contacts?q=${encodeURIComponent('13912345678')}`)).statusCode).toBe(200);

    const refused = await org.salesB.client.get(`/api/search?q=${encodeURIComponent('13800009')}`, { 'accept-language': 'zh-CN' });
    expect(errorOf(refused)).toEqual({ status: 429, code: 'crm.lookup_quota_exceeded' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(16 * 60);
    expect(refused.json<{ error: { message: string } }>().error.message).toContain('搜索将暂停');
    expect(errorOf(await org.salesB.client.post('/api/customers/duplicates', { phone: '021-5555 0101' }))).toEqual({ status: 429, code: 'crm.lookup_quota_exceeded' });
    expect(errorOf(await org.salesB.client.get(`/api/customers?q=${encodeURIComponent('查询配额')}`))).toEqual({ status: 429, code: 'crm.lookup_quota_exceeded' });

    // Reading without a search term, and working on records, go on.
    expect((await org.salesB.client.get('/api/customers')).statusCode).toBe(200);
    expect((await org.salesB.client.get(`/api/customers/${mine.id}`)).statusCode).toBe(200);
    expect((await org.salesB.client.request('PATCH', `/api/customers/${mine.id}`, { level: 'A', version: mine.version })).statusCode).toBe(200);
    // Another member's searches are his own.
    expect((await org.loner.client.get(`/api/search?q=${encodeURIComponent('13800009')}`)).statusCode).toBe(200);

    expect(await quotaEvents(org.salesB)).toEqual([{ quota: 'lookups', scope: 'member', limit: 10, windowMinutes: 15 }]);
  });

  it('exports beyond the member and the organisation quota are refused before any work', async () => {
    const exportAs = (member: CrmMember) => member.client.get('/api/customers/export?format=csv');
    expect((await exportAs(org.salesB)).statusCode).toBe(200);
    expect((await exportAs(org.salesB)).statusCode).toBe(200);
    const third = await exportAs(org.salesB);
    expect(errorOf(third)).toEqual({ status: 429, code: 'crm.export_quota_exceeded' });
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(15 * 60);
    // The loner's export is the organisation's third of the hour; the manager's would be the fourth.
    expect((await exportAs(org.loner)).statusCode).toBe(200);
    expect(errorOf(await exportAs(org.managerSouth))).toEqual({ status: 429, code: 'crm.export_quota_exceeded' });

    const exported = await org.db.select().from(auditEvents).where(eq(auditEvents.action, 'crm_exported'));
    expect(exported).toHaveLength(3);
    expect(await quotaEvents(org.salesB)).toContainEqual({ quota: 'exports', scope: 'member', limit: 2, windowMinutes: 60 });
    expect(await quotaEvents(org.managerSouth)).toEqual([{ quota: 'exports', scope: 'organization', limit: 3, windowMinutes: 60 }]);
  });

  it('a member paging through the whole book is stopped, by session and by API token alike; one alert per window', async () => {
    for (let index = 0; index < 60; index += 1) await createCustomer(org.salesA.client);
    const { rows, refusal } = await scrape(org.salesA.client);
    // The page that reaches the quota is still served; the next one is refused.
    expect(rows).toBeGreaterThanOrEqual(100);
    expect(rows).toBeLessThan(150);
    expect(errorOf(refusal)).toEqual({ status: 429, code: 'crm.read_quota_exceeded' });
    expect(refusal.json<{ error: { message: string } }>().error.message).toMatch(/paused for about \d+ min/);
    const retryAfter = Number(refusal.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(14 * 60);
    expect(retryAfter).toBeLessThanOrEqual(16 * 60);

    // Every way of reading a record is closed, including the member's API token; writing still works.
    const [someone] = await org.db.select({ id: crmCustomers.id }).from(crmCustomers).where(eq(crmCustomers.ownerUserId, org.salesA.id)).limit(1);
    expect(errorOf(await org.salesA.client.get(`/api/customers/${someone?.id}`))).toEqual({ status: 429, code: 'crm.read_quota_exceeded' });
    expect(errorOf(await org.salesA.client.get('/api/contacts'))).toEqual({ status: 429, code: 'crm.read_quota_exceeded' });
    expect(errorOf(await org.salesA.client.get('/api/search?q=Customer'))).toEqual({ status: 429, code: 'crm.read_quota_exceeded' });
    const token = (await org.salesA.client.post('/api/me/api-tokens', { name: 'Scraper', scopes: ['crm:read'], expiresAt: new Date(Date.now() + 86_400_000).toISOString() })).json<{ token: string }>().token;
    expect(errorOf(await org.salesA.client.get('/api/customers', { authorization: `Bearer ${token}` }))).toEqual({ status: 429, code: 'crm.read_quota_exceeded' });
    expect((await org.salesA.client.post('/api/customers', { name: '配额期间新建的客户' })).statusCode).toBe(201);
    // A colleague is not held up by it.
    expect((await org.salesB.client.get('/api/customers')).statusCode).toBe(200);

    // One audit event and one mail per admin for the whole window, however many refusals.
    await scrape(org.salesA.client);
    expect(await quotaEvents(org.salesA)).toEqual([{ quota: 'rows', scope: 'member', limit: 100, windowMinutes: 15 }]);
    for (const admin of [org.owner, org.admin]) {
      const mails = (await mailsTo(org.db, admin.email, 'crmReadQuotaAlert')).filter((mail) => mail.textBody.includes(org.salesA.email));
      expect(mails).toHaveLength(1);
      expect(mails[0]?.textBody).toContain('read more than 100 CRM records within 15 minutes');
    }
    expect(await mailsTo(org.db, org.salesA.email, 'crmReadQuotaAlert')).toHaveLength(0);
  });

  it('members reading together hit the organisation quota, which holds the owner back too', async () => {
    const readers = [org.managerNorth, org.admin, org.owner, org.managerSouth];
    let refusal: Awaited<ReturnType<TestClient['get']>> | undefined;
    const readByMember = new Map<string, number>();
    for (let round = 0; round < 10 && !refusal; round += 1) {
      for (const reader of readers) {
        const response = await reader.client.get('/api/customers?limit=40');
        if (response.statusCode !== 200) {
          refusal = response;
          expect(readByMember.get(reader.id) ?? 0).toBeLessThan(100);
          expect(await quotaEvents(reader)).toEqual([{ quota: 'rows', scope: 'organization', limit: 250, windowMinutes: 15 }]);
          break;
        }
        readByMember.set(reader.id, (readByMember.get(reader.id) ?? 0) + response.json<Page>().items.length);
      }
    }
    expect(refusal && errorOf(refusal)).toEqual({ status: 429, code: 'crm.read_quota_exceeded' });
    expect(errorOf(await org.owner.client.get('/api/customers?limit=1'))).toEqual({ status: 429, code: 'crm.read_quota_exceeded' });
    // The report that lists customers counts as reading them; the aggregate ones do not.
    expect(errorOf(await org.owner.client.get('/api/reports/stale-customers?limit=100'))).toEqual({ status: 429, code: 'crm.read_quota_exceeded' });
    expect((await org.owner.client.get('/api/reports/funnel')).statusCode).toBe(200);
    const mails = (await mailsTo(org.db, org.owner.email, 'crmReadQuotaAlert')).filter((mail) => mail.textBody.includes('together read more than 250'));
    expect(mails).toHaveLength(1);
  });
});
