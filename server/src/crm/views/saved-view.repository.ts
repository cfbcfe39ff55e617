import { and, asc, count, desc, eq, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { users } from '../../identity/users/user.tables.ts';
import type { Executor } from '../shared/database.ts';
import type { SavedViewList } from './saved-view.schema.ts';
import { crmSavedViews } from './saved-view.tables.ts';

export type SavedViewRow = typeof crmSavedViews.$inferSelect;

const viewColumns = {
  id: crmSavedViews.id,
  list: crmSavedViews.list,
  name: crmSavedViews.name,
  query: crmSavedViews.query,
  columns: crmSavedViews.columns,
  shared: crmSavedViews.shared,
  userId: crmSavedViews.userId,
  ownerName: users.name,
  updatedAt: crmSavedViews.updatedAt,
};

export class SavedViewRepository {
  constructor(private readonly db: Database) {}

  /** The caller's own views of a list, then those others shared with the organisation; each group by name. */
  async visible(orgId: string, userId: string, list: SavedViewList) {
    return this.db
      .select(viewColumns)
      .from(crmSavedViews)
      .innerJoin(users, eq(users.id, crmSavedViews.userId))
      .where(and(eq(crmSavedViews.orgId, orgId), eq(crmSavedViews.list, list), or(eq(crmSavedViews.userId, userId), eq(crmSavedViews.shared, true))))
      .orderBy(desc(sql`${crmSavedViews.userId} = ${userId}`), asc(sql`lower(${crmSavedViews.name})`), asc(crmSavedViews.id));
  }

  async findVisible(orgId: string, userId: string, id: string) {
    const [view] = await this.db
      .select(viewColumns)
      .from(crmSavedViews)
      .innerJoin(users, eq(users.id, crmSavedViews.userId))
      .where(and(eq(crmSavedViews.id, id), eq(crmSavedViews.orgId, orgId), or(eq(crmSavedViews.userId, userId), eq(crmSavedViews.shared, true))));
    return view;
  }

  /** Serialises one person's view changes (the per-list cap holds under concurrent saves). */
  async lockOwner(executor: Executor, userId: string): Promise<void> {
    await executor.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update');
  }

  async countOwn(executor: Executor, userId: string, list: SavedViewList): Promise<number> {
    const [row] = await executor.select({ total: count() }).from(crmSavedViews).where(and(eq(crmSavedViews.userId, userId), eq(crmSavedViews.list, list)));
    return row?.total ?? 0;
  }

  async nameTaken(executor: Executor, userId: string, list: string, name: string, exceptId: string | null): Promise<boolean> {
    const [row] = await executor
      .select({ id: crmSavedViews.id })
      .from(crmSavedViews)
      .where(and(eq(crmSavedViews.userId, userId), eq(crmSavedViews.list, list), sql`lower(${crmSavedViews.name}) = lower(${name})`));
    return row !== undefined && row.id !== exceptId;
  }

  async insert(executor: Executor, values: typeof crmSavedViews.$inferInsert): Promise<SavedViewRow> {
    const [row] = await executor.insert(crmSavedViews).values(values).returning();
    if (!row) throw new Error('saved view insert returned nothing');
    return row;
  }

  /** The caller's own view, locked; undefined when it is not theirs (or does not exist). */
  async lockOwn(executor: Executor, orgId: string, userId: string, id: string): Promise<SavedViewRow | undefined> {
    const [row] = await executor
      .select()
      .from(crmSavedViews)
      .where(and(eq(crmSavedViews.id, id), eq(crmSavedViews.orgId, orgId), eq(crmSavedViews.userId, userId)))
      .for('update');
    return row;
  }

  async update(executor: Executor, id: string, changes: Partial<typeof crmSavedViews.$inferInsert>): Promise<void> {
    await executor
      .update(crmSavedViews)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(crmSavedViews.id, id));
  }

  async remove(orgId: string, userId: string, id: string): Promise<boolean> {
    const removed = await this.db
      .delete(crmSavedViews)
      .where(and(eq(crmSavedViews.id, id), eq(crmSavedViews.orgId, orgId), eq(crmSavedViews.userId, userId)))
      .returning({ id: crmSavedViews.id });
    return removed.length > 0;
  }
}
