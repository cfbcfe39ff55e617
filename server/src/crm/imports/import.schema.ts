import { z } from 'zod';
import { importRecordTypes } from './import-fields.ts';

export const importStatuses = ['uploaded', 'queued', 'running', 'completed', 'failed', 'cancelled'] as const;
export type ImportStatus = (typeof importStatuses)[number];
export const duplicateModes = ['skip', 'update', 'create'] as const;
export type DuplicateMode = (typeof duplicateModes)[number];

export const uploadQuery = z.strictObject({ recordType: z.enum(importRecordTypes) });

/** Column index ("0", "1", …) → field key; the service checks the columns and fields against the file. */
const mappingField = z
  .record(z.string().regex(/^\d{1,3}$/), z.string().max(50))
  .refine((mapping) => Object.keys(mapping).length <= 200);

export const runBody = z.strictObject({ mapping: mappingField, duplicateMode: z.enum(duplicateModes) });
export type RunInput = z.infer<typeof runBody>;

export const listQuery = z.strictObject({
  recordType: z.enum(importRecordTypes).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type ImportListQuery = z.infer<typeof listQuery>;

export const issuesQuery = z.strictObject({
  cursor: z.string().max(20).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const importSchema = z.object({
  id: z.string(),
  recordType: z.enum(importRecordTypes),
  fileName: z.string(),
  format: z.enum(['csv', 'xlsx']),
  status: z.enum(importStatuses),
  duplicateMode: z.enum(duplicateModes).nullable(),
  mapping: z.record(z.string(), z.string()).nullable(),
  totalRows: z.number(),
  processedRows: z.number(),
  createdCount: z.number(),
  updatedCount: z.number(),
  skippedCount: z.number(),
  errorCount: z.number(),
  createdBy: z.object({ id: z.string(), name: z.string() }),
  createdAt: z.date(),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
  failureReason: z.string().nullable(),
});
export type Import = z.infer<typeof importSchema>;

export const previewSchema = z.object({
  headers: z.array(z.string()),
  sampleRows: z.array(z.array(z.string())),
  totalRows: z.number(),
  fields: z.array(z.object({ key: z.string(), required: z.boolean() })),
  suggestedMapping: z.record(z.string(), z.string()),
});
export type ImportPreview = z.infer<typeof previewSchema>;

export const issueSchema = z.object({
  row: z.number(),
  field: z.string().nullable(),
  code: z.string(),
  message: z.string(),
  value: z.string().nullable(),
  outcome: z.enum(['error', 'skipped']),
});
export type Issue = z.infer<typeof issueSchema>;

export const importReplySchema = z.object({ import: importSchema });
export const uploadReplySchema = z.object({ import: importSchema, preview: previewSchema });
export const checkReplySchema = z.object({
  rows: z.number(),
  valid: z.number(),
  invalid: z.number(),
  duplicates: z.number(),
  issues: z.array(issueSchema),
});
export const importPageSchema = z.object({ items: z.array(importSchema), nextCursor: z.string().nullable() });
export const issuePageSchema = z.object({ items: z.array(issueSchema), nextCursor: z.string().nullable() });
