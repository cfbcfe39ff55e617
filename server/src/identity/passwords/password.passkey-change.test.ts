import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createMember, STRONG_PASSWORD, TEST_ORIGIN, type TestApp, type TestClient } from '../../../test/app.ts';
import { ageSession, mailsTo, useOrganizationApp } from '../../../test/channel-helpers.ts';
import { SoftAuthenticator, type CeremonyOverrides } from '../../../test/soft-authenticator.ts';
import { errorCode, passwordStep } from '../../../test/two-step.ts';
import { auditEvents } from '../../audit/audit.tables.ts';
import { sessions } from '../sessions/session.tables.ts';

const NEW_PASSWORD = 'copper heron sails past nine lanterns';

type SessionMe = { session: { id: string; passkeyVerifiedUntil: string | null } };

async function registerPasskey(client: TestClient, keys: SoftAuthenticator, name = 'Phone') {
  const options = (await client.post('/api/me/two-step/passkeys/options', {})).json<{ options: { challenge: string; user: { id: string } } }>().options;
  const reply = await client.post('/api/me/two-step/passkeys', { name, response: keys.create(options) });
  if (reply.statusCode !== 201) throw new Error(`passkey registration failed: ${reply.body}`);
}

/** A new browser signing in with the passkey alone (discoverable credential). */
async function passwordlessSignIn(testApp: TestApp, keys: SoftAuthenticator, overrides: CeremonyOverrides = {}) {
  const browser = testApp.client({ ip: '203.0.113.7' });
  const { challenge, options } = (await browser.post('/api/auth/passkey/options', {})).json<{ challenge: string; options: { challenge: string } }>();
  const reply = await browser.post('/api/auth/passkey', { challenge, response: keys.get(options, overrides) });
  return { browser, reply };
}

/** Password first, then a passkey as the second step. */
async function passkeySecondStep(testApp: TestApp, email: string, keys: SoftAuthenticator, overrides: CeremonyOverrides) {
  const pending = await passwordStep(testApp, email);
  const options = (await pending.client.post('/api/auth/mfa/passkey-options', { challenge: pending.challenge })).json<{ options: { challenge: string } }>().options;
  const reply = await pending.client.post('/api/auth/mfa', { challenge: pending.challenge, method: 'passkey', response: keys.get(options, overrides) });
  if (reply.statusCode !== 200) throw new Error(`second step failed: ${reply.body}`);
  return pending.client;
}

async function sessionOf(client: TestClient): Promise<SessionMe['session']> {
  return (await client.get('/api/auth/session')).json<SessionMe>().session;
}

const changeWithoutCurrent = (client: TestClient, newPassword = NEW_PASSWORD) => client.post('/api/auth/password/change', { newPassword });

describe('MF-12: a user-verified passkey stands in for a forgotten password', () => {
  const app = useOrganizationApp();

  async function memberWithPasskey(email: string) {
    const member = await createMember(app.testApp, app.owner, { email, name: 'Pia Passkey', role: 'sales' });
    const keys = new SoftAuthenticator(TEST_ORIGIN, 'localhost');
    await registerPasskey(member.client, keys);
    return { ...member, keys };
  }

  it('UV=1 password-less sign-in: a new password without the old one, other sessions end, a notice is mailed, audited', async () => {
    const { client: laptop, id, keys } = await memberWithPasskey('mf12.ok@acme.test');
    const { browser, reply } = await passwordlessSignIn(app.testApp, keys);
    expect(reply.statusCode).toBe(200);
    const until = reply.json<SessionMe>().session.passkeyVerifiedUntil;
    expect(until).not.toBeNull();
    expect(Date.parse(until ?? '') - Date.now()).toBeLessThanOrEqual(app.testApp.config.stepUpMinutes * 60_000);
    expect((await sessionOf(browser)).passkeyVerifiedUntil).toBe(until);

    // The policy still applies to a password set this way.
    expect(errorCode(await changeWithoutCurrent(browser, 'short'))).toBe('password_rejected');
    const changed = await changeWithoutCurrent(browser);
    expect(changed.statusCode).toBe(200);
    expect(changed.json<{ otherSessionsEnded: number }>().otherSessionsEnded).toBeGreaterThanOrEqual(1);
    expect((await laptop.get('/api/auth/session')).statusCode).toBe(401);
    expect((await browser.get('/api/auth/session')).statusCode).toBe(200);
    expect((await app.testApp.client().login('mf12.ok@acme.test', STRONG_PASSWORD)).statusCode).toBe(401);
    // The password step now answers the second-step challenge (the passkey is still a factor).
    expect((await app.testApp.client().login('mf12.ok@acme.test', NEW_PASSWORD)).json<{ mfaRequired?: boolean }>().mfaRequired).toBe(true);

    const [mail] = await mailsTo(app.db, 'mf12.ok@acme.test', 'passwordChangedWithPasskey');
    expect(mail?.textBody).toMatch(/passkey/);
    expect(mail?.textBody).not.toContain(NEW_PASSWORD);
    const [event] = await app.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'password_changed'), eq(auditEvents.targetUserId, id)));
    expect(event?.details).toMatchObject({ authorizedBy: 'passkey' });

    // The rotated session no longer carries the proof: a second change needs the (new) password.
    expect((await sessionOf(browser)).passkeyVerifiedUntil).toBeNull();
    expect(errorCode(await changeWithoutCurrent(browser, 'another long passphrase for me'))).toBe('current_password_required');
  });

  it('UV=0 never signs in password-less, so it never gets there', async () => {
    const { keys } = await memberWithPasskey('mf12.nouv@acme.test');
    const { browser, reply } = await passwordlessSignIn(app.testApp, keys, { userVerified: false });
    expect(reply.statusCode).toBe(401);
    expect((await changeWithoutCurrent(browser)).statusCode).toBe(401);
  });

  it('a session from a password sign-in still needs the current password, however fresh', async () => {
    const member = await createMember(app.testApp, app.owner, { email: 'mf12.pw@acme.test', name: 'Pat Word', role: 'sales' });
    expect((await sessionOf(member.client)).passkeyVerifiedUntil).toBeNull();
    const refused = await changeWithoutCurrent(member.client);
    expect(refused.statusCode).toBe(400);
    expect(errorCode(refused)).toBe('current_password_required');
    expect(refused.json<{ error: { message: string } }>().error.message).toMatch(/current password/i);
    const chinese = await member.client.post('/api/auth/password/change', { newPassword: NEW_PASSWORD }, { 'accept-language': 'zh-CN' });
    expect(chinese.json<{ error: { message: string } }>().error.message).toMatch(/当前密码/);
    expect((await app.testApp.client().login('mf12.pw@acme.test', STRONG_PASSWORD)).statusCode).toBe(200);
    const [failed] = await app.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'password_change_failed'), eq(auditEvents.actorLabel, 'mf12.pw@acme.test')));
    expect(failed?.details).toMatchObject({ reason: 'current_password_required' });
  });

  it('second step with a UV=0 passkey: required; with UV=1: not', async () => {
    const { keys } = await memberWithPasskey('mf12.second@acme.test');
    const withoutUv = await passkeySecondStep(app.testApp, 'mf12.second@acme.test', keys, { userVerified: false });
    expect((await sessionOf(withoutUv)).passkeyVerifiedUntil).toBeNull();
    expect(errorCode(await changeWithoutCurrent(withoutUv))).toBe('current_password_required');
    const withUv = await passkeySecondStep(app.testApp, 'mf12.second@acme.test', keys, {});
    expect((await sessionOf(withUv)).passkeyVerifiedUntil).not.toBeNull();
    expect((await changeWithoutCurrent(withUv)).statusCode).toBe(200);
  });

  it('a passkey step-up with UV counts; one without UV is refused and counts for nothing', async () => {
    const { client, keys } = await memberWithPasskey('mf12.stepup@acme.test');
    await ageSession(app.db, client);
    const noUv = (await client.post('/api/auth/reauthenticate/passkey-options', {})).json<{ options: { challenge: string } }>().options;
    expect((await client.post('/api/auth/reauthenticate', { method: 'passkey', response: keys.get(noUv, { userVerified: false }) })).statusCode).toBe(403);
    expect(errorCode(await changeWithoutCurrent(client))).toBe('current_password_required');
    const options = (await client.post('/api/auth/reauthenticate/passkey-options', {})).json<{ options: { challenge: string } }>().options;
    expect((await client.post('/api/auth/reauthenticate', { method: 'passkey', response: keys.get(options) })).statusCode).toBe(200);
    expect((await sessionOf(client)).passkeyVerifiedUntil).not.toBeNull();
    expect((await changeWithoutCurrent(client)).statusCode).toBe(200);
  });

  it('after the step-up window the current password is required again', async () => {
    const { keys } = await memberWithPasskey('mf12.stale@acme.test');
    const { browser } = await passwordlessSignIn(app.testApp, keys);
    const { id } = await sessionOf(browser);
    const minutes = app.testApp.config.stepUpMinutes;
    await app.db
      .update(sessions)
      .set({ passkeyVerifiedAt: new Date(Date.now() - (minutes * 60_000 + 1_000)) })
      .where(eq(sessions.id, id));
    expect((await sessionOf(browser)).passkeyVerifiedUntil).toBeNull();
    expect(errorCode(await changeWithoutCurrent(browser))).toBe('current_password_required');
    // The current password still works the ordinary way in the same session.
    expect((await browser.post('/api/auth/password/change', { currentPassword: STRONG_PASSWORD, newPassword: NEW_PASSWORD })).statusCode).toBe(200);
  });

  it('refuses wrong types and unknown fields with 400, proof or not', async () => {
    const { keys } = await memberWithPasskey('mf12.shape@acme.test');
    const { browser } = await passwordlessSignIn(app.testApp, keys);
    for (const body of [
      { newPassword: 12345678901234 },
      { newPassword: NEW_PASSWORD, currentPassword: null },
      { newPassword: NEW_PASSWORD, currentPassword: '' },
      { newPassword: NEW_PASSWORD, currentPassword: ['x'] },
      { newPassword: NEW_PASSWORD, authorizedBy: 'passkey' },
      { newPassword: NEW_PASSWORD, userId: 'someone-else' },
      { currentPassword: STRONG_PASSWORD },
      {},
    ]) {
      const response = await browser.post('/api/auth/password/change', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
    }
    // A wrong current password given next to the proof is still checked (and counted), never ignored.
    expect(errorCode(await browser.post('/api/auth/password/change', { currentPassword: 'not it at all, sorry', newPassword: NEW_PASSWORD }))).toBe('current_password_incorrect');
    expect((await changeWithoutCurrent(browser)).statusCode).toBe(200);
  });
});
