import { z } from 'zod';

export const searchQuery = z.strictObject({ q: z.string().trim().min(2).max(100) });

export const searchResultSchema = z.object({
  customers: z.array(z.object({ id: z.string(), name: z.string(), ownerName: z.string().nullable(), phone: z.string().nullable() })),
  contacts: z.array(z.object({ id: z.string(), name: z.string(), customerId: z.string(), customerName: z.string(), mobile: z.string().nullable(), email: z.string().nullable() })),
  leads: z.array(z.object({ id: z.string(), name: z.string(), company: z.string().nullable(), status: z.string(), ownerName: z.string().nullable(), phone: z.string().nullable(), email: z.string().nullable() })),
});
