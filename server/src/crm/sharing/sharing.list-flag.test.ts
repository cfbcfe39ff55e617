import { describe, expect, it } from 'vitest';
import type { TestClient } from '../../../test/app.ts';
import { createContract } from '../../../test/contracts.ts';
import { createCustomer, uniqueName, useCrmOrganization, type CrmMember } from '../../../test/crm.ts';
import { createDeal } from '../../../test/deals.ts';

type ListKind = 'customers' | 'deals' | 'contracts' | 'leads';
const kinds: ListKind[] = ['customers', 'deals', 'contracts', 'leads'];

/** One record of each shareable kind, every name (contracts: title) carrying `tag` so a list query finds exactly them. */
async function recordsOf(client: TestClient, tag: string, owner: string): Promise<Record<ListKind, string>> {
  const customer = await createCustomer(client, { name: `${tag} ${owner} Co` });
  const deal = await createDeal(client, customer.id, { name: `${tag} deal` });
  const contract = await createContract(client, customer.id, { title: `${tag} agreement` });
  const lead = await client.post('/api/leads', { name: `${tag} lead` });
  expect(lead.statusCode, lead.body).toBe(201);
  return { customers: customer.id, deals: deal.id, contracts: contract.id, leads: lead.json<{ id: string }>().id };
}

/** The "Shared with you" flag of list items: set only where the caller's own share is why he sees the record. */
describe('CRM list items: sharedWithMe', () => {
  const org = useCrmOrganization();
  const tag = uniqueName('Flag');
  let alices: Record<ListKind, string>;
  let bobs: Record<ListKind, string>;

  /** id → sharedWithMe of the caller's list items carrying the tag. */
  const flagsOf = async (member: Pick<CrmMember, 'client'>, kind: ListKind): Promise<Map<string, boolean>> => {
    const response = await member.client.get(`/api/${kind}?q=${encodeURIComponent(tag)}&limit=100`);
    expect(response.statusCode, response.body).toBe(200);
    return new Map(response.json<{ items: { id: string; sharedWithMe: boolean }[] }>().items.map((item) => [item.id, item.sharedWithMe]));
  };

  it('is true for a record shared with the caller and false for his own', async () => {
    alices = await recordsOf(org.salesA.client, tag, 'Alice');
    bobs = await recordsOf(org.salesB.client, tag, 'Bob');
    for (const kind of kinds) {
      const shared = await org.salesA.client.post(`/api/${kind}/${alices[kind]}/shares`, { userIds: [org.salesB.id, org.loner.id] });
      expect(shared.statusCode, shared.body).toBe(200);
    }
    for (const kind of kinds) {
      const flags = await flagsOf(org.salesB, kind);
      expect(Object.fromEntries(flags), kind).toEqual({ [alices[kind]]: true, [bobs[kind]]: false });
      // The detail payload carries the same flag.
      expect((await org.salesB.client.get(`/api/${kind}/${alices[kind]}`)).json<{ sharedWithMe: boolean }>().sharedWithMe, kind).toBe(true);
    }
  });

  it("is false for everyone who sees the record without a share of his own, even when others' shares exist", async () => {
    for (const kind of kinds) {
      // Alice owns it; Nora (her manager) sees her team's records; admins and viewers see the whole organisation.
      expect(Object.fromEntries(await flagsOf(org.salesA, kind)), kind).toEqual({ [alices[kind]]: false });
      expect(Object.fromEntries(await flagsOf(org.managerNorth, kind)), kind).toEqual({ [alices[kind]]: false });
      // Sam manages Bob: Bob's share on Alice's record gives Sam nothing, and Bob's own record is not "shared".
      expect(Object.fromEntries(await flagsOf(org.managerSouth, kind)), kind).toEqual({ [bobs[kind]]: false });
      for (const member of [org.admin, org.viewer, org.owner]) {
        expect(Object.fromEntries(await flagsOf(member, kind)), kind).toEqual({ [alices[kind]]: false, [bobs[kind]]: false });
      }
    }
  });

  it("a finance reader sees contracts owned outside his scope, but only his own share sets the flag, never a colleague's", async () => {
    const granted = await org.owner.client.request('PUT', `/api/contract-readers/${org.managerSouth.id}`);
    expect(granted.statusCode, granted.body).toBe(200);
    // Sam now reads Alice's contract, shared with Bob and Leo but not with him: seen, yet not through a share of his.
    expect(Object.fromEntries(await flagsOf(org.managerSouth, 'contracts'))).toEqual({ [alices.contracts]: false, [bobs.contracts]: false });
    // Bob shares his contract with Nora, who manages Alice's team: hers alone, and only that one.
    const shared = await org.salesB.client.post(`/api/contracts/${bobs.contracts}/shares`, { userIds: [org.managerNorth.id] });
    expect(shared.statusCode, shared.body).toBe(200);
    expect(Object.fromEntries(await flagsOf(org.managerNorth, 'contracts'))).toEqual({ [alices.contracts]: false, [bobs.contracts]: true });
    expect(Object.fromEntries(await flagsOf(org.managerSouth, 'contracts'))).toEqual({ [alices.contracts]: false, [bobs.contracts]: false });
    expect(Object.fromEntries(await flagsOf(org.salesA, 'contracts'))).toEqual({ [alices.contracts]: false });
  });

  it('goes with the share: unshared, the record leaves the list', async () => {
    const removed = await org.salesA.client.request('DELETE', `/api/leads/${alices.leads}/shares/${org.salesB.id}`);
    expect(removed.statusCode, removed.body).toBe(200);
    expect(Object.fromEntries(await flagsOf(org.salesB, 'leads'))).toEqual({ [bobs.leads]: false });
  });
});
