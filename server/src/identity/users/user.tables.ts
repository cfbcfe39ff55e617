import { boolean, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations } from '../orgs/org.tables.ts';

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    /** Stored lower-cased and trimmed: the sign-in identifier. */
    email: text('email').notNull(),
    /** Set when the address was proven (invitation accepted, or a code sent to it was entered). */
    emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
    /** E.164 (+8613800138000). */
    phone: text('phone'),
    phoneVerifiedAt: timestamp('phone_verified_at', { withTimezone: true }),
    name: text('name').notNull(),
    role: text('role').notNull(),
    status: text('status').notNull().default('active'),
    locale: text('locale'),
    passwordHash: text('password_hash'),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
    /** When the "password expires soon" reminder went out for the current password (cleared on change). */
    passwordReminderSentAt: timestamp('password_reminder_sent_at', { withTimezone: true }),
    /** Lock for browsers the account has not signed in from before; known browsers keep their own budget. */
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    /** Set by "this wasn't me": sign-in refused and password cleared until an admin-verified recovery. */
    frozenAt: timestamp('frozen_at', { withTimezone: true }),
    /** Admin asked the user to add a second way back at their next sign-in. */
    recoverySetupRequired: boolean('recovery_setup_required').notNull().default(false),
    /** An admin asked for a new password: until the member sets one, only the password change is open. */
    passwordChangeRequired: boolean('password_change_required').notNull().default(false),
    /** An admin reset two-step verification: the member must enrol a factor before anything else (AD-02). */
    twoStepReenrolRequired: boolean('two_step_reenrol_required').notNull().default(false),
    /** When the account was deactivated (status 'deactivated'); cleared by reactivation. */
    deactivatedAt: timestamp('deactivated_at', { withTimezone: true }),
    /** Scheduled deactivation: the lifecycle job deactivates the account at this time (or at start-up when overdue). */
    deactivateAt: timestamp('deactivate_at', { withTimezone: true }),
    /** When the "your account will be disabled for inactivity" reminder went out (cleared by a sign-in). */
    inactivityReminderSentAt: timestamp('inactivity_reminder_sent_at', { withTimezone: true }),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
    lastSignInIp: text('last_sign_in_ip'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('users_email_key').on(table.email),
    uniqueIndex('users_phone_key').on(table.phone),
    index('users_org_idx').on(table.orgId),
  ],
);
