import { z } from 'zod';

export const teamNameField = z.string().trim().min(1).max(100);

export const teamSchema = z.object({
  id: z.string(),
  name: z.string(),
  memberIds: z.array(z.string()),
  members: z.array(z.object({ id: z.string(), name: z.string(), role: z.string() })),
});
export type Team = z.infer<typeof teamSchema>;

export const teamListSchema = z.object({ items: z.array(teamSchema) });
export const teamBody = z.strictObject({ name: teamNameField });
export const teamMembersBody = z.strictObject({ userIds: z.array(z.uuid()).max(500) });
/** Not z.uuid(): a malformed id answers 404 like an unknown one. */
export const teamParams = z.strictObject({ id: z.string().max(100) });
