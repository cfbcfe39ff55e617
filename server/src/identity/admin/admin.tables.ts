import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organizations } from '../orgs/org.tables.ts';
import { users } from '../users/user.tables.ts';

/**
 * Two-person rule: an owner's action on another owner waits here until a second owner (neither the requester nor the
 * target) approves it, or it expires. `payload` holds the action's input (never a secret).
 */
export const adminApprovals = pgTable(
  'admin_approvals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    action: text('action').notNull(),
    targetUserId: uuid('target_user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    requestedBy: uuid('requested_by')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    /** pending | approved | cancelled | rejected (an expired one stays pending with expires_at in the past). */
    status: text('status').notNull().default('pending'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (table) => [index('admin_approvals_org_status_idx').on(table.orgId, table.status)],
);

/** Which owner has seen which break-glass audit event (shown in red to every owner until they acknowledge it). */
export const breakGlassAcknowledgements = pgTable(
  'break_glass_acknowledgements',
  {
    auditEventId: bigint('audit_event_id', { mode: 'number' }).notNull(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.auditEventId, table.userId] })],
);
