import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from '../../identity/orgs/org.tables.ts';
import { users } from '../../identity/users/user.tables.ts';
import { crmCustomers } from '../customers/customer.tables.ts';

/**
 * The organisation's public-pool rule (公海规则); an organisation without a row has the defaults (pool.schema.ts).
 * `return_after_days` null = customers never go back to the pool by themselves.
 */
export const crmPoolRules = pgTable('crm_pool_rules', {
  orgId: uuid('org_id')
    .primaryKey()
    .references(() => organizations.id),
  /** Claims one person may make in any 24 hours; null = unlimited. */
  claimLimitPerDay: integer('claim_limit_per_day'),
  returnAfterDays: integer('return_after_days'),
  /** The owner is mailed this many days before a customer returns (0 = no notice). */
  noticeDays: integer('notice_days').notNull(),
  /** A former owner may not claim the customer back for this many days after it left them. */
  reclaimCooldownDays: integer('reclaim_cooldown_days').notNull(),
  updatedBy: uuid('updated_by').references(() => users.id),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

/**
 * Every move into or out of the pool: `kind` claimed | released | returned; `user_id` is whose ownership it is about
 * (the claimer, or the owner who lost the customer), `actor_user_id` who did it (null: the return sweep). The rolling
 * claim limit counts `claimed` rows, the reclaim cool-down reads `released`/`returned` rows.
 */
export const crmPoolEvents = pgTable(
  'crm_pool_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => crmCustomers.id),
    kind: text('kind').notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    actorUserId: uuid('actor_user_id').references(() => users.id),
    reason: text('reason'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    index('crm_pool_events_user_idx').on(table.userId, table.kind, table.createdAt),
    index('crm_pool_events_customer_idx').on(table.customerId, table.userId, table.createdAt),
  ],
);
