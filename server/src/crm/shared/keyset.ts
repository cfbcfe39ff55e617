import { asc, sql, type Placeholder, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { raise } from '../../http/app-error.ts';
import { recordErrors } from './crm.errors.ts';
import { isUuid } from './database.ts';
import { isCalendarDate } from './fields.ts';

/**
 * Keyset (cursor) pagination on (sort key, id). Empty values sort last in both directions, the way a CRM user
 * expects "no value" to trail the list. The cursor is opaque base64url JSON naming the sort it belongs to, the last
 * row's key and id; it is checked on the way in (a tampered one is 400 crm.bad_cursor, never a 500).
 */
export interface SortKey {
  column: AnyPgColumn;
  /** How the cursor's value is checked and cast: dates as 'YYYY-MM-DD', numerics as plain decimals. */
  kind: 'text' | 'timestamp' | 'date' | 'numeric';
  nullable: boolean;
}

export type SortOrder = 'asc' | 'desc';

export interface CursorPosition {
  value: string | null;
  id: string;
}

interface CursorPayload {
  s: string;
  o: SortOrder;
  v: string | null;
  i: string;
}

export function cursorValue(value: Date | string | null): string | null {
  if (value === null) return null;
  return value instanceof Date ? value.toISOString() : value;
}

export function encodeCursor(sort: string, order: SortOrder, value: Date | string | null, id: string): string {
  const payload: CursorPayload = { s: sort, o: order, v: cursorValue(value), i: id };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

/**
 * One trash page, newest deletion first: the cursor (if any) decoded against the record kind's trash sort key, the
 * repository asked for one row more than the page, and the next cursor made from the page's last row.
 */
export async function trashPageOf<Row extends { id: string; deletedAt: Date | null }>(
  cursor: string | undefined,
  limit: number,
  key: SortKey,
  fetch: (position: CursorPosition | null, limit: number) => Promise<Row[]>,
): Promise<{ items: Row[]; nextCursor: string | null }> {
  const rows = await fetch(cursor === undefined ? null : decodeCursor(cursor, 'deletedAt', 'desc', key), limit);
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor('deletedAt', 'desc', last.deletedAt, last.id) : null };
}

export function decodeCursor(raw: string, sort: string, order: SortOrder, key: SortKey): CursorPosition {
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    raise(recordErrors.BAD_CURSOR);
  }
  if (typeof payload !== 'object' || payload === null) raise(recordErrors.BAD_CURSOR);
  const { s, o, v, i } = payload as Partial<CursorPayload>;
  if (s !== sort || o !== order || typeof i !== 'string' || !isUuid(i)) raise(recordErrors.BAD_CURSOR);
  if (v === null) {
    if (!key.nullable) raise(recordErrors.BAD_CURSOR);
    return { value: null, id: i };
  }
  if (typeof v !== 'string' || v.length > 1000) raise(recordErrors.BAD_CURSOR);
  if (key.kind === 'timestamp' && (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(v) || Number.isNaN(Date.parse(v)))) raise(recordErrors.BAD_CURSOR);
  if (key.kind === 'date' && !isCalendarDate(v)) raise(recordErrors.BAD_CURSOR);
  if (key.kind === 'numeric' && !/^-?\d{1,20}(\.\d{1,10})?$/.test(v)) raise(recordErrors.BAD_CURSOR);
  if (v.includes('\0')) raise(recordErrors.BAD_CURSOR);
  return { value: v, id: i };
}

const CURSOR_CASTS: Record<SortKey['kind'], string> = { text: 'text', timestamp: 'timestamptz', date: 'date', numeric: 'numeric' };

/** A cursor position in SQL: its values, or a prepared statement's placeholders for them (null stays structural). */
export interface KeysetPosition {
  value: string | Placeholder | null;
  id: string | Placeholder;
}

/** Rows after the cursor position in the order of keysetOrder. */
export function keysetAfter(key: SortKey, idColumn: AnyPgColumn, order: SortOrder, position: KeysetPosition): SQL {
  const comparison = order === 'asc' ? sql.raw('>') : sql.raw('<');
  if (position.value === null) return sql`(${key.column} is null and ${idColumn} ${comparison} ${position.id}::uuid)`;
  const value = sql`${position.value}::${sql.raw(CURSOR_CASTS[key.kind])}`;
  const after = sql`(${key.column}, ${idColumn}) ${comparison} (${value}, ${position.id}::uuid)`;
  return key.nullable ? sql`(${after} or ${key.column} is null)` : sql`(${after})`;
}

export function keysetOrder(key: SortKey, idColumn: AnyPgColumn, order: SortOrder): SQL[] {
  if (order === 'asc') return [key.nullable ? sql`${key.column} asc nulls last` : asc(key.column), asc(idColumn)];
  // Spelt "nulls last" even for columns that cannot be null, to match the indexes as drizzle-kit writes them.
  return [sql`${key.column} desc nulls last`, sql`${idColumn} desc nulls last`];
}
