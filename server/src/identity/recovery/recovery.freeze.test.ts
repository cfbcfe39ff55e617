import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { STRONG_PASSWORD } from '../../../test/app.ts';
import { createVerifiedMember, freezeTokenOf, mailsTo, requestResetMail, resetTokenOf, userByEmail, useRecoveryApp, waitForQueues } from '../../../test/recovery.ts';
import { auditEvents } from '../../audit/audit.tables.ts';

const ATTACKER_PASSWORD = 'copper meadow violin 2044 harbor';

/** "This wasn't me" after a reset (RC-11 follow-up), the admins' alert and lifting the freeze; unlock requests. */
describe('freeze and unlock requests', () => {
  const fixture = useRecoveryApp();

  it('the link in the reset notice freezes the account, ends its sessions, alerts the admins; sign-in and forgot say nothing', async () => {
    await createVerifiedMember(fixture, { email: 'admin2@acme.test', name: 'Second Admin', role: 'admin' });
    await createVerifiedMember(fixture, { email: 'victim@acme.test', name: 'Victim' });
    const attacker = fixture.testApp.client({ ip: '203.0.113.50' });
    const token = resetTokenOf(await requestResetMail(fixture, 'victim@acme.test'));
    expect((await attacker.post('/api/auth/password/reset', { token, newPassword: ATTACKER_PASSWORD })).statusCode).toBe(200);
    await waitForQueues(fixture.testApp);
    const notice = await fixture.sink.waitForMail((mail) => mail.to.includes('victim@acme.test') && mail.subject.includes('was reset'));
    const freezeToken = freezeTokenOf(notice);

    const owner = fixture.testApp.client({ ip: '198.51.100.80' });
    expect((await owner.post('/api/auth/freeze/inspect', { token: freezeToken })).json()).toEqual({ valid: true });
    expect((await owner.post('/api/auth/freeze/inspect', { token: freezeToken })).json()).toEqual({ valid: true });
    expect((await owner.post('/api/auth/freeze', { token: resetTokenOf(await requestResetMail(fixture, 'admin2@acme.test')) })).json()).toMatchObject({ error: { code: 'token_invalid' } });
    const frozen = await owner.post('/api/auth/freeze', { token: freezeToken });
    expect(frozen.json()).toEqual({ frozen: true });
    expect((await owner.post('/api/auth/freeze', { token: freezeToken })).json()).toMatchObject({ error: { code: 'token_used' } });

    expect((await attacker.get('/api/auth/session')).statusCode).toBe(401);
    const victim = await userByEmail(fixture.testApp, 'victim@acme.test');
    expect(victim).toMatchObject({ status: 'frozen', passwordHash: null });
    expect(victim.frozenAt).not.toBeNull();
    const signIn = await fixture.testApp.client({ ip: '198.51.100.81' }).login('victim@acme.test', ATTACKER_PASSWORD);
    const unknown = await fixture.testApp.client({ ip: '198.51.100.81' }).login('nobody@acme.test', ATTACKER_PASSWORD);
    expect(signIn.statusCode).toBe(401);
    expect(signIn.body).toBe(unknown.body);

    await waitForQueues(fixture.testApp);
    for (const admin of ['owner@acme.test', 'admin2@acme.test']) {
      const alert = await fixture.sink.waitForMail((mail) => mail.to.includes(admin) && mail.subject.includes('Account frozen'));
      expect(alert.text).toContain('Victim (victim@acme.test)');
      expect(alert.text).toContain('198.51.100.80');
      expect(alert.text).not.toContain(ATTACKER_PASSWORD);
    }
    const [event] = await fixture.testApp.context.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'account_frozen'));
    expect(event?.targetLabel).toBe('victim@acme.test');

    // Frozen: forgot-password answers the same and sends nothing.
    fixture.sink.clear();
    expect((await fixture.testApp.client({ ip: '198.51.100.82' }).post('/api/auth/password/forgot', { identifier: 'victim@acme.test' })).json()).toEqual({ accepted: true });
    await waitForQueues(fixture.testApp);
    expect(mailsTo(fixture.sink, 'victim@acme.test')).toHaveLength(0);

    // Members shows 'frozen'; lifting it needs members.manage and leaves no password.
    const members = (await fixture.owner.get('/api/members')).json<{ email: string; status: string; id: string }[]>();
    const entry = members.find((member) => member.email === 'victim@acme.test');
    expect(entry?.status).toBe('frozen');
    const salesClient = (await createVerifiedMember(fixture, { email: 'sales@acme.test', name: 'Sales Person' })).client;
    expect((await salesClient.post(`/api/members/${entry?.id}/unfreeze`)).statusCode).toBe(403);
    const lifted = await fixture.owner.post(`/api/members/${entry?.id}/unfreeze`);
    expect(lifted.json()).toMatchObject({ status: 'active' });
    expect((await fixture.owner.post(`/api/members/${entry?.id}/unfreeze`)).statusCode).toBe(409);
    expect((await fixture.testApp.client({ ip: '198.51.100.83' }).login('victim@acme.test', STRONG_PASSWORD)).statusCode).toBe(401);
    // The person now uses "Forgot password".
    const newToken = resetTokenOf(await requestResetMail(fixture, 'victim@acme.test'));
    expect((await fixture.testApp.client({ ip: '198.51.100.84' }).post('/api/auth/password/reset', { token: newToken, newPassword: 'amber kettle orbit 7731 meadow' })).statusCode).toBe(200);
  });

  it('unlock request: 202 always; a link only for a locked account, to the address typed', async () => {
    await createVerifiedMember(fixture, { email: 'locked@acme.test', name: 'Locked User' });
    await createVerifiedMember(fixture, { email: 'open@acme.test', name: 'Open User' });
    const guesser = fixture.testApp.client({ ip: '203.0.113.77' });
    for (let attempt = 0; attempt < 5; attempt += 1) await guesser.login('locked@acme.test', `wrong guess ${attempt} here`);
    await waitForQueues(fixture.testApp);
    fixture.sink.clear();
    const client = fixture.testApp.client({ ip: '198.51.100.85' });
    const answers = [];
    for (const identifier of ['locked@acme.test', 'open@acme.test', 'ghost@acme.test']) answers.push((await client.post('/api/auth/unlock/request', { identifier })).body);
    expect(new Set(answers).size).toBe(1);
    await waitForQueues(fixture.testApp);
    const mail = await fixture.sink.waitForMail((message) => message.to.includes('locked@acme.test') && message.subject.startsWith('Unlock'));
    expect(mailsTo(fixture.sink, 'open@acme.test')).toHaveLength(0);
    const token = /\/unlock#token=([A-Za-z0-9_-]{43})/.exec(mail.text)?.[1] ?? '';
    expect((await client.post('/api/auth/unlock', { token })).json()).toEqual({ unlocked: true });
    expect((await fixture.testApp.client({ ip: '198.51.100.86' }).login('locked@acme.test', STRONG_PASSWORD)).statusCode).toBe(200);
  });
});
