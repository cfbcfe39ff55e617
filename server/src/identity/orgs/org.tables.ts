import { jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { SecurityPolicy } from './security-policy.schema.ts';

export const organizations = pgTable('organizations', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  defaultLocale: text('default_locale').notNull().default('en'),
  securityPolicy: jsonb('security_policy').$type<SecurityPolicy>().notNull(),
  /** When two-step verification became required (policy.requireTwoStep turned on); the grace period counts from here. */
  twoStepEnforcedAt: timestamp('two_step_enforced_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
