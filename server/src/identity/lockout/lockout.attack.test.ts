import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createMember, setupOrganization, STRONG_PASSWORD, type TestApp, type TestClient } from '../../../test/app.ts';
import { actionTokens, auditEvents, mailMessages, smsMessages, users } from '../../db/schema.ts';

async function lastUnlockLink(testApp: TestApp, email: string): Promise<string> {
  const rows = await testApp.context.database.db.select().from(mailMessages).where(eq(mailMessages.toAddress, email));
  const locked = rows.filter((row) => row.template === 'accountLocked').sort((left, right) => right.createdAt.getTime() - left.createdAt.getTime());
  const match = /\/unlock#token=([A-Za-z0-9_-]{43})/.exec(locked[0]?.textBody ?? '');
  if (!match?.[1]) throw new Error('no unlock link mailed');
  return match[1];
}

async function lockedUntil(testApp: TestApp, email: string): Promise<Date | null> {
  const [row] = await testApp.context.database.db.select({ lockedUntil: users.lockedUntil }).from(users).where(eq(users.email, email));
  return row?.lockedUntil ?? null;
}

describe('brute force against one account (LG-03, LG-04)', () => {
  let testApp: TestApp;
  let owner: TestClient;
  let usualBrowser: TestClient;
  const email = 'sales@acme.test';

  beforeAll(async () => {
    testApp = await buildTestApp();
    ({ owner } = await setupOrganization(testApp));
    await createMember(testApp, owner, { email, name: 'Chen Jing', role: 'sales' });
    usualBrowser = testApp.client({ ip: '198.51.100.7' });
    expect((await usualBrowser.login(email, STRONG_PASSWORD)).statusCode).toBe(200);
    await usualBrowser.post('/api/auth/logout');
  });
  afterAll(() => testApp.close());

  it('counts the same wrong password once (a user retyping a typo is not locked out)', async () => {
    const user = testApp.client({ ip: '203.0.113.5' });
    for (let attempt = 0; attempt < 8; attempt += 1) expect((await user.login(email, 'the same wrong password')).statusCode).toBe(401);
    expect(await lockedUntil(testApp, email)).toBeNull();
    expect((await user.login(email, STRONG_PASSWORD)).statusCode).toBe(200);
  });

  it('locks new browsers after 5 distinct failures in 15 minutes, whatever headers or spelling the attacker uses', async () => {
    const spellings = [email, ` ${email.toUpperCase()} `, 'Sales@Acme.Test', email, `\t${email}`];
    for (const [index, identifier] of spellings.entries()) {
      const attacker = testApp.client({ ip: `203.0.113.${20 + index}`, userAgent: `bot-${index}` });
      const response = await attacker.login(identifier, `guess number ${index}`, false);
      expect(response.statusCode).toBe(401);
    }
    const until = await lockedUntil(testApp, email);
    expect(until).not.toBeNull();
    expect((until?.getTime() ?? 0) - Date.now()).toBeGreaterThan(14 * 60_000);
    const forged = await testApp.client({ ip: '203.0.113.99' }).login(email, STRONG_PASSWORD, false);
    expect(forged.statusCode).toBe(401);
    const viaHeaders = await testApp.client({ ip: '203.0.113.98' }).post('/api/auth/login', { identifier: email, password: STRONG_PASSWORD }, { 'x-forwarded-for': '198.51.100.7', 'x-real-ip': '198.51.100.7', forwarded: 'for=198.51.100.7' });
    expect(viaHeaders.statusCode).toBe(401);
  });

  it('keeps the browser the user signed in with before working while the attacker is locked out', async () => {
    const response = await usualBrowser.login(email, STRONG_PASSWORD);
    expect(response.statusCode).toBe(200);
    expect(await lockedUntil(testApp, email)).not.toBeNull();
  });

  it('mails the owner of the account once, with reason, IP and a single-use self-service unlock link', async () => {
    const rows = await testApp.context.database.db.select().from(mailMessages).where(eq(mailMessages.toAddress, email));
    const lockMails = rows.filter((row) => row.template === 'accountLocked');
    expect(lockMails).toHaveLength(1);
    expect(lockMails[0]?.textBody).toContain('203.0.113.24');
    expect(lockMails[0]?.textBody).toMatch(/After 5 wrong passwords/);
    expect(lockMails[0]?.textBody).not.toContain('guess number');
    const token = await lastUnlockLink(testApp, email);
    const stranger = testApp.client({ ip: '192.0.2.200' });
    expect((await stranger.get(`/api/auth/unlock/${token}`)).json()).toEqual({ valid: true });
    // Opening the link (GET) never spends it: mail scanners pre-fetch links.
    expect((await stranger.get(`/api/auth/unlock/${token}`)).json()).toEqual({ valid: true });
    const [first, second] = await Promise.all([stranger.post('/api/auth/unlock', { token }), stranger.post('/api/auth/unlock', { token })]);
    expect([first.statusCode, second.statusCode].sort()).toEqual([200, 400]);
    expect(await lockedUntil(testApp, email)).toBeNull();
    const replay = await stranger.post('/api/auth/unlock', { token });
    expect(replay.statusCode).toBe(400);
    expect(replay.json<{ error: { code: string } }>().error.code).toBe('token_used');
    expect((await testApp.client({ ip: '192.0.2.201' }).login(email, STRONG_PASSWORD)).statusCode).toBe(200);
    const audit = await testApp.context.database.db.select().from(auditEvents).where(eq(auditEvents.targetLabel, email));
    expect(audit.map((row) => row.action)).toEqual(expect.arrayContaining(['account_locked', 'account_unlocked', 'sign_in_failed', 'sign_in_succeeded']));
  });

  it('refuses expired, malformed and wrong-purpose unlock tokens', async () => {
    for (let attempt = 0; attempt < 5; attempt += 1) await testApp.client({ ip: '203.0.113.60' }).login(email, `another guess ${attempt}`);
    const token = await lastUnlockLink(testApp, email);
    await testApp.context.database.db.update(actionTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(actionTokens.purpose, 'unlock'));
    const expired = await testApp.client().post('/api/auth/unlock', { token });
    expect(expired.json<{ error: { code: string } }>().error.code).toBe('token_expired');
    expect((await testApp.client().get(`/api/auth/unlock/${token}`)).json()).toEqual({ valid: false, reason: 'expired' });
    for (const bad of ['short', 'x'.repeat(43), "'; drop table users; --"]) {
      const response = await testApp.client().post('/api/auth/unlock', { token: bad });
      expect(response.statusCode).toBe(400);
    }
    const inviteToken = await testApp.context.identity.tokens.issue((await testApp.context.identity.users.findByIdentifier(email))?.id ?? '', 'invite', 10);
    expect((await testApp.client().post('/api/auth/unlock', { token: inviteToken })).json<{ error: { code: string } }>().error.code).toBe('token_invalid');
    expect(await lockedUntil(testApp, email)).not.toBeNull();
  });

  it('a new lock voids the previous unlock link', async () => {
    await testApp.context.identity.lockout.unlockAccount((await testApp.context.identity.users.findByIdentifier(email))?.id ?? '');
    for (let attempt = 0; attempt < 5; attempt += 1) await testApp.client({ ip: '203.0.113.70' }).login(email, `round one ${attempt}`);
    const firstToken = await lastUnlockLink(testApp, email);
    await testApp.context.identity.lockout.unlockAccount((await testApp.context.identity.users.findByIdentifier(email))?.id ?? '');
    for (let attempt = 0; attempt < 5; attempt += 1) await testApp.client({ ip: '203.0.113.71' }).login(email, `round two ${attempt}`);
    const secondToken = await lastUnlockLink(testApp, email);
    expect(secondToken).not.toBe(firstToken);
    expect((await testApp.client().get(`/api/auth/unlock/${firstToken}`)).json()).toEqual({ valid: false, reason: 'expired' });
    expect((await testApp.client().post('/api/auth/unlock', { token: secondToken })).statusCode).toBe(200);
  });

  it('also sends an SMS when the account has a verified mobile number', async () => {
    const user = await testApp.context.identity.users.findByIdentifier(email);
    await testApp.context.identity.users.update(user?.id ?? '', { phone: '+8613800138000', phoneVerifiedAt: new Date() });
    for (let attempt = 0; attempt < 5; attempt += 1) await testApp.client({ ip: '203.0.113.80' }).login('+86 138 0013 8000', `sms round ${attempt}`);
    const texts = await testApp.context.database.db.select().from(smsMessages).where(eq(smsMessages.toNumber, '+8613800138000'));
    expect(texts).toHaveLength(1);
    expect(texts[0]?.text).toMatch(/\/unlock#token=[A-Za-z0-9_-]{43}/);
  });
});

describe('credential stuffing from one IP (LG-05)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await buildTestApp();
    await setupOrganization(testApp);
  });
  afterAll(() => testApp.close());

  it('throttles the IP with 429 + Retry-After, identically for real and unknown accounts, without locking accounts', async () => {
    const stuffer = testApp.client({ ip: '192.0.2.66' });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 22; attempt += 1) {
      const identifier = attempt % 2 === 0 ? `user${attempt}@victims.test` : 'owner@acme.test';
      statuses.push((await stuffer.login(identifier, `Summer2024!${attempt % 2 === 0 ? attempt : 1}`)).statusCode);
    }
    expect(statuses.slice(0, 20).every((status) => status === 401)).toBe(true);
    const known = await stuffer.login('owner@acme.test', STRONG_PASSWORD);
    const unknown = await stuffer.login('ghost@victims.test', 'whatever it is');
    expect(known.statusCode).toBe(429);
    expect(known.body).toBe(unknown.body);
    expect(Number(known.headers['retry-after'])).toBeGreaterThan(0);
    expect(known.headers['set-cookie']).toBeUndefined();
    // The owner was hit once per distinct password only: below the account threshold, and another IP signs in.
    expect((await testApp.client({ ip: '198.51.100.1' }).login('owner@acme.test', STRONG_PASSWORD)).statusCode).toBe(200);
  });

  it('ignores client-supplied forwarding headers when no proxy is trusted', async () => {
    const response = await testApp.client({ ip: '192.0.2.66' }).post('/api/auth/login', { identifier: 'owner@acme.test', password: STRONG_PASSWORD }, { 'x-forwarded-for': '198.51.100.50' });
    expect(response.statusCode).toBe(429);
  });
});
