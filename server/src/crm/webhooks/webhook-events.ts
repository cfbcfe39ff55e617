import type { HistoryAction } from '../history/history.schema.ts';

/** The CRM record kinds an endpoint can subscribe to (the history's record types). */
export const webhookRecordTypes = ['lead', 'customer', 'contact', 'deal', 'contract', 'follow_up', 'task'] as const;
export type WebhookRecordType = (typeof webhookRecordTypes)[number];

export const webhookEventKinds = ['created', 'updated', 'deleted'] as const;
export type WebhookEventKind = (typeof webhookEventKinds)[number];

/** Every subscribable event type, `customer.created` … `task.deleted`. `ping` (the test event) is always sent. */
export const webhookEventTypes = webhookRecordTypes.flatMap((recordType) => webhookEventKinds.map((kind) => `${recordType}.${kind}` as const));
export type WebhookEventType = (typeof webhookEventTypes)[number];

export const PING_EVENT_TYPE = 'ping';

/**
 * Which event each history action becomes. Typed as a Record over every HistoryAction, so a new action does not compile
 * until it is mapped here. Restoring from the trash is `updated` (its `action` says "restored" and `deletedAt` is null
 * again) rather than `created`: the record keeps its id, and receivers that keep trashed records need no special case.
 * A payment or an attachment is a change of its contract or follow-up; a conversion marks the lead `updated` (status
 * converted) and shows on the customer as `updated` (a new customer also gets its own `created`).
 */
const kindOfAction: Record<HistoryAction, WebhookEventKind> = {
  created: 'created',
  updated: 'updated',
  deleted: 'deleted',
  restored: 'updated',
  transferred: 'updated',
  claimed: 'updated',
  released: 'updated',
  returned_to_pool: 'updated',
  contact_added: 'created',
  contact_updated: 'updated',
  contact_deleted: 'deleted',
  contact_restored: 'updated',
  contract_created: 'created',
  contract_updated: 'updated',
  contract_deleted: 'deleted',
  contract_restored: 'updated',
  contract_transferred: 'updated',
  payment_recorded: 'updated',
  payment_deleted: 'updated',
  deal_added: 'created',
  deal_updated: 'updated',
  deal_stage_changed: 'updated',
  deal_deleted: 'deleted',
  deal_restored: 'updated',
  deal_transferred: 'updated',
  follow_up_added: 'created',
  follow_up_updated: 'updated',
  follow_up_deleted: 'deleted',
  follow_up_restored: 'updated',
  attachment_added: 'updated',
  attachment_deleted: 'updated',
  task_added: 'created',
  task_updated: 'updated',
  task_completed: 'updated',
  task_reopened: 'updated',
  task_deleted: 'deleted',
  task_restored: 'updated',
  converted_from_lead: 'updated',
  lead_converted: 'updated',
  shared: 'updated',
  unshared: 'updated',
};

function isRecordType(value: string): value is WebhookRecordType {
  return (webhookRecordTypes as readonly string[]).includes(value);
}

/** `customer.updated` for a history row, or null for a record kind webhooks do not cover. Unknown actions count as updates. */
export function eventTypeOf(recordType: string, action: string): WebhookEventType | null {
  if (!isRecordType(recordType)) return null;
  const kind = (kindOfAction as Record<string, WebhookEventKind | undefined>)[action] ?? 'updated';
  return `${recordType}.${kind}`;
}
