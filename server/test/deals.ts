import type { Deal } from '../src/crm/deals/deal.schema.ts';
import type { Stage } from '../src/crm/deals/pipeline.schema.ts';
import type { TestClient } from './app.ts';
import { uniqueName } from './crm.ts';

/** The organisation's live stages (created with the defaults on the first read). */
export async function pipelineOf(client: TestClient): Promise<Stage[]> {
  const response = await client.get('/api/pipeline');
  if (response.statusCode !== 200) throw new Error(`pipeline not read: ${response.statusCode} ${response.body}`);
  return response.json<{ stages: Stage[] }>().stages;
}

/** A default stage by its key (qualify, needs, proposal, negotiation, won, lost). */
export async function stageByKey(client: TestClient, key: string): Promise<Stage> {
  const stage = (await pipelineOf(client)).find((candidate) => candidate.key === key);
  if (!stage) throw new Error(`no live stage "${key}"`);
  return stage;
}

export async function createDeal(client: TestClient, customerId: string, input: Record<string, unknown> = {}): Promise<Deal> {
  const response = await client.post('/api/deals', { customerId, name: uniqueName('Deal'), amount: '1000.00', ...input });
  if (response.statusCode !== 201) throw new Error(`deal not created: ${response.statusCode} ${response.body}`);
  return response.json<Deal>();
}

export async function moveDeal(client: TestClient, deal: Pick<Deal, 'id' | 'version'>, stageId: string, extra: Record<string, unknown> = {}): Promise<Deal> {
  const response = await client.post(`/api/deals/${deal.id}/stage`, { stageId, version: deal.version, ...extra });
  if (response.statusCode !== 200) throw new Error(`deal not moved: ${response.statusCode} ${response.body}`);
  return response.json<Deal>();
}

export interface HistoryRow {
  action: string;
  actorName: string | null;
  changes: Record<string, { from: unknown; to: unknown }> | null;
  recordType: string;
  recordId: string;
  recordLabel: string | null;
}

export async function historyOf(client: TestClient, path: string): Promise<HistoryRow[]> {
  const response = await client.get(path);
  if (response.statusCode !== 200) throw new Error(`history not read: ${response.statusCode} ${response.body}`);
  return response.json<{ items: HistoryRow[] }>().items;
}
