import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { mailsTo } from '../../../test/channel-helpers.ts';
import { createCustomer, useCrmOrganization } from '../../../test/crm.ts';
import { auditEvents } from '../../audit/audit.tables.ts';
import { crmCustomers } from '../customers/customer.tables.ts';
import { crmRecordChanges } from '../history/history.tables.ts';
import { PoolSweep } from './pool.jobs.ts';
import { crmPoolEvents } from './pool.tables.ts';

const DAY_MS = 86_400_000;

/** The return rule (公海回收): notice first, then back to the pool after the deadline, once, whatever races. */
describe('public pool: the return sweep', () => {
  const org = useCrmOrganization();
  const sweep = (at: Date) => new PoolSweep(org.testApp.context.identity).run(at);
  const setRule = async (rule: { returnAfterDays: number | null; noticeDays: number }) => {
    const response = await org.owner.client.request('PUT', '/api/pool/rule', { claimLimitPerDay: null, reclaimCooldownDays: 0, ...rule });
    expect(response.statusCode, response.body).toBe(200);
  };
  const owners = async (ids: string[]) => {
    const rows = await org.db.select({ id: crmCustomers.id, ownerUserId: crmCustomers.ownerUserId }).from(crmCustomers).where(inArray(crmCustomers.id, ids));
    return new Map(rows.map((row) => [row.id, row.ownerUserId]));
  };
  /** Pretends the owner got the customer (and last followed it up) `days` ago. */
  const idleFor = async (id: string, days: number, followedUpDaysAgo: number | null = null) => {
    await org.db
      .update(crmCustomers)
      .set({ ownedSince: new Date(Date.now() - days * DAY_MS), lastFollowUpAt: followedUpDaysAgo === null ? null : new Date(Date.now() - followedUpDaysAgo * DAY_MS) })
      .where(eq(crmCustomers.id, id));
  };

  it('mails the owner one notice listing the customers due, then returns them after the deadline, once', async () => {
    await setRule({ returnAfterDays: 30, noticeDays: 3 });
    const dueSoon = await createCustomer(org.salesA.client, { name: 'Harbour Freight Ltd' });
    const alsoDue = await createCustomer(org.salesA.client, { name: 'Lotus Ceramics' });
    const recentFollowUp = await createCustomer(org.salesA.client);
    const fresh = await createCustomer(org.salesA.client);
    await idleFor(dueSoon.id, 28);
    await idleFor(alsoDue.id, 40);
    // Owned for long, but followed up 5 days ago: the follow-up counts.
    await idleFor(recentFollowUp.id, 200, 5);
    const now = new Date();

    expect(await sweep(now)).toEqual({ noticed: 2, returned: 0 });
    const notices = await mailsTo(org.db, org.salesA.email, 'poolReturnNotice');
    expect(notices).toHaveLength(1);
    expect(notices[0]?.textBody).toContain('Harbour Freight Ltd');
    expect(notices[0]?.textBody).toContain('Lotus Ceramics');
    expect(notices[0]?.textBody).toContain('http://localhost:3000/customers');
    // The same notice is not sent again by the next sweeps (and nothing returns before the notice period is over,
    // even for the customer already 40 days idle).
    expect(await sweep(new Date(now.getTime() + DAY_MS))).toEqual({ noticed: 0, returned: 0 });
    expect(await mailsTo(org.db, org.salesA.email, 'poolReturnNotice')).toHaveLength(1);

    // After the deadline, two sweeps racing: each customer returns exactly once.
    const later = new Date(now.getTime() + 3 * DAY_MS + 60_000);
    const results = await Promise.all([sweep(later), sweep(later)]);
    expect(results.reduce((total, result) => total + result.returned, 0)).toBe(2);
    const after = await owners([dueSoon.id, alsoDue.id, recentFollowUp.id, fresh.id]);
    expect(after.get(dueSoon.id)).toBeNull();
    expect(after.get(alsoDue.id)).toBeNull();
    expect(after.get(recentFollowUp.id)).toBe(org.salesA.id);
    expect(after.get(fresh.id)).toBe(org.salesA.id);
    const histories = await org.db
      .select()
      .from(crmRecordChanges)
      .where(and(inArray(crmRecordChanges.recordId, [dueSoon.id, alsoDue.id]), eq(crmRecordChanges.action, 'returned_to_pool')));
    expect(histories).toHaveLength(2);
    expect(histories[0]).toMatchObject({ actorUserId: null, changes: { owner: { from: org.salesA.name, to: null }, idleDays: { from: null, to: 30 } } });
    const events = await org.db.select().from(crmPoolEvents).where(and(inArray(crmPoolEvents.customerId, [dueSoon.id, alsoDue.id]), eq(crmPoolEvents.kind, 'returned')));
    expect(events).toHaveLength(2);
    expect(events.every((event) => event.userId === org.salesA.id && event.actorUserId === null)).toBe(true);
    const returnedMails = await mailsTo(org.db, org.salesA.email, 'poolReturned');
    expect(returnedMails).toHaveLength(1);
    expect(returnedMails[0]?.textBody).toContain('Harbour Freight Ltd');
    expect(returnedMails[0]?.textBody).toContain('http://localhost:3000/pool');
    const audited = await org.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'crm_customers_returned_to_pool'), eq(auditEvents.targetUserId, org.salesA.id)));
    expect(audited).toHaveLength(1);
    expect(audited[0]?.details).toMatchObject({ count: 2, returnAfterDays: 30 });
    // Back in the pool: anyone may claim it again.
    expect((await org.salesB.client.post(`/api/customers/${dueSoon.id}/claim`, {})).statusCode).toBe(200);
  });

  it('a follow-up after the notice keeps the customer; notices race once; nothing happens with the rule off', async () => {
    await setRule({ returnAfterDays: 10, noticeDays: 2 });
    const kept = await createCustomer(org.salesB.client);
    await idleFor(kept.id, 9);
    const now = new Date();
    const noticed = await Promise.all([sweep(now), sweep(now)]);
    expect(noticed.reduce((total, result) => total + result.noticed, 0)).toBe(1);
    expect((await mailsTo(org.db, org.salesB.email, 'poolReturnNotice')).filter((mail) => mail.textBody.includes(kept.name))).toHaveLength(1);
    // The owner follows up the next day: the notice no longer counts, nothing returns at the old deadline.
    await org.db.update(crmCustomers).set({ lastFollowUpAt: new Date(now.getTime() + DAY_MS) }).where(eq(crmCustomers.id, kept.id));
    expect((await sweep(new Date(now.getTime() + 3 * DAY_MS))).returned).toBe(0);
    expect((await owners([kept.id])).get(kept.id)).toBe(org.salesB.id);

    await setRule({ returnAfterDays: null, noticeDays: 3 });
    await idleFor(kept.id, 400);
    expect(await sweep(new Date())).toEqual({ noticed: 0, returned: 0 });
    expect((await owners([kept.id])).get(kept.id)).toBe(org.salesB.id);
  });

  it('with notices off, customers past the limit return at once; Chinese mails for a Chinese-speaking owner', async () => {
    expect((await org.loner.client.request('PATCH', '/api/account', { locale: 'zh-CN' })).statusCode).toBe(200);
    await setRule({ returnAfterDays: 5, noticeDays: 0 });
    const idle = await createCustomer(org.loner.client, { name: '深圳华强贸易' });
    await idleFor(idle.id, 6);
    expect((await sweep(new Date())).returned).toBeGreaterThanOrEqual(1);
    expect((await owners([idle.id])).get(idle.id)).toBeNull();
    const [mail] = await mailsTo(org.db, org.loner.email, 'poolReturned');
    expect(mail?.textBody).toContain('深圳华强贸易');
    await setRule({ returnAfterDays: null, noticeDays: 3 });
  });
});
