import { and, asc, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { dealColumns, visibleRecords, type ScopeTerms } from '../access/access.service.ts';
import type { CustomerCascade } from '../crm.dependencies.ts';
import { crmCustomers } from '../customers/customer.tables.ts';
import type { TimelineRecordScope } from '../history/history.service.ts';
import type { Executor } from '../shared/database.ts';
import { crmDeals, crmPipelineStages } from './deal.tables.ts';
import { PipelineRepository } from './pipeline.repository.ts';

/**
 * What the customers module does to a customer's deals: they follow it into the trash and back, in the customer's
 * transaction (the customer row is locked first). A deal trashed on its own before keeps its own `deleted_at` and
 * stays in the trash.
 */
export async function trashDealsWithCustomer(executor: Executor, customerId: string, at: Date, by: string): Promise<void> {
  // Locked in id order first, like every statement that locks several deals (pipeline archiving, transfers).
  const live = await executor
    .select({ id: crmDeals.id })
    .from(crmDeals)
    .where(and(eq(crmDeals.customerId, customerId), isNull(crmDeals.deletedAt)))
    .orderBy(asc(crmDeals.id))
    .for('update');
  if (live.length === 0) return;
  await executor
    .update(crmDeals)
    .set({ deletedAt: at, deletedBy: by, version: sql`${crmDeals.version} + 1` })
    .where(
      inArray(
        crmDeals.id,
        live.map((deal) => deal.id),
      ),
    );
}

/**
 * The deals that went with the customer come back. One whose stage was archived meanwhile (archiving moves only live
 * deals) lands on the pipeline's first open stage, so no live deal ever sits outside the board.
 */
export async function restoreDealsWithCustomer(executor: Executor, customerId: string, deletedAt: Date): Promise<void> {
  const [customer] = await executor.select({ orgId: crmCustomers.orgId }).from(crmCustomers).where(eq(crmCustomers.id, customerId));
  if (!customer) return;
  const restored = await executor
    .update(crmDeals)
    .set({ deletedAt: null, deletedBy: null, version: sql`${crmDeals.version} + 1` })
    .where(and(eq(crmDeals.customerId, customerId), eq(crmDeals.deletedAt, deletedAt)))
    .returning({ id: crmDeals.id, stageId: crmDeals.stageId });
  if (restored.length === 0) return;
  const first = await new PipelineRepository().lockLive(executor, customer.orgId, null);
  if (!first) return;
  const at = new Date();
  await executor
    .update(crmDeals)
    .set({ stageId: first.id, probability: first.probability, stageChangedAt: at, updatedAt: at })
    .where(
      and(
        inArray(
          crmDeals.id,
          restored.map((deal) => deal.id),
        ),
        inArray(crmDeals.stageId, sql`(select ${crmPipelineStages.id} from ${crmPipelineStages} where ${isNotNull(crmPipelineStages.archivedAt)} and ${eq(crmPipelineStages.orgId, customer.orgId)})`),
      ),
    );
}

export const dealCascade: CustomerCascade = { trash: trashDealsWithCustomer, restore: restoreDealsWithCustomer };

/** The customer's live deals the scope may see, as a scalar subquery on the customer's id column. */
export function visibleDealCount(customerId: AnyPgColumn, scope: ScopeTerms): SQL<number> {
  return sql<number>`(select count(*)::int from ${crmDeals} where ${crmDeals.customerId} = ${customerId} and ${crmDeals.deletedAt} is null and ${visibleRecords(scope, dealColumns)})`;
}

/** Deal rows on a customer's timeline only for those who may open the deal. */
export const dealTimelineScope: TimelineRecordScope = {
  recordType: 'deal',
  visibleIds: (scope) => sql`(select ${crmDeals.id} from ${crmDeals} where ${visibleRecords(scope, dealColumns)})`,
};
