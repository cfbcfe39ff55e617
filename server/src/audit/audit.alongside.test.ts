import { randomUUID } from 'node:crypto';
import { count, desc, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRONG_PASSWORD, buildTestApp, setupOrganization, type TestApp } from '../../test/app.ts';
import { auditEvents, sessions, users } from '../db/schema.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { AuditService } from './audit.service.ts';

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

  it('keeps one chain when several processes append at once: a stale head is refused and linked again', async () => {
    const { db, audit } = testApp.context.identity;
    const [owner] = await db.select().from(users).where(eq(users.email, 'owner@acme.test'));
    if (!owner) throw new Error('owner missing');
    // Separate services stand for separate server processes (each keeps its own head in memory); the first event of
    // each makes them all know the same head, so every later one but the first to land starts from a stale head.
    const processes = [new AuditService(db), new AuditService(db), new AuditService(db)];
    for (const other of processes) await other.record({ action: 'signed_out' });
    const before = await auditRows();
    const stamps = await Promise.all(
      processes.flatMap((other, processIndex) =>
        Array.from({ length: 8 }, async (_unused, index) => {
          const ip = `192.0.2.${processIndex * 10 + index + 1}`;
          const update = db.update(users).set({ lastSignInIp: ip }).where(eq(users.id, owner.id));
          await other.recordAlongside({ action: 'sign_in_succeeded', orgId: owner.orgId, targetUserId: owner.id }, { ip }, [update]);
          return ip;
        }),
      ),
    );
    await audit.record({ action: 'signed_out' });

    expect(await auditRows()).toBe(before + stamps.length + 1);
    const recorded = await db.select({ ip: auditEvents.ip }).from(auditEvents).where(inArray(auditEvents.ip, stamps));
    expect(recorded.map((row) => row.ip).sort()).toEqual([...stamps].sort());
    expect(await audit.verifyChain()).toMatchObject({ ok: true, brokenAtId: null });
  });

  it('refuses a second successor of an event, so the chain cannot be forked', async () => {
    const { db } = testApp.context.identity;
    const [head, parent] = await db.select().from(auditEvents).orderBy(desc(auditEvents.id)).limit(2);
    if (!head || !parent) throw new Error('no events');
    const { id: _id, ...copy } = head;
    const fork = db.insert(auditEvents).values({ ...copy, previousHash: parent.hash, hash: 'f'.repeat(64) });
    const error = await fork.then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(isUniqueViolation(error, 'audit_events_previous_hash_key')).toBe(true);
  });
});
