import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createMember, STRONG_PASSWORD, type TestClient } from '../../../test/app.ts';
import { ageSession, codeIn } from '../../../test/channel-helpers.ts';
import { createVerifiedMember, mailsTo, requestResetMail, resetTokenOf, smsTo, useRecoveryApp, waitForQueues } from '../../../test/recovery.ts';
import { enrolTotp, errorCode, passwordStep, secondStep } from '../../../test/two-step.ts';
import { auditEvents } from '../../audit/audit.tables.ts';
import { rateLimits } from '../../http/rate-limits.ts';
import { defaultSecurityPolicy } from '../orgs/security-policy.schema.ts';
import { recoveryAddresses, verificationCodes } from '../recovery/recovery.tables.ts';
import { users } from '../users/user.tables.ts';
import { smsFactors } from './mfa.tables.ts';

interface SmsOverview {
  smsAllowed: boolean;
  smsNumbers: { channelId: string; masked: string; enrolled: boolean }[];
  factors: { sms: { id: string; masked: string; usable: boolean; lastUsedAt: string | null }[] };
}

/**
 * Issue 4 / MF-09 / RC-07: SMS codes as a second factor — only where the policy allows it, never for owners or admins,
 * only to a verified number; codes bound to one attempt, single use, throttled and under the SMS toll-fraud caps.
 */
describe('SMS codes as a second factor', () => {
  const fixture = useRecoveryApp();
  const db = () => fixture.testApp.context.database.db;
  let phoneCounter = 0;
  const nextPhone = () => `+86139000${String((phoneCounter += 1)).padStart(5, '0')}`;

  /** The policy with SMS codes allowed or not; +86 is the org's own region, so only the per-number cap is in play. */
  async function setPolicy(twoStep: Partial<typeof defaultSecurityPolicy.twoStep>, requireTwoStep = false) {
    const policy = { ...defaultSecurityPolicy, requireTwoStep, recovery: { ...defaultSecurityPolicy.recovery, phoneRegion: 'CN' }, twoStep: { ...defaultSecurityPolicy.twoStep, ...twoStep } };
    const saved = await fixture.owner.request('PUT', '/api/security-policy', { policy });
    expect(saved.statusCode, saved.body).toBe(200);
  }
  const allowSms = (allowed: boolean) => setPolicy({ allowSms: allowed });

  async function member(email: string, role = 'sales') {
    const phone = nextPhone();
    const created = await createVerifiedMember(fixture, { email, name: 'Sun Mei', role, phone });
    return { ...created, email, phone };
  }

  async function mailArrives(address: string, subjectPart: string): Promise<void> {
    await waitForQueues(fixture.testApp);
    await expect.poll(() => mailsTo(fixture.sink, address, subjectPart).length, { timeout: 10_000 }).toBeGreaterThan(0);
  }

  async function newestCode(phone: string): Promise<string> {
    const [text] = await smsTo(fixture.testApp, phone);
    return codeIn(text?.text);
  }

  async function enrolSms(client: TestClient, phone: string, channelId = 'primary-phone') {
    const started = await client.post('/api/me/two-step/sms', { channelId });
    expect(started.statusCode, started.body).toBe(201);
    const { id } = started.json<{ id: string }>();
    const confirmed = await client.post(`/api/me/two-step/sms/${id}/confirm`, { code: await newestCode(phone) });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    return { id, recoveryCodes: confirmed.json<{ recoveryCodes: string[] | null }>().recoveryCodes };
  }

  /** Password step, then the text for this challenge; returns the pending sign-in and the code it carried. */
  async function challengeWithCode(email: string, phone: string) {
    const pending = await passwordStep(fixture.testApp, email);
    const sent = await pending.client.post('/api/auth/mfa/sms', { challenge: pending.challenge });
    expect(sent.statusCode, sent.body).toBe(200);
    return { pending, code: await newestCode(phone), sent: sent.json<{ masked: string; expiresAt: string; resendAfterSeconds: number }>() };
  }

  it('is refused while the policy is off, and for owners and admins even when it is on', async () => {
    await allowSms(false);
    const sales = await member('policy.off@acme.test');
    const refused = await sales.client.post('/api/me/two-step/sms', { channelId: 'primary-phone' });
    expect(refused.statusCode).toBe(403);
    expect(errorCode(refused)).toBe('sms_factor_not_allowed');
    expect((await sales.client.get('/api/me/two-step')).json<SmsOverview>()).toMatchObject({ smsAllowed: false, smsNumbers: [] });

    await allowSms(true);
    const admin = await member('admin.sms@acme.test', 'admin');
    expect(errorCode(await admin.client.post('/api/me/two-step/sms', { channelId: 'primary-phone' }))).toBe('sms_factor_not_allowed');
    expect(errorCode(await fixture.owner.post('/api/me/two-step/sms', { channelId: 'primary-phone' }))).toBe('sms_factor_not_allowed');
    expect((await admin.client.get('/api/me/two-step')).json<SmsOverview>().smsAllowed).toBe(false);
    expect(await smsTo(fixture.testApp, admin.phone)).toHaveLength(0);
    expect((await sales.client.get('/api/me/two-step')).json<SmsOverview>()).toMatchObject({ smsAllowed: true, smsNumbers: [{ channelId: 'primary-phone', enrolled: false }] });
  });

  it('only a verified number; an enrolment without its code counts for nothing; the code turns it on once', async () => {
    const unverified = await createMember(fixture.testApp, fixture.owner, { email: 'unverified@acme.test', name: 'No Proof', role: 'sales' });
    await db().update(users).set({ phone: nextPhone() }).where(eq(users.id, unverified.id));
    const [pendingBackup] = await db().insert(recoveryAddresses).values({ userId: unverified.id, kind: 'phone', purpose: 'backup', address: nextPhone() }).returning();
    for (const channelId of ['primary-phone', pendingBackup?.id ?? '', 'primary-email', '00000000-0000-0000-0000-000000000000']) {
      expect(errorCode(await unverified.client.post('/api/me/two-step/sms', { channelId })), channelId).toBe('sms_number_unverified');
    }

    const sales = await member('enrol.sms@acme.test');
    const started = await sales.client.post('/api/me/two-step/sms', { channelId: 'primary-phone' });
    expect(started.json()).toMatchObject({ masked: `${sales.phone.slice(0, 6)}••••${sales.phone.slice(-4)}`, resendAfterSeconds: rateLimits.codeResendSeconds });
    const [text] = await smsTo(fixture.testApp, sales.phone);
    expect(text?.text).toContain('Acme Trading');
    expect(text?.text).toContain('Never share');
    // Pending: the password alone still signs in, nothing is listed, and no code set exists.
    expect((await fixture.testApp.client().login(sales.email, STRONG_PASSWORD)).json<{ mfaRequired?: boolean }>().mfaRequired).toBeUndefined();
    expect((await sales.client.get('/api/me/two-step')).json<SmsOverview>().factors.sms).toEqual([]);
    const { id } = started.json<{ id: string }>();
    const code = await newestCode(sales.phone);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    expect(errorCode(await sales.client.post(`/api/me/two-step/sms/${id}/confirm`, { code: wrong }))).toBe('mfa_code_invalid');
    const confirmed = await sales.client.post(`/api/me/two-step/sms/${id}/confirm`, { code });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json<{ recoveryCodes: string[] }>().recoveryCodes).toHaveLength(10);
    expect(errorCode(await sales.client.post(`/api/me/two-step/sms/${id}/confirm`, { code }))).toBe('mfa_factor_already_confirmed');
    expect(errorCode(await sales.client.post('/api/me/two-step/sms', { channelId: 'primary-phone' }))).toBe('sms_factor_exists');
    expect((await sales.client.get('/api/me/two-step')).json<SmsOverview>()).toMatchObject({ factors: { sms: [{ id, usable: true }] }, smsNumbers: [{ enrolled: true }] });
    await mailArrives(sales.email, 'method was added');
    const [added] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'two_step_factor_added'), eq(auditEvents.targetUserId, sales.id)));
    expect(added?.details).toMatchObject({ method: 'sms', factorId: id, recoveryCodesCreated: true });
    // The least preferred real factor: after an authenticator app, before recovery codes.
    await enrolTotp(sales.client);
    expect((await passwordStep(fixture.testApp, sales.email)).methods).toEqual(['totp', 'sms', 'recovery_code']);
  });

  it('signs in with the code texted for this challenge; a code works once and only for its own challenge', async () => {
    const sales = await member('sign.in.sms@acme.test');
    await enrolSms(sales.client, sales.phone);
    const first = await challengeWithCode(sales.email, sales.phone);
    expect(first.pending.methods).toEqual(['sms', 'recovery_code']);
    expect(new Date(first.sent.expiresAt).getTime()).toBeLessThanOrEqual(Date.now() + 10 * 60_000);
    const [text] = await smsTo(fixture.testApp, sales.phone);
    expect(text?.text).toMatch(/Acme Trading: your sign-in code is \d{6} .*Never share it/);

    // A code from another challenge (here the next one's) fails on this one.
    const other = await challengeWithCode(sales.email, sales.phone);
    expect(errorCode(await secondStep(first.pending.client, first.pending.challenge, 'sms', other.code))).toBe('mfa_code_invalid');
    const done = await secondStep(first.pending.client, first.pending.challenge, 'sms', first.code);
    expect(done.statusCode).toBe(200);
    expect((await first.pending.client.get('/api/auth/session')).statusCode).toBe(200);
    const [event] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'sign_in_succeeded'), eq(auditEvents.targetUserId, sales.id)));
    expect(event?.details).toMatchObject({ secondFactor: 'sms' });
    expect((await first.pending.client.get('/api/me/two-step')).json<SmsOverview>().factors.sms[0]?.lastUsedAt).not.toBeNull();
    // Replays: the spent code on its own (now used) challenge, and on the other one.
    expect(errorCode(await secondStep(first.pending.client, first.pending.challenge, 'sms', first.code))).toBe('mfa_challenge_invalid');
    expect(errorCode(await secondStep(other.pending.client, other.pending.challenge, 'sms', first.code))).toBe('mfa_code_invalid');
    expect((await secondStep(other.pending.client, other.pending.challenge, 'sms', other.code)).statusCode).toBe(200);
  });

  it('five wrong codes void the challenge; ten lock the kind, and no text is sent while locked', async () => {
    const sales = await member('wrong.sms@acme.test');
    await enrolSms(sales.client, sales.phone);
    const { pending, code } = await challengeWithCode(sales.email, sales.phone);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    for (let attempt = 0; attempt < 5; attempt += 1) expect(errorCode(await secondStep(pending.client, pending.challenge, 'sms', wrong))).toBe('mfa_code_invalid');
    expect(errorCode(await secondStep(pending.client, pending.challenge, 'sms', code))).toBe('mfa_challenge_invalid');
    expect(errorCode(await pending.client.post('/api/auth/mfa/sms', { challenge: pending.challenge }))).toBe('mfa_challenge_invalid');

    const next = await passwordStep(fixture.testApp, sales.email);
    for (let attempt = 0; attempt < 5; attempt += 1) expect(errorCode(await secondStep(next.client, next.challenge, 'sms', '000000'))).toBe('mfa_code_invalid');
    const texts = (await smsTo(fixture.testApp, sales.phone)).length;
    const locked = await passwordStep(fixture.testApp, sales.email);
    const refused = await locked.client.post('/api/auth/mfa/sms', { challenge: locked.challenge });
    expect(refused.statusCode).toBe(429);
    expect(errorCode(refused)).toBe('mfa_throttled');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(await smsTo(fixture.testApp, sales.phone)).toHaveLength(texts);
    await mailArrives(sales.email, 'codes paused');
  });

  it('asks for a new text only after 60 s (429 with Retry-After); the new code voids the old one', async () => {
    const sales = await member('resend.sms@acme.test');
    await enrolSms(sales.client, sales.phone);
    const { pending, code: oldCode } = await challengeWithCode(sales.email, sales.phone);
    const again = await pending.client.post('/api/auth/mfa/sms', { challenge: pending.challenge });
    expect(again.statusCode).toBe(429);
    expect(errorCode(again)).toBe('resend_too_soon');
    const retryAfter = Number(again.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(50);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // As if the minute had passed.
    await db().update(verificationCodes).set({ createdAt: new Date(Date.now() - 61_000) }).where(and(eq(verificationCodes.userId, sales.id), eq(verificationCodes.purpose, 'sms_factor')));
    expect((await pending.client.post('/api/auth/mfa/sms', { challenge: pending.challenge })).statusCode).toBe(200);
    const newCode = await newestCode(sales.phone);
    if (newCode !== oldCode) expect(errorCode(await secondStep(pending.client, pending.challenge, 'sms', oldCode))).toBe('mfa_code_invalid');
    expect((await secondStep(pending.client, pending.challenge, 'sms', newCode)).statusCode).toBe(200);
  });

  it('the SMS caps apply: past the per-number limit nothing is sent, 429 sms_limit_reached, audited', async () => {
    const sales = await member('capped.sms@acme.test');
    await enrolSms(sales.client, sales.phone);
    for (let sent = 1; sent < rateLimits.smsPerNumber.max; sent += 1) await challengeWithCode(sales.email, sales.phone);
    expect(await smsTo(fixture.testApp, sales.phone)).toHaveLength(rateLimits.smsPerNumber.max);
    const pending = await passwordStep(fixture.testApp, sales.email);
    const capped = await pending.client.post('/api/auth/mfa/sms', { challenge: pending.challenge });
    expect(capped.statusCode).toBe(429);
    expect(errorCode(capped)).toBe('sms_limit_reached');
    expect(errorCode(await sales.client.post('/api/auth/reauthenticate/sms'))).toBe('sms_limit_reached');
    expect(await smsTo(fixture.testApp, sales.phone)).toHaveLength(rateLimits.smsPerNumber.max);
    const [audit] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'sms_capped'), eq(auditEvents.targetUserId, sales.id)));
    expect(audit?.details).toMatchObject({ reason: 'per_number', purpose: 'second_factor' });
    // The recovery codes still work.
    expect(pending.methods).toContain('recovery_code');
  });

  it('of two concurrent submissions of the right code exactly one signs in', async () => {
    const sales = await member('race.sms@acme.test');
    await enrolSms(sales.client, sales.phone);
    const { pending, code } = await challengeWithCode(sales.email, sales.phone);
    const twin = fixture.testApp.client();
    const results = await Promise.all([secondStep(pending.client, pending.challenge, 'sms', code), secondStep(twin, pending.challenge, 'sms', code)]);
    expect(results.map((response) => response.statusCode).sort()).toEqual([200, 401]);
  });

  it('steps up with the password and a code texted for this session only', async () => {
    const sales = await member('stepup.sms@acme.test');
    await enrolSms(sales.client, sales.phone);
    await ageSession(db(), sales.client);
    const passwordOnly = await sales.client.post('/api/auth/reauthenticate', { password: STRONG_PASSWORD });
    expect(errorCode(passwordOnly)).toBe('second_factor_required');
    expect(passwordOnly.body).toContain('"sms"');
    // A code texted for a sign-in challenge does not confirm this session.
    const { code: signInCode } = await challengeWithCode(sales.email, sales.phone);
    expect((await sales.client.post('/api/auth/reauthenticate', { password: STRONG_PASSWORD, method: 'sms', code: signInCode })).statusCode).toBe(403);
    const sent = await sales.client.post('/api/auth/reauthenticate/sms');
    expect(sent.statusCode, sent.body).toBe(200);
    const code = await newestCode(sales.phone);
    expect((await smsTo(fixture.testApp, sales.phone))[0]?.text).toContain('confirm it is you');
    expect((await sales.client.post('/api/auth/reauthenticate', { password: STRONG_PASSWORD, method: 'sms', code })).statusCode).toBe(200);
    expect((await sales.client.post('/api/auth/reauthenticate', { password: STRONG_PASSWORD, method: 'sms', code })).statusCode).toBe(403);
  });

  it('a reset still needs a second proof but never offers SMS for it (the phone is a channel there)', async () => {
    const sales = await member('reset.sms@acme.test');
    await enrolSms(sales.client, sales.phone);
    const token = resetTokenOf(await requestResetMail(fixture, sales.email));
    const browser = fixture.testApp.client({ ip: '198.51.100.141' });
    const inspected = await browser.post('/api/auth/password/reset/inspect', { token });
    expect(inspected.json()).toMatchObject({ stage: 'second_proof', secondProof: { required: true, satisfied: false, methods: ['recovery_code'], channels: [{ id: 'primary-phone', kind: 'phone' }] } });
    expect((await browser.post('/api/auth/password/reset', { token, newPassword: 'cobalt lantern meadow 4410 ferry', secondFactor: { method: 'sms', code: '123456' } })).statusCode).toBe(400);
  });

  it('the last required factor cannot be removed; policy off, a promotion or an unverified number make it count for nothing', async () => {
    const sales = await member('keep.sms@acme.test');
    const { id } = await enrolSms(sales.client, sales.phone);
    await setPolicy({ allowSms: true, roles: ['owner', 'admin', 'sales'] }, true);
    const refused = await sales.client.request('DELETE', `/api/me/two-step/sms/${id}`);
    expect(refused.statusCode).toBe(409);
    expect(errorCode(refused)).toBe('last_factor_required');

    // SMS turned off: not offered, not enrolled (a covered role must add another factor), but listed so it can go.
    await setPolicy({ allowSms: false, roles: ['owner', 'admin', 'sales'] }, true);
    const passwordOnly = fixture.testApp.client();
    expect((await passwordOnly.login(sales.email, STRONG_PASSWORD)).json<{ mfaRequired?: boolean }>().mfaRequired).toBeUndefined();
    expect((await passwordOnly.get('/api/auth/session')).json()).toMatchObject({ twoStep: { required: true, enrolled: false } });
    expect((await sales.client.get('/api/me/two-step')).json<SmsOverview>()).toMatchObject({ smsAllowed: false, factors: { sms: [{ id, usable: false }] } });
    await allowSms(true);
    expect((await passwordStep(fixture.testApp, sales.email)).methods).toEqual(['sms', 'recovery_code']);

    // A number no longer verified is a different authenticator: the factor stops counting.
    await db().update(users).set({ phoneVerifiedAt: null }).where(eq(users.id, sales.id));
    expect((await fixture.testApp.client().login(sales.email, STRONG_PASSWORD)).json<{ mfaRequired?: boolean }>().mfaRequired).toBeUndefined();
    await db().update(users).set({ phoneVerifiedAt: new Date() }).where(eq(users.id, sales.id));

    // Promoted to admin: never SMS codes.
    expect((await fixture.owner.request('PATCH', `/api/members/${sales.id}`, { role: 'admin' })).statusCode).toBe(200);
    expect((await fixture.testApp.client().login(sales.email, STRONG_PASSWORD)).json<{ mfaRequired?: boolean }>().mfaRequired).toBeUndefined();
    const admin = fixture.testApp.client();
    await admin.login(sales.email, STRONG_PASSWORD);
    expect((await admin.request('DELETE', `/api/me/two-step/sms/${id}`)).statusCode).toBe(204);
    expect(await db().select().from(smsFactors).where(eq(smsFactors.userId, sales.id))).toHaveLength(0);
    const [removed] = await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'two_step_factor_removed'), eq(auditEvents.targetUserId, sales.id)));
    expect(removed?.details).toMatchObject({ method: 'sms', factorId: id });
  });
});
