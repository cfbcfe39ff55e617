import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../shared/database.ts';
import { crmDeals, crmPipelineStages } from './deal.tables.ts';
import { DEFAULT_STAGES } from './pipeline.schema.ts';

export type StageRow = typeof crmPipelineStages.$inferSelect;

const stageOrder = [asc(crmPipelineStages.position), asc(crmPipelineStages.id)];

/** The only place that queries crm_pipeline_stages. */
export class PipelineRepository {
  async liveStages(executor: Executor, orgId: string): Promise<StageRow[]> {
    return executor
      .select()
      .from(crmPipelineStages)
      .where(and(eq(crmPipelineStages.orgId, orgId), isNull(crmPipelineStages.archivedAt)))
      .orderBy(...stageOrder);
  }

  /**
   * The default stages. Two first reads at once both get here: the unique (org_id, key) index makes the second insert
   * wait for the first to commit and then insert nothing, so an organisation never gets two sets.
   */
  async insertDefaults(executor: Executor, orgId: string): Promise<void> {
    await executor
      .insert(crmPipelineStages)
      .values(DEFAULT_STAGES.map((stage, position) => ({ orgId, key: stage.key, kind: stage.kind, probability: stage.probability, position })))
      .onConflictDoNothing({ target: [crmPipelineStages.orgId, crmPipelineStages.key] });
  }

  /** Every stage of the organisation, archived ones included, locked against other pipeline edits and deal moves. */
  async lockAll(executor: Executor, orgId: string): Promise<StageRow[]> {
    return executor
      .select()
      .from(crmPipelineStages)
      .where(eq(crmPipelineStages.orgId, orgId))
      .orderBy(...stageOrder)
      .for('update');
  }

  /**
   * A live stage of the organisation, share-locked: a deal entering it commits before the stage can be archived, and
   * one that would enter it after the archiving finds it gone. Without an id: the first open stage.
   */
  async lockLive(executor: Executor, orgId: string, id: string | null): Promise<StageRow | undefined> {
    const [row] = await executor
      .select()
      .from(crmPipelineStages)
      .where(and(eq(crmPipelineStages.orgId, orgId), isNull(crmPipelineStages.archivedAt), id === null ? eq(crmPipelineStages.kind, 'open') : eq(crmPipelineStages.id, id)))
      .orderBy(...stageOrder)
      .limit(1)
      .for('share');
    return row;
  }

  /** Any stage of the organisation by id, archived ones included (a deal's current stage). */
  async find(executor: Executor, orgId: string, id: string): Promise<StageRow | undefined> {
    const [row] = await executor
      .select()
      .from(crmPipelineStages)
      .where(and(eq(crmPipelineStages.orgId, orgId), eq(crmPipelineStages.id, id)));
    return row;
  }

  async insert(executor: Executor, values: typeof crmPipelineStages.$inferInsert): Promise<StageRow> {
    const [row] = await executor.insert(crmPipelineStages).values(values).returning();
    if (!row) throw new Error('stage not created');
    return row;
  }

  async update(executor: Executor, id: string, values: Partial<typeof crmPipelineStages.$inferInsert>): Promise<void> {
    await executor.update(crmPipelineStages).set(values).where(eq(crmPipelineStages.id, id));
  }

  /**
   * Locks the live deals of the stages being archived, with what their history rows need. In id order, like every
   * other statement that locks several deals, so two of them never wait for each other.
   */
  async lockLiveDeals(executor: Executor, stageIds: string[]) {
    if (stageIds.length === 0) return [];
    return executor
      .select({ id: crmDeals.id, orgId: crmDeals.orgId, customerId: crmDeals.customerId, stageId: crmDeals.stageId, probability: crmDeals.probability })
      .from(crmDeals)
      .where(and(inArray(crmDeals.stageId, stageIds), isNull(crmDeals.deletedAt)))
      .orderBy(asc(crmDeals.id))
      .for('update');
  }

  /** Deals move to another stage; their probability follows it. */
  async moveDeals(executor: Executor, ids: string[], to: StageRow, at: Date): Promise<void> {
    if (ids.length === 0) return;
    await executor
      .update(crmDeals)
      .set({ stageId: to.id, probability: to.probability, stageChangedAt: at, updatedAt: at, version: sql`${crmDeals.version} + 1` })
      .where(inArray(crmDeals.id, ids));
  }
}
