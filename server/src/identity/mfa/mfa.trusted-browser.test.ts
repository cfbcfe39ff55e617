import cookie from '@fastify/cookie';
import { and, eq } from 'drizzle-orm';
import Fastify, { type LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createMember, STRONG_PASSWORD, type TestClient } from '../../../test/app.ts';
import { useOrganizationApp } from '../../../test/channel-helpers.ts';
import { createVerifiedMember, freezeTokenOf, requestResetMail, resetTokenOf, useRecoveryApp, waitForQueues } from '../../../test/recovery.ts';
import { awayFromStepEdge, enrolTotp, errorCode, passwordStep, totpCode, type EnrolledTotp } from '../../../test/two-step.ts';
import { auditEvents } from '../../audit/audit.tables.ts';
import type { Config } from '../../config.ts';
import { setTrustedBrowserCookie } from '../../http/request-context.ts';
import { defaultSecurityPolicy } from '../orgs/security-policy.schema.ts';
import { hashToken } from '../secrets.ts';
import { trustedBrowsers } from './mfa.tables.ts';
import { TrustedBrowserService } from './trusted-browsers.ts';

/** MF-14: "trust this browser" is off by default, skips only the second step, and ends with any security change. */

const TRUST_COOKIE = 'clientele_trust';
const SESSION_COOKIE = 'clientele_session';
const NEW_PASSWORD = 'violet harbour compass 2031 meadow';

function cookieAttributes(response: LightMyRequestResponse, name: string): string[] | undefined {
  const header = response.headers['set-cookie'];
  const lines = Array.isArray(header) ? header : header ? [header] : [];
  const line = lines.find((candidate) => candidate.startsWith(`${name}=`));
  return line?.split(';').map((part) => part.trim().toLowerCase());
}

interface Member extends EnrolledTotp {
  id: string;
  email: string;
  client: TestClient;
  /** Recovery codes not used yet: each later second step in a test takes one (a TOTP step works only once). */
  unusedCodes: string[];
}

describe('trusted browsers (MF-14)', () => {
  const app = useOrganizationApp();

  async function setTrustDays(trustBrowserDays: number): Promise<void> {
    const policy = { ...defaultSecurityPolicy, twoStep: { ...defaultSecurityPolicy.twoStep, trustBrowserDays } };
    const saved = await app.owner.request('PUT', '/api/security-policy', { policy });
    expect(saved.statusCode).toBe(200);
  }

  async function memberWithTotp(email: string, role = 'sales'): Promise<Member> {
    const member = await createMember(app.testApp, app.owner, { email, name: 'Zhou Min', role });
    const totp = await enrolTotp(member.client);
    return { ...member, ...totp, email, unusedCodes: [...(totp.recoveryCodes ?? [])] };
  }

  /** Password + a recovery code with "trust this browser" ticked, in `client` (a fresh browser unless given). */
  async function signInTrusting(member: Member, client?: TestClient) {
    const pending = await passwordStep(app.testApp, member.email, client ? { client } : {});
    expect(pending.status).toBe(200);
    const code = member.unusedCodes.shift() ?? '';
    const response = await pending.client.post('/api/auth/mfa', { challenge: pending.challenge, method: 'recovery_code', code, trustBrowser: true });
    expect(response.statusCode).toBe(200);
    return { client: pending.client, response };
  }

  /** Signs out and signs in again with the password only: the reply is a session (trusted) or a challenge. */
  async function passwordOnly(client: TestClient, email: string, password = STRONG_PASSWORD) {
    await client.post('/api/auth/logout');
    const response = await client.login(email, password);
    return { response, body: response.json<{ mfaRequired?: true; trustBrowserDays?: number; user?: { email: string } }>() };
  }

  it('default organisation: the checkbox is not offered and asking for it issues nothing', async () => {
    const member = await memberWithTotp('default.org@acme.test');
    const pending = await passwordStep(app.testApp, member.email);
    const challenge = (await app.testApp.client().login(member.email, STRONG_PASSWORD)).json<{ trustBrowserDays: number }>();
    expect(challenge.trustBrowserDays).toBe(0);
    await awayFromStepEdge();
    const done = await pending.client.post('/api/auth/mfa', { challenge: pending.challenge, method: 'totp', code: totpCode(member.secret), trustBrowser: true });
    expect(done.statusCode).toBe(200);
    expect(cookieAttributes(done, TRUST_COOKIE)).toBeUndefined();
    expect(await app.db.select().from(trustedBrowsers).where(eq(trustedBrowsers.userId, member.id))).toHaveLength(0);
    expect((await passwordOnly(pending.client, member.email)).body.mfaRequired).toBe(true);
  });

  it('enabled: an HttpOnly, Lax, opaque cookie for the policy days; password alone then signs in, audited', async () => {
    await setTrustDays(7);
    const member = await memberWithTotp('trusted@acme.test');
    const pending = await passwordStep(app.testApp, member.email);
    const offered = (await app.testApp.client().login(member.email, STRONG_PASSWORD)).json<{ mfaRequired: true; trustBrowserDays: number }>();
    expect(offered).toMatchObject({ mfaRequired: true, trustBrowserDays: 7 });
    await awayFromStepEdge();
    const done = await pending.client.post('/api/auth/mfa', { challenge: pending.challenge, method: 'totp', code: totpCode(member.secret), trustBrowser: true });
    expect(done.statusCode).toBe(200);
    const parts = cookieAttributes(done, TRUST_COOKIE) ?? [];
    expect(parts).toEqual(expect.arrayContaining(['httponly', 'path=/', 'samesite=lax', `max-age=${7 * 86_400}`]));
    expect(parts.some((part) => part.startsWith('domain=') || part.startsWith('expires='))).toBe(false);
    // Plain http in tests: Secure (and so __Host-) only over https, checked below.
    expect(parts).not.toContain('secure');
    const token = pending.client.cookies.get(TRUST_COOKIE) ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(token).not.toBe(pending.client.cookies.get(SESSION_COOKIE));
    const [row] = await app.db.select().from(trustedBrowsers).where(eq(trustedBrowsers.userId, member.id));
    expect(row?.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect((row?.expiresAt.getTime() ?? 0) - Date.now()).toBeGreaterThan(6.99 * 86_400_000);
    expect((row?.expiresAt.getTime() ?? 0) - Date.now()).toBeLessThanOrEqual(7 * 86_400_000);

    const again = await passwordOnly(pending.client, member.email);
    expect(again.response.statusCode).toBe(200);
    expect(again.body).toMatchObject({ user: { email: member.email } });
    expect(again.body.mfaRequired).toBeUndefined();
    expect((await pending.client.get('/api/auth/session')).statusCode).toBe(200);
    const events = await app.db.select().from(auditEvents).where(eq(auditEvents.targetUserId, member.id)).orderBy(auditEvents.id);
    expect(events.find((event) => event.action === 'browser_trusted')?.details).toMatchObject({ trustedBrowser: row?.id, days: 7 });
    expect(events.find((event) => event.action === 'trusted_browser_used')?.details).toMatchObject({ trustedBrowser: row?.id });
    expect(events.filter((event) => event.action === 'sign_in_succeeded').at(-1)?.details).toMatchObject({ trustedBrowser: row?.id });
    const [used] = await app.db.select().from(trustedBrowsers).where(eq(trustedBrowsers.id, row?.id ?? ''));
    expect(used?.lastUsedAt).toBeInstanceOf(Date);

    // Listed in Settings → Security with "this browser" marked.
    const listed = (await pending.client.get('/api/me/trusted-browsers')).json<Array<{ id: string; current: boolean; browser: string | null; ip: string | null; expiresAt: string }>>();
    expect(listed).toEqual([expect.objectContaining({ id: row?.id, current: true, browser: 'Chrome 140', ip: '127.0.0.1' })]);
  });

  it('SE-01 style over https: __Host- name, Secure, and Max-Age equal to the trust lifetime', async () => {
    const server = Fastify();
    await server.register(cookie);
    const expiresAt = new Date(Date.now() + 30 * 86_400_000);
    server.get('/', async (_request, reply) => {
      setTrustedBrowserCookie(reply, { isHttps: true } as Config, 'x'.repeat(43), expiresAt);
      return 'ok';
    });
    try {
      const response = await server.inject({ method: 'GET', url: '/' });
      expect(cookieAttributes(response, '__Host-clientele_trust')).toEqual(expect.arrayContaining(['secure', 'httponly', 'path=/', 'samesite=lax', `max-age=${30 * 86_400}`]));
    } finally {
      await server.close();
    }
  });

  it('the cookie alone grants nothing: a wrong password is 401 invalid_credentials and the trust is not touched', async () => {
    await setTrustDays(7);
    const member = await memberWithTotp('cookie.alone@acme.test');
    const { client } = await signInTrusting(member);
    await client.post('/api/auth/logout');
    const [before] = await app.db.select().from(trustedBrowsers).where(eq(trustedBrowsers.userId, member.id));
    const wrong = await client.login(member.email, 'not the password at all, sorry');
    expect(wrong.statusCode).toBe(401);
    expect(errorCode(wrong)).toBe('invalid_credentials');
    expect(client.cookies.get(SESSION_COOKIE)).toBeUndefined();
    expect((await client.get('/api/auth/session')).statusCode).toBe(401);
    const [after] = await app.db.select().from(trustedBrowsers).where(eq(trustedBrowsers.userId, member.id));
    expect(after?.lastUsedAt).toEqual(before?.lastUsedAt);
  });

  it("another user's trust does not skip this user's second step", async () => {
    await setTrustDays(7);
    const userA = await memberWithTotp('user.a@acme.test');
    const userB = await memberWithTotp('user.b@acme.test');
    const { client } = await signInTrusting(userA);
    const asB = await passwordOnly(client, userB.email);
    expect(asB.body).toMatchObject({ mfaRequired: true, trustBrowserDays: 7 });
    // The same cookie value planted in another browser still only works for user A.
    const other = app.testApp.client();
    other.cookies.set(TRUST_COOKIE, client.cookies.get(TRUST_COOKIE) ?? '');
    expect((await passwordOnly(other, userB.email)).body.mfaRequired).toBe(true);
    expect((await passwordOnly(other, userA.email)).body.mfaRequired).toBeUndefined();
  });

  it('an expired trust, or one revoked from Settings → Security, asks for the second step again', async () => {
    await setTrustDays(7);
    const member = await memberWithTotp('expiry@acme.test');
    const first = await signInTrusting(member);
    await app.db.update(trustedBrowsers).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(trustedBrowsers.userId, member.id));
    expect((await passwordOnly(first.client, member.email)).body.mfaRequired).toBe(true);

    const second = await signInTrusting(member, app.testApp.client());
    const [live] = (await second.client.get('/api/me/trusted-browsers')).json<Array<{ id: string; current: boolean }>>();
    expect(live?.current).toBe(true);
    // Someone else's id is not found; revoking needs no step-up and clears this browser's cookie.
    const outsider = await memberWithTotp('outsider@acme.test');
    expect((await outsider.client.request('DELETE', `/api/me/trusted-browsers/${live?.id ?? ''}`)).statusCode).toBe(404);
    const token = second.client.cookies.get(TRUST_COOKIE) ?? '';
    const revoked = await second.client.request('DELETE', `/api/me/trusted-browsers/${live?.id ?? ''}`);
    expect(revoked.statusCode).toBe(204);
    expect(cookieAttributes(revoked, TRUST_COOKIE)?.some((part) => part.startsWith('expires=thu, 01 jan 1970'))).toBe(true);
    expect((await second.client.get('/api/me/trusted-browsers')).json<unknown[]>()).toEqual([]);
    const [row] = await app.db.select().from(trustedBrowsers).where(eq(trustedBrowsers.id, live?.id ?? ''));
    expect(row?.revokeReason).toBe('revoked');
    expect(second.client.cookies.get(TRUST_COOKIE)).toBeUndefined();
    const replayed = app.testApp.client();
    replayed.cookies.set(TRUST_COOKIE, token);
    expect((await passwordOnly(replayed, member.email)).body.mfaRequired).toBe(true);
    const [event] = await app.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'trusted_browser_revoked'), eq(auditEvents.targetUserId, member.id)));
    expect(event?.details).toMatchObject({ trustedBrowser: live?.id });
  });

  it('a password change, a removed authenticator, new recovery codes or "sign out everywhere" end every trust', async () => {
    await setTrustDays(7);
    const member = await memberWithTotp('changes@acme.test');
    const spare = await enrolTotp(member.client, 'Tablet');
    const trustedWith = async () => (await signInTrusting(member, app.testApp.client())).client;
    const reasons = async () => (await app.db.select().from(trustedBrowsers).where(eq(trustedBrowsers.userId, member.id))).map((row) => row.revokeReason);

    let browser = await trustedWith();
    expect((await browser.request('DELETE', `/api/me/two-step/totp/${spare.factorId}`)).statusCode).toBe(204);
    expect((await passwordOnly(browser, member.email)).body.mfaRequired).toBe(true);
    expect(await reasons()).toEqual(['factor_changed']);

    browser = await trustedWith();
    const regenerated = await browser.post('/api/me/two-step/recovery-codes');
    expect(regenerated.statusCode).toBe(200);
    member.unusedCodes = regenerated.json<{ codes: string[] }>().codes;
    expect((await passwordOnly(browser, member.email)).body.mfaRequired).toBe(true);

    browser = await trustedWith();
    const elsewhere = await trustedWith();
    expect((await browser.post('/api/auth/sessions/revoke-others')).statusCode).toBe(200);
    expect((await passwordOnly(elsewhere, member.email)).body.mfaRequired).toBe(true);
    expect((await passwordOnly(browser, member.email)).body.mfaRequired).toBe(true);

    browser = await trustedWith();
    expect((await browser.post('/api/auth/password/change', { currentPassword: STRONG_PASSWORD, newPassword: NEW_PASSWORD })).statusCode).toBe(200);
    expect((await passwordOnly(browser, member.email, NEW_PASSWORD)).body.mfaRequired).toBe(true);
    expect((await reasons()).sort()).toEqual(['factor_changed', 'factor_changed', 'password_changed', 'signed_out_everywhere', 'signed_out_everywhere']);
  });

  it('owners and admins never skip the second step, even with a trust on record', async () => {
    await setTrustDays(30);
    const admin = await memberWithTotp('admin.trust@acme.test', 'admin');
    const pending = await passwordStep(app.testApp, admin.email);
    expect((await app.testApp.client().login(admin.email, STRONG_PASSWORD)).json<{ trustBrowserDays: number }>().trustBrowserDays).toBe(0);
    const done = await pending.client.post('/api/auth/mfa', { challenge: pending.challenge, method: 'recovery_code', code: admin.unusedCodes.shift(), trustBrowser: true });
    expect(done.statusCode).toBe(200);
    expect(cookieAttributes(done, TRUST_COOKIE)).toBeUndefined();
    // A trust row that slipped in some other way still counts for nothing.
    const planted = await new TrustedBrowserService(app.db).issue(admin.id, { ip: '127.0.0.1', userAgent: null }, 30);
    pending.client.cookies.set(TRUST_COOKIE, planted.token);
    expect((await passwordOnly(pending.client, admin.email)).body.mfaRequired).toBe(true);

    // A trusted sales member promoted to admin loses the skip at once.
    const member = await memberWithTotp('promoted.trust@acme.test');
    const { client } = await signInTrusting(member);
    expect((await app.owner.request('PATCH', `/api/members/${member.id}`, { role: 'admin' })).statusCode).toBe(200);
    expect((await passwordOnly(client, member.email)).body).toMatchObject({ mfaRequired: true, trustBrowserDays: 0 });
  });

  it('switching the policy off, or shortening it below a trust’s age, takes effect at the next sign-in', async () => {
    await setTrustDays(7);
    const member = await memberWithTotp('policy.off@acme.test');
    const { client } = await signInTrusting(member);
    await setTrustDays(0);
    expect((await passwordOnly(client, member.email)).body).toMatchObject({ mfaRequired: true, trustBrowserDays: 0 });
    await setTrustDays(7);
    expect((await passwordOnly(client, member.email)).body.mfaRequired).toBeUndefined();

    await app.db.update(trustedBrowsers).set({ createdAt: new Date(Date.now() - 5 * 86_400_000) }).where(eq(trustedBrowsers.userId, member.id));
    await setTrustDays(3);
    expect((await passwordOnly(client, member.email)).body).toMatchObject({ mfaRequired: true, trustBrowserDays: 3 });
  });
});

describe('trusted browsers after a password reset or a freeze (MF-14)', () => {
  const fixture = useRecoveryApp();

  it('a reset ends every trust, and so does "this wasn\'t me"', async () => {
    const db = fixture.testApp.context.database.db;
    const policy = { ...defaultSecurityPolicy, twoStep: { ...defaultSecurityPolicy.twoStep, trustBrowserDays: 14 } };
    expect((await fixture.owner.request('PUT', '/api/security-policy', { policy })).statusCode).toBe(200);
    const member = await createVerifiedMember(fixture, { email: 'reset.trust@acme.test', name: 'Reset Trust' });
    const codes = [...((await enrolTotp(member.client)).recoveryCodes ?? [])];
    const trust = async (password: string) => {
      const pending = await passwordStep(fixture.testApp, 'reset.trust@acme.test', { password });
      const done = await pending.client.post('/api/auth/mfa', { challenge: pending.challenge, method: 'recovery_code', code: codes.shift(), trustBrowser: true });
      expect(done.statusCode).toBe(200);
      return pending.client;
    };
    const reasons = async () => (await db.select().from(trustedBrowsers).where(eq(trustedBrowsers.userId, member.id))).map((row) => row.revokeReason);

    const browser = await trust(STRONG_PASSWORD);
    const token = resetTokenOf(await requestResetMail(fixture, 'reset.trust@acme.test'));
    const reset = await fixture.testApp.client().post('/api/auth/password/reset', { token, newPassword: NEW_PASSWORD, secondFactor: { method: 'recovery_code', code: codes.shift() } });
    expect(reset.statusCode).toBe(200);
    expect(await reasons()).toEqual(['password_reset']);
    await browser.post('/api/auth/logout');
    expect((await browser.login('reset.trust@acme.test', NEW_PASSWORD)).json<{ mfaRequired?: true }>().mfaRequired).toBe(true);

    await trust(NEW_PASSWORD);
    await waitForQueues(fixture.testApp);
    const notice = await fixture.sink.waitForMail((mail) => mail.to.includes('reset.trust@acme.test') && mail.subject.includes('was reset'));
    expect((await fixture.testApp.client().post('/api/auth/freeze', { token: freezeTokenOf(notice) })).statusCode).toBe(200);
    expect((await reasons()).sort()).toEqual(['account_frozen', 'password_reset']);
  });
});
