import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createContract, insertDeal, recordPayment, uniqueNumber } from '../../../test/contracts.ts';
import { collectPages, createCustomer, errorOf, useCrmOrganization } from '../../../test/crm.ts';
import type { Contract } from './contract.schema.ts';
import { crmContracts } from './contract.tables.ts';

interface Page {
  items: Contract[];
  nextCursor: string | null;
  total: number | null;
  totals: { currency: string; contracts: number; amount: string; paidAmount: string; balance: string }[] | null;
}

interface HistoryItem {
  action: string;
  actorName: string | null;
  recordType: string;
  recordLabel: string | null;
  changes: Record<string, { from: unknown; to: unknown }> | null;
}

describe('contracts', () => {
  const org = useCrmOrganization();

  const history = async (id: string) => (await org.salesA.client.get(`/api/contracts/${id}/history`)).json<{ items: HistoryItem[] }>().items;

  it('creates a contract: trimmed input, exact amount, defaults, the creator as owner, a history row on the customer', async () => {
    const customer = await createCustomer(org.salesA.client);
    const number = uniqueNumber();
    const response = await org.salesA.client.post('/api/contracts', {
      number: `  ${number} `,
      title: '  Framework agreement 2025 ',
      customerId: customer.id,
      amount: '120000.5',
      signedDate: '2025-03-01',
      startDate: '2025-03-01',
      endDate: '',
      notes: '',
    });
    expect(response.statusCode, response.body).toBe(201);
    const contract = response.json<Contract>();
    expect(contract).toMatchObject({
      number,
      title: 'Framework agreement 2025',
      customerId: customer.id,
      customerName: customer.name,
      customerVisible: true,
      dealId: null,
      dealName: null,
      ownerId: org.salesA.id,
      ownerName: 'Alice Sales',
      amount: '120000.50',
      currency: 'CNY',
      paidAmount: '0.00',
      balance: '120000.50',
      paymentCount: 0,
      lastPaymentDate: null,
      signedDate: '2025-03-01',
      startDate: '2025-03-01',
      endDate: null,
      status: 'draft',
      notes: null,
      createdByName: 'Alice Sales',
      version: 1,
      canEdit: true,
      canDelete: true,
    });
    expect((await org.salesA.client.get(`/api/contracts/${contract.id}`)).json<Contract>()).toEqual(contract);
    const [created] = await history(contract.id);
    expect(created).toMatchObject({ action: 'contract_created', actorName: 'Alice Sales', recordType: 'contract', recordLabel: number });
    expect(created?.changes).toMatchObject({ number: { from: null, to: number }, amount: { from: null, to: '120000.50' }, owner: { from: null, to: 'Alice Sales' } });
    expect(created?.changes).not.toHaveProperty('endDate');
    const timeline = (await org.salesA.client.get(`/api/customers/${customer.id}/history`)).json<{ items: HistoryItem[] }>().items;
    expect(timeline[0]).toMatchObject({ action: 'contract_created', recordType: 'contract', recordLabel: number });
  });

  it('refuses invalid contracts with 400 and stores nothing', async () => {
    const customer = await createCustomer(org.salesA.client);
    const valid = { number: uniqueNumber(), title: 'Valid', customerId: customer.id, amount: '100' };
    const before = await org.db.select({ id: crmContracts.id }).from(crmContracts);
    for (const body of [
      {},
      { ...valid, number: '  ' },
      { ...valid, number: 'x'.repeat(51) },
      { ...valid, title: 'x'.repeat(201) },
      { ...valid, amount: '0.00' },
      { ...valid, amount: '-1' },
      { ...valid, amount: '10.005' },
      { ...valid, amount: 100 },
      { ...valid, amount: '10000000000000000' },
      { ...valid, amount: '1,000' },
      { ...valid, currency: 'XYZ' },
      { ...valid, currency: 'RMB' },
      { ...valid, status: 'signed' },
      { ...valid, signedDate: '2025-02-29' },
      { ...valid, endDate: 'tomorrow' },
      { ...valid, ownerId: 'someone' },
      { ...valid, unknown: true },
    ]) {
      expect(errorOf(await org.salesA.client.post('/api/contracts', body)), JSON.stringify(body)).toEqual({ status: 400, code: 'validation_failed' });
    }
    expect(errorOf(await org.salesA.client.post('/api/contracts', { ...valid, startDate: '2025-06-01', endDate: '2025-05-31' }))).toEqual({ status: 400, code: 'crm.dates_out_of_order' });
    expect(errorOf(await org.salesA.client.post('/api/contracts', { ...valid, currency: 'KRW', amount: '100.5' }))).toEqual({ status: 400, code: 'crm.amount_precision' });
    expect(await org.db.select({ id: crmContracts.id }).from(crmContracts)).toHaveLength(before.length);
  });

  it('keeps numbers unique among live contracts: 409 crm.duplicate_number, localized; a trashed number is free again', async () => {
    const customer = await createCustomer(org.salesA.client);
    const first = await createContract(org.salesA.client, customer.id);
    const body = { number: first.number, title: 'Copy', customerId: customer.id, amount: '1' };
    expect(errorOf(await org.salesA.client.post('/api/contracts', body))).toEqual({ status: 409, code: 'crm.duplicate_number' });
    const chinese = await org.salesA.client.request('POST', '/api/contracts', body, { 'accept-language': 'zh-CN' });
    expect(chinese.json<{ error: { message: string } }>().error.message).toBe('已有其他合同使用此编号，合同编号不能重复。');
    // Another salesperson's number counts too (unique in the organisation), and an edit cannot take it either.
    const bobs = await createContract(org.salesB.client, (await createCustomer(org.salesB.client)).id);
    expect(errorOf(await org.salesA.client.request('PATCH', `/api/contracts/${first.id}`, { version: first.version, number: bobs.number }))).toEqual({ status: 409, code: 'crm.duplicate_number' });

    expect((await org.salesA.client.request('DELETE', `/api/contracts/${first.id}`)).statusCode).toBe(200);
    const reused = await org.salesA.client.post('/api/contracts', body);
    expect(reused.statusCode, reused.body).toBe(201);
    expect(errorOf(await org.salesA.client.post(`/api/contracts/${first.id}/restore`))).toEqual({ status: 409, code: 'crm.duplicate_number' });
  });

  it('edits with versions: changes recorded field by field, a stale version refused, a deal must belong to the customer', async () => {
    const customer = await createCustomer(org.salesA.client);
    const other = await createCustomer(org.salesA.client);
    const deal = await insertDeal(org.db, customer.id, org.salesA.id, 'Spring order');
    const contract = await createContract(org.salesA.client, customer.id, { dealId: deal, amount: '500' });
    expect(contract).toMatchObject({ dealId: deal, dealName: 'Spring order' });

    const edited = await org.salesA.client.request('PATCH', `/api/contracts/${contract.id}`, { version: 1, title: 'Spring order, revised', amount: '650.00', status: 'active', endDate: '2025-12-31' });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json<Contract>()).toMatchObject({ title: 'Spring order, revised', amount: '650.00', status: 'active', endDate: '2025-12-31', version: 2 });
    expect((await history(contract.id))[0]).toMatchObject({
      action: 'contract_updated',
      changes: { title: { from: 'Annual supply agreement', to: 'Spring order, revised' }, amount: { from: '500.00', to: '650.00' }, status: { from: 'draft', to: 'active' }, endDate: { from: null, to: '2025-12-31' } },
    });
    expect(errorOf(await org.salesA.client.request('PATCH', `/api/contracts/${contract.id}`, { version: 1, title: 'Lost update' }))).toEqual({ status: 409, code: 'crm.stale_version' });
    expect(errorOf(await org.salesA.client.request('PATCH', `/api/contracts/${contract.id}`, { version: 2, startDate: '2026-01-01' }))).toEqual({ status: 400, code: 'crm.dates_out_of_order' });
    // Same values again: no new version, no history row.
    expect((await org.salesA.client.request('PATCH', `/api/contracts/${contract.id}`, { version: 2, amount: '650' })).json<Contract>().version).toBe(2);

    // To another customer: the deal of the first one no longer fits unless it is cleared at the same time.
    expect(errorOf(await org.salesA.client.request('PATCH', `/api/contracts/${contract.id}`, { version: 2, customerId: other.id }))).toEqual({ status: 400, code: 'crm.deal_of_other_customer' });
    const moved = await org.salesA.client.request('PATCH', `/api/contracts/${contract.id}`, { version: 2, customerId: other.id, dealId: null });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json<Contract>()).toMatchObject({ customerId: other.id, customerName: other.name, dealId: null, dealName: null });
    expect((await history(contract.id))[0]?.changes).toEqual({ customer: { from: customer.name, to: other.name }, deal: { from: 'Spring order', to: null } });
    expect(errorOf(await org.salesA.client.request('PATCH', `/api/contracts/${contract.id}`, { version: 3, dealId: deal }))).toEqual({ status: 400, code: 'crm.deal_of_other_customer' });
  });

  it('lists with filters and totals per currency, and pages through every sort with empty values last', async () => {
    const customer = await createCustomer(org.managerSouth.client);
    const tag = uniqueNumber('LIST');
    const made: Contract[] = [];
    for (const [index, input] of [
      { amount: '300', currency: 'USD', signedDate: '2025-01-10', status: 'active' },
      { amount: '0.10', currency: 'USD', signedDate: null, status: 'draft' },
      { amount: '1000000000000000', currency: 'CNY', signedDate: '2025-02-20', status: 'active' },
      { amount: '300', currency: 'CNY', signedDate: '2025-02-20', status: 'completed' },
      { amount: '45.5', currency: 'EUR', signedDate: '2024-12-31', status: 'terminated' },
    ].entries()) {
      made.push(await createContract(org.managerSouth.client, customer.id, { ...input, number: `${tag}-${index}`, title: index === 4 ? 'Maintenance 维护' : 'Supply' }));
    }
    const [usd, , big, cny] = made;
    await recordPayment(org.managerSouth.client, usd?.id ?? '', { amount: '300' });
    await recordPayment(org.managerSouth.client, big?.id ?? '', { amount: '0.10' });
    await recordPayment(org.managerSouth.client, big?.id ?? '', { amount: '0.20' });
    const ids = made.map((contract) => contract.id);
    const list = async (query: string) => (await org.managerSouth.client.get(`/api/contracts?customerId=${customer.id}&${query}`)).json<Page>();

    const all = await list('');
    expect(all.total).toBe(5);
    expect(all.totals).toEqual([
      { currency: 'CNY', contracts: 2, amount: '1000000000000300.00', paidAmount: '0.30', balance: '1000000000000299.70' },
      { currency: 'USD', contracts: 2, amount: '300.10', paidAmount: '300.00', balance: '0.10' },
      { currency: 'EUR', contracts: 1, amount: '45.50', paidAmount: '0.00', balance: '45.50' },
    ]);
    expect((await list('unpaid=true')).items.map((item) => item.id).sort()).toEqual(ids.filter((id) => id !== usd?.id).sort());
    expect((await list('status=active')).items.map((item) => item.id).sort()).toEqual([usd?.id, big?.id].sort());
    expect((await list('signedFrom=2025-01-01&signedTo=2025-02-20')).items.map((item) => item.id).sort()).toEqual([usd?.id, big?.id, cny?.id].sort());
    expect((await list(`q=${encodeURIComponent('维护')}`)).items.map((item) => item.number)).toEqual([`${tag}-4`]);
    expect((await list(`q=${encodeURIComponent(`${tag}-3`)}`)).items.map((item) => item.id)).toEqual([cny?.id]);
    expect((await list('q=%25')).items).toHaveLength(0);
    expect((await list('ownerId=me')).total).toBe(5);
    expect((await org.managerSouth.client.get(`/api/contracts?ownerId=${org.salesB.id}&customerId=${customer.id}`)).json<Page>().total).toBe(0);
    expect(errorOf(await org.managerSouth.client.get('/api/contracts?signedFrom=2025-13-01'))).toEqual({ status: 400, code: 'validation_failed' });

    const expectations: Record<string, (string | undefined)[]> = {
      'sort=amount&order=desc': [big?.id, ...[usd?.id, cny?.id].sort().reverse(), made[4]?.id, made[1]?.id],
      'sort=amount&order=asc': [made[1]?.id, made[4]?.id, ...[usd?.id, cny?.id].sort(), big?.id],
      'sort=signedDate&order=desc': [...[big?.id, cny?.id].sort().reverse(), usd?.id, made[4]?.id, made[1]?.id],
      'sort=signedDate&order=asc': [made[4]?.id, usd?.id, ...[big?.id, cny?.id].sort(), made[1]?.id],
      'sort=number&order=asc': ids,
    };
    for (const [query, expected] of Object.entries(expectations)) {
      const params = Object.fromEntries(new URLSearchParams(query));
      const { items, pages } = await collectPages<Contract>(org.managerSouth.client, '/api/contracts', { ...params, customerId: customer.id, limit: 2 });
      expect(items.map((item) => item.id), query).toEqual(expected);
      expect(pages).toBe(3);
    }
    const first = await list('sort=amount&limit=2');
    expect(errorOf(await org.managerSouth.client.get(`/api/contracts?customerId=${customer.id}&sort=number&limit=2&cursor=${first.nextCursor ?? ''}`))).toEqual({ status: 400, code: 'crm.bad_cursor' });
  });

  it('go to the trash with their customer, payments and all, and come back with it', async () => {
    const customer = await createCustomer(org.salesA.client);
    const kept = await createContract(org.salesA.client, customer.id, { amount: '100' });
    await recordPayment(org.salesA.client, kept.id, { amount: '40' });
    const trashedBefore = await createContract(org.salesA.client, customer.id);
    const clashing = await createContract(org.salesA.client, customer.id);
    expect((await org.salesA.client.request('DELETE', `/api/contracts/${trashedBefore.id}`)).statusCode).toBe(200);

    expect((await org.managerNorth.client.request('DELETE', `/api/customers/${customer.id}`)).statusCode).toBe(200);
    for (const id of [kept.id, clashing.id]) expect(errorOf(await org.salesA.client.get(`/api/contracts/${id}`))).toEqual({ status: 404, code: 'crm.not_found' });
    // Listed with the customer in its trash, not in the contracts' own; restoring one alone is refused.
    const trash = (await org.salesA.client.get('/api/contracts/trash')).json<{ items: { id: string }[] }>().items.map((item) => item.id);
    expect(trash).not.toContain(kept.id);
    expect(errorOf(await org.salesA.client.post(`/api/contracts/${kept.id}/restore`))).toEqual({ status: 409, code: 'crm.customer_in_trash' });
    // Meanwhile another contract takes one of their numbers.
    await createContract(org.salesA.client, (await createCustomer(org.salesA.client)).id, { number: clashing.number });

    expect((await org.managerNorth.client.post(`/api/customers/${customer.id}/restore`)).statusCode).toBe(200);
    expect((await org.salesA.client.get(`/api/contracts/${kept.id}`)).json<Contract>()).toMatchObject({ paidAmount: '40.00', balance: '60.00' });
    expect(errorOf(await org.salesA.client.get(`/api/contracts/${trashedBefore.id}`))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await org.salesA.client.get(`/api/contracts/${clashing.id}`))).toEqual({ status: 404, code: 'crm.not_found' });
    const after = (await org.salesA.client.get('/api/contracts/trash')).json<{ items: { id: string; number: string }[] }>().items.map((item) => item.id);
    expect(after).toEqual(expect.arrayContaining([trashedBefore.id, clashing.id]));
    const [row] = await org.db.select({ deletedAt: crmContracts.deletedAt }).from(crmContracts).where(eq(crmContracts.id, kept.id));
    expect(row?.deletedAt).toBeNull();
  });
});
