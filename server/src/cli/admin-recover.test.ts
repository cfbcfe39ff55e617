import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServerBundle } from '../../../scripts/server-bundle.mjs';
import { createMember, setupOrganization, startTestApp, STRONG_PASSWORD, TEST_ORIGIN, type TestApp } from '../../test/app.ts';
import { createTestDatabaseUrl, isPostgresMode } from '../../test/database.ts';
import { startSmtpSink } from '../../test/smtp-sink.ts';
import { errorCode } from '../../test/two-step.ts';
import { auditEvents } from '../audit/audit.tables.ts';
import { loadConfig } from '../config.ts';
import { openDatabase, type DatabaseHandle } from '../db/client.ts';
import { pendingMigrations } from '../db/migration-status.ts';
import { actionTokens } from '../identity/tokens/token.tables.ts';
import { mailMessages } from '../messaging/messaging.tables.ts';

/**
 * `clientele admin recover` run as the operator runs it: a separate process on the same database (a PGlite directory
 * is opened by one process at a time, so the test's app is closed around each run; PostgreSQL in the postgres pass).
 */

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const journal = JSON.parse(readFileSync(fileURLToPath(new URL('../db/migrations/meta/_journal.json', import.meta.url)), 'utf8')) as { entries: { tag: string }[] };
const NEW_PASSWORD = 'granite harbour violet 4412 meadow';
const LINK = /http:\/\/localhost:3000\/recover#token=([\w-]{43})/;

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createTcpServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The CLI from the current sources as one module, as `npm start` runs the server: each of this file's dozen runs
 * then starts in a second or two instead of compiling server/src through tsx again.
 */
let cliBundle: Promise<string>;

/** The CLI with only the given configuration (nothing inherited from the caller's shell). */
async function runCli(args: string[], environment: Record<string, string>): Promise<CliResult> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !/^(PORT|HOST|PUBLIC_URL|DATA_DIR|DATABASE_URL|SMTP_URL|MAIL_FROM|LOG_LEVEL|TRUST_PROXY|SECRET_KEY|STEP_UP_MINUTES|SMS_.*)$/.test(key)),
  );
  const bundle = await cliBundle;
  const env = { ...inherited, PUBLIC_URL: TEST_ORIGIN, LOG_LEVEL: 'silent', PORT: String(await freePort()), ...environment };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--enable-source-maps', bundle, ...args], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

interface DatabaseTarget {
  /** DATA_DIR or DATABASE_URL, for the CLI's environment. */
  env: Record<string, string>;
  open(): Promise<DatabaseHandle>;
  remove(): void;
}

/** An empty database: a new directory for PGlite (nothing in it yet), a new database on the PostgreSQL test server. */
async function emptyDatabase(): Promise<DatabaseTarget> {
  const databaseUrl = await createTestDatabaseUrl({ empty: true });
  if (databaseUrl) return { env: { DATABASE_URL: databaseUrl }, open: () => openDatabase({ databaseUrl }), remove: () => undefined };
  const dataDir = mkdtempSync(join(tmpdir(), 'clientele-cli-test-'));
  return { env: { DATA_DIR: dataDir }, open: () => openDatabase({ dataDir }), remove: () => rmSync(dataDir, { recursive: true, force: true }) };
}

/** The real app on the target (migrating it); close it before the CLI runs on PGlite. */
async function openApp(target: DatabaseTarget): Promise<TestApp> {
  const database = await target.open();
  return startTestApp(loadConfig({ PUBLIC_URL: TEST_ORIGIN, LOG_LEVEL: 'silent', ...target.env }), database, { startJobs: false });
}

async function tableExists(database: DatabaseHandle, name: string): Promise<boolean> {
  const { rows } = await database.executeSql(`select to_regclass('${name}') is not null as present`, []);
  return (rows[0] as { present: boolean }).present;
}

describe('clientele admin recover', () => {
  const targets: DatabaseTarget[] = [];
  beforeAll(() => {
    cliBundle = buildServerBundle('cli-test', 'cli/main.ts');
  });
  afterAll(() => {
    for (const target of targets) target.remove();
  });

  it('refuses a database that is missing, in use or not fully migrated, and migrates nothing', { timeout: 240_000 }, async () => {
    const target = await emptyDatabase();
    targets.push(target);
    const recover = () => runCli(['admin', 'recover', '--email', 'owner@acme.test'], target.env);
    if (!isPostgresMode()) {
      const missing = await recover();
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('No database in');
      // An empty cluster, as a first start that stopped before migrating leaves it.
      await (await target.open()).close();
      // The embedded database is one process's at a time: a server answering on the configured port keeps it closed.
      const server = createHttpServer((_request, response) => response.end('{"status":"ok"}'));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const running = await runCli(['admin', 'recover', '--email', 'owner@acme.test'], { ...target.env, PORT: String((server.address() as AddressInfo).port) });
        expect(running.code).toBe(1);
        expect(running.stderr).toContain('Stop it first');
      } finally {
        server.close();
      }
    }
    const unmigrated = await recover();
    expect(unmigrated.code).toBe(1);
    expect(unmigrated.stderr).toContain('not migrated');
    expect(unmigrated.stderr).toContain('clientele migrate');
    expect(unmigrated.stdout).not.toMatch(LINK);
    let database = await target.open();
    expect(await tableExists(database, 'drizzle.__drizzle_migrations')).toBe(false);
    expect(await tableExists(database, 'public.users')).toBe(false);
    await database.close();

    expect((await runCli(['migrate'], target.env)).code).toBe(0);
    // The code is one migration ahead of the database (an upgrade not yet started): still refused, still not applied.
    database = await target.open();
    const last = journal.entries.at(-1)?.tag ?? '';
    await database.executeSql('delete from drizzle.__drizzle_migrations where created_at = (select max(created_at) from drizzle.__drizzle_migrations)', []);
    expect(await pendingMigrations(database)).toEqual([last]);
    await database.close();
    const behind = await recover();
    expect(behind.code).toBe(1);
    expect(behind.stderr).toContain(last);
    database = await target.open();
    expect(await pendingMigrations(database)).toEqual([last]);
    await database.close();
  });

  it('gives a frozen, locked owner a one-hour single-use link, alerts every owner and audits it', { timeout: 300_000 }, async () => {
    const target = await emptyDatabase();
    targets.push(target);
    let testApp = await openApp(target);
    const { owner, ownerEmail } = await setupOrganization(testApp);
    const deps = testApp.context.identity;
    const ownerId = (await deps.users.findByIdentifier(ownerEmail))?.id ?? '';
    await createMember(testApp, owner, { email: 'admin@acme.test', name: 'Ada Admin', role: 'admin' });
    const promoted: string[] = [];
    for (const email of ['second@acme.test', 'gone@acme.test']) {
      const created = await createMember(testApp, owner, { email, name: email, role: 'admin' });
      expect((await owner.request('PATCH', `/api/members/${created.id}`, { role: 'owner' })).statusCode).toBe(200);
      promoted.push(created.id);
    }
    await deps.users.update(promoted[1] ?? '', { status: 'deactivated', deactivatedAt: new Date() });
    // Every way in is gone for the first owner: frozen ("this wasn't me"), password cleared, and locked.
    await deps.users.update(ownerId, { status: 'frozen', frozenAt: new Date(), passwordHash: null, lockedUntil: new Date(Date.now() + 3_600_000) });
    await testApp.close();

    const sink = await startSmtpSink();
    let token: string;
    try {
      const environment = { ...target.env, SMTP_URL: sink.url };
      const recover = (...args: string[]) => runCli(['admin', 'recover', ...args], environment);
      const refusals = [
        { args: [], says: 'Usage' },
        { args: ['--email', 'not-an-address'], says: 'Usage' },
        { args: ['--email', 'nobody@acme.test'], says: 'No account with the e-mail nobody@acme.test' },
        { args: ['--email', 'admin@acme.test'], says: 'Only owners are recovered from the server console' },
        { args: ['--email', 'gone@acme.test'], says: 'is deactivated' },
      ];
      for (const refusal of refusals) {
        const result = await recover(...refusal.args);
        expect(result.code, refusal.args.join(' ')).toBe(1);
        expect(result.stderr).toContain(refusal.says);
        expect(result.stdout).not.toMatch(LINK);
      }
      expect(sink.messages).toHaveLength(0);

      const issued = await recover('--email', ` ${ownerEmail.toUpperCase()} `);
      expect(issued.code, issued.stderr).toBe(0);
      token = LINK.exec(issued.stdout)?.[1] ?? '';
      expect(token).toHaveLength(43);
      expect(issued.stdout).toMatch(/Valid until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
      expect(issued.stdout).toContain('frozen');
      expect(issued.stdout.split(token)).toHaveLength(2);
      expect(issued.stderr).not.toContain(token);
      // Delivered before the command returned: the job queue ran in the CLI process.
      expect(sink.messages.map((mail) => mail.to.join()).sort()).toEqual([ownerEmail, 'second@acme.test']);
      for (const mail of sink.messages) {
        expect(mail.subject).toBe('Break-glass recovery used in Acme Trading');
        expect(mail.text).toContain(ownerEmail);
        expect(mail.text).toContain(`${TEST_ORIGIN}/settings/audit`);
        expect(mail.raw).not.toContain(token);
      }
    } finally {
      await sink.close();
    }

    testApp = await openApp(target);
    try {
      const { db } = testApp.context.database;
      const events = await db.select().from(auditEvents).where(eq(auditEvents.action, 'break_glass_link_issued'));
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ actorLabel: 'server console', actorUserId: null, targetUserId: ownerId, targetLabel: ownerEmail, ip: 'console' });
      expect(events[0]?.details).toMatchObject({ host: hostname(), via: 'cli' });
      const [tokenRow] = await db.select().from(actionTokens).where(and(eq(actionTokens.userId, ownerId), eq(actionTokens.purpose, 'break_glass')));
      expect(Math.abs((tokenRow?.expiresAt.getTime() ?? 0) - Date.now() - 3_600_000)).toBeLessThan(5 * 60_000);
      const everything = JSON.stringify(await db.select().from(auditEvents)) + JSON.stringify(await db.select().from(mailMessages));
      expect(everything).not.toContain(token);
      const alerts = await db.select().from(mailMessages).where(eq(mailMessages.template, 'breakGlassUsed'));
      expect(alerts.map((mail) => mail.status)).toEqual(['sent', 'sent']);

      const member = testApp.client();
      const inspected = await member.get(`/api/recovery-links/${token}`);
      expect(inspected.json()).toMatchObject({ valid: true, kind: 'break_glass', email: ownerEmail });
      const redeemed = await member.post('/api/recovery-links/redeem', { token, password: NEW_PASSWORD });
      expect(redeemed.statusCode).toBe(200);
      expect(redeemed.json<{ user: { email: string } }>().user.email).toBe(ownerEmail);
      const recovered = await testApp.context.identity.users.findById(ownerId);
      expect(recovered).toMatchObject({ status: 'active', frozenAt: null });
      expect(recovered?.lockedUntil === null || (recovered?.lockedUntil ?? new Date()) <= new Date()).toBe(true);
      const replay = await testApp.client().post('/api/recovery-links/redeem', { token, password: STRONG_PASSWORD });
      expect(replay.statusCode).toBe(400);
      expect(errorCode(replay)).toBe('token_used');
      expect((await testApp.client().login(ownerEmail, NEW_PASSWORD)).statusCode).toBe(200);
      // The recovered owner now sees the red notice for their own recovery.
      const notices = await member.get('/api/admin/notices');
      expect(notices.json<{ breakGlass: { id: number }[] }>().breakGlass.map((notice) => notice.id)).toEqual([events[0]?.id]);
      expect((await testApp.context.identity.audit.verifyChain()).ok).toBe(true);
    } finally {
      await testApp.close();
    }

    const verified = await runCli(['audit', 'verify'], target.env);
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('Audit log intact');
  });
});
