import { and, eq, isNull, sql } from 'drizzle-orm';
import { taskColumns, visibleRecords } from '../access/access.service.ts';
import type { CustomerCascade } from '../crm.dependencies.ts';
import type { TimelineRecordScope } from '../history/history.service.ts';
import type { Executor } from '../shared/database.ts';
import { crmTasks } from './task.tables.ts';

/**
 * A customer's tasks follow it into the trash and back, in the customer's transaction, marked with the customer's
 * `deleted_at`; a task trashed on its own before keeps its own time and stays in the trash.
 */
export const taskCascade: CustomerCascade = {
  async trash(executor: Executor, customerId: string, at: Date, by: string): Promise<void> {
    await executor
      .update(crmTasks)
      .set({ deletedAt: at, deletedBy: by })
      .where(and(eq(crmTasks.customerId, customerId), isNull(crmTasks.deletedAt)));
  },
  async restore(executor: Executor, customerId: string, deletedAt: Date): Promise<void> {
    await executor
      .update(crmTasks)
      .set({ deletedAt: null, deletedBy: null })
      .where(and(eq(crmTasks.customerId, customerId), eq(crmTasks.deletedAt, deletedAt)));
  },
};

/** Task rows on a customer's timeline follow the task's own scope (its assignee), like the task itself. */
export const taskTimelineScope: TimelineRecordScope = {
  recordType: 'task',
  visibleIds: (scope) => sql`(select ${crmTasks.id} from ${crmTasks} where ${visibleRecords(scope, taskColumns)})`,
};
