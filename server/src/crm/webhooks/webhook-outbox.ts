import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { crmContacts } from '../contacts/contact.tables.ts';
import { crmContracts } from '../contracts/contract.tables.ts';
import { crmCustomers } from '../customers/customer.tables.ts';
import { crmDeals } from '../deals/deal.tables.ts';
import { crmFollowUps } from '../follow-ups/follow-up.tables.ts';
import type { ChangeEntry } from '../history/history.repository.ts';
import { crmLeads } from '../leads/lead.tables.ts';
import { crmTasks } from '../tasks/task.tables.ts';
import { eventTypeOf } from './webhook-events.ts';
import { webhookDeliveries, webhookEndpoints } from './webhook.tables.ts';

/**
 * The record as it is now (inside the change's transaction), by kind; money columns as decimal strings, never
 * floating point. Evaluated only for rows that matched an endpoint.
 */
const snapshot = sql`case v.record_type
  when 'customer' then (select to_jsonb(r) from ${crmCustomers} r where r.id = v.record_id)
  when 'contact' then (select to_jsonb(r) from ${crmContacts} r where r.id = v.record_id)
  when 'lead' then (select to_jsonb(r) from ${crmLeads} r where r.id = v.record_id)
  when 'deal' then (select to_jsonb(r) || jsonb_build_object('amount', r.amount::text) from ${crmDeals} r where r.id = v.record_id)
  when 'contract' then (select to_jsonb(r) || jsonb_build_object('amount', r.amount::text) from ${crmContracts} r where r.id = v.record_id)
  when 'follow_up' then (select to_jsonb(r) from ${crmFollowUps} r where r.id = v.record_id)
  when 'task' then (select to_jsonb(r) from ${crmTasks} r where r.id = v.record_id)
end`;

/** The event a history row raises, if any: its type and a fresh id (receivers dedupe on it). */
function webhookEventOf(entry: ChangeEntry): { eventId: string; eventType: string } | null {
  const eventType = eventTypeOf(entry.recordType, entry.action);
  return eventType ? { eventId: randomUUID(), eventType } : null;
}

/**
 * The outbox INSERT … SELECT, reading the changes from `changes`: a FROM item with the columns org_id, record_type,
 * record_id, action, changes, event_id and event_type (null for a change that raises no event). It joins them to the
 * organisation's active, subscribed endpoints (partial index on org_id WHERE active), so with no such endpoint it
 * reads one index page, inserts nothing, and the record snapshot is never computed.
 */
function outboxInsertFrom(changes: SQL): SQL {
  return sql`
    insert into ${webhookDeliveries} (org_id, endpoint_id, event_id, event_type, payload)
    select e.org_id, e.id, v.event_id, v.event_type,
      jsonb_build_object('occurredAt', now(), 'recordType', v.record_type, 'recordId', v.record_id, 'action', v.action, 'changes', v.changes, 'record', ${snapshot})
    from ${changes} v
    join ${webhookEndpoints} e on e.org_id = v.org_id and e.active and (e.all_events or v.event_type = any(e.events))
    where v.event_type is not null`;
}

/**
 * The transactional outbox, written by the same statement as the history rows (HistoryRepository.insert folds
 * `insertFrom` into its INSERT as a data-modifying CTE): a rolled-back change queues nothing, a committed one always
 * has its deliveries, and an organisation without endpoints pays no extra statement per change. Nothing is cached
 * per process: every statement reads the endpoints as committed, so an endpoint created in one process gets the
 * events of a change made right after in another.
 */
export const webhookOutbox = { eventOf: webhookEventOf, insertFrom: outboxInsertFrom };
export type WebhookOutbox = typeof webhookOutbox;
