import { and, desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createContract, postPayment, recordPayment, uniqueNumber } from '../../../test/contracts.ts';
import { createCustomer, errorOf, useCrmOrganization } from '../../../test/crm.ts';
import { auditEvents } from '../../audit/audit.tables.ts';
import type { Contract, Payment } from './contract.schema.ts';
import { crmPayments } from './contract.tables.ts';

interface PaymentList {
  items: Payment[];
  contract: { amount: string; currency: string; paidAmount: string; balance: string; canEdit: boolean };
}

interface HistoryItem {
  action: string;
  recordType: string;
  recordLabel: string | null;
  changes: Record<string, { from: unknown; to: unknown }> | null;
}

describe('payments received', () => {
  const org = useCrmOrganization();

  const contractFor = async (input: Record<string, unknown> = {}) => {
    const customer = await createCustomer(org.salesA.client);
    return createContract(org.salesA.client, customer.id, input);
  };
  const payments = async (contractId: string) => {
    const response = await org.salesA.client.get(`/api/contracts/${contractId}/payments`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<PaymentList>();
  };
  const contract = async (id: string) => (await org.salesA.client.get(`/api/contracts/${id}`)).json<Contract>();

  it('lists payments by received date with the balance left after each, and totals them on the contract', async () => {
    const { id } = await contractFor({ amount: '10000' });
    const late = await recordPayment(org.salesA.client, id, { amount: '2500.50', receivedDate: '2025-04-10', method: 'cheque', reference: '  CHQ-0042 ' });
    const early = await recordPayment(org.salesA.client, id, { amount: '3000', receivedDate: '2025-03-15', method: 'bank_transfer', notes: 'First instalment' });
    expect(late).toMatchObject({ amount: '2500.50', reference: 'CHQ-0042', balanceAfter: '7499.50', createdByName: 'Alice Sales' });
    // Entered after the later one, received before it: the running balance follows the received date.
    expect(early).toMatchObject({ amount: '3000.00', balanceAfter: '7000.00', notes: 'First instalment', reference: null });
    const list = await payments(id);
    expect(list.items.map((payment) => [payment.receivedDate, payment.amount, payment.balanceAfter])).toEqual([
      ['2025-03-15', '3000.00', '7000.00'],
      ['2025-04-10', '2500.50', '4499.50'],
    ]);
    expect(list.contract).toEqual({ amount: '10000.00', currency: 'CNY', paidAmount: '5500.50', balance: '4499.50', canEdit: true });
    expect(await contract(id)).toMatchObject({ paidAmount: '5500.50', balance: '4499.50', paymentCount: 2, lastPaymentDate: '2025-04-10' });
  });

  it('adds decimals exactly: 0.10 + 0.20 pays 0.30 in full, and amounts up to 10^15 keep every cent', async () => {
    const small = await contractFor({ amount: '0.3' });
    await recordPayment(org.salesA.client, small.id, { amount: '0.1' });
    await recordPayment(org.salesA.client, small.id, { amount: '0.20' });
    expect(await contract(small.id)).toMatchObject({ amount: '0.30', paidAmount: '0.30', balance: '0.00' });
    expect(errorOf(await postPayment(org.salesA.client, small.id, { amount: '0.01' }))).toEqual({ status: 409, code: 'crm.payment_exceeds_balance' });

    const large = await contractFor({ amount: '1000000000000000' });
    await recordPayment(org.salesA.client, large.id, { amount: '999999999999999.99', receivedDate: '2025-01-01' });
    expect((await payments(large.id)).items[0]?.balanceAfter).toBe('0.01');
    const last = await recordPayment(org.salesA.client, large.id, { amount: '0.01', receivedDate: '2025-01-02' });
    expect(last.balanceAfter).toBe('0.00');
    expect(await contract(large.id)).toMatchObject({ amount: '1000000000000000.00', paidAmount: '1000000000000000.00', balance: '0.00' });
    // Near the column's limit (numeric(18,2)) the sums stay exact too.
    const top = await contractFor({ amount: '9999999999999999.99' });
    await recordPayment(org.salesA.client, top.id, { amount: '9999999999999999.98' });
    expect(await contract(top.id)).toMatchObject({ balance: '0.01' });
  });

  it('refuses a payment that would pay more than the contract amount, in the caller\'s language, and stores nothing', async () => {
    const { id } = await contractFor({ amount: '1000' });
    await recordPayment(org.salesA.client, id, { amount: '600' });
    const english = await postPayment(org.salesA.client, id, { amount: '400.01' });
    expect(errorOf(english)).toEqual({ status: 409, code: 'crm.payment_exceeds_balance' });
    expect(english.json<{ error: { message: string } }>().error.message).toContain('400.00 CNY');
    const localized = await org.salesA.client.request('POST', `/api/contracts/${id}/payments`, { amount: '500', receivedDate: '2025-03-01', method: 'cash' }, { 'accept-language': 'zh-CN' });
    expect(localized.json<{ error: { message: string } }>().error.message).toContain('未收金额');
    expect((await payments(id)).items).toHaveLength(1);
    await recordPayment(org.salesA.client, id, { amount: '400' });
    expect(await contract(id)).toMatchObject({ balance: '0.00' });
  });

  it('two concurrent payments that together overpay: exactly one is recorded', async () => {
    for (let round = 0; round < 4; round += 1) {
      const { id } = await contractFor({ amount: '1000' });
      const responses = await Promise.all([postPayment(org.salesA.client, id, { amount: '600' }), postPayment(org.managerNorth.client, id, { amount: '700' })]);
      expect(responses.map((response) => response.statusCode).sort()).toEqual([201, 409]);
      const paid = await contract(id);
      expect(['600.00', '700.00']).toContain(paid.paidAmount);
      expect(paid.paymentCount).toBe(1);
    }
  });

  it('validates payments: positive amounts of at most two decimals (none for yen), a real date, a known method', async () => {
    const { id } = await contractFor();
    for (const body of [
      { amount: '0' },
      { amount: '-5' },
      { amount: '1.001' },
      { amount: 12.5 },
      { amount: '1e3' },
      { amount: '' },
      { receivedDate: '2025-02-30' },
      { receivedDate: '01/03/2025' },
      { method: 'bitcoin' },
      { reference: 'x'.repeat(101) },
      { contractId: id },
      { createdBy: org.admin.id },
    ]) {
      expect(errorOf(await postPayment(org.salesA.client, id, body)), JSON.stringify(body)).toEqual({ status: 400, code: 'validation_failed' });
    }
    const yen = await contractFor({ amount: '500000', currency: 'jpy' });
    expect(yen.currency).toBe('JPY');
    expect(errorOf(await postPayment(org.salesA.client, yen.id, { amount: '100.50' }))).toEqual({ status: 400, code: 'crm.amount_precision' });
    expect((await recordPayment(org.salesA.client, yen.id, { amount: '100.00' })).balanceAfter).toBe('499900.00');
    expect((await payments(id)).items).toHaveLength(0);
  });

  it('records each payment and its removal on the contract history and the audit log, with the amount', async () => {
    const { id, number, customerId } = await contractFor({ amount: '5000' });
    const first = await recordPayment(org.salesA.client, id, { amount: '1200', method: 'card', reference: 'POS-77' });
    const removed = await org.salesA.client.request('DELETE', `/api/payments/${first.id}`);
    expect(removed.statusCode, removed.body).toBe(200);
    expect(errorOf(await org.salesA.client.request('DELETE', `/api/payments/${first.id}`))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(await contract(id)).toMatchObject({ paidAmount: '0.00', balance: '5000.00', paymentCount: 0 });
    const [row] = await org.db.select().from(crmPayments).where(eq(crmPayments.id, first.id));
    expect(row).toMatchObject({ deletedBy: org.salesA.id, amount: '1200.00' });

    const history = (await org.salesA.client.get(`/api/contracts/${id}/history`)).json<{ items: HistoryItem[] }>().items;
    expect(history.map((item) => item.action)).toEqual(['payment_deleted', 'payment_recorded', 'contract_created']);
    expect(history[1]?.changes).toMatchObject({ paymentAmount: { from: null, to: '1200.00' }, method: { from: null, to: 'card' }, reference: { from: null, to: 'POS-77' }, paidAmount: { from: '0.00', to: '1200.00' } });
    expect(history[0]?.changes).toMatchObject({ paymentAmount: { from: '1200.00', to: null }, paidAmount: { from: '1200.00', to: '0.00' } });
    // The same rows on the customer's timeline, named by the contract's number.
    const timeline = (await org.salesA.client.get(`/api/customers/${customerId}/history`)).json<{ items: HistoryItem[] }>().items;
    expect(timeline.slice(0, 2)).toMatchObject([
      { action: 'payment_deleted', recordType: 'contract', recordLabel: number },
      { action: 'payment_recorded', recordType: 'contract', recordLabel: number },
    ]);

    const events = await org.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorUserId, org.salesA.id)))
      .orderBy(desc(auditEvents.id))
      .limit(2);
    expect(events.map((event) => event.action)).toEqual(['crm_payment_deleted', 'crm_payment_recorded']);
    expect(events[1]?.details).toMatchObject({ contractId: id, contractNumber: number, paymentId: first.id, amount: '1200.00', currency: 'CNY', paidAmount: '1200.00' });
  });

  it('keeps the amount at or above what was received, and the currency once money came in', async () => {
    const created = await contractFor({ amount: '1000', currency: 'USD' });
    await recordPayment(org.salesA.client, created.id, { amount: '750.25' });
    const below = await org.salesA.client.request('PATCH', `/api/contracts/${created.id}`, { version: created.version, amount: '750.24' });
    expect(errorOf(below)).toEqual({ status: 409, code: 'crm.amount_below_paid' });
    expect(below.json<{ error: { message: string } }>().error.message).toContain('750.25 USD');
    expect(errorOf(await org.salesA.client.request('PATCH', `/api/contracts/${created.id}`, { version: created.version, currency: 'EUR' }))).toEqual({ status: 409, code: 'crm.currency_locked' });
    const exact = await org.salesA.client.request('PATCH', `/api/contracts/${created.id}`, { version: created.version, amount: '750.25' });
    expect(exact.statusCode, exact.body).toBe(200);
    expect(exact.json<Contract>()).toMatchObject({ amount: '750.25', balance: '0.00', version: created.version + 1 });
  });

  it('trash: a salesperson trashes her own contract until money is received; then only crm.writeAll roles may', async () => {
    const draft = await contractFor();
    expect(draft.canDelete).toBe(true);
    expect((await org.salesA.client.request('DELETE', `/api/contracts/${draft.id}`)).statusCode).toBe(200);
    const restored = await org.salesA.client.post(`/api/contracts/${draft.id}/restore`);
    expect(restored.statusCode, restored.body).toBe(200);

    const paid = await contractFor({ amount: '300' });
    const payment = await recordPayment(org.salesA.client, paid.id, { amount: '100' });
    expect((await contract(paid.id)).canDelete).toBe(false);
    expect(errorOf(await org.salesA.client.request('DELETE', `/api/contracts/${paid.id}`))).toEqual({ status: 403, code: 'crm.contract_has_payments' });
    expect((await org.managerNorth.client.get(`/api/contracts/${paid.id}`)).json<Contract>().canDelete).toBe(true);
    expect((await org.managerNorth.client.request('DELETE', `/api/contracts/${paid.id}`)).statusCode).toBe(200);
    // Its payments are out of sight with it: not listed, not payable, not removable.
    expect(errorOf(await org.salesA.client.get(`/api/contracts/${paid.id}/payments`))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await postPayment(org.salesA.client, paid.id))).toEqual({ status: 404, code: 'crm.not_found' });
    expect(errorOf(await org.salesA.client.request('DELETE', `/api/payments/${payment.id}`))).toEqual({ status: 404, code: 'crm.not_found' });
    expect((await org.managerNorth.client.post(`/api/contracts/${paid.id}/restore`)).statusCode).toBe(200);
    expect((await payments(paid.id)).contract).toMatchObject({ paidAmount: '100.00', balance: '200.00' });
  });

  it('two concurrent creates with one number: one is created, the other answers 409 crm.duplicate_number', async () => {
    const customer = await createCustomer(org.salesA.client);
    for (let round = 0; round < 4; round += 1) {
      const number = uniqueNumber('RACE');
      const body = { number, title: 'Race', customerId: customer.id, amount: '10' };
      const responses = await Promise.all([org.salesA.client.post('/api/contracts', body), org.managerNorth.client.post('/api/contracts', body)]);
      expect(responses.map((response) => response.statusCode).sort()).toEqual([201, 409]);
      expect(responses.map((response) => (response.statusCode === 409 ? errorOf(response).code : null))).toContain('crm.duplicate_number');
      const listed = (await org.admin.client.get(`/api/contracts?q=${encodeURIComponent(number)}`)).json<{ items: Contract[] }>().items;
      expect(listed).toHaveLength(1);
    }
  });
});
