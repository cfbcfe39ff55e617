import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createMember, STRONG_PASSWORD, type TestClient } from '../../../test/app.ts';
import { ageSession, latestMail, mailsTo, textsTo, useOrganizationApp, type OrganizationApp } from '../../../test/channel-helpers.ts';
import { awayFromStepEdge, enrolTotp, errorCode, passwordStep, secondStep, totpCode } from '../../../test/two-step.ts';
import { auditEvents } from '../../audit/audit.tables.ts';
import { translate } from '../../i18n/i18n.ts';
import { countActiveFactors } from '../mfa/two-step-policy.ts';
import { users } from '../users/user.tables.ts';
import { twoStepResets } from './admin.tables.ts';
import { LifecycleSweep } from './lifecycle.jobs.ts';

/**
 * AD-02, admin-assisted two-step reset: a second admin approves (default), the member is told at once on every
 * verified channel with a link to cancel, and nothing changes until the cool-down (default 24 h) is over; then the
 * lifecycle sweep applies it exactly once. Attack tests: self-approval, replayed or forged cancel links, a cancel
 * after the fact, two sweeps at once, a second request, a request nobody could approve.
 */

const HOUR_MS = 3_600_000;
const verification = { method: 'video_call' as const, note: 'Ticket HR-2231' };
const CANCEL_LINK = /\/cancel-two-step-reset#token=([A-Za-z0-9_-]{43})/;

interface Member {
  client: TestClient;
  id: string;
  email: string;
  name: string;
}

/** Factories over one organisation app: members by role, the policy, the sweep at a chosen time. */
function organizationKit(org: OrganizationApp, domain: string) {
  let counter = 0;
  let ipCounter = 0;
  return {
    async member(role = 'sales'): Promise<Member> {
      counter += 1;
      const email = `member${counter}@${domain}`;
      const name = `Member ${counter}`;
      const created = await createMember(org.testApp, org.owner, { email, name, role });
      return { ...created, email, name };
    },
    /** A fresh client IP per visitor, so the per-IP limits of the token endpoints never interfere. */
    visitor(): TestClient {
      ipCounter += 1;
      return org.testApp.client({ ip: `198.51.100.${ipCounter}` });
    },
    async setAdminRecovery(rule: { twoStepResetDelayHours: number; twoStepResetNeedsApproval: boolean }) {
      const current = (await org.owner.get('/api/security-policy')).json<{ policy: Record<string, unknown> }>().policy;
      const saved = await org.owner.request('PUT', '/api/security-policy', { policy: { ...current, adminRecovery: rule } });
      expect(saved.statusCode).toBe(200);
    },
    /** The lifecycle sweep as if it ran `hoursFromNow` from now. */
    sweep(hoursFromNow = 0) {
      return new LifecycleSweep(org.testApp.context.identity).run(new Date(Date.now() + hoursFromNow * HOUR_MS));
    },
    async user(id: string) {
      const [row] = await org.db.select().from(users).where(eq(users.id, id));
      if (!row) throw new Error('member missing');
      return row;
    },
    resetsOf(id: string) {
      return org.db.select().from(twoStepResets).where(eq(twoStepResets.userId, id));
    },
    auditFor(id: string, action: string) {
      return org.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.targetUserId, id), eq(auditEvents.action, action)));
    },
  };
}

const factorCount = async (org: OrganizationApp, id: string) => {
  const counts = await countActiveFactors(org.db, id);
  return counts.totp + counts.passkeys + counts.sms;
};

describe('two-step reset with the default policy (approval by a second admin, 24 h cool-down)', () => {
  const org = useOrganizationApp();
  const kit = organizationKit(org, 'acme.test');

  /** Owner asks, an admin approves: the reset is then pending. Returns the approval reply and the approver. */
  async function approvedReset(target: Member) {
    const approver = await kit.member('admin');
    const requested = await org.owner.post(`/api/members/${target.id}/two-step/reset`, { verification });
    expect(requested.statusCode).toBe(202);
    const approvalId = requested.json<{ approval: { id: string } }>().approval.id;
    const approved = await approver.client.post(`/api/approvals/${approvalId}/approve`);
    expect(approved.statusCode).toBe(200);
    return { approver, reset: approved.json<{ result: { id: string; effectiveAt: string; applied: boolean } }>().result };
  }

  it('needs a second admin even for a sales member; neither the requester nor the member may approve', async () => {
    const approver = await kit.member('admin');
    const target = await kit.member();
    const totp = await enrolTotp(target.client);
    const requested = await org.owner.post(`/api/members/${target.id}/two-step/reset`, { verification });
    expect(requested.statusCode).toBe(202);
    const approvalId = requested.json<{ approval: { id: string } }>().approval.id;
    // Nothing happened yet, and nobody was told anything that could be cancelled.
    expect(await factorCount(org, target.id)).toBe(1);
    expect(await kit.resetsOf(target.id)).toHaveLength(0);
    expect(await latestMail(org.db, target.email, 'twoStepResetScheduled')).toBeUndefined();

    expect(errorCode(await org.owner.post(`/api/approvals/${approvalId}/approve`))).toBe('approval_not_allowed');
    // The member has no members.manage; made an admin they still could not approve their own reset.
    expect((await target.client.post(`/api/approvals/${approvalId}/approve`)).statusCode).toBe(403);
    // Nor can a page on another site make the owner's browser approve it.
    expect(errorCode(await org.owner.post(`/api/approvals/${approvalId}/approve`, undefined, { origin: 'https://evil.example' }))).toBe('csrf_rejected');
    // The same request again waits on the first one.
    expect(errorCode(await org.owner.post(`/api/members/${target.id}/two-step/reset`, { verification }))).toBe('approval_pending');

    const approved = await approver.client.post(`/api/approvals/${approvalId}/approve`);
    expect(approved.statusCode).toBe(200);
    const result = approved.json<{ result: { effectiveAt: string; applied: boolean } }>().result;
    expect(result.applied).toBe(false);
    const delay = new Date(result.effectiveAt).getTime() - Date.now();
    expect(delay).toBeGreaterThan(23.9 * HOUR_MS);
    expect(delay).toBeLessThanOrEqual(24 * HOUR_MS);
    const [stored] = await kit.resetsOf(target.id);
    expect(stored).toMatchObject({ verificationMethod: 'video_call', verificationNote: 'Ticket HR-2231', appliedAt: null, cancelledAt: null });
    expect(stored?.approvedBy).toBe(approver.id);
    const [requestedEvent] = await kit.auditFor(target.id, 'member_two_step_reset_requested');
    expect(requestedEvent?.details).toMatchObject({ verification: 'video_call', delayHours: 24, approvedBy: approver.email });

    // Before the cool-down is over nothing changes: the session lives, sign-in still asks for the factor and takes it.
    expect((await kit.sweep(23)).twoStepResetsApplied).toBe(0);
    expect((await target.client.get('/api/auth/session')).statusCode).toBe(200);
    const signIn = await passwordStep(org.testApp, target.email);
    expect(signIn.methods).toContain('totp');
    await awayFromStepEdge();
    expect((await secondStep(signIn.client, signIn.challenge, 'totp', totpCode(totp.secret))).statusCode).toBe(200);
    expect((await kit.user(target.id)).twoStepReenrolRequired).toBe(false);
    expect(await factorCount(org, target.id)).toBe(1);

    // The members console shows when it takes effect.
    const listed = (await org.owner.get('/api/members')).json<{ id: string; twoStep: { resetEffectiveAt: string | null } }[]>();
    expect(listed.find((item) => item.id === target.id)?.twoStep.resetEffectiveAt).toBe(result.effectiveAt);
  });

  it('tells the member at once by mail and SMS with one cancel link; the link voids the reset and alerts the admins', async () => {
    const target = await kit.member();
    await enrolTotp(target.client);
    const phone = '+8613800138123';
    await org.testApp.context.identity.users.update(target.id, { phone, phoneVerifiedAt: new Date() });
    const { reset, approver } = await approvedReset(target);

    const mail = await latestMail(org.db, target.email, 'twoStepResetScheduled');
    const [text] = await textsTo(org.db, phone);
    const token = CANCEL_LINK.exec(mail?.textBody ?? '')?.[1] ?? '';
    expect(token).toHaveLength(43);
    expect(text?.text).toContain(`/cancel-two-step-reset#token=${token}`);
    expect(mail?.textBody).toContain('Wang Li');
    // The token lives only in the fragment of the link: never in the audit log.
    const audit = await org.db.select().from(auditEvents).where(eq(auditEvents.targetUserId, target.id));
    expect(JSON.stringify(audit)).not.toContain(token);

    // Opening the link only shows what it would cancel.
    const inspected = (await kit.visitor().get(`/api/two-step-reset-cancellations/${token}`)).json<{ valid: boolean; effectiveAt: string; requestedBy: string }>();
    expect(inspected).toMatchObject({ valid: true, effectiveAt: reset.effectiveAt, requestedBy: 'Wang Li' });
    expect((await kit.resetsOf(target.id))[0]?.cancelledAt).toBeNull();

    // A forged token (one character changed) and a token of another purpose are refused.
    const forged = `${token.slice(0, 42)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect(errorCode(await kit.visitor().post('/api/two-step-reset-cancellations/cancel', { token: forged }))).toBe('token_invalid');
    const freeze = await org.testApp.context.identity.tokens.issue(target.id, 'freeze', 60);
    expect(errorCode(await kit.visitor().post('/api/two-step-reset-cancellations/cancel', { token: freeze }))).toBe('token_invalid');

    const cancelled = await kit.visitor().post('/api/two-step-reset-cancellations/cancel', { token });
    expect(cancelled.statusCode).toBe(200);
    const replay = await kit.visitor().post('/api/two-step-reset-cancellations/cancel', { token });
    expect(replay.statusCode).toBe(400);
    expect(errorCode(replay)).toBe('token_used');
    expect((await kit.visitor().get(`/api/two-step-reset-cancellations/${token}`)).json<{ valid: boolean }>().valid).toBe(false);

    const [row] = await kit.resetsOf(target.id);
    expect(row).toMatchObject({ cancelReason: 'member', cancelledBy: null, appliedAt: null });
    const [event] = await kit.auditFor(target.id, 'member_two_step_reset_cancelled');
    expect(event).toMatchObject({ actorUserId: target.id });
    expect(event?.details).toMatchObject({ reason: 'member' });
    // Every owner and admin hears of it (the requester and the approver among them).
    const ownerEmail = (await org.owner.get('/api/auth/session')).json<{ user: { email: string } }>().user.email;
    expect((await latestMail(org.db, ownerEmail, 'twoStepResetCancelledAdminAlert'))?.textBody).toContain(target.email);
    expect(await latestMail(org.db, approver.email, 'twoStepResetCancelledAdminAlert')).toBeDefined();

    // Long after the cool-down the sweep finds nothing to do.
    await kit.sweep(48);
    expect(await factorCount(org, target.id)).toBe(1);
    expect((await kit.user(target.id)).twoStepReenrolRequired).toBe(false);
    expect(await kit.auditFor(target.id, 'member_two_step_reset')).toHaveLength(0);
  });

  it('the sweep applies a due reset once, even with two sweeps at once; a cancel link used afterwards is refused', async () => {
    const target = await kit.member();
    await enrolTotp(target.client);
    const { reset, approver } = await approvedReset(target);
    const token = CANCEL_LINK.exec((await latestMail(org.db, target.email, 'twoStepResetScheduled'))?.textBody ?? '')?.[1] ?? '';

    await Promise.all([kit.sweep(24.1), kit.sweep(24.1)]);
    expect(await kit.auditFor(target.id, 'member_two_step_reset')).toHaveLength(1);
    const [applied] = await kit.auditFor(target.id, 'member_two_step_reset');
    // The original requester and approver, and how the member was verified.
    expect(applied?.actorLabel).toBe((await org.owner.get('/api/auth/session')).json<{ user: { email: string } }>().user.email);
    expect(applied?.details).toMatchObject({ resetId: reset.id, verification: 'video_call', note: 'Ticket HR-2231', approvedBy: approver.email, delayed: true, factorsRemoved: 1 });
    expect(await factorCount(org, target.id)).toBe(0);
    expect((await kit.user(target.id)).twoStepReenrolRequired).toBe(true);
    expect((await target.client.get('/api/auth/session')).statusCode).toBe(401);
    const signIn = await passwordStep(org.testApp, target.email);
    expect(errorCode(await signIn.client.get('/api/account/recovery'))).toBe('mfa_enrollment_required');
    // The member is told it happened, with a freeze link but no new cancel link.
    const notice = await latestMail(org.db, target.email, 'twoStepResetApplied');
    expect(notice?.textBody).toMatch(/\/freeze#token=/);
    expect(notice?.textBody).not.toMatch(CANCEL_LINK);

    const late = await kit.visitor().post('/api/two-step-reset-cancellations/cancel', { token });
    expect(late.statusCode).toBe(400);
    expect((await kit.resetsOf(target.id))[0]?.cancelledAt).toBeNull();
    // A later sweep does not apply it again.
    await kit.sweep(30);
    expect(await kit.auditFor(target.id, 'member_two_step_reset')).toHaveLength(1);
  });

  it('one open reset per member: a second request is refused with 409 before any approval is asked for', async () => {
    const target = await kit.member();
    await enrolTotp(target.client);
    await approvedReset(target);
    const again = await org.owner.post(`/api/members/${target.id}/two-step/reset`, { verification });
    expect(again.statusCode).toBe(409);
    expect(errorCode(again)).toBe('two_step_reset_pending');
    expect(again.json<{ error: { message: string } }>().error.message).toBe(translate('en', 'errors.two_step_reset_pending'));
    const viaLink = await org.owner.post(`/api/members/${target.id}/recovery-link`, { verification, delivery: { channel: 'in_person' }, resetTwoStep: true });
    expect(errorCode(viaLink)).toBe('two_step_reset_pending');
    // The index holds even when the check is skipped (two requests racing past it).
    const [existing] = await kit.resetsOf(target.id);
    if (!existing) throw new Error('reset missing');
    const { id: _id, ...copy } = existing;
    await expect(org.db.insert(twoStepResets).values({ ...copy, createdAt: new Date() })).rejects.toThrow();
    expect(await kit.resetsOf(target.id)).toHaveLength(1);
  });

  it('an admin cancels a pending reset from the console (step-up, audited, member told); sales cannot', async () => {
    const target = await kit.member();
    await enrolTotp(target.client);
    const { approver } = await approvedReset(target);
    const sales = await kit.member();
    expect((await sales.client.post(`/api/members/${target.id}/two-step/reset/cancel`)).statusCode).toBe(403);
    await ageSession(org.db, approver.client);
    expect(errorCode(await approver.client.post(`/api/members/${target.id}/two-step/reset/cancel`))).toBe('reauthentication_required');
    // Another organisation's member id answers as unknown.
    expect((await org.owner.post('/api/members/00000000-0000-4000-8000-000000000000/two-step/reset/cancel')).statusCode).toBe(404);

    const cancelled = await org.owner.post(`/api/members/${target.id}/two-step/reset/cancel`);
    expect(cancelled.statusCode).toBe(200);
    expect((await kit.resetsOf(target.id))[0]).toMatchObject({ cancelReason: 'admin' });
    expect((await kit.auditFor(target.id, 'member_two_step_reset_cancelled'))[0]?.details).toMatchObject({ reason: 'admin' });
    expect((await latestMail(org.db, target.email, 'adminAction'))?.textBody).toContain('pending two-step reset cancelled');
    expect(errorCode(await org.owner.post(`/api/members/${target.id}/two-step/reset/cancel`))).toBe('member_state_conflict');
    // The member's own link died with it.
    const token = CANCEL_LINK.exec((await latestMail(org.db, target.email, 'twoStepResetScheduled'))?.textBody ?? '')?.[1] ?? '';
    expect((await kit.visitor().post('/api/two-step-reset-cancellations/cancel', { token })).statusCode).toBe(400);
    await kit.sweep(48);
    expect(await factorCount(org, target.id)).toBe(1);
  });

  it('deactivation and a freeze void an open reset; a requester who lost their rights gets nothing applied', async () => {
    const deactivated = await kit.member();
    await enrolTotp(deactivated.client);
    await approvedReset(deactivated);
    expect((await org.owner.post(`/api/members/${deactivated.id}/deactivate`, {})).statusCode).toBe(200);
    expect((await kit.resetsOf(deactivated.id))[0]).toMatchObject({ cancelReason: 'deactivated', appliedAt: null });
    expect((await kit.auditFor(deactivated.id, 'member_deactivated'))[0]?.details).toMatchObject({ twoStepResetVoided: true });
    const deadLink = CANCEL_LINK.exec((await latestMail(org.db, deactivated.email, 'twoStepResetScheduled'))?.textBody ?? '')?.[1] ?? '';
    expect((await kit.visitor().get(`/api/two-step-reset-cancellations/${deadLink}`)).json<{ valid: boolean }>().valid).toBe(false);

    const frozen = await kit.member();
    await enrolTotp(frozen.client);
    await approvedReset(frozen);
    const freezeToken = await org.testApp.context.identity.tokens.issue(frozen.id, 'freeze', 60);
    expect((await kit.visitor().post('/api/auth/freeze', { token: freezeToken })).statusCode).toBe(200);
    expect((await kit.resetsOf(frozen.id))[0]).toMatchObject({ cancelReason: 'frozen' });

    // The requesting admin is demoted before the reset takes effect: it dies with their rights.
    const requester = await kit.member('admin');
    const target = await kit.member();
    await enrolTotp(target.client);
    const requested = await requester.client.post(`/api/members/${target.id}/two-step/reset`, { verification });
    const approvalId = requested.json<{ approval: { id: string } }>().approval.id;
    const approved = await org.owner.post(`/api/approvals/${approvalId}/approve`);
    expect(approved.statusCode).toBe(200);
    expect((await org.owner.request('PATCH', `/api/members/${requester.id}`, { role: 'sales' })).statusCode).toBe(200);
    await kit.sweep(25);
    expect(await factorCount(org, target.id)).toBe(1);
    expect((await kit.resetsOf(target.id))[0]).toMatchObject({ cancelReason: 'requester_revoked', appliedAt: null });

    await kit.sweep(48);
    for (const member of [deactivated, frozen, target]) expect(await kit.auditFor(member.id, 'member_two_step_reset')).toHaveLength(0);
    expect(await factorCount(org, frozen.id)).toBe(1);
  });

  it('a recovery link that includes a two-step reset follows the same rule: approval, then the cool-down', async () => {
    const target = await kit.member();
    await enrolTotp(target.client);
    const requested = await org.owner.post(`/api/members/${target.id}/recovery-link`, { verification, delivery: { channel: 'in_person' }, resetTwoStep: true });
    expect(requested.statusCode).toBe(202);
    // Without the reset, a recovery link for a sales member needs nobody else.
    expect((await org.owner.post(`/api/members/${target.id}/recovery-link`, { verification, delivery: { channel: 'in_person' } })).statusCode).toBe(201);
    const approver = await kit.member('admin');
    const approved = await approver.client.post(`/api/approvals/${requested.json<{ approval: { id: string } }>().approval.id}/approve`);
    expect(approved.statusCode).toBe(200);
    expect(await factorCount(org, target.id)).toBe(1);
    expect((await kit.resetsOf(target.id))[0]?.appliedAt).toBeNull();
    expect(await latestMail(org.db, target.email, 'twoStepResetScheduled')).toBeDefined();
  });

  it('the policy: strict by default, weaker choices named and audited, out-of-range values refused', async () => {
    const read = (await org.owner.get('/api/security-policy')).json<{ policy: { adminRecovery: unknown }; weaknesses: string[] }>();
    expect(read.policy.adminRecovery).toEqual({ twoStepResetDelayHours: 24, twoStepResetNeedsApproval: true });
    expect(read.weaknesses).toEqual([]);
    for (const bad of [{ twoStepResetDelayHours: 169, twoStepResetNeedsApproval: true }, { twoStepResetDelayHours: -1, twoStepResetNeedsApproval: true }, { twoStepResetDelayHours: 24 }]) {
      const current = (await org.owner.get('/api/security-policy')).json<{ policy: Record<string, unknown> }>().policy;
      expect(errorCode(await org.owner.request('PUT', '/api/security-policy', { policy: { ...current, adminRecovery: bad } }))).toBe('validation_failed');
    }
    await kit.setAdminRecovery({ twoStepResetDelayHours: 0, twoStepResetNeedsApproval: false });
    const weaker = (await org.owner.get('/api/security-policy')).json<{ weaknesses: string[] }>().weaknesses;
    expect(weaker).toEqual(['immediateTwoStepReset', 'twoStepResetWithoutApproval']);
    await kit.setAdminRecovery({ twoStepResetDelayHours: 4, twoStepResetNeedsApproval: true });
    expect((await org.owner.get('/api/security-policy')).json<{ weaknesses: string[] }>().weaknesses).toEqual(['shortTwoStepResetDelay']);
    const changes = await org.db.select().from(auditEvents).where(eq(auditEvents.action, 'security_policy_changed')).orderBy(auditEvents.id);
    expect((changes.at(-1)?.details as { changed: string[] }).changed).toEqual(['adminRecovery.twoStepResetDelayHours', 'adminRecovery.twoStepResetNeedsApproval']);
    await kit.setAdminRecovery({ twoStepResetDelayHours: 24, twoStepResetNeedsApproval: true });
  });
});

describe('two-step reset with a delay of 0 and no approval (the policy switched off)', () => {
  const org = useOrganizationApp({ email: 'owner@zero.test' });
  const kit = organizationKit(org, 'zero.test');

  it('applies at once, as before the cool-down existed', async () => {
    await kit.setAdminRecovery({ twoStepResetDelayHours: 0, twoStepResetNeedsApproval: false });
    const target = await kit.member();
    await enrolTotp(target.client);
    const reset = await org.owner.post(`/api/members/${target.id}/two-step/reset`, { verification });
    expect(reset.statusCode).toBe(200);
    expect(reset.json<{ applied: boolean }>().applied).toBe(true);
    expect(await factorCount(org, target.id)).toBe(0);
    expect((await kit.user(target.id)).twoStepReenrolRequired).toBe(true);
    expect((await target.client.get('/api/auth/session')).statusCode).toBe(401);
    expect((await latestMail(org.db, target.email, 'adminActionWithFreeze'))?.textBody).toMatch(/\/freeze#token=/);
    expect(await mailsTo(org.db, target.email, 'twoStepResetScheduled')).toHaveLength(0);
    expect((await kit.auditFor(target.id, 'member_two_step_reset'))[0]?.details).toMatchObject({ delayed: false, factorsRemoved: 1 });
    // Admins' accounts keep the two-person rule whatever the policy says.
    const admin = await kit.member('admin');
    expect(errorCode(await org.owner.post(`/api/members/${admin.id}/two-step/reset`, { verification }))).toBe('no_second_approver');
  });

  it('with approval but no delay, the approval applies it at once', async () => {
    await kit.setAdminRecovery({ twoStepResetDelayHours: 0, twoStepResetNeedsApproval: true });
    const approver = await kit.member('admin');
    const target = await kit.member();
    await enrolTotp(target.client);
    const requested = await org.owner.post(`/api/members/${target.id}/two-step/reset`, { verification });
    expect(requested.statusCode).toBe(202);
    const approved = await approver.client.post(`/api/approvals/${requested.json<{ approval: { id: string } }>().approval.id}/approve`);
    expect(approved.json<{ result: { applied: boolean } }>().result.applied).toBe(true);
    expect(await factorCount(org, target.id)).toBe(0);
  });
});

describe('two-step reset in an organisation with nobody to approve it', () => {
  const org = useOrganizationApp({ email: 'solo@solo.test' });
  const kit = organizationKit(org, 'solo.test');

  it('refuses at once with a clear, localized error instead of waiting forever; nobody resets their own', async () => {
    const target = await kit.member();
    await enrolTotp(target.client);
    const refused = await org.owner.post(`/api/members/${target.id}/two-step/reset`, { verification });
    expect(refused.statusCode).toBe(409);
    expect(errorCode(refused)).toBe('no_second_approver');
    expect(refused.json<{ error: { message: string } }>().error.message).toBe(translate('en', 'errors.no_second_approver'));
    const chinese = await org.owner.post(`/api/members/${target.id}/two-step/reset`, { verification }, { 'accept-language': 'zh-CN' });
    expect(chinese.json<{ error: { message: string } }>().error.message).toBe(translate('zh-CN', 'errors.no_second_approver'));
    expect(await factorCount(org, target.id)).toBe(1);
    expect(await kit.resetsOf(target.id)).toHaveLength(0);

    // An admin resetting a peer admin, with the owner as the only other person: the owner may approve it.
    const admin = await kit.member('admin');
    const peer = await kit.member('admin');
    expect((await admin.client.post(`/api/members/${peer.id}/two-step/reset`, { verification })).statusCode).toBe(202);
    // Nobody resets their own two-step through the console (self-service exists for that).
    expect(errorCode(await admin.client.post(`/api/members/${admin.id}/two-step/reset`, { verification }))).toBe('self_action_not_allowed');
    const ownerId = (await org.owner.get('/api/auth/session')).json<{ user: { id: string } }>().user.id;
    expect(errorCode(await admin.client.post(`/api/members/${ownerId}/two-step/reset`, { verification }))).toBe('role_not_allowed');
    expect((await org.testApp.client().login(target.email, STRONG_PASSWORD)).json<{ mfaRequired?: boolean }>().mfaRequired).toBe(true);
  });
});
