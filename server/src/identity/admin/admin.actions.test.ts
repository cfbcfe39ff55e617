import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createMember, STRONG_PASSWORD, type TestClient } from '../../../test/app.ts';
import { ageSession, latestMail, linkTokenIn, useOrganizationApp } from '../../../test/channel-helpers.ts';
import { enrolTotp, errorCode, passwordStep } from '../../../test/two-step.ts';
import { auditEvents } from '../../audit/audit.tables.ts';
import { countActiveFactors, factorWaysFromCounts } from '../mfa/two-step-policy.ts';
import { countWaysBack } from '../recovery/channel-readiness.ts';
import { users } from '../users/user.tables.ts';
import { LifecycleSweep } from './lifecycle.jobs.ts';

/** Admin actions on members: step-up, privilege rules, the two-person rule, and what each action does to the member. */

const NEW_PASSWORD = 'granite harbour violet 4412 meadow';
const verification = { method: 'video_call' as const };

describe('admin actions on members', () => {
  const org = useOrganizationApp();
  let counter = 0;

  async function member(role = 'sales') {
    counter += 1;
    const email = `member${counter}@acme.test`;
    const created = await createMember(org.testApp, org.owner, { email, name: `Member ${counter}`, role });
    return { ...created, email };
  }

  async function userRow(id: string) {
    const [row] = await org.db.select().from(users).where(eq(users.id, id));
    if (!row) throw new Error('member missing');
    return row;
  }

  /** A second signed-in owner (created as admin, then promoted by the first owner). */
  async function secondOwner(): Promise<{ client: TestClient; id: string; email: string }> {
    const created = await member('admin');
    expect((await org.owner.request('PATCH', `/api/members/${created.id}`, { role: 'owner' })).statusCode).toBe(200);
    // The role change rotates the session on the next request.
    expect((await created.client.get('/api/auth/session')).statusCode).toBe(200);
    return created;
  }

  it('needs members.manage and a recent step-up; a stale admin session is refused', async () => {
    const target = await member();
    const sales = await member();
    const bySales = await sales.client.post(`/api/members/${target.id}/sessions/end`);
    expect(bySales.statusCode).toBe(403);
    expect(errorCode(bySales)).toBe('forbidden');

    const admin = await member('admin');
    await ageSession(org.db, admin.client);
    const stale = await admin.client.post(`/api/members/${target.id}/sessions/end`);
    expect(stale.statusCode).toBe(403);
    expect(errorCode(stale)).toBe('reauthentication_required');
    expect((await target.client.get('/api/auth/session')).statusCode).toBe(200);
  });

  it('refuses acting on oneself, admins acting on owners, and unknown or malformed ids', async () => {
    const admin = await member('admin');
    const ownerId = (await org.owner.get('/api/auth/session')).json<{ user: { id: string } }>().user.id;
    const self = await admin.client.post(`/api/members/${admin.id}/require-password-change`);
    expect(errorCode(self)).toBe('self_action_not_allowed');
    const onOwner = await admin.client.post(`/api/members/${ownerId}/two-step/reset`, { verification });
    expect(onOwner.statusCode).toBe(403);
    expect(errorCode(onOwner)).toBe('role_not_allowed');
    expect((await admin.client.post('/api/members/00000000-0000-4000-8000-000000000000/unlock')).statusCode).toBe(404);
    expect((await admin.client.post('/api/members/not-a-uuid/unlock')).statusCode).toBe(400);
    const unknownField = await admin.client.post(`/api/members/${ownerId}/two-step/reset`, { verification, extra: true });
    expect(errorCode(unknownField)).toBe('validation_failed');
    const otherWithoutNote = await admin.client.post(`/api/members/${admin.id}/recovery-link`, { verification: { method: 'other' }, delivery: { channel: 'in_person' } });
    expect(errorCode(otherWithoutNote)).toBe('validation_failed');
  });

  it('ends every session of the member at once and tells them', async () => {
    const target = await member();
    const ended = await org.owner.post(`/api/members/${target.id}/sessions/end`);
    expect(ended.statusCode).toBe(200);
    expect(ended.json<{ ended: number }>().ended).toBeGreaterThanOrEqual(1);
    expect((await target.client.get('/api/auth/session')).statusCode).toBe(401);
    expect((await latestMail(org.db, target.email, 'adminAction'))?.textBody).toContain('all your sessions ended');
  });

  it('requires a password change: the member can do nothing else until they choose one', async () => {
    const target = await member();
    expect((await org.owner.post(`/api/members/${target.id}/require-password-change`)).json<{ passwordChangeRequired: boolean }>().passwordChangeRequired).toBe(true);
    const blocked = await target.client.get('/api/account/recovery');
    expect(errorCode(blocked)).toBe('password_change_required');
    expect((await target.client.get('/api/auth/session')).json<{ user: { passwordExpired: boolean } }>().user.passwordExpired).toBe(true);
    const changed = await target.client.post('/api/auth/password/change', { currentPassword: STRONG_PASSWORD, newPassword: NEW_PASSWORD });
    expect(changed.statusCode).toBe(200);
    const after = await target.client.get('/api/auth/session');
    expect(after.json<{ user: { passwordExpired: boolean } }>().user.passwordExpired).toBe(false);
  });

  it('unlocks a locked member (and says so when there is nothing to unlock)', async () => {
    const target = await member();
    expect(errorCode(await org.owner.post(`/api/members/${target.id}/unlock`))).toBe('member_state_conflict');
    await org.db.update(users).set({ lockedUntil: new Date(Date.now() + 15 * 60_000) }).where(eq(users.id, target.id));
    const unlocked = await org.owner.post(`/api/members/${target.id}/unlock`);
    expect(unlocked.json<{ locked: boolean }>().locked).toBe(false);
    expect((await org.testApp.client().login(target.email, STRONG_PASSWORD)).statusCode).toBe(200);
  });

  /** The organisation's admin-recovery rule (AD-02: by default a second approver and a 24-hour cool-down). */
  async function setAdminRecovery(rule: { twoStepResetDelayHours: number; twoStepResetNeedsApproval: boolean }) {
    const current = (await org.owner.get('/api/security-policy')).json<{ policy: Record<string, unknown> }>().policy;
    expect((await org.owner.request('PUT', '/api/security-policy', { policy: { ...current, adminRecovery: rule } })).statusCode).toBe(200);
  }

  it('with the cool-down off (no delay, no approval), resets two-step at once: factors gone, sessions ended, the member must enrol before anything else', async () => {
    const target = await member();
    await enrolTotp(target.client);
    // The default waits for a second admin and a day (two-step-reset.test.ts); this organisation opted out.
    await setAdminRecovery({ twoStepResetDelayHours: 0, twoStepResetNeedsApproval: false });
    const reset = await org.owner.post(`/api/members/${target.id}/two-step/reset`, { verification: { method: 'in_person_id', note: 'badge checked' } }).finally(() => setAdminRecovery({ twoStepResetDelayHours: 24, twoStepResetNeedsApproval: true }));
    expect(reset.statusCode).toBe(200);
    expect(reset.json<{ applied: boolean }>().applied).toBe(true);
    expect((await target.client.get('/api/auth/session')).statusCode).toBe(401);
    // The password alone signs in now (no factor left), but every API except enrolment refuses.
    const signIn = await passwordStep(org.testApp, target.email);
    expect(signIn.status).toBe(200);
    expect(errorCode(await signIn.client.get('/api/account/recovery'))).toBe('mfa_enrollment_required');
    const session = (await signIn.client.get('/api/auth/session')).json<{ twoStep: { required: boolean; enrolled: boolean; deadline: string | null } }>();
    expect(session.twoStep).toMatchObject({ required: true, enrolled: false });
    expect(new Date(session.twoStep.deadline ?? '').getTime()).toBeLessThanOrEqual(Date.now());
    await enrolTotp(signIn.client);
    expect((await signIn.client.get('/api/account/recovery')).statusCode).toBe(200);
    const [row] = await org.db.select().from(users).where(eq(users.id, target.id));
    expect(row?.twoStepReenrolRequired).toBe(false);
    // The notice carries a "this wasn't me" link.
    expect((await latestMail(org.db, target.email, 'adminActionWithFreeze'))?.textBody).toMatch(/#token=/);
  });

  it('assisted recovery by mail: no link in the response or the audit log; the member sets their own password once', async () => {
    const target = await member();
    const issued = await org.owner.post(`/api/members/${target.id}/recovery-link`, { verification: { method: 'hr_callback', note: 'called +86 number from HR file' }, delivery: { channel: 'email', address: target.email } });
    expect(issued.statusCode).toBe(201);
    expect(issued.json<{ link: string | null; qrSvg: string | null }>()).toMatchObject({ link: null, qrSvg: null });
    expect(issued.body).not.toMatch(/token|recover#/);
    const mail = await latestMail(org.db, target.email, 'assistedRecoveryLink');
    const token = linkTokenIn(mail?.textBody);
    const audit = await org.db.select().from(auditEvents).where(eq(auditEvents.targetUserId, target.id));
    expect(JSON.stringify(audit)).not.toContain(token);
    expect(audit.find((event) => event.action === 'assisted_recovery_link_issued')?.details).toMatchObject({ verification: 'hr_callback', delivery: 'email' });

    const visitor = org.testApp.client({ ip: '203.0.113.40' });
    expect((await visitor.get(`/api/recovery-links/${token}`)).json<{ valid: boolean; email: string }>()).toMatchObject({ valid: true, email: target.email });
    const weak = await visitor.post('/api/recovery-links/redeem', { token, password: 'short' });
    expect(errorCode(weak)).toBe('password_rejected');
    const redeemed = await visitor.post('/api/recovery-links/redeem', { token, password: NEW_PASSWORD });
    expect(redeemed.statusCode).toBe(200);
    expect(redeemed.json<{ user: { email: string } }>().user.email).toBe(target.email);
    // The member's old sessions ended; the new one works; the old password is gone.
    expect((await target.client.get('/api/auth/session')).statusCode).toBe(401);
    expect((await visitor.get('/api/account/recovery')).statusCode).toBe(200);
    expect((await org.testApp.client().login(target.email, STRONG_PASSWORD)).statusCode).toBe(401);
    // Replay: the link works once.
    const replay = await org.testApp.client({ ip: '203.0.113.41' }).post('/api/recovery-links/redeem', { token, password: 'another fine passphrase 8812' });
    expect(errorCode(replay)).toBe('token_used');
  });

  it('assisted recovery in person: the link and QR are shown once; two concurrent redeems let exactly one through', async () => {
    const target = await member();
    const issued = await org.owner.post(`/api/members/${target.id}/recovery-link`, { verification, delivery: { channel: 'in_person' } });
    const { link, qrSvg } = issued.json<{ link: string; qrSvg: string }>();
    expect(link).toMatch(/^http:\/\/localhost:3000\/recover#token=[A-Za-z0-9_-]{43}$/);
    expect(qrSvg).toContain('<svg');
    const token = linkTokenIn(link);
    const attempts = await Promise.all([
      org.testApp.client({ ip: '203.0.113.42' }).post('/api/recovery-links/redeem', { token, password: NEW_PASSWORD }),
      org.testApp.client({ ip: '203.0.113.43' }).post('/api/recovery-links/redeem', { token, password: NEW_PASSWORD }),
    ]);
    expect(attempts.map((response) => response.statusCode).sort()).toEqual([200, 400]);
    // A newer link voids the older one.
    const first = linkTokenIn((await org.owner.post(`/api/members/${target.id}/recovery-link`, { verification, delivery: { channel: 'in_person' } })).json<{ link: string }>().link);
    await org.owner.post(`/api/members/${target.id}/recovery-link`, { verification, delivery: { channel: 'in_person' } });
    expect((await org.testApp.client().get(`/api/recovery-links/${first}`)).json<{ valid: boolean }>().valid).toBe(false);
  });

  it('a member who keeps a second factor must still pass it after an assisted recovery', async () => {
    const target = await member();
    await enrolTotp(target.client);
    const issued = await org.owner.post(`/api/members/${target.id}/recovery-link`, { verification, delivery: { channel: 'in_person' } });
    const token = linkTokenIn(issued.json<{ link: string }>().link);
    const visitor = org.testApp.client({ ip: '203.0.113.44' });
    const redeemed = await visitor.post('/api/recovery-links/redeem', { token, password: NEW_PASSWORD });
    expect(redeemed.json<unknown>()).toEqual({ signedIn: false, email: target.email });
    expect((await visitor.get('/api/auth/session')).statusCode).toBe(401);
    const signIn = await passwordStep(org.testApp, target.email, { password: NEW_PASSWORD });
    expect(signIn.status).toBe(200);
    expect(signIn.methods).toContain('totp');
  });

  it('malformed, unknown and expired recovery links answer plainly', async () => {
    const visitor = org.testApp.client({ ip: '203.0.113.45' });
    expect((await visitor.get('/api/recovery-links/short')).json<{ valid: boolean; reason: string }>()).toEqual({ valid: false, reason: 'invalid' });
    const unknown = 'A'.repeat(43);
    expect(errorCode(await visitor.post('/api/recovery-links/redeem', { token: unknown, password: NEW_PASSWORD }))).toBe('token_invalid');
    const target = await member();
    const expired = await org.testApp.context.identity.tokens.issue(target.id, 'assisted_recovery', -1);
    expect(errorCode(await visitor.post('/api/recovery-links/redeem', { token: expired, password: NEW_PASSWORD }))).toBe('token_expired');
    // A token of another purpose (an unlock link) is not a recovery link.
    const unlock = await org.testApp.context.identity.tokens.issue(target.id, 'unlock', 15);
    expect(errorCode(await visitor.post('/api/recovery-links/redeem', { token: unlock, password: NEW_PASSWORD }))).toBe('token_invalid');
  });

  it('two-person rule: an owner acting on an owner waits for a third owner; forged or self approvals fail', async () => {
    const ownerB = await secondOwner();
    const ownerC = await secondOwner();
    const requested = await org.owner.post(`/api/members/${ownerB.id}/sessions/end`);
    expect(requested.statusCode).toBe(202);
    const approvalId = requested.json<{ approval: { id: string } }>().approval.id;
    // Nothing happened yet.
    expect((await ownerB.client.get('/api/auth/session')).statusCode).toBe(200);
    expect(errorCode(await org.owner.post(`/api/members/${ownerB.id}/sessions/end`))).toBe('approval_pending');

    // The requester cannot approve their own request; the target cannot approve an action on themselves.
    expect(errorCode(await org.owner.post(`/api/approvals/${approvalId}/approve`))).toBe('approval_not_allowed');
    expect(errorCode(await ownerB.client.post(`/api/approvals/${approvalId}/approve`))).toBe('approval_not_allowed');
    // An admin is not an owner; an unknown id is not found.
    const admin = await member('admin');
    expect(errorCode(await admin.client.post(`/api/approvals/${approvalId}/approve`))).toBe('approval_not_allowed');
    expect(errorCode(await ownerC.client.post('/api/approvals/00000000-0000-4000-8000-000000000000/approve'))).toBe('approval_not_found');

    const pending = (await ownerC.client.get('/api/approvals')).json<{ id: string; canApprove: boolean }[]>();
    expect(pending.find((item) => item.id === approvalId)?.canApprove).toBe(true);
    const [approved, twice] = await Promise.all([ownerC.client.post(`/api/approvals/${approvalId}/approve`), ownerC.client.post(`/api/approvals/${approvalId}/approve`)]);
    expect([approved.statusCode, twice.statusCode].sort()).toEqual([200, 409]);
    expect((await ownerB.client.get('/api/auth/session')).statusCode).toBe(401);
    const audit = await org.db.select().from(auditEvents).where(eq(auditEvents.action, 'member_sessions_ended')).orderBy(auditEvents.id);
    expect(audit.at(-1)?.details).toMatchObject({ approvedBy: ownerC.email });
  });

  it('AD-02: opening a way into a peer admin needs another admin or owner; ordinary actions on admins do not', async () => {
    const requester = await member('admin');
    const target = await member('admin');
    const peer = await member('admin');
    expect((await requester.client.post(`/api/members/${target.id}/sessions/end`)).statusCode).toBe(200);
    const requested = await requester.client.post(`/api/members/${target.id}/two-step/reset`, { verification });
    expect(requested.statusCode).toBe(202);
    const id = requested.json<{ approval: { id: string } }>().approval.id;
    expect(errorCode(await requester.client.post(`/api/approvals/${id}/approve`))).toBe('approval_not_allowed');
    const signedInTarget = org.testApp.client();
    await signedInTarget.login(target.email, STRONG_PASSWORD);
    expect(errorCode(await signedInTarget.post(`/api/approvals/${id}/approve`))).toBe('approval_not_allowed');
    // A sales member cannot even see the queue.
    const sales = await member();
    expect((await sales.client.get('/api/approvals')).statusCode).toBe(403);
    expect((await latestMail(org.db, peer.email, 'approvalRequested'))?.textBody).toContain(requester.email.replace(/@.*/, '').replace('member', 'Member '));
    const approved = await peer.client.post(`/api/approvals/${id}/approve`);
    expect(approved.statusCode).toBe(200);
    // Approved, the reset waits out the organisation's cool-down; the lifecycle sweep applies it after that.
    expect(approved.json<{ result: { applied: boolean } }>().result.applied).toBe(false);
    expect((await userRow(target.id)).twoStepReenrolRequired).toBe(false);
    await new LifecycleSweep(org.testApp.context.identity).run(new Date(Date.now() + 25 * 3_600_000));
    expect((await userRow(target.id)).twoStepReenrolRequired).toBe(true);
    const [event] = await org.db.select().from(auditEvents).where(and(eq(auditEvents.action, 'member_two_step_reset'), eq(auditEvents.targetUserId, target.id)));
    expect(event).toMatchObject({ actorLabel: requester.email });
    expect(event?.details).toMatchObject({ approvedBy: peer.email, verification: 'video_call' });
  });

  it('approvals expire, can be cancelled, and need a step-up to approve', async () => {
    const ownerB = await secondOwner();
    const ownerC = await secondOwner();
    const first = (await org.owner.post(`/api/members/${ownerB.id}/require-password-change`)).json<{ approval: { id: string } }>().approval.id;
    expect((await org.owner.post(`/api/approvals/${first}/cancel`)).statusCode).toBe(204);
    expect(errorCode(await ownerC.client.post(`/api/approvals/${first}/approve`))).toBe('approval_decided');

    const second = (await org.owner.post(`/api/members/${ownerB.id}/require-password-change`)).json<{ approval: { id: string } }>().approval.id;
    await ageSession(org.db, ownerC.client);
    expect(errorCode(await ownerC.client.post(`/api/approvals/${second}/approve`))).toBe('reauthentication_required');
    const { adminApprovals } = await import('./admin.tables.ts');
    await org.db.update(adminApprovals).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(adminApprovals.id, second));
    const fresh = org.testApp.client();
    expect((await fresh.login(ownerC.email, STRONG_PASSWORD)).statusCode).toBe(200);
    expect(errorCode(await fresh.post(`/api/approvals/${second}/approve`))).toBe('approval_expired');
    const [row] = await org.db.select().from(users).where(eq(users.id, ownerB.id));
    expect(row?.passwordChangeRequired).toBe(false);
  });

  it('the member list shows two-step status, ways back and the admin-required password change', async () => {
    const target = await member();
    await enrolTotp(target.client);
    const list = (await org.owner.get('/api/members')).json<{ id: string; twoStep: { enrolled: boolean; methods: string[] }; recoveryWays: number }[]>();
    const row = list.find((item) => item.id === target.id);
    expect(row?.twoStep).toMatchObject({ enrolled: true, methods: ['totp'] });
    expect(row?.recoveryWays).toBeGreaterThanOrEqual(2);
    // The list counts for everyone at once; each member's figure is the one the per-user readiness check gives.
    const { identity } = org.testApp.context;
    for (const item of list) {
      const user = await identity.users.findById(item.id);
      if (!user) throw new Error('listed member not found');
      const factors = await countActiveFactors(org.db, user.id);
      expect(item.recoveryWays).toBe(countWaysBack(await identity.channels.verifiedChannels(user), factorWaysFromCounts(factors)));
      expect(item.twoStep.enrolled).toBe(factors.totp + factors.passkeys + factors.sms > 0);
    }
    const events = await org.owner.get(`/api/members/${target.id}/events`);
    expect(events.json<{ action: string }[]>().map((event) => event.action)).toContain('two_step_factor_added');
  });
});
