import { and, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createMember, setupOrganization, startTestApp, STRONG_PASSWORD, TEST_ORIGIN, TestClient, type TestApp } from '../../../test/app.ts';
import { createTestDatabaseUrl, isPostgresMode } from '../../../test/database.ts';
import { errorCode } from '../../../test/two-step.ts';
import { auditEvents } from '../../audit/audit.tables.ts';
import { loadConfig } from '../../config.ts';
import { openDatabase, type DatabaseHandle } from '../../db/client.ts';
import { users } from '../users/user.tables.ts';

/**
 * Deactivation across app processes: every process resolves sessions from the database on each request, so a
 * deactivation in one is refused at once by all; a scheduled deactivation that fell due while the server was down
 * happens shortly after the next start.
 *
 * On PostgreSQL each "process" is a separate app with its own connection pool on one database, as in production.
 * PGlite is embedded in a single process and cannot be opened by two at once, so there the apps share its handle and
 * only the restart (one app after the other) is tested.
 */

interface SharedDatabase {
  startProcess(): Promise<TestApp>;
  /** A connection of its own, for moving time in the database while no app is running. */
  side: DatabaseHandle;
  close(): Promise<void>;
}

async function sharedDatabase(): Promise<SharedDatabase> {
  const databaseUrl = await createTestDatabaseUrl();
  const config = loadConfig({ PUBLIC_URL: TEST_ORIGIN, LOG_LEVEL: 'silent', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
  config.inMemoryDatabase = true;
  const side = await openDatabase({ databaseUrl, inMemory: true });
  await side.migrate();
  return {
    side,
    async startProcess() {
      const database = databaseUrl ? await openDatabase({ databaseUrl, inMemory: true }) : side;
      return startTestApp(config, database, { keepDatabaseOpen: database === side });
    },
    async close() {
      await side.close();
    },
  };
}

/** The same browser (its cookies) talking to another app process. */
function sameBrowserOn(process: TestApp, client: TestClient): TestClient {
  const moved = process.client();
  for (const [name, value] of client.cookies) moved.cookies.set(name, value);
  return moved;
}

/** Each test builds its apps itself (the first build in a worker loads the password blocklist and migrates). */
const BUILD_TIMEOUT_MS = 120_000;

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return check();
}

describe('account lifecycle across app processes', () => {
  const opened: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const item of opened.reverse()) await item.close();
  });

  it.skipIf(!isPostgresMode())('a deactivation in one process is refused at once by another', async () => {
    const shared = await sharedDatabase();
    opened.push(shared);
    const first = await shared.startProcess();
    opened.push(first);
    const second = await shared.startProcess();
    opened.push(second);

    const { owner } = await setupOrganization(first);
    const member = await createMember(first, owner, { email: 'mover@acme.test', name: 'Mover', role: 'sales' });
    const onSecond = sameBrowserOn(second, member.client);
    expect((await onSecond.get('/api/auth/session')).statusCode).toBe(200);

    expect((await owner.post(`/api/members/${member.id}/deactivate`, {})).statusCode).toBe(200);
    // No cache, no propagation delay: the very next request to the other process is refused.
    expect((await onSecond.get('/api/auth/session')).statusCode).toBe(401);
    expect((await onSecond.get('/api/account/recovery')).statusCode).toBe(401);
    expect(errorCode(await second.client({ ip: '198.51.100.7' }).login('mover@acme.test', STRONG_PASSWORD))).toBe('invalid_credentials');
  }, BUILD_TIMEOUT_MS);

  it('a scheduled deactivation that fell due while the server was down happens shortly after start-up', async () => {
    const shared = await sharedDatabase();
    opened.push(shared);
    const before = await shared.startProcess();
    const { owner } = await setupOrganization(before);
    const member = await createMember(before, owner, { email: 'leaver@acme.test', name: 'Leaver', role: 'sales' });
    const scheduled = await owner.post(`/api/members/${member.id}/deactivate`, { at: new Date(Date.now() + 86_400_000).toISOString() });
    expect(scheduled.json<{ status: string }>().status).toBe('active');
    await before.close();

    // The date passes while no server runs.
    await shared.side.db.update(users).set({ deactivateAt: new Date(Date.now() - 3_600_000) }).where(eq(users.id, member.id));

    const after = await shared.startProcess();

    opened.push(after);
    const deactivated = await waitFor(async () => {
      const [row] = await shared.side.db.select({ status: users.status }).from(users).where(eq(users.id, member.id));
      return row?.status === 'deactivated';
    }, 15_000);
    expect(deactivated).toBe(true);
    const events = await shared.side.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetUserId, member.id), eq(auditEvents.action, 'member_deactivated')));
    expect(events).toHaveLength(1);
    expect(events[0]?.details).toMatchObject({ reason: 'scheduled' });
    expect((await sameBrowserOn(after, member.client).get('/api/auth/session')).statusCode).toBe(401);
    expect(errorCode(await after.client({ ip: '198.51.100.8' }).login('leaver@acme.test', STRONG_PASSWORD))).toBe('invalid_credentials');
  }, BUILD_TIMEOUT_MS);
});
