import type { Readable } from 'node:stream';
import { commonErrors, raise } from '../../http/app-error.ts';
import { rateLimits } from '../../http/rate-limits.ts';
import { translate, type Locale } from '../../i18n/i18n.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { accessErrors } from '../access/access.errors.ts';
import { recordId, type CrmCaller } from '../access/access.service.ts';
import type { ContactService } from '../contacts/contact.service.ts';
import type { CustomerService } from '../customers/customer.service.ts';
import { csvStream } from '../exports/export-format.ts';
import { checkImport } from './import-check.ts';
import { importFormatOf, parseImportFile } from './import-file.ts';
import { fieldList, suggestMapping, type ImportRecordType } from './import-fields.ts';
import { validateMapping } from './import-mapping.ts';
import { IMPORT_QUEUE, type ImportRunner } from './import.jobs.ts';
import { importErrors } from './import.errors.ts';
import type { ImportRepository, ImportRow } from './import.repository.ts';
import type { DuplicateMode, Import, ImportListQuery, ImportPreview, Issue, RunInput } from './import.schema.ts';
import type { crmImportIssues } from './import.tables.ts';

const SAMPLE_ROWS = 10;
/** Characters of a header or preview cell kept on the import row (a cell may be huge; the preview only shows it). */
const MAX_PREVIEW_CELL = 500;
/** Roles that read every import of their organisation (and may cancel them); others see their own. */
const ORGANISATION_WIDE_ROLES: readonly string[] = ['owner', 'admin'];

type IssueRow = typeof crmImportIssues.$inferSelect;

export function issueMessage(locale: Locale, issue: Pick<IssueRow, 'code' | 'params'>): string {
  return translate(locale, `crmImport.issues.${issue.code}`, issue.params);
}

function toIssue(
  locale: Locale,
  issue: Pick<IssueRow, 'row' | 'field' | 'code' | 'params' | 'value' | 'outcome'>,
): Issue {
  return {
    row: issue.row,
    field: issue.field,
    code: issue.code,
    message: issueMessage(locale, issue),
    value: issue.value,
    outcome: issue.outcome === 'skipped' ? 'skipped' : 'error',
  };
}

function toImport(view: { row: ImportRow; createdByName: string }): Import {
  const { row } = view;
  return {
    id: row.id,
    recordType: row.recordType as ImportRecordType,
    fileName: row.fileName,
    format: row.format === 'xlsx' ? 'xlsx' : 'csv',
    status: row.status as Import['status'],
    duplicateMode: row.duplicateMode as DuplicateMode | null,
    mapping: row.mapping ?? null,
    totalRows: row.totalRows,
    processedRows: row.processedRows,
    createdCount: row.createdCount,
    updatedCount: row.updatedCount,
    skippedCount: row.skippedCount,
    errorCount: row.errorCount,
    createdBy: { id: row.createdBy, name: view.createdByName },
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    failureReason: row.failureReason,
  };
}

/** CSV/XLSX imports of customers and contacts: upload + preview, dry run, start (a pg-boss job), progress, the row report. */
export class ImportService {
  private readonly repository: ImportRepository;

  constructor(
    private readonly runner: ImportRunner,
    private readonly jobs: JobQueue,
    private readonly customers: CustomerService,
    private readonly contacts: ContactService,
    private readonly maxRows: number,
  ) {
    this.repository = runner.repository;
  }

  /** An import the caller may read: his own, or any of his organisation for owners and admins; else 404. */
  private async readable(caller: CrmCaller, rawId: string) {
    const view = await this.repository.find(caller.user.orgId, recordId(rawId));
    if (!view) raise(accessErrors.NOT_FOUND);
    if (view.row.createdBy !== caller.user.id && !ORGANISATION_WIDE_ROLES.includes(caller.user.role)) {
      raise(accessErrors.NOT_FOUND);
    }
    return view;
  }

  /** Only the importer configures and starts his import (it runs with his rights); an admin who reads it gets 403. */
  private async ownImport(caller: CrmCaller, rawId: string) {
    const view = await this.readable(caller, rawId);
    if (view.row.createdBy !== caller.user.id) raise(commonErrors.FORBIDDEN);
    return view;
  }

  private preview(row: ImportRow): ImportPreview {
    const recordType = row.recordType as ImportRecordType;
    return {
      headers: row.headers,
      sampleRows: row.sampleRows,
      totalRows: row.totalRows,
      fields: fieldList(recordType),
      suggestedMapping: suggestMapping(recordType, row.headers),
    };
  }

  /** Before the body is read: at most rateLimits.importUploadsPerUser uploads per member and hour, else 429. */
  async assertUploadAllowed(caller: CrmCaller): Promise<void> {
    const { max, windowMinutes } = rateLimits.importUploadsPerUser;
    const recent = await this.repository.countUploadsSince(
      caller.user.id,
      new Date(Date.now() - windowMinutes * 60_000),
    );
    if (recent >= max)
      {raise(commonErrors.RATE_LIMITED, { minutes: windowMinutes }, { 'retry-after': String(windowMinutes * 60) });}
  }

  async upload(
    caller: CrmCaller,
    recordType: ImportRecordType,
    fileName: string,
    content: Uint8Array,
  ): Promise<{ import: Import; preview: ImportPreview }> {
    const format = importFormatOf(fileName, content);
    const parsed = await parseImportFile(format, content, this.maxRows);
    const row = await this.repository.insert(
      {
        orgId: caller.user.orgId,
        createdBy: caller.user.id,
        recordType,
        fileName: fileName.slice(0, 255),
        format,
        headers: parsed.headers.map((header) => header.slice(0, MAX_PREVIEW_CELL)),
        sampleRows: parsed.rows
          .slice(0, SAMPLE_ROWS)
          .map((entry) => entry.cells.map((cell) => cell.slice(0, MAX_PREVIEW_CELL))),
        totalRows: parsed.rows.length,
      },
      content,
    );
    return { import: toImport({ row, createdByName: caller.user.name }), preview: this.preview(row) };
  }

  async get(caller: CrmCaller, rawId: string): Promise<Import> {
    return toImport(await this.readable(caller, rawId));
  }

  async getPreview(caller: CrmCaller, rawId: string): Promise<ImportPreview> {
    return this.preview((await this.readable(caller, rawId)).row);
  }

  private async planFor(caller: CrmCaller, row: ImportRow, input: RunInput) {
    if (row.status !== 'uploaded') raise(importErrors.ALREADY_STARTED);
    const recordType = row.recordType as ImportRecordType;
    validateMapping(recordType, row.headers, input.mapping);
    return { caller, recordType, headers: row.headers, mapping: input.mapping, duplicateMode: input.duplicateMode };
  }

  async check(caller: CrmCaller, rawId: string, input: RunInput, locale: Locale) {
    const { row } = await this.ownImport(caller, rawId);
    const plan = await this.planFor(caller, row, input);
    const content = await this.repository.file(row.id);
    if (!content) raise(importErrors.ALREADY_STARTED);
    const parsed = await parseImportFile(row.format === 'xlsx' ? 'xlsx' : 'csv', content, Number.MAX_SAFE_INTEGER);
    const result = await checkImport(plan, parsed.rows, this.customers, this.contacts, this.repository.db);
    return { ...result, issues: result.issues.map((issue) => toIssue(locale, issue)) };
  }

  async start(caller: CrmCaller, rawId: string, input: RunInput): Promise<Import> {
    const view = await this.ownImport(caller, rawId);
    await this.planFor(caller, view.row, input);
    const started = await this.repository.claimStart(
      caller.user.orgId,
      view.row.id,
      input.mapping,
      input.duplicateMode,
    );
    if (!started) raise(importErrors.ALREADY_STARTED);
    await this.jobs.send(IMPORT_QUEUE, { importId: started.id });
    return toImport({ row: started, createdByName: view.createdByName });
  }

  async cancel(caller: CrmCaller, rawId: string): Promise<Import> {
    const view = await this.readable(caller, rawId);
    const ended = await this.runner.end(view.row.id, 'cancelled', null, ['uploaded', 'queued', 'running']);
    if (!ended) raise(importErrors.ALREADY_FINISHED);
    return toImport({ row: ended, createdByName: view.createdByName });
  }

  async issues(caller: CrmCaller, rawId: string, cursor: string | undefined, limit: number, locale: Locale) {
    const { row } = await this.readable(caller, rawId);
    if (cursor !== undefined && !/^\d{1,10}$/.test(cursor)) raise(commonErrors.VALIDATION_FAILED);
    const after = cursor === undefined ? null : Number(cursor);
    const rows = await this.repository.issuesPage(row.id, after, limit);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return {
      items: items.map((issue) => toIssue(locale, issue)),
      nextCursor: rows.length > limit && last ? String(last.id) : null,
    };
  }

  /** The row report as CSV (UTF-8 with BOM, formula-looking cells neutralised like every export). */
  async issuesCsv(caller: CrmCaller, rawId: string, locale: Locale): Promise<{ stream: Readable; fileName: string }> {
    const { row } = await this.readable(caller, rawId);
    const repository = this.repository;
    async function* all() {
      let after: number | null = null;
      for (;;) {
        const page = await repository.issuesPage(row.id, after, 500);
        for (const issue of page.slice(0, 500)) yield issue;
        const last = page.at(499);
        if (page.length <= 500 || !last) return;
        after = last.id;
      }
    }
    const header = (key: string) => translate(locale, `crmImport.report.${key}`);
    const stream = csvStream<IssueRow>(
      [
        { header: header('row'), width: 8, value: (issue) => issue.row },
        { header: header('column'), width: 20, value: (issue) => issue.column },
        { header: header('field'), width: 16, value: (issue) => issue.field },
        { header: header('problem'), width: 60, value: (issue) => issueMessage(locale, issue) },
        { header: header('value'), width: 40, value: (issue) => issue.value },
      ],
      all(),
    );
    return {
      stream,
      fileName: `${translate(locale, 'crmImport.report.fileName')}-${row.createdAt.toISOString().slice(0, 10)}.csv`,
    };
  }

  async list(caller: CrmCaller, query: ImportListQuery) {
    const everyone = ORGANISATION_WIDE_ROLES.includes(caller.user.role);
    const after = decodeListCursor(query.cursor);
    const rows = await this.repository.page(
      caller.user.orgId,
      everyone ? null : caller.user.id,
      query.recordType,
      after,
      query.limit,
    );
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    return {
      items: items.map(toImport),
      nextCursor:
        rows.length > query.limit && last
          ? Buffer.from(`${last.row.createdAt.toISOString()}|${last.row.id}`).toString('base64url')
          : null,
    };
  }
}

/** A list cursor (created_at|id, base64url); anything else is a 400. */
function decodeListCursor(cursor: string | undefined): { createdAt: Date; id: string } | null {
  if (!cursor) return null;
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at ?? '');
  if (Number.isNaN(createdAt.getTime()) || !id || !/^[0-9a-f-]{36}$/.test(id)) raise(commonErrors.VALIDATION_FAILED);
  return { createdAt, id };
}
