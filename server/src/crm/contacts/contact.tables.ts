import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations } from '../../identity/orgs/org.tables.ts';
import { users } from '../../identity/users/user.tables.ts';
import { crmCustomers } from '../customers/customer.tables.ts';

/**
 * People at a customer. They have no owner of their own: who may see or edit one follows its customer. Trashing a
 * customer trashes its live contacts with the same `deleted_at`, which is how a restore knows which to bring back.
 */
export const crmContacts = pgTable(
  'crm_contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => crmCustomers.id),
    name: text('name').notNull(),
    title: text('title'),
    /** E.164 when the number could be read, else as typed. */
    mobile: text('mobile'),
    /** Lower-cased. */
    email: text('email'),
    wechat: text('wechat'),
    isPrimary: boolean('is_primary').notNull().default(false),
    notes: text('notes'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true, precision: 3 }),
    deletedBy: uuid('deleted_by').references(() => users.id),
    version: integer('version').notNull().default(1),
  },
  (table) => [
    index('crm_contacts_customer_idx').on(table.customerId, table.createdAt).where(sql`deleted_at is null`),
    // At most one primary contact per customer, whatever the race.
    uniqueIndex('crm_contacts_primary_key').on(table.customerId).where(sql`is_primary and deleted_at is null`),
    index('crm_contacts_org_name_idx').on(table.orgId, table.name, table.id).where(sql`deleted_at is null`),
    index('crm_contacts_org_created_idx').on(table.orgId, table.createdAt, table.id).where(sql`deleted_at is null`),
    index('crm_contacts_org_updated_idx').on(table.orgId, table.updatedAt, table.id).where(sql`deleted_at is null`),
    index('crm_contacts_mobile_idx').on(table.orgId, table.mobile).where(sql`deleted_at is null`),
    index('crm_contacts_email_idx').on(table.orgId, table.email.op('text_pattern_ops')).where(sql`deleted_at is null`),
    index('crm_contacts_name_trgm_idx').using('gin', table.name.op('gin_trgm_ops')),
    index('crm_contacts_name_bigram_idx').using('gin', sql`crm_bigrams(${table.name})`),
    index('crm_contacts_mobile_trgm_idx').using('gin', table.mobile.op('gin_trgm_ops')),
  ],
);
