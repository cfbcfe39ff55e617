import { and, eq, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { users } from '../../identity/users/user.tables.ts';
import { crmContacts } from '../contacts/contact.tables.ts';
import { crmCustomers } from '../customers/customer.tables.ts';
import type { Executor } from '../shared/database.ts';
import { crmRecordChanges, type FieldChanges } from './history.tables.ts';

export interface ChangeEntry {
  orgId: string;
  recordType: 'customer' | 'contact';
  recordId: string;
  customerId: string;
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

  /**
   * The customer's timeline, newest first, joined to the customer under `visible` (the caller's data scope) so a
   * history is never read around the scope.
   */
  async listForCustomer(executor: Executor, customerId: string, visible: SQL, before: number | null, limit: number) {
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
        createdAt: crmRecordChanges.createdAt,
      })
      .from(crmRecordChanges)
      .innerJoin(crmCustomers, and(eq(crmCustomers.id, crmRecordChanges.customerId), isNull(crmCustomers.deletedAt), visible))
      .leftJoin(actor, eq(actor.id, crmRecordChanges.actorUserId))
      .leftJoin(crmContacts, and(eq(crmRecordChanges.recordType, 'contact'), eq(crmContacts.id, crmRecordChanges.recordId)))
      .where(and(eq(crmRecordChanges.customerId, customerId), before === null ? undefined : lt(crmRecordChanges.seq, before)))
      .orderBy(sql`${crmRecordChanges.seq} desc nulls last`)
      .limit(limit + 1);
  }
}
