import { bigserial, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only (a trigger refuses UPDATE and DELETE); each row's hash covers the previous row's hash. A hash can be the
 * previous hash of one row only, so the chain cannot fork: a writer that links to a head another writer already
 * extended fails and links again to the new head.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 3 }).notNull(),
    orgId: uuid('org_id'),
    action: text('action').notNull(),
    outcome: text('outcome').notNull(),
    actorUserId: uuid('actor_user_id'),
    actorLabel: text('actor_label'),
    targetUserId: uuid('target_user_id'),
    targetLabel: text('target_label'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    requestId: text('request_id'),
    sessionHash: text('session_hash'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
    previousHash: text('previous_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (table) => [
    index('audit_events_occurred_idx').on(table.occurredAt),
    index('audit_events_action_idx').on(table.action),
    uniqueIndex('audit_events_previous_hash_key').on(table.previousHash),
  ],
);
