import { and, count, eq, gte, inArray, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client.ts';
import { users } from '../../identity/users/user.tables.ts';
import { dealColumns, editableRecords, taskColumns, visibleRecords, type CrmScope } from '../access/access.service.ts';
import { crmCustomers } from '../customers/customer.tables.ts';
import { crmDeals } from '../deals/deal.tables.ts';
import type { Executor } from '../shared/database.ts';
import { keysetAfter, keysetOrder, type CursorPosition, type SortKey, type SortOrder } from '../shared/keyset.ts';
import type { TaskView } from './task.schema.ts';
import { crmTasks } from './task.tables.ts';

export type TaskRow = typeof crmTasks.$inferSelect;
export type TaskValues = typeof crmTasks.$inferInsert;

const assignee = alias(users, 'assignee');
const creator = alias(users, 'task_creator');
const completer = alias(users, 'task_completer');

/** Each view's order: what is due soonest first (undated last), the latest done first, the newest first. */
export const taskViewOrder: Record<TaskView, { key: SortKey; order: SortOrder }> = {
  my_day: { key: { column: crmTasks.dueAt, kind: 'timestamp', nullable: true }, order: 'asc' },
  open: { key: { column: crmTasks.dueAt, kind: 'timestamp', nullable: true }, order: 'asc' },
  done: { key: { column: crmTasks.completedAt, kind: 'timestamp', nullable: true }, order: 'desc' },
  all: { key: { column: crmTasks.createdAt, kind: 'timestamp', nullable: false }, order: 'desc' },
};

export interface TaskFilters {
  view: TaskView;
  /** my_day: the caller; otherwise an optional filter. */
  assigneeId?: string | undefined;
  customerId?: string | undefined;
  dealId?: string | undefined;
  /** my_day: where the caller's today ends. */
  endOfToday?: Date | undefined;
}

/**
 * The only place that queries crm_tasks. The assignee plays the owner's part in the data scopes (taskColumns): a
 * salesperson sees the tasks assigned to him, a manager his team's. A linked customer or deal is named only when the
 * caller may see it too.
 */
export class TaskRepository {
  constructor(private readonly db: Database) {}

  private view(scope: CrmScope) {
    return {
      id: crmTasks.id,
      title: crmTasks.title,
      notes: crmTasks.notes,
      dueAt: crmTasks.dueAt,
      status: crmTasks.status,
      assigneeId: crmTasks.assigneeUserId,
      assigneeName: assignee.name,
      customerId: crmCustomers.id,
      customerName: crmCustomers.name,
      dealId: crmDeals.id,
      dealName: crmDeals.name,
      followUpId: crmTasks.followUpId,
      completedAt: crmTasks.completedAt,
      completedByName: completer.name,
      createdByName: creator.name,
      createdAt: crmTasks.createdAt,
      updatedAt: crmTasks.updatedAt,
      version: crmTasks.version,
      canEdit: sql<boolean>`coalesce(${editableRecords(scope, taskColumns)}, false)`,
    };
  }

  private selectView(scope: CrmScope) {
    return this.db
      .select(this.view(scope))
      .from(crmTasks)
      .leftJoin(assignee, eq(assignee.id, crmTasks.assigneeUserId))
      .leftJoin(creator, eq(creator.id, crmTasks.createdBy))
      .leftJoin(completer, eq(completer.id, crmTasks.completedBy))
      .leftJoin(crmCustomers, and(eq(crmCustomers.id, crmTasks.customerId), isNull(crmCustomers.deletedAt), visibleRecords(scope)))
      .leftJoin(crmDeals, and(eq(crmDeals.id, crmTasks.dealId), isNull(crmDeals.deletedAt), visibleRecords(scope, dealColumns)));
  }

  async findVisible(scope: CrmScope, id: string) {
    const [row] = await this.selectView(scope).where(and(eq(crmTasks.id, id), isNull(crmTasks.deletedAt), visibleRecords(scope, taskColumns)));
    return row;
  }

  async page(scope: CrmScope, filters: TaskFilters, position: CursorPosition | null, limit: number) {
    const { key, order } = taskViewOrder[filters.view];
    const conditions: SQL[] = [visibleRecords(scope, taskColumns), isNull(crmTasks.deletedAt)];
    if (filters.view === 'my_day') {
      conditions.push(eq(crmTasks.status, 'open'), or(isNull(crmTasks.dueAt), lt(crmTasks.dueAt, filters.endOfToday ?? new Date())) as SQL);
    } else if (filters.view !== 'all') {
      conditions.push(eq(crmTasks.status, filters.view));
    }
    if (filters.assigneeId) conditions.push(eq(crmTasks.assigneeUserId, filters.assigneeId));
    if (filters.customerId) conditions.push(eq(crmTasks.customerId, filters.customerId));
    if (filters.dealId) conditions.push(eq(crmTasks.dealId, filters.dealId));
    if (position) conditions.push(keysetAfter(key, crmTasks.id, order, position));
    return this.selectView(scope)
      .where(and(...conditions))
      .orderBy(...keysetOrder(key, crmTasks.id, order))
      .limit(limit + 1);
  }

  /** The user's open tasks: overdue (before `now`), due later today, without a date. */
  async countOpen(scope: CrmScope, userId: string, now: Date, endOfToday: Date) {
    const [row] = await this.db
      .select({
        overdue: sql<number>`count(*) filter (where ${lt(crmTasks.dueAt, now)})`.mapWith(Number),
        today: sql<number>`count(*) filter (where ${and(gte(crmTasks.dueAt, now), lt(crmTasks.dueAt, endOfToday))})`.mapWith(Number),
        undated: sql<number>`count(*) filter (where ${isNull(crmTasks.dueAt)})`.mapWith(Number),
      })
      .from(crmTasks)
      .where(and(visibleRecords(scope, taskColumns), eq(crmTasks.assigneeUserId, userId), eq(crmTasks.status, 'open'), isNull(crmTasks.deletedAt)));
    return { overdue: row?.overdue ?? 0, today: row?.today ?? 0, undated: row?.undated ?? 0 };
  }

  /** A live customer the scope sees, share-locked so it cannot go to the trash while a task is linked to it. */
  async lockVisibleCustomer(executor: Executor, scope: CrmScope, customerId: string) {
    const [row] = await executor
      .select({ id: crmCustomers.id, name: crmCustomers.name })
      .from(crmCustomers)
      .where(and(eq(crmCustomers.id, customerId), isNull(crmCustomers.deletedAt), visibleRecords(scope)))
      .for('share');
    return row;
  }

  /** A live deal the scope sees, with its customer. */
  async findVisibleDeal(executor: Executor, scope: CrmScope, dealId: string) {
    const [row] = await executor
      .select({ id: crmDeals.id, customerId: crmDeals.customerId })
      .from(crmDeals)
      .where(and(eq(crmDeals.id, dealId), isNull(crmDeals.deletedAt), visibleRecords(scope, dealColumns)));
    return row;
  }

  async isCustomerLive(executor: Executor, customerId: string): Promise<boolean> {
    const [row] = await executor.select({ id: crmCustomers.id }).from(crmCustomers).where(and(eq(crmCustomers.id, customerId), isNull(crmCustomers.deletedAt)));
    return row !== undefined;
  }

  /** Locks a task the scope sees (live, or in the trash) and says whether the scope may change it. */
  async lockVisible(executor: Executor, scope: CrmScope, id: string, state: 'live' | 'trashed') {
    const [row] = await executor
      .select({ row: crmTasks, canEdit: sql<boolean>`coalesce(${editableRecords(scope, taskColumns)}, false)` })
      .from(crmTasks)
      .where(and(eq(crmTasks.id, id), state === 'live' ? isNull(crmTasks.deletedAt) : isNotNull(crmTasks.deletedAt), visibleRecords(scope, taskColumns)))
      .for('update');
    return row;
  }

  /** The task as stored, whoever may see it: only to plan a change that is then made under the caller's scope. */
  async findRow(id: string): Promise<TaskRow | undefined> {
    const [row] = await this.db.select().from(crmTasks).where(eq(crmTasks.id, id));
    return row;
  }

  /** Names for ids (null stays null, an unknown id reads as null), in the order given. */
  async userNames(executor: Executor, ids: (string | null)[]): Promise<(string | null)[]> {
    return namesOf(executor, users, ids);
  }

  async customerNames(executor: Executor, ids: (string | null)[]): Promise<(string | null)[]> {
    return namesOf(executor, crmCustomers, ids);
  }

  async dealNames(executor: Executor, ids: (string | null)[]): Promise<(string | null)[]> {
    return namesOf(executor, crmDeals, ids);
  }

  async insert(executor: Executor, values: TaskValues): Promise<TaskRow> {
    const [row] = await executor.insert(crmTasks).values(values).returning();
    if (!row) throw new Error('task not created');
    return row;
  }

  async update(executor: Executor, id: string, values: Partial<TaskValues>): Promise<void> {
    await executor
      .update(crmTasks)
      .set({ ...values, version: sql`${crmTasks.version} + 1`, updatedAt: new Date() })
      .where(eq(crmTasks.id, id));
  }

  /** Offboarding: the live open tasks assigned to a member (done ones stay theirs). */
  async countOpenOf(executor: Executor, orgId: string, assigneeUserId: string): Promise<number> {
    const [row] = await executor
      .select({ tasks: count() })
      .from(crmTasks)
      .where(and(eq(crmTasks.orgId, orgId), eq(crmTasks.assigneeUserId, assigneeUserId), eq(crmTasks.status, 'open'), isNull(crmTasks.deletedAt)));
    return row?.tasks ?? 0;
  }

  /**
   * Offboarding: every open task of one assignee (the trash included) goes to another in one statement, the rows
   * locked in id order first. Done tasks keep their assignee: they record who did the work.
   */
  async moveOpenOf(executor: Executor, orgId: string, fromUserId: string, toUserId: string) {
    const open = executor
      .select({ id: crmTasks.id })
      .from(crmTasks)
      .where(and(eq(crmTasks.orgId, orgId), eq(crmTasks.assigneeUserId, fromUserId), eq(crmTasks.status, 'open')))
      .orderBy(crmTasks.id)
      .for('update');
    return executor
      .update(crmTasks)
      .set({ assigneeUserId: toUserId, version: sql`${crmTasks.version} + 1`, updatedAt: new Date() })
      .where(inArray(crmTasks.id, open))
      .returning({ id: crmTasks.id, customerId: crmTasks.customerId, live: sql<boolean>`${crmTasks.deletedAt} is null` });
  }

  async trash(executor: Executor, id: string, at: Date, by: string): Promise<void> {
    await executor.update(crmTasks).set({ deletedAt: at, deletedBy: by, version: sql`${crmTasks.version} + 1` }).where(eq(crmTasks.id, id));
  }
}

type NamedTable = typeof users | typeof crmCustomers | typeof crmDeals;

async function namesOf(executor: Executor, table: NamedTable, ids: (string | null)[]): Promise<(string | null)[]> {
  const wanted = ids.filter((id): id is string => id !== null);
  if (wanted.length === 0) return ids.map(() => null);
  const rows: { id: string; name: string }[] = await executor.select({ id: table.id, name: table.name }).from(table as typeof users).where(inArray(table.id, wanted));
  const names = new Map(rows.map((row) => [row.id, row.name]));
  return ids.map((id) => (id === null ? null : (names.get(id) ?? null)));
}
