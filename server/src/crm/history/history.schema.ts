import { z } from 'zod';

export const historyActions = [
  'created',
  'updated',
  'deleted',
  'restored',
  'transferred',
  'contact_added',
  'contact_updated',
  'contact_deleted',
  'contact_restored',
] as const;
export type HistoryAction = (typeof historyActions)[number];

export const historyItemSchema = z.object({
  id: z.string(),
  action: z.string(),
  actorName: z.string().nullable(),
  changes: z.record(z.string(), z.object({ from: z.unknown(), to: z.unknown() })).nullable(),
  /** 'customer' or 'contact': which record on the customer's timeline changed. */
  recordType: z.string(),
  recordId: z.string(),
  /** The contact's current name for contact_* rows, else null. */
  contactName: z.string().nullable(),
  createdAt: z.date(),
});

export const historyListSchema = z.object({ items: z.array(historyItemSchema), nextCursor: z.string().nullable() });
export const historyQuery = z.strictObject({ cursor: z.string().max(1000).optional(), limit: z.coerce.number().int().min(1).max(200).default(100) });
