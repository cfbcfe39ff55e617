import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createCustomer, errorOf, useCrmOrganization } from '../../../test/crm.ts';
import { createDeal, historyOf, pipelineOf } from '../../../test/deals.ts';
import { auditEvents } from '../../audit/audit.tables.ts';
import { users } from '../../identity/users/user.tables.ts';
import type { Deal } from './deal.schema.ts';
import { crmPipelineStages } from './deal.tables.ts';
import type { Stage } from './pipeline.schema.ts';

/** The PUT body that keeps the pipeline as it is (open stages in order, names and probabilities unchanged). */
function unchanged(stages: Stage[]) {
  return stages.filter((stage) => stage.kind === 'open').map((stage) => ({ id: stage.id, name: stage.name, probability: stage.probability }));
}

describe('pipeline', () => {
  const org = useCrmOrganization();
  const put = (body: unknown, client = org.owner.client) => client.request('PUT', '/api/pipeline', body);

  it('the first read creates the default stages, once, even when several first reads race', async () => {
    // The other organisation has never read its pipeline.
    const [foreigner] = await org.db.select({ orgId: users.orgId }).from(users).where(eq(users.id, org.foreigner.id));
    const orgId = foreigner?.orgId ?? '';
    expect(await org.db.select().from(crmPipelineStages).where(eq(crmPipelineStages.orgId, orgId))).toHaveLength(0);

    const reads = await Promise.all(Array.from({ length: 4 }, () => org.foreigner.client.get('/api/pipeline')));
    expect(reads.map((read) => read.statusCode)).toEqual([200, 200, 200, 200]);
    const bodies = reads.map((read) => read.json<{ stages: Stage[] }>().stages);
    for (const body of bodies) expect(body).toEqual(bodies[0]);
    expect(await org.db.select().from(crmPipelineStages).where(eq(crmPipelineStages.orgId, orgId))).toHaveLength(6);
    expect(bodies[0]?.map(({ key, name, kind, probability, position }) => ({ key, name, kind, probability, position }))).toEqual([
      { key: 'qualify', name: null, kind: 'open', probability: 10, position: 0 },
      { key: 'needs', name: null, kind: 'open', probability: 25, position: 1 },
      { key: 'proposal', name: null, kind: 'open', probability: 50, position: 2 },
      { key: 'negotiation', name: null, kind: 'open', probability: 75, position: 3 },
      { key: 'won', name: null, kind: 'won', probability: 100, position: 4 },
      { key: 'lost', name: null, kind: 'lost', probability: 0, position: 5 },
    ]);
    // Each organisation has its own stages.
    const ours = await pipelineOf(org.viewer.client);
    expect(ours.map((stage) => stage.id)).not.toContain(bodies[0]?.[0]?.id);
  });

  it('only members with crm.configure (owners, admins) change it: the others get 403 whatever they send', async () => {
    for (const member of [org.managerNorth, org.salesA, org.viewer]) {
      expect(errorOf(await put({ nonsense: true }, member.client)), member.name).toEqual({ status: 403, code: 'forbidden' });
      expect(errorOf(await put({ stages: unchanged(await pipelineOf(member.client)) }, member.client)), member.name).toEqual({ status: 403, code: 'forbidden' });
    }
    expect(errorOf(await org.testApp.client().request('PUT', '/api/pipeline', { stages: [] }))).toEqual({ status: 401, code: 'unauthenticated' });
    const saved = await put({ stages: unchanged(await pipelineOf(org.admin.client)) }, org.admin.client);
    expect(saved.statusCode, saved.body).toBe(200);
  });

  it('reorders, renames and adds open stages; won and lost stay last; a renamed default keeps its key and shows its name', async () => {
    const before = await pipelineOf(org.owner.client);
    const [qualify, needs, proposal, negotiation] = before;
    const response = await put({
      stages: [
        { id: needs?.id, name: null, probability: 20 },
        { id: qualify?.id, name: '  Discovery call ', probability: 5 },
        { name: '方案演示', probability: 40 },
        { id: proposal?.id, probability: 50 },
        { id: negotiation?.id, name: '', probability: 80 },
      ],
    });
    expect(response.statusCode, response.body).toBe(200);
    const after = response.json<{ stages: Stage[] }>().stages;
    expect(after.map(({ key, name, kind, probability, position }) => ({ key, name, kind, probability, position }))).toEqual([
      { key: 'needs', name: null, kind: 'open', probability: 20, position: 0 },
      { key: 'qualify', name: 'Discovery call', kind: 'open', probability: 5, position: 1 },
      { key: null, name: '方案演示', kind: 'open', probability: 40, position: 2 },
      { key: 'proposal', name: null, kind: 'open', probability: 50, position: 3 },
      { key: 'negotiation', name: null, kind: 'open', probability: 80, position: 4 },
      { key: 'won', name: null, kind: 'won', probability: 100, position: 5 },
      { key: 'lost', name: null, kind: 'lost', probability: 0, position: 6 },
    ]);
    expect(after[1]?.id).toBe(qualify?.id);
    expect(await pipelineOf(org.salesA.client)).toEqual(after);
  });

  it('refuses a pipeline without exactly one won and one lost, unknown ids, unnamed new stages and more than 20 stages', async () => {
    const stages = await pipelineOf(org.owner.client);
    const won = stages.find((stage) => stage.kind === 'won');
    const open = unchanged(stages);
    const custom = stages.find((stage) => stage.key === null);
    const foreign = (await pipelineOf(org.foreigner.client))[0];
    const refused: [unknown, number, string][] = [
      [{ stages: [...open, { id: won?.id, probability: 100 }] }, 400, 'crm.invalid_stage'],
      [{ stages: [...open, { id: foreign?.id, probability: 10 }] }, 400, 'crm.invalid_stage'],
      [{ stages: [...open, { id: '00000000-0000-4000-8000-000000000000', probability: 10 }] }, 400, 'crm.invalid_stage'],
      [{ stages: [...open, { id: "1' or '1'='1", probability: 10 }] }, 400, 'crm.invalid_stage'],
      [{ stages: [...open, open[0]] }, 400, 'crm.invalid_stage'],
      [{ stages: [...open, { name: '  ', probability: 10 }] }, 400, 'crm.stage_name_required'],
      [{ stages: open.map((stage) => (stage.id === custom?.id ? { ...stage, name: null } : stage)) }, 400, 'crm.stage_name_required'],
      [{ stages: [...open, ...Array.from({ length: 19 - open.length }, (_, index) => ({ name: `Extra ${index}`, probability: 10 }))] }, 400, 'crm.too_many_stages'],
      [{ stages: [] }, 400, 'validation_failed'],
      [{ stages: [{ name: 'x', probability: 101 }] }, 400, 'validation_failed'],
      [{ stages: [{ name: 'x', probability: 1.5 }] }, 400, 'validation_failed'],
      [{ stages: [{ name: 'x'.repeat(51), probability: 1 }] }, 400, 'validation_failed'],
      [{ stages: open, orgId: foreign?.id }, 400, 'validation_failed'],
      [{ stages: [{ ...open[0], kind: 'won' }] }, 400, 'validation_failed'],
    ];
    for (const [body, status, code] of refused) {
      expect(errorOf(await put(body)), JSON.stringify(body)).toEqual({ status, code });
    }
    // Exactly 18 open stages (20 with won and lost) is allowed; nothing above changed anything.
    expect(await pipelineOf(org.owner.client)).toEqual(stages);
    const many = await put({ stages: [...open, ...Array.from({ length: 18 - open.length }, (_, index) => ({ name: `Extra ${index}`, probability: 10 }))] });
    expect(many.statusCode, many.body).toBe(200);
    expect(many.json<{ stages: Stage[] }>().stages).toHaveLength(20);
    expect((await put({ stages: open })).statusCode).toBe(200);
    expect((await pipelineOf(org.owner.client)).map((stage) => stage.id)).toEqual(stages.map((stage) => stage.id));
  });

  it('archives a stage holding live deals only with a stage to move them to; they move with history rows; audited', async () => {
    const stages = await pipelineOf(org.owner.client);
    const open = unchanged(stages);
    const leaving = stages.find((stage) => stage.key === 'proposal');
    const target = stages.find((stage) => stage.key === 'negotiation');
    if (!leaving || !target) throw new Error('default stages missing');
    const customer = await createCustomer(org.salesA.client);
    const deals = [await createDeal(org.salesA.client, customer.id, { stageId: leaving.id }), await createDeal(org.salesA.client, customer.id, { stageId: leaving.id, probability: 80 })];
    const trashed = await createDeal(org.salesA.client, customer.id, { stageId: leaving.id });
    expect((await org.managerNorth.client.request('DELETE', `/api/deals/${trashed.id}`)).statusCode).toBe(200);
    const remaining = open.filter((stage) => stage.id !== leaving.id);

    expect(errorOf(await put({ stages: remaining }))).toEqual({ status: 409, code: 'crm.stage_in_use' });
    for (const moveDealsTo of [{ [leaving.id]: leaving.id }, { [leaving.id]: stages.find((stage) => stage.kind === 'won')?.id }, { [target.id]: leaving.id }, { [leaving.id]: 'nope' }]) {
      expect(errorOf(await put({ stages: remaining, moveDealsTo })), JSON.stringify(moveDealsTo)).toEqual({ status: 400, code: 'crm.invalid_move_target' });
    }
    expect(await pipelineOf(org.owner.client)).toEqual(stages);

    const saved = await put({ stages: remaining.map((stage) => (stage.id === target.id ? { ...stage, probability: 70 } : stage)), moveDealsTo: { [leaving.id.toUpperCase()]: target.id } }, org.admin.client);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json<{ stages: Stage[] }>().stages.map((stage) => stage.id)).not.toContain(leaving.id);
    for (const deal of deals) {
      const now = (await org.salesA.client.get(`/api/deals/${deal.id}`)).json<Deal>();
      expect(now).toMatchObject({ stageId: target.id, probability: 70, version: deal.version + 1 });
      const [moved] = await historyOf(org.salesA.client, `/api/deals/${deal.id}/history`);
      expect(moved).toMatchObject({
        action: 'deal_stage_changed',
        actorName: 'Ada Admin',
        changes: { stage: { from: { id: leaving.id, key: 'proposal', name: null }, to: { id: target.id, key: 'negotiation', name: null } }, probability: { from: deal.probability, to: 70 } },
      });
    }
    const timeline = await historyOf(org.salesA.client, `/api/customers/${customer.id}/history`);
    expect(timeline.filter((row) => row.action === 'deal_stage_changed').map((row) => row.recordId).sort()).toEqual(deals.map((deal) => deal.id).sort());

    const [event] = await org.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'pipeline_changed'), eq(auditEvents.actorUserId, org.admin.id)));
    expect(event?.details).toMatchObject({ movedDeals: 2, archived: [{ id: leaving.id, key: 'proposal' }] });

    // The deal that was in the trash then comes back on the first open stage, not on the archived one.
    const restored = await org.managerNorth.client.post(`/api/deals/${trashed.id}/restore`);
    expect(restored.statusCode, restored.body).toBe(200);
    const first = saved.json<{ stages: Stage[] }>().stages[0];
    expect(restored.json<Deal>()).toMatchObject({ stageId: first?.id, probability: first?.probability });
    expect((await historyOf(org.salesA.client, `/api/deals/${trashed.id}/history`)).slice(0, 2).map((row) => row.action).sort()).toEqual(['deal_restored', 'deal_stage_changed']);
  });

  it('records no audit event for a save that changes nothing', async () => {
    const count = async () => (await org.db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.action, 'pipeline_changed'))).length;
    const before = await count();
    expect((await put({ stages: unchanged(await pipelineOf(org.owner.client)) })).statusCode).toBe(200);
    expect(await count()).toBe(before);
    const stages = await pipelineOf(org.owner.client);
    const rows = await org.db
      .select({ archivedAt: crmPipelineStages.archivedAt })
      .from(crmPipelineStages)
      .where(
        inArray(
          crmPipelineStages.id,
          stages.map((stage) => stage.id),
        ),
      );
    expect(rows.every((row) => row.archivedAt === null)).toBe(true);
  });
});
