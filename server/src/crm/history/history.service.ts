import type { SQL } from 'drizzle-orm';
import { raise } from '../../http/app-error.ts';
import { recordErrors } from '../shared/crm.errors.ts';
import type { Executor } from '../shared/database.ts';
import type { FieldChanges } from './history.tables.ts';
import { HistoryRepository, type ChangeEntry } from './history.repository.ts';

function comparable(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value ?? null);
}

/** The fields whose value differs, as {field: {from, to}}; null when nothing changed. */
export function diffFields<Row extends Record<string, unknown>>(before: Row, after: Partial<Row>, fields: readonly (keyof Row & string)[]): FieldChanges | null {
  const changes: FieldChanges = {};
  for (const field of fields) {
    if (!(field in after) || after[field] === undefined) continue;
    if (comparable(before[field]) !== comparable(after[field])) changes[field] = { from: before[field] ?? null, to: after[field] ?? null };
  }
  return Object.keys(changes).length > 0 ? changes : null;
}

/** A new record's filled-in fields, as changes from nothing. */
export function initialFields<Row extends Record<string, unknown>>(row: Row, fields: readonly (keyof Row & string)[]): FieldChanges | null {
  const changes: FieldChanges = {};
  for (const field of fields) {
    const value = row[field];
    if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    changes[field] = { from: null, to: value };
  }
  return Object.keys(changes).length > 0 ? changes : null;
}

/** Record history: written in the same transaction as the change it describes; read as a customer's timeline. */
export class HistoryService {
  private readonly repository = new HistoryRepository();

  async record(executor: Executor, entries: ChangeEntry[]): Promise<void> {
    if (entries.length > 0) await this.repository.insert(executor, entries);
  }

  /** `visible` is the caller's scope on crm_customers; the customer itself was checked by the caller. */
  async customerTimeline(executor: Executor, customerId: string, visible: SQL, cursor: string | undefined, limit: number) {
    let before: number | null = null;
    if (cursor !== undefined) {
      if (!/^\d{1,15}$/.test(cursor)) raise(recordErrors.BAD_CURSOR);
      before = Number(cursor);
    }
    const rows = await this.repository.listForCustomer(executor, customerId, visible, before, limit);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(({ seq: _seq, ...item }) => ({ ...item, contactName: item.recordType === 'contact' ? item.contactName : null })),
      nextCursor: rows.length > limit && last ? String(last.seq) : null,
    };
  }
}

export type { ChangeEntry };
