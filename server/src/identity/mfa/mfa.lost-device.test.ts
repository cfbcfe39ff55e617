import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { TestClient } from '../../../test/app.ts';
import { codeOf, createVerifiedMember, freezeTokenOf, mailsTo, requestResetMail, resetTokenOf, smsTo, useRecoveryApp, waitForQueues } from '../../../test/recovery.ts';
import { awayFromStepEdge, enrolTotp, errorCode, passwordStep, secondStep, totpCode } from '../../../test/two-step.ts';
import { auditEvents } from '../../audit/audit.tables.ts';
import { organizations } from '../orgs/org.tables.ts';
import { sessions } from '../sessions/session.tables.ts';
import { users } from '../users/user.tables.ts';
import { totpFactors } from './mfa.tables.ts';

const NEW_PASSWORD = 'quartz orchard lantern 5150 ferry';
const HOUR = 3_600_000;

/**
 * Issue 4 "Lost device": two independent verified channels replace a lost factor in the reset, but a factor added in
 * that session only counts after the organisation's delay, every channel holds a cancel link meanwhile, and the
 * session cannot take the existing factors away or mint recovery codes.
 */
describe('lost-device recovery: delayed new factor with a cancel link', () => {
  const fixture = useRecoveryApp();
  const db = () => fixture.testApp.context.database.db;

  /** A member with a TOTP device and a verified phone, then a reset by e-mail link + SMS code (no factor). */
  async function recoverWithoutDevice(email: string, phone: string, ip: string) {
    const member = await createVerifiedMember(fixture, { email, name: 'Lost Device', phone });
    const old = await enrolTotp(member.client, 'Old phone');
    const token = resetTokenOf(await requestResetMail(fixture, email));
    const browser = fixture.testApp.client({ ip });
    expect((await browser.post('/api/auth/password/reset/second-channel', { token, channelId: 'primary-phone' })).statusCode).toBe(202);
    await waitForQueues(fixture.testApp);
    const [sms] = await smsTo(fixture.testApp, phone);
    expect((await browser.post('/api/auth/password/reset/second-channel/verify', { token, code: codeOf(sms?.text ?? '') })).statusCode).toBe(200);
    const done = await browser.post('/api/auth/password/reset', { token, newPassword: NEW_PASSWORD });
    expect(done.statusCode).toBe(200);
    return { member, old, browser };
  }

  async function addTotp(client: TestClient, name: string) {
    const started = await client.post('/api/me/two-step/totp', { name });
    expect(started.statusCode).toBe(201);
    const { id, secret } = started.json<{ id: string; secret: string }>();
    await awayFromStepEdge();
    const confirmed = await client.post(`/api/me/two-step/totp/${id}/confirm`, { code: totpCode(secret) });
    expect(confirmed.statusCode).toBe(200);
    return { id, secret, body: confirmed.json<{ factor: { activatesAt: string | null }; recoveryCodes: string[] | null }>() };
  }

  it('a factor added after a two-channel reset waits 24 h; old factors stay; every channel gets a cancel link', async () => {
    const { member, old, browser } = await recoverWithoutDevice('lost.device@acme.test', '+8613800138501', '198.51.100.101');
    expect((await browser.get('/api/auth/session')).json()).toMatchObject({ session: { lostFactorRecovery: true } });
    const [reset] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'password_reset'), eq(auditEvents.targetUserId, member.id)));
    expect(reset?.details).toMatchObject({ proofs: ['email:primary', 'phone:primary'], lostFactorRecovery: true });

    // Past the fresh-sign-in window the password alone is the step-up here: the factor is what was lost.
    await db().update(sessions).set({ createdAt: new Date(Date.now() - HOUR) }).where(eq(sessions.userId, member.id));
    expect(errorCode(await browser.post('/api/me/two-step/totp', { name: 'Too late' }))).toBe('reauthentication_required');
    expect((await browser.post('/api/auth/reauthenticate', { password: NEW_PASSWORD })).statusCode).toBe(200);

    const before = Date.now();
    const added = await addTotp(browser, 'New phone');
    const activatesAt = new Date(added.body.factor.activatesAt ?? 0).getTime();
    expect(activatesAt).toBeGreaterThanOrEqual(before + 24 * HOUR - 5_000);
    expect(activatesAt).toBeLessThanOrEqual(Date.now() + 24 * HOUR + 5_000);
    expect(added.body.recoveryCodes).toBeNull();

    // Notices: every mailbox and every mobile, each with a "this wasn't me" link.
    await waitForQueues(fixture.testApp);
    const [pendingMail] = mailsTo(fixture.sink, 'lost.device@acme.test', 'takes effect');
    expect(pendingMail?.text).toContain('New phone');
    expect(freezeTokenOf(pendingMail!)).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    const texts = (await smsTo(fixture.testApp, '+8613800138501')).map((sms) => sms.text);
    expect(texts.some((text) => text.includes('New phone') && text.includes('/freeze#token='))).toBe(true);

    // The lost-device session can neither take the old factor away nor mint codes that would count at once.
    expect(errorCode(await browser.request('DELETE', `/api/me/two-step/totp/${old.factorId}`))).toBe('lost_factor_session');
    expect(errorCode(await browser.post('/api/me/two-step/recovery-codes'))).toBe('lost_factor_session');
    expect((await db().select().from(totpFactors).where(eq(totpFactors.id, old.factorId)))).toHaveLength(1);

    // Until the delay is over the new device does not pass the second step; the old one still would.
    await awayFromStepEdge();
    const early = await passwordStep(fixture.testApp, 'lost.device@acme.test', { ip: '198.51.100.102', password: NEW_PASSWORD });
    expect(early.methods).toEqual(['totp', 'recovery_code']);
    expect(errorCode(await secondStep(early.client, early.challenge, 'totp', totpCode(added.secret)))).toBe('mfa_code_invalid');

    // Once it is in effect it signs in, and that ordinary session may remove the lost device.
    await db().update(totpFactors).set({ activatesAt: new Date(Date.now() - 1000) }).where(eq(totpFactors.id, added.id));
    const later = await passwordStep(fixture.testApp, 'lost.device@acme.test', { ip: '198.51.100.103', password: NEW_PASSWORD });
    await awayFromStepEdge();
    expect((await secondStep(later.client, later.challenge, 'totp', totpCode(added.secret, 1))).statusCode).toBe(200);
    expect((await later.client.get('/api/auth/session')).json()).toMatchObject({ session: { lostFactorRecovery: false } });
    expect((await later.client.request('DELETE', `/api/me/two-step/totp/${old.factorId}`)).statusCode).toBe(204);
  });

  it('"this wasn\'t me" cancels the pending factor, freezes the account and ends every session', async () => {
    const { member, old, browser } = await recoverWithoutDevice('stolen.channels@acme.test', '+8613800138502', '198.51.100.111');
    const added = await addTotp(browser, 'Attacker phone');
    await waitForQueues(fixture.testApp);
    const [pendingMail] = mailsTo(fixture.sink, 'stolen.channels@acme.test', 'takes effect');
    const victim = fixture.testApp.client({ ip: '203.0.113.40' });
    expect((await victim.post('/api/auth/freeze/inspect', { token: freezeTokenOf(pendingMail!) })).json()).toEqual({ valid: true });
    expect((await victim.post('/api/auth/freeze', { token: freezeTokenOf(pendingMail!) })).statusCode).toBe(200);

    expect(await db().select().from(totpFactors).where(eq(totpFactors.id, added.id))).toHaveLength(0);
    expect(await db().select().from(totpFactors).where(eq(totpFactors.id, old.factorId))).toHaveLength(1);
    const [user] = await db().select().from(users).where(eq(users.id, member.id));
    expect(user).toMatchObject({ status: 'frozen', passwordHash: null });
    expect((await browser.get('/api/auth/session')).statusCode).toBe(401);
    const [frozen] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'account_frozen'), eq(auditEvents.targetUserId, member.id)));
    expect(frozen?.details).toMatchObject({ pendingFactorsCancelled: 1 });
    // The link is single use.
    expect(errorCode(await victim.post('/api/auth/freeze', { token: freezeTokenOf(pendingMail!) }))).toBe('token_used');
  });

  it('a pending factor may be removed from the lost-device session; a reset with the factor is not a lost-device reset', async () => {
    const { browser } = await recoverWithoutDevice('changed.mind@acme.test', '+8613800138503', '198.51.100.121');
    const added = await addTotp(browser, 'Typo phone');
    expect((await browser.request('DELETE', `/api/me/two-step/totp/${added.id}`)).statusCode).toBe(204);

    const member = await createVerifiedMember(fixture, { email: 'has.device@acme.test', name: 'Has Device', phone: '+8613800138504' });
    const { secret } = await enrolTotp(member.client);
    const token = resetTokenOf(await requestResetMail(fixture, 'has.device@acme.test'));
    const withFactor = fixture.testApp.client({ ip: '198.51.100.122' });
    await awayFromStepEdge();
    expect((await withFactor.post('/api/auth/password/reset', { token, newPassword: NEW_PASSWORD, secondFactor: { method: 'totp', code: totpCode(secret) } })).statusCode).toBe(200);
    expect((await withFactor.get('/api/auth/session')).json()).toMatchObject({ session: { lostFactorRecovery: false } });
    const next = await addTotp(withFactor, 'Second phone');
    expect(next.body.factor.activatesAt).toBeNull();
  });

  it('a password change (token rotation) in the lost-device session does not shed the delay', async () => {
    const { browser } = await recoverWithoutDevice('rotate.me@acme.test', '+8613800138506', '198.51.100.141');
    const changed = await browser.post('/api/auth/password/change', { currentPassword: NEW_PASSWORD, newPassword: 'ember falcon quarry 8812 lagoon' });
    expect(changed.statusCode).toBe(200);
    expect((await browser.get('/api/auth/session')).json()).toMatchObject({ session: { lostFactorRecovery: true } });
    const added = await addTotp(browser, 'After rotation');
    expect(added.body.factor.activatesAt).not.toBeNull();
  });

  it('with the organisation delay set to 0 the new factor counts at once (a weaker, audited choice)', async () => {
    const [org] = await db().select().from(organizations);
    await db().update(organizations).set({ securityPolicy: { ...org!.securityPolicy, twoStep: { ...org!.securityPolicy.twoStep, newFactorDelayHours: 0 } } }).where(eq(organizations.id, org!.id));
    try {
      const { browser } = await recoverWithoutDevice('no.delay@acme.test', '+8613800138505', '198.51.100.131');
      const added = await addTotp(browser, 'Instant phone');
      expect(added.body.factor.activatesAt).toBeNull();
    } finally {
      await db().update(organizations).set({ securityPolicy: org!.securityPolicy }).where(eq(organizations.id, org!.id));
    }
  });
});
