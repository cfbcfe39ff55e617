import { z } from 'zod';

export const historyActions = [
  'created',
  'updated',
  'deleted',
  'restored',
  'transferred',
  'claimed',
  'released',
  'returned_to_pool',
  'contact_added',
  'contact_updated',
  'contact_deleted',
  'contact_restored',
  'contract_created',
  'contract_updated',
  'contract_deleted',
  'contract_restored',
  'contract_transferred',
  'payment_recorded',
  'payment_deleted',
  'deal_added',
  'deal_updated',
  'deal_stage_changed',
  'deal_deleted',
  'deal_restored',
  'deal_transferred',
  'follow_up_added',
  'follow_up_updated',
  'follow_up_deleted',
  'follow_up_restored',
  'attachment_added',
  'attachment_deleted',
  'task_added',
  'task_updated',
  'task_completed',
  'task_reopened',
  'task_deleted',
  'task_restored',
  'converted_from_lead',
  'lead_converted',
  'shared',
  'unshared',
] as const;
export type HistoryAction = (typeof historyActions)[number];

export const historyItemSchema = z.object({
  id: z.string(),
  action: z.string(),
  actorName: z.string().nullable(),
  changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })).nullable(),
  /** 'customer', 'contact' or 'contract': which record on the customer's timeline changed. */
  recordType: z.string(),
  recordId: z.string(),
  /** The contact's current name for contact_* rows, else null. */
  contactName: z.string().nullable(),
  /** What names the record when it is not the customer itself: the contact's name, the contract's number. */
  recordLabel: z.string().nullable(),
  createdAt: z.date(),
});

export const historyListSchema = z.object({ items: z.array(historyItemSchema), nextCursor: z.string().nullable() });
export const historyQuery = z.strictObject({ cursor: z.string().max(1000).optional(), limit: z.coerce.number().int().min(1).max(200).default(100) });
