import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../users/user.tables.ts';

export type ChannelKind = 'email' | 'phone';

/**
 * Addresses besides the primary e-mail and phone kept on `users`: a backup e-mail, a backup mobile number, and a
 * pending change of a primary address. Nothing here counts until `verifiedAt` is set by a code sent to it.
 */
export const recoveryAddresses = pgTable(
  'recovery_addresses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<ChannelKind>().notNull(),
    /** 'backup' or 'primary_change' (a new primary address waiting for its code). */
    purpose: text('purpose').$type<'backup' | 'primary_change'>().notNull(),
    /** Lower-cased e-mail or E.164 number. */
    address: text('address').notNull(),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('recovery_addresses_user_idx').on(table.userId),
    uniqueIndex('recovery_addresses_verified_key').on(table.kind, table.address).where(sql`verified_at is not null`),
  ],
);

/** Short numeric codes (channel verification, recovery, second channel): stored as keyed hashes, few tries, short-lived. */
export const verificationCodes = pgTable(
  'verification_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose').notNull(),
    /** What the code proves: a recovery_addresses row, a recovery challenge, or a primary channel ('email'/'phone'). */
    subject: text('subject').notNull(),
    destination: text('destination').notNull(),
    codeHash: text('code_hash').notNull(),
    attempts: integer('attempts').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (table) => [index('verification_codes_user_idx').on(table.userId, table.purpose)],
);

/** One forgot-password request for one account and the proofs gathered so far. */
export const recoveryChallenges = pgTable(
  'recovery_challenges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    channelKind: text('channel_kind').$type<ChannelKind>().notNull(),
    /** The verified address the message went to (the one the user typed). */
    destination: text('destination').notNull(),
    /** SHA-256 of the link token (e-mail) or of the ticket handed out after a correct code (SMS or e-mail code). */
    tokenHash: text('token_hash').notNull(),
    linkExpiresAt: timestamp('link_expires_at', { withTimezone: true }).notNull(),
    /** Proofs collected: e.g. ['email:primary'], then ['email:primary', 'phone:backup'] or a second factor. */
    proofs: jsonb('proofs').$type<string[]>().notNull().default([]),
    status: text('status').$type<'pending' | 'used' | 'void'>().notNull().default('pending'),
    answerAttempts: integer('answer_attempts').notNull().default(0),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (table) => [uniqueIndex('recovery_challenges_token_key').on(table.tokenHash), index('recovery_challenges_user_idx').on(table.userId)],
);

/** Every forgot/unlock/code request, for per-identifier, per-IP and SMS (per number, per country, global) caps. */
export const recoveryRequests = pgTable(
  'recovery_requests',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** HMAC of the normalized identifier: counts requests for unknown identifiers the same way as for known ones. */
    identifierHash: text('identifier_hash').notNull(),
    kind: text('kind').notNull(),
    ip: text('ip'),
    /** Set when an SMS was actually sent: E.164 number and its country calling code. */
    smsNumber: text('sms_number'),
    smsCountry: text('sms_country'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('recovery_requests_identifier_idx').on(table.identifierHash, table.createdAt),
    index('recovery_requests_ip_idx').on(table.ip, table.createdAt),
    index('recovery_requests_sms_idx').on(table.smsCountry, table.createdAt),
  ],
);

/** Security questions (org opt-in): answers normalized then hashed with argon2id; never enough on their own. */
export const securityAnswers = pgTable(
  'security_answers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    /** Key of a question from the localized list, or null with `customQuestion`. */
    questionKey: text('question_key'),
    customQuestion: text('custom_question'),
    answerHash: text('answer_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('security_answers_user_position_key').on(table.userId, table.position)],
);
