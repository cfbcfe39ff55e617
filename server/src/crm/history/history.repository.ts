import { and, eq, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { users } from '../../identity/users/user.tables.ts';
import { crmContacts } from '../contacts/contact.tables.ts';
import { crmContracts } from '../contracts/contract.tables.ts';
import { crmCustomers } from '../customers/customer.tables.ts';
import { crmDeals } from '../deals/deal.tables.ts';
import { crmTasks } from '../tasks/task.tables.ts';
import type { Executor } from '../shared/database.ts';
import { crmRecordChanges, type FieldChanges } from './history.tables.ts';

export interface ChangeEntry {
  orgId: string;
  recordType: 'customer' | 'contact' | 'contract' | 'follow_up' | 'task' | 'deal' | 'lead';
  recordId: string;
  /** Null only for a lead's own rows (a lead has no customer until it is converted). */
  customerId: string | null;
  actorUserId: string | null;
  action: string;
  changes: FieldChanges | null;
}

const INSERT_CHUNK = 1000;

/** The only place that queries crm_record_changes. */
export class HistoryRepository {
  async insert(executor: Executor, entries: ChangeEntry[]): Promise<void> {
    for (let start = 0; start < entries.length; start += INSERT_CHUNK) {
      await executor.insert(crmRecordChanges).values(entries.slice(start, start + INSERT_CHUNK));
    }
  }

  private selectItems(executor: Executor) {
    const actor = alias(users, 'actor');
    return executor
      .select({
        id: crmRecordChanges.id,
        seq: crmRecordChanges.seq,
        action: crmRecordChanges.action,
        actorName: actor.name,
        changes: crmRecordChanges.changes,
        recordType: crmRecordChanges.recordType,
        recordId: crmRecordChanges.recordId,
        contactName: crmContacts.name,
        recordLabel: sql<string | null>`coalesce(${crmContacts.name}, ${crmContracts.number}, ${crmDeals.name}, ${crmTasks.title})`,
        createdAt: crmRecordChanges.createdAt,
      })
      .from(crmRecordChanges)
      .leftJoin(actor, eq(actor.id, crmRecordChanges.actorUserId))
      .leftJoin(crmContacts, and(eq(crmRecordChanges.recordType, 'contact'), eq(crmContacts.id, crmRecordChanges.recordId)))
      .leftJoin(crmContracts, and(eq(crmRecordChanges.recordType, 'contract'), eq(crmContracts.id, crmRecordChanges.recordId)))
      .leftJoin(crmDeals, and(eq(crmRecordChanges.recordType, 'deal'), eq(crmDeals.id, crmRecordChanges.recordId)))
      .leftJoin(crmTasks, and(eq(crmRecordChanges.recordType, 'task'), eq(crmTasks.id, crmRecordChanges.recordId)));
  }

  /**
   * The customer's timeline, newest first, joined to the customer under `visible` (the caller's data scope) so a
   * history is never read around the scope; `rowsShown` leaves out rows about records the caller may not see.
   */
  async listForCustomer(executor: Executor, customerId: string, visible: SQL, rowsShown: SQL[], before: number | null, limit: number) {
    return this.selectItems(executor)
      .innerJoin(crmCustomers, and(eq(crmCustomers.id, crmRecordChanges.customerId), isNull(crmCustomers.deletedAt), visible))
      .where(and(eq(crmRecordChanges.customerId, customerId), ...rowsShown, before === null ? undefined : lt(crmRecordChanges.seq, before)))
      .orderBy(sql`${crmRecordChanges.seq} desc nulls last`)
      .limit(limit + 1);
  }

  /** One record's own rows, newest first (the caller checked that it may see the record). */
  async listForRecord(executor: Executor, recordType: ChangeEntry['recordType'], recordId: string, before: number | null, limit: number) {
    return this.selectItems(executor)
      .where(and(eq(crmRecordChanges.recordType, recordType), eq(crmRecordChanges.recordId, recordId), before === null ? undefined : lt(crmRecordChanges.seq, before)))
      .orderBy(sql`${crmRecordChanges.seq} desc nulls last`)
      .limit(limit + 1);
  }
}
