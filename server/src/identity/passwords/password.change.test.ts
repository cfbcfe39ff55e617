import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createMember, setupOrganization, STRONG_PASSWORD, type TestApp, type TestClient } from '../../../test/app.ts';
import { startSmtpSink, type SmtpSink } from '../../../test/smtp-sink.ts';
import { auditEvents, users } from '../../db/schema.ts';
import { PasswordHasher } from './password-hashing.ts';
import { PasswordExpiryService } from './password-expiry.service.ts';

const NEW_PASSWORD = 'teal kettle over seven bridges';

describe('changing the password (PW-06, SE-07)', () => {
  let sink: SmtpSink;
  let testApp: TestApp;
  let owner: TestClient;
  let member: TestClient;
  let memberId: string;
  const email = 'li.na@acme.test';

  beforeAll(async () => {
    sink = await startSmtpSink();
    testApp = await buildTestApp({ SMTP_URL: sink.url });
    ({ owner } = await setupOrganization(testApp));
    ({ client: member, id: memberId } = await createMember(testApp, owner, { email, name: 'Li Na', role: 'manager' }));
  });
  afterAll(async () => {
    await testApp.close();
    await sink.close();
  });

  it('requires the current password and refuses missing or wrong ones without changing anything', async () => {
    expect((await member.post('/api/auth/password/change', { newPassword: NEW_PASSWORD })).statusCode).toBe(400);
    const wrong = await member.post('/api/auth/password/change', { currentPassword: 'not my password at all', newPassword: NEW_PASSWORD });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json<{ error: { code: string } }>().error.code).toBe('current_password_incorrect');
    const forged = await member.post('/api/auth/password/change', { currentPassword: STRONG_PASSWORD, newPassword: NEW_PASSWORD, userId: 'someone-else' });
    expect(forged.statusCode).toBe(400);
    expect((await testApp.client().login(email, STRONG_PASSWORD)).statusCode).toBe(200);
  });

  it('checks the new password against the policy and names the reasons', async () => {
    for (const weak of ['short', '1qaz2wsx3edc4rfv', 'li.na is my name forever', 'acme trading rocks hard', 'aaaaaaaaaaaaaaaaaaaa']) {
      const response = await member.post('/api/auth/password/change', { currentPassword: STRONG_PASSWORD, newPassword: weak });
      expect(response.statusCode).toBe(400);
      expect(response.json<{ error: { code: string } }>().error.code).toBe('password_rejected');
    }
    const check = await member.post('/api/auth/password/check', { password: 'acme trading rocks hard' });
    expect(check.json<{ problems: { code: string }[] }>().problems.map((problem) => problem.code)).toContain('context_word');
  });

  it('counts wrong current passwords towards the lockout like sign-in does', async () => {
    const victim = await createMember(testApp, owner, { email: 'victim@acme.test', name: 'Zhou Min', role: 'sales' });
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await victim.client.post('/api/auth/password/change', { currentPassword: `stolen session guess ${attempt}`, newPassword: NEW_PASSWORD });
    }
    const [row] = await testApp.context.database.db.select().from(users).where(eq(users.id, victim.id));
    expect(row?.lockedUntil).not.toBeNull();
    // The hijacked session is ended too, so the guesser cannot keep going.
    expect((await victim.client.get('/api/auth/session')).statusCode).toBe(401);
  });

  it('ends every other session, keeps (and rotates) this one, and mails a notice without the password', async () => {
    const otherDevice = testApp.client({ ip: '198.51.100.3', userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1' });
    expect((await otherDevice.login(email, STRONG_PASSWORD)).statusCode).toBe(200);
    const before = member.cookies.get('clientele_session');
    const response = await member.post('/api/auth/password/change', { currentPassword: STRONG_PASSWORD, newPassword: NEW_PASSWORD });
    expect(response.statusCode).toBe(200);
    expect(response.json<{ otherSessionsEnded: number }>().otherSessionsEnded).toBeGreaterThanOrEqual(2);
    expect(member.cookies.get('clientele_session')).not.toBe(before);
    expect((await member.get('/api/auth/session')).statusCode).toBe(200);
    expect((await otherDevice.get('/api/auth/session')).statusCode).toBe(401);
    expect((await testApp.client().login(email, STRONG_PASSWORD)).statusCode).toBe(401);
    expect((await testApp.client().login(email, NEW_PASSWORD)).statusCode).toBe(200);
    const mail = await sink.waitForMail((message) => message.to.includes(email) && /password was changed/.test(message.subject), 15_000);
    expect(mail.text).not.toContain(NEW_PASSWORD);
    expect(mail.text).not.toContain(STRONG_PASSWORD);
    expect(mail.html).toContain('http://localhost:3000/settings/security');
    const audit = await testApp.context.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'password_changed'));
    expect(audit.some((row) => row.targetUserId === memberId)).toBe(true);
  });
});

describe('hash upgrade and sign-in details (PW-10, SE-03)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await buildTestApp();
    await setupOrganization(testApp);
  });
  afterAll(() => testApp.close());

  it('rehashes the stored password on sign-in when the argon2 parameters change', async () => {
    const [before] = await testApp.context.database.db.select().from(users).where(eq(users.email, 'owner@acme.test'));
    expect(before?.passwordHash).toMatch(/m=19456,t=2,p=1/);
    testApp.context.identity.hasher = new PasswordHasher({ memoryCost: 24_576, timeCost: 3, parallelism: 1 });
    expect((await testApp.client().login('owner@acme.test', STRONG_PASSWORD)).statusCode).toBe(200);
    const [after] = await testApp.context.database.db.select().from(users).where(eq(users.email, 'owner@acme.test'));
    expect(after?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=24576,t=3,p=1\$/);
    expect((await testApp.client().login('owner@acme.test', STRONG_PASSWORD)).statusCode).toBe(200);
  });

  it('issues a new opaque token at every sign-in and never adopts a planted one', async () => {
    const browser = testApp.client();
    browser.cookies.set('clientele_session', 'A'.repeat(43));
    await browser.login('owner@acme.test', STRONG_PASSWORD);
    const first = browser.cookies.get('clientele_session') ?? '';
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first).not.toBe('A'.repeat(43));
    await browser.login('owner@acme.test', STRONG_PASSWORD);
    expect(browser.cookies.get('clientele_session')).not.toBe(first);
  });

  it('signs in with the mobile number as typed in several common ways', async () => {
    const owner = await testApp.context.identity.users.findByIdentifier('owner@acme.test');
    await testApp.context.identity.users.update(owner?.id ?? '', { phone: '+8613912345678' });
    for (const typed of ['+86 139 1234 5678', '13912345678', '0086-139-1234-5678']) {
      expect((await testApp.client().login(typed, STRONG_PASSWORD)).statusCode).toBe(200);
    }
  });

  it('shows the previous sign-in time and IP after signing in', async () => {
    await testApp.client({ ip: '198.51.100.44' }).login('owner@acme.test', STRONG_PASSWORD);
    const response = await testApp.client({ ip: '198.51.100.45' }).login('owner@acme.test', STRONG_PASSWORD);
    expect(response.json<{ user: { lastSignInIp: string } }>().user.lastSignInIp).toBe('198.51.100.44');
  });
});

describe('maximum password age (admin option, off by default)', () => {
  let testApp: TestApp;
  let owner: TestClient;

  beforeAll(async () => {
    testApp = await buildTestApp();
    ({ owner } = await setupOrganization(testApp));
  });
  afterAll(() => testApp.close());

  it('sends no reminders while the option is off', async () => {
    await testApp.context.database.db.update(users).set({ passwordChangedAt: new Date(Date.now() - 400 * 86_400_000) });
    expect(await new PasswordExpiryService(testApp.context.identity).sendReminders()).toBe(0);
    expect((await owner.get('/api/auth/session')).json<{ user: { passwordExpired: boolean } }>().user.passwordExpired).toBe(false);
  });

  it('reminds once N days before expiry, then requires a change after it', async () => {
    const policy = (await owner.get('/api/security-policy')).json<{ policy: Record<string, unknown> }>().policy;
    expect((await owner.request('PUT', '/api/security-policy', { policy: { ...policy, maxAgeDays: 90, expiryReminderDays: 14 } })).statusCode).toBe(200);
    await testApp.context.database.db.update(users).set({ passwordChangedAt: new Date(Date.now() - 80 * 86_400_000) });
    const expiry = new PasswordExpiryService(testApp.context.identity);
    expect(await expiry.sendReminders()).toBe(1);
    expect(await expiry.sendReminders()).toBe(0);
    const mails = await testApp.context.identity.mail.listMessages({ limit: 20 });
    expect(mails.filter((mail) => mail.template === 'passwordExpiring')).toHaveLength(1);
    await testApp.context.database.db.update(users).set({ passwordChangedAt: new Date(Date.now() - 91 * 86_400_000) });
    expect((await owner.get('/api/auth/session')).json<{ user: { passwordExpired: boolean } }>().user.passwordExpired).toBe(true);
    expect((await owner.get('/api/members')).json<{ error: { code: string } }>().error.code).toBe('password_change_required');
    expect((await owner.post('/api/auth/password/change', { currentPassword: STRONG_PASSWORD, newPassword: NEW_PASSWORD })).statusCode).toBe(200);
    expect((await owner.get('/api/members')).statusCode).toBe(200);
  });
});
