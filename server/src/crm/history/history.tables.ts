import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from '../../identity/orgs/org.tables.ts';
import { users } from '../../identity/users/user.tables.ts';

export type FieldChanges = Record<string, { from: unknown; to: unknown }>;

/**
 * What happened to a CRM record, field by field. `customer_id` puts a contact's (and later a deal's or follow-up's)
 * changes on its customer's 360° timeline. `seq` orders rows written in the same millisecond.
 */
export const crmRecordChanges = pgTable(
  'crm_record_changes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    recordType: text('record_type').notNull(),
    recordId: uuid('record_id').notNull(),
    customerId: uuid('customer_id'),
    actorUserId: uuid('actor_user_id').references(() => users.id),
    action: text('action').notNull(),
    changes: jsonb('changes').$type<FieldChanges>(),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (table) => [index('crm_record_changes_customer_idx').on(table.customerId, table.seq.desc()), index('crm_record_changes_record_idx').on(table.recordType, table.recordId, table.seq.desc())],
);
