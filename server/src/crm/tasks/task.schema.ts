import { z } from 'zod';
import { optionalText, requiredText } from '../shared/fields.ts';
import { timeZoneField } from '../../i18n/time-zone.ts';

export const taskViews = ['my_day', 'open', 'done', 'all'] as const;
export type TaskView = (typeof taskViews)[number];
export const taskStatuses = ['open', 'done'] as const;

/** An instant with an explicit offset ("2025-03-04T09:00:00+08:00" or "…Z"); null clears it. */
const instantField = z.iso
  .datetime({ offset: true })
  .transform((value) => new Date(value))
  .nullable()
  .optional();

const linkField = z.string().max(100).nullable().optional();

const editableFields = {
  title: requiredText(200),
  notes: optionalText(5000),
  dueAt: instantField,
  /** Default on create: the caller. */
  assigneeId: z.uuid().optional(),
  customerId: linkField,
  dealId: linkField,
};

export const taskCreateBody = z.strictObject(editableFields);
export type TaskCreateInput = z.infer<typeof taskCreateBody>;

export const taskUpdateBody = z.strictObject({ version: z.number().int().min(1).max(2_147_483_647), ...editableFields, title: editableFields.title.optional() });
export type TaskUpdateInput = z.infer<typeof taskUpdateBody>;

export const taskListQuery = z.strictObject({
  view: z.enum(taskViews).default('open'),
  assigneeId: z.union([z.uuid(), z.literal('me')]).optional(),
  customerId: z.string().max(100).optional(),
  dealId: z.string().max(100).optional(),
  tz: timeZoneField,
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type TaskListQuery = z.infer<typeof taskListQuery>;

export const taskCountsQuery = z.strictObject({ tz: timeZoneField });

export const taskSchema = z.object({
  id: z.string(),
  title: z.string(),
  notes: z.string().nullable(),
  dueAt: z.date().nullable(),
  status: z.enum(taskStatuses),
  assigneeId: z.string(),
  assigneeName: z.string().nullable(),
  /** The linked customer, when the caller may see it (null otherwise, even if the task names one). */
  customerId: z.string().nullable(),
  customerName: z.string().nullable(),
  dealId: z.string().nullable(),
  dealName: z.string().nullable(),
  /** The follow-up whose "next follow-up" date created this reminder. */
  followUpId: z.string().nullable(),
  completedAt: z.date().nullable(),
  completedByName: z.string().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  version: z.number(),
  canEdit: z.boolean(),
});
export type Task = z.infer<typeof taskSchema>;

export const taskPageSchema = z.object({ items: z.array(taskSchema), nextCursor: z.string().nullable() });
export const taskTrashedSchema = z.object({ id: z.string(), deletedAt: z.date() });
/** The caller's open tasks: due before now, due later today, without a date. */
export const taskCountsSchema = z.object({ overdue: z.number(), today: z.number(), undated: z.number() });
