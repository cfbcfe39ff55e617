import { index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from '../../identity/orgs/org.tables.ts';
import { users } from '../../identity/users/user.tables.ts';

/**
 * A record shared with a user beyond the role's data scope: the user sees it and, with crm.write, edits it.
 * `record_type` names the kind ('customer', 'deal', 'contract', 'lead') so every record kind shares one mechanism;
 * contacts and follow-ups follow their customer. Managed through crm/sharing.
 */
export const crmRecordShares = pgTable(
  'crm_record_shares',
  {
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    recordType: text('record_type').notNull(),
    recordId: uuid('record_id').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Who shared it (crm/sharing); null for shares made before that was recorded or by a since-deleted user. */
    sharedBy: uuid('shared_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.recordType, table.recordId] }), index('crm_record_shares_record_idx').on(table.recordType, table.recordId)],
);
