import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createContact, createCustomer, errorOf, useCrmOrganization } from '../../../test/crm.ts';
import { createDeal, historyOf, moveDeal, pipelineOf, stageByKey } from '../../../test/deals.ts';
import type { Customer } from '../customers/customer.schema.ts';
import type { Deal } from './deal.schema.ts';
import { crmDeals } from './deal.tables.ts';

describe('deals', () => {
  const org = useCrmOrganization();

  it('creates a deal: amount normalised, stage, probability and owner defaulted, a "deal_added" row on the customer timeline', async () => {
    const customer = await createCustomer(org.salesA.client);
    const contact = await createContact(org.salesA.client, customer.id);
    const response = await org.salesA.client.post('/api/deals', {
      customerId: customer.id,
      contactId: contact.id,
      name: '  ERP rollout  ',
      amount: ' 120000.5 ',
      currency: 'usd',
      expectedCloseDate: '2025-09-30',
      notes: '',
    });
    expect(response.statusCode, response.body).toBe(201);
    const deal = response.json<Deal>();
    const qualify = await stageByKey(org.salesA.client, 'qualify');
    expect(deal).toMatchObject({
      name: 'ERP rollout',
      customerId: customer.id,
      customerName: customer.name,
      contactId: contact.id,
      contactName: contact.name,
      ownerId: org.salesA.id,
      ownerName: 'Alice Sales',
      amount: '120000.50',
      currency: 'USD',
      stageId: qualify.id,
      stageKey: 'qualify',
      stageName: null,
      stageKind: 'open',
      probability: 10,
      expectedCloseDate: '2025-09-30',
      lostReason: null,
      closedAt: null,
      notes: null,
      createdByName: 'Alice Sales',
      version: 1,
      canEdit: true,
      canDelete: false,
    });
    expect((await org.salesA.client.get(`/api/deals/${deal.id}`)).json<Deal>()).toEqual(deal);
    expect((await org.salesA.client.get(`/api/customers/${customer.id}`)).json<Customer>().dealCount).toBe(1);

    const [added] = await historyOf(org.salesA.client, `/api/customers/${customer.id}/history`);
    expect(added).toMatchObject({ action: 'deal_added', recordType: 'deal', recordId: deal.id, recordLabel: 'ERP rollout', actorName: 'Alice Sales' });
    expect(added?.changes).toMatchObject({
      name: { from: null, to: 'ERP rollout' },
      amount: { from: null, to: '120000.50' },
      stage: { from: null, to: { id: qualify.id, key: 'qualify', name: null } },
      owner: { from: null, to: 'Alice Sales' },
      contact: { from: null, to: contact.name },
    });
    expect(await historyOf(org.salesA.client, `/api/deals/${deal.id}/history`)).toHaveLength(1);
  });

  it('refuses invalid input with 400 and stores nothing', async () => {
    const customer = await createCustomer(org.salesA.client);
    const before = await org.db.select({ id: crmDeals.id }).from(crmDeals);
    const valid = { customerId: customer.id, name: 'Valid name' };
    for (const body of [
      {},
      { customerId: customer.id },
      { ...valid, name: '   ' },
      { ...valid, name: 'x'.repeat(201) },
      { ...valid, amount: -1 },
      { ...valid, amount: 100 },
      { ...valid, amount: '-1' },
      { ...valid, amount: '1.005' },
      { ...valid, amount: '1e5' },
      { ...valid, amount: '12345678901234567' },
      { ...valid, currency: 'XYZ' },
      { ...valid, currency: 'RMB' },
      { ...valid, probability: 101 },
      { ...valid, probability: '50' },
      { ...valid, expectedCloseDate: '2025-02-30' },
      { ...valid, expectedCloseDate: 'tomorrow' },
      { ...valid, notes: 'x'.repeat(5001) },
      { ...valid, ownerId: 'me' },
      { ...valid, orgId: customer.id },
      { ...valid, version: 3 },
      { ...valid, createdBy: org.salesB.id },
    ]) {
      expect(errorOf(await org.salesA.client.post('/api/deals', body)), JSON.stringify(body)).toEqual({ status: 400, code: 'validation_failed' });
    }
    expect(errorOf(await org.salesA.client.post('/api/deals', { ...valid, amount: '100.5', currency: 'JPY' }))).toEqual({ status: 400, code: 'crm.amount_precision' });
    expect(errorOf(await org.salesA.client.post('/api/deals', { ...valid, stageId: 'not-a-stage' }))).toEqual({ status: 400, code: 'crm.invalid_stage' });
    const lost = await stageByKey(org.salesA.client, 'lost');
    expect(errorOf(await org.salesA.client.post('/api/deals', { ...valid, stageId: lost.id }))).toEqual({ status: 400, code: 'crm.lost_reason_required' });
    expect(await org.db.select({ id: crmDeals.id }).from(crmDeals)).toHaveLength(before.length);
    // Zero is a valid amount (an opportunity not priced yet); the largest one numeric(18,2) holds too.
    expect((await createDeal(org.salesA.client, customer.id, { amount: '0' })).amount).toBe('0.00');
    expect((await createDeal(org.salesA.client, customer.id, { amount: '9999999999999999.99' })).amount).toBe('9999999999999999.99');
  });

  it('owner rules: sales only themselves, a manager his team, admins any active member who works on customers', async () => {
    const alices = await createCustomer(org.salesA.client);
    expect(errorOf(await org.salesA.client.post('/api/deals', { customerId: alices.id, name: 'x', ownerId: org.salesB.id }))).toEqual({ status: 403, code: 'crm.deal_owner_not_allowed' });
    expect((await createDeal(org.salesA.client, alices.id, { ownerId: org.salesA.id.toUpperCase() })).ownerId).toBe(org.salesA.id);
    expect(errorOf(await org.managerNorth.client.post('/api/deals', { customerId: alices.id, name: 'x', ownerId: org.salesB.id }))).toEqual({ status: 403, code: 'crm.deal_owner_not_allowed' });
    expect((await createDeal(org.managerNorth.client, alices.id, { ownerId: org.salesA.id })).ownerName).toBe('Alice Sales');
    for (const ownerId of [org.viewer.id, org.foreigner.id, '00000000-0000-4000-8000-000000000000']) {
      expect(errorOf(await org.admin.client.post('/api/deals', { customerId: alices.id, name: 'x', ownerId }))).toEqual({ status: 400, code: 'crm.invalid_new_owner' });
    }
    expect((await createDeal(org.admin.client, alices.id, { ownerId: org.salesB.id })).ownerName).toBe('Bob Sales');
  });

  it('edits with versions: field diffs in the history, 409 for a stale version, an unchanged save changes nothing', async () => {
    const customer = await createCustomer(org.salesA.client);
    const [first, second] = [await createContact(org.salesA.client, customer.id), await createContact(org.salesA.client, customer.id)];
    const deal = await createDeal(org.salesA.client, customer.id, { contactId: first.id, amount: '100', notes: 'first' });
    const saved = await org.salesA.client.request('PATCH', `/api/deals/${deal.id}`, { version: 1, amount: '250.75', currency: 'EUR', notes: ' ', contactId: second.id, probability: 30 });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json<Deal>()).toMatchObject({ amount: '250.75', currency: 'EUR', notes: null, contactId: second.id, contactName: second.name, probability: 30, version: 2 });

    expect(errorOf(await org.managerNorth.client.request('PATCH', `/api/deals/${deal.id}`, { version: 1, name: 'Stale' }))).toEqual({ status: 409, code: 'crm.stale_version' });
    expect((await org.salesA.client.request('PATCH', `/api/deals/${deal.id}`, { version: 2, amount: '250.750' })).statusCode).toBe(400);
    expect((await org.salesA.client.request('PATCH', `/api/deals/${deal.id}`, { version: 2, amount: '0250.75' })).json<Deal>().version).toBe(2);

    const [updated] = await historyOf(org.salesA.client, `/api/deals/${deal.id}/history`);
    expect(updated).toMatchObject({
      action: 'deal_updated',
      changes: {
        amount: { from: '100.00', to: '250.75' },
        currency: { from: 'CNY', to: 'EUR' },
        notes: { from: 'first', to: null },
        probability: { from: 10, to: 30 },
        contact: { from: first.name, to: second.name },
      },
    });
    for (const body of [{ version: 2, ownerId: org.salesB.id }, { version: 2, customerId: customer.id }, { version: 2, name: '' }, { name: 'No version' }, { version: 0 }]) {
      expect(errorOf(await org.salesA.client.request('PATCH', `/api/deals/${deal.id}`, body)), JSON.stringify(body)).toEqual({ status: 400, code: 'validation_failed' });
    }
    // A contact of another customer names nothing this deal can point at.
    const elsewhere = await createContact(org.salesA.client, (await createCustomer(org.salesA.client)).id);
    expect(errorOf(await org.salesA.client.request('PATCH', `/api/deals/${deal.id}`, { version: 2, contactId: elsewhere.id }))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await org.salesA.client.post('/api/deals', { customerId: customer.id, name: 'x', contactId: elsewhere.id }))).toEqual({ status: 404, code: 'crm.not_found' });
  });

  it('stage moves: won and lost close the deal, reopening clears it, lost needs a reason, probability follows unless given', async () => {
    const stages = await pipelineOf(org.salesA.client);
    const byKey = (key: string) => stages.find((stage) => stage.key === key)?.id ?? '';
    const customer = await createCustomer(org.salesA.client);
    let deal = await createDeal(org.salesA.client, customer.id);

    deal = await moveDeal(org.salesA.client, deal, byKey('proposal'));
    expect(deal).toMatchObject({ stageKey: 'proposal', probability: 50, closedAt: null, version: 2 });
    deal = await moveDeal(org.salesA.client, deal, byKey('negotiation'), { probability: 60 });
    expect(deal).toMatchObject({ stageKey: 'negotiation', probability: 60 });

    expect(errorOf(await org.salesA.client.post(`/api/deals/${deal.id}/stage`, { stageId: byKey('lost'), version: deal.version }))).toEqual({ status: 400, code: 'crm.lost_reason_required' });
    expect(errorOf(await org.salesA.client.post(`/api/deals/${deal.id}/stage`, { stageId: byKey('lost'), version: deal.version, lostReason: '   ' }))).toEqual({ status: 400, code: 'crm.lost_reason_required' });
    expect(errorOf(await org.salesA.client.post(`/api/deals/${deal.id}/stage`, { stageId: byKey('won'), version: deal.version - 1 }))).toEqual({ status: 409, code: 'crm.stale_version' });
    expect((await org.salesA.client.get(`/api/deals/${deal.id}`)).json<Deal>()).toMatchObject({ stageKey: 'negotiation', version: deal.version });

    const lost = await org.salesA.client.request('PATCH', `/api/deals/${deal.id}/stage`, { stageId: byKey('lost'), version: deal.version, lostReason: ' Chose a cheaper supplier ' });
    expect(lost.statusCode, lost.body).toBe(200);
    deal = lost.json<Deal>();
    expect(deal).toMatchObject({ stageKind: 'lost', probability: 0, lostReason: 'Chose a cheaper supplier' });
    expect(deal.closedAt).not.toBeNull();
    const [lostRow] = await historyOf(org.salesA.client, `/api/deals/${deal.id}/history`);
    expect(lostRow).toMatchObject({ action: 'deal_stage_changed', changes: { stage: { from: { key: 'negotiation' }, to: { key: 'lost' } }, probability: { from: 60, to: 0 }, lostReason: { from: null, to: 'Chose a cheaper supplier' } } });

    // Editing other fields keeps the reason; it cannot be emptied while the deal is lost.
    expect(errorOf(await org.salesA.client.request('PATCH', `/api/deals/${deal.id}`, { version: deal.version, lostReason: null }))).toEqual({ status: 400, code: 'crm.lost_reason_required' });
    deal = (await org.salesA.client.request('PATCH', `/api/deals/${deal.id}`, { version: deal.version, name: 'Renamed after losing' })).json<Deal>();
    expect(deal.lostReason).toBe('Chose a cheaper supplier');

    deal = await moveDeal(org.salesA.client, deal, byKey('needs'));
    expect(deal).toMatchObject({ stageKind: 'open', closedAt: null, lostReason: null, probability: 25 });
    deal = await moveDeal(org.salesA.client, deal, byKey('won'));
    expect(deal).toMatchObject({ stageKind: 'won', probability: 100 });
    expect(Date.parse(String(deal.closedAt))).toBeGreaterThan(Date.now() - 60_000);
    expect(Date.parse(String(deal.stageChangedAt))).toBe(Date.parse(String(deal.closedAt)));
    // Moving to the stage it is in is a no-op.
    expect((await moveDeal(org.salesA.client, deal, byKey('won'))).version).toBe(deal.version);
    for (const stageId of ['not-a-uuid', '00000000-0000-4000-8000-000000000000', (await pipelineOf(org.foreigner.client))[0]?.id]) {
      expect(errorOf(await org.salesA.client.post(`/api/deals/${deal.id}/stage`, { stageId, version: deal.version })), stageId).toEqual({ status: 400, code: 'crm.invalid_stage' });
    }
    expect(errorOf(await org.salesA.client.post(`/api/deals/${deal.id}/stage`, { stageId: byKey('won'), version: deal.version, ownerId: org.salesB.id }))).toEqual({ status: 400, code: 'validation_failed' });
  });

  it('two moves of one deal from the same version at once: one wins, the other answers 409, never a 500', async () => {
    const stages = await pipelineOf(org.salesA.client);
    const customer = await createCustomer(org.salesA.client);
    for (let round = 0; round < 3; round += 1) {
      const deal = await createDeal(org.salesA.client, customer.id);
      const results = await Promise.all([
        org.salesA.client.post(`/api/deals/${deal.id}/stage`, { stageId: stages[1]?.id, version: 1 }),
        org.managerNorth.client.post(`/api/deals/${deal.id}/stage`, { stageId: stages[2]?.id, version: 1 }),
      ]);
      expect(results.map((response) => response.statusCode).sort()).toEqual([200, 409]);
      const winner = results.find((response) => response.statusCode === 200)?.json<Deal>();
      expect((await org.salesA.client.get(`/api/deals/${deal.id}`)).json<Deal>()).toMatchObject({ stageId: winner?.stageId, version: 2 });
      expect((await historyOf(org.salesA.client, `/api/deals/${deal.id}/history`)).filter((row) => row.action === 'deal_stage_changed')).toHaveLength(1);
    }
  });

  it('goes to the trash with its customer and comes back with it; one trashed before stays in the trash', async () => {
    const manager = org.managerNorth.client;
    const customer = await createCustomer(org.salesA.client);
    const kept = await createDeal(org.salesA.client, customer.id);
    const before = await createDeal(org.salesA.client, customer.id);
    expect((await manager.request('DELETE', `/api/deals/${before.id}`)).statusCode).toBe(200);
    expect(errorOf(await manager.get(`/api/deals/${before.id}`))).toEqual({ status: 404, code: 'crm.not_found' });

    expect((await manager.request('DELETE', `/api/customers/${customer.id}`)).statusCode).toBe(200);
    expect(errorOf(await manager.get(`/api/deals/${kept.id}`))).toEqual({ status: 404, code: 'crm.not_found' });
    expect((await manager.get(`/api/deals?customerId=${customer.id}`)).json<{ items: Deal[] }>().items).toEqual([]);
    const trash = (await manager.get('/api/deals/trash')).json<{ items: { id: string; customerInTrash: boolean }[] }>().items;
    expect(trash.find((item) => item.id === kept.id)).toMatchObject({ customerInTrash: true });
    expect(trash.find((item) => item.id === before.id)).toMatchObject({ customerInTrash: true });
    // Restoring the deal alone is refused while its customer is in the trash.
    expect(errorOf(await manager.post(`/api/deals/${kept.id}/restore`))).toEqual({ status: 409, code: 'crm.deal_customer_in_trash' });

    expect((await manager.post(`/api/customers/${customer.id}/restore`)).statusCode).toBe(200);
    expect((await manager.get(`/api/deals/${kept.id}`)).statusCode).toBe(200);
    expect((await manager.get(`/api/deals/${before.id}`)).statusCode).toBe(404);
    expect((await manager.get(`/api/customers/${customer.id}`)).json<Customer>().dealCount).toBe(1);
    const restored = await manager.post(`/api/deals/${before.id}/restore`);
    expect(restored.statusCode, restored.body).toBe(200);
    expect((await manager.post(`/api/deals/${before.id}/restore`)).statusCode).toBe(200);
    expect((await historyOf(manager, `/api/deals/${before.id}/history`)).filter((row) => row.action === 'deal_restored')).toHaveLength(1);
    const [row] = await org.db.select({ deletedAt: crmDeals.deletedAt }).from(crmDeals).where(eq(crmDeals.id, before.id));
    expect(row?.deletedAt).toBeNull();
  });

  it('transfers deals all or nothing, with history and an audit event', async () => {
    const customer = await createCustomer(org.salesA.client);
    const deals = [await createDeal(org.salesA.client, customer.id), await createDeal(org.salesA.client, customer.id)];
    const moved = await org.salesA.client.post('/api/deals/transfer', { ids: [...deals.map((deal) => deal.id), deals[0]?.id], toUserId: org.loner.id, note: 'Leo takes over' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toEqual({ transferred: 2 });
    expect((await org.loner.client.get(`/api/deals/${deals[0]?.id}`)).json<Deal>()).toMatchObject({ ownerName: 'Leo Loner', version: 2 });
    expect((await org.salesA.client.get(`/api/deals/${deals[0]?.id}`)).statusCode).toBe(404);
    const [transferred] = await historyOf(org.loner.client, `/api/deals/${deals[0]?.id}/history`);
    expect(transferred).toMatchObject({ action: 'deal_transferred', changes: { owner: { from: 'Alice Sales', to: 'Leo Loner' }, note: { from: null, to: 'Leo takes over' } } });
    expect((await org.loner.client.post('/api/deals/transfer', { ids: [deals[0]?.id], toUserId: org.loner.id })).json()).toEqual({ transferred: 0 });
    expect(errorOf(await org.loner.client.post('/api/deals/transfer', { ids: [deals[0]?.id], toUserId: org.viewer.id }))).toEqual({ status: 400, code: 'crm.invalid_new_owner' });
  });
});
