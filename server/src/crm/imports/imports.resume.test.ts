import { and, eq, inArray, like } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { uniqueName, useCrmOrganization } from '../../../test/crm.ts';
import { csvFile, uploaded, waitForImport } from '../../../test/imports.ts';
import { auditEvents } from '../../audit/audit.tables.ts';
import { AccessService } from '../access/access.service.ts';
import { ContactService } from '../contacts/contact.service.ts';
import type { CrmDependencies } from '../crm.dependencies.ts';
import { CustomerService } from '../customers/customer.service.ts';
import { crmCustomers } from '../customers/customer.tables.ts';
import { HistoryService } from '../history/history.service.ts';
import { crmRecordChanges } from '../history/history.tables.ts';
import { users } from '../../identity/users/user.tables.ts';
import { TeamService } from '../teams/team.service.ts';
import { ImportRunner } from './import.jobs.ts';
import { crmImportIssues, crmImports } from './import.tables.ts';

const ROWS = 23;
const BATCH = 5;

/**
 * Resumability: a run that stops between batches (the process died) or fails inside one (rolled back) is picked up by
 * the start-up re-queue through pg-boss, and every row ends up imported exactly once, with exactly one history row.
 */
describe('CRM imports: resume after a crash', () => {
  const org = useCrmOrganization();

  /** A second "process": its own services and a runner with small batches, on the same database. */
  const runner = () => {
    const identity = org.testApp.context.identity;
    const teams = new TeamService(identity);
    const deps: CrmDependencies = {
      identity,
      teams,
      access: new AccessService(teams),
      history: new HistoryService(),
      customerCascades: [],
    };
    return new ImportRunner(identity, deps.access, new CustomerService(deps), new ContactService(deps), BATCH);
  };

  /** Uploads ROWS customers (plus one invalid row) and marks the import started without queuing a job. */
  const prepared = async (prefix: string) => {
    const names = Array.from({ length: ROWS }, (_, index) => `${prefix} ${String(index).padStart(2, '0')}`);
    const rows = [
      ['Name', 'Level'],
      ...names.slice(0, 7).map((name) => [name, 'A']),
      ['', 'B'],
      ...names.slice(7).map((name) => [name, 'C']),
    ];
    const id = await uploaded(org.testApp, org.salesA.client, 'customer', 'resume.csv', csvFile(rows));
    const started = await runner().repository.claimStart(
      (await org.db.select({ orgId: crmImports.orgId }).from(crmImports).where(eq(crmImports.id, id)))[0]?.orgId ?? '',
      id,
      { '0': 'name', '1': 'level' },
      'skip',
    );
    expect(started?.status).toBe('queued');
    return { id, names };
  };

  const importedExactlyOnce = async (id: string, prefix: string, names: string[]) => {
    const rows = await org.db
      .select()
      .from(crmCustomers)
      .where(like(crmCustomers.name, `${prefix} %`));
    expect(rows.map((row) => row.name).sort()).toEqual(names);
    const history = await org.db
      .select()
      .from(crmRecordChanges)
      .where(
        inArray(
          crmRecordChanges.recordId,
          rows.map((row) => row.id),
        ),
      );
    expect(history.filter((entry) => entry.action === 'created')).toHaveLength(ROWS);
    const issues = await org.db.select().from(crmImportIssues).where(eq(crmImportIssues.importId, id));
    expect(issues.map((issue) => [issue.row, issue.code])).toEqual([[9, 'required']]);
    const audits = await org.db.select().from(auditEvents).where(eq(auditEvents.action, 'crm_imported'));
    expect(
      audits.filter(
        (event) =>
          (event.details as { processed?: number }).processed === ROWS + 1 && event.actorUserId === org.salesA.id,
      ).length,
    ).toBeGreaterThan(0);
  };

  it('a run that dies between batches and one whose batch fails are resumed by the start-up re-queue; every row once', async () => {
    const prefix = uniqueName('Resume');
    const { id, names } = await prepared(prefix);

    // Process 1 gets two batches done, then "dies".
    await runner().run(id, { stopAfterBatches: 2 });
    const [afterTwo] = await org.db.select().from(crmImports).where(eq(crmImports.id, id));
    expect(afterTwo).toMatchObject({
      status: 'running',
      processedRows: 2 * BATCH,
      createdCount: 2 * BATCH - 1,
      errorCount: 1,
    });

    // Process 2 fails in the middle of its first batch: the batch's records, history and progress roll back together.
    await expect(
      runner().run(id, {
        afterBatchWrites: () => {
          throw new Error('simulated crash inside the batch');
        },
      }),
    ).rejects.toThrow('simulated crash');
    const [afterFailure] = await org.db.select().from(crmImports).where(eq(crmImports.id, id));
    expect(afterFailure).toMatchObject({ status: 'running', processedRows: 2 * BATCH, createdCount: 2 * BATCH - 1 });
    expect(
      await org.db
        .select()
        .from(crmCustomers)
        .where(like(crmCustomers.name, `${prefix} %`)),
    ).toHaveLength(2 * BATCH - 1);

    // A restarted app re-queues what was left running; the app's own pg-boss worker finishes it.
    expect(await runner().resume(org.testApp.context.jobs)).toBeGreaterThanOrEqual(1);
    const done = await waitForImport(org.salesA.client, id);
    expect(done).toMatchObject({
      status: 'completed',
      processedRows: ROWS + 1,
      createdCount: ROWS,
      errorCount: 1,
      skippedCount: 0,
    });
    await importedExactlyOnce(id, prefix, names);
  });

  it('two workers on the same import at once (a re-queue while the first still runs) never import a row twice', async () => {
    const prefix = uniqueName('Twice');
    const { id, names } = await prepared(prefix);
    await Promise.all([runner().run(id), runner().run(id), runner().run(id)]);
    const [done] = await org.db
      .select()
      .from(crmImports)
      .where(and(eq(crmImports.id, id)));
    expect(done).toMatchObject({ status: 'completed', processedRows: ROWS + 1, createdCount: ROWS, errorCount: 1 });
    await importedExactlyOnce(id, prefix, names);
  });

  it('an importer demoted to viewer mid-import: the next run writes nothing more and fails the import (importer_not_allowed)', async () => {
    const prefix = uniqueName('Demoted');
    const { id } = await prepared(prefix);
    await runner().run(id, { stopAfterBatches: 1 });
    await org.db.update(users).set({ role: 'viewer' }).where(eq(users.id, org.salesA.id));
    try {
      await runner().run(id);
    } finally {
      await org.db.update(users).set({ role: 'sales' }).where(eq(users.id, org.salesA.id));
    }
    const [row] = await org.db.select().from(crmImports).where(eq(crmImports.id, id));
    expect(row).toMatchObject({
      status: 'failed',
      failureReason: 'importer_not_allowed',
      processedRows: BATCH,
      createdCount: BATCH,
    });
    expect(
      await org.db
        .select()
        .from(crmCustomers)
        .where(like(crmCustomers.name, `${prefix} %`)),
    ).toHaveLength(BATCH);
  });

  it('a cancelled import stops at its next batch; the rows of committed batches stay', async () => {
    const prefix = uniqueName('Stop');
    const { id } = await prepared(prefix);
    await runner().run(id, { stopAfterBatches: 1 });
    expect((await org.salesA.client.post(`/api/imports/${id}/cancel`)).statusCode).toBe(200);
    await runner().run(id);
    const [row] = await org.db.select().from(crmImports).where(eq(crmImports.id, id));
    expect(row).toMatchObject({ status: 'cancelled', processedRows: BATCH });
    expect(
      await org.db
        .select()
        .from(crmCustomers)
        .where(like(crmCustomers.name, `${prefix} %`)),
    ).toHaveLength(BATCH);
  });
});
