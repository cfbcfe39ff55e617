import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createMember, TEST_ORIGIN, type TestApp, type TestClient } from '../../../../test/app.ts';
import { ageSession, useOrganizationApp } from '../../../../test/channel-helpers.ts';
import { SoftAuthenticator, type CeremonyOverrides } from '../../../../test/soft-authenticator.ts';
import { enrolTotp, passwordStep } from '../../../../test/two-step.ts';
import { auditEvents } from '../../../audit/audit.tables.ts';
import { passkeys } from '../mfa.tables.ts';

type BackupMe = { twoStep: { backupLostPasskeys: { id: string; name: string }[] } | null };

/** A synced passkey whose backup was switched off: BE stays 1, BS drops to 0. */
const BACKUP_OFF: CeremonyOverrides = { backedUp: false, backupEligible: true };

async function registerPasskey(client: TestClient, keys: SoftAuthenticator, name: string, overrides: CeremonyOverrides = {}) {
  const options = (await client.post('/api/me/two-step/passkeys/options', {})).json<{ options: { challenge: string; user: { id: string } } }>().options;
  const reply = await client.post('/api/me/two-step/passkeys', { name, response: keys.create(options, overrides) });
  if (reply.statusCode !== 201) throw new Error(`passkey registration failed: ${reply.body}`);
}

async function passwordlessSignIn(testApp: TestApp, keys: SoftAuthenticator, overrides: CeremonyOverrides) {
  const browser = testApp.client();
  const { challenge, options } = (await browser.post('/api/auth/passkey/options', {})).json<{ challenge: string; options: { challenge: string } }>();
  const reply = await browser.post('/api/auth/passkey', { challenge, response: keys.get(options, overrides) });
  if (reply.statusCode !== 200) throw new Error(`passkey sign-in failed: ${reply.body}`);
  return { browser, reply };
}

const prompted = async (client: TestClient) => ((await client.get('/api/auth/session')).json<BackupMe>().twoStep?.backupLostPasskeys ?? []).map((key) => key.name);

describe('MF-11: a passkey whose backup state drops from 1 to 0', () => {
  const app = useOrganizationApp();

  it('password-less sign-in with BS=0: flags stored, audited, prompt in the session until dismissed', async () => {
    const member = await createMember(app.testApp, app.owner, { email: 'bs.signin@acme.test', name: 'Bea State', role: 'sales' });
    const keys = new SoftAuthenticator(TEST_ORIGIN, 'localhost');
    await registerPasskey(member.client, keys, 'Synced phone', { backedUp: true });
    expect(await prompted(member.client)).toEqual([]);

    // Still backed up: nothing happens.
    const first = await passwordlessSignIn(app.testApp, keys, { backedUp: true });
    expect(first.reply.json<BackupMe>().twoStep?.backupLostPasskeys).toEqual([]);

    const { browser, reply } = await passwordlessSignIn(app.testApp, keys, BACKUP_OFF);
    // The sign-in reply already carries the prompt.
    expect(reply.json<BackupMe>().twoStep?.backupLostPasskeys.map((key) => key.name)).toEqual(['Synced phone']);
    const [stored] = await app.db.select().from(passkeys).where(eq(passkeys.credentialId, keys.credentials[0]?.id ?? ''));
    expect(stored).toMatchObject({ backedUp: false, deviceType: 'multiDevice' });
    expect(stored?.backupLostAt).not.toBeNull();
    const events = await app.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'passkey_backup_lost'), eq(auditEvents.targetUserId, member.id)));
    expect(events).toHaveLength(1);
    expect(events[0]?.details).toMatchObject({ factorId: stored?.id, name: 'Synced phone' });
    expect(await prompted(browser)).toEqual(['Synced phone']);
    expect(await prompted(member.client)).toEqual(['Synced phone']);
    const overview = (await browser.get('/api/me/two-step')).json<{ factors: { passkeys: { backedUp: boolean }[] } }>();
    expect(overview.factors.passkeys[0]?.backedUp).toBe(false);

    // Another BS=0 use does not record the event again (it is not a new drop).
    await passwordlessSignIn(app.testApp, keys, BACKUP_OFF);
    expect(await app.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'passkey_backup_lost'), eq(auditEvents.targetUserId, member.id)))).toHaveLength(1);

    expect((await browser.post('/api/me/two-step/passkeys/backup-prompt/dismiss', {})).statusCode).toBe(204);
    expect(await prompted(browser)).toEqual([]);
    expect((await browser.post('/api/me/two-step/passkeys/backup-prompt/dismiss', { passkeyId: 'x' })).statusCode).toBe(400);
    expect((await app.testApp.client().post('/api/me/two-step/passkeys/backup-prompt/dismiss', {})).statusCode).toBe(401);
  });

  it('the second sign-in step and a step-up notice the drop too; a newly added factor ends the prompt', async () => {
    const member = await createMember(app.testApp, app.owner, { email: 'bs.second@acme.test', name: 'Sid State', role: 'sales' });
    const keys = new SoftAuthenticator(TEST_ORIGIN, 'localhost');
    await registerPasskey(member.client, keys, 'Laptop', { backedUp: true });

    const pending = await passwordStep(app.testApp, 'bs.second@acme.test');
    const options = (await pending.client.post('/api/auth/mfa/passkey-options', { challenge: pending.challenge })).json<{ options: { challenge: string } }>().options;
    const done = await pending.client.post('/api/auth/mfa', { challenge: pending.challenge, method: 'passkey', response: keys.get(options, BACKUP_OFF) });
    expect(done.statusCode).toBe(200);
    expect(done.json<BackupMe>().twoStep?.backupLostPasskeys.map((key) => key.name)).toEqual(['Laptop']);

    // Backed up again (BS 0→1): the prompt goes by itself; then a step-up with BS=0 brings it back.
    await passwordlessSignIn(app.testApp, keys, { backedUp: true });
    expect(await prompted(member.client)).toEqual([]);
    await ageSession(app.db, member.client);
    const stepUp = (await member.client.post('/api/auth/reauthenticate/passkey-options', {})).json<{ options: { challenge: string } }>().options;
    expect((await member.client.post('/api/auth/reauthenticate', { method: 'passkey', response: keys.get(stepUp, BACKUP_OFF) })).statusCode).toBe(200);
    expect(await prompted(member.client)).toEqual(['Laptop']);
    expect(await app.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'passkey_backup_lost'), eq(auditEvents.targetUserId, member.id)))).toHaveLength(2);

    // Adding another factor is what the prompt asks for: it then stops.
    await enrolTotp(member.client, 'Authenticator');
    expect(await prompted(member.client)).toEqual([]);
  });

  it('a credential that never was backed up (BE=0) is no prompt: it is the single-device hint on the two-step page', async () => {
    const member = await createMember(app.testApp, app.owner, { email: 'bs.single@acme.test', name: 'Sol Single', role: 'sales' });
    const keys = new SoftAuthenticator(TEST_ORIGIN, 'localhost');
    await registerPasskey(member.client, keys, 'Security key');
    const { browser } = await passwordlessSignIn(app.testApp, keys, {});
    expect(await prompted(browser)).toEqual([]);
    expect(await app.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'passkey_backup_lost'), eq(auditEvents.targetUserId, member.id)))).toHaveLength(0);
  });
});
