import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createMember, STRONG_PASSWORD } from '../../../test/app.ts';
import { mailsTo, useOrganizationApp } from '../../../test/channel-helpers.ts';
import { awayFromStepEdge, enrolTotp, errorCode, passwordStep, secondStep, totpCode } from '../../../test/two-step.ts';
import { auditEvents } from '../../audit/audit.tables.ts';
import { signInFailures } from '../lockout/lockout.tables.ts';
import { users } from '../users/user.tables.ts';
import { factorThrottles, mfaChallenges } from './mfa.tables.ts';

describe('sign-in second step (MF-02, MF-04, MF-05, MF-06)', () => {
  const app = useOrganizationApp();

  async function memberWithTotp(email: string, name = 'Li Na') {
    const member = await createMember(app.testApp, app.owner, { email, name, role: 'sales' });
    return { ...member, ...(await enrolTotp(member.client)) };
  }

  it('MF-02: the password step gives a challenge and no cookie; nothing is reachable until the second step', async () => {
    const user = await memberWithTotp('two.step@acme.test');
    const pending = await passwordStep(app.testApp, 'two.step@acme.test');
    expect(pending.status).toBe(200);
    expect(pending.setCookie).toBeNull();
    expect(pending.methods).toEqual(['totp', 'recovery_code']);
    expect(pending.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    for (const [method, url] of [
      ['GET', '/api/auth/session'],
      ['GET', '/api/me/two-step'],
      ['GET', '/api/members'],
      ['POST', '/api/me/two-step/recovery-codes'],
      ['POST', '/api/auth/password/change'],
    ] as const) {
      const response = await pending.client.request(method, url, method === 'POST' ? {} : undefined);
      expect([400, 401], `${method} ${url}`).toContain(response.statusCode);
      if (response.statusCode === 400) expect(errorCode(response)).toBe('validation_failed');
    }
    // The challenge is no credential: sent as a cookie or bearer it names no session.
    expect((await app.testApp.client().get('/api/auth/session', { cookie: `clientele_session=${pending.challenge}` })).statusCode).toBe(401);
    // A client that pretends the answer said mfaRequired:false gets nothing; extra fields are refused.
    expect((await pending.client.post('/api/auth/mfa', { challenge: pending.challenge, method: 'totp', code: '000000', mfaRequired: false })).statusCode).toBe(400);
    await awayFromStepEdge();
    const done = await secondStep(pending.client, pending.challenge, 'totp', totpCode(user.secret));
    expect(done.statusCode).toBe(200);
    expect(done.json<{ user: { id: string }; twoStep: { enrolled: boolean; setupSuggested: boolean } }>()).toMatchObject({ user: { id: user.id }, twoStep: { enrolled: true, setupSuggested: false } });
    expect(pending.client.cookies.get('clientele_session')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pending.client.cookies.get('clientele_session')).not.toBe(pending.challenge);
    expect((await pending.client.get('/api/auth/session')).statusCode).toBe(200);
    // Single use: the same challenge cannot open a second session.
    expect(errorCode(await secondStep(app.testApp.client(), pending.challenge, 'totp', totpCode(user.secret, 1)))).toBe('mfa_challenge_invalid');
    const [event] = await app.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'sign_in_succeeded'), eq(auditEvents.targetUserId, user.id)));
    expect(event?.details).toMatchObject({ secondFactor: 'totp' });
  });

  it("MF-02: another user's code on this challenge fails; an expired or re-bound challenge is refused", async () => {
    const u1 = await memberWithTotp('u1@acme.test', 'Zhang Wei');
    const u2 = await memberWithTotp('u2@acme.test', 'Chen Jing');
    await awayFromStepEdge();
    const first = await passwordStep(app.testApp, 'u1@acme.test');
    const crossed = await secondStep(first.client, first.challenge, 'totp', totpCode(u2.secret));
    expect(crossed.statusCode).toBe(401);
    expect(errorCode(crossed)).toBe('mfa_code_invalid');
    expect(crossed.headers['set-cookie']).toBeUndefined();

    const expired = await passwordStep(app.testApp, 'u1@acme.test');
    await app.db.update(mfaChallenges).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(mfaChallenges.userId, u1.id));
    expect(errorCode(await secondStep(expired.client, expired.challenge, 'totp', totpCode(u1.secret)))).toBe('mfa_challenge_invalid');

    const bound = await passwordStep(app.testApp, 'u1@acme.test', { ip: '203.0.113.10' });
    const otherNetwork = app.testApp.client({ ip: '198.51.100.10' });
    expect(errorCode(await secondStep(otherNetwork, bound.challenge, 'totp', totpCode(u1.secret)))).toBe('mfa_challenge_invalid');
    const otherBrowser = app.testApp.client({ ip: '203.0.113.10', userAgent: 'curl/8.0' });
    expect(errorCode(await secondStep(otherBrowser, bound.challenge, 'totp', totpCode(u1.secret)))).toBe('mfa_challenge_invalid');
    const sameRange = app.testApp.client({ ip: '203.0.113.77' });
    expect((await secondStep(sameRange, bound.challenge, 'totp', totpCode(u1.secret))).statusCode).toBe(200);
    expect(errorCode(await secondStep(app.testApp.client(), 'x'.repeat(43), 'totp', '123456'))).toBe('mfa_challenge_invalid');
  });

  it('MF-02: five wrong codes void the challenge', async () => {
    const user = await memberWithTotp('five@acme.test');
    const pending = await passwordStep(app.testApp, 'five@acme.test');
    for (let attempt = 0; attempt < 5; attempt += 1) expect(errorCode(await secondStep(pending.client, pending.challenge, 'totp', String(100000 + attempt)))).toBe('mfa_code_invalid');
    await awayFromStepEdge();
    expect(errorCode(await secondStep(pending.client, pending.challenge, 'totp', totpCode(user.secret)))).toBe('mfa_challenge_invalid');
  });

  it('MF-04: a code works once — replay after sign-out, 10 parallel uses, and T−1 after T', async () => {
    const user = await memberWithTotp('replay@acme.test');
    await awayFromStepEdge();
    const code = totpCode(user.secret);
    const first = await passwordStep(app.testApp, 'replay@acme.test');
    expect((await secondStep(first.client, first.challenge, 'totp', code)).statusCode).toBe(200);
    await first.client.post('/api/auth/logout');
    const again = await passwordStep(app.testApp, 'replay@acme.test');
    expect(errorCode(await secondStep(again.client, again.challenge, 'totp', code))).toBe('mfa_code_invalid');
    // T−1 is inside the window but older than the step just used.
    expect(errorCode(await secondStep(again.client, again.challenge, 'totp', totpCode(user.secret, -1)))).toBe('mfa_code_invalid');

    const racers = [];
    for (let index = 0; index < 10; index += 1) racers.push(await passwordStep(app.testApp, 'replay@acme.test', { ip: `192.0.2.${index + 20}` }));
    await awayFromStepEdge();
    const next = totpCode(user.secret, 1);
    const answers = await Promise.all(racers.map((racer) => secondStep(racer.client, racer.challenge, 'totp', next)));
    expect(answers.filter((answer) => answer.statusCode === 200)).toHaveLength(1);
    expect(answers.filter((answer) => answer.statusCode === 401).every((answer) => errorCode(answer) === 'mfa_code_invalid')).toBe(true);
  });

  it('MF-05: ±1 step is accepted, ±2 is not, and client time fields are refused', async () => {
    const user = await memberWithTotp('window@acme.test');
    await awayFromStepEdge();
    const tryCode = async (code: string) => {
      const pending = await passwordStep(app.testApp, 'window@acme.test');
      return secondStep(pending.client, pending.challenge, 'totp', code);
    };
    expect(errorCode(await tryCode(totpCode(user.secret, -2)))).toBe('mfa_code_invalid');
    expect(errorCode(await tryCode(totpCode(user.secret, 2)))).toBe('mfa_code_invalid');
    expect((await tryCode(totpCode(user.secret, 0))).statusCode).toBe(200);
    expect((await tryCode(totpCode(user.secret, 1))).statusCode).toBe(200);
    const pending = await passwordStep(app.testApp, 'window@acme.test');
    for (const field of ['timestamp', 'clientTime']) {
      const response = await pending.client.post('/api/auth/mfa', { challenge: pending.challenge, method: 'totp', code: totpCode(user.secret, 2), [field]: Date.now() + 60_000 });
      expect(response.statusCode).toBe(400);
      expect(errorCode(response)).toBe('validation_failed');
    }
  });

  it('MF-06: wrong codes over 5 parallel challenges share one counter; 10 lock TOTP for 15 minutes, mail the user, leave the password budget alone', async () => {
    const user = await memberWithTotp('guess@acme.test', 'Guo Jing');
    const pendings = [];
    for (let index = 0; index < 5; index += 1) pendings.push(await passwordStep(app.testApp, 'guess@acme.test', { ip: `198.51.100.${index + 40}` }));
    const wrong = (index: number) => String(200000 + index);
    const answers = await Promise.all(pendings.flatMap((pending, index) => [secondStep(pending.client, pending.challenge, 'totp', wrong(index * 2)), secondStep(pending.client, pending.challenge, 'totp', wrong(index * 2 + 1))]));
    expect(answers.every((answer) => answer.statusCode === 401)).toBe(true);
    const [throttle] = await app.db.select().from(factorThrottles).where(and(eq(factorThrottles.userId, user.id), eq(factorThrottles.kind, 'otp')));
    expect(throttle?.lockedUntil?.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);

    await awayFromStepEdge();
    const fresh = await passwordStep(app.testApp, 'guess@acme.test');
    expect(fresh.status).toBe(200);
    const locked = await secondStep(fresh.client, fresh.challenge, 'totp', totpCode(user.secret));
    expect(locked.statusCode).toBe(429);
    expect(errorCode(locked)).toBe('mfa_throttled');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(800);
    // Recovery codes are a separate kind and still work.
    expect((await secondStep(fresh.client, fresh.challenge, 'recovery_code', user.recoveryCodes?.[0] ?? '')).statusCode).toBe(200);
    expect(await mailsTo(app.db, 'guess@acme.test', 'twoStepLocked')).toHaveLength(1);
    expect(await mailsTo(app.db, 'guess@acme.test', 'recoveryCodeUsed')).toHaveLength(1);
    const [row] = await app.db.select().from(users).where(eq(users.id, user.id));
    expect(row?.lockedUntil).toBeNull();
    expect(await app.db.select().from(signInFailures).where(eq(signInFailures.userId, user.id))).toHaveLength(0);
  });

  it('a recovery code signs in once, suggests setting up a new factor, and password-only users are unchanged', async () => {
    const user = await memberWithTotp('codes@acme.test');
    const code = user.recoveryCodes?.[3] ?? '';
    const pending = await passwordStep(app.testApp, 'codes@acme.test');
    const done = await secondStep(pending.client, pending.challenge, 'recovery_code', code.toUpperCase().replace(/-/g, ' '));
    expect(done.statusCode).toBe(200);
    expect(done.json<{ twoStep: { setupSuggested: boolean } }>().twoStep.setupSuggested).toBe(true);
    expect((await pending.client.get('/api/auth/session')).json<{ twoStep: { setupSuggested: boolean } }>().twoStep.setupSuggested).toBe(true);
    const again = await passwordStep(app.testApp, 'codes@acme.test');
    expect(errorCode(await secondStep(again.client, again.challenge, 'recovery_code', code))).toBe('mfa_code_invalid');

    await createMember(app.testApp, app.owner, { email: 'plain@acme.test', name: 'Plain User', role: 'sales' });
    const plain = app.testApp.client();
    const signedIn = await plain.login('plain@acme.test', STRONG_PASSWORD);
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json<{ mfaRequired?: boolean; user: { email: string } }>()).toMatchObject({ user: { email: 'plain@acme.test' } });
    expect(signedIn.json<{ mfaRequired?: boolean }>().mfaRequired).toBeUndefined();
  });
});
