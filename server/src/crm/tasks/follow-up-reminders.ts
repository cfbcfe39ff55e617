import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../shared/database.ts';
import { crmTasks } from './task.tables.ts';

/** The reminder a follow-up's "next follow-up" date stands for. */
export interface ReminderSpec {
  orgId: string;
  followUpId: string;
  customerId: string;
  dealId: string | null;
  assigneeUserId: string;
  title: string;
  dueAt: Date;
  actorUserId: string;
}

/**
 * What the follow-ups module does to reminder tasks (crm_tasks.follow_up_id), inside its own transaction after it
 * locked the customer and the follow-up. Only an open reminder is moved or removed: one already done stays as it was.
 */
export class FollowUpReminders {
  /** Moves the follow-up's open reminder to `dueAt`; opens a new one when there is none (never set, done, or deleted). */
  async schedule(executor: Executor, spec: ReminderSpec): Promise<void> {
    const [open] = await executor
      .select({ id: crmTasks.id })
      .from(crmTasks)
      .where(and(eq(crmTasks.followUpId, spec.followUpId), eq(crmTasks.status, 'open'), isNull(crmTasks.deletedAt)))
      .for('update');
    if (open) {
      await executor
        .update(crmTasks)
        .set({ dueAt: spec.dueAt, version: sql`${crmTasks.version} + 1`, updatedAt: new Date() })
        .where(eq(crmTasks.id, open.id));
      return;
    }
    await executor.insert(crmTasks).values({
      orgId: spec.orgId,
      title: spec.title,
      dueAt: spec.dueAt,
      assigneeUserId: spec.assigneeUserId,
      customerId: spec.customerId,
      dealId: spec.dealId,
      followUpId: spec.followUpId,
      createdBy: spec.actorUserId,
    });
  }

  /** The follow-up no longer asks for a next contact (or went to the trash at `at`): its open reminder goes too. */
  async cancel(executor: Executor, followUpId: string, at: Date, by: string): Promise<void> {
    await executor
      .update(crmTasks)
      .set({ deletedAt: at, deletedBy: by, version: sql`${crmTasks.version} + 1` })
      .where(and(eq(crmTasks.followUpId, followUpId), eq(crmTasks.status, 'open'), isNull(crmTasks.deletedAt)));
  }

  /** The follow-up is back from the trash: so are the reminders that went with it (same `deleted_at`). */
  async restore(executor: Executor, followUpId: string, deletedAt: Date): Promise<void> {
    await executor
      .update(crmTasks)
      .set({ deletedAt: null, deletedBy: null, version: sql`${crmTasks.version} + 1` })
      .where(and(eq(crmTasks.followUpId, followUpId), eq(crmTasks.deletedAt, deletedAt)));
  }
}
