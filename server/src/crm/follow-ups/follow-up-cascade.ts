import { and, eq, isNull } from 'drizzle-orm';
import type { CustomerCascade } from '../crm.dependencies.ts';
import type { Executor } from '../shared/database.ts';
import { crmFollowUps } from './follow-up.tables.ts';

/**
 * A customer's follow-ups follow it into the trash and back, in the customer's transaction, marked with the
 * customer's `deleted_at`; one trashed on its own before keeps its own time and stays in the trash. Their
 * attachments stay attached (only reachable through a live follow-up). last_follow_up_at is left as it was: the
 * same follow-ups come back.
 */
export const followUpCascade: CustomerCascade = {
  async trash(executor: Executor, customerId: string, at: Date, by: string): Promise<void> {
    await executor
      .update(crmFollowUps)
      .set({ deletedAt: at, deletedBy: by })
      .where(and(eq(crmFollowUps.customerId, customerId), isNull(crmFollowUps.deletedAt)));
  },
  async restore(executor: Executor, customerId: string, deletedAt: Date): Promise<void> {
    await executor
      .update(crmFollowUps)
      .set({ deletedAt: null, deletedBy: null })
      .where(and(eq(crmFollowUps.customerId, customerId), eq(crmFollowUps.deletedAt, deletedAt)));
  },
};
