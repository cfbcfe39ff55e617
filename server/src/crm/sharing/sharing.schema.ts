import { z } from 'zod';

/** The record kinds that can be shared, as they appear in the URL (`/api/{kind}/:id/shares`). */
export const shareableKinds = ['customers', 'deals', 'contracts', 'leads'] as const;
export type ShareableKind = (typeof shareableKinds)[number];

export const shareParams = z.strictObject({ id: z.string().max(100) });
export const unshareParams = z.strictObject({ id: z.string().max(100), userId: z.string().max(100) });

export const shareBody = z.strictObject({
  userIds: z.array(z.string().max(100)).min(1).max(50),
});

export const shareSchema = z.object({
  id: z.string().describe('The member the record is shared with'),
  name: z.string(),
  email: z.string(),
  role: z.string(),
  sharedAt: z.date(),
  sharedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
});
export type Share = z.infer<typeof shareSchema>;

export const shareListSchema = z.object({
  items: z.array(shareSchema),
  /** Whether the caller may share and unshare this record (its owner, or crm.writeAll within scope). */
  canShare: z.boolean(),
  /** Whether the caller sees the record because it is shared with him. */
  sharedWithMe: z.boolean(),
});

export const shareResultSchema = shareListSchema.extend({
  /** How many members were newly given access (already shared, the owner and organisation-wide roles are skipped). */
  added: z.number().int(),
});

export const shareCandidatesSchema = z.object({
  items: z.array(z.object({ id: z.string(), name: z.string(), email: z.string(), role: z.string() })),
});
