import { and, eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  STRONG_PASSWORD,
  buildTestApp,
  createMember,
  setupOrganization,
  type TestApp,
  type TestClient,
} from '../../../test/app.ts';
import { auditEvents, sessions } from '../../db/schema.ts';

/** SE-01 … SE-07: the session cookie, its lifetime and its end, as a browser and an attacker see them. */

const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const SESSION_COOKIE = 'clientele_session';
const MINUTE = 60_000;
const DAY = 86_400_000;

interface MeBody {
  user: { id: string; email: string; role: string };
  permissions: string[];
  session: { id: string; absoluteExpiresAt: string; idleExpiresAt: string | null };
}

interface SessionListItem {
  id: string;
  current: boolean;
  ip: string | null;
  userAgent: string | null;
  browser: string | null;
  os: string | null;
  device: string;
  remember: boolean;
}

function setCookieLines(response: LightMyRequestResponse): string[] {
  const raw = response.headers['set-cookie'];
  if (raw === undefined || typeof raw === 'number') return [];
  return Array.isArray(raw) ? raw : [raw];
}

function cookieLine(response: LightMyRequestResponse, name: string): string | undefined {
  return setCookieLines(response).find((line) => line.startsWith(`${name}=`));
}

function attributes(line: string): string[] {
  return line
    .split(';')
    .slice(1)
    .map((part) => part.trim().toLowerCase());
}

async function currentSession(client: TestClient): Promise<MeBody['session']> {
  const response = await client.get('/api/auth/session');
  expect(response.statusCode).toBe(200);
  return response.json<MeBody>().session;
}

describe('session lifecycle', () => {
  let testApp: TestApp;
  let owner: TestClient;
  let ownerEmail: string;
  let sales: { client: TestClient; id: string };

  beforeAll(async () => {
    testApp = await buildTestApp();
    ({ owner, ownerEmail } = await setupOrganization(testApp));
    sales = await createMember(testApp, owner, { email: 'sales@acme.test', name: 'Zhao Min', role: 'sales' });
  });
  afterAll(() => testApp.close());

  async function signIn(options: { userAgent?: string; remember?: boolean; email?: string } = {}) {
    const client = testApp.client(options.userAgent ? { userAgent: options.userAgent } : {});
    const response = await client.login(options.email ?? ownerEmail, STRONG_PASSWORD, options.remember ?? false);
    expect(response.statusCode).toBe(200);
    return { client, response, token: client.cookies.get(SESSION_COOKIE) ?? '' };
  }

  async function moveSession(sessionId: string, values: { lastSeenAt?: Date; absoluteExpiresAt?: Date }) {
    await testApp.context.database.db.update(sessions).set(values).where(eq(sessions.id, sessionId));
  }

  async function auditRowsFor(action: string, sessionId: string) {
    return testApp.context.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, action), eq(auditEvents.sessionHash, sessionId)));
  }

  it('SE-01: sets an HttpOnly, SameSite=Lax, host-only cookie on Path=/ that ends with the browser', async () => {
    const { response } = await signIn();
    const line = cookieLine(response, SESSION_COOKIE);
    expect(line).toBeDefined();
    const parts = attributes(line ?? '');
    expect(parts).toContain('httponly');
    expect(parts).toContain('samesite=lax');
    expect(parts).toContain('path=/');
    expect(parts.some((part) => part.startsWith('domain='))).toBe(false);
    // Plain http: a Secure cookie would never come back, so it is only set for https (see the second app below).
    expect(parts).not.toContain('secure');
    expect(parts.some((part) => part.startsWith('expires=') || part.startsWith('max-age='))).toBe(false);
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('SE-01: uses a Secure __Host- cookie when PUBLIC_URL is https', async () => {
    const httpsApp = await buildTestApp({ PUBLIC_URL: 'https://crm.example.test' });
    try {
      const origin = { origin: 'https://crm.example.test' };
      const client = httpsApp.client();
      const setup = await client.post(
        '/api/setup',
        { orgName: 'Acme Trading', name: 'Wang Li', email: 'owner@acme.test', password: STRONG_PASSWORD, locale: 'en' },
        origin,
      );
      expect(setup.statusCode).toBe(201);
      const login = await httpsApp
        .client()
        .post('/api/auth/login', { identifier: 'owner@acme.test', password: STRONG_PASSWORD }, origin);
      expect(login.statusCode).toBe(200);
      for (const response of [setup, login]) {
        const line = cookieLine(response, '__Host-clientele_session');
        expect(line).toBeDefined();
        const parts = attributes(line ?? '');
        expect(parts).toEqual(expect.arrayContaining(['secure', 'httponly', 'path=/', 'samesite=lax']));
        expect(parts.some((part) => part.startsWith('domain='))).toBe(false);
        expect(cookieLine(response, SESSION_COOKIE)).toBeUndefined();
      }
    } finally {
      await httpsApp.close();
    }
  });

  it('SE-02: the token is 256 random bits, opaque, and new on every sign-in', async () => {
    const tokens: string[] = [];
    for (let index = 0; index < 3; index += 1) tokens.push((await signIn()).token);
    expect(new Set(tokens).size).toBe(tokens.length);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const decoded = Buffer.from(token, 'base64url');
      expect(decoded.length).toBeGreaterThanOrEqual(16);
      // No embedded structure: the bytes are not JSON and do not carry the user's e-mail or id.
      expect(() => JSON.parse(decoded.toString('utf8')) as unknown).toThrow();
      expect(decoded.toString('latin1').toLowerCase()).not.toContain('owner@acme');
      expect(token.toLowerCase()).not.toContain('owner');
    }
    // Stored only as a hash: the database never holds the cookie value.
    const rows = await testApp.context.database.db.select({ tokenHash: sessions.tokenHash }).from(sessions);
    for (const token of tokens) expect(rows.some((row) => row.tokenHash === token)).toBe(false);
  });

  it('SE-03: a cookie planted before sign-in is replaced, never adopted', async () => {
    const attackerChosen = 'A'.repeat(43);
    const victim = testApp.client();
    victim.cookies.set(SESSION_COOKIE, attackerChosen);
    expect((await victim.login(ownerEmail, STRONG_PASSWORD)).statusCode).toBe(200);
    const issued = victim.cookies.get(SESSION_COOKIE);
    expect(issued).toBeDefined();
    expect(issued).not.toBe(attackerChosen);
    const withPlanted = testApp.client();
    withPlanted.cookies.set(SESSION_COOKIE, attackerChosen);
    expect((await withPlanted.get('/api/auth/session')).statusCode).toBe(401);

    // The attacker's own valid session planted in the victim's browser stays the attacker's.
    const attacker = await signIn({ email: 'sales@acme.test' });
    const victimTwo = testApp.client();
    victimTwo.cookies.set(SESSION_COOKIE, attacker.token);
    expect((await victimTwo.login(ownerEmail, STRONG_PASSWORD)).statusCode).toBe(200);
    expect(victimTwo.cookies.get(SESSION_COOKIE)).not.toBe(attacker.token);
    const attackerView = await attacker.client.get('/api/auth/session');
    expect(attackerView.json<MeBody>().user.email).toBe('sales@acme.test');
  });

  it('SE-03: the session is accepted only from the cookie, not as a bearer token or query parameter', async () => {
    const { token } = await signIn();
    const bare = testApp.client();
    expect((await bare.get('/api/auth/session', { authorization: `Bearer ${token}` })).statusCode).toBe(401);
    expect((await bare.get(`/api/auth/session?sid=${token}`)).statusCode).toBe(401);
  });

  it('SE-04: logout ends the session on the server, expires the cookie and clears site data', async () => {
    const { client, token } = await signIn();
    const response = await client.post('/api/auth/logout');
    expect(response.statusCode).toBe(204);
    const line = cookieLine(response, SESSION_COOKIE);
    expect(line).toBeDefined();
    const parts = attributes(line ?? '');
    expect(
      parts.some(
        (part) =>
          part === 'max-age=0' || (part.startsWith('expires=') && new Date(part.slice(8)).getTime() <= Date.now()),
      ),
    ).toBe(true);
    const clearSiteData = String(response.headers['clear-site-data'] ?? '');
    expect(clearSiteData).toContain('"cache"');
    expect(clearSiteData).toContain('"storage"');
    const replay = testApp.client();
    replay.cookies.set(SESSION_COOKIE, token);
    const replayed = await replay.get('/api/auth/session');
    expect(replayed.statusCode).toBe(401);
    expect(replayed.json()).toEqual({ error: { code: 'unauthenticated', message: 'Please sign in.' } });
  });

  it('SE-05: a session idle past 30 minutes is refused, its cookie cleared and the expiry audited', async () => {
    const { client, token } = await signIn();
    const session = await currentSession(client);
    expect(session.idleExpiresAt).not.toBeNull();

    // Activity within the idle window slides it forward.
    await moveSession(session.id, { lastSeenAt: new Date(Date.now() - 29 * MINUTE) });
    expect((await client.get('/api/auth/session')).statusCode).toBe(200);
    const [touched] = await testApp.context.database.db.select().from(sessions).where(eq(sessions.id, session.id));
    expect(Date.now() - (touched?.lastSeenAt.getTime() ?? 0)).toBeLessThan(5 * MINUTE);

    await moveSession(session.id, { lastSeenAt: new Date(Date.now() - 31 * MINUTE) });
    const expired = await client.get('/api/auth/session');
    expect(expired.statusCode).toBe(401);
    expect(cookieLine(expired, SESSION_COOKIE)).toBeDefined();
    const rows = await auditRowsFor('session_expired', session.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.details).toMatchObject({ reason: 'idle' });

    // Ended for good: fresh activity on the row does not revive it.
    await moveSession(session.id, { lastSeenAt: new Date() });
    const replay = testApp.client();
    replay.cookies.set(SESSION_COOKIE, token);
    expect((await replay.get('/api/auth/session')).statusCode).toBe(401);
  });

  it('SE-06: a session past its absolute lifetime is refused even while active, and audited', async () => {
    const { client } = await signIn();
    const session = await currentSession(client);
    const absolute = new Date(session.absoluteExpiresAt).getTime();
    expect(Math.abs(absolute - (Date.now() + 12 * 60 * MINUTE))).toBeLessThan(5 * MINUTE);

    await moveSession(session.id, { lastSeenAt: new Date(), absoluteExpiresAt: new Date(Date.now() - MINUTE) });
    expect((await client.get('/api/auth/session')).statusCode).toBe(401);
    const rows = await auditRowsFor('session_expired', session.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.details).toMatchObject({ reason: 'expired' });
  });

  it('"keep me signed in": a 30-day persistent cookie with no idle timeout, still bounded by its absolute expiry', async () => {
    const { client, response } = await signIn({ remember: true });
    const line = cookieLine(response, SESSION_COOKIE) ?? '';
    const expiresPart = attributes(line).find((part) => part.startsWith('expires='));
    expect(expiresPart).toBeDefined();
    const expires = new Date(expiresPart?.slice('expires='.length) ?? '').getTime();
    expect(Math.abs(expires - (Date.now() + 30 * DAY))).toBeLessThan(DAY);
    const session = response.json<MeBody>().session;
    expect(session.idleExpiresAt).toBeNull();
    // The cookie never outlives the server-side session (SE-01).
    expect(expires).toBeLessThanOrEqual(new Date(session.absoluteExpiresAt).getTime() + 1000);

    await moveSession(session.id, { lastSeenAt: new Date(Date.now() - 2 * DAY) });
    expect((await client.get('/api/auth/session')).statusCode).toBe(200);

    await moveSession(session.id, { absoluteExpiresAt: new Date(Date.now() - MINUTE) });
    expect((await client.get('/api/auth/session')).statusCode).toBe(401);
  });

  it('SE-07: the session list shows only your own sessions, with browser and OS', async () => {
    const firefox = await signIn({ userAgent: FIREFOX_WINDOWS });
    await signIn({ userAgent: SAFARI_IPHONE });
    const response = await firefox.client.get('/api/auth/sessions');
    expect(response.statusCode).toBe(200);
    const listed = response.json<SessionListItem[]>();

    const ownerId = (await firefox.client.get('/api/auth/session')).json<MeBody>().user.id;
    const rows = await testApp.context.database.db.select().from(sessions);
    const live = rows.filter(
      (row) => row.userId === ownerId && row.revokedAt === null && row.absoluteExpiresAt.getTime() > Date.now(),
    );
    expect(listed.map((item) => item.id).sort()).toEqual(live.map((row) => row.id).sort());
    const salesIds = new Set(rows.filter((row) => row.userId === sales.id).map((row) => row.id));
    expect(listed.some((item) => salesIds.has(item.id))).toBe(false);

    expect(listed.filter((item) => item.current)).toHaveLength(1);
    const current = listed.find((item) => item.current);
    expect(current).toMatchObject({
      browser: 'Firefox 128',
      os: 'Windows 10',
      device: 'desktop',
      userAgent: FIREFOX_WINDOWS,
      ip: '127.0.0.1',
    });
    expect(listed.find((item) => item.userAgent === SAFARI_IPHONE)).toMatchObject({ os: 'iOS 17.5', device: 'mobile' });
  });

  it("SE-07: deleting another user's session id answers 404 and leaves it alive", async () => {
    const salesSession = await currentSession(sales.client);
    const response = await owner.request('DELETE', `/api/auth/sessions/${salesSession.id}`);
    expect(response.statusCode).toBe(404);
    expect(response.json<{ error: { code: string } }>().error.code).toBe('not_found');
    expect((await sales.client.get('/api/auth/session')).statusCode).toBe(200);
    expect((await owner.request('DELETE', '/api/auth/sessions/not-a-uuid')).statusCode).toBe(400);
  });

  it('SE-07: deleting one of your own sessions ends it on its next request and is audited', async () => {
    const other = await signIn();
    const otherSession = await currentSession(other.client);
    const response = await owner.request('DELETE', `/api/auth/sessions/${otherSession.id}`);
    expect(response.statusCode).toBe(204);
    expect((await other.client.get('/api/auth/session')).statusCode).toBe(401);
    expect((await owner.request('DELETE', `/api/auth/sessions/${otherSession.id}`)).statusCode).toBe(404);
    const [revoked] = await testApp.context.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'session_revoked'));
    expect(revoked?.details).toMatchObject({ sessionId: otherSession.id });
  });

  it('SE-07: revoke-others ends every other session of the user and keeps this one', async () => {
    const first = await signIn();
    const second = await signIn();
    const keeper = await signIn();
    const response = await keeper.client.post('/api/auth/sessions/revoke-others');
    expect(response.statusCode).toBe(200);
    expect(response.json<{ revoked: number }>().revoked).toBeGreaterThanOrEqual(3);
    for (const client of [first.client, second.client, owner]) {
      expect((await client.get('/api/auth/session')).statusCode).toBe(401);
    }
    expect((await keeper.client.get('/api/auth/session')).statusCode).toBe(200);
    expect((await sales.client.get('/api/auth/session')).statusCode).toBe(200);
    const listed = (await keeper.client.get('/api/auth/sessions')).json<SessionListItem[]>();
    expect(listed).toHaveLength(1);
    owner = keeper.client;
  });

  it('SE-03: a role change rotates the member token on their next request; the old value is then refused', async () => {
    const member = await createMember(testApp, owner, { email: 'promoted@acme.test', name: 'Li Na', role: 'sales' });
    const oldToken = member.client.cookies.get(SESSION_COOKIE) ?? '';
    const before = await currentSession(member.client);

    const changed = await owner.request('PATCH', `/api/members/${member.id}`, { role: 'manager' });
    expect(changed.statusCode).toBe(200);

    const next = await member.client.get('/api/auth/session');
    expect(next.statusCode).toBe(200);
    expect(next.json<MeBody>().user.role).toBe('manager');
    expect(next.json<MeBody>().permissions).toContain('members.read');
    const rotatedLine = cookieLine(next, SESSION_COOKIE);
    expect(rotatedLine).toBeDefined();
    const newToken = member.client.cookies.get(SESSION_COOKIE) ?? '';
    expect(newToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newToken).not.toBe(oldToken);
    // Same lifetime: rotation must not extend the absolute expiry.
    expect(next.json<MeBody>().session.absoluteExpiresAt).toBe(before.absoluteExpiresAt);

    const stale = testApp.client();
    stale.cookies.set(SESSION_COOKIE, oldToken);
    expect((await stale.get('/api/auth/session')).statusCode).toBe(401);
    expect((await member.client.get('/api/members')).statusCode).toBe(200);
  });

  it('SE-07: changing the password ends the other sessions of that user', async () => {
    const member = await createMember(testApp, owner, { email: 'changer@acme.test', name: 'Sun Lei', role: 'viewer' });
    const second = testApp.client();
    expect((await second.login('changer@acme.test', STRONG_PASSWORD)).statusCode).toBe(200);
    const changed = await member.client.post('/api/auth/password/change', {
      currentPassword: STRONG_PASSWORD,
      newPassword: 'violet harbour compass 2231 meadow',
    });
    expect(changed.statusCode).toBe(200);
    expect((await second.get('/api/auth/session')).statusCode).toBe(401);
    expect((await member.client.get('/api/auth/session')).statusCode).toBe(200);
  });
});
