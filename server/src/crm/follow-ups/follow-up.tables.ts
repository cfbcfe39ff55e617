import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from '../../identity/orgs/org.tables.ts';
import { users } from '../../identity/users/user.tables.ts';
import { crmContacts } from '../contacts/contact.tables.ts';
import { crmCustomers } from '../customers/customer.tables.ts';
import { crmDeals } from '../deals/deal.tables.ts';

/**
 * Follow-up records (跟进记录): what a salesperson did with a customer and when. Who may see one follows its customer
 * (like contacts); its author may edit it. `next_follow_up_at` creates a reminder task (`crm_tasks.follow_up_id`).
 * Writing one moves `crm_customers.last_follow_up_at` (the default list order and the public-pool rule).
 */
export const crmFollowUps = pgTable(
  'crm_follow_ups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => crmCustomers.id),
    contactId: uuid('contact_id').references(() => crmContacts.id),
    dealId: uuid('deal_id').references(() => crmDeals.id),
    authorUserId: uuid('author_user_id').references(() => users.id),
    /** 'call' | 'visit' | 'email' | 'wechat' | 'meeting' */
    type: text('type').notNull(),
    content: text('content').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 3 }).notNull(),
    nextFollowUpAt: timestamp('next_follow_up_at', { withTimezone: true, precision: 3 }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true, precision: 3 }),
    deletedBy: uuid('deleted_by').references(() => users.id),
    version: integer('version').notNull().default(1),
  },
  (table) => [
    index('crm_follow_ups_customer_idx').on(table.customerId, table.occurredAt.desc(), table.id.desc()).where(sql`deleted_at is null`),
    index('crm_follow_ups_author_idx').on(table.orgId, table.authorUserId, table.occurredAt).where(sql`deleted_at is null`),
    index('crm_follow_ups_org_occurred_idx').on(table.orgId, table.occurredAt.desc(), table.id.desc()).where(sql`deleted_at is null`),
    index('crm_follow_ups_deal_idx').on(table.dealId).where(sql`deal_id is not null and deleted_at is null`),
  ],
);

/**
 * Files attached to a follow-up. The bytes live on disk under DATA_DIR/attachments/<org>/<id> (never under a name the
 * client chose); the row keeps the original name, the checked type, the size and a SHA-256 of the content.
 */
export const crmAttachments = pgTable(
  'crm_attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    followUpId: uuid('follow_up_id')
      .notNull()
      .references(() => crmFollowUps.id),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true, precision: 3 }),
  },
  (table) => [index('crm_attachments_follow_up_idx').on(table.followUpId, table.createdAt)],
);
