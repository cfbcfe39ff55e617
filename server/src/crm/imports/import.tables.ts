import { customType, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from '../../identity/orgs/org.tables.ts';
import { users } from '../../identity/users/user.tables.ts';

/** PostgreSQL bytea: a Buffer on the pg driver, a Uint8Array on PGlite. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
});

/**
 * One CSV/XLSX import of customers or contacts. The counters and `processed_rows` advance in the same transaction as
 * each batch of records, so a restarted job continues exactly after the last committed batch.
 */
export const crmImports = pgTable(
  'crm_imports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    recordType: text('record_type').notNull(),
    fileName: text('file_name').notNull(),
    format: text('format').notNull(),
    /** uploaded → queued → running → completed | failed | cancelled (uploaded may also be cancelled). */
    status: text('status').notNull().default('uploaded'),
    duplicateMode: text('duplicate_mode'),
    /** Column index (as a string) → field key. */
    mapping: jsonb('mapping').$type<Record<string, string>>(),
    headers: jsonb('headers').$type<string[]>().notNull(),
    /** The first data rows, for the wizard's preview (kept after the file itself is deleted). */
    sampleRows: jsonb('sample_rows').$type<string[][]>().notNull(),
    totalRows: integer('total_rows').notNull(),
    processedRows: integer('processed_rows').notNull().default(0),
    createdCount: integer('created_count').notNull().default(0),
    updatedCount: integer('updated_count').notNull().default(0),
    skippedCount: integer('skipped_count').notNull().default(0),
    errorCount: integer('error_count').notNull().default(0),
    failureReason: text('failure_reason'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true, precision: 3 }),
    finishedAt: timestamp('finished_at', { withTimezone: true, precision: 3 }),
  },
  (table) => [
    index('crm_imports_org_created_idx').on(table.orgId, table.createdAt),
    index('crm_imports_creator_idx').on(table.createdBy, table.createdAt),
    index('crm_imports_status_idx').on(table.status),
  ],
);

/** The uploaded bytes, in the database so any app process can run or resume the import; deleted when it ends. */
export const crmImportFiles = pgTable('crm_import_files', {
  importId: uuid('import_id')
    .primaryKey()
    .references(() => crmImports.id, { onDelete: 'cascade' }),
  content: bytea('content').notNull(),
});

/** Problems with single rows: errors (row not imported) and skipped duplicates. Messages are rendered when read. */
export const crmImportIssues = pgTable(
  'crm_import_issues',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    importId: uuid('import_id')
      .notNull()
      .references(() => crmImports.id, { onDelete: 'cascade' }),
    row: integer('row').notNull(),
    /** The header of the column at fault, as in the file. */
    column: text('column'),
    field: text('field'),
    code: text('code').notNull(),
    params: jsonb('params').$type<Record<string, string | number>>().notNull().default({}),
    value: text('value'),
    outcome: text('outcome').notNull(),
  },
  (table) => [index('crm_import_issues_import_idx').on(table.importId, table.id)],
);
