import { index, pgTable, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';
import { organizations } from '../orgs/org.tables.ts';
import { users } from '../users/user.tables.ts';

/**
 * Personal API tokens: a member's credential for scripts calling the CRM API with `Authorization: Bearer clt_…`.
 * The token acts as its owner (same data scope) narrowed to its scopes; only the SHA-256 of the secret is stored.
 */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: varchar('name', { length: 80 }).notNull(),
    /** SHA-256 of the whole token text: 256 random bits need no slow hash, and lookup stays one indexed read. */
    tokenHash: text('token_hash').notNull(),
    /** The first characters of the token, shown in lists so its owner can recognise it. */
    prefix: text('prefix').notNull(),
    scopes: text('scopes').array().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    /** Written at most once a minute per token (see ApiTokenService.resolve). */
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    lastUsedIp: text('last_used_ip'),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /** Who revoked it; null with revoked_at set means the system did (the owner was deactivated). */
    revokedBy: uuid('revoked_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (table) => [uniqueIndex('api_tokens_token_hash_key').on(table.tokenHash), index('api_tokens_user_idx').on(table.userId), index('api_tokens_org_idx').on(table.orgId)],
);
