import { z } from 'zod';

/** Not z.uuid(): a malformed id answers 404 like an unknown one. */
export const ownedParams = z.strictObject({ userId: z.string().max(100) });
export const ownedSchema = z.object({ customers: z.number(), contacts: z.number() });
export const transferAllBody = z.strictObject({ fromUserId: z.uuid(), toUserId: z.uuid() });
export const transferAllSchema = z.object({ customers: z.number() });
