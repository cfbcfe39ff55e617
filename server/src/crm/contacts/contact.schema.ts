import { z } from 'zod';
import { optionalText, requiredText } from '../shared/fields.ts';

export const contactSorts = ['name', 'createdAt', 'updatedAt'] as const;
export type ContactSort = (typeof contactSorts)[number];

/** Trimmed and lower-cased; an empty string clears it. */
const emailField = z
  .string()
  .trim()
  .max(254)
  .transform((value) => value.toLowerCase())
  .pipe(z.union([z.literal(''), z.email()]))
  .transform((value) => (value === '' ? null : value))
  .nullable()
  .optional();

const editableFields = {
  name: requiredText(100),
  title: optionalText(100),
  mobile: optionalText(50),
  email: emailField,
  wechat: optionalText(100),
  isPrimary: z.boolean().optional(),
  notes: optionalText(5000),
};

export const contactCreateBody = z.strictObject({ customerId: z.string().max(100), ...editableFields });
export type ContactCreateInput = z.infer<typeof contactCreateBody>;

export const contactUpdateBody = z.strictObject({ version: z.number().int().min(1).max(2_147_483_647), ...editableFields, name: editableFields.name.optional() });
export type ContactUpdateInput = z.infer<typeof contactUpdateBody>;

export const contactListQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  customerId: z.string().max(100).optional(),
  sort: z.enum(contactSorts).default('name'),
  order: z.enum(['asc', 'desc']).default('asc'),
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type ContactListQuery = z.infer<typeof contactListQuery>;

export const contactSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  name: z.string(),
  title: z.string().nullable(),
  mobile: z.string().nullable(),
  email: z.string().nullable(),
  wechat: z.string().nullable(),
  isPrimary: z.boolean(),
  notes: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  version: z.number(),
  canEdit: z.boolean(),
});
export type Contact = z.infer<typeof contactSchema>;

export const contactPageSchema = z.object({ items: z.array(contactSchema), nextCursor: z.string().nullable() });
export const contactTrashedSchema = z.object({ id: z.string(), deletedAt: z.date() });
