import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createMember, type TestClient } from '../../../test/app.ts';
import { useOrganizationApp } from '../../../test/channel-helpers.ts';
import { errorCode } from '../../../test/two-step.ts';
import { auditEvents } from '../../audit/audit.tables.ts';
import { issueBreakGlassLink } from './break-glass.ts';

/** Owners' notices: the single-owner warning and the red break-glass notice each owner acknowledges for themselves. */

interface Notices {
  singleOwner: boolean;
  breakGlass: { id: number; occurredAt: string; targetLabel: string | null; ip: string | null; host: string | null }[];
}

describe('owner notices', () => {
  const org = useOrganizationApp();
  let counter = 0;

  async function member(role = 'admin') {
    counter += 1;
    const email = `notice${counter}@acme.test`;
    const created = await createMember(org.testApp, org.owner, { email, name: `Member ${counter}`, role });
    return { ...created, email };
  }

  async function promote(created: { client: TestClient; id: string }) {
    expect((await org.owner.request('PATCH', `/api/members/${created.id}`, { role: 'owner' })).statusCode).toBe(200);
    expect((await created.client.get('/api/auth/session')).statusCode).toBe(200);
  }

  async function notices(client: TestClient): Promise<Notices> {
    const response = await client.get('/api/admin/notices');
    expect(response.statusCode).toBe(200);
    return response.json<Notices>();
  }

  /** What `clientele admin recover` does, without the console. */
  async function breakGlass(email: string) {
    const deps = org.testApp.context.identity;
    const owner = await deps.users.findByIdentifier(email);
    const organization = await deps.db.query.organizations.findFirst();
    if (!owner || !organization) throw new Error('owner or organisation missing');
    return issueBreakGlassLink(deps, owner, organization);
  }

  const acknowledge = (client: TestClient, id: number | string) => client.post(`/api/admin/notices/break-glass/${id}/acknowledge`);

  let admin: Awaited<ReturnType<typeof member>>;
  let secondOwner: Awaited<ReturnType<typeof member>>;

  it('warns a single owner until a second owner is active; other roles get nothing', async () => {
    expect(await notices(org.owner)).toEqual({ singleOwner: true, breakGlass: [] });
    admin = await member('admin');
    expect((await notices(org.owner)).singleOwner).toBe(true);
    expect(await notices(admin.client)).toEqual({ singleOwner: false, breakGlass: [] });

    secondOwner = await member('admin');
    await promote(secondOwner);
    expect((await notices(org.owner)).singleOwner).toBe(false);
    expect((await notices(secondOwner.client)).singleOwner).toBe(false);

    // A frozen second owner cannot step in: the warning is back until they are active again.
    const deps = org.testApp.context.identity;
    await deps.users.update(secondOwner.id, { status: 'frozen' });
    expect((await notices(org.owner)).singleOwner).toBe(true);
    await deps.users.update(secondOwner.id, { status: 'active' });
    expect((await notices(org.owner)).singleOwner).toBe(false);

    expect((await org.testApp.client().get('/api/admin/notices')).statusCode).toBe(401);
  });

  it('shows a break-glass recovery to every owner until that owner acknowledges it', async () => {
    const issued = await breakGlass('owner@acme.test');
    expect(issued.link).toMatch(/^http:\/\/localhost:3000\/recover#token=[\w-]{43}$/);
    const [first] = (await notices(org.owner)).breakGlass;
    expect(first).toMatchObject({ targetLabel: 'owner@acme.test', ip: 'console', host: hostname() });
    if (!first) throw new Error('no notice');
    expect((await notices(secondOwner.client)).breakGlass.map((notice) => notice.id)).toEqual([first.id]);
    // Only owners: an admin sees nothing and cannot acknowledge for anyone.
    expect((await notices(admin.client)).breakGlass).toEqual([]);
    const byAdmin = await acknowledge(admin.client, first.id);
    expect(byAdmin.statusCode).toBe(403);
    expect(errorCode(byAdmin)).toBe('forbidden');

    expect((await acknowledge(secondOwner.client, first.id)).statusCode).toBe(204);
    expect((await acknowledge(secondOwner.client, first.id)).statusCode).toBe(204);
    expect((await notices(secondOwner.client)).breakGlass).toEqual([]);
    // The other owner has not seen it yet: it stays for them.
    expect((await notices(org.owner)).breakGlass.map((notice) => notice.id)).toEqual([first.id]);

    const acknowledgements = await org.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'break_glass_acknowledged'), eq(auditEvents.actorUserId, secondOwner.id)));
    expect(acknowledgements).toHaveLength(1);
    expect(acknowledgements[0]?.details).toMatchObject({ auditEventId: first.id });
    expect(acknowledgements[0]?.targetLabel).toBe('owner@acme.test');

    // A second use of break-glass is a new notice, also for the owner who acknowledged the first.
    await breakGlass(secondOwner.email);
    const again = await notices(secondOwner.client);
    expect(again.breakGlass).toHaveLength(1);
    expect(again.breakGlass[0]?.targetLabel).toBe(secondOwner.email);
    expect((await notices(org.owner)).breakGlass).toHaveLength(2);
    expect((await org.testApp.context.identity.audit.verifyChain()).ok).toBe(true);
  });

  it('answers 404 for unknown ids, other actions and other organisations, 400 for malformed ids, 401 signed out', async () => {
    const deps = org.testApp.context.identity;
    expect((await acknowledge(org.owner, 987_654_321)).statusCode).toBe(404);
    const [other] = await org.db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.action, 'organization_created'));
    expect((await acknowledge(org.owner, other?.id ?? 0)).statusCode).toBe(404);

    await deps.audit.record({ action: 'break_glass_link_issued', orgId: randomUUID(), actorLabel: 'server console', targetLabel: 'someone@elsewhere.test', details: { host: 'elsewhere', via: 'cli' } }, { ip: 'console' });
    const [foreign] = await org.db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.targetLabel, 'someone@elsewhere.test'));
    if (!foreign) throw new Error('foreign event missing');
    expect((await notices(org.owner)).breakGlass.map((notice) => notice.targetLabel)).not.toContain('someone@elsewhere.test');
    const foreignAck = await acknowledge(org.owner, foreign.id);
    expect(foreignAck.statusCode).toBe(404);
    expect(errorCode(foreignAck)).toBe('not_found');

    for (const malformed of ['abc', '0', '-1', '1.5', '99999999999999999999']) {
      const response = await acknowledge(org.owner, malformed);
      expect(response.statusCode).toBe(400);
      expect(errorCode(response)).toBe('validation_failed');
    }
    expect((await acknowledge(org.testApp.client(), foreign.id)).statusCode).toBe(401);
  });

  it('does not show an owner the break-glass recoveries from before they joined', async () => {
    const before = (await notices(org.owner)).breakGlass.length;
    expect(before).toBeGreaterThan(0);
    const newcomer = await member('admin');
    await promote(newcomer);
    expect((await notices(newcomer.client)).breakGlass).toEqual([]);
    await breakGlass('owner@acme.test');
    expect((await notices(newcomer.client)).breakGlass).toHaveLength(1);
    expect((await notices(org.owner)).breakGlass).toHaveLength(before + 1);
  });
});
