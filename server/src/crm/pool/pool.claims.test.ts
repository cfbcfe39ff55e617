import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createCustomer, errorOf, useCrmOrganization, type CrmMember } from '../../../test/crm.ts';
import { auditEvents } from '../../audit/audit.tables.ts';
import type { Customer } from '../customers/customer.schema.ts';
import { crmPoolEvents } from './pool.tables.ts';

/** Claiming from and releasing to the public pool (公海): who may, the rolling limit, races, the cool-down. */
describe('public pool: claims and releases', () => {
  const org = useCrmOrganization();

  const rule = (input: Partial<{ claimLimitPerDay: number | null; returnAfterDays: number | null; noticeDays: number; reclaimCooldownDays: number }> = {}) => ({
    claimLimitPerDay: null,
    returnAfterDays: null,
    noticeDays: 3,
    reclaimCooldownDays: 0,
    ...input,
  });
  const setRule = async (input: Parameters<typeof rule>[0] = {}) => {
    const response = await org.owner.client.request('PUT', '/api/pool/rule', rule(input));
    expect(response.statusCode, response.body).toBe(200);
  };
  const poolCustomer = () => createCustomer(org.owner.client, { ownerId: null });
  const claim = (member: CrmMember, id: string) => member.client.post(`/api/customers/${id}/claim`, {});
  const release = (member: CrmMember, id: string, body: Record<string, unknown> = {}) => member.client.post(`/api/customers/${id}/release`, body);
  const forgetClaims = (member: CrmMember) => org.db.delete(crmPoolEvents).where(eq(crmPoolEvents.userId, member.id));
  const history = async (id: string) => (await org.owner.client.get(`/api/customers/${id}/history`)).json<{ items: { action: string; actorName: string | null; changes: Record<string, { from: unknown; to: unknown }> | null }[] }>().items;

  it('a salesperson claims a pool customer: it becomes theirs, with a history row and a pool event', async () => {
    await setRule();
    const customer = await poolCustomer();
    const response = await claim(org.salesA, customer.id);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json<Customer>()).toMatchObject({ id: customer.id, ownerId: org.salesA.id, ownerName: org.salesA.name, canEdit: true });
    const mine = (await org.salesA.client.get('/api/customers?ownerId=me&limit=100')).json<{ items: Customer[] }>().items;
    expect(mine.map((item) => item.id)).toContain(customer.id);
    const [latest] = await history(customer.id);
    expect(latest).toMatchObject({ action: 'claimed', actorName: org.salesA.name, changes: { owner: { from: null, to: org.salesA.name } } });
    const events = await org.db.select().from(crmPoolEvents).where(eq(crmPoolEvents.customerId, customer.id));
    expect(events).toMatchObject([{ kind: 'claimed', userId: org.salesA.id, actorUserId: org.salesA.id }]);
    // Now owned: nobody else can take it (salesB no longer sees it but knew it from the pool: 409 too).
    expect(errorOf(await claim(org.salesB, customer.id))).toEqual({ status: 409, code: 'crm.already_claimed' });
    expect(errorOf(await claim(org.admin, customer.id))).toEqual({ status: 409, code: 'crm.already_claimed' });
    expect(errorOf(await claim(org.salesA, customer.id))).toEqual({ status: 409, code: 'crm.already_claimed' });
  });

  it('releases to the pool: the owner or a manager over them; others 403; with the reason in the history', async () => {
    await setRule();
    const customer = await createCustomer(org.salesA.client);
    expect(errorOf(await release(org.salesB, customer.id))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await release(org.viewer, customer.id))).toEqual({ status: 403, code: 'crm.read_only' });
    expect(errorOf(await release(org.managerSouth, customer.id))).toEqual({ status: 404, code: 'crm.not_found' });
    // Without a body at all, too (the reason is optional).
    const other = await createCustomer(org.salesA.client);
    const bare = await org.salesA.client.post(`/api/customers/${other.id}/release`);
    expect(bare.statusCode, bare.body).toBe(200);
    const released = await release(org.salesA, customer.id, { reason: 'Moved abroad' });
    expect(released.statusCode, released.body).toBe(200);
    const detail = (await org.salesB.client.get(`/api/customers/${customer.id}`)).json<Customer>();
    expect(detail.ownerId).toBeNull();
    const [latest] = await history(customer.id);
    expect(latest).toMatchObject({ action: 'released', changes: { owner: { from: org.salesA.name, to: null }, note: { from: null, to: 'Moved abroad' } } });
    expect(errorOf(await release(org.salesA, customer.id))).toEqual({ status: 409, code: 'crm.already_in_pool' });

    // A manager releases a team mate's customer; a salesperson cannot release a pool customer they do not own.
    const teamCustomer = await createCustomer(org.salesA.client);
    expect(errorOf(await release(org.loner, teamCustomer.id))).toEqual({ status: 404, code: 'crm.not_found' });
    expect((await release(org.managerNorth, teamCustomer.id)).statusCode).toBe(200);
    const events = await org.db.select().from(crmPoolEvents).where(eq(crmPoolEvents.customerId, teamCustomer.id));
    expect(events).toMatchObject([{ kind: 'released', userId: org.salesA.id, actorUserId: org.managerNorth.id }]);
  });

  it('claiming a customer someone owns (not from the pool) never takes it: 404 when invisible, 409 when visible', async () => {
    const owned = await createCustomer(org.salesA.client);
    expect(errorOf(await claim(org.salesB, owned.id))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await claim(org.managerSouth, owned.id))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await claim(org.managerNorth, owned.id))).toEqual({ status: 409, code: 'crm.already_claimed' });
    expect((await org.owner.client.get(`/api/customers/${owned.id}`)).json<Customer>().ownerId).toBe(org.salesA.id);
  });

  it('viewers get 403 crm.read_only, another organisation and malformed ids 404', async () => {
    const customer = await poolCustomer();
    expect(errorOf(await claim(org.viewer, customer.id))).toEqual({ status: 403, code: 'crm.read_only' });
    expect(errorOf(await claim(org.foreigner, customer.id))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await release(org.foreigner, customer.id))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await claim(org.salesA, 'not-a-uuid'))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await claim(org.salesA, '00000000-0000-4000-8000-000000000000'))).toEqual({ status: 404, code: 'crm.not_found' });
    // A customer in the trash is not in the pool any more.
    expect((await org.owner.client.request('DELETE', `/api/customers/${customer.id}`)).statusCode).toBe(200);
    expect(errorOf(await claim(org.salesA, customer.id))).toEqual({ status: 404, code: 'crm.not_found' });
  });

  it('two people claiming the same customer at once: exactly one wins, the other gets 409', async () => {
    await setRule();
    for (let round = 0; round < 3; round += 1) {
      const customer = await poolCustomer();
      const responses = await Promise.all([claim(org.salesA, customer.id), claim(org.salesB, customer.id), claim(org.loner, customer.id)]);
      expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 409, 409]);
      const events = await org.db.select().from(crmPoolEvents).where(eq(crmPoolEvents.customerId, customer.id));
      expect(events).toHaveLength(1);
    }
  });

  it('the claim limit holds for concurrent claims by one person, in a rolling 24 hours', async () => {
    await setRule({ claimLimitPerDay: 2 });
    await forgetClaims(org.loner);
    const customers = await Promise.all([poolCustomer(), poolCustomer(), poolCustomer(), poolCustomer()]);
    const responses = await Promise.all(customers.map((customer) => claim(org.loner, customer.id)));
    expect(responses.filter((response) => response.statusCode === 200)).toHaveLength(2);
    const refused = responses.filter((response) => response.statusCode !== 200);
    expect(refused.map(errorOf)).toEqual([
      { status: 409, code: 'crm.claim_limit_reached' },
      { status: 409, code: 'crm.claim_limit_reached' },
    ]);
    expect(refused[0]?.json<{ error: { message: string } }>().error.message).toContain('2');
    const status = (await org.loner.client.get('/api/pool')).json<{ claimedToday: number; claimsLeftToday: number | null }>();
    expect(status).toMatchObject({ claimedToday: 2, claimsLeftToday: 0 });
    // A day later the claims no longer count.
    await org.db.update(crmPoolEvents).set({ createdAt: new Date(Date.now() - 86_400_000 - 60_000) }).where(eq(crmPoolEvents.userId, org.loner.id));
    const left = customers.find((_customer, index) => responses[index]?.statusCode !== 200);
    expect((await claim(org.loner, left?.id ?? '')).statusCode).toBe(200);
    await setRule();
    expect((await org.loner.client.get('/api/pool')).json<{ claimsLeftToday: number | null }>().claimsLeftToday).toBeNull();
  });

  it('a former owner may not claim a customer back within the cool-down', async () => {
    await setRule({ reclaimCooldownDays: 7 });
    const customer = await createCustomer(org.salesB.client);
    expect((await release(org.salesB, customer.id)).statusCode).toBe(200);
    const refused = await claim(org.salesB, customer.id);
    expect(errorOf(refused)).toEqual({ status: 409, code: 'crm.reclaim_cooldown' });
    expect(refused.json<{ error: { message: string } }>().error.message).toContain('7');
    // Someone else may; and once the cool-down has passed, so may the former owner.
    await org.db.update(crmPoolEvents).set({ createdAt: new Date(Date.now() - 8 * 86_400_000) }).where(eq(crmPoolEvents.customerId, customer.id));
    expect((await claim(org.salesB, customer.id)).statusCode).toBe(200);
    await setRule();
  });

  it('the rule: owners and admins set it (audited), validated strictly; everyone reads it', async () => {
    const fresh = { claimLimitPerDay: 5, returnAfterDays: 30, noticeDays: 3, reclaimCooldownDays: 2 };
    const saved = await org.admin.client.request('PUT', '/api/pool/rule', fresh);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toEqual(fresh);
    expect((await org.salesA.client.get('/api/pool')).json<{ rule: unknown }>().rule).toEqual(fresh);
    expect(errorOf(await org.salesA.client.request('PUT', '/api/pool/rule', fresh))).toEqual({ status: 403, code: 'forbidden' });
    expect(errorOf(await org.managerNorth.client.request('PUT', '/api/pool/rule', fresh))).toEqual({ status: 403, code: 'forbidden' });
    expect(errorOf(await org.viewer.client.request('PUT', '/api/pool/rule', fresh))).toEqual({ status: 403, code: 'forbidden' });
    for (const invalid of [
      { ...fresh, extra: true },
      { ...fresh, returnAfterDays: 0 },
      { ...fresh, returnAfterDays: 366 },
      { ...fresh, claimLimitPerDay: 0 },
      { ...fresh, noticeDays: -1 },
      { ...fresh, noticeDays: 30 },
      { ...fresh, reclaimCooldownDays: 1.5 },
      { claimLimitPerDay: 5 },
    ]) {
      expect(errorOf(await org.owner.client.request('PUT', '/api/pool/rule', invalid)).status, JSON.stringify(invalid)).toBe(400);
    }
    const audited = await org.db.select().from(auditEvents).where(eq(auditEvents.action, 'crm_pool_rule_changed')).orderBy(auditEvents.id);
    expect(audited.at(-1)).toMatchObject({ actorUserId: org.admin.id, details: { after: fresh } });
    const document = (await org.testApp.client().get('/api/openapi.json')).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/pool', '/api/pool/rule', '/api/customers/{id}/claim', '/api/customers/{id}/release']));
    // The foreign organisation keeps its own defaults.
    expect((await org.foreigner.client.get('/api/pool')).json<{ rule: unknown }>().rule).toEqual({ claimLimitPerDay: 20, returnAfterDays: null, noticeDays: 3, reclaimCooldownDays: 0 });
    await setRule();
  });
});
