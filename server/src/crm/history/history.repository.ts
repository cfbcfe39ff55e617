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

/** What the history insert carries along in the same statement (the webhook outbox, crm/webhooks). */
export interface ChangeFollower {
  /** The event a row raises, or null. */
  eventOf(entry: ChangeEntry): { eventId: string; eventType: string } | null;
  /** An INSERT reading the rows from `changes` (the history columns plus event_id, event_type). */
  insertFrom(changes: SQL): SQL;
}

/** The only place that queries crm_record_changes. */
export class HistoryRepository {
  /**
   * ONE statement per 1,000 rows writes the history rows and, as the outer INSERT of a data-modifying CTE, the
   * follower's rows (webhook deliveries); chunks without any event skip the follower. Rows keep their order (seq).
   */
  async insert(executor: Executor, entries: ChangeEntry[], follower?: ChangeFollower): Promise<void> {
    for (let start = 0; start < entries.length; start += INSERT_CHUNK) {
      const chunk = entries.slice(start, start + INSERT_CHUNK).map((entry) => {
        const event = follower?.eventOf(entry) ?? null;
        return {
          org_id: entry.orgId,
          record_type: entry.recordType,
          record_id: entry.recordId,
          customer_id: entry.customerId,
          actor_user_id: entry.actorUserId,
          action: entry.action,
          changes: entry.changes,
          event_id: event?.eventId ?? null,
          event_type: event?.eventType ?? null,
        };
      });
      const followed = follower && chunk.some((row) => row.event_type !== null);
      const historyInsert = sql`insert into ${crmRecordChanges} (org_id, record_type, record_id, customer_id, actor_user_id, action, changes)
        select org_id, record_type, record_id, customer_id, actor_user_id, action, changes from changes order by position`;
      await executor.execute(sql`
        with changes as (
          select * from rows from (jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb)
            as (org_id uuid, record_type text, record_id uuid, customer_id uuid, actor_user_id uuid, action text, changes jsonb, event_id uuid, event_type text))
          with ordinality as v(org_id, record_type, record_id, customer_id, actor_user_id, action, changes, event_id, event_type, position)
        )${followed ? sql`, history as (${historyInsert}) ${follower.insertFrom(sql`changes`)}` : sql` ${historyInsert}`}`);
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
