import { and, desc, eq, gt, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { users } from '../../identity/users/user.tables.ts';
import type { Executor } from '../shared/database.ts';
import { crmImportFiles, crmImportIssues, crmImports } from './import.tables.ts';

export type ImportRow = typeof crmImports.$inferSelect;
export type ImportValues = typeof crmImports.$inferInsert;
export type IssueValues = typeof crmImportIssues.$inferInsert;

/** Never-started uploads a person keeps; older ones are cancelled and their bytes dropped when he uploads another. */
const KEPT_UPLOADS = 5;

export interface BatchProgress {
  processedRows: number;
  created: number;
  updated: number;
  skipped: number;
  errors: number;
}

/** The only place that queries crm_imports, crm_import_files and crm_import_issues. */
export class ImportRepository {
  constructor(readonly db: Database) {}

  private view() {
    return { row: crmImports, createdByName: users.name };
  }

  async insert(values: ImportValues, content: Uint8Array): Promise<ImportRow> {
    return this.db.transaction(async (transaction) => {
      const [row] = await transaction.insert(crmImports).values(values).returning();
      if (!row) throw new Error('import not created');
      await transaction.insert(crmImportFiles).values({ importId: row.id, content });
      const stale = await transaction
        .select({ id: crmImports.id })
        .from(crmImports)
        .where(and(eq(crmImports.createdBy, values.createdBy), eq(crmImports.status, 'uploaded')))
        .orderBy(desc(crmImports.createdAt), desc(crmImports.id))
        .offset(KEPT_UPLOADS);
      if (stale.length > 0) {
        const ids = stale.map((entry) => entry.id);
        await transaction
          .update(crmImports)
          .set({ status: 'cancelled', finishedAt: new Date() })
          .where(and(inArray(crmImports.id, ids), eq(crmImports.status, 'uploaded')));
        await transaction.delete(crmImportFiles).where(inArray(crmImportFiles.importId, ids));
      }
      return row;
    });
  }

  async countUploadsSince(userId: string, since: Date): Promise<number> {
    const [row] = await this.db
      .select({ count: sql<number>`count(*)::int` })
      .from(crmImports)
      .where(and(eq(crmImports.createdBy, userId), gt(crmImports.createdAt, since)));
    return row?.count ?? 0;
  }

  async find(orgId: string, id: string, executor: Executor = this.db) {
    const [row] = await executor
      .select(this.view())
      .from(crmImports)
      .innerJoin(users, eq(users.id, crmImports.createdBy))
      .where(and(eq(crmImports.id, id), eq(crmImports.orgId, orgId)));
    return row;
  }

  async findById(id: string) {
    const [row] = await this.db.select().from(crmImports).where(eq(crmImports.id, id));
    return row;
  }

  /** Newest first; keyset (created_at, id) descending. `createdBy` null: everyone's in the organisation. */
  async page(
    orgId: string,
    createdBy: string | null,
    recordType: string | undefined,
    after: { createdAt: Date; id: string } | null,
    limit: number,
  ) {
    const conditions: (SQL | undefined)[] = [
      eq(crmImports.orgId, orgId),
      createdBy ? eq(crmImports.createdBy, createdBy) : undefined,
      recordType ? eq(crmImports.recordType, recordType) : undefined,
    ];
    if (after) {
      conditions.push(
        or(
          lt(crmImports.createdAt, after.createdAt),
          and(eq(crmImports.createdAt, after.createdAt), lt(crmImports.id, after.id)),
        ),
      );
    }
    return this.db
      .select(this.view())
      .from(crmImports)
      .innerJoin(users, eq(users.id, crmImports.createdBy))
      .where(and(...conditions))
      .orderBy(desc(crmImports.createdAt), desc(crmImports.id))
      .limit(limit + 1);
  }

  async file(id: string): Promise<Uint8Array | undefined> {
    const [row] = await this.db
      .select({ content: crmImportFiles.content })
      .from(crmImportFiles)
      .where(eq(crmImportFiles.importId, id));
    return row?.content;
  }

  /** uploaded → queued, conditionally: of two concurrent starts exactly one gets the row back. */
  async claimStart(
    orgId: string,
    id: string,
    mapping: Record<string, string>,
    duplicateMode: string,
  ): Promise<ImportRow | undefined> {
    const [row] = await this.db
      .update(crmImports)
      .set({ status: 'queued', mapping, duplicateMode, startedAt: new Date() })
      .where(and(eq(crmImports.id, id), eq(crmImports.orgId, orgId), eq(crmImports.status, 'uploaded')))
      .returning();
    return row;
  }

  /** The import row locked for one batch: the batch and its progress commit together, one worker at a time. */
  async lock(executor: Executor, id: string): Promise<ImportRow | undefined> {
    const [row] = await executor.select().from(crmImports).where(eq(crmImports.id, id)).for('update');
    return row;
  }

  async markRunning(id: string): Promise<void> {
    await this.db
      .update(crmImports)
      .set({ status: 'running' })
      .where(and(eq(crmImports.id, id), eq(crmImports.status, 'queued')));
  }

  async advance(executor: Executor, id: string, progress: BatchProgress): Promise<void> {
    await executor
      .update(crmImports)
      .set({
        processedRows: progress.processedRows,
        createdCount: sql`${crmImports.createdCount} + ${progress.created}`,
        updatedCount: sql`${crmImports.updatedCount} + ${progress.updated}`,
        skippedCount: sql`${crmImports.skippedCount} + ${progress.skipped}`,
        errorCount: sql`${crmImports.errorCount} + ${progress.errors}`,
      })
      .where(eq(crmImports.id, id));
  }

  async insertIssues(executor: Executor, issues: IssueValues[]): Promise<void> {
    if (issues.length > 0) await executor.insert(crmImportIssues).values(issues);
  }

  /** Ends a queued or running import (completed, failed or cancelled) and drops its bytes; false when already ended. */
  async finish(
    id: string,
    status: 'completed' | 'failed' | 'cancelled',
    failureReason: string | null,
    from: readonly string[] = ['queued', 'running'],
  ): Promise<ImportRow | undefined> {
    return this.db.transaction(async (transaction) => {
      const [row] = await transaction
        .update(crmImports)
        .set({ status, failureReason, finishedAt: new Date() })
        .where(and(eq(crmImports.id, id), inArray(crmImports.status, [...from])))
        .returning();
      if (row) await transaction.delete(crmImportFiles).where(eq(crmImportFiles.importId, id));
      return row;
    });
  }

  async issuesPage(importId: string, afterId: number | null, limit: number) {
    return this.db
      .select()
      .from(crmImportIssues)
      .where(
        and(eq(crmImportIssues.importId, importId), afterId === null ? undefined : gt(crmImportIssues.id, afterId)),
      )
      .orderBy(crmImportIssues.id)
      .limit(limit + 1);
  }

  /** Imports a restarted process must pick up again. */
  async unfinished(): Promise<{ id: string }[]> {
    return this.db
      .select({ id: crmImports.id })
      .from(crmImports)
      .where(inArray(crmImports.status, ['queued', 'running']));
  }
}
