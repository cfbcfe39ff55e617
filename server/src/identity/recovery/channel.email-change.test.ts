import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createMember, STRONG_PASSWORD, type TestClient } from '../../../test/app.ts';
import { ageSession, codeIn, latestMail, linkTokenIn, mailsTo, textsTo, useOrganizationApp } from '../../../test/channel-helpers.ts';
import { auditEvents, users } from '../../db/schema.ts';
import { hashToken } from '../secrets.ts';
import { actionTokens } from '../tokens/token.tables.ts';

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (let round = 0; round < 200 && Date.now() < deadline; round += 1) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return undefined;
}

describe('changing the sign-in e-mail or mobile number (RC-10)', () => {
  const app = useOrganizationApp();

  /** Starts a change to `newEmail` and returns the pending row id. */
  async function startChange(client: TestClient, newEmail: string): Promise<string> {
    const response = await client.post('/api/account/recovery/channels', { kind: 'email', role: 'primary', address: newEmail });
    expect(response.statusCode).toBe(201);
    return response.json<{ id: string }>().id;
  }

  it('needs step-up, then a code to the new address; the old one stays the identifier until then', async () => {
    const member = await createMember(app.testApp, app.owner, { email: 'old@acme.test', name: 'Tang Wei', role: 'sales' });
    await ageSession(app.db, member.client);
    const refused = await member.client.post('/api/account/recovery/channels', { kind: 'email', role: 'primary', address: 'new@example.net' });
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('reauthentication_required');
    expect((await member.client.post('/api/auth/reauthenticate', { password: STRONG_PASSWORD })).statusCode).toBe(200);
    const id = await startChange(member.client, 'new@example.net');
    // Pending: sign-in still with the old address only.
    expect((await app.testApp.client().login('new@example.net', STRONG_PASSWORD)).statusCode).toBe(401);
    expect((await app.testApp.client().login('old@acme.test', STRONG_PASSWORD)).statusCode).toBe(200);

    // A reset requested while the change is pending goes only to the old, confirmed address.
    expect((await app.testApp.client({ ip: '203.0.113.50' }).post('/api/auth/password/forgot', { identifier: 'new@example.net' })).statusCode).toBe(202);
    expect((await app.testApp.client({ ip: '203.0.113.50' }).post('/api/auth/password/forgot', { identifier: 'old@acme.test' })).statusCode).toBe(202);
    const resetMail = await waitFor(() => latestMail(app.db, 'old@acme.test', 'passwordReset'));
    expect(resetMail).toBeDefined();
    expect(await mailsTo(app.db, 'new@example.net', 'passwordReset')).toHaveLength(0);

    const code = codeIn((await latestMail(app.db, 'new@example.net', 'recoveryCode'))?.textBody);
    const wrong = await member.client.post(`/api/account/recovery/channels/${id}/verify`, { code: code === '999999' ? '888888' : '999999' });
    expect(wrong.statusCode).toBe(400);
    const done = await member.client.post(`/api/account/recovery/channels/${id}/verify`, { code });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ id: 'primary-email', address: 'new@example.net', verified: true });

    // After the change: the old e-mail fails generically, the new one works.
    const oldLogin = await app.testApp.client().login('old@acme.test', STRONG_PASSWORD);
    expect(oldLogin.statusCode).toBe(401);
    expect(oldLogin.json<{ error: { code: string } }>().error.code).toBe('invalid_credentials');
    expect((await app.testApp.client().login('new@example.net', STRONG_PASSWORD)).statusCode).toBe(200);

    // The old address got a notice with a revert link; the notice names the new address only masked.
    const notice = await latestMail(app.db, 'old@acme.test', 'emailChanged');
    expect(notice?.textBody).toContain('n•••@example.net');
    expect(notice?.textBody).toMatch(/http:\/\/localhost:3000\/revert#token=/);
    const audit = await app.db.select().from(auditEvents).where(eq(auditEvents.action, 'email_changed'));
    expect(audit.some((row) => row.targetUserId === member.id)).toBe(true);
  });

  it('the revert link restores the old e-mail, ends every session, is single use and lives 7 days', async () => {
    const member = await createMember(app.testApp, app.owner, { email: 'victim@acme.test', name: 'Liang Qi', role: 'sales' });
    const attackerBrowser = app.testApp.client({ ip: '192.0.2.66' });
    expect((await attackerBrowser.login('victim@acme.test', STRONG_PASSWORD)).statusCode).toBe(200);
    const id = await startChange(attackerBrowser, 'attacker@evil.test');
    await attackerBrowser.post(`/api/account/recovery/channels/${id}/verify`, { code: codeIn((await latestMail(app.db, 'attacker@evil.test', 'recoveryCode'))?.textBody) });
    const token = linkTokenIn((await latestMail(app.db, 'victim@acme.test', 'emailChanged'))?.textBody);

    const [row] = await app.db.select().from(actionTokens).where(eq(actionTokens.tokenHash, hashToken(token)));
    const lifetimeDays = ((row?.expiresAt.getTime() ?? 0) - (row?.createdAt.getTime() ?? 0)) / 86_400_000;
    expect(lifetimeDays).toBeGreaterThanOrEqual(7 - 1e-6);
    // Six days and 23 hours later (the clock moved by editing the expiry), the link still works.
    await app.db.update(actionTokens).set({ expiresAt: new Date(Date.now() + 3_600_000) }).where(eq(actionTokens.tokenHash, hashToken(token)));

    // Opening the link (mail scanners) does not spend it.
    const inspected = await app.testApp.client().post('/api/auth/email/revert/inspect', { token });
    expect(inspected.json()).toEqual({ valid: true, kind: 'email', email: 'victim@acme.test' });
    expect((await app.testApp.client().post('/api/auth/email/revert/inspect', { token })).json()).toMatchObject({ valid: true });

    const reverted = await app.testApp.client().post('/api/auth/email/revert', { token });
    expect(reverted.statusCode).toBe(200);
    expect(reverted.json()).toEqual({ reverted: true, kind: 'email', email: 'victim@acme.test' });
    expect((await attackerBrowser.get('/api/auth/session')).statusCode).toBe(401);
    expect((await member.client.get('/api/auth/session')).statusCode).toBe(401);
    expect((await app.testApp.client().login('attacker@evil.test', STRONG_PASSWORD)).statusCode).toBe(401);
    // Whoever changed the address knew the password: it no longer works; the owner resets it by mail.
    expect((await attackerBrowser.login('victim@acme.test', STRONG_PASSWORD)).statusCode).toBe(401);
    const [user] = await app.db.select().from(users).where(eq(users.id, member.id));
    expect(user?.emailVerifiedAt).not.toBeNull();
    expect(user?.passwordHash).toBeNull();

    const again = await app.testApp.client().post('/api/auth/email/revert', { token });
    expect(again.json<{ error: { code: string } }>().error.code).toBe('token_used');
    expect((await app.testApp.client().post('/api/auth/email/revert/inspect', { token })).json()).toEqual({ valid: false, reason: 'used' });
  });

  it('an expired or foreign-purpose token does not revert anything', async () => {
    const member = await createMember(app.testApp, app.owner, { email: 'expiry@acme.test', name: 'Mo Hua', role: 'sales' });
    const id = await startChange(member.client, 'expiry.new@example.net');
    await member.client.post(`/api/account/recovery/channels/${id}/verify`, { code: codeIn((await latestMail(app.db, 'expiry.new@example.net', 'recoveryCode'))?.textBody) });
    const token = linkTokenIn((await latestMail(app.db, 'expiry@acme.test', 'emailChanged'))?.textBody);
    await app.db.update(actionTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(actionTokens.tokenHash, hashToken(token)));
    expect((await app.testApp.client().post('/api/auth/email/revert', { token })).json<{ error: { code: string } }>().error.code).toBe('token_expired');
    const unlock = await app.testApp.context.identity.tokens.issue(member.id, 'unlock', 15);
    expect((await app.testApp.client().post('/api/auth/email/revert', { token: unlock })).json<{ error: { code: string } }>().error.code).toBe('token_invalid');
    expect((await app.testApp.client().post('/api/auth/email/revert', { token: 'x'.repeat(43) })).statusCode).toBe(400);
    const [user] = await app.db.select().from(users).where(eq(users.id, member.id));
    expect(user?.email).toBe('expiry.new@example.net');
  });

  it('a second change does not kill the revert link of the first (A → B → C, then back to A)', async () => {
    const member = await createMember(app.testApp, app.owner, { email: 'chain.a@acme.test', name: 'Chain Ke', role: 'sales' });
    const toB = await startChange(member.client, 'chain.b@example.net');
    await member.client.post(`/api/account/recovery/channels/${toB}/verify`, { code: codeIn((await latestMail(app.db, 'chain.b@example.net', 'recoveryCode'))?.textBody) });
    const firstRevert = linkTokenIn((await latestMail(app.db, 'chain.a@acme.test', 'emailChanged'))?.textBody);
    const toC = await startChange(member.client, 'chain.c@example.net');
    await member.client.post(`/api/account/recovery/channels/${toC}/verify`, { code: codeIn((await latestMail(app.db, 'chain.c@example.net', 'recoveryCode'))?.textBody) });
    const reverted = await app.testApp.client().post('/api/auth/email/revert', { token: firstRevert });
    expect(reverted.json()).toMatchObject({ reverted: true, email: 'chain.a@acme.test' });
    const [user] = await app.db.select().from(users).where(eq(users.id, member.id));
    expect(user).toMatchObject({ email: 'chain.a@acme.test', passwordHash: null });
  });

  it('sets and changes the mobile number with codes by SMS; the old number gets the revert link', async () => {
    const member = await createMember(app.testApp, app.owner, { email: 'mobile@acme.test', name: 'Xu Ping', role: 'sales' });
    const first = await member.client.post('/api/account/recovery/channels', { kind: 'phone', role: 'primary', address: '+86 138 0013 8000' });
    expect(first.statusCode).toBe(201);
    const [firstText] = await textsTo(app.db, '+8613800138000');
    await member.client.post(`/api/account/recovery/channels/${first.json<{ id: string }>().id}/verify`, { code: codeIn(firstText?.text) });
    const me = (await member.client.get('/api/auth/session')).json<{ user: { phone: string; phoneVerified: boolean }; recovery: { ways: number } }>();
    expect(me.user).toMatchObject({ phone: '+8613800138000', phoneVerified: true });
    expect(me.recovery.ways).toBe(2);
    // Sign-in by the (bare mainland) number now works.
    expect((await app.testApp.client().login('138 0013 8000', STRONG_PASSWORD)).statusCode).toBe(200);

    const change = await member.client.post('/api/account/recovery/channels', { kind: 'phone', role: 'primary', address: '+8613900139000' });
    const [changeText] = await textsTo(app.db, '+8613900139000');
    await member.client.post(`/api/account/recovery/channels/${change.json<{ id: string }>().id}/verify`, { code: codeIn(changeText?.text) });
    const [revertText] = await textsTo(app.db, '+8613800138000');
    expect(revertText?.text).toMatch(/\/revert#token=/);
    const mail = await latestMail(app.db, 'mobile@acme.test', 'phoneChanged');
    const token = linkTokenIn(mail?.textBody);
    expect(revertText?.text).toContain(token);
    const reverted = await app.testApp.client().post('/api/auth/email/revert', { token });
    expect(reverted.json()).toMatchObject({ reverted: true, kind: 'phone' });
    const [user] = await app.db.select().from(users).where(eq(users.id, member.id));
    expect(user?.phone).toBe('+8613800138000');
    expect(user?.phoneVerifiedAt).not.toBeNull();
  });

  it('refuses numbers that cannot receive texts and malformed ones', async () => {
    const member = await createMember(app.testApp, app.owner, { email: 'landline@acme.test', name: 'Land Line', role: 'sales' });
    const landline = await member.client.post('/api/account/recovery/channels', { kind: 'phone', role: 'backup', address: '+86 10 6552 9988' });
    expect(landline.json<{ error: { code: string } }>().error.code).toBe('phone_not_mobile');
    const garbage = await member.client.post('/api/account/recovery/channels', { kind: 'phone', role: 'backup', address: '12345' });
    expect(garbage.json<{ error: { code: string } }>().error.code).toBe('phone_invalid');
    const badMail = await member.client.post('/api/account/recovery/channels', { kind: 'email', role: 'backup', address: 'not-an-email' });
    expect(badMail.statusCode).toBe(400);
  });
});
