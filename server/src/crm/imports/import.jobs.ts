import { eq } from 'drizzle-orm';
import { hasPermission } from '../../identity/roles.ts';
import { organizations } from '../../identity/orgs/org.tables.ts';
import type { IdentityDependencies } from '../../identity/services.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import type { AccessService, CrmCaller } from '../access/access.service.ts';
import type { ContactService } from '../contacts/contact.service.ts';
import type { CustomerService } from '../customers/customer.service.ts';
import { parseImportFile, type ImportFormat } from './import-file.ts';
import type { ImportRecordType } from './import-fields.ts';
import { ImportRepository, type BatchProgress, type ImportRow as ImportRecord } from './import.repository.ts';
import { ImportRows } from './import-rows.ts';
import type { DuplicateMode } from './import.schema.ts';

export const IMPORT_QUEUE = 'crm.import';
/** Rows per transaction: records, their history rows, the issues and the progress commit together. */
export const IMPORT_BATCH_SIZE = 500;
/**
 * The embedded database (PGlite) runs one statement at a time for the whole process: back-to-back batch transactions
 * would hold every page and progress poll until the import ends. A short breath between batches lets them through (a
 * PostgreSQL server has a connection per request and needs none).
 */
const PGLITE_PAUSE_MS = 40;
/** Failed runs of one import (each already retried by pg-boss) before it is given up as failed. */
const MAX_FAILED_RUNS = 3;

/** Why an import failed (failure_reason), for the web app to explain. */
export type ImportFailure = 'importer_not_allowed' | 'file_missing' | 'file_unreadable' | 'internal_error';

export interface RunOptions {
  /** Tests: return after this many batches, as a process that died between two batches would. */
  stopAfterBatches?: number;
  /** Tests: runs inside each batch's transaction after its rows are written (throwing rolls the batch back). */
  afterBatchWrites?: (batch: number) => void;
}

/**
 * Runs imports in batches. Each batch locks the import row, reads how far it got, imports the next rows and advances
 * the counters in ONE transaction, so after a crash, a restart or a second worker on the same import (start-up
 * re-queue while pg-boss retries) every row is imported exactly once: a batch either committed with its progress or
 * did not happen. A cancel waits for the running batch and stops the next one.
 */
export class ImportRunner {
  readonly repository: ImportRepository;
  private readonly failedRuns = new Map<string, number>();

  constructor(
    private readonly identity: IdentityDependencies,
    private readonly access: AccessService,
    private readonly customers: CustomerService,
    private readonly contacts: ContactService,
    private readonly batchSize = IMPORT_BATCH_SIZE,
  ) {
    this.repository = new ImportRepository(identity.db);
  }

  /**
   * The importer as he is now: still active, still allowed to write CRM records, with his current data scope. A
   * member demoted or deactivated mid-import stops it instead of writing with rights he no longer has.
   */
  private async callerOf(record: ImportRecord): Promise<CrmCaller | undefined> {
    const user = await this.identity.users.findInOrg(record.orgId, record.createdBy);
    if (user?.status !== 'active' || !hasPermission(user.role, 'crm.write')) return undefined;
    const [organization] = await this.identity.db
      .select({ securityPolicy: organizations.securityPolicy })
      .from(organizations)
      .where(eq(organizations.id, record.orgId));
    return {
      scope: await this.access.scopeFor(user),
      user,
      phoneRegion: organization?.securityPolicy.recovery.phoneRegion ?? null,
      context: {},
    };
  }

  async run(importId: string, options: RunOptions = {}): Promise<void> {
    try {
      await this.runOnce(importId, options);
      this.failedRuns.delete(importId);
    } catch (error) {
      // pg-boss retries the job; a run that keeps failing ends the import instead of retrying it for ever.
      const failures = (this.failedRuns.get(importId) ?? 0) + 1;
      this.failedRuns.set(importId, failures);
      if (failures < MAX_FAILED_RUNS) throw error;
      this.failedRuns.delete(importId);
      await this.end(importId, 'failed', 'internal_error');
    }
  }

  private async runOnce(importId: string, options: RunOptions): Promise<void> {
    const record = await this.repository.findById(importId);
    if (record?.status !== 'queued' && record?.status !== 'running') return;
    await this.repository.markRunning(importId);
    const caller = await this.callerOf(record);
    if (!caller) {
      await this.end(importId, 'failed', 'importer_not_allowed');
      return;
    }
    const content = await this.repository.file(importId);
    if (!content) {
      await this.end(importId, 'failed', 'file_missing');
      return;
    }
    let rows;
    try {
      rows = (await parseImportFile(record.format as ImportFormat, content, Number.MAX_SAFE_INTEGER)).rows;
    } catch {
      await this.end(importId, 'failed', 'file_unreadable');
      return;
    }
    const processor = new ImportRows(
      {
        caller,
        recordType: record.recordType as ImportRecordType,
        headers: record.headers,
        mapping: record.mapping ?? {},
        duplicateMode: (record.duplicateMode ?? 'skip') as DuplicateMode,
      },
      this.customers,
      this.contacts,
    );
    await processor.loadOwners(rows);
    for (let batch = 1; ; batch += 1) {
      const step = await this.identity.db.transaction(async (transaction) => {
        const locked = await this.repository.lock(transaction, importId);
        if (locked?.status !== 'running') return 'stop';
        const start = locked.processedRows;
        if (start >= rows.length) return 'done';
        const slice = rows.slice(start, start + this.batchSize);
        const progress: BatchProgress = {
          processedRows: start + slice.length,
          created: 0,
          updated: 0,
          skipped: 0,
          errors: 0,
        };
        const issues = [];
        for (const outcome of await processor.applyBatch(transaction, slice)) {
          if (!('issues' in outcome)) {
            if (outcome.kind === 'created') progress.created += 1;
            else progress.updated += 1;
            continue;
          }
          if (outcome.kind === 'skipped') progress.skipped += 1;
          else progress.errors += 1;
          issues.push(...outcome.issues.map((issue) => ({ ...issue, importId })));
        }
        await this.repository.insertIssues(transaction, issues);
        await this.repository.advance(transaction, importId, progress);
        options.afterBatchWrites?.(batch);
        return 'more';
      });
      if (step === 'stop') return;
      if (step === 'done') {
        await this.end(importId, 'completed', null);
        return;
      }
      if (options.stopAfterBatches !== undefined && batch >= options.stopAfterBatches) return;
      if (this.identity.config.databaseUrl === undefined) await new Promise((resolve) => setTimeout(resolve, PGLITE_PAUSE_MS));
    }
  }

  /** Ends the import (its bytes are dropped) and records crm_imported once, by whichever worker ended it. */
  async end(
    importId: string,
    status: 'completed' | 'failed' | 'cancelled',
    failureReason: ImportFailure | null,
    from?: readonly string[],
  ): Promise<ImportRecord | undefined> {
    const ended = await this.repository.finish(importId, status, failureReason, from);
    if (!ended) return undefined;
    const actor = await this.identity.users.findById(ended.createdBy);
    await this.identity.audit.record({
      action: 'crm_imported',
      orgId: ended.orgId,
      actorUserId: ended.createdBy,
      actorLabel: actor?.email ?? null,
      details: {
        recordType: ended.recordType,
        status,
        ...(failureReason ? { failureReason } : {}),
        rows: ended.totalRows,
        processed: ended.processedRows,
        created: ended.createdCount,
        updated: ended.updatedCount,
        skipped: ended.skippedCount,
        errors: ended.errorCount,
      },
    });
    return ended;
  }

  /** Imports left queued or running by a process that stopped: queued again (a second worker on one is harmless). */
  async resume(jobs: JobQueue): Promise<number> {
    const unfinished = await this.repository.unfinished();
    for (const entry of unfinished) await jobs.send(IMPORT_QUEUE, { importId: entry.id });
    return unfinished.length;
  }
}

/** The import queue; start() re-queues what a previous process left unfinished. */
export function registerImportJobs(runner: ImportRunner, jobs: JobQueue, onError: (error: unknown) => void) {
  jobs.define(
    IMPORT_QUEUE,
    async (data) => {
      if (typeof data.importId === 'string') await runner.run(data.importId);
    },
    { retryLimit: MAX_FAILED_RUNS, retryDelaySeconds: 5 },
  );
  return {
    start() {
      runner.resume(jobs).catch(onError);
    },
  };
}
