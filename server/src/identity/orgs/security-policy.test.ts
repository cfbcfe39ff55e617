import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  STRONG_PASSWORD,
  buildTestApp,
  createMember,
  setupOrganization,
  type TestApp,
  type TestClient,
} from '../../../test/app.ts';
import { auditEvents, users } from '../../db/schema.ts';
import { defaultSecurityPolicy, securityPolicyPresets, type SecurityPolicy } from './security-policy.schema.ts';

/** The organisation's password and sign-in policy: defaults, validation, audit, and its effect on sign-in. */

const MINUTE = 60_000;
const DAY = 86_400_000;

interface ErrorBody {
  error: { code: string; message: string; details?: { path?: string; code?: string; message?: string }[] };
}

interface PolicyResponse {
  policy: SecurityPolicy;
  defaults: SecurityPolicy;
  presets: Record<string, SecurityPolicy>;
  weaknesses: string[];
}

describe('security policy', () => {
  let testApp: TestApp;
  let owner: TestClient;
  let sales: { client: TestClient; id: string };
  let successfulPuts = 0;

  beforeAll(async () => {
    testApp = await buildTestApp();
    ({ owner } = await setupOrganization(testApp));
    sales = await createMember(testApp, owner, { email: 'sales@acme.test', name: 'Zhao Min', role: 'sales' });
  });
  afterAll(() => testApp.close());

  async function putPolicy(policy: unknown, client: TestClient = owner) {
    const response = await client.request('PUT', '/api/security-policy', { policy });
    if (response.statusCode === 200) successfulPuts += 1;
    return response;
  }

  async function currentPolicy(): Promise<SecurityPolicy> {
    return (await owner.get('/api/security-policy')).json<PolicyResponse>().policy;
  }

  async function policyAudits() {
    return testApp.context.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'security_policy_changed'))
      .orderBy(auditEvents.id);
  }

  it('starts from the NIST defaults with no weaknesses', async () => {
    const response = await owner.get('/api/security-policy');
    expect(response.statusCode).toBe(200);
    const body = response.json<PolicyResponse>();
    expect(body.policy).toMatchObject({
      minLength: 15,
      minScore: 3,
      maxAgeDays: null,
      requireTwoStep: false,
      requireUpper: false,
      requireLower: false,
      requireDigit: false,
      requireSymbol: false,
      lockout: { maxFailures: 5, windowMinutes: 15, lockMinutes: 15 },
      session: { idleMinutes: 30, absoluteHours: 12 },
    });
    expect(body.defaults).toEqual(body.policy);
    expect(Object.keys(body.presets).sort()).toEqual(['nist', 'pci', 'strictLockout']);
    expect(body.presets.strictLockout?.lockout).toEqual({ maxFailures: 3, windowMinutes: 30, lockMinutes: 30 });
    expect(body.weaknesses).toEqual([]);
  });

  it('is closed to members without settings.security (403) and to anonymous callers (401)', async () => {
    expect((await sales.client.get('/api/security-policy')).statusCode).toBe(403);
    const put = await putPolicy(securityPolicyPresets.strictLockout, sales.client);
    expect(put.statusCode).toBe(403);
    expect(put.json<ErrorBody>().error.code).toBe('forbidden');
    expect((await testApp.client().get('/api/security-policy')).statusCode).toBe(401);
    expect(await currentPolicy()).toEqual(defaultSecurityPolicy);
  });

  it('refuses invalid policies with 400 and changes nothing', async () => {
    const cases: [unknown, string][] = [
      [{ ...defaultSecurityPolicy, minLength: 8 }, 'validation_failed'],
      [{ ...defaultSecurityPolicy, minLength: 14 }, 'validation_failed'],
      // 8 characters only when every role must use two-step verification.
      [{ ...defaultSecurityPolicy, minLength: 8, requireTwoStep: true }, 'validation_failed'],
      [{ ...defaultSecurityPolicy, allowEverything: true }, 'validation_failed'],
      [
        { ...defaultSecurityPolicy, lockout: { ...defaultSecurityPolicy.lockout, permanent: true } },
        'validation_failed',
      ],
      [{ ...defaultSecurityPolicy, minLength: '15' }, 'validation_failed'],
      [
        { ...defaultSecurityPolicy, lockout: { ...defaultSecurityPolicy.lockout, maxFailures: 2 } },
        'validation_failed',
      ],
      [
        { ...defaultSecurityPolicy, session: { ...defaultSecurityPolicy.session, absoluteHours: 25 } },
        'validation_failed',
      ],
      [{ ...defaultSecurityPolicy, maxAgeDays: 7 }, 'validation_failed'],
      [{ minLength: 20 }, 'validation_failed'],
    ];
    for (const [policy, code] of cases) {
      const response = await putPolicy(policy);
      expect(response.statusCode, JSON.stringify(policy)).toBe(400);
      expect(response.json<ErrorBody>().error.code).toBe(code);
    }
    const unknownTopLevel = await owner.request('PUT', '/api/security-policy', {
      policy: defaultSecurityPolicy,
      force: true,
    });
    expect(unknownTopLevel.statusCode).toBe(400);
    const short = await putPolicy({ ...defaultSecurityPolicy, minLength: 8 });
    expect(short.json<ErrorBody>().error.details?.some((detail) => detail.path?.includes('minLength'))).toBe(true);
    expect(await currentPolicy()).toEqual(defaultSecurityPolicy);
    expect(await policyAudits()).toHaveLength(0);
  });

  it('strictLockout preset: 3 distinct wrong passwords lock the account for new browsers for 30 minutes', async () => {
    const saved = await putPolicy(securityPolicyPresets.strictLockout);
    expect(saved.statusCode).toBe(200);
    expect(saved.json<{ weaknesses: string[] }>().weaknesses).toEqual(['aggressiveLockout']);
    const [audit] = (await policyAudits()).slice(-1);
    expect((audit?.details as { changed?: string[] }).changed?.sort()).toEqual([
      'lockout.lockMinutes',
      'lockout.maxFailures',
      'lockout.windowMinutes',
    ]);

    await createMember(testApp, owner, { email: 'target@acme.test', name: 'Target Person', role: 'viewer' });
    const attacker = testApp.client({ ip: '203.0.113.7' });
    for (const guess of ['first wrong guess', 'second wrong guess']) {
      expect((await attacker.login('target@acme.test', guess)).statusCode).toBe(401);
    }
    // Not locked after two of three.
    const [beforeLock] = await testApp.context.database.db
      .select()
      .from(users)
      .where(eq(users.email, 'target@acme.test'));
    expect(beforeLock?.lockedUntil).toBeNull();
    expect((await attacker.login('target@acme.test', 'third wrong guess')).statusCode).toBe(401);

    const newBrowser = testApp.client({ ip: '203.0.113.8' });
    const blocked = await newBrowser.login('target@acme.test', STRONG_PASSWORD);
    expect(blocked.statusCode).toBe(401);
    expect(blocked.json<ErrorBody>().error.code).toBe('invalid_credentials');
    const [row] = await testApp.context.database.db.select().from(users).where(eq(users.email, 'target@acme.test'));
    expect(Math.abs((row?.lockedUntil?.getTime() ?? 0) - (Date.now() + 30 * MINUTE))).toBeLessThan(2 * MINUTE);
    const locks = await testApp.context.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'account_locked'));
    expect(locks.some((event) => event.targetLabel === 'target@acme.test')).toBe(true);
  });

  it('the same wrong password repeated counts once towards the lock', async () => {
    await createMember(testApp, owner, { email: 'typo@acme.test', name: 'Typo Person', role: 'viewer' });
    const client = testApp.client({ ip: '203.0.113.9' });
    for (let attempt = 0; attempt < 4; attempt += 1) {
      expect((await client.login('typo@acme.test', 'plum orchard lantern 1987 rivr')).statusCode).toBe(401);
    }
    expect((await client.login('typo@acme.test', STRONG_PASSWORD)).statusCode).toBe(200);
  });

  it('lists every weaker-than-default choice and audits each save with the changed keys', async () => {
    const lenient: SecurityPolicy = {
      ...defaultSecurityPolicy,
      minScore: 2,
      forbidContextWords: false,
      maxAgeDays: 90,
      lockout: { maxFailures: 20, windowMinutes: 15, lockMinutes: 15 },
      session: { ...defaultSecurityPolicy.session, idleMinutes: 60, absoluteHours: 24 },
    };
    const saved = await putPolicy(lenient);
    expect(saved.statusCode).toBe(200);
    const expected = [
      'contextWordsAllowed',
      'lenientLockout',
      'longAbsolute',
      'longIdle',
      'lowMinScore',
      'passwordExpiry',
    ];
    expect(saved.json<{ weaknesses: string[] }>().weaknesses.sort()).toEqual(expected);
    const read = (await owner.get('/api/security-policy')).json<PolicyResponse>();
    expect(read.policy).toEqual(lenient);
    expect(read.weaknesses.sort()).toEqual(expected);

    const audits = await policyAudits();
    expect(audits).toHaveLength(successfulPuts);
    const latest = audits.at(-1);
    expect(latest?.actorLabel).toBe('owner@acme.test');
    expect(latest?.requestId).toBeTruthy();
    const details = latest?.details as { changed: string[]; weaknesses: string[] };
    expect(details.changed.sort()).toEqual(
      [
        'forbidContextWords',
        'lockout.maxFailures',
        'lockout.windowMinutes',
        'lockout.lockMinutes',
        'maxAgeDays',
        'minScore',
        'session.absoluteHours',
        'session.idleMinutes',
      ].sort(),
    );
    expect(details.weaknesses.sort()).toEqual(expected);
  });

  describe('composition rules', () => {
    let member: { client: TestClient; id: string };
    const noDigitNoUpper = 'violet harbour compass meadow lantern';

    beforeAll(async () => {
      member = await createMember(testApp, owner, {
        email: 'composer@acme.test',
        name: 'Composer Person',
        role: 'viewer',
      });
      expect(
        (await putPolicy({ ...defaultSecurityPolicy, requireUpper: true, requireDigit: true, requireSymbol: true }))
          .statusCode,
      ).toBe(200);
    });

    it('the strength check names the missing classes', async () => {
      const response = await member.client.post('/api/auth/password/check', { password: noDigitNoUpper });
      const body = response.json<{ valid: boolean; problems: { code: string }[] }>();
      expect(body.valid).toBe(false);
      expect(body.problems.map((problem) => problem.code).sort()).toEqual([
        'needs_digit',
        'needs_symbol',
        'needs_upper',
      ]);
    });

    it('a password change that breaks them is refused with 400 password_rejected and the old password stays', async () => {
      const response = await member.client.post('/api/auth/password/change', {
        currentPassword: STRONG_PASSWORD,
        newPassword: noDigitNoUpper,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json<ErrorBody>().error.code).toBe('password_rejected');
      expect(
        (await testApp.client({ ip: '203.0.113.20' }).login('composer@acme.test', STRONG_PASSWORD)).statusCode,
      ).toBe(200);
    });

    it('password_rejected carries the reasons as details (API contract)', async () => {
      const response = await member.client.post('/api/auth/password/change', {
        currentPassword: STRONG_PASSWORD,
        newPassword: noDigitNoUpper,
      });
      const codes = (response.json<ErrorBody>().error.details ?? []).map((detail) => detail.code);
      expect(codes.sort()).toEqual(['needs_digit', 'needs_symbol', 'needs_upper']);
    });

    it('a password meeting them is accepted', async () => {
      const response = await member.client.post('/api/auth/password/change', {
        currentPassword: STRONG_PASSWORD,
        newPassword: 'Violet harbour compass 42 meadow!',
      });
      expect(response.statusCode).toBe(200);
    });
  });

  describe('maximum password age', () => {
    let manager: { client: TestClient; id: string };

    beforeAll(async () => {
      expect((await putPolicy({ ...defaultSecurityPolicy, maxAgeDays: 30 })).statusCode).toBe(200);
      manager = await createMember(testApp, owner, {
        email: 'manager@acme.test',
        name: 'Manager Person',
        role: 'manager',
      });
      await testApp.context.database.db
        .update(users)
        .set({ passwordChangedAt: new Date(Date.now() - 31 * DAY) })
        .where(eq(users.id, manager.id));
    });

    it('marks the password expired and closes everything but the password change (403 password_change_required)', async () => {
      const session = await manager.client.get('/api/auth/session');
      expect(session.statusCode).toBe(200);
      expect(session.json<{ user: { passwordExpired: boolean } }>().user.passwordExpired).toBe(true);
      const members = await manager.client.get('/api/members');
      expect(members.statusCode).toBe(403);
      expect(members.json<ErrorBody>().error.code).toBe('password_change_required');
      // The owner's password is fresh: only the expired member is held back.
      expect((await owner.get('/api/members')).statusCode).toBe(200);
    });

    it('changing the password clears it', async () => {
      const changed = await manager.client.post('/api/auth/password/change', {
        currentPassword: STRONG_PASSWORD,
        newPassword: 'granite willow beacon 7734 orbit',
      });
      expect(changed.statusCode).toBe(200);
      const session = await manager.client.get('/api/auth/session');
      expect(session.json<{ user: { passwordExpired: boolean } }>().user.passwordExpired).toBe(false);
      expect((await manager.client.get('/api/members')).statusCode).toBe(200);
    });
  });

  it('session rules apply to new sign-ins: idle minutes and "keep me signed in" off', async () => {
    expect(
      (
        await putPolicy({
          ...defaultSecurityPolicy,
          session: { idleMinutes: 5, absoluteHours: 2, allowRemember: false, rememberDays: 1 },
        })
      ).statusCode,
    ).toBe(200);
    const client = testApp.client({ ip: '203.0.113.30' });
    const response = await client.login('owner@acme.test', STRONG_PASSWORD, true);
    expect(response.statusCode).toBe(200);
    const session = response.json<{ session: { idleExpiresAt: string | null; absoluteExpiresAt: string } }>().session;
    expect(session.idleExpiresAt).not.toBeNull();
    expect(Math.abs(new Date(session.idleExpiresAt ?? 0).getTime() - (Date.now() + 5 * MINUTE))).toBeLessThan(
      2 * MINUTE,
    );
    expect(Math.abs(new Date(session.absoluteExpiresAt).getTime() - (Date.now() + 120 * MINUTE))).toBeLessThan(
      2 * MINUTE,
    );
    const cookie = response.cookies.find((item) => item.name === 'clientele_session');
    expect(cookie?.expires).toBeUndefined();
  });
});
