import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createVerifiedMember, requestResetMail, resetTokenOf, useRecoveryApp } from '../../../test/recovery.ts';
import { awayFromStepEdge, enrolTotp, errorCode, totpCode } from '../../../test/two-step.ts';
import { auditEvents } from '../../audit/audit.tables.ts';

const NEW_PASSWORD = 'lantern harbor cobalt 3021 meadow';

describe('password reset with a second factor (RC-06, MF-07)', () => {
  const fixture = useRecoveryApp();

  it('a reset needs the enrolled factor; a wrong code counts on the factor counter; the right one lands signed in', async () => {
    const member = await createVerifiedMember(fixture, { email: 'lost.password@acme.test', name: 'Lost Password' });
    const { secret } = await enrolTotp(member.client);
    const token = resetTokenOf(await requestResetMail(fixture, 'lost.password@acme.test'));
    const browser = fixture.testApp.client({ ip: '198.51.100.61' });
    const inspected = await browser.post('/api/auth/password/reset/inspect', { token });
    expect(inspected.json()).toMatchObject({ stage: 'second_proof', secondProof: { required: true, satisfied: false, methods: ['totp', 'recovery_code'] } });
    expect(errorCode(await browser.post('/api/auth/password/reset', { token, newPassword: NEW_PASSWORD }))).toBe('second_proof_required');
    expect(errorCode(await browser.post('/api/auth/password/reset', { token, newPassword: NEW_PASSWORD, secondFactor: { method: 'totp', code: '000000' } }))).toBe('mfa_code_invalid');
    expect(errorCode(await browser.post('/api/auth/password/reset', { token, newPassword: NEW_PASSWORD, secondFactor: { method: 'passkey', response: {} } }))).toBe('mfa_method_unavailable');
    expect((await browser.post('/api/auth/password/reset', { token, newPassword: NEW_PASSWORD, secondFactor: { method: 'totp', code: '123456', clientTime: 1 } })).statusCode).toBe(400);
    await awayFromStepEdge();
    const done = await browser.post('/api/auth/password/reset', { token, newPassword: NEW_PASSWORD, secondFactor: { method: 'totp', code: totpCode(secret) } });
    expect(done.statusCode).toBe(200);
    expect((await browser.get('/api/auth/session')).statusCode).toBe(200);
    const db = fixture.testApp.context.database.db;
    const [reset] = await db.select().from(auditEvents).where(and(eq(auditEvents.action, 'password_reset'), eq(auditEvents.targetUserId, member.id)));
    expect(reset?.details).toMatchObject({ proofs: ['email:primary', 'factor:totp'], secondProof: 'factor:totp' });
    const failed = await db.select().from(auditEvents).where(and(eq(auditEvents.action, 'recovery_second_factor_failed'), eq(auditEvents.targetUserId, member.id)));
    expect(failed).toHaveLength(1);
  });

  it('a recovery code is accepted as the second proof, once', async () => {
    const member = await createVerifiedMember(fixture, { email: 'lost.phone@acme.test', name: 'Lost Phone' });
    const { recoveryCodes } = await enrolTotp(member.client);
    const code = recoveryCodes?.[0] ?? '';
    const token = resetTokenOf(await requestResetMail(fixture, 'lost.phone@acme.test'));
    const browser = fixture.testApp.client({ ip: '198.51.100.62' });
    expect((await browser.post('/api/auth/password/reset', { token, newPassword: NEW_PASSWORD, secondFactor: { method: 'recovery_code', code } })).statusCode).toBe(200);
    const again = resetTokenOf(await requestResetMail(fixture, 'lost.phone@acme.test', fixture.testApp.client({ ip: '198.51.100.63' })));
    expect(errorCode(await browser.post('/api/auth/password/reset', { token: again, newPassword: 'another fine passphrase 7781 x', secondFactor: { method: 'recovery_code', code } }))).toBe('mfa_code_invalid');
  });
});
