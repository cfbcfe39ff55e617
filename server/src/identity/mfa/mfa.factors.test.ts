import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createMember, STRONG_PASSWORD } from '../../../test/app.ts';
import { ageSession, mailsTo, useOrganizationApp } from '../../../test/channel-helpers.ts';
import { awayFromStepEdge, enrolTotp, errorCode, passwordStep, secondStep, totpCode } from '../../../test/two-step.ts';
import { auditEvents } from '../../audit/audit.tables.ts';
import { recoveryCodes, totpFactors } from './mfa.tables.ts';

interface Overview {
  factors: { totp: { id: string; name: string }[]; passkeys: unknown[]; recoveryCodes: { remaining: number; total: number } | null };
}

describe('managing second factors (MF-03, MF-07, MF-08) and step-up with a factor', () => {
  const app = useOrganizationApp();

  it('MF-03: a fresh 160-bit secret per enrolment, inactive until confirmed, never shown again', async () => {
    const member = await createMember(app.testApp, app.owner, { email: 'enrol@acme.test', name: 'Enrol Me', role: 'sales' });
    const first = await member.client.post('/api/me/two-step/totp', { name: 'Pixel' });
    const second = await member.client.post('/api/me/two-step/totp', { name: 'Pixel' });
    const a = first.json<{ id: string; secret: string; otpauthUrl: string; qrSvg: string }>();
    const b = second.json<{ secret: string }>();
    expect(a.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(a.secret).not.toBe(b.secret);
    expect(a.otpauthUrl).toContain(`secret=${a.secret}`);
    expect(a.otpauthUrl).toContain('issuer=Clientele');
    expect(a.qrSvg.startsWith('<svg')).toBe(true);
    // Pending: signing in still needs only the password; the overview lists nothing.
    expect((await app.testApp.client().login('enrol@acme.test', STRONG_PASSWORD)).json<{ mfaRequired?: boolean }>().mfaRequired).toBeUndefined();
    expect((await member.client.get('/api/me/two-step')).json<Overview>().factors.totp).toEqual([]);
    const [stored] = await app.db.select().from(totpFactors).where(eq(totpFactors.id, a.id));
    expect(stored?.secretCiphertext).not.toContain(a.secret);
    await awayFromStepEdge();
    expect(errorCode(await member.client.post(`/api/me/two-step/totp/${a.id}/confirm`, { code: totpCode(a.secret, 3) }))).toBe('mfa_code_invalid');
    const confirmed = await member.client.post(`/api/me/two-step/totp/${a.id}/confirm`, { code: totpCode(a.secret) });
    expect(confirmed.statusCode).toBe(200);
    const codes = confirmed.json<{ recoveryCodes: string[] }>().recoveryCodes;
    expect(codes).toHaveLength(10);
    for (const code of codes) expect(code).toMatch(/^[2-9a-hjkmnp-z]{4}(-[2-9a-hjkmnp-z]{4}){3}$/);
    const overview = await member.client.get('/api/me/two-step');
    expect(overview.body).not.toContain(a.secret);
    expect(overview.json<Overview>().factors).toMatchObject({ totp: [{ id: a.id, name: 'Pixel' }], recoveryCodes: { remaining: 10, total: 10 } });
    expect(errorCode(await member.client.post(`/api/me/two-step/totp/${a.id}/confirm`, { code: totpCode(a.secret, 1) }))).toBe('mfa_factor_already_confirmed');
    // An abandoned second enrolment replaced nothing; a second device adds no new codes.
    expect((await app.testApp.client().login('enrol@acme.test', STRONG_PASSWORD)).json<{ methods: string[] }>().methods).toEqual(['totp', 'recovery_code']);
    const another = await enrolTotp(member.client, 'iPad');
    expect(another.recoveryCodes).toBeNull();
    expect(await mailsTo(app.db, 'enrol@acme.test', 'twoStepFactorAdded')).toHaveLength(2);
  });

  it('MF-07: codes are stored hashed, work once, regenerate voids the old set, and every use notifies', async () => {
    const member = await createMember(app.testApp, app.owner, { email: 'codes@acme.test', name: 'Code Keeper', role: 'sales' });
    const { recoveryCodes: codes } = await enrolTotp(member.client);
    const rows = await app.db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, member.id));
    expect(rows).toHaveLength(10);
    for (const row of rows) {
      expect(row.codeHash.startsWith('$argon2id$')).toBe(true);
      expect(codes?.some((code) => code.includes(row.codeHash))).toBe(false);
    }
    const fresh = await member.client.post('/api/me/two-step/recovery-codes');
    expect(fresh.statusCode).toBe(200);
    const newCodes = fresh.json<{ codes: string[] }>().codes;
    expect(newCodes).toHaveLength(10);
    expect(await mailsTo(app.db, 'codes@acme.test', 'recoveryCodesRegenerated')).toHaveLength(1);
    const old = await passwordStep(app.testApp, 'codes@acme.test');
    expect(errorCode(await secondStep(old.client, old.challenge, 'recovery_code', codes?.[0] ?? ''))).toBe('mfa_code_invalid');
    expect((await secondStep(old.client, old.challenge, 'recovery_code', newCodes[0] ?? '')).statusCode).toBe(200);
    expect((await old.client.get('/api/me/two-step')).json<Overview>().factors.recoveryCodes).toMatchObject({ remaining: 9, total: 10 });
    expect(await mailsTo(app.db, 'codes@acme.test', 'recoveryCodeUsed')).toHaveLength(1);
  });

  it('MF-07: ten wrong recovery codes lock that kind only', async () => {
    const member = await createMember(app.testApp, app.owner, { email: 'wrongcodes@acme.test', name: 'Wrong Codes', role: 'sales' });
    const { secret, recoveryCodes: codes } = await enrolTotp(member.client);
    for (let round = 0; round < 2; round += 1) {
      const pending = await passwordStep(app.testApp, 'wrongcodes@acme.test');
      for (let attempt = 0; attempt < 5; attempt += 1) expect(errorCode(await secondStep(pending.client, pending.challenge, 'recovery_code', `abcd-efgh-jkmn-pq${round}${attempt + 2}`))).toBe('mfa_code_invalid');
    }
    const pending = await passwordStep(app.testApp, 'wrongcodes@acme.test');
    expect(errorCode(await secondStep(pending.client, pending.challenge, 'recovery_code', codes?.[1] ?? ''))).toBe('mfa_throttled');
    await awayFromStepEdge();
    expect((await secondStep(pending.client, pending.challenge, 'totp', totpCode(secret))).statusCode).toBe(200);
  });

  it('MF-08: a stale session cannot add, rename, remove or regenerate; another user’s factor is 404', async () => {
    const owner = await createMember(app.testApp, app.owner, { email: 'stale@acme.test', name: 'Stale Session', role: 'sales' });
    const { factorId } = await enrolTotp(owner.client);
    const other = await createMember(app.testApp, app.owner, { email: 'other@acme.test', name: 'Other Person', role: 'sales' });
    await ageSession(app.db, owner.client);
    for (const [method, url, body] of [
      ['POST', '/api/me/two-step/totp', { name: 'x' }],
      ['PATCH', `/api/me/two-step/totp/${factorId}`, { name: 'x' }],
      ['DELETE', `/api/me/two-step/totp/${factorId}`, undefined],
      ['POST', '/api/me/two-step/recovery-codes', undefined],
    ] as const) {
      const response = await owner.client.request(method, url, body);
      expect(response.statusCode, `${method} ${url}`).toBe(403);
      expect(errorCode(response)).toBe('reauthentication_required');
    }
    expect((await other.client.request('DELETE', `/api/me/two-step/totp/${factorId}`)).statusCode).toBe(404);
    expect((await other.client.request('PATCH', `/api/me/two-step/totp/${factorId}`, { name: 'mine now' })).statusCode).toBe(404);
    expect((await owner.client.request('DELETE', `/api/me/two-step/totp/${factorId}`, undefined, { origin: 'https://evil.test' })).statusCode).toBe(403);
    expect(await app.db.select().from(totpFactors).where(and(eq(totpFactors.id, factorId), eq(totpFactors.userId, owner.id)))).toHaveLength(1);
  });

  it('step-up: with a factor the password alone is not enough; password + code, or a fresh code after a wrong one', async () => {
    const member = await createMember(app.testApp, app.owner, { email: 'stepup@acme.test', name: 'Step Up', role: 'sales' });
    const { secret, factorId } = await enrolTotp(member.client);
    await ageSession(app.db, member.client);
    const passwordOnly = await member.client.post('/api/auth/reauthenticate', { password: STRONG_PASSWORD });
    expect(passwordOnly.statusCode).toBe(403);
    expect(passwordOnly.json<{ error: { code: string; details: { path: string; code: string }[] } }>().error).toMatchObject({ code: 'second_factor_required', details: [{ path: 'methods', code: 'totp' }, { path: 'methods', code: 'recovery_code' }] });
    await awayFromStepEdge();
    expect(errorCode(await member.client.post('/api/auth/reauthenticate', { password: 'not my password at all 42', method: 'totp', code: totpCode(secret) }))).toBe('current_password_incorrect');
    expect(errorCode(await member.client.post('/api/auth/reauthenticate', { password: STRONG_PASSWORD, method: 'totp', code: '000000' }))).toBe('mfa_code_invalid');
    expect((await member.client.post('/api/auth/reauthenticate', { password: STRONG_PASSWORD, method: 'totp', code: totpCode(secret) })).statusCode).toBe(200);
    expect((await member.client.request('PATCH', `/api/me/two-step/totp/${factorId}`, { name: 'Work phone' })).statusCode).toBe(200);
    const [event] = await app.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'reauthenticated'), eq(auditEvents.targetUserId, member.id)));
    expect(event?.details).toMatchObject({ secondFactor: 'totp' });
  });

  it('removing the last factor removes the codes and brings back password-only sign-in', async () => {
    const member = await createMember(app.testApp, app.owner, { email: 'remove@acme.test', name: 'Remove Me', role: 'sales' });
    const { factorId } = await enrolTotp(member.client);
    expect((await member.client.request('DELETE', `/api/me/two-step/totp/${factorId}`)).statusCode).toBe(204);
    expect((await member.client.get('/api/me/two-step')).json<Overview>().factors).toMatchObject({ totp: [], recoveryCodes: null });
    expect(await mailsTo(app.db, 'remove@acme.test', 'twoStepFactorRemoved')).toHaveLength(1);
    expect((await app.testApp.client().login('remove@acme.test', STRONG_PASSWORD)).json<{ user?: unknown }>().user).toBeDefined();
  });
});
