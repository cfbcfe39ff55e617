import { boolean, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../users/user.tables.ts';

export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** SHA-256 of the cookie value; the value itself is never stored. */
    tokenHash: text('token_hash').notNull(),
    remember: boolean('remember').notNull().default(false),
    /** Role when the token was issued: a role change rotates the token on the next request. */
    role: text('role').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    absoluteExpiresAt: timestamp('absolute_expires_at', { withTimezone: true }).notNull(),
    /** Last time the user proved themselves again in this session (step-up for sensitive changes). */
    reauthenticatedAt: timestamp('reauthenticated_at', { withTimezone: true }),
    /** Last time this session proved itself with a user-verified passkey (sign-in or step-up): MF-12 lets such a
     * session set a new password without the current one inside the step-up window. */
    passkeyVerifiedAt: timestamp('passkey_verified_at', { withTimezone: true }),
    /** Set when the session came from a reset that replaced a lost second factor with a second channel: factors it
     * adds take effect only after the organisation's delay, and it cannot remove the factors already there. */
    lostFactorRecovery: boolean('lost_factor_recovery').notNull().default(false),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokeReason: text('revoke_reason'),
  },
  (table) => [uniqueIndex('sessions_token_hash_key').on(table.tokenHash), index('sessions_user_idx').on(table.userId)],
);

/** A browser that has signed in to an account before (long-lived device cookie, stored hashed). */
export const knownDevices = pgTable(
  'known_devices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    userAgent: text('user_agent'),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('known_devices_user_token_key').on(table.userId, table.tokenHash)],
);
