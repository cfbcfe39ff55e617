import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { crmContacts } from '../contacts/contact.tables.ts';
import { crmContracts } from '../contracts/contract.tables.ts';
import { crmCustomers } from '../customers/customer.tables.ts';
import { crmDeals } from '../deals/deal.tables.ts';
import { crmFollowUps } from '../follow-ups/follow-up.tables.ts';
import type { ChangeEntry } from '../history/history.repository.ts';
import { crmLeads } from '../leads/lead.tables.ts';
import type { Executor } from '../shared/database.ts';
import { crmTasks } from '../tasks/task.tables.ts';
import { eventTypeOf } from './webhook-events.ts';
import { webhookDeliveries, webhookEndpoints } from './webhook.tables.ts';

const CHUNK = 1000;

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

/**
 * The transactional outbox: called by HistoryService.record in the transaction of the change, so a rolled-back change
 * queues nothing and a committed one always has its deliveries. ONE statement per 1,000 history rows joins the events
 * to the organisation's active, subscribed endpoints (partial index on org_id WHERE active): with no endpoint it reads
 * one index page and inserts nothing, and the record snapshot is never computed.
 */
export async function enqueueWebhookEvents(executor: Executor, entries: readonly ChangeEntry[]): Promise<void> {
  const events = entries.flatMap((entry) => {
    const eventType = eventTypeOf(entry.recordType, entry.action);
    if (!eventType) return [];
    return [{ event_id: randomUUID(), org_id: entry.orgId, event_type: eventType, record_type: entry.recordType, record_id: entry.recordId, action: entry.action, changes: entry.changes }];
  });
  for (let start = 0; start < events.length; start += CHUNK) {
    const chunk = JSON.stringify(events.slice(start, start + CHUNK));
    await executor.execute(sql`
      insert into ${webhookDeliveries} (org_id, endpoint_id, event_id, event_type, payload)
      select e.org_id, e.id, v.event_id, v.event_type,
        jsonb_build_object('occurredAt', now(), 'recordType', v.record_type, 'recordId', v.record_id, 'action', v.action, 'changes', v.changes, 'record', ${snapshot})
      from jsonb_to_recordset(${chunk}::jsonb) as v(event_id uuid, org_id uuid, event_type text, record_type text, record_id uuid, action text, changes jsonb)
      join ${webhookEndpoints} e on e.org_id = v.org_id and e.active and (e.all_events or v.event_type = any(e.events))`);
  }
}
