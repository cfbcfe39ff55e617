import type { LightMyRequestResponse } from 'fastify';
import { eq } from 'drizzle-orm';
import type { Database } from '../src/db/client.ts';
import type { Contract, Payment } from '../src/crm/contracts/contract.schema.ts';
import { crmCustomers } from '../src/crm/customers/customer.tables.ts';
import { crmDeals, crmPipelineStages } from '../src/crm/deals/deal.tables.ts';
import type { TestClient } from './app.ts';

let sequence = 0;

/** A contract number no other test uses ("HT-2025-0007-x3f"). */
export function uniqueNumber(prefix = 'HT'): string {
  sequence += 1;
  return `${prefix}-${String(sequence).padStart(4, '0')}-${Math.random().toString(36).slice(2, 6)}`;
}

export async function createContract(client: TestClient, customerId: string, input: Record<string, unknown> = {}): Promise<Contract> {
  const response = await client.post('/api/contracts', { number: uniqueNumber(), title: 'Annual supply agreement', customerId, amount: '10000.00', ...input });
  if (response.statusCode !== 201) throw new Error(`contract not created: ${response.statusCode} ${response.body}`);
  return response.json<Contract>();
}

export function postPayment(client: TestClient, contractId: string, input: Record<string, unknown> = {}): Promise<LightMyRequestResponse> {
  return client.post(`/api/contracts/${contractId}/payments`, { amount: '100.00', receivedDate: '2025-03-01', method: 'bank_transfer', ...input });
}

export async function recordPayment(client: TestClient, contractId: string, input: Record<string, unknown> = {}): Promise<Payment> {
  const response = await postPayment(client, contractId, input);
  if (response.statusCode !== 201) throw new Error(`payment not recorded: ${response.statusCode} ${response.body}`);
  return response.json<Payment>();
}

/**
 * A deal written straight into crm_deals (with a stage of its own): the contracts tests need deals to point at, not
 * the deals API.
 */
export async function insertDeal(db: Database, customerId: string, ownerUserId: string, name = 'Pilot order'): Promise<string> {
  const [customer] = await db.select({ orgId: crmCustomers.orgId }).from(crmCustomers).where(eq(crmCustomers.id, customerId));
  if (!customer) throw new Error('customer not found');
  const [stage] = await db.insert(crmPipelineStages).values({ orgId: customer.orgId, name: `Test stage ${Math.random().toString(36).slice(2, 8)}`, position: 99 }).returning();
  if (!stage) throw new Error('stage not created');
  const [deal] = await db.insert(crmDeals).values({ orgId: customer.orgId, customerId, ownerUserId, name, stageId: stage.id, amount: '5000.00' }).returning();
  if (!deal) throw new Error('deal not created');
  return deal.id;
}
