import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createMember, STRONG_PASSWORD, type TestClient } from '../../../test/app.ts';
import { ageSession, latestMail, linkTokenIn, mailsTo, useOrganizationApp } from '../../../test/channel-helpers.ts';
import { waitForQueues } from '../../../test/recovery.ts';
import { errorCode } from '../../../test/two-step.ts';
import { auditEvents } from '../../audit/audit.tables.ts';
import { organizations } from '../orgs/org.tables.ts';
import { sessions } from '../sessions/session.tables.ts';
import { users } from '../users/user.tables.ts';
import { AdminActionRegistry } from './admin-actions.ts';
import { claimDeactivation } from './deactivation.ts';
import { LifecycleSweep } from './lifecycle.jobs.ts';
import { registerLifecycleActions } from './lifecycle.service.ts';

/** Deactivation (now and scheduled), cancel, reactivation, and the inactivity policy (AD-06). */

const NEW_PASSWORD = 'granite harbour violet 4412 meadow';
const verification = { method: 'video_call' as const };
const DAY_MS = 86_400_000;

describe('account lifecycle', () => {
  const org = useOrganizationApp();
  let counter = 0;
  let ipCounter = 0;
  /** A fresh client IP per visitor, so the per-IP limits of the token endpoints never interfere. */
  const visitor = () => {
    ipCounter += 1;
    return org.testApp.client({ ip: `198.51.100.${ipCounter}` });
  };

  async function member(role = 'sales') {
    counter += 1;
    const email = `member${counter}@acme.test`;
    const created = await createMember(org.testApp, org.owner, { email, name: `Member ${counter}`, role });
    return { ...created, email };
  }

  async function secondOwner(): Promise<{ client: TestClient; id: string; email: string }> {
    const created = await member('admin');
    expect((await org.owner.request('PATCH', `/api/members/${created.id}`, { role: 'owner' })).statusCode).toBe(200);
    expect((await created.client.get('/api/auth/session')).statusCode).toBe(200);
    return created;
  }

  async function row(id: string) {
    const [found] = await org.db.select().from(users).where(eq(users.id, id));
    if (!found) throw new Error('member missing');
    return found;
  }

  const auditFor = (id: string, action: string) =>
    org.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetUserId, id), eq(auditEvents.action, action)));

  const sweep = () => new LifecycleSweep(org.testApp.context.identity).run();

  it('deactivates at once: the session dies, sign-in answers exactly as a wrong password, every pending link is dead', async () => {
    const target = await member();
    const identity = org.testApp.context.identity;
    const recovery = (await org.owner.post(`/api/members/${target.id}/recovery-link`, { verification, delivery: { channel: 'in_person' } })).json<{ link: string }>().link;
    const unlock = await identity.tokens.issue(target.id, 'unlock', 15);
    const freeze = await identity.tokens.issue(target.id, 'freeze', 60);
    // The member's own "forgot password" link, requested just before.
    expect((await visitor().post('/api/auth/password/forgot', { identifier: target.email })).statusCode).toBe(202);
    await waitForQueues(org.testApp, ['recovery.forgot']);
    const resetMail = await latestMail(org.db, target.email, 'passwordReset');
    const reset = /\/reset#token=([A-Za-z0-9_-]{43})/.exec(resetMail?.textBody ?? '')?.[1] ?? '';
    expect((await visitor().post('/api/auth/password/reset/inspect', { token: reset })).json<{ valid: boolean }>().valid).toBe(true);
    expect((await target.client.get('/api/auth/session')).statusCode).toBe(200);

    const deactivated = await org.owner.post(`/api/members/${target.id}/deactivate`, {});
    expect(deactivated.statusCode).toBe(200);
    expect(deactivated.json<{ status: string; deactivatedAt: string | null; deactivateAt: string | null }>()).toMatchObject({ status: 'deactivated', deactivateAt: null });
    expect(deactivated.json<{ deactivatedAt: string | null }>().deactivatedAt).not.toBeNull();

    expect((await target.client.get('/api/auth/session')).statusCode).toBe(401);
    const [session] = await org.db.select().from(sessions).where(eq(sessions.userId, target.id));
    expect(session?.revokedAt).not.toBeNull();

    // The right password and a wrong one get the same answer: nothing tells an outsider the account exists.
    const right = await visitor().login(target.email, STRONG_PASSWORD);
    const wrong = await visitor().login(target.email, 'not the password at all 99');
    expect(right.statusCode).toBe(401);
    expect(right.json()).toEqual(wrong.json());
    expect(errorCode(right)).toBe('invalid_credentials');

    const link = linkTokenIn(recovery);
    expect((await visitor().get(`/api/recovery-links/${link}`)).json<{ valid: boolean }>().valid).toBe(false);
    expect((await visitor().post('/api/recovery-links/redeem', { token: link, password: NEW_PASSWORD })).statusCode).toBe(400);
    expect((await visitor().get(`/api/auth/unlock/${unlock}`)).json<{ valid: boolean }>().valid).toBe(false);
    // A freeze link would otherwise turn "deactivated" into "frozen", which an admin can lift without reactivating.
    expect((await visitor().post('/api/auth/freeze', { token: freeze })).statusCode).toBe(400);
    expect((await row(target.id)).status).toBe('deactivated');
    expect((await visitor().post('/api/auth/password/reset/inspect', { token: reset })).json<{ valid: boolean }>().valid).toBe(false);
    expect((await visitor().post('/api/auth/password/reset', { token: reset, newPassword: NEW_PASSWORD })).statusCode).toBe(400);

    const [event] = await auditFor(target.id, 'member_deactivated');
    expect(event?.details).toMatchObject({ reason: 'admin', previousStatus: 'active', invitationRevoked: false });
    expect((await latestMail(org.db, target.email, 'adminAction'))?.textBody).toContain('account deactivated');
    expect(errorCode(await org.owner.post(`/api/members/${target.id}/deactivate`, {}))).toBe('member_state_conflict');

    // Even a freeze link issued after the deactivation (a notice racing it) cannot turn the account into a frozen one.
    const late = await identity.tokens.issue(target.id, 'freeze', 60);
    expect((await visitor().post('/api/auth/freeze', { token: late })).statusCode).toBe(400);
    expect((await row(target.id)).status).toBe('deactivated');
  });

  it('deactivating an invited member revokes the invitation; nobody is mailed', async () => {
    const invited = await org.owner.post('/api/members/invitations', { email: 'not.yet@acme.test', name: 'Not Yet', role: 'sales' });
    const id = invited.json<{ id: string }>().id;
    const token = linkTokenIn((await latestMail(org.db, 'not.yet@acme.test', 'invitation'))?.textBody);
    expect((await org.owner.post(`/api/members/${id}/deactivate`, {})).json<{ status: string }>().status).toBe('deactivated');
    expect((await visitor().get(`/api/invitations/${token}`)).json<{ valid: boolean }>().valid).toBe(false);
    expect((await visitor().post('/api/invitations/accept', { token, name: 'Not Yet', password: NEW_PASSWORD })).statusCode).toBe(400);
    expect((await auditFor(id, 'member_deactivated'))[0]?.details).toMatchObject({ invitationRevoked: true, previousStatus: 'invited' });
    expect(await mailsTo(org.db, 'not.yet@acme.test', 'adminAction')).toHaveLength(0);
    // Scheduling makes no sense for an invitation.
    const other = (await org.owner.post('/api/members/invitations', { email: 'later@acme.test', name: 'Later', role: 'sales' })).json<{ id: string }>().id;
    expect(errorCode(await org.owner.post(`/api/members/${other}/deactivate`, { at: new Date(Date.now() + DAY_MS) }))).toBe('member_state_conflict');
  });

  it('needs a recent step-up and members.manage; admins cannot deactivate owners; nobody deactivates themselves', async () => {
    const target = await member();
    const admin = await member('admin');
    const sales = await member();
    expect(errorCode(await sales.client.post(`/api/members/${target.id}/deactivate`, {}))).toBe('forbidden');
    await ageSession(org.db, admin.client);
    const stale = await admin.client.post(`/api/members/${target.id}/deactivate`, {});
    expect(stale.statusCode).toBe(403);
    expect(errorCode(stale)).toBe('reauthentication_required');
    expect((await row(target.id)).status).toBe('active');

    const fresh = org.testApp.client();
    expect((await fresh.login(admin.email, STRONG_PASSWORD)).statusCode).toBe(200);
    const ownerId = (await org.owner.get('/api/auth/session')).json<{ user: { id: string } }>().user.id;
    const onOwner = await fresh.post(`/api/members/${ownerId}/deactivate`, {});
    expect(onOwner.statusCode).toBe(403);
    expect(errorCode(onOwner)).toBe('role_not_allowed');
    expect(errorCode(await fresh.post(`/api/members/${admin.id}/deactivate`, {}))).toBe('self_action_not_allowed');
    expect(errorCode(await fresh.post(`/api/members/${ownerId}/deactivation/cancel`))).toBe('role_not_allowed');
    // An admin may deactivate a member; unknown fields and bad dates are refused.
    expect(errorCode(await fresh.post(`/api/members/${target.id}/deactivate`, { at: 'someday' }))).toBe('validation_failed');
    expect(errorCode(await fresh.post(`/api/members/${target.id}/deactivate`, { reason: 'x' }))).toBe('validation_failed');
    expect((await fresh.post(`/api/members/${target.id}/deactivate`, {})).statusCode).toBe(200);
  });

  it('an owner deactivating another owner waits for a third owner; the approval deactivates', async () => {
    const ownerB = await secondOwner();
    const ownerC = await secondOwner();
    const requested = await org.owner.post(`/api/members/${ownerB.id}/deactivate`, {});
    expect(requested.statusCode).toBe(202);
    expect(requested.json<{ approval: { action: string } }>().approval.action).toBe('deactivate');
    expect((await row(ownerB.id)).status).toBe('active');
    expect((await ownerB.client.get('/api/auth/session')).statusCode).toBe(200);
    const approvalId = requested.json<{ approval: { id: string } }>().approval.id;
    expect(errorCode(await ownerB.client.post(`/api/approvals/${approvalId}/approve`))).toBe('approval_not_allowed');
    const approved = await ownerC.client.post(`/api/approvals/${approvalId}/approve`);
    expect(approved.statusCode).toBe(200);
    expect(approved.json<{ result: { status: string } }>().result.status).toBe('deactivated');
    expect((await ownerB.client.get('/api/auth/session')).statusCode).toBe(401);
    expect((await auditFor(ownerB.id, 'member_deactivated'))[0]?.details).toMatchObject({ approvedBy: ownerC.email });
  });

  it('schedules, refuses dates over a year ahead, cancels; a past date means now', async () => {
    const target = await member();
    const at = new Date(Date.now() + 3 * DAY_MS);
    const scheduled = await org.owner.post(`/api/members/${target.id}/deactivate`, { at: at.toISOString() });
    expect(scheduled.statusCode).toBe(200);
    expect(scheduled.json<{ status: string; deactivateAt: string }>()).toMatchObject({ status: 'active', deactivateAt: at.toISOString() });
    expect((await target.client.get('/api/auth/session')).statusCode).toBe(200);
    expect((await auditFor(target.id, 'member_deactivation_scheduled'))[0]?.details).toMatchObject({ at: at.toISOString() });
    expect((await latestMail(org.db, target.email, 'adminAction'))?.textBody).toContain(`scheduled for ${at.toISOString().replace('T', ' ').slice(0, 19)} UTC`);
    // Not due yet: the sweep leaves it alone.
    await sweep();
    expect((await row(target.id)).status).toBe('active');

    const tooFar = await org.owner.post(`/api/members/${target.id}/deactivate`, { at: new Date(Date.now() + 400 * DAY_MS).toISOString() });
    expect(tooFar.statusCode).toBe(400);
    expect(errorCode(tooFar)).toBe('deactivation_too_far_ahead');
    expect((await row(target.id)).deactivateAt?.toISOString()).toBe(at.toISOString());

    const cancelled = await org.owner.post(`/api/members/${target.id}/deactivation/cancel`);
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json<{ deactivateAt: string | null }>().deactivateAt).toBeNull();
    expect((await auditFor(target.id, 'member_deactivation_cancelled'))[0]?.details).toMatchObject({ scheduledFor: at.toISOString() });
    expect((await latestMail(org.db, target.email, 'adminAction'))?.textBody).toContain('scheduled deactivation cancelled');
    expect(errorCode(await org.owner.post(`/api/members/${target.id}/deactivation/cancel`))).toBe('member_state_conflict');

    const now = await org.owner.post(`/api/members/${target.id}/deactivate`, { at: new Date(Date.now() - DAY_MS).toISOString() });
    expect(now.json<{ status: string }>().status).toBe('deactivated');
  });

  it('a scheduled deactivation takes effect when due, once, even with two sweeps at the same time', async () => {
    const target = await member();
    const scheduled = await org.owner.post(`/api/members/${target.id}/deactivate`, { at: new Date(Date.now() + DAY_MS).toISOString() });
    expect(scheduled.statusCode).toBe(200);
    await org.db.update(users).set({ deactivateAt: new Date(Date.now() - 1000) }).where(eq(users.id, target.id));
    await Promise.all([sweep(), sweep()]);
    expect((await row(target.id)).status).toBe('deactivated');
    const events = await auditFor(target.id, 'member_deactivated');
    expect(events).toHaveLength(1);
    expect(events[0]?.details).toMatchObject({ reason: 'scheduled' });
    expect(events[0]?.actorUserId).toBeNull();
    expect((await target.client.get('/api/auth/session')).statusCode).toBe(401);
    expect((await latestMail(org.db, target.email, 'accountDeactivated'))?.textBody).toContain('scheduled took effect');
  });

  it('reactivates with a fresh recovery link: the old password stays dead, the member sets a new one', async () => {
    const target = await member();
    expect(errorCode(await org.owner.post(`/api/members/${target.id}/reactivate`, { verification, delivery: { channel: 'in_person' } }))).toBe('member_state_conflict');
    await org.owner.post(`/api/members/${target.id}/deactivate`, {});
    expect(errorCode(await org.owner.post(`/api/members/${target.id}/reactivate`, { verification, delivery: { channel: 'sms', address: 'nope' } }))).toBe('phone_invalid');
    expect((await row(target.id)).status).toBe('deactivated');

    const reactivated = await org.owner.post(`/api/members/${target.id}/reactivate`, { verification: { method: 'in_person_id', note: 'badge' }, delivery: { channel: 'email', address: target.email } });
    expect(reactivated.statusCode).toBe(201);
    expect(reactivated.json<{ link: string | null; delivery: { channel: string } }>()).toMatchObject({ link: null, delivery: { channel: 'email' } });
    expect(await row(target.id)).toMatchObject({ status: 'active', deactivatedAt: null, passwordHash: null });
    expect((await auditFor(target.id, 'member_reactivated'))[0]?.details).toMatchObject({ verification: 'in_person_id', note: 'badge' });

    expect(errorCode(await visitor().login(target.email, STRONG_PASSWORD))).toBe('invalid_credentials');
    const token = linkTokenIn((await latestMail(org.db, target.email, 'assistedRecoveryLink'))?.textBody);
    const person = visitor();
    expect((await person.post('/api/recovery-links/redeem', { token, password: NEW_PASSWORD })).statusCode).toBe(200);
    expect((await person.get('/api/auth/session')).statusCode).toBe(200);
    expect((await visitor().login(target.email, NEW_PASSWORD)).statusCode).toBe(200);
    expect(errorCode(await org.owner.post(`/api/members/${target.id}/reactivate`, { verification, delivery: { channel: 'in_person' } }))).toBe('member_state_conflict');
  });

  it('the inactivity policy: validated, off by default, kept when a client omits it, and read as off when missing', async () => {
    const current = (await org.owner.get('/api/security-policy')).json<{ policy: Record<string, unknown> }>().policy;
    expect(current.lifecycle).toEqual({ disableInactiveAfterDays: null, inactivityReminderDays: 7 });
    const put = (lifecycle: unknown) => org.owner.request('PUT', '/api/security-policy', { policy: { ...current, lifecycle } });
    expect(errorCode(await put({ disableInactiveAfterDays: 7, inactivityReminderDays: 3 }))).toBe('validation_failed');
    expect(errorCode(await put({ disableInactiveAfterDays: 30, inactivityReminderDays: 30 }))).toBe('validation_failed');
    expect(errorCode(await put({ disableInactiveAfterDays: 90 }))).toBe('validation_failed');
    expect((await put({ disableInactiveAfterDays: 90, inactivityReminderDays: 10 })).statusCode).toBe(200);
    const withoutLifecycle = { ...current };
    delete withoutLifecycle.lifecycle;
    expect((await org.owner.request('PUT', '/api/security-policy', { policy: withoutLifecycle })).json<{ policy: { lifecycle: unknown } }>().policy.lifecycle).toEqual({
      disableInactiveAfterDays: 90,
      inactivityReminderDays: 10,
    });
    const [changed] = await org.db.select().from(auditEvents).where(eq(auditEvents.action, 'security_policy_changed')).orderBy(auditEvents.id);
    expect(JSON.stringify(changed?.details)).toContain('lifecycle.disableInactiveAfterDays');
    // A policy stored before the setting existed means "off", even for a member idle far longer than any limit.
    await org.db.update(organizations).set({ securityPolicy: sql`${organizations.securityPolicy} - 'lifecycle'` });
    const dormant = await member();
    await org.db.update(users).set({ lastSignInAt: new Date(Date.now() - 500 * DAY_MS), createdAt: new Date(Date.now() - 500 * DAY_MS), passwordChangedAt: null }).where(eq(users.id, dormant.id));
    expect((await org.owner.get('/api/security-policy')).json<{ policy: { lifecycle: unknown } }>().policy.lifecycle).toEqual({ disableInactiveAfterDays: null, inactivityReminderDays: 7 });
    await sweep();
    expect((await row(dormant.id)).inactivityReminderSentAt).toBeNull();
  });

  it('reminds before disabling an inactive member, never an owner; a sign-in answers the reminder', async () => {
    const current = (await org.owner.get('/api/security-policy')).json<{ policy: Record<string, unknown> }>().policy;
    expect((await org.owner.request('PUT', '/api/security-policy', { policy: { ...current, lifecycle: { disableInactiveAfterDays: 30, inactivityReminderDays: 7 } } })).statusCode).toBe(200);
    const idle = await member();
    const returning = await member();
    const longGone = await member();
    const ownerId = (await org.owner.get('/api/auth/session')).json<{ user: { id: string } }>().user.id;
    const ago = (days: number) => new Date(Date.now() - days * DAY_MS);
    const setActivity = (id: string, days: number) => org.db.update(users).set({ lastSignInAt: ago(days), passwordChangedAt: ago(days), createdAt: ago(days) }).where(eq(users.id, id));
    await setActivity(idle.id, 25);
    await setActivity(returning.id, 25);
    await setActivity(ownerId, 400);
    await setActivity(longGone.id, 200);

    // The app's own sweep also runs every 30 s: the assertions look at the outcome, not at which sweep got there.
    await sweep();
    const reminder = await latestMail(org.db, idle.email, 'inactivityReminder');
    expect(reminder?.textBody).toContain('30 days');
    expect(reminder?.textBody).toContain(ago(25).toISOString().slice(0, 10));
    expect((await row(idle.id)).inactivityReminderSentAt).not.toBeNull();
    expect((await auditFor(idle.id, 'member_inactivity_reminder_sent'))[0]?.details).toMatchObject({ limitDays: 30 });
    expect((await row(ownerId)).inactivityReminderSentAt).toBeNull();
    // Idle for 200 days when the policy came on: reminded now, not disabled without notice.
    expect(await row(longGone.id)).toMatchObject({ status: 'active', inactivityReminderSentAt: expect.any(Date) as Date });
    await sweep();
    expect(await mailsTo(org.db, idle.email, 'inactivityReminder')).toHaveLength(1);

    expect((await visitor().login(returning.email, STRONG_PASSWORD)).statusCode).toBe(200);
    expect((await row(returning.id)).inactivityReminderSentAt).toBeNull();

    // Eight days later (timestamps moved back): the idle members are disabled, the one who signed in is not.
    const remindedAt = ago(8);
    await org.db.update(users).set({ inactivityReminderSentAt: remindedAt }).where(eq(users.id, idle.id));
    await org.db.update(users).set({ inactivityReminderSentAt: remindedAt }).where(eq(users.id, longGone.id));
    await setActivity(idle.id, 33);
    await sweep();
    expect((await row(idle.id)).status).toBe('deactivated');
    expect((await row(longGone.id)).status).toBe('deactivated');
    expect((await row(returning.id)).status).toBe('active');
    expect((await row(ownerId)).status).toBe('active');
    expect((await auditFor(idle.id, 'member_deactivated'))[0]?.details).toMatchObject({ reason: 'inactive', limitDays: 30 });
    expect((await latestMail(org.db, idle.email, 'accountDeactivated'))?.textBody).toContain('not been used for 30 days');
    expect((await idle.client.get('/api/auth/session')).statusCode).toBe(401);

    // A reminder sent before a later sign-in (e.g. a password reset that did not clear it) does not count.
    const stale = await member();
    await setActivity(stale.id, 31);
    await org.db.update(users).set({ inactivityReminderSentAt: ago(40) }).where(eq(users.id, stale.id));
    await sweep();
    const staleRow = await row(stale.id);
    expect(staleRow.status).toBe('active');
    expect(staleRow.inactivityReminderSentAt?.getTime()).toBeGreaterThan(Date.now() - 60_000);

    // Reactivated after an inactivity deactivation: reminded again before any new deactivation.
    const reactivated = await org.owner.post(`/api/members/${idle.id}/reactivate`, { verification, delivery: { channel: 'in_person' } });
    expect(reactivated.statusCode).toBe(201);
    await sweep();
    expect(await row(idle.id)).toMatchObject({ status: 'active', inactivityReminderSentAt: expect.any(Date) as Date });
    expect(await mailsTo(org.db, idle.email, 'inactivityReminder')).toHaveLength(2);
  });
});

describe('the last owner', () => {
  const org = useOrganizationApp();
  const sweep = () => new LifecycleSweep(org.testApp.context.identity).run();

  async function promotedOwner(email: string) {
    const created = await createMember(org.testApp, org.owner, { email, name: email.split('@')[0] ?? email, role: 'admin' });
    expect((await org.owner.request('PATCH', `/api/members/${created.id}`, { role: 'owner' })).statusCode).toBe(200);
    return created;
  }

  async function statusOf(id: string) {
    const [found] = await org.db.select().from(users).where(eq(users.id, id));
    return found;
  }

  it('the sweep refuses to remove the last owner when both owners fall due together, and drops that schedule', async () => {
    const ownerB = await promotedOwner('owner.b@acme.test');
    const ownerId = (await org.owner.get('/api/auth/session')).json<{ user: { id: string } }>().user.id;
    // Both owners were scheduled (each with a second owner's approval) for about the same moment, now past.
    const past = new Date(Date.now() - 60_000);
    await org.db.update(users).set({ deactivateAt: past }).where(eq(users.id, ownerB.id));
    await org.db.update(users).set({ deactivateAt: new Date(past.getTime() + 1000) }).where(eq(users.id, ownerId));
    await sweep();
    expect((await statusOf(ownerB.id))?.status).toBe('deactivated');
    expect(await statusOf(ownerId)).toMatchObject({ status: 'active', deactivateAt: null });
    const [refusal] = await org.db.select().from(auditEvents).where(and(eq(auditEvents.targetUserId, ownerId), eq(auditEvents.action, 'member_deactivated')));
    expect(refusal).toMatchObject({ outcome: 'failure', details: { reason: 'scheduled', refused: 'last_owner' } });
    expect((await org.owner.get('/api/auth/session')).statusCode).toBe(200);
    // Nothing is left to retry (and the app's own periodic sweep does not repeat the refusal either).
    await sweep();
    expect(await org.db.select().from(auditEvents).where(eq(auditEvents.action, 'member_deactivated'))).toHaveLength(2);
  });

  it('scheduling the only active owner is refused up front', async () => {
    const ownerId = (await org.owner.get('/api/auth/session')).json<{ user: { id: string } }>().user.id;
    const identity = org.testApp.context.identity;
    const owner = await identity.users.findById(ownerId);
    const organization = await org.db.query.organizations.findFirst();
    if (!owner || !organization) throw new Error('setup missing');
    const registry = new AdminActionRegistry();
    registerLifecycleActions(identity, registry);
    const input = { actor: owner, organization, member: owner, context: { client: { ip: '127.0.0.1', userAgent: null }, locale: 'en' as const } };
    await expect(registry.execute('deactivate', { ...input, payload: { at: new Date(Date.now() + 86_400_000).toISOString() } })).rejects.toMatchObject({ code: 'last_owner' });
    await expect(registry.execute('deactivate', { ...input, payload: {} })).rejects.toMatchObject({ code: 'last_owner' });
    expect((await statusOf(ownerId))?.status).toBe('active');
  });

  it('two concurrent deactivations of the only two owners let exactly one through', async () => {
    const ownerC = await promotedOwner('owner.c@acme.test');
    const ownerId = (await org.owner.get('/api/auth/session')).json<{ user: { id: string } }>().user.id;
    const identity = org.testApp.context.identity;
    const results = await Promise.all([claimDeactivation(identity, ownerId, new Date(), ['active']), claimDeactivation(identity, ownerC.id, new Date(), ['active'])]);
    expect(results.filter((result) => 'claimed' in result)).toHaveLength(1);
    expect(results.filter((result) => 'refused' in result && result.refused === 'last_owner')).toHaveLength(1);
    const active = await org.db.select().from(users).where(and(eq(users.role, 'owner'), eq(users.status, 'active')));
    expect(active).toHaveLength(1);
  });
});
