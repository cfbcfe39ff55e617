import { and, count, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { visibleRecords, type CrmScope } from '../access/access.service.ts';
import { crmCustomers } from '../customers/customer.tables.ts';
import type { Executor } from '../shared/database.ts';
import { crmAttachments, crmFollowUps } from './follow-up.tables.ts';

export type AttachmentValues = typeof crmAttachments.$inferInsert;

/**
 * The only place that queries crm_attachments. An attachment is reachable only through its live follow-up and that
 * follow-up's live customer under the caller's scope.
 */
export class AttachmentRepository {
  constructor(private readonly db: Database) {}

  /** A live follow-up the scope sees, with its author (who, with crm.writeAll, decides who may attach files). */
  async findVisibleFollowUp(scope: CrmScope, followUpId: string) {
    const [row] = await this.db
      .select({ id: crmFollowUps.id, authorUserId: crmFollowUps.authorUserId })
      .from(crmFollowUps)
      .innerJoin(crmCustomers, and(eq(crmCustomers.id, crmFollowUps.customerId), isNull(crmCustomers.deletedAt), visibleRecords(scope)))
      .where(and(eq(crmFollowUps.id, followUpId), isNull(crmFollowUps.deletedAt)));
    return row;
  }

  async findVisible(scope: CrmScope, id: string) {
    const [row] = await this.db
      .select({
        id: crmAttachments.id,
        orgId: crmAttachments.orgId,
        followUpId: crmAttachments.followUpId,
        fileName: crmAttachments.fileName,
        contentType: crmAttachments.contentType,
        sizeBytes: crmAttachments.sizeBytes,
        sha256: crmAttachments.sha256,
        authorUserId: crmFollowUps.authorUserId,
      })
      .from(crmAttachments)
      .innerJoin(crmFollowUps, and(eq(crmFollowUps.id, crmAttachments.followUpId), isNull(crmFollowUps.deletedAt)))
      .innerJoin(crmCustomers, and(eq(crmCustomers.id, crmFollowUps.customerId), isNull(crmCustomers.deletedAt), visibleRecords(scope)))
      .where(and(eq(crmAttachments.id, id), eq(crmAttachments.orgId, scope.orgId), isNull(crmAttachments.deletedAt)));
    return row;
  }

  async countLive(executor: Executor, followUpId: string): Promise<number> {
    const [row] = await executor
      .select({ attachments: count() })
      .from(crmAttachments)
      .where(and(eq(crmAttachments.followUpId, followUpId), isNull(crmAttachments.deletedAt)));
    return row?.attachments ?? 0;
  }

  async insert(executor: Executor, values: AttachmentValues) {
    const [row] = await executor.insert(crmAttachments).values(values).returning({
      id: crmAttachments.id,
      fileName: crmAttachments.fileName,
      contentType: crmAttachments.contentType,
      sizeBytes: crmAttachments.sizeBytes,
      createdAt: crmAttachments.createdAt,
    });
    if (!row) throw new Error('attachment not created');
    return row;
  }

  /** Marks a live attachment of this follow-up deleted; false when it already was (a second click, a race). */
  async markDeleted(executor: Executor, id: string, followUpId: string, at: Date): Promise<boolean> {
    const rows = await executor
      .update(crmAttachments)
      .set({ deletedAt: at })
      .where(and(eq(crmAttachments.id, id), eq(crmAttachments.followUpId, followUpId), isNull(crmAttachments.deletedAt)))
      .returning({ id: sql<string>`${crmAttachments.id}` });
    return rows.length > 0;
  }
}
