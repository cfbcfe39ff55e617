import { randomUUID } from 'node:crypto';
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../../../test/app.ts';
import { ageSession } from '../../../test/channel-helpers.ts';
import { createContract, insertDeal, recordPayment, uniqueNumber } from '../../../test/contracts.ts';
import { createCustomer, errorOf, useCrmOrganization, type CrmMember } from '../../../test/crm.ts';
import { auditEvents } from '../../audit/audit.tables.ts';
import { users } from '../../identity/users/user.tables.ts';
import type { Contract, Payment } from './contract.schema.ts';
import { crmContracts } from './contract.tables.ts';

interface Page {
  items: Contract[];
  total: number | null;
  totals: { currency: string; contracts: number; amount: string; paidAmount: string; balance: string }[] | null;
}

/** The path, query and body places an id can be put, for one contract and one payment. */
function probes(contractId: string, paymentId: string, customerId: string) {
  return [
    { method: 'GET', url: `/api/contracts/${contractId}` },
    { method: 'GET', url: `/api/contracts/${contractId}/history` },
    { method: 'GET', url: `/api/contracts/${contractId}/payments` },
    { method: 'PATCH', url: `/api/contracts/${contractId}`, body: { version: 1, title: 'Mine now' } },
    { method: 'DELETE', url: `/api/contracts/${contractId}` },
    { method: 'POST', url: `/api/contracts/${contractId}/restore` },
    { method: 'POST', url: `/api/contracts/${contractId}/payments`, body: { amount: '1.00', receivedDate: '2025-05-05', method: 'cash' } },
    { method: 'DELETE', url: `/api/payments/${paymentId}` },
    { method: 'POST', url: '/api/contracts', body: { number: uniqueNumber('IDOR'), title: 'Probe', customerId, amount: '1' } },
  ] as const;
}

async function send(client: TestClient, probe: ReturnType<typeof probes>[number]): Promise<LightMyRequestResponse> {
  return client.request(probe.method, probe.url, 'body' in probe ? probe.body : undefined);
}

describe('contracts: data scopes and finance read access', () => {
  const org = useCrmOrganization();
  let bobsContract: Contract;
  let bobsPayment: Payment;
  let bobsCustomer: string;
  let notFoundBody: string;

  beforeAll(async () => {
    bobsCustomer = (await createCustomer(org.salesB.client)).id;
    bobsContract = await createContract(org.salesB.client, bobsCustomer, { amount: '8000', signedDate: '2025-02-01' });
    bobsPayment = await recordPayment(org.salesB.client, bobsContract.id, { amount: '1000' });
    notFoundBody = (await org.salesA.client.get(`/api/contracts/${randomUUID()}`)).body;
  });

  it('another salesperson, the other team\'s manager and another organisation get the same 404 as for an unknown id', async () => {
    const before = await org.db.select().from(crmContracts).where(eq(crmContracts.id, bobsContract.id));
    for (const member of [org.salesA, org.managerNorth, org.loner, org.foreigner]) {
      for (const probe of probes(bobsContract.id, bobsPayment.id, bobsCustomer)) {
        const response = await send(member.client, probe);
        expect(response.statusCode, `${member.name} ${probe.method} ${probe.url}`).toBe(404);
        expect(response.body, `${member.name} ${probe.method} ${probe.url}`).toBe(notFoundBody);
      }
    }
    expect(await org.db.select().from(crmContracts).where(eq(crmContracts.id, bobsContract.id))).toEqual(before);
    expect((await org.salesB.client.get(`/api/contracts/${bobsContract.id}/payments`)).json<{ items: Payment[] }>().items).toHaveLength(1);
    // Not in their lists either.
    for (const member of [org.salesA, org.managerNorth, org.foreigner]) {
      expect((await member.client.get('/api/contracts?limit=100')).json<Page>().items.map((item) => item.id)).not.toContain(bobsContract.id);
    }
  });

  it('malformed ids answer 404 everywhere, like unknown ones; a malformed filter too', async () => {
    for (const bad of ['not-a-uuid', '1', `${randomUUID()}x`, "' or 1=1 --"]) {
      for (const probe of probes(encodeURIComponent(bad), encodeURIComponent(bad), bad)) {
        const response = await send(org.owner.client, probe);
        expect(response.statusCode, `${probe.method} ${probe.url}`).toBe(404);
        expect(errorOf(response).code).toBe('crm.not_found');
      }
    }
    expect(errorOf(await org.owner.client.get('/api/contracts?customerId=nope'))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await org.owner.client.get('/api/contracts?cursor=eyJ4IjoxfQ'))).toEqual({ status: 400, code: 'crm.bad_cursor' });
  });

  it('the manager of the team sees and edits the contract; owners and admins the whole organisation', async () => {
    for (const member of [org.managerSouth, org.admin, org.owner]) {
      const response = await member.client.get(`/api/contracts/${bobsContract.id}`);
      expect(response.statusCode, member.name).toBe(200);
      expect(response.json<Contract>()).toMatchObject({ canEdit: true, customerVisible: true, paidAmount: '1000.00' });
    }
    const edited = await org.managerSouth.client.request('PATCH', `/api/contracts/${bobsContract.id}`, { version: bobsContract.version, status: 'active' });
    expect(edited.statusCode, edited.body).toBe(200);
    bobsContract = edited.json<Contract>();
  });

  it('viewers read everything and get 403 crm.read_only on every write, before any lookup or validation', async () => {
    expect((await org.viewer.client.get(`/api/contracts/${bobsContract.id}`)).json<Contract>()).toMatchObject({ canEdit: false, canDelete: false });
    for (const probe of probes(randomUUID(), randomUUID(), bobsCustomer).filter((item) => item.method !== 'GET')) {
      expect(errorOf(await send(org.viewer.client, probe)), `${probe.method} ${probe.url}`).toEqual({ status: 403, code: 'crm.read_only' });
    }
    expect(errorOf(await org.viewer.client.post('/api/contracts', { nonsense: true }))).toEqual({ status: 403, code: 'crm.read_only' });
    expect(errorOf(await org.viewer.client.post('/api/contracts/transfer', { ids: [bobsContract.id], toUserId: org.viewer.id }))).toEqual({ status: 403, code: 'crm.read_only' });
  });

  it('bodies: a customer or deal outside the caller\'s scope is not found; the owner cannot be set beyond one\'s reach', async () => {
    const alicesCustomer = (await createCustomer(org.salesA.client)).id;
    const bobsDeal = await insertDeal(org.db, bobsCustomer, org.salesB.id);
    const alicesDeal = await insertDeal(org.db, alicesCustomer, org.salesA.id, 'Alice pilot');
    const base = { number: uniqueNumber(), title: 'Body probe', amount: '10' };
    expect(errorOf(await org.salesA.client.post('/api/contracts', { ...base, customerId: bobsCustomer }))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await org.salesA.client.post('/api/contracts', { ...base, customerId: alicesCustomer, dealId: bobsDeal }))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await org.managerNorth.client.post('/api/contracts', { ...base, customerId: alicesCustomer, ownerId: org.salesB.id }))).toEqual({ status: 403, code: 'crm.contract_owner_not_allowed' });
    expect(errorOf(await org.salesA.client.post('/api/contracts', { ...base, customerId: alicesCustomer, ownerId: org.managerNorth.id }))).toEqual({ status: 403, code: 'crm.contract_owner_not_allowed' });
    for (const field of [{ orgId: randomUUID() }, { createdBy: org.owner.id }, { version: 7 }, { paidAmount: '10' }]) {
      expect(errorOf(await org.salesA.client.post('/api/contracts', { ...base, customerId: alicesCustomer, ...field })), JSON.stringify(field)).toEqual({ status: 400, code: 'validation_failed' });
    }
    // A deal of another customer that the caller does see is named as such.
    const owners = await createContract(org.owner.client, alicesCustomer, { dealId: alicesDeal });
    expect(owners.dealName).toBe('Alice pilot');
    expect(errorOf(await org.owner.client.post('/api/contracts', { ...base, customerId: bobsCustomer, dealId: alicesDeal }))).toEqual({ status: 400, code: 'crm.deal_of_other_customer' });
    // Moving Alice's contract to Bob's customer (she may not edit it) is not found; nothing changed.
    const alices = await createContract(org.salesA.client, alicesCustomer);
    expect(errorOf(await org.salesA.client.request('PATCH', `/api/contracts/${alices.id}`, { version: alices.version, customerId: bobsCustomer }))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await org.salesA.client.request('PATCH', `/api/contracts/${alices.id}`, { version: alices.version, dealId: bobsDeal }))).toEqual({ status: 404, code: 'crm.not_found' });
    expect((await org.salesA.client.get(`/api/contracts/${alices.id}`)).json<Contract>()).toMatchObject({ customerId: alicesCustomer, dealId: null, version: alices.version });
  });

  it('transfers are all or nothing: a foreign, unknown or malformed id in the array moves nothing', async () => {
    const alicesCustomer = (await createCustomer(org.salesA.client)).id;
    const mine = await createContract(org.salesA.client, alicesCustomer);
    for (const stranger of [bobsContract.id, randomUUID(), 'garbage']) {
      expect(errorOf(await org.salesA.client.post('/api/contracts/transfer', { ids: [mine.id, stranger], toUserId: org.managerNorth.id }))).toEqual({ status: 404, code: 'crm.not_found' });
    }
    expect(errorOf(await org.managerNorth.client.post('/api/contracts/transfer', { ids: [mine.id, bobsContract.id], toUserId: org.managerNorth.id }))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await org.salesA.client.post('/api/contracts/transfer', { ids: [mine.id], toUserId: org.foreigner.id }))).toEqual({ status: 400, code: 'crm.invalid_new_owner' });
    expect(errorOf(await org.salesA.client.post('/api/contracts/transfer', { ids: [mine.id], toUserId: org.viewer.id }))).toEqual({ status: 400, code: 'crm.invalid_new_owner' });
    const owners = await org.db.select({ owner: crmContracts.ownerUserId }).from(crmContracts).where(inArray(crmContracts.id, [mine.id, bobsContract.id]));
    expect(owners.map((row) => row.owner).sort()).toEqual([org.salesA.id, org.salesB.id].sort());

    const moved = await org.salesA.client.post('/api/contracts/transfer', { ids: [mine.id, mine.id], toUserId: org.salesB.id, note: 'Territory change' });
    expect(moved.json()).toEqual({ transferred: 1 });
    expect(errorOf(await org.salesA.client.get(`/api/contracts/${mine.id}`))).toEqual({ status: 404, code: 'crm.not_found' });
    const history = (await org.salesB.client.get(`/api/contracts/${mine.id}/history`)).json<{ items: { action: string; changes: unknown }[] }>().items;
    expect(history[0]).toMatchObject({ action: 'contract_transferred', changes: { owner: { from: 'Alice Sales', to: 'Bob Sales' }, note: { from: null, to: 'Territory change' } } });
  });

  it("a customer's timeline shows contract rows only to those who may see the contract", async () => {
    const alicesCustomer = (await createCustomer(org.salesA.client)).id;
    const forBob = await createContract(org.admin.client, alicesCustomer, { ownerId: org.salesB.id, number: uniqueNumber('TL') });
    await recordPayment(org.admin.client, forBob.id, { amount: '50' });
    const timeline = async (member: CrmMember) =>
      (await member.client.get(`/api/customers/${alicesCustomer}/history`)).json<{ items: { recordType: string }[] }>().items.filter((item) => item.recordType === 'contract');
    expect(await timeline(org.salesA)).toHaveLength(0);
    expect(await timeline(org.admin)).toHaveLength(2);
    // Alice's own list does not show it; Bob sees it without seeing the customer.
    expect((await org.salesB.client.get(`/api/contracts/${forBob.id}`)).json<Contract>()).toMatchObject({ customerVisible: false, canEdit: true });
  });

  describe('finance read access', () => {
    const grant = (client: TestClient, userId: string) => client.request('PUT', `/api/contract-readers/${userId}`);
    const revoke = (client: TestClient, userId: string) => client.request('DELETE', `/api/contract-readers/${userId}`);

    it('only owners and admins grant it, after a recent step-up; members of other organisations are not found', async () => {
      for (const member of [org.managerNorth, org.salesA, org.viewer]) {
        expect(errorOf(await grant(member.client, org.loner.id)).status, member.name).toBe(403);
        expect(errorOf(await member.client.get('/api/contract-readers')).status).toBe(403);
      }
      expect(errorOf(await grant(org.owner.client, org.foreigner.id))).toEqual({ status: 404, code: 'not_found' });
      expect(errorOf(await grant(org.owner.client, 'nope'))).toEqual({ status: 404, code: 'not_found' });
      expect(errorOf(await grant(org.foreigner.client, org.loner.id))).toEqual({ status: 404, code: 'not_found' });
      await ageSession(org.db, org.admin.client, 120);
      expect(errorOf(await grant(org.admin.client, org.loner.id))).toEqual({ status: 403, code: 'reauthentication_required' });
      expect((await org.owner.client.get('/api/contract-readers')).json()).toEqual({ items: [] });
    });

    it('a granted salesperson reads every contract and payment read-only, and nothing else; revoked, no longer', async () => {
      const lonersCustomer = (await createCustomer(org.loner.client)).id;
      const lonersOwn = await createContract(org.loner.client, lonersCustomer, { amount: '100' });
      const before = (await org.loner.client.get('/api/contracts?limit=100')).json<Page>();
      expect(before.items.map((item) => item.id)).toEqual([lonersOwn.id]);

      const granted = await grant(org.owner.client, org.loner.id);
      expect(granted.statusCode, granted.body).toBe(200);
      expect((await grant(org.owner.client, org.loner.id)).statusCode).toBe(200);
      const listed = (await org.owner.client.get('/api/contract-readers')).json<{ items: { userId: string; grantedByName: string }[] }>().items;
      expect(listed).toMatchObject([{ userId: org.loner.id, grantedByName: 'Wang Li' }]);

      const everything = (await org.owner.client.get('/api/contracts?limit=100')).json<Page>();
      const asReader = (await org.loner.client.get('/api/contracts?limit=100')).json<Page>();
      expect(asReader.items.map((item) => item.id).sort()).toEqual(everything.items.map((item) => item.id).sort());
      expect(asReader.totals).toEqual(everything.totals);
      const seen = (await org.loner.client.get(`/api/contracts/${bobsContract.id}`)).json<Contract>();
      expect(seen).toMatchObject({ canEdit: false, canDelete: false, customerVisible: false, paidAmount: '1000.00' });
      expect((await org.loner.client.get(`/api/contracts/${bobsContract.id}/payments`)).json<{ items: Payment[] }>().items).toHaveLength(1);
      expect((await org.loner.client.get(`/api/contracts/${bobsContract.id}/history`)).statusCode).toBe(200);

      // Read-only: every write on a contract he only reads is refused, and nothing changed (restoring a live contract
      // is a no-op that answers what he may read anyway; creating one for Bob's customer is not found).
      for (const probe of probes(bobsContract.id, bobsPayment.id, bobsCustomer).filter((item) => item.method !== 'GET')) {
        const response = await send(org.loner.client, probe);
        const expected = probe.url === '/api/contracts' ? 404 : probe.url.endsWith('/restore') ? 200 : 403;
        expect(response.statusCode, `${probe.method} ${probe.url}`).toBe(expected);
      }
      expect(errorOf(await org.loner.client.post('/api/contracts/transfer', { ids: [bobsContract.id], toUserId: org.loner.id }))).toEqual({ status: 403, code: 'forbidden' });
      expect((await org.owner.client.get(`/api/contracts/${bobsContract.id}`)).json<Contract>()).toMatchObject({ version: bobsContract.version, paidAmount: '1000.00', ownerId: org.salesB.id });
      // Nothing else widens: Bob's customer stays out of reach.
      expect(errorOf(await org.loner.client.get(`/api/customers/${bobsCustomer}`))).toEqual({ status: 404, code: 'crm.not_found' });
      expect((await org.loner.client.get('/api/customers?limit=100')).json<{ items: { id: string }[] }>().items.map((item) => item.id)).toEqual([lonersCustomer]);
      // His own contract stays his to edit.
      expect((await org.loner.client.get(`/api/contracts/${lonersOwn.id}`)).json<Contract>().canEdit).toBe(true);

      expect((await revoke(org.owner.client, org.loner.id)).statusCode).toBe(204);
      expect((await revoke(org.owner.client, org.loner.id)).statusCode).toBe(204);
      expect((await org.loner.client.get(`/api/contracts/${bobsContract.id}`)).body).toBe(notFoundBody);
      expect((await org.loner.client.get('/api/contracts?limit=100')).json<Page>().items.map((item) => item.id)).toEqual([lonersOwn.id]);

      const events = await org.db
        .select({ action: auditEvents.action, target: auditEvents.targetUserId })
        .from(auditEvents)
        .where(and(eq(auditEvents.targetUserId, org.loner.id)))
        .orderBy(desc(auditEvents.id))
        .limit(2);
      expect(events).toEqual([
        { action: 'crm_contract_reader_revoked', target: org.loner.id },
        { action: 'crm_contract_reader_granted', target: org.loner.id },
      ]);
    });

    it('is not given to a deactivated member', async () => {
      const [viewer] = await org.db.select().from(users).where(eq(users.id, org.viewer.id));
      await org.db.update(users).set({ status: 'deactivated' }).where(eq(users.id, org.viewer.id));
      try {
        expect(errorOf(await grant(org.owner.client, org.viewer.id))).toEqual({ status: 409, code: 'crm.reader_inactive' });
      } finally {
        await org.db.update(users).set({ status: viewer?.status ?? 'active' }).where(eq(users.id, org.viewer.id));
      }
    });
  });
});
