import { sql } from 'drizzle-orm';
import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
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

/**
 * An admin's two-step reset of a member, held back by the organisation's cool-down (AD-02): until `effective_at` the
 * member's factors keep working and the member can cancel it from the notice; the lifecycle sweep then applies it.
 * Open = neither cancelled nor applied; a member has at most one open reset.
 */
export const twoStepResets = pgTable(
  'two_step_resets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    requestedBy: uuid('requested_by')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    approvedBy: uuid('approved_by').references(() => users.id, { onDelete: 'set null' }),
    /** How the requester confirmed who they were talking to (verificationMethods) and their note. */
    verificationMethod: text('verification_method').notNull(),
    verificationNote: text('verification_note'),
    /** Where the request came from: the notice sent when the reset takes effect names it. */
    requestIp: text('request_ip'),
    requestUserAgent: text('request_user_agent'),
    effectiveAt: timestamp('effective_at', { withTimezone: true }).notNull(),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    /** The admin who cancelled it; null when the member did (the notice's link) or when nobody did. */
    cancelledBy: uuid('cancelled_by').references(() => users.id, { onDelete: 'set null' }),
    /** member | admin | deactivated | frozen | requester_revoked */
    cancelReason: text('cancel_reason'),
    appliedAt: timestamp('applied_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('two_step_resets_open_user_key')
      .on(table.userId)
      .where(sql`cancelled_at is null and applied_at is null`),
    index('two_step_resets_due_idx')
      .on(table.effectiveAt)
      .where(sql`cancelled_at is null and applied_at is null`),
  ],
);
