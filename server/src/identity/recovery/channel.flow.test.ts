import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createMember, STRONG_PASSWORD, type TestClient } from '../../../test/app.ts';
import { ageSession, codeIn, latestMail, mailsTo, useOrganizationApp } from '../../../test/channel-helpers.ts';
import { auditEvents, users, verificationCodes } from '../../db/schema.ts';
import { recoveryAddresses } from './recovery.tables.ts';

interface Overview {
  channels: { id: string; kind: string; role: string; address: string; verified: boolean; pending: boolean }[];
  readiness: { ways: number; needed: number; required: boolean; setupRequired: boolean };
}

describe('recovery channels (RC-09, RC-11)', () => {
  const app = useOrganizationApp();
  const overview = async (client: TestClient) => (await client.get('/api/account/recovery')).json<Overview>();

  it('a new backup address stays pending, never receives recovery, and counts only after its code', async () => {
    const member = await createMember(app.testApp, app.owner, { email: 'pending@acme.test', name: 'Sun Yu', role: 'sales' });
    expect((await overview(member.client)).readiness).toMatchObject({ ways: 1, needed: 2, required: false, setupRequired: false });
    const added = await member.client.post('/api/account/recovery/channels', { kind: 'email', role: 'backup', address: 'Sun.Yu@Example.NET' });
    expect(added.statusCode).toBe(201);
    const { id } = added.json<{ id: string; pending: boolean }>();
    const listed = await overview(member.client);
    expect(listed.channels.find((channel) => channel.id === id)).toMatchObject({ address: 'sun.yu@example.net', pending: true, verified: false });
    expect(listed.readiness.ways).toBe(1);
    // A pending address is nobody's way back: the recovery lookup does not find it.
    expect(await app.testApp.context.identity.channels.findByVerifiedAddress('email', 'sun.yu@example.net')).toBeUndefined();
    const codeMail = await latestMail(app.db, 'sun.yu@example.net', 'recoveryCode');
    const code = codeIn(codeMail?.textBody);
    const wrong = code === '000000' ? '111111' : '000000';
    const refused = await member.client.post(`/api/account/recovery/channels/${id}/verify`, { code: wrong });
    expect(refused.statusCode).toBe(400);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('code_invalid');
    const verified = await member.client.post(`/api/account/recovery/channels/${id}/verify`, { code });
    expect(verified.statusCode).toBe(200);
    expect(verified.json()).toMatchObject({ id, verified: true, pending: false, role: 'backup' });
    expect((await overview(member.client)).readiness.ways).toBe(2);
    expect((await app.testApp.context.identity.channels.findByVerifiedAddress('email', 'sun.yu@example.net'))?.user.id).toBe(member.id);
    // Replay of the spent code fails.
    expect((await member.client.post(`/api/account/recovery/channels/${id}/verify`, { code })).statusCode).toBe(409);
  });

  it('a pending address gets no password-reset message, even when asked for by name', async () => {
    const member = await createMember(app.testApp, app.owner, { email: 'forgot@acme.test', name: 'Kong Ming', role: 'sales' });
    await member.client.post('/api/account/recovery/channels', { kind: 'email', role: 'backup', address: 'kong.pending@example.net' });
    const visitor = app.testApp.client({ ip: '203.0.113.77' });
    expect((await visitor.post('/api/auth/password/forgot', { identifier: 'kong.pending@example.net' })).statusCode).toBe(202);
    expect((await visitor.post('/api/auth/password/forgot', { identifier: 'forgot@acme.test' })).statusCode).toBe(202);
    // The jobs run in order; once the verified address has its mail, the pending one would have had its own.
    let control: Awaited<ReturnType<typeof latestMail>>;
    for (let round = 0; round < 200 && !control; round += 1) {
      control = await latestMail(app.db, 'forgot@acme.test', 'passwordReset');
      if (!control) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(control).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await mailsTo(app.db, 'kong.pending@example.net', 'passwordReset')).toHaveLength(0);
  });

  it('verification texts obey the SMS toll-fraud caps (3 per number per hour), and a refusal is audited', async () => {
    const member = await createMember(app.testApp, app.owner, { email: 'pumping@acme.test', name: 'Pump Er', role: 'sales' });
    const added = await member.client.post('/api/account/recovery/channels', { kind: 'phone', role: 'backup', address: '+447911123456' });
    expect(added.statusCode).toBe(201);
    const id = added.json<{ id: string }>().id;
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await app.db.update(verificationCodes).set({ createdAt: new Date(Date.now() - 61_000) }).where(eq(verificationCodes.userId, member.id));
      const response = await member.client.post(`/api/account/recovery/channels/${id}/resend`);
      statuses.push(response.statusCode);
      if (response.statusCode === 429) expect(response.json<{ error: { code: string } }>().error.code).toBe('sms_limit_reached');
    }
    expect(statuses).toEqual([202, 202, 429]);
    const capped = await app.db.select().from(auditEvents).where(eq(auditEvents.action, 'sms_capped'));
    expect(capped.some((row) => row.targetUserId === member.id)).toBe(true);
  });

  it('adding, verifying and removing notify every existing verified channel, with time, IP and device but no code', async () => {
    const member = await createMember(app.testApp, app.owner, { email: 'notify@acme.test', name: 'Hu Jing', role: 'sales' });
    const first = await member.client.post('/api/account/recovery/channels', { kind: 'email', role: 'backup', address: 'hu.backup@example.net' });
    const firstCode = codeIn((await latestMail(app.db, 'hu.backup@example.net', 'recoveryCode'))?.textBody);
    await member.client.post(`/api/account/recovery/channels/${first.json<{ id: string }>().id}/verify`, { code: firstCode });
    const phone = await member.client.post('/api/account/recovery/channels', { kind: 'phone', role: 'backup', address: '+86 139 1234 5678' });
    expect(phone.statusCode).toBe(201);
    for (const address of ['notify@acme.test', 'hu.backup@example.net']) {
      const notice = await latestMail(app.db, address, 'channelAdded');
      expect(notice?.textBody).toContain('+86139••••5678');
      expect(notice?.textBody).toContain('127.0.0.1');
      expect(notice?.textBody).toMatch(/Chrome 140/);
      expect(notice?.textBody).not.toMatch(/\b\d{6}\b(?!\d)/);
    }
    await ageSession(app.db, member.client);
    expect((await member.client.request('DELETE', `/api/account/recovery/channels/${first.json<{ id: string }>().id}`)).statusCode).toBe(403);
    await member.client.post('/api/auth/reauthenticate', { password: STRONG_PASSWORD });
    expect((await member.client.request('DELETE', `/api/account/recovery/channels/${first.json<{ id: string }>().id}`)).statusCode).toBe(204);
    // The removed address hears of it too, as does the primary.
    expect(await latestMail(app.db, 'hu.backup@example.net', 'channelRemoved')).toBeDefined();
    expect(await latestMail(app.db, 'notify@acme.test', 'channelRemoved')).toBeDefined();
    const actions = (await app.db.select().from(auditEvents).where(eq(auditEvents.targetUserId, member.id))).map((row) => row.action);
    expect(actions).toEqual(expect.arrayContaining(['recovery_channel_added', 'recovery_channel_verified', 'recovery_channel_removed']));
  });

  it('an address of another account is refused with a neutral 409 address_taken', async () => {
    const alice = await createMember(app.testApp, app.owner, { email: 'alice@acme.test', name: 'Alice Wu', role: 'sales' });
    const bob = await createMember(app.testApp, app.owner, { email: 'bob@acme.test', name: 'Bob Ma', role: 'sales' });
    const added = await alice.client.post('/api/account/recovery/channels', { kind: 'email', role: 'backup', address: 'alice.home@example.net' });
    await alice.client.post(`/api/account/recovery/channels/${added.json<{ id: string }>().id}/verify`, { code: codeIn((await latestMail(app.db, 'alice.home@example.net', 'recoveryCode'))?.textBody) });
    for (const address of ['alice@acme.test', 'ALICE.HOME@example.net', 'bob@acme.test']) {
      const response = await bob.client.post('/api/account/recovery/channels', { kind: 'email', role: 'backup', address });
      expect(response.statusCode).toBe(409);
      const error = response.json<{ error: { code: string; message: string } }>().error;
      expect(error.code).toBe('address_taken');
      expect(error.message).not.toMatch(/alice|account|exists/i);
    }
    // Bob's own sign-in e-mail as a primary change is refused the same way.
    expect((await bob.client.post('/api/account/recovery/channels', { kind: 'email', role: 'primary', address: 'alice@acme.test' })).statusCode).toBe(409);
    // A pending (unproven) address of someone else does not block: nobody can squat an address they do not read.
    const squat = await bob.client.post('/api/account/recovery/channels', { kind: 'email', role: 'backup', address: 'shared@example.net' });
    expect(squat.statusCode).toBe(201);
    expect((await alice.client.post('/api/account/recovery/channels', { kind: 'email', role: 'backup', address: 'shared@example.net' })).statusCode).toBe(409);
  });

  it('refuses to remove the last verified way back', async () => {
    const member = await createMember(app.testApp, app.owner, { email: 'lastway@acme.test', name: 'Gao Yan', role: 'sales' });
    const added = await member.client.post('/api/account/recovery/channels', { kind: 'email', role: 'backup', address: 'gao.backup@example.net' });
    const id = added.json<{ id: string }>().id;
    await member.client.post(`/api/account/recovery/channels/${id}/verify`, { code: codeIn((await latestMail(app.db, 'gao.backup@example.net', 'recoveryCode'))?.textBody) });
    // The sign-in e-mail has never been proven (e.g. an account created before verification existed).
    await app.db.update(users).set({ emailVerifiedAt: null }).where(eq(users.id, member.id));
    const refused = await member.client.request('DELETE', `/api/account/recovery/channels/${id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('last_way_back');
    const [stillThere] = await app.db.select().from(recoveryAddresses).where(eq(recoveryAddresses.id, id));
    expect(stillThere?.verifiedAt).not.toBeNull();
    const primary = await member.client.request('DELETE', '/api/account/recovery/channels/primary-email');
    expect(primary.json<{ error: { code: string } }>().error.code).toBe('channel_not_removable');
    // Proving the sign-in e-mail (send-code → verify) makes it a way back, and then the backup may go.
    expect((await member.client.post('/api/account/recovery/channels/primary-email/send-code')).statusCode).toBe(202);
    const code = codeIn((await latestMail(app.db, 'lastway@acme.test', 'recoveryCode'))?.textBody);
    expect((await member.client.post('/api/account/recovery/channels/primary-email/verify', { code })).statusCode).toBe(200);
    expect((await member.client.request('DELETE', `/api/account/recovery/channels/${id}`)).statusCode).toBe(204);
  });

  it('codes can be re-sent after 60 seconds, at most 5 per hour, and other users cannot touch the channel', async () => {
    const member = await createMember(app.testApp, app.owner, { email: 'resend@acme.test', name: 'Qian Bo', role: 'sales' });
    const added = await member.client.post('/api/account/recovery/channels', { kind: 'email', role: 'backup', address: 'qian.backup@example.net' });
    const id = added.json<{ id: string }>().id;
    const tooSoon = await member.client.post(`/api/account/recovery/channels/${id}/resend`);
    expect(tooSoon.statusCode).toBe(429);
    expect(tooSoon.json<{ error: { code: string } }>().error.code).toBe('resend_too_soon');
    expect(Number(tooSoon.headers['retry-after'])).toBeGreaterThan(0);
    const intruder = await createMember(app.testApp, app.owner, { email: 'intruder@acme.test', name: 'Intruder', role: 'sales' });
    expect((await intruder.client.post(`/api/account/recovery/channels/${id}/resend`)).statusCode).toBe(404);
    expect((await intruder.client.post(`/api/account/recovery/channels/${id}/verify`, { code: '123456' })).statusCode).toBe(404);
    let statuses: number[] = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      await app.db.update(verificationCodes).set({ createdAt: new Date(Date.now() - 61_000 - attempt) }).where(eq(verificationCodes.userId, member.id));
      statuses = [...statuses, (await member.client.post(`/api/account/recovery/channels/${id}/resend`)).statusCode];
    }
    // 1 code at add + 4 resends = 5 in the hour; the 6th and later are refused.
    expect(statuses).toEqual([202, 202, 202, 202, 429, 429]);
    expect((await mailsTo(app.db, 'qian.backup@example.net', 'recoveryCode')).length).toBe(5);
  });

  it('Me carries verification flags and readiness; login does not pay for it', async () => {
    const member = await createMember(app.testApp, app.owner, { email: 'me@acme.test', name: 'Me Too', role: 'sales' });
    const session = (await member.client.get('/api/auth/session')).json<{ user: { emailVerified: boolean; phoneVerified: boolean }; recovery: { ways: number; setupRequired: boolean } }>();
    expect(session.user).toMatchObject({ emailVerified: true, phoneVerified: false });
    expect(session.recovery).toEqual({ ways: 1, setupRequired: false });
    const login = await app.testApp.client().login('me@acme.test', STRONG_PASSWORD);
    expect(login.json<{ recovery: unknown }>().recovery).toBeNull();
  });

  it('an admin can require two ways back (not of owners); the flag clears once the member has two', async () => {
    const admin = await createMember(app.testApp, app.owner, { email: 'admin@acme.test', name: 'Admin Xu', role: 'admin' });
    const member = await createMember(app.testApp, app.owner, { email: 'required@acme.test', name: 'Ren Jie', role: 'sales' });
    const ownerId = (await app.owner.get('/api/auth/session')).json<{ user: { id: string } }>().user.id;
    expect((await admin.client.post(`/api/members/${ownerId}/require-recovery-setup`)).statusCode).toBe(403);
    expect((await member.client.post(`/api/members/${admin.id}/require-recovery-setup`)).statusCode).toBe(403);
    expect((await admin.client.post(`/api/members/${member.id}/require-recovery-setup`)).statusCode).toBe(200);
    expect((await member.client.get('/api/auth/session')).json<{ recovery: unknown }>().recovery).toEqual({ ways: 1, setupRequired: true });
    const added = await member.client.post('/api/account/recovery/channels', { kind: 'email', role: 'backup', address: 'ren.backup@example.net' });
    await member.client.post(`/api/account/recovery/channels/${added.json<{ id: string }>().id}/verify`, { code: codeIn((await latestMail(app.db, 'ren.backup@example.net', 'recoveryCode'))?.textBody) });
    expect((await member.client.get('/api/auth/session')).json<{ recovery: unknown }>().recovery).toEqual({ ways: 2, setupRequired: false });
    const [row] = await app.db.select().from(users).where(eq(users.id, member.id));
    expect(row?.recoverySetupRequired).toBe(false);
  });

  it('every mail carries the link origin and, when the organisation set one, its anti-phishing phrase', async () => {
    const policy = (await app.owner.get('/api/security-policy')).json<{ policy: { recovery: Record<string, unknown> } }>().policy;
    const saved = await app.owner.request('PUT', '/api/security-policy', { policy: { ...policy, recovery: { ...policy.recovery, antiPhishingPhrase: 'blue heron at dawn' } } });
    expect(saved.statusCode).toBe(200);
    const member = await createMember(app.testApp, app.owner, { email: 'phrase@acme.test', name: 'Lu Fang', role: 'sales' });
    await member.client.post('/api/account/recovery/channels', { kind: 'email', role: 'backup', address: 'lu.backup@example.net' });
    const codeMail = await latestMail(app.db, 'lu.backup@example.net', 'recoveryCode');
    expect(codeMail?.textBody).toContain('blue heron at dawn');
    expect(codeMail?.textBody).toContain('http://localhost:3000');
    expect(codeMail?.htmlBody).toContain('blue heron at dawn');
    const info = await app.testApp.client().get('/api/auth/sign-in-info');
    expect(info.json()).toEqual({ linkOrigin: 'http://localhost:3000', antiPhishing: false });
    expect(info.body).not.toContain('heron');
  });
});
