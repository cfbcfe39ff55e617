import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createMember, TEST_ORIGIN, type TestClient } from '../../../../test/app.ts';
import { ageSession, useOrganizationApp } from '../../../../test/channel-helpers.ts';
import { SoftAuthenticator } from '../../../../test/soft-authenticator.ts';
import { errorCode, passwordStep } from '../../../../test/two-step.ts';
import { auditEvents } from '../../../audit/audit.tables.ts';
import { passkeys } from '../mfa.tables.ts';

type Options = { challenge: string; user: { id: string }; rp: { id: string }; excludeCredentials?: { id: string }[]; authenticatorSelection?: { userVerification?: string; residentKey?: string }; timeout?: number };

async function register(client: TestClient, authenticator: SoftAuthenticator, name: string, overrides: Parameters<SoftAuthenticator['create']>[1] = {}) {
  const options = (await client.post('/api/me/two-step/passkeys/options', {})).json<{ options: Options }>().options;
  const response = authenticator.create(options, overrides);
  return { options, response, reply: await client.post('/api/me/two-step/passkeys', { name, response }) };
}

async function passwordlessOptions(client: TestClient) {
  return (await client.post('/api/auth/passkey/options', {})).json<{ challenge: string; options: { challenge: string; allowCredentials?: unknown[]; userVerification?: string } }>();
}

describe('passkeys (MF-10 … MF-13)', () => {
  const app = useOrganizationApp();
  const authenticator = new SoftAuthenticator(TEST_ORIGIN, 'localhost');

  it('MF-10/11: registration needs UV, uses fresh single-use challenges, excludes existing credentials, returns recovery codes once', async () => {
    const member = await createMember(app.testApp, app.owner, { email: 'pk.reg@acme.test', name: 'Pat Key', role: 'sales' });
    const first = await register(member.client, authenticator, 'Laptop', { backedUp: true });
    expect(first.options.rp.id).toBe('localhost');
    expect(Buffer.from(first.options.challenge, 'base64url').length).toBeGreaterThanOrEqual(16);
    expect(first.options.authenticatorSelection).toMatchObject({ userVerification: 'required', residentKey: 'required' });
    expect(first.options.timeout).toBeLessThanOrEqual(10 * 60_000);
    expect(first.reply.statusCode).toBe(201);
    expect(first.reply.json<{ recoveryCodes: string[] }>().recoveryCodes).toHaveLength(10);
    // The same response again: the ceremony is used.
    expect(errorCode(await member.client.post('/api/me/two-step/passkeys', { name: 'Again', response: first.response }))).toBe('passkey_invalid');

    const refusedUv = await register(member.client, authenticator, 'No PIN', { userVerified: false });
    expect(refusedUv.reply.statusCode).toBe(400);
    const evil = await register(member.client, authenticator, 'Evil', { origin: 'https://evil.test' });
    expect(errorCode(evil.reply)).toBe('passkey_invalid');
    const wrongType = await register(member.client, authenticator, 'Get', { type: 'webauthn.get' });
    expect(errorCode(wrongType.reply)).toBe('passkey_invalid');

    const second = await register(member.client, authenticator, 'Security key');
    expect(second.options.excludeCredentials?.map((item) => item.id)).toEqual([first.response.id]);
    expect(second.reply.json<{ recoveryCodes: unknown }>().recoveryCodes).toBeNull();
    const overview = (await member.client.get('/api/me/two-step')).json<{ factors: { passkeys: { name: string; backedUp: boolean; deviceType: string }[] } }>();
    expect(overview.factors.passkeys.map((key) => [key.name, key.backedUp, key.deviceType])).toEqual([
      ['Laptop', true, 'multiDevice'],
      ['Security key', false, 'singleDevice'],
    ]);
  });

  it('MF-08: managing passkeys needs a recent step-up', async () => {
    const member = await createMember(app.testApp, app.owner, { email: 'pk.stale@acme.test', name: 'Stale Key', role: 'sales' });
    await ageSession(app.db, member.client);
    expect(errorCode(await member.client.post('/api/me/two-step/passkeys/options', {}))).toBe('reauthentication_required');
  });

  it('MF-10/13: password-less sign-in accepts one fresh UV assertion and refuses every forgery with one answer', async () => {
    const member = await createMember(app.testApp, app.owner, { email: 'pk.login@acme.test', name: 'Lee Login', role: 'sales' });
    const keys = new SoftAuthenticator(TEST_ORIGIN, 'localhost');
    expect((await register(member.client, keys, 'Phone')).reply.statusCode).toBe(201);

    const browser = app.testApp.client();
    const stale = await passwordlessOptions(browser);
    const fresh = await passwordlessOptions(browser);
    expect(fresh.options.allowCredentials ?? []).toEqual([]);
    expect(fresh.options.userVerification).toBe('required');
    const signIn = (options: { challenge: string; options: { challenge: string } }, overrides: Parameters<SoftAuthenticator['get']>[1] = {}) => browser.post('/api/auth/passkey', { challenge: options.challenge, response: keys.get(options.options, overrides) });

    const forgeries = [
      { origin: 'https://evil.test' },
      { origin: 'http://files.localhost:3000' },
      { type: 'webauthn.create' },
      { userVerified: false },
      { rpId: 'evil.test' },
      { challenge: stale.options.challenge },
    ];
    const bodies = new Set<string>();
    for (const overrides of forgeries) {
      const options = await passwordlessOptions(browser);
      const refused = await signIn(options, overrides);
      expect(refused.statusCode, JSON.stringify(overrides)).toBe(401);
      expect(refused.headers['set-cookie']).toBeUndefined();
      bodies.add(refused.body);
    }
    // An unknown credential looks exactly like a bad signature (MF-13).
    const stranger = new SoftAuthenticator(TEST_ORIGIN, 'localhost');
    stranger.create({ challenge: 'x', user: { id: 'x' } });
    const unknownOptions = await passwordlessOptions(browser);
    bodies.add((await browser.post('/api/auth/passkey', { challenge: unknownOptions.challenge, response: stranger.get(unknownOptions.options) })).body);
    expect(bodies.size).toBe(1);
    expect(JSON.parse([...bodies][0] ?? '{}')).toMatchObject({ error: { code: 'passkey_sign_in_failed' } });

    const signedIn = await signIn(fresh);
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json<{ user: { email: string } }>().user.email).toBe('pk.login@acme.test');
    // Replaying the captured assertion, or answering a used ceremony, fails (MF-10 a, b).
    const replay = await app.testApp.client().post('/api/auth/passkey', { challenge: fresh.challenge, response: keys.get(fresh.options) });
    expect(replay.statusCode).toBe(401);
    const [event] = await app.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'sign_in_succeeded'), eq(auditEvents.actorLabel, 'pk.login@acme.test')));
    expect(event?.details).toMatchObject({ passwordless: true, secondFactor: 'passkey' });
  });

  it('MF-02: a passkey answers the second sign-in step (UV not needed there: the password was the first factor)', async () => {
    const member = await createMember(app.testApp, app.owner, { email: 'pk.second@acme.test', name: 'Sam Second', role: 'sales' });
    const keys = new SoftAuthenticator(TEST_ORIGIN, 'localhost');
    await register(member.client, keys, 'Phone');
    const pending = await passwordStep(app.testApp, 'pk.second@acme.test');
    expect(pending.methods).toEqual(['passkey', 'recovery_code']);
    const options = (await pending.client.post('/api/auth/mfa/passkey-options', { challenge: pending.challenge })).json<{ options: { challenge: string; allowCredentials: { id: string }[] } }>().options;
    expect(options.allowCredentials.map((item) => item.id)).toEqual([keys.credentials[0]?.id]);
    const forged = await pending.client.post('/api/auth/mfa', { challenge: pending.challenge, method: 'passkey', response: keys.get(options, { origin: 'https://evil.test' }) });
    expect(errorCode(forged)).toBe('mfa_code_invalid');
    // The failed attempt cleared the WebAuthn challenge: new options, then the real assertion.
    const again = (await pending.client.post('/api/auth/mfa/passkey-options', { challenge: pending.challenge })).json<{ options: { challenge: string } }>().options;
    const done = await pending.client.post('/api/auth/mfa', { challenge: pending.challenge, method: 'passkey', response: keys.get(again, { userVerified: false }) });
    expect(done.statusCode).toBe(200);
  });

  it("MF-11: a removed passkey fails at once; a counter going backwards is refused and audited; another user cannot remove it", async () => {
    const member = await createMember(app.testApp, app.owner, { email: 'pk.remove@acme.test', name: 'Rita Remove', role: 'sales' });
    const keys = new SoftAuthenticator(TEST_ORIGIN, 'localhost');
    await register(member.client, keys, 'Old phone');
    await register(member.client, keys, 'New phone');
    const [oldKey, newKey] = keys.credentials;
    const browser = app.testApp.client();
    const used = await passwordlessOptions(browser);
    expect((await browser.post('/api/auth/passkey', { challenge: used.challenge, response: keys.get(used.options, { credentialId: newKey?.id, counter: 5 }) })).statusCode).toBe(200);
    const cloned = await passwordlessOptions(app.testApp.client());
    const rolledBack = await app.testApp.client().post('/api/auth/passkey', { challenge: cloned.challenge, response: keys.get(cloned.options, { credentialId: newKey?.id, counter: 3 }) });
    expect(rolledBack.statusCode).toBe(401);
    const clone = await app.db.select().from(auditEvents).where(eq(auditEvents.action, 'passkey_clone_suspected'));
    expect(clone).toHaveLength(1);

    const [stored] = await app.db.select().from(passkeys).where(eq(passkeys.credentialId, oldKey?.id ?? ''));
    expect((await member.client.request('DELETE', `/api/me/two-step/passkeys/${stored?.id}`)).statusCode).toBe(204);
    const afterRemoval = await passwordlessOptions(browser);
    expect((await browser.post('/api/auth/passkey', { challenge: afterRemoval.challenge, response: keys.get(afterRemoval.options, { credentialId: oldKey?.id }) })).statusCode).toBe(401);
    // Another user's passkey id: not found, not removed.
    const [remaining] = await app.db.select().from(passkeys).where(eq(passkeys.credentialId, newKey?.id ?? ''));
    expect((await app.owner.request('DELETE', `/api/me/two-step/passkeys/${remaining?.id}`)).statusCode).toBe(404);
  });

  it('MF-08: step-up with a UV passkey alone; without UV it is refused', async () => {
    const member = await createMember(app.testApp, app.owner, { email: 'pk.stepup@acme.test', name: 'Stu Stepup', role: 'sales' });
    const keys = new SoftAuthenticator(TEST_ORIGIN, 'localhost');
    await register(member.client, keys, 'Phone');
    await ageSession(app.db, member.client);
    const noUv = (await member.client.post('/api/auth/reauthenticate/passkey-options', {})).json<{ options: { challenge: string } }>().options;
    expect((await member.client.post('/api/auth/reauthenticate', { method: 'passkey', response: keys.get(noUv, { userVerified: false }) })).statusCode).toBe(403);
    const options = (await member.client.post('/api/auth/reauthenticate/passkey-options', {})).json<{ options: { challenge: string } }>().options;
    expect((await member.client.post('/api/auth/reauthenticate', { method: 'passkey', response: keys.get(options) })).statusCode).toBe(200);
    // Answering again after the ceremony is used: refused as a passkey attempt (403), the session stays (no 401).
    const replayed = await member.client.post('/api/auth/reauthenticate', { method: 'passkey', response: keys.get(options) });
    expect(replayed.statusCode).toBe(403);
    expect((await member.client.get('/api/auth/session')).statusCode).toBe(200);
    expect((await member.client.post('/api/me/two-step/passkeys/options', {})).statusCode).toBe(200);
  });
});
