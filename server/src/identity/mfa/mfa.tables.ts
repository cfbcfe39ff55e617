import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../users/user.tables.ts';

/**
 * Authenticator apps (RFC 6238). The shared secret is encrypted with a key derived from SECRET_KEY and never
 * returned after enrolment. `confirmedAt` stays null until the first code is entered: an abandoned enrolment
 * counts for nothing. `lastUsedStep` makes a code single-use under concurrency (`UPDATE … WHERE last_used_step < $step`).
 */
export const totpFactors = pgTable(
  'totp_factors',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    secretCiphertext: text('secret_ciphertext').notNull(),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    /** Set for a factor added through lost-device recovery: it counts only from this time (cancellable until then). */
    activatesAt: timestamp('activates_at', { withTimezone: true }),
    lastUsedStep: bigint('last_used_step', { mode: 'number' }).notNull().default(0),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('totp_factors_user_idx').on(table.userId)],
);

/** WebAuthn credentials (second factor and password-less sign-in). Backup flags kept to nudge single-device users. */
export const passkeys = pgTable(
  'passkeys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** base64url credential id. */
    credentialId: text('credential_id').notNull(),
    /** base64url COSE public key. */
    publicKey: text('public_key').notNull(),
    signCount: bigint('sign_count', { mode: 'number' }).notNull().default(0),
    transports: jsonb('transports').$type<string[]>().notNull().default([]),
    /** 'singleDevice' (BE=0) or 'multiDevice' (BE=1, synced). */
    deviceType: text('device_type').notNull(),
    backedUp: boolean('backed_up').notNull().default(false),
    aaguid: text('aaguid'),
    /** Set when an assertion reported BS=0 for a credential stored as backed up (MF-11): the app prompts for another
     * passkey or the recovery codes until the user dismisses it or adds a factor. */
    backupLostAt: timestamp('backup_lost_at', { withTimezone: true }),
    activatesAt: timestamp('activates_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('passkeys_credential_key').on(table.credentialId), index('passkeys_user_idx').on(table.userId)],
);

/**
 * Text-message codes as a second factor (an organisation opt-in; never for owners or admins). The number is one of the
 * user's verified mobiles (primary or backup) at enrolment, and the factor counts only while it still is one, while
 * the policy allows SMS and the role may use it (`sms-factor-rules.ts`). Pending until the first code is entered.
 */
export const smsFactors = pgTable(
  'sms_factors',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** E.164, exactly as the verified channel stores it. */
    phone: text('phone').notNull(),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    /** Set for a factor added through lost-device recovery: it counts only from this time (cancellable until then). */
    activatesAt: timestamp('activates_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('sms_factors_user_idx').on(table.userId), uniqueIndex('sms_factors_user_phone_key').on(table.userId, table.phone).where(sql`confirmed_at is not null`)],
);

/** Single-use recovery codes: a short public selector finds the row, the secret part is an argon2id hash. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    selector: text('selector').notNull(),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('recovery_codes_user_selector_key').on(table.userId, table.selector)],
);

/**
 * A ceremony in progress: the second step of a sign-in, a step-up, a passkey registration or a password-less
 * sign-in. The token handed to the browser is stored as a SHA-256 hash; sign-in challenges are bound to the
 * first step's IP range and user agent and live 5 minutes.
 */
export const mfaChallenges = pgTable(
  'mfa_challenges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull(),
    /** Null only for a password-less sign-in, where the passkey names the account. */
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose').$type<'sign_in' | 'step_up' | 'passkey_register' | 'passkey_sign_in' | 'reset'>().notNull(),
    remember: boolean('remember').notNull().default(false),
    ipPrefix: text('ip_prefix'),
    userAgentHash: text('user_agent_hash'),
    /** base64url WebAuthn challenge issued with this ceremony, when one was. */
    webauthnChallenge: text('webauthn_challenge'),
    attempts: integer('attempts').notNull().default(0),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('mfa_challenges_token_key').on(table.tokenHash), index('mfa_challenges_user_idx').on(table.userId)],
);

/** One cumulative wrong-code counter per account and kind ('otp' for TOTP/SMS, 'recovery_code'), across challenges. */
export const factorThrottles = pgTable(
  'factor_throttles',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<'otp' | 'recovery_code'>().notNull(),
    failures: integer('failures').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.kind] })],
);

/** "Trust this browser" after a second factor (org opt-in, at most 30 days); revoked by any password or factor change. */
export const trustedBrowsers = pgTable(
  'trusted_browsers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    userAgent: text('user_agent'),
    ip: text('ip'),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /** Why the trust ended early: the user removed it, or a password, factor or sign-out-everywhere event. */
    revokeReason: text('revoke_reason'),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('trusted_browsers_token_key').on(table.tokenHash), index('trusted_browsers_user_idx').on(table.userId).where(sql`revoked_at is null`)],
);
