import { sql } from 'drizzle-orm';
import { date, index, integer, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations } from '../../identity/orgs/org.tables.ts';
import { users } from '../../identity/users/user.tables.ts';
import { crmContacts } from '../contacts/contact.tables.ts';
import { crmCustomers } from '../customers/customer.tables.ts';

/**
 * The organisation's sales pipeline: ordered stages, each open, won or lost. The default stages are created for an
 * organisation the first time its pipeline is read; they carry a `key` (qualify, needs, proposal, negotiation, won,
 * lost) the interface translates, while a stage an admin adds or renames carries its own `name`. A stage in use is
 * archived, never deleted, so old deals keep their stage.
 */
export const crmPipelineStages = pgTable(
  'crm_pipeline_stages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    key: text('key'),
    name: text('name'),
    /** 'open' | 'won' | 'lost' */
    kind: text('kind').notNull().default('open'),
    position: integer('position').notNull(),
    /** Default win probability of a deal entering the stage, 0–100. */
    probability: integer('probability').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    archivedAt: timestamp('archived_at', { withTimezone: true, precision: 3 }),
  },
  (table) => [index('crm_pipeline_stages_org_idx').on(table.orgId, table.position), uniqueIndex('crm_pipeline_stages_key').on(table.orgId, table.key)],
);

/**
 * Deals (商机). A deal has its own owner (data scopes apply to it like to customers) and belongs to a customer; a
 * deal of a trashed customer goes to the trash with it (same `deleted_at`). Amounts are exact decimals.
 */
export const crmDeals = pgTable(
  'crm_deals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => crmCustomers.id),
    contactId: uuid('contact_id').references(() => crmContacts.id),
    ownerUserId: uuid('owner_user_id').references(() => users.id),
    name: text('name').notNull(),
    amount: numeric('amount', { precision: 18, scale: 2 }).notNull().default('0'),
    /** ISO 4217, upper case. */
    currency: text('currency').notNull().default('CNY'),
    stageId: uuid('stage_id')
      .notNull()
      .references(() => crmPipelineStages.id),
    probability: integer('probability').notNull().default(0),
    expectedCloseDate: date('expected_close_date', { mode: 'string' }),
    lostReason: text('lost_reason'),
    /** Set when the deal enters a won or lost stage, cleared when it is reopened. */
    closedAt: timestamp('closed_at', { withTimezone: true, precision: 3 }),
    stageChangedAt: timestamp('stage_changed_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    notes: text('notes'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true, precision: 3 }),
    deletedBy: uuid('deleted_by').references(() => users.id),
    version: integer('version').notNull().default(1),
  },
  (table) => [
    index('crm_deals_owner_stage_idx').on(table.orgId, table.ownerUserId, table.stageId, table.updatedAt.desc(), table.id.desc()).where(sql`deleted_at is null`),
    index('crm_deals_org_stage_idx').on(table.orgId, table.stageId, table.updatedAt.desc(), table.id.desc()).where(sql`deleted_at is null`),
    index('crm_deals_org_updated_idx').on(table.orgId, table.updatedAt, table.id).where(sql`deleted_at is null`),
    index('crm_deals_org_close_idx').on(table.orgId, table.expectedCloseDate, table.id).where(sql`deleted_at is null`),
    index('crm_deals_customer_idx').on(table.customerId, table.createdAt).where(sql`deleted_at is null`),
    index('crm_deals_trash_idx').on(table.orgId, table.deletedAt.desc(), table.id.desc()).where(sql`deleted_at is not null`),
    index('crm_deals_name_trgm_idx').using('gin', table.name.op('gin_trgm_ops')),
  ],
);
