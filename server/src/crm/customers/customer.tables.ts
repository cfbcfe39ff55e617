import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from '../../identity/orgs/org.tables.ts';
import { users } from '../../identity/users/user.tables.ts';

/**
 * Customers (companies). Timestamps keep milliseconds only, so a keyset cursor carrying a JavaScript date points at
 * exactly the row it came from. `name_key`, `phone_digits` and `website_domain` are derived on every write for the
 * duplicate check and search; `version` grows on every change (optimistic concurrency for edits).
 * A null owner is the public pool (公海). `deleted_at` set = in the trash.
 */
export const crmCustomers = pgTable(
  'crm_customers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    ownerUserId: uuid('owner_user_id').references(() => users.id),
    name: text('name').notNull(),
    /** Lower-cased, NFKC-normalised, without any white space: "Acme  Ltd" and "acme ltd" collide. */
    nameKey: text('name_key').notNull(),
    phone: text('phone'),
    phoneDigits: text('phone_digits'),
    website: text('website'),
    /** Host name without "www.", lower-cased. */
    websiteDomain: text('website_domain'),
    industry: text('industry'),
    level: text('level'),
    source: text('source'),
    status: text('status').notNull().default('potential'),
    address: text('address'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    notes: text('notes'),
    lastFollowUpAt: timestamp('last_follow_up_at', { withTimezone: true, precision: 3 }),
    /** When the current owner got it (created, transferred, claimed): the public pool's return rule counts idle time from here. */
    ownedSince: timestamp('owned_since', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    /** The pool's "returns soon" notice; it counts only while newer than the owner's last follow-up and owned_since. */
    poolNoticeSentAt: timestamp('pool_notice_sent_at', { withTimezone: true, precision: 3 }),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    deletedAt: timestamp('deleted_at', { withTimezone: true, precision: 3 }),
    deletedBy: uuid('deleted_by').references(() => users.id),
    version: integer('version').notNull().default(1),
  },
  (table) => [
    // The salesperson's default list: own customers by last follow-up (keyset on (last_follow_up_at, id)).
    index('crm_customers_owner_follow_up_idx')
      .on(table.orgId, table.ownerUserId, table.lastFollowUpAt.desc().nullsLast(), table.id.desc())
      .where(sql`deleted_at is null`),
    index('crm_customers_org_follow_up_idx').on(table.orgId, table.lastFollowUpAt.desc().nullsLast(), table.id.desc()).where(sql`deleted_at is null`),
    index('crm_customers_org_updated_idx').on(table.orgId, table.updatedAt, table.id).where(sql`deleted_at is null`),
    index('crm_customers_org_created_idx').on(table.orgId, table.createdAt, table.id).where(sql`deleted_at is null`),
    index('crm_customers_org_name_idx').on(table.orgId, table.name, table.id).where(sql`deleted_at is null`),
    index('crm_customers_org_level_idx').on(table.orgId, table.level, table.id).where(sql`deleted_at is null`),
    index('crm_customers_name_key_idx').on(table.orgId, table.nameKey).where(sql`deleted_at is null`),
    index('crm_customers_phone_digits_idx').on(table.orgId, table.phoneDigits).where(sql`deleted_at is null`),
    index('crm_customers_website_domain_idx').on(table.orgId, table.websiteDomain.op('text_pattern_ops')).where(sql`deleted_at is null`),
    index('crm_customers_trash_idx').on(table.orgId, table.deletedAt.desc(), table.id.desc()).where(sql`deleted_at is not null`),
    // Substring search, Chinese included (the migration creates the pg_trgm extension first).
    index('crm_customers_name_trgm_idx').using('gin', table.name.op('gin_trgm_ops')),
    index('crm_customers_phone_digits_trgm_idx').using('gin', table.phoneDigits.op('gin_trgm_ops')),
    // Two-character terms ("华通") hold no trigram; their bigram is looked up here (crm_bigrams: migration 0018).
    index('crm_customers_name_bigram_idx').using('gin', sql`crm_bigrams(${table.name})`),
    index('crm_customers_tags_idx').using('gin', table.tags),
    // The public pool's return sweep: owned customers by idle time (pool/pool.repository.ts uses the same expression).
    index('crm_customers_pool_idle_idx')
      .on(table.orgId, sql`greatest(last_follow_up_at, owned_since)`)
      .where(sql`deleted_at is null and owner_user_id is not null`),
  ],
);
