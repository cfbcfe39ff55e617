import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createMember, setupOrganization, type TestApp, type TestClient } from '../../../test/app.ts';
import { startSmtpSink, type SmtpSink } from '../../../test/smtp-sink.ts';
import { mailMessages, users } from '../../db/schema.ts';

/** Invitations end to end through a real SMTP sink, and the privilege rules around members and roles. */

const INVITE_LINK = /http:\/\/localhost:3000\/invite#token=([A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/;
const MEMBER_PASSWORD = 'copper kettle autumn 5521 bridge';

interface ErrorBody {
  error: { code: string; message: string };
}

interface MemberBody {
  id: string;
  email: string;
  role: string;
  status: string;
}

let ipCounter = 0;

describe('member invitations', () => {
  let testApp: TestApp;
  let sink: SmtpSink;
  let owner: TestClient;
  let ownerId: string;

  beforeAll(async () => {
    sink = await startSmtpSink();
    testApp = await buildTestApp({ SMTP_URL: sink.url });
    ({ owner } = await setupOrganization(testApp));
    ownerId = (await owner.get('/api/auth/session')).json<{ user: { id: string } }>().user.id;
  });
  afterAll(async () => {
    await testApp.close();
    await sink.close();
  });

  /** Token endpoints are limited per IP; each visitor comes from its own address. */
  function visitor(): TestClient {
    ipCounter += 1;
    return testApp.client({ ip: `198.51.100.${ipCounter}` });
  }

  async function invite(email: string, role = 'sales', client: TestClient = owner) {
    const response = await client.post('/api/members/invitations', { email, name: 'Invited Person', role });
    expect(response.statusCode).toBe(201);
    return response.json<MemberBody>();
  }

  /** The newest invitation link mailed to the address (resends produce several). */
  async function mailedToken(email: string, skip = 0): Promise<string> {
    await sink.waitForMail(
      (mail) => mail.to.includes(email) && sink.messages.filter((other) => other.to.includes(email)).length > skip,
      20_000,
    );
    const mails = sink.messages.filter((mail) => mail.to.includes(email));
    const token = INVITE_LINK.exec(mails.at(-1)?.text ?? '')?.[1];
    expect(token).toBeDefined();
    return token ?? '';
  }

  async function memberRow(email: string) {
    const [row] = await testApp.context.database.db.select().from(users).where(eq(users.email, email));
    return row;
  }

  it('mails a link to PUBLIC_URL/invite with the token in the fragment; opening it does not consume it', async () => {
    const member = await invite('new.hire@acme.test');
    expect(member).toMatchObject({ email: 'new.hire@acme.test', role: 'sales', status: 'invited' });
    const mail = await sink.waitForMail((message) => message.to.includes('new.hire@acme.test'), 20_000);
    expect(mail.subject).toContain('Acme Trading');
    expect(mail.text).toMatch(INVITE_LINK);
    expect(mail.html).toMatch(INVITE_LINK);
    const token = INVITE_LINK.exec(mail.text)?.[1] ?? '';

    const client = visitor();
    for (let look = 0; look < 2; look += 1) {
      const inspected = await client.get(`/api/invitations/${token}`);
      expect(inspected.statusCode).toBe(200);
      expect(inspected.json()).toEqual({
        valid: true,
        email: 'new.hire@acme.test',
        name: 'Invited Person',
        orgName: 'Acme Trading',
      });
    }
    expect((await client.get(`/api/invitations/${'x'.repeat(43)}`)).json()).toEqual({
      valid: false,
      reason: 'invalid',
    });
  });

  it('refuses a weak, short or common password with 400 password_rejected and changes nothing', async () => {
    const token = await mailedToken('new.hire@acme.test');
    const client = visitor();
    for (const password of ['short pass', '1qaz2wsx3edc4rfv', 'acme trading invited person', 'aaaaaaaaaaaaaaaaaaaa']) {
      const response = await client.post('/api/invitations/accept', { token, name: 'Chen Jie', password });
      expect(response.statusCode, password).toBe(400);
      expect(response.json<ErrorBody>().error.code).toBe('password_rejected');
      expect(response.headers['set-cookie']).toBeUndefined();
    }
    expect((await client.get(`/api/invitations/${token}`)).json()).toMatchObject({ valid: true });
    const row = await memberRow('new.hire@acme.test');
    expect(row).toMatchObject({ status: 'invited', passwordHash: null, name: 'Invited Person' });
  });

  it('refuses the invitation token at the unlock endpoint (tokens are bound to their purpose)', async () => {
    const token = await mailedToken('new.hire@acme.test');
    const client = visitor();
    const response = await client.post('/api/auth/unlock', { token });
    expect(response.statusCode).toBe(400);
    expect(response.json<ErrorBody>().error.code).toBe('token_invalid');
    expect((await client.get(`/api/auth/unlock/${token}`)).json()).toEqual({ valid: false, reason: 'invalid' });
    expect((await client.get(`/api/invitations/${token}`)).json()).toMatchObject({ valid: true });
  });

  it('accepting sets the password and signs in; the link then answers used and a replay gets 400 token_used', async () => {
    const token = await mailedToken('new.hire@acme.test');
    const client = visitor();
    const accepted = await client.post('/api/invitations/accept', {
      token,
      name: 'Chen Jie',
      password: MEMBER_PASSWORD,
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({
      user: { email: 'new.hire@acme.test', name: 'Chen Jie', role: 'sales' },
      org: { name: 'Acme Trading' },
    });
    expect(client.cookies.get('clientele_session')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await client.get('/api/auth/session')).statusCode).toBe(200);
    expect((await memberRow('new.hire@acme.test'))?.status).toBe('active');

    const again = visitor();
    expect((await again.get(`/api/invitations/${token}`)).json()).toEqual({ valid: false, reason: 'used' });
    const replay = await again.post('/api/invitations/accept', {
      token,
      name: 'Mallory',
      password: 'another strong phrase 8812 lake',
    });
    expect(replay.statusCode).toBe(400);
    expect(replay.json<ErrorBody>().error.code).toBe('token_used');
    expect(again.cookies.size).toBe(0);

    expect((await visitor().login('new.hire@acme.test', MEMBER_PASSWORD)).statusCode).toBe(200);
    expect((await visitor().login('new.hire@acme.test', 'another strong phrase 8812 lake')).statusCode).toBe(401);
  });

  it('of two concurrent accepts of one link exactly one succeeds', async () => {
    await invite('race@acme.test');
    const token = await mailedToken('race@acme.test');
    const [first, second] = [visitor(), visitor()];
    const responses = await Promise.all([
      first.post('/api/invitations/accept', { token, name: 'First', password: MEMBER_PASSWORD }),
      second.post('/api/invitations/accept', { token, name: 'Second', password: 'another strong phrase 8812 lake' }),
    ]);
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses).toEqual([200, 400]);
    const loser = responses.find((response) => response.statusCode === 400);
    expect(loser?.json<ErrorBody>().error.code).toBe('token_used');
    const winner = responses.findIndex((response) => response.statusCode === 200);
    const row = await memberRow('race@acme.test');
    expect(row?.name).toBe(winner === 0 ? 'First' : 'Second');
  });

  it('resending voids the previous link', async () => {
    const member = await invite('resend@acme.test');
    const oldToken = await mailedToken('resend@acme.test');
    expect((await owner.post(`/api/members/${member.id}/invitation/resend`)).statusCode).toBe(204);
    const newToken = await mailedToken('resend@acme.test', 1);
    expect(newToken).not.toBe(oldToken);

    const client = visitor();
    expect((await client.get(`/api/invitations/${oldToken}`)).json<{ valid: boolean }>().valid).toBe(false);
    const stale = await client.post('/api/invitations/accept', {
      token: oldToken,
      name: 'Old Link',
      password: MEMBER_PASSWORD,
    });
    expect(stale.statusCode).toBe(400);
    expect(['token_expired', 'token_used', 'token_invalid']).toContain(stale.json<ErrorBody>().error.code);
    expect(
      (await client.post('/api/invitations/accept', { token: newToken, name: 'New Link', password: MEMBER_PASSWORD }))
        .statusCode,
    ).toBe(200);
    // Nothing left to resend once accepted.
    expect((await owner.post(`/api/members/${member.id}/invitation/resend`)).statusCode).toBe(409);
  });

  it('invite of an existing e-mail (any case) answers 409 already_member', async () => {
    for (const email of ['owner@acme.test', 'OWNER@Acme.Test', 'new.hire@acme.test', 'race@acme.test']) {
      const response = await owner.post('/api/members/invitations', { email, name: 'Duplicate', role: 'viewer' });
      expect(response.statusCode, email).toBe(409);
      expect(response.json<ErrorBody>().error.code).toBe('already_member');
    }
  });

  it('a cross-site invite is refused with 403 and creates nobody', async () => {
    const crossSite: Record<string, string>[] = [
      { origin: 'https://evil.test' },
      { origin: 'null' },
      { origin: 'http://localhost:3000.evil.test', 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of crossSite) {
      const response = await owner.post(
        '/api/members/invitations',
        { email: 'planted@evil.test', name: 'Planted', role: 'admin' },
        headers,
      );
      expect(response.statusCode).toBe(403);
      expect(response.json<ErrorBody>().error.code).toBe('csrf_rejected');
    }
    expect(await memberRow('planted@evil.test')).toBeUndefined();
    const mails = await testApp.context.database.db
      .select()
      .from(mailMessages)
      .where(eq(mailMessages.toAddress, 'planted@evil.test'));
    expect(mails).toHaveLength(0);
  });

  describe('privilege rules', () => {
    let admin: { client: TestClient; id: string };
    let manager: { client: TestClient; id: string };
    let sales: { client: TestClient; id: string };
    let viewer: { client: TestClient; id: string };

    beforeAll(async () => {
      admin = await createMember(testApp, owner, { email: 'admin@acme.test', name: 'Admin Person', role: 'admin' });
      manager = await createMember(testApp, owner, {
        email: 'manager@acme.test',
        name: 'Manager Person',
        role: 'manager',
      });
      sales = await createMember(testApp, owner, { email: 'seller@acme.test', name: 'Seller Person', role: 'sales' });
      viewer = await createMember(testApp, owner, { email: 'viewer@acme.test', name: 'Viewer Person', role: 'viewer' });
    });

    it('sales, viewer and manager cannot invite or change roles (403 forbidden)', async () => {
      for (const member of [manager, sales, viewer]) {
        const invited = await member.client.post('/api/members/invitations', {
          email: 'sneaky@acme.test',
          name: 'Sneaky',
          role: 'viewer',
        });
        expect(invited.statusCode).toBe(403);
        expect(invited.json<ErrorBody>().error.code).toBe('forbidden');
        const promoted = await member.client.request('PATCH', `/api/members/${member.id}`, { role: 'owner' });
        expect(promoted.statusCode).toBe(403);
      }
      expect(await memberRow('sneaky@acme.test')).toBeUndefined();
      expect((await memberRow('viewer@acme.test'))?.role).toBe('viewer');
    });

    it('an admin cannot invite an owner, make someone an owner or change an owner', async () => {
      const ownerInvite = await admin.client.post('/api/members/invitations', {
        email: 'second.owner@acme.test',
        name: 'Second Owner',
        role: 'owner',
      });
      expect(ownerInvite.statusCode).toBe(403);
      expect(ownerInvite.json<ErrorBody>().error.code).toBe('role_not_allowed');
      expect(await memberRow('second.owner@acme.test')).toBeUndefined();

      const promote = await admin.client.request('PATCH', `/api/members/${sales.id}`, { role: 'owner' });
      expect(promote.statusCode).toBe(403);
      expect(promote.json<ErrorBody>().error.code).toBe('role_not_allowed');
      const demote = await admin.client.request('PATCH', `/api/members/${ownerId}`, { role: 'viewer' });
      expect(demote.statusCode).toBe(403);
      expect(demote.json<ErrorBody>().error.code).toBe('role_not_allowed');
      expect((await memberRow('owner@acme.test'))?.role).toBe('owner');

      // Below owner, admins manage members.
      const allowed = await admin.client.request('PATCH', `/api/members/${viewer.id}`, { role: 'sales' });
      expect(allowed.statusCode).toBe(200);
      expect(allowed.json<MemberBody>().role).toBe('sales');
    });

    it('nobody changes their own role', async () => {
      for (const [client, id, role] of [
        [owner, ownerId, 'admin'],
        [admin.client, admin.id, 'owner'],
        [admin.client, admin.id, 'viewer'],
      ] as const) {
        const response = await client.request('PATCH', `/api/members/${id}`, { role });
        expect(response.statusCode).toBe(403);
        expect(response.json<ErrorBody>().error.code).toBe('role_not_allowed');
      }
      expect((await memberRow('admin@acme.test'))?.role).toBe('admin');
    });

    it('an id from nowhere answers 404, a malformed one 400', async () => {
      expect(
        (await owner.request('PATCH', '/api/members/00000000-0000-4000-8000-000000000000', { role: 'viewer' }))
          .statusCode,
      ).toBe(404);
      expect((await owner.request('PATCH', '/api/members/1', { role: 'viewer' })).statusCode).toBe(400);
      expect((await owner.request('PATCH', `/api/members/${sales.id}`, { role: 'superuser' })).statusCode).toBe(400);
    });

    // BUG (reported): member.service.ts changeRole counts active owners including the target, so a pending owner
    // counts as "the last owner". Remove `.fails` once fixed.
    it(
      'a pending (invited) owner is not the last owner: demoting it while an active owner remains is allowed',
      async () => {
        const pendingOwner = await invite('pending.owner@acme.test', 'owner');
        const demoted = await owner.request('PATCH', `/api/members/${pendingOwner.id}`, { role: 'admin' });
        expect(demoted.statusCode).toBe(200);
        expect(demoted.json<MemberBody>().role).toBe('admin');
      },
    );

    // Check-then-update without a lock: on PostgreSQL both demotions can succeed and leave no owner (reported).
    it('two owners demoting each other at once leave exactly one owner', async () => {
      const second = await createMember(testApp, owner, {
        email: 'co.owner@acme.test',
        name: 'Co Owner',
        role: 'owner',
      });
      const responses = await Promise.all([
        owner.request('PATCH', `/api/members/${second.id}`, { role: 'admin' }),
        second.client.request('PATCH', `/api/members/${ownerId}`, { role: 'admin' }),
      ]);
      const owners = (await testApp.context.database.db.select().from(users)).filter(
        (user) => user.role === 'owner' && user.status === 'active',
      );
      expect(owners).toHaveLength(1);
      expect(responses.filter((response) => response.statusCode === 200)).toHaveLength(1);
      const refused = responses.find((response) => response.statusCode !== 200);
      expect(['last_owner', 'forbidden', 'role_not_allowed']).toContain(refused?.json<ErrorBody>().error.code);
    });
  });
});
