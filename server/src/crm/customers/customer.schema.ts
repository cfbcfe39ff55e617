import { z } from 'zod';
import { optionalText, requiredText, tagsField } from '../shared/fields.ts';

export const customerLevels = ['A', 'B', 'C'] as const;
export const customerSources = ['referral', 'website', 'exhibition', 'cold_call', 'advertising', 'partner', 'other'] as const;
export const customerStatuses = ['potential', 'active', 'inactive', 'lost'] as const;
export const customerSorts = ['name', 'createdAt', 'updatedAt', 'lastFollowUpAt', 'level'] as const;
export type CustomerSort = (typeof customerSorts)[number];

/** The fields a user edits (owner changes only through a transfer). */
const editableFields = {
  name: requiredText(200),
  industry: optionalText(100),
  level: z.enum(customerLevels).nullable().optional(),
  source: z.enum(customerSources).nullable().optional(),
  status: z.enum(customerStatuses).optional(),
  address: optionalText(500),
  phone: optionalText(50),
  website: optionalText(300),
  tags: tagsField.optional(),
  notes: optionalText(5000),
};

export const customerCreateBody = z.strictObject({
  ...editableFields,
  /** Default: the creator. null puts the customer in the public pool (crm.writeAll only). */
  ownerId: z.uuid().nullable().optional(),
  allowDuplicate: z.boolean().optional(),
});
export type CustomerCreateInput = z.infer<typeof customerCreateBody>;

export const customerUpdateBody = z.strictObject({
  version: z.number().int().min(1).max(2_147_483_647),
  ...editableFields,
  name: editableFields.name.optional(),
});
export type CustomerUpdateInput = z.infer<typeof customerUpdateBody>;

export const duplicatesBody = z.strictObject({ name: optionalText(200), phone: optionalText(50), website: optionalText(300) });

export const customerListQuery = z.strictObject({
  q: z.string().trim().max(100).optional(),
  ownerId: z.union([z.uuid(), z.literal('me'), z.literal('none')]).optional(),
  level: z.enum(customerLevels).optional(),
  status: z.enum(customerStatuses).optional(),
  source: z.enum(customerSources).optional(),
  industry: z.string().trim().max(100).optional(),
  tag: z.string().trim().max(30).optional(),
  sort: z.enum(customerSorts).default('updatedAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type CustomerListQuery = z.infer<typeof customerListQuery>;

export const trashQuery = z.strictObject({ cursor: z.string().max(1000).optional(), limit: z.coerce.number().int().min(1).max(100).default(50) });

export const transferBody = z.strictObject({
  ids: z.array(z.string().max(100)).min(1).max(500),
  toUserId: z.uuid(),
  note: optionalText(500),
});

export const customerSchema = z.object({
  id: z.string(),
  name: z.string(),
  industry: z.string().nullable(),
  level: z.string().nullable(),
  source: z.string().nullable(),
  status: z.string(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  website: z.string().nullable(),
  tags: z.array(z.string()),
  notes: z.string().nullable(),
  lastFollowUpAt: z.date().nullable(),
  contactCount: z.number(),
  /** Live deals of the customer that the caller may see. */
  dealCount: z.number(),
  createdAt: z.date(),
  updatedAt: z.date(),
  createdByName: z.string().nullable(),
  version: z.number(),
  canEdit: z.boolean(),
  canDelete: z.boolean(),
  /** The caller sees it only because it is shared with him (the "Shared with you" tag). */
  sharedWithMe: z.boolean(),
});
export type Customer = z.infer<typeof customerSchema>;

export const customerPageSchema = z.object({ items: z.array(customerSchema), nextCursor: z.string().nullable(), total: z.number().nullable() });

export const duplicateSchema = z.object({ id: z.string().nullable(), name: z.string(), ownerName: z.string().nullable() });
export type Duplicate = z.infer<typeof duplicateSchema>;
export const duplicatesSchema = z.object({ duplicates: z.array(duplicateSchema) });
export const duplicateErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string(), details: duplicatesSchema }) });

export const trashPageSchema = z.object({
  items: z.array(z.object({ id: z.string(), name: z.string(), deletedAt: z.date(), deletedByName: z.string().nullable() })),
  nextCursor: z.string().nullable(),
});
export const trashedSchema = z.object({ id: z.string(), deletedAt: z.date() });
export const transferredSchema = z.object({ transferred: z.number() });
/** Not z.uuid(): a malformed id answers 404 like an unknown one. */
export const recordParams = z.strictObject({ id: z.string().max(100) });
