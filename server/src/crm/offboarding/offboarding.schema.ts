import { z } from 'zod';

/** Not z.uuid(): a malformed id answers 404 like an unknown one. */
export const ownedParams = z.strictObject({ userId: z.string().max(100) });

/** Live records a member is responsible for (owned), or that a hand-over moved (transfer-all). */
export const handOverCountsSchema = z.object({
  customers: z.number(),
  /** Contacts have no owner of their own: these are the live contacts of the live customers. */
  contacts: z.number(),
  deals: z.number(),
  /** Deals not yet won or lost (among `deals`). */
  openDeals: z.number(),
  contracts: z.number(),
  /** Tasks not done yet; done ones keep their assignee. */
  openTasks: z.number(),
  /** Leads, converted ones included (they keep their owner as the history of who found the customer). */
  leads: z.number(),
});
export type HandOverCounts = z.infer<typeof handOverCountsSchema>;

export const ownedSchema = handOverCountsSchema;
export const transferAllBody = z.strictObject({ fromUserId: z.uuid(), toUserId: z.uuid() });
export const transferAllSchema = handOverCountsSchema;
