import type { Readable } from 'node:stream';
import { raise } from '../../http/app-error.ts';
import { translate, type Locale } from '../../i18n/i18n.ts';
import type { CrmCaller } from '../access/access.service.ts';
import type { ContactService } from '../contacts/contact.service.ts';
import type { Contact } from '../contacts/contact.schema.ts';
import type { CrmDependencies } from '../crm.dependencies.ts';
import type { Customer } from '../customers/customer.schema.ts';
import type { CustomerService } from '../customers/customer.service.ts';
import type { Lead } from '../leads/lead.schema.ts';
import type { LeadService } from '../leads/lead.service.ts';
import { calendarDay, wallClock } from '../../i18n/time-zone.ts';
import { contentTypes, csvStream, xlsxStream, type CellValue, type ExportColumn } from './export-format.ts';
import { exportErrors } from './export.errors.ts';
import { type ContactExportQuery, type CustomerExportQuery, type ExportFormat, type LeadExportQuery } from './export.schema.ts';

/** Rows fetched per query: the list's own keyset pages, larger than a screen's. */
const BATCH_SIZE = 500;

export interface ExportFile {
  stream: Readable;
  contentType: string;
  fileName: string;
  asciiFileName: string;
  /** Rows in the file (counted when the export starts; rows added meanwhile are left out). */
  rows: number;
}

interface Page<Row> {
  items: Row[];
  nextCursor: string | null;
}

type RecordType = 'customer' | 'contact' | 'lead';

/** Where each kind's sheet and file names are translated. */
const namesOf: Record<RecordType, { plural: string; keys: string }> = {
  customer: { plural: 'customers', keys: 'crmExport.customers' },
  contact: { plural: 'contacts', keys: 'crmExport.contacts' },
  lead: { plural: 'leads', keys: 'crmLeadExport' },
};

/**
 * Exports of the customer, contact and lead lists to CSV or XLSX. Rows come from the lists' own service calls (same scope
 * SQL, same filters, same keyset order) in batches, so an export holds exactly what the caller's list shows and never
 * sits in memory whole. Permission and step-up are the route's; this records the audit event before the first byte.
 */
export class ExportService {
  constructor(
    private readonly deps: CrmDependencies,
    private readonly customers: CustomerService,
    private readonly contacts: ContactService,
    private readonly leads: LeadService,
    /**
     * EXPORT_MAX_ROWS (100,000 by default). A larger result is refused (400 crm.export_too_large) rather than cut
     * short: a silently truncated file gets passed around as if it were complete. Narrowing the filters is the way.
     */
    private readonly maxRows: number,
  ) {}

  async exportCustomers(caller: CrmCaller, query: CustomerExportQuery, locale: Locale): Promise<ExportFile> {
    const { format, tz, ...listQuery } = query;
    const first = await this.customers.list(caller, { ...listQuery, limit: BATCH_SIZE });
    const total = first.total ?? 0;
    const next = (cursor: string) => this.customers.list(caller, { ...listQuery, cursor, limit: BATCH_SIZE });
    return this.build(caller, 'customer', format, listQuery, locale, tz, total, pages(first, next, total), customerColumns(locale, tz));
  }

  async exportContacts(caller: CrmCaller, query: ContactExportQuery, locale: Locale): Promise<ExportFile> {
    const { format, tz, ...listQuery } = query;
    const total = await this.contacts.count(caller, listQuery);
    const first = await this.contacts.list(caller, { ...listQuery, limit: BATCH_SIZE });
    const next = (cursor: string) => this.contacts.list(caller, { ...listQuery, cursor, limit: BATCH_SIZE });
    return this.build(caller, 'contact', format, listQuery, locale, tz, total, pages(first, next, total), contactColumns(locale, tz));
  }

  async exportLeads(caller: CrmCaller, query: LeadExportQuery, locale: Locale): Promise<ExportFile> {
    const { format, tz, ...listQuery } = query;
    const first = await this.leads.list(caller, { ...listQuery, limit: BATCH_SIZE });
    const total = first.total ?? 0;
    const next = (cursor: string) => this.leads.list(caller, { ...listQuery, cursor, limit: BATCH_SIZE });
    return this.build(caller, 'lead', format, listQuery, locale, tz, total, pages(first, next, total), leadColumns(locale, tz));
  }

  private async build<Row>(caller: CrmCaller, recordType: RecordType, format: ExportFormat, filters: Record<string, unknown>, locale: Locale, zone: string, total: number, rows: AsyncIterable<Row>, columns: ExportColumn<Row>[]): Promise<ExportFile> {
    if (total > this.maxRows) raise(exportErrors.TOO_LARGE, { max: this.maxRows.toLocaleString('en'), rows: total.toLocaleString('en') });
    // Recorded before the file is sent: an export that fails half-way was still an attempt to take the data out.
    await this.deps.identity.audit.record(
      {
        action: 'crm_exported',
        orgId: caller.user.orgId,
        actorUserId: caller.user.id,
        actorLabel: caller.user.email,
        details: { recordType, format, rows: total, filters: usedFilters(filters) },
      },
      caller.context,
    );
    const { plural, keys } = namesOf[recordType];
    // The requester's calendar day and clock: a team in Shanghai exporting at 07:00 gets today's date, not yesterday's.
    const date = calendarDay(new Date(), zone);
    const zoned = columns.map((column) => (column.timestamp ? { ...column, value: (row: Row) => inZone(column.value(row), zone) } : column));
    const stream = format === 'csv' ? csvStream(zoned, rows) : xlsxStream(translate(locale, `${keys}.sheet`), zoned, rows);
    return {
      stream,
      contentType: contentTypes[format],
      fileName: `${translate(locale, `${keys}.fileName`)}-${date}.${format}`,
      asciiFileName: `${plural}-${date}.${format}`,
      rows: total,
    };
  }
}

function inZone(value: CellValue, zone: string): CellValue {
  return value instanceof Date ? wallClock(value, zone) : value;
}

/** The list's pages from the first on, stopping at `total` rows so the file never holds more than was audited. */
async function* pages<Row extends { id: string }>(first: Page<Row>, next: (cursor: string) => Promise<Page<Row>>, total: number): AsyncGenerator<Row> {
  let page = first;
  let emitted = 0;
  for (;;) {
    for (const row of page.items) {
      if (emitted >= total) return;
      emitted += 1;
      yield row;
    }
    if (!page.nextCursor) return;
    page = await next(page.nextCursor);
  }
}

/** The filters as the caller sent them, without the empty ones (the audit log's record of what was taken). */
function usedFilters(filters: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== undefined && value !== ''));
}

function label(locale: Locale, group: string, value: string | null): string | null {
  if (value === null) return null;
  const key = `${group}.${value}`;
  const translated = translate(locale, key);
  return translated === key ? value : translated;
}

function customerColumns(locale: Locale, zone: string): ExportColumn<Customer>[] {
  const header = (name: string) => translate(locale, `crmExport.customers.columns.${name}`, { zone });
  return [
    { header: header('name'), width: 32, value: (row) => row.name },
    { header: header('owner'), width: 16, value: (row) => row.ownerName ?? translate(locale, 'crmExport.publicPool') },
    { header: header('level'), width: 8, value: (row) => row.level },
    { header: header('status'), width: 12, value: (row) => label(locale, 'crmExport.status', row.status) },
    { header: header('source'), width: 14, value: (row) => label(locale, 'crmExport.source', row.source) },
    { header: header('industry'), width: 16, value: (row) => row.industry },
    { header: header('phone'), width: 18, value: (row) => row.phone },
    { header: header('website'), width: 24, value: (row) => row.website },
    { header: header('address'), width: 32, value: (row) => row.address },
    { header: header('tags'), width: 20, value: (row) => row.tags.join(translate(locale, 'crmExport.listSeparator')) },
    { header: header('contacts'), width: 10, value: (row) => row.contactCount },
    { header: header('deals'), width: 10, value: (row) => row.dealCount },
    { header: header('lastFollowUpAt'), width: 20, value: (row) => row.lastFollowUpAt, timestamp: true },
    { header: header('createdAt'), width: 20, value: (row) => row.createdAt, timestamp: true },
    { header: header('updatedAt'), width: 20, value: (row) => row.updatedAt, timestamp: true },
    { header: header('notes'), width: 40, value: (row) => row.notes },
  ];
}

function contactColumns(locale: Locale, zone: string): ExportColumn<Contact>[] {
  const header = (name: string) => translate(locale, `crmExport.contacts.columns.${name}`, { zone });
  return [
    { header: header('name'), width: 20, value: (row) => row.name },
    { header: header('customer'), width: 32, value: (row) => row.customerName },
    { header: header('title'), width: 16, value: (row) => row.title },
    { header: header('mobile'), width: 18, value: (row) => row.mobile },
    { header: header('email'), width: 28, value: (row) => row.email },
    { header: header('wechat'), width: 16, value: (row) => row.wechat },
    { header: header('primary'), width: 10, value: (row) => translate(locale, row.isPrimary ? 'crmExport.yes' : 'crmExport.no') },
    { header: header('createdAt'), width: 20, value: (row) => row.createdAt, timestamp: true },
    { header: header('updatedAt'), width: 20, value: (row) => row.updatedAt, timestamp: true },
    { header: header('notes'), width: 40, value: (row) => row.notes },
  ];
}

function leadColumns(locale: Locale, zone: string): ExportColumn<Lead>[] {
  const header = (name: string) => translate(locale, `crmLeadExport.columns.${name}`, { zone });
  return [
    { header: header('name'), width: 20, value: (row) => row.name },
    { header: header('company'), width: 32, value: (row) => row.company },
    { header: header('owner'), width: 16, value: (row) => row.ownerName ?? translate(locale, 'crmExport.publicPool') },
    { header: header('status'), width: 12, value: (row) => label(locale, 'crmLeadExport.status', row.status) },
    { header: header('unqualifiedReason'), width: 24, value: (row) => row.unqualifiedReason },
    { header: header('source'), width: 14, value: (row) => label(locale, 'crmExport.source', row.source) },
    { header: header('phone'), width: 18, value: (row) => row.phone },
    { header: header('email'), width: 28, value: (row) => row.email },
    { header: header('convertedAt'), width: 20, value: (row) => row.convertedAt, timestamp: true },
    { header: header('createdAt'), width: 20, value: (row) => row.createdAt, timestamp: true },
    { header: header('updatedAt'), width: 20, value: (row) => row.updatedAt, timestamp: true },
    { header: header('notes'), width: 40, value: (row) => row.notes },
  ];
}
