import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from '../../identity/orgs/org.tables.ts';
import { users } from '../../identity/users/user.tables.ts';
import { crmContacts } from '../contacts/contact.tables.ts';
import { crmCustomers } from '../customers/customer.tables.ts';
import { crmDeals } from '../deals/deal.tables.ts';

/**
 * Leads (线索): a person and company not yet qualified as a customer. Scoped by owner like customers (a null owner is
 * the pool). Converting one sets `status = 'converted'`, `converted_at` and the ids of what it produced; from then on
 * it is read-only. `version` grows on every change; `deleted_at` set = in the trash.
 */
export const crmLeads = pgTable(
  'crm_leads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    ownerUserId: uuid('owner_user_id').references(() => users.id),
    name: text('name').notNull(),
    company: text('company'),
    phone: text('phone'),
    phoneDigits: text('phone_digits'),
    /** Lower-cased. */
    email: text('email'),
    source: text('source'),
    status: text('status').notNull().default('new'),
    /** Why it is unqualified (only with that status). */
    unqualifiedReason: text('unqualified_reason'),
    notes: text('notes'),
    convertedAt: timestamp('converted_at', { withTimezone: true, precision: 3 }),
    convertedBy: uuid('converted_by').references(() => users.id),
    convertedCustomerId: uuid('converted_customer_id').references(() => crmCustomers.id),
    convertedContactId: uuid('converted_contact_id').references(() => crmContacts.id),
    convertedDealId: uuid('converted_deal_id').references(() => crmDeals.id),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true, precision: 3 }),
    deletedBy: uuid('deleted_by').references(() => users.id),
    version: integer('version').notNull().default(1),
  },
  (table) => [
    index('crm_leads_owner_updated_idx').on(table.orgId, table.ownerUserId, table.updatedAt.desc().nullsLast(), table.id.desc()).where(sql`deleted_at is null`),
    index('crm_leads_org_updated_idx').on(table.orgId, table.updatedAt, table.id).where(sql`deleted_at is null`),
    index('crm_leads_org_created_idx').on(table.orgId, table.createdAt, table.id).where(sql`deleted_at is null`),
    index('crm_leads_org_name_idx').on(table.orgId, table.name, table.id).where(sql`deleted_at is null`),
    index('crm_leads_org_status_idx').on(table.orgId, table.status).where(sql`deleted_at is null`),
    index('crm_leads_trash_idx').on(table.orgId, table.deletedAt.desc(), table.id.desc()).where(sql`deleted_at is not null`),
    // Substring search (pg_trgm exists since the CRM's first migration).
    index('crm_leads_name_trgm_idx').using('gin', table.name.op('gin_trgm_ops')),
    index('crm_leads_company_trgm_idx').using('gin', table.company.op('gin_trgm_ops')),
    index('crm_leads_phone_digits_trgm_idx').using('gin', table.phoneDigits.op('gin_trgm_ops')),
    index('crm_leads_email_trgm_idx').using('gin', table.email.op('gin_trgm_ops')),
  ],
);
