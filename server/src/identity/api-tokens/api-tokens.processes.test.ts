import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createMember, setupOrganization, startTestApp, TEST_ORIGIN, type TestApp } from '../../../test/app.ts';
import { createTestDatabaseUrl, isPostgresMode } from '../../../test/database.ts';
import { loadConfig } from '../../config.ts';
import { openDatabase, type DatabaseHandle } from '../../db/client.ts';
import { users } from '../users/user.tables.ts';
import { apiTokens } from './api-token.tables.ts';

/**
 * Issue 5 for API tokens: "deactivate now" ends a member's tokens within the very next request, in every app process.
 * On PostgreSQL each process is an app with its own connection pool on one shared database, as in production. PGlite
 * cannot be opened twice, so there the two apps share one handle (the same checks, weaker as a cross-process test).
 */

const BUILD_TIMEOUT_MS = 120_000;

async function twoProcesses(): Promise<{ first: TestApp; second: TestApp; side: DatabaseHandle; close(): Promise<void> }> {
  const databaseUrl = await createTestDatabaseUrl();
  const config = loadConfig({ PUBLIC_URL: TEST_ORIGIN, LOG_LEVEL: 'silent', ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) });
  config.inMemoryDatabase = true;
  const side = await openDatabase({ databaseUrl, inMemory: true });
  await side.migrate();
  const start = async () => {
    const database = databaseUrl ? await openDatabase({ databaseUrl, inMemory: true }) : side;
    return startTestApp(config, database, { keepDatabaseOpen: database === side });
  };
  const first = await start();
  const second = await start();
  return {
    first,
    second,
    side,
    async close() {
      await second.close();
      await first.close();
      await side.close();
    },
  };
}

function callWithToken(process: TestApp, token: string, url = '/api/customers') {
  return process.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
}

describe(`API tokens across app processes (${isPostgresMode() ? 'PostgreSQL, separate pools' : 'PGlite, shared handle'})`, () => {
  const opened: { close(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const item of opened.reverse()) await item.close();
  });

  it("a deactivated member's token is refused at once by the other process, and stays refused after reactivation", async () => {
    const processes = await twoProcesses();
    opened.push(processes);
    const { first, second } = processes;
    const { owner } = await setupOrganization(first);
    const member = await createMember(first, owner, { email: 'scripter@acme.test', name: 'Sam Scripter', role: 'sales' });
    const created = await member.client.post('/api/me/api-tokens', { name: 'Sync job', scopes: ['crm:read', 'crm:write'], expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString() });
    expect(created.statusCode, created.body).toBe(201);
    const { id, token } = created.json<{ id: string; token: string }>();
    expect((await callWithToken(second, token)).statusCode).toBe(200);

    expect((await owner.post(`/api/members/${member.id}/deactivate`, {})).statusCode).toBe(200);
    // No cache and no propagation delay: the very next request to the other process is refused.
    const refused = await callWithToken(second, token);
    expect(refused.statusCode).toBe(401);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('unauthenticated');
    expect((await callWithToken(first, token)).statusCode).toBe(401);
    // Revoked in the deactivation's own transaction, by the system.
    const [row] = await processes.side.db.select().from(apiTokens).where(eq(apiTokens.id, id));
    expect(row?.revokedAt).toBeInstanceOf(Date);
    expect(row?.revokedBy).toBeNull();

    const reactivated = await owner.post(`/api/members/${member.id}/reactivate`, { verification: { method: 'video_call' }, delivery: { channel: 'email', address: 'scripter@acme.test' } });
    expect(reactivated.statusCode, reactivated.body).toBe(201);
    const [user] = await processes.side.db.select({ status: users.status }).from(users).where(eq(users.id, member.id));
    expect(user?.status).toBe('active');
    expect((await callWithToken(second, token)).statusCode).toBe(401);
    expect((await callWithToken(first, token)).statusCode).toBe(401);
  }, BUILD_TIMEOUT_MS);

  it('the owner\'s status is read on every request: a status written through another connection applies at once', async () => {
    const processes = await twoProcesses();
    opened.push(processes);
    const { first, second } = processes;
    const { owner } = await setupOrganization(first);
    const member = await createMember(first, owner, { email: 'frozen@acme.test', name: 'Fran Frozen', role: 'sales' });
    const created = await member.client.post('/api/me/api-tokens', { name: 'Report', scopes: ['crm:read'], expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString() });
    const { token } = created.json<{ token: string }>();
    expect((await callWithToken(second, token)).statusCode).toBe(200);

    // A frozen account (self-service "this wasn't me") keeps its tokens but none may be used until it is thawed.
    await processes.side.db.update(users).set({ status: 'frozen' }).where(eq(users.id, member.id));
    expect((await callWithToken(second, token)).statusCode).toBe(401);
    expect((await callWithToken(first, token)).statusCode).toBe(401);
    await processes.side.db.update(users).set({ status: 'active' }).where(eq(users.id, member.id));
    expect((await callWithToken(second, token)).statusCode).toBe(200);
  }, BUILD_TIMEOUT_MS);
});
