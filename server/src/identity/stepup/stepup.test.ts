import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createMember, STRONG_PASSWORD } from '../../../test/app.ts';
import { ageSession, useOrganizationApp } from '../../../test/channel-helpers.ts';
import { auditEvents, users } from '../../db/schema.ts';

describe('step-up re-authentication (RC-09, RC-10)', () => {
  const app = useOrganizationApp();

  it('accepts a fresh sign-in, refuses a stale session with 403 reauthentication_required', async () => {
    const member = await createMember(app.testApp, app.owner, { email: 'fresh@acme.test', name: 'Fresh Face', role: 'sales' });
    const add = () => member.client.post('/api/account/recovery/channels', { kind: 'email', role: 'backup', address: 'fresh.backup@example.net' });
    expect((await add()).statusCode).toBe(201);
    await ageSession(app.db, member.client);
    const refused = await add();
    expect(refused.statusCode).toBe(403);
    expect(refused.json<{ error: { code: string; message: string } }>().error.code).toBe('reauthentication_required');
    const overview = await member.client.get('/api/account/recovery');
    expect(overview.json<{ reauthenticatedUntil: string | null }>().reauthenticatedUntil).toBeNull();
  });

  it('re-entering the password opens a 10-minute window for this session only', async () => {
    const member = await createMember(app.testApp, app.owner, { email: 'window@acme.test', name: 'Window Li', role: 'sales' });
    const otherDevice = app.testApp.client({ ip: '198.51.100.9' });
    expect((await otherDevice.login('window@acme.test', STRONG_PASSWORD)).statusCode).toBe(200);
    await ageSession(app.db, member.client);
    await ageSession(app.db, otherDevice);
    const response = await member.client.post('/api/auth/reauthenticate', { password: STRONG_PASSWORD });
    expect(response.statusCode).toBe(200);
    const until = new Date(response.json<{ reauthenticatedUntil: string }>().reauthenticatedUntil).getTime();
    expect(until - Date.now()).toBeGreaterThan(9 * 60_000);
    expect(until - Date.now()).toBeLessThanOrEqual(10 * 60_000);
    expect((await member.client.post('/api/account/recovery/channels', { kind: 'email', role: 'backup', address: 'window.backup@example.net' })).statusCode).toBe(201);
    // The other (stale) session of the same account did not get the window.
    expect((await otherDevice.post('/api/account/recovery/channels', { kind: 'email', role: 'backup', address: 'other.backup@example.net' })).statusCode).toBe(403);
    const audit = await app.db.select().from(auditEvents).where(eq(auditEvents.action, 'reauthenticated'));
    expect(audit.some((row) => row.targetUserId === member.id)).toBe(true);
  });

  it('needs a session, a password and nothing else', async () => {
    expect((await app.testApp.client().post('/api/auth/reauthenticate', { password: STRONG_PASSWORD })).statusCode).toBe(401);
    expect((await app.owner.post('/api/auth/reauthenticate', {})).statusCode).toBe(400);
    expect((await app.owner.post('/api/auth/reauthenticate', { password: STRONG_PASSWORD, userId: 'x' })).statusCode).toBe(400);
  });

  it('a wrong password is 403 current_password_incorrect and counts on the lockout budget like a sign-in failure', async () => {
    const victim = await createMember(app.testApp, app.owner, { email: 'hijacked@acme.test', name: 'Zhao Lei', role: 'sales' });
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const response = await victim.client.post('/api/auth/reauthenticate', { password: `guess number ${attempt} from a stolen cookie` });
      if (response.statusCode === 401) break;
      expect(response.statusCode).toBe(403);
      expect(response.json<{ error: { code: string } }>().error.code).toBe('current_password_incorrect');
    }
    const [row] = await app.db.select().from(users).where(eq(users.id, victim.id));
    expect(row?.lockedUntil).not.toBeNull();
    // The stolen session is ended with the lock, and sign-in from a new browser is locked too.
    expect((await victim.client.get('/api/auth/session')).statusCode).toBe(401);
    expect((await app.testApp.client().login('hijacked@acme.test', STRONG_PASSWORD)).statusCode).toBe(401);
    const failures = await app.db.select().from(auditEvents).where(eq(auditEvents.action, 'reauthentication_failed'));
    expect(failures.filter((event) => event.targetUserId === victim.id).length).toBe(5);
  });
});
