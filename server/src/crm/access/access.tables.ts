import { index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from '../../identity/orgs/org.tables.ts';
import { users } from '../../identity/users/user.tables.ts';

/**
 * A record shared with a user beyond the role's data scope: the user sees it and, with crm.write, edits it.
 * `record_type` names the table ('customer' now; deals and others later) so every record kind shares one mechanism.
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
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.recordType, table.recordId] }), index('crm_record_shares_record_idx').on(table.recordType, table.recordId)],
);
