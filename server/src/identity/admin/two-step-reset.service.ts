import { and, asc, eq, gt, isNull, lte } from 'drizzle-orm';
import { z } from 'zod';
import { publicLink } from '../../config.ts';
import { raise } from '../../http/app-error.ts';
import type { ActionContext } from '../../http/request-context.ts';
import { translate } from '../../i18n/i18n.ts';
import { userLocale } from '../login/login.service.ts';
import { revokeTrustedBrowsers } from '../mfa/trusted-browsers.ts';
import { organizations } from '../orgs/org.tables.ts';
import { adminRecoveryRule } from '../orgs/security-policy.schema.ts';
import { formatTime, requestParams, reserveSmsOrAudit, sendFreezeNotice } from '../recovery/recovery-notices.ts';
import { RecoveryLimits } from '../recovery/recovery-limits.ts';
import type { IdentityDependencies } from '../services.ts';
import type { OrganizationRow, UserRow } from '../sessions/session.service.ts';
import { tokenErrors } from '../tokens/action-token.service.ts';
import { adminErrors } from './admin.errors.ts';
import { adminAuditEntry, type AdminActionInput } from './admin-actions.ts';
import { twoStepResets } from './admin.tables.ts';
import { organizationLocale } from './deactivation.ts';
import { removeAllFactors, type Verification } from './member-actions.ts';
import { notifyMemberOfAdminAction } from './member-notice.ts';

/**
 * AD-02: an admin's two-step reset waits out the organisation's cool-down (adminRecovery.twoStepResetDelayHours)
 * before it touches anything. Meanwhile the member's factors keep working, and every verified address of the member
 * has a single-use link to cancel it — the defence against an admin who was deceived (a caller posing as the member)
 * or whose account was taken over. The lifecycle sweep applies it when the time is up; a delay of 0 applies it at once.
 * Every state change is one conditional UPDATE on the row, so cancelling and applying race safely and two sweeps never
 * apply one reset twice.
 */

export type TwoStepResetRow = typeof twoStepResets.$inferSelect;

/** Why an open reset ended without being applied. */
export type TwoStepResetCancelReason = 'member' | 'admin' | 'deactivated' | 'frozen' | 'requester_revoked';

/** The reply of a reset request: when it takes effect (`applied`: it already did, the delay being 0). */
export const twoStepResetSchema = z.object({ id: z.string(), effectiveAt: z.date(), applied: z.boolean() });

/** How long the "this wasn't me" link in the notice sent once the reset took effect stays valid. */
const FREEZE_LINK_MINUTES = 7 * 24 * 60;
/** Resets applied per sweep; the next sweep takes the rest. */
const BATCH_SIZE = 200;

const isOpen = () => and(isNull(twoStepResets.cancelledAt), isNull(twoStepResets.appliedAt));

export async function findOpenTwoStepReset(deps: IdentityDependencies, userId: string): Promise<TwoStepResetRow | undefined> {
  const [row] = await deps.db.select().from(twoStepResets).where(and(eq(twoStepResets.userId, userId), isOpen()));
  return row;
}

/** Refused before any approval request is stored: one open reset per member. */
export async function assertNoOpenTwoStepReset(deps: IdentityDependencies, userId: string): Promise<void> {
  if (await findOpenTwoStepReset(deps, userId)) raise(adminErrors.TWO_STEP_RESET_PENDING);
}

/** When each member's open reset takes effect (the members console). */
export async function openTwoStepResetsInOrg(deps: Pick<IdentityDependencies, 'db'>, orgId: string): Promise<Map<string, Date>> {
  const rows = await deps.db
    .select({ userId: twoStepResets.userId, effectiveAt: twoStepResets.effectiveAt })
    .from(twoStepResets)
    .where(and(eq(twoStepResets.orgId, orgId), isOpen()));
  return new Map(rows.map((row) => [row.userId, row.effectiveAt]));
}

/**
 * The two-step reset itself, once approved where the policy asks for it. With a cool-down: stores the open reset and
 * tells the member at once on every verified channel, with a link to cancel it valid until it takes effect. Without:
 * applies it now, as before the cool-down existed. `notifyWhenImmediate: false` when the caller tells the member
 * itself (a recovery link that includes the reset).
 */
export async function requestTwoStepReset(deps: IdentityDependencies, input: AdminActionInput, verification: Verification, options: { notifyWhenImmediate?: boolean } = {}) {
  const { actor, member, organization, context } = input;
  if (member.status !== 'active' && member.status !== 'frozen') raise(adminErrors.MEMBER_STATE);
  const delayHours = adminRecoveryRule(organization.securityPolicy).twoStepResetDelayHours;
  const now = new Date();
  const [row] = await deps.db
    .insert(twoStepResets)
    .values({
      orgId: member.orgId,
      userId: member.id,
      requestedBy: actor.id,
      approvedBy: input.approvedBy?.id ?? null,
      verificationMethod: verification.method,
      verificationNote: verification.note ?? null,
      requestIp: context.client.ip,
      requestUserAgent: context.client.userAgent,
      effectiveAt: new Date(now.getTime() + delayHours * 3_600_000),
      createdAt: now,
    })
    // The unique partial index allows one open reset per member; a concurrent second request lands here.
    .onConflictDoNothing()
    .returning();
  if (!row) raise(adminErrors.TWO_STEP_RESET_PENDING);

  if (delayHours === 0) {
    const applied = await applyTwoStepReset(deps, row.id, now, { immediate: input, notify: options.notifyWhenImmediate ?? true });
    if (!applied) throw new Error('immediate two-step reset not applied');
    return { id: row.id, effectiveAt: row.effectiveAt, applied: true, factorsRemoved: applied.factorsRemoved };
  }

  const token = await deps.tokens.issue(member.id, 'two_step_reset_cancel', delayHours * 60, { resetId: row.id });
  await deps.audit.record(
    adminAuditEntry(input, 'member_two_step_reset_requested', { resetId: row.id, verification: verification.method, note: verification.note ?? null, delayHours, effectiveAt: row.effectiveAt.toISOString() }),
    context,
  );
  await sendCancelNotice(deps, { member, actor, organization, context }, row, token);
  return { id: row.id, effectiveAt: row.effectiveAt, applied: false, factorsRemoved: 0 };
}

/** "An admin asked to reset your two-step verification; it takes effect at …" with the cancel link, on every verified channel at once. */
async function sendCancelNotice(deps: IdentityDependencies, input: { member: UserRow; actor: UserRow; organization: OrganizationRow; context: ActionContext }, row: TwoStepResetRow, token: string): Promise<void> {
  const { member, actor, organization, context } = input;
  const url = publicLink(deps.config, `/cancel-two-step-reset#token=${token}`);
  const locale = userLocale(member, context.locale);
  const params = { ...requestParams(deps, organization, locale, context.client), name: member.name, adminName: actor.name, effectiveAt: formatTime(row.effectiveAt) };
  const limits = new RecoveryLimits(deps.db, deps.secrets);
  for (const channel of await deps.channels.verifiedChannels(member)) {
    if (channel.kind === 'email') {
      await deps.mail.send({ to: channel.address, userId: member.id, template: 'twoStepResetScheduled', locale, params, actionUrl: url });
    } else if (await reserveSmsOrAudit(deps, limits, { to: channel.address, userId: member.id, organization, purpose: 'notice', ip: context.client.ip, userAgent: context.client.userAgent })) {
      await deps.sms.send(channel.address, translate(locale, 'sms.twoStepResetScheduled', { ...params, url }), member.id);
    }
  }
}

/**
 * Applies one open reset whose time has come: claims the row with a conditional UPDATE (of two sweeps, or a sweep and
 * a cancel, exactly one wins), then does what the reset always did — every factor, recovery code and pending ceremony
 * removed, trusted browsers revoked, sessions ended, re-enrolment required before anything else — and audits it with
 * the original requester, approver and verification. `immediate`: the request itself (delay 0); otherwise the sweep.
 */
async function applyTwoStepReset(deps: IdentityDependencies, resetId: string, now: Date, options: { immediate?: AdminActionInput; notify?: boolean } = {}) {
  const [claimed] = await deps.db
    .update(twoStepResets)
    .set({ appliedAt: now })
    .where(and(eq(twoStepResets.id, resetId), isOpen(), lte(twoStepResets.effectiveAt, now)))
    .returning();
  if (!claimed) return null;
  const member = options.immediate?.member ?? (await deps.users.findById(claimed.userId));
  const requester = options.immediate?.actor ?? (await deps.users.findById(claimed.requestedBy));
  if (!member || !requester) return null;
  const approver = options.immediate ? options.immediate.approvedBy : claimed.approvedBy ? await deps.users.findById(claimed.approvedBy) : undefined;

  const factorsRemoved = await removeAllFactors(deps, member.id);
  const trustedBrowsersRevoked = await revokeTrustedBrowsers(deps.db, member.id, 'factor_changed');
  const sessionsEnded = await deps.sessions.revokeOthers(member.id, null, 'revoked');
  const updated = await deps.users.update(member.id, { twoStepReenrolRequired: true });
  await deps.tokens.revokeAll(member.id, ['two_step_reset_cancel']);
  const details = {
    resetId: claimed.id,
    verification: claimed.verificationMethod,
    note: claimed.verificationNote,
    requestedAt: claimed.createdAt.toISOString(),
    delayed: !options.immediate,
    factorsRemoved,
    trustedBrowsersRevoked,
    sessionsEnded,
  };
  await deps.audit.record(adminAuditEntry({ actor: requester, member, ...(approver ? { approvedBy: approver } : {}) }, 'member_two_step_reset', details), options.immediate?.context);

  if (options.immediate) {
    if (options.notify !== false) await notifyMemberOfAdminAction(deps, options.immediate, 'reset_two_step', { freezeLink: true });
  } else {
    const [organization] = await deps.db.select().from(organizations).where(eq(organizations.id, member.orgId));
    if (organization) {
      // No cancel link any more (too late for that), but the usual "this wasn't me" link that freezes the account.
      await sendFreezeNotice(deps, new RecoveryLimits(deps.db, deps.secrets), {
        user: member,
        organization,
        client: { ip: claimed.requestIp ?? '', userAgent: claimed.requestUserAgent },
        locale: organizationLocale(organization),
        mailTemplate: 'twoStepResetApplied',
        smsKey: 'sms.twoStepResetApplied',
        params: { adminName: requester.name, requestedAt: formatTime(claimed.createdAt) },
        linkMinutes: FREEZE_LINK_MINUTES,
        keepOthers: true,
      });
    }
  }
  return { row: claimed, member: updated, factorsRemoved };
}

/** The requester must still be allowed to ask when the reset takes effect (as for an approval, approval.service.ts). */
function requesterStillMayAct(requester: UserRow | undefined, member: UserRow): boolean {
  return requester?.status === 'active' && (requester.role === 'owner' || (requester.role === 'admin' && member.role !== 'owner'));
}

/** The lifecycle sweep's part: applies the resets whose cool-down is over, also those that fell due while the server was down. */
export async function applyDueTwoStepResets(deps: IdentityDependencies, now: Date): Promise<number> {
  const due = await deps.db
    .select()
    .from(twoStepResets)
    .where(and(isOpen(), lte(twoStepResets.effectiveAt, now)))
    .orderBy(asc(twoStepResets.effectiveAt))
    .limit(BATCH_SIZE);
  let applied = 0;
  for (const row of due) {
    const [member, requester] = await Promise.all([deps.users.findById(row.userId), deps.users.findById(row.requestedBy)]);
    if (!member) continue;
    // A demoted or deactivated admin's reset dies with their rights: it may be what their takeover was for.
    if (!requesterStillMayAct(requester, member)) {
      const voided = await voidOpenTwoStepReset(deps, member.id, 'requester_revoked', now);
      if (voided) {
        await deps.audit.record({ action: 'member_two_step_reset_cancelled', outcome: 'failure', orgId: member.orgId, targetUserId: member.id, targetLabel: member.email, details: { resetId: voided.id, reason: 'requester_revoked', requestedBy: requester?.email ?? null } });
      }
      continue;
    }
    if (await applyTwoStepReset(deps, row.id, now)) applied += 1;
  }
  return applied;
}

/** Ends the member's open reset without applying it (deactivation, freeze, an admin's or the member's cancel); its cancel links die. */
export async function voidOpenTwoStepReset(deps: IdentityDependencies, userId: string, reason: TwoStepResetCancelReason, now = new Date(), cancelledBy: string | null = null): Promise<TwoStepResetRow | null> {
  const [voided] = await deps.db
    .update(twoStepResets)
    .set({ cancelledAt: now, cancelledBy, cancelReason: reason })
    .where(and(eq(twoStepResets.userId, userId), isOpen()))
    .returning();
  if (!voided) return null;
  await deps.tokens.revokeAll(userId, ['two_step_reset_cancel']);
  return voided;
}

/** Members → "Cancel two-step reset": an admin voids the open reset; the member is told. */
export async function cancelTwoStepResetByAdmin(deps: IdentityDependencies, input: AdminActionInput) {
  const { member, actor } = input;
  const voided = await voidOpenTwoStepReset(deps, member.id, 'admin', new Date(), actor.id);
  if (!voided) raise(adminErrors.MEMBER_STATE);
  await deps.audit.record(adminAuditEntry(input, 'member_two_step_reset_cancelled', { resetId: voided.id, reason: 'admin', effectiveAt: voided.effectiveAt.toISOString() }), input.context);
  await notifyMemberOfAdminAction(deps, input, 'cancel_two_step_reset');
  return { cancelled: true as const };
}

async function openResetOfLink(deps: IdentityDependencies, userId: string, details: Record<string, unknown>): Promise<TwoStepResetRow | undefined> {
  if (typeof details.resetId !== 'string') return undefined;
  const [row] = await deps.db
    .select()
    .from(twoStepResets)
    .where(and(eq(twoStepResets.id, details.resetId), eq(twoStepResets.userId, userId), isOpen(), gt(twoStepResets.effectiveAt, new Date())));
  return row;
}

/** Opening the cancel link shows what it would cancel, without using it (mail scanners pre-fetch links). */
export async function inspectTwoStepResetCancellation(deps: IdentityDependencies, token: string) {
  const state = await deps.tokens.inspect(token, 'two_step_reset_cancel');
  if (!state.valid) return { valid: false as const, reason: state.reason };
  const row = await openResetOfLink(deps, state.userId, state.details);
  const member = await deps.users.findById(state.userId);
  if (!row || !member) return { valid: false as const, reason: 'invalid' as const };
  const requester = await deps.users.findById(row.requestedBy);
  const [organization] = await deps.db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, member.orgId));
  return { valid: true as const, email: member.email, orgName: organization?.name ?? '', requestedBy: requester?.name ?? '', requestedAt: row.createdAt, effectiveAt: row.effectiveAt };
}

/**
 * "I didn't ask for this / I found my device": the member's link voids the open reset (single use, valid until the
 * reset takes effect). The organisation's owners and admins are alerted: someone may be trying to take the account over.
 */
export async function cancelTwoStepResetByMember(deps: IdentityDependencies, token: string, context: ActionContext) {
  const spent = await deps.tokens.consume(token, 'two_step_reset_cancel');
  const resetId = spent.details.resetId;
  const now = new Date();
  const [cancelled] =
    typeof resetId === 'string'
      ? await deps.db
          .update(twoStepResets)
          .set({ cancelledAt: now, cancelledBy: null, cancelReason: 'member' })
          // Past effective_at it is the sweep's: a cancel cannot win against a reset that has taken effect.
          .where(and(eq(twoStepResets.id, resetId), eq(twoStepResets.userId, spent.userId), isOpen(), gt(twoStepResets.effectiveAt, now)))
          .returning()
      : [];
  const member = await deps.users.findById(spent.userId);
  if (!cancelled || !member) raise(tokenErrors.TOKEN_INVALID);
  const requester = await deps.users.findById(cancelled.requestedBy);
  await deps.audit.record(
    { action: 'member_two_step_reset_cancelled', orgId: member.orgId, actorUserId: member.id, actorLabel: member.email, targetUserId: member.id, targetLabel: member.email, details: { resetId: cancelled.id, reason: 'member', requestedBy: requester?.email ?? null, effectiveAt: cancelled.effectiveAt.toISOString() } },
    context,
  );
  await alertAdmins(deps, member, requester, context);
  return { cancelled: true as const, email: member.email };
}

/** Every active owner and admin (the member aside) learns that the member refused the reset. */
async function alertAdmins(deps: IdentityDependencies, member: UserRow, requester: UserRow | undefined, context: ActionContext): Promise<void> {
  const [organization] = await deps.db.select().from(organizations).where(eq(organizations.id, member.orgId));
  if (!organization) return;
  const admins = (await deps.users.listOrgMembers(member.orgId)).filter((candidate) => (candidate.role === 'owner' || candidate.role === 'admin') && candidate.status === 'active' && candidate.id !== member.id);
  for (const admin of admins) {
    const locale = userLocale(admin, context.locale);
    await deps.mail.send({
      to: admin.email,
      userId: admin.id,
      template: 'twoStepResetCancelledAdminAlert',
      locale,
      params: { ...requestParams(deps, organization, locale, context.client), name: admin.name, memberName: member.name, memberEmail: member.email, requesterName: requester?.name ?? '' },
      actionUrl: publicLink(deps.config, '/settings/members'),
    });
  }
}
