import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRONG_PASSWORD, buildTestApp, setupOrganization, type TestApp } from '../../test/app.ts';
import { auditEvents, sessions, users } from '../db/schema.ts';

/** recordAlongside: an audit event committed in one statement with other writes (the sign-in hot path). */
describe('audit events recorded alongside other writes', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await buildTestApp();
    await setupOrganization(testApp);
  });

  afterAll(async () => {
    await testApp.close();
  });

  const auditRows = async () => (await testApp.context.identity.db.select({ rows: count() }).from(auditEvents))[0]?.rows ?? 0;

  it('stores the writes and the event together, and the chain stays verifiable', async () => {
    const { audit, db } = testApp.context.identity;
    const [owner] = await db.select().from(users).where(eq(users.email, 'owner@acme.test'));
    if (!owner) throw new Error('owner missing');
    const before = await auditRows();
    const stamp = new Date('2030-01-02T03:04:05.000Z');
    const update = db.update(users).set({ lastSignInIp: '198.51.100.7', lastSignInAt: stamp }).where(eq(users.id, owner.id));
    await audit.recordAlongside({ action: 'sign_in_succeeded', orgId: owner.orgId, targetUserId: owner.id }, { ip: '198.51.100.7' }, [update]);

    const [updated] = await db.select().from(users).where(eq(users.id, owner.id));
    expect(updated?.lastSignInIp).toBe('198.51.100.7');
    expect(updated?.lastSignInAt?.toISOString()).toBe(stamp.toISOString());
    expect(await auditRows()).toBe(before + 1);
    expect(await audit.verifyChain()).toMatchObject({ ok: true, brokenAtId: null });
  });

  it('stores neither when a write fails, and later events still chain correctly', async () => {
    const { audit, db } = testApp.context.identity;
    const before = await auditRows();
    // A session for an account that does not exist violates the foreign key.
    const orphan = db.insert(sessions).values({ userId: randomUUID(), tokenHash: randomUUID(), role: 'owner', absoluteExpiresAt: new Date(Date.now() + 60_000) });
    await expect(audit.recordAlongside({ action: 'sign_in_succeeded' }, {}, [orphan])).rejects.toThrow();
    expect(await auditRows()).toBe(before);

    await audit.record({ action: 'signed_out' });
    const response = await testApp.client().login('owner@acme.test', STRONG_PASSWORD);
    expect(response.statusCode).toBe(200);
    expect(await auditRows()).toBe(before + 2);
    expect(await audit.verifyChain()).toMatchObject({ ok: true, brokenAtId: null });
  });

  it('keeps the chain linear when concurrent sign-ins each record alongside their writes', async () => {
    const { audit } = testApp.context.identity;
    const responses = await Promise.all(Array.from({ length: 6 }, (_unused, index) => testApp.client({ ip: `203.0.113.${index + 1}` }).login('owner@acme.test', STRONG_PASSWORD)));
    expect(responses.map((response) => response.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(await audit.verifyChain()).toMatchObject({ ok: true, brokenAtId: null });
  });
});
