import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { organizations } from '../../identity/orgs/org.tables.ts';
import { users } from '../../identity/users/user.tables.ts';

/**
 * Outgoing webhook endpoints of an organisation (managed with crm.configure). The signing secret is kept sealed
 * (AES-256-GCM, key derived from SECRET_KEY, endpoint id as associated data) because every delivery needs it back.
 * `events` holds `customer.created`-style types; `all_events` subscribes to every CRM event, present and future.
 */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: varchar('name', { length: 80 }).notNull(),
    url: varchar('url', { length: 2000 }).notNull(),
    events: text('events').array().notNull().default(sql`'{}'::text[]`),
    allEvents: boolean('all_events').notNull().default(false),
    active: boolean('active').notNull().default(true),
    secretSealed: text('secret_sealed').notNull(),
    /** Since when every attempt failed (cleared by a success); drives the automatic disabling. */
    failingSince: timestamp('failing_since', { withTimezone: true, precision: 3 }),
    /** 'failing' when the delivery worker turned the endpoint off; null when a person did (or it is active). */
    disabledReason: text('disabled_reason'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  // The outbox statement joins on (org_id) WHERE active for every CRM change: with no endpoint it reads one index page.
  (table) => [index('webhook_endpoints_org_active_idx').on(table.orgId).where(sql`${table.active}`)],
);

/**
 * The transactional outbox and delivery log in one: one row per event and endpoint, written in the change's own
 * transaction. `payload` is the exact event object sent (`{id, type, occurredAt, orgId, data}`); a redelivery is a new
 * row with the same event id. `locked_until` is the lease a worker holds while it sends, so two processes never send the
 * same row at once.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    eventId: uuid('event_id').notNull(),
    eventType: text('event_type').notNull(),
    /** The CRM record's fields when the change committed (built at delivery time into the body's `data`). */
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    /** pending → delivered | failed. */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    lockedUntil: timestamp('locked_until', { withTimezone: true, precision: 3 }),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true, precision: 3 }),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    lastDurationMs: integer('last_duration_ms'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true, precision: 3 }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (table) => [
    index('webhook_deliveries_due_idx').on(table.nextAttemptAt).where(sql`${table.status} = 'pending'`),
    index('webhook_deliveries_endpoint_idx').on(table.endpointId, table.createdAt.desc(), table.id.desc()),
  ],
);

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
