import { z } from 'zod';
import { requiredText } from '../shared/fields.ts';

export const followUpTypes = ['call', 'visit', 'email', 'wechat', 'meeting'] as const;
export type FollowUpType = (typeof followUpTypes)[number];

export const FOLLOW_UP_CONTENT_MAX = 10_000;

/** An instant with an explicit offset ("2025-03-04T09:00:00+08:00" or "…Z"). */
const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value));
const linkField = z.string().max(100).nullable().optional();

const editableFields = {
  contactId: linkField,
  dealId: linkField,
  type: z.enum(followUpTypes),
  content: requiredText(FOLLOW_UP_CONTENT_MAX),
  /** Default on create: now. */
  occurredAt: instant.optional(),
  /** Creates (or moves) a reminder task for the customer's owner; null removes the open reminder. */
  nextFollowUpAt: instant.nullable().optional(),
};

export const followUpCreateBody = z.strictObject({ customerId: z.string().max(100), ...editableFields });
export type FollowUpCreateInput = z.infer<typeof followUpCreateBody>;

export const followUpUpdateBody = z.strictObject({
  version: z.number().int().min(1).max(2_147_483_647),
  ...editableFields,
  type: editableFields.type.optional(),
  content: editableFields.content.optional(),
});
export type FollowUpUpdateInput = z.infer<typeof followUpUpdateBody>;

export const followUpListQuery = z.strictObject({
  customerId: z.string().max(100).optional(),
  dealId: z.string().max(100).optional(),
  authorId: z.union([z.uuid(), z.literal('me')]).optional(),
  type: z.enum(followUpTypes).optional(),
  /** occurredAt ≥ from, < to. */
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export type FollowUpListQuery = z.infer<typeof followUpListQuery>;

export const attachmentSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  sizeBytes: z.number(),
  createdAt: z.date(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

export const followUpSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  contactId: z.string().nullable(),
  contactName: z.string().nullable(),
  dealId: z.string().nullable(),
  dealName: z.string().nullable(),
  type: z.enum(followUpTypes),
  content: z.string(),
  occurredAt: z.date(),
  nextFollowUpAt: z.date().nullable(),
  authorId: z.string().nullable(),
  authorName: z.string().nullable(),
  attachments: z.array(attachmentSchema),
  createdAt: z.date(),
  updatedAt: z.date(),
  version: z.number(),
  canEdit: z.boolean(),
});
export type FollowUp = z.infer<typeof followUpSchema>;

export const followUpPageSchema = z.object({ items: z.array(followUpSchema), nextCursor: z.string().nullable() });
export const followUpTrashedSchema = z.object({ id: z.string(), deletedAt: z.date() });
