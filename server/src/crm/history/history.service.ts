import { inArray, ne, or, type SQL } from 'drizzle-orm';
import { raise } from '../../http/app-error.ts';
import { visibleRecords, type CrmScope } from '../access/access.service.ts';
import { recordErrors } from '../shared/crm.errors.ts';
import type { Executor } from '../shared/database.ts';
import type { FieldChanges } from './history.tables.ts';
import { crmRecordChanges } from './history.tables.ts';
import { webhookOutbox } from '../webhooks/webhook-outbox.ts';
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

/**
 * A record kind with a data scope of its own (contracts…) whose rows sit on its customer's timeline: `visibleIds` is a
 * subquery of the ids the scope may see, so the timeline never shows such a record to someone who may not open it.
 */
export interface TimelineRecordScope {
  recordType: ChangeEntry['recordType'];
  visibleIds(scope: CrmScope): SQL;
}

/** Record history: written in the same transaction as the change it describes; read as a customer's or a record's timeline. */
export class HistoryService {
  private readonly repository = new HistoryRepository();

  constructor(private readonly recordScopes: readonly TimelineRecordScope[] = []) {}

  async record(executor: Executor, entries: ChangeEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // Same statement as the history rows: outgoing webhooks fire exactly for the changes that commit, and an
    // organisation without endpoints pays nothing extra (crm/webhooks).
    await this.repository.insert(executor, entries, webhookOutbox);
  }

  /** The customer's timeline under the caller's scope; the customer itself was checked by the caller. */
  async customerTimeline(executor: Executor, customerId: string, scope: CrmScope, cursor: string | undefined, limit: number) {
    const rowsShown = this.recordScopes.map((recordScope) => or(ne(crmRecordChanges.recordType, recordScope.recordType), inArray(crmRecordChanges.recordId, recordScope.visibleIds(scope))) as SQL);
    const rows = await this.repository.listForCustomer(executor, customerId, visibleRecords(scope), rowsShown, beforeOf(cursor), limit);
    return pageOf(rows, limit);
  }

  /** One record's own history (a contract's, with its payments); the caller checked that it may see the record. */
  async recordTimeline(executor: Executor, recordType: ChangeEntry['recordType'], recordId: string, cursor: string | undefined, limit: number) {
    return pageOf(await this.repository.listForRecord(executor, recordType, recordId, beforeOf(cursor), limit), limit);
  }
}

function beforeOf(cursor: string | undefined): number | null {
  if (cursor === undefined) return null;
  if (!/^\d{1,15}$/.test(cursor)) raise(recordErrors.BAD_CURSOR);
  return Number(cursor);
}

type TimelineRow = Awaited<ReturnType<HistoryRepository['listForRecord']>>[number];

function pageOf(rows: TimelineRow[], limit: number) {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(({ seq: _seq, ...item }) => ({
      ...item,
      contactName: item.recordType === 'contact' ? item.contactName : null,
      recordLabel: item.recordType === 'customer' ? null : item.recordLabel,
    })),
    nextCursor: rows.length > limit && last ? String(last.seq) : null,
  };
}

export type { ChangeEntry };
