import type { WebhookDeliveryRow } from './webhook.tables.ts';

/** Columns that are internal search keys or bookkeeping, never sent. */
const HIDDEN_COLUMNS = new Set(['org_id', 'name_key', 'phone_digits', 'website_domain', 'pool_notice_sent_at']);

function camelCase(column: string): string {
  return column.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/** PostgreSQL's jsonb timestamps (`2026-12-06T02:30:00.123+00:00`) as ISO 8601 UTC like the rest of the API. */
function normalized(column: string, value: unknown): unknown {
  if (typeof value === 'string' && column.endsWith('_at')) {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) return date.toISOString();
  }
  return value;
}

/** The record's fields (camelCase, like the REST API), or just its id when the row no longer exists. */
export function recordFields(record: unknown, recordId: unknown): Record<string, unknown> {
  if (record === null || typeof record !== 'object') return { id: recordId };
  const fields: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(record as Record<string, unknown>)) {
    if (!HIDDEN_COLUMNS.has(column)) fields[camelCase(column)] = normalized(column, value);
  }
  return fields;
}

/**
 * The exact JSON sent: `{id, type, occurredAt, orgId, action, data: {…record fields, changes}}`. `id` is the event id,
 * the same for every endpoint and every redelivery of this event, so receivers can drop duplicates.
 */
export function webhookBody(row: Pick<WebhookDeliveryRow, 'eventId' | 'eventType' | 'orgId' | 'payload' | 'createdAt'>): string {
  const payload = row.payload;
  const occurredAt = typeof payload.occurredAt === 'string' ? new Date(payload.occurredAt).toISOString() : row.createdAt.toISOString();
  const data = row.eventType === 'ping' ? (payload.data ?? {}) : { ...recordFields(payload.record, payload.recordId), changes: payload.changes ?? {} };
  return JSON.stringify({ id: row.eventId, type: row.eventType, occurredAt, orgId: row.orgId, ...(typeof payload.action === 'string' ? { action: payload.action } : {}), data });
}
