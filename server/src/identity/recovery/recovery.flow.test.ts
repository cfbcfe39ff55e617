import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { STRONG_PASSWORD } from '../../../test/app.ts';
import { codeOf, createVerifiedMember, freezeTokenOf, mailsTo, requestResetMail, resetTokenOf, smsTo, userByEmail, useRecoveryApp, waitForQueues } from '../../../test/recovery.ts';
import { sessions } from '../sessions/session.tables.ts';
import { users } from '../users/user.tables.ts';
import { recoveryChallenges } from './recovery.tables.ts';

const NEW_PASSWORD = 'copper meadow violin 2044 harbor';
const EVIL_HEADERS = { host: 'evil.test', 'x-forwarded-host': 'evil.test', 'x-forwarded-proto': 'https', forwarded: 'host=evil.test;proto=https' };

/** RC-03, RC-04, RC-05, RC-06, RC-11: the e-mail link path and the code path, end to end through a real SMTP server. */
describe('password reset', () => {
  const fixture = useRecoveryApp();

  it('mails a 256-bit link token and a code; the link uses PUBLIC_URL whatever Host / X-Forwarded-Host / Forwarded say', async () => {
    await createVerifiedMember(fixture, { email: 'link@acme.test', name: 'Link User' });
    const client = fixture.testApp.client({ ip: '198.51.100.20' });
    const tokens: string[] = [];
    for (let round = 0; round < 3; round += 1) {
      const mail = await requestResetMail(fixture, 'link@acme.test', client, round === 1 ? EVIL_HEADERS : {});
      expect(mail.text).toContain('http://localhost:3000/reset#token=');
      expect(mail.text + mail.html).not.toContain('evil.test');
      expect(codeOf(mail.text)).toMatch(/^\d{6}$/);
      expect(mail.text).toContain('Acme Trading');
      expect(mail.text).toMatch(/198\.51\.100\.20/);
      tokens.push(resetTokenOf(mail));
    }
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set(tokens).size).toBe(tokens.length);
    // Only a SHA-256 of each token is stored.
    const rows = await fixture.testApp.context.database.db.select().from(recoveryChallenges);
    for (const token of tokens) {
      expect(rows.some((row) => row.tokenHash.includes(token))).toBe(false);
      expect(JSON.stringify(rows)).not.toContain(token);
    }
    expect(rows.every((row) => /^[0-9a-f]{64}$/.test(row.tokenHash))).toBe(true);
  });

  it('inspect never consumes; a new request voids the older link; the link resets once, lands signed in and ends every other session', async () => {
    const member = await createVerifiedMember(fixture, { email: 'reset@acme.test', name: 'Reset User', phone: '+8613800138001', backupEmail: 'reset.backup@example.net' });
    const otherBrowser = fixture.testApp.client({ ip: '203.0.113.9' });
    expect((await otherBrowser.login('reset@acme.test', STRONG_PASSWORD)).statusCode).toBe(200);
    // Lock the account for unknown browsers: the reset must lift it.
    const attacker = fixture.testApp.client({ ip: '203.0.113.66' });
    for (let attempt = 0; attempt < 5; attempt += 1) await attacker.login('reset@acme.test', `wrong guess number ${attempt}`);
    expect((await userByEmail(fixture.testApp, 'reset@acme.test')).lockedUntil).not.toBeNull();

    const first = resetTokenOf(await requestResetMail(fixture, 'reset@acme.test'));
    const second = resetTokenOf(await requestResetMail(fixture, 'reset@acme.test'));
    const anonymous = fixture.testApp.client({ ip: '198.51.100.30' });
    expect((await anonymous.post('/api/auth/password/reset/inspect', { token: first })).json()).toEqual({ valid: false, reason: 'invalid' });
    for (let look = 0; look < 3; look += 1) {
      const inspected = (await anonymous.post('/api/auth/password/reset/inspect', { token: second })).json<Record<string, unknown>>();
      expect(inspected).toMatchObject({ valid: true, stage: 'password', user: { name: 'Reset User' }, orgName: 'Acme Trading', secondProof: { required: false, satisfied: true, methods: [] }, securityQuestions: null, admins: ['Wang Li'] });
    }
    expect((await anonymous.post('/api/auth/password/reset', { token: first, newPassword: NEW_PASSWORD })).json()).toMatchObject({ error: { code: 'token_invalid' } });

    const weak = await anonymous.post('/api/auth/password/reset', { token: second, newPassword: 'password123' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json()).toMatchObject({ error: { code: 'password_rejected' } });

    fixture.sink.clear();
    const done = await anonymous.post('/api/auth/password/reset', { token: second, newPassword: NEW_PASSWORD });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ user: { email: 'reset@acme.test' } });
    expect(anonymous.cookies.get('clientele_session')).toBeTruthy();
    expect((await anonymous.get('/api/auth/session')).statusCode).toBe(200);
    expect((await otherBrowser.get('/api/auth/session')).statusCode).toBe(401);
    expect((await anonymous.post('/api/auth/password/reset', { token: second, newPassword: NEW_PASSWORD })).json()).toMatchObject({ error: { code: 'token_used' } });
    expect((await anonymous.post('/api/auth/password/reset/inspect', { token: second })).json()).toEqual({ valid: false, reason: 'used' });

    // Lock lifted, new password works from a new browser, old one does not.
    const user = await userByEmail(fixture.testApp, 'reset@acme.test');
    expect(user.lockedUntil).toBeNull();
    expect((await fixture.testApp.client({ ip: '198.51.100.31' }).login('reset@acme.test', NEW_PASSWORD)).statusCode).toBe(200);
    expect((await fixture.testApp.client({ ip: '198.51.100.32' }).login('reset@acme.test', STRONG_PASSWORD)).statusCode).toBe(401);
    const live = await fixture.testApp.context.database.db.select().from(sessions).where(eq(sessions.userId, member.id));
    expect(live.filter((row) => !row.revokedAt).length).toBe(2);

    // Every channel hears of it (primary and backup mail, phone), with time, IP, device and a freeze link, no secrets.
    await waitForQueues(fixture.testApp);
    const notices = [...mailsTo(fixture.sink, 'reset@acme.test', 'was reset'), ...mailsTo(fixture.sink, 'reset.backup@example.net', 'was reset')];
    expect(notices).toHaveLength(2);
    for (const notice of notices) {
      expect(notice.text).toContain('198.51.100.30');
      expect(notice.text).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/);
      expect(notice.text).toContain('Chrome');
      expect(notice.text).toContain('http://localhost:3000/freeze#token=');
      expect(notice.text + notice.html).not.toContain(NEW_PASSWORD);
      expect(notice.text + notice.html).not.toContain(second);
      freezeTokenOf(notice);
    }
    const texts = await smsTo(fixture.testApp, '+8613800138001');
    expect(texts[0]?.text).toMatch(/reset at .* from IP 198\.51\.100\.30/);
    expect(texts[0]?.text).not.toContain(NEW_PASSWORD);
  });

  it('the code path: identifier + code gives a ticket; the e-mailed link dies; wrong codes are refused uniformly', async () => {
    await createVerifiedMember(fixture, { email: 'code@acme.test', name: 'Code User' });
    const mail = await requestResetMail(fixture, 'code@acme.test');
    const code = codeOf(mail.text);
    const client = fixture.testApp.client({ ip: '198.51.100.40' });
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const unknown = await client.post('/api/auth/password/reset/code', { identifier: 'nobody@acme.test', code });
    const mismatch = await client.post('/api/auth/password/reset/code', { identifier: 'code@acme.test', code: wrong });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toBe(mismatch.body);
    const ticket = await client.post('/api/auth/password/reset/code', { identifier: 'code@acme.test', code });
    expect(ticket.statusCode).toBe(200);
    const { token } = ticket.json<{ token: string }>();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await client.post('/api/auth/password/reset/code', { identifier: 'code@acme.test', code })).json()).toMatchObject({ error: { code: 'code_invalid' } });
    expect((await client.post('/api/auth/password/reset/inspect', { token: resetTokenOf(mail) })).json()).toEqual({ valid: false, reason: 'invalid' });
    expect((await client.post('/api/auth/password/reset', { token, newPassword: NEW_PASSWORD })).statusCode).toBe(200);
  });

  it('identifier + code + new password in one request also works', async () => {
    await createVerifiedMember(fixture, { email: 'direct@acme.test', name: 'Direct User' });
    const code = codeOf((await requestResetMail(fixture, 'direct@acme.test')).text);
    const client = fixture.testApp.client({ ip: '198.51.100.41' });
    const done = await client.post('/api/auth/password/reset', { identifier: 'direct@acme.test', code, newPassword: NEW_PASSWORD });
    expect(done.statusCode).toBe(200);
    expect((await client.post('/api/auth/password/reset', { identifier: 'direct@acme.test', code, newPassword: NEW_PASSWORD })).json()).toMatchObject({ error: { code: 'code_invalid' } });
  });

  it('5 wrong codes void the code; the per-account budget survives a re-issue; a code from flow #1 fails in flow #2', async () => {
    await createVerifiedMember(fixture, { email: 'guess@acme.test', name: 'Guess User' });
    const client = fixture.testApp.client({ ip: '198.51.100.50' });
    const firstCode = codeOf((await requestResetMail(fixture, 'guess@acme.test')).text);
    const wrongFor = (code: string, offset: number) => String((Number(code) + offset) % 1_000_000).padStart(6, '0');
    const answers = [];
    for (let attempt = 1; attempt <= 5; attempt += 1) answers.push((await client.post('/api/auth/password/reset/code', { identifier: 'guess@acme.test', code: wrongFor(firstCode, attempt) })).json<{ error: { code: string } }>().error.code);
    expect(answers).toEqual(['code_invalid', 'code_invalid', 'code_invalid', 'code_invalid', 'code_expired']);
    expect((await client.post('/api/auth/password/reset/code', { identifier: 'guess@acme.test', code: firstCode })).json()).toMatchObject({ error: { code: 'code_expired' } });

    const secondCode = codeOf((await requestResetMail(fixture, 'guess@acme.test')).text);
    expect((await client.post('/api/auth/password/reset/code', { identifier: 'guess@acme.test', code: firstCode })).json()).toMatchObject({ error: { code: 'code_invalid' } });
    for (let attempt = 1; attempt <= 4; attempt += 1) await client.post('/api/auth/password/reset/code', { identifier: 'guess@acme.test', code: wrongFor(secondCode, attempt) });
    // 5 + 1 + 4 = 10 wrong codes this hour: even the right code of a fresh message is refused now.
    const thirdCode = codeOf((await requestResetMail(fixture, 'guess@acme.test')).text);
    const refused = await client.post('/api/auth/password/reset/code', { identifier: 'guess@acme.test', code: thirdCode });
    expect(refused.json()).toMatchObject({ error: { code: 'code_invalid' } });
  });

  it('expired links and codes fail with a clear reason', async () => {
    const member = await createVerifiedMember(fixture, { email: 'late@acme.test', name: 'Late User' });
    const mail = await requestResetMail(fixture, 'late@acme.test');
    const { db } = fixture.testApp.context.database;
    await db.update(recoveryChallenges).set({ linkExpiresAt: new Date(Date.now() - 1000) }).where(eq(recoveryChallenges.userId, member.id));
    await db.execute(sql`update verification_codes set expires_at = now() - interval '1 second' where user_id = ${member.id}`);
    const client = fixture.testApp.client({ ip: '198.51.100.60' });
    expect((await client.post('/api/auth/password/reset/inspect', { token: resetTokenOf(mail) })).json()).toEqual({ valid: false, reason: 'expired' });
    const expired = await client.post('/api/auth/password/reset', { token: resetTokenOf(mail), newPassword: NEW_PASSWORD });
    expect(expired.json()).toEqual({ error: { code: 'token_expired', message: 'This link has expired. Please request a new one.' } });
    expect((await client.post('/api/auth/password/reset/code', { identifier: 'late@acme.test', code: codeOf(mail.text) })).json()).toMatchObject({ error: { code: 'code_invalid' } });
  });

  it("binds a token to its purpose and user: unlock, invitation and freeze tokens are refused; A's token cannot reset B", async () => {
    const alice = await createVerifiedMember(fixture, { email: 'alice@acme.test', name: 'Alice' });
    await createVerifiedMember(fixture, { email: 'bob@acme.test', name: 'Bob' });
    const { tokens } = fixture.testApp.context.identity;
    const client = fixture.testApp.client({ ip: '198.51.100.70' });
    for (const purpose of ['unlock', 'invite', 'freeze'] as const) {
      const foreign = await tokens.issue(alice.id, purpose, 15);
      expect((await client.post('/api/auth/password/reset', { token: foreign, newPassword: NEW_PASSWORD })).json()).toMatchObject({ error: { code: 'token_invalid' } });
      expect((await client.post('/api/auth/password/reset/inspect', { token: foreign })).json()).toEqual({ valid: false, reason: 'invalid' });
    }
    const aliceToken = resetTokenOf(await requestResetMail(fixture, 'alice@acme.test'));
    const bound = await client.post('/api/auth/password/reset', { token: aliceToken, identifier: 'bob@acme.test', newPassword: NEW_PASSWORD });
    expect(bound.statusCode).toBe(400);
    expect(bound.json()).toMatchObject({ error: { code: 'validation_failed' } });
    const done = await client.post('/api/auth/password/reset', { token: aliceToken, newPassword: NEW_PASSWORD });
    expect(done.json()).toMatchObject({ user: { email: 'alice@acme.test' } });
    expect((await fixture.testApp.client({ ip: '198.51.100.71' }).login('bob@acme.test', STRONG_PASSWORD)).statusCode).toBe(200);
    const [bob] = await fixture.testApp.context.database.db.select().from(users).where(eq(users.email, 'bob@acme.test'));
    expect(bob?.passwordChangedAt?.getTime()).toBeLessThan(Date.now() - 10);
  });
});
