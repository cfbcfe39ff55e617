import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll } from 'vitest';
import { smsMessages } from '../src/messaging/messaging.tables.ts';
import { recoveryAddresses } from '../src/identity/recovery/recovery.tables.ts';
import { users } from '../src/identity/users/user.tables.ts';
import { buildTestApp, createMember, setupOrganization, type TestApp, type TestClient } from './app.ts';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from './smtp-sink.ts';

/** Test helpers for the recovery flows: a real SMTP sink, channel fixtures set in the database, job-queue waits. */

export interface RecoveryFixture {
  testApp: TestApp;
  sink: SmtpSink;
  owner: TestClient;
  ownerEmail: string;
  close(): Promise<void>;
}

export async function startRecoveryApp(environment: Record<string, string> = {}): Promise<RecoveryFixture> {
  const sink = await startSmtpSink();
  const testApp = await buildTestApp({ SMTP_URL: sink.url, ...environment });
  const { owner, ownerEmail } = await setupOrganization(testApp);
  return {
    testApp,
    sink,
    owner,
    ownerEmail,
    async close() {
      await testApp.close();
      await sink.close();
    },
  };
}

/**
 * A recovery app (with its SMTP sink) for the surrounding `describe`: started before its tests, closed after them.
 * Read the fields inside tests (they throw before the app is started).
 */
export function useRecoveryApp(environment: Record<string, string> = {}): RecoveryFixture {
  let fixture: RecoveryFixture | undefined;
  beforeAll(async () => {
    fixture = await startRecoveryApp(environment);
  }, 120_000);
  afterAll(async () => {
    await fixture?.close();
  });
  const started = () => {
    if (!fixture) throw new Error('the recovery app is not started yet');
    return fixture;
  };
  return {
    get testApp() {
      return started().testApp;
    },
    get sink() {
      return started().sink;
    },
    get owner() {
      return started().owner;
    },
    get ownerEmail() {
      return started().ownerEmail;
    },
    close: () => started().close(),
  };
}

/** An active member whose e-mail is verified (accepting the invitation proves it), optionally with a verified phone. */
export async function createVerifiedMember(fixture: RecoveryFixture, input: { email: string; name: string; role?: string; phone?: string; backupEmail?: string; backupPhone?: string }) {
  const { client, id } = await createMember(fixture.testApp, fixture.owner, { email: input.email, name: input.name, role: input.role ?? 'sales' });
  const { db } = fixture.testApp.context.database;
  if (input.phone) await db.update(users).set({ phone: input.phone, phoneVerifiedAt: new Date() }).where(eq(users.id, id));
  if (input.backupEmail) await db.insert(recoveryAddresses).values({ userId: id, kind: 'email', purpose: 'backup', address: input.backupEmail, verifiedAt: new Date() });
  if (input.backupPhone) await db.insert(recoveryAddresses).values({ userId: id, kind: 'phone', purpose: 'backup', address: input.backupPhone, verifiedAt: new Date() });
  return { client, id };
}

/** Waits until no job of these queues is waiting, running or due for a retry. */
export async function waitForQueues(testApp: TestApp, queues: string[] = ['recovery.forgot', 'recovery.unlock', 'mail.send', 'sms.send'], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await testApp.context.database.executeSql("select count(*)::int as pending from pgboss.job where name = any($1) and state in ('created', 'retry', 'active')", [queues]);
    if ((rows[0] as { pending: number }).pending === 0) return;
    if (Date.now() > deadline) throw new Error(`queues ${queues.join(', ')} still busy after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function resetTokenOf(mail: ReceivedMail): string {
  const match = /\/reset#token=([A-Za-z0-9_-]+)/.exec(mail.text);
  if (!match?.[1]) throw new Error(`no reset link in: ${mail.text}`);
  return match[1];
}

export function freezeTokenOf(mail: ReceivedMail): string {
  const match = /\/freeze#token=([A-Za-z0-9_-]+)/.exec(mail.text);
  if (!match?.[1]) throw new Error(`no freeze link in: ${mail.text}`);
  return match[1];
}

/** The first run of 6–8 digits after "code" in a message text. */
export function codeOf(text: string): string {
  const match = /(?:code|验证码)[^\d]{0,40}(\d{6,8})/i.exec(text);
  if (!match?.[1]) throw new Error(`no code in: ${text}`);
  return match[1];
}

export function mailsTo(sink: SmtpSink, address: string, subjectPart?: string): ReceivedMail[] {
  return sink.messages.filter((mail) => mail.to.includes(address) && (!subjectPart || mail.subject.includes(subjectPart)));
}

export async function smsTo(testApp: TestApp, number: string) {
  return testApp.context.database.db.select().from(smsMessages).where(eq(smsMessages.toNumber, number)).orderBy(desc(smsMessages.createdAt));
}

export async function userByEmail(testApp: TestApp, email: string) {
  const [user] = await testApp.context.database.db.select().from(users).where(and(eq(users.email, email)));
  if (!user) throw new Error(`no user ${email}`);
  return user;
}

/** Forgot request, then the reset mail that it produced (waits for the queue and the sink). */
export async function requestResetMail(fixture: RecoveryFixture, address: string, client: TestClient = fixture.testApp.client({ ip: '198.51.100.7' }), headers: Record<string, string> = {}) {
  const before = mailsTo(fixture.sink, address, 'Reset').length;
  const response = await client.post('/api/auth/password/forgot', { identifier: address }, headers);
  if (response.statusCode !== 202) throw new Error(`forgot answered ${response.statusCode} ${response.body}`);
  await waitForQueues(fixture.testApp);
  const deadline = Date.now() + 10_000;
  while (mailsTo(fixture.sink, address, 'Reset').length <= before) {
    if (Date.now() > deadline) throw new Error(`no new reset mail for ${address}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const mail = mailsTo(fixture.sink, address, 'Reset').at(-1);
  if (!mail) throw new Error('no reset mail');
  return mail;
}
