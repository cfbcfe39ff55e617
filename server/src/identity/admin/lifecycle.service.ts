import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { z } from 'zod';
import { defineErrors, raise } from '../../http/app-error.ts';
import { translate } from '../../i18n/i18n.ts';
import { memberErrors, toMember } from '../members/member.service.ts';
import { formatTime, requestParams } from '../recovery/recovery-notices.ts';
import type { IdentityDependencies } from '../services.ts';
import { users } from '../users/user.tables.ts';
import { normalizePhone } from '../users/user.service.ts';
import { adminErrors } from './admin.errors.ts';
import { adminAuditEntry, type AdminActionInput, type AdminActionRegistry } from './admin-actions.ts';
import { adminActionLabel, notifyMemberOfAdminAction } from './member-notice.ts';
import { claimDeactivation, closeAccess, DEACTIVATABLE_STATUSES, mailVerifiedAddresses } from './deactivation.ts';
import { issueAssistedRecoveryLink, recoveryLinkBody } from './recovery-link.service.ts';

const DAY_MS = 86_400_000;
/** A deactivation can be scheduled at most this far ahead. */
export const MAX_SCHEDULE_DAYS = 365;
/** A date within this of now means "now" (the admin's clock, the approval's delay). */
const IMMEDIATE_WITHIN_MS = 60_000;

export const lifecycleErrors = defineErrors({
  SCHEDULE_TOO_FAR: { status: 400, code: 'deactivation_too_far_ahead' },
});

export const deactivateBody = z.strictObject({
  /** When to deactivate: omitted, past or within a minute → now; later → scheduled (at most a year ahead). */
  at: z.coerce.date().optional(),
});

/** The scheduled time, or null for "now"; raises when it is more than a year ahead. */
export function scheduledTime(at: Date | undefined, now: Date): Date | null {
  if (!at || at.getTime() <= now.getTime() + IMMEDIATE_WITHIN_MS) return null;
  if (at.getTime() > now.getTime() + MAX_SCHEDULE_DAYS * DAY_MS) raise(lifecycleErrors.SCHEDULE_TOO_FAR, { days: MAX_SCHEDULE_DAYS });
  return at;
}

/**
 * Deactivate (now or on a date), cancel a scheduled deactivation, reactivate (AD-06). Each is an admin action, so the
 * guard's checks and the two-person rule apply. Deactivating an invited member revokes the invitation (same status,
 * the invitation link dies); reactivation never brings the old password back: it issues an assisted recovery link.
 */
export function registerLifecycleActions(deps: IdentityDependencies, registry: AdminActionRegistry): void {
  registry.register('deactivate', async (input: AdminActionInput) => {
    const now = new Date();
    const at = scheduledTime(deactivateBody.parse(input.payload).at, now);
    return at ? scheduleDeactivation(deps, input, at) : deactivateNow(deps, input, now);
  });

  registry.register('cancel_deactivation', async (input: AdminActionInput) => {
    const { member } = input;
    const scheduledFor = member.deactivateAt;
    if (!scheduledFor) raise(adminErrors.MEMBER_STATE);
    const [updated] = await deps.db
      .update(users)
      .set({ deactivateAt: null, updatedAt: new Date() })
      .where(and(eq(users.id, member.id), isNotNull(users.deactivateAt), inArray(users.status, ['active', 'frozen'])))
      .returning();
    if (!updated) raise(adminErrors.MEMBER_STATE);
    await deps.audit.record(adminAuditEntry(input, 'member_deactivation_cancelled', { scheduledFor: scheduledFor.toISOString() }), input.context);
    await notifyMemberOfAdminAction(deps, input, 'cancel_deactivation');
    return toMember(updated);
  });

  registry.register('reactivate', async (input: AdminActionInput) => {
    const body = recoveryLinkBody.parse(input.payload);
    const { member } = input;
    if (member.status !== 'deactivated') raise(adminErrors.MEMBER_STATE);
    // Checked before anything changes: a bad number must not leave an active account without a way in.
    if (body.delivery.channel === 'sms' && !normalizePhone(body.delivery.address)) raise(adminErrors.PHONE_INVALID);
    const [reactivated] = await deps.db
      .update(users)
      // The old password stays unusable: whoever knew it (a former colleague, a leaked list) must not walk back in.
      .set({ status: 'active', deactivatedAt: null, deactivateAt: null, passwordHash: null, inactivityReminderSentAt: null, updatedAt: new Date() })
      .where(and(eq(users.id, member.id), eq(users.status, 'deactivated')))
      .returning();
    if (!reactivated) raise(adminErrors.MEMBER_STATE);
    await deps.audit.record(
      adminAuditEntry(input, 'member_reactivated', { verification: body.verification.method, note: body.verification.note ?? null, deactivatedAt: member.deactivatedAt?.toISOString() ?? null }),
      input.context,
    );
    return issueAssistedRecoveryLink(deps, { ...input, member: reactivated }, body);
  });
}

async function scheduleDeactivation(deps: IdentityDependencies, input: AdminActionInput, at: Date) {
  const { member } = input;
  if (member.status !== 'active' && member.status !== 'frozen') raise(adminErrors.MEMBER_STATE);
  if (member.role === 'owner') {
    const owners = (await deps.users.listOrgMembers(member.orgId)).filter((candidate) => candidate.role === 'owner' && candidate.status === 'active' && candidate.id !== member.id);
    if (owners.length === 0) raise(memberErrors.LAST_OWNER);
  }
  const [updated] = await deps.db
    .update(users)
    .set({ deactivateAt: at, updatedAt: new Date() })
    .where(and(eq(users.id, member.id), inArray(users.status, ['active', 'frozen'])))
    .returning();
  if (!updated) raise(adminErrors.MEMBER_STATE);
  await deps.audit.record(adminAuditEntry(input, 'member_deactivation_scheduled', { at: at.toISOString(), replaced: member.deactivateAt?.toISOString() ?? null }), input.context);
  await notifyMemberOfAdminAction(deps, input, 'deactivate', { actionLabel: (locale) => translate(locale, 'lifecycle.deactivationScheduled', { date: formatTime(at) }) });
  return toMember(updated);
}

async function deactivateNow(deps: IdentityDependencies, input: AdminActionInput, now: Date) {
  const { member, organization, context } = input;
  const result = await claimDeactivation(deps, member.id, now, DEACTIVATABLE_STATUSES);
  if ('refused' in result) raise(result.refused === 'last_owner' ? memberErrors.LAST_OWNER : adminErrors.MEMBER_STATE);
  const { claimed, previous } = result;
  const invitationRevoked = previous.status === 'invited';
  const access = await closeAccess(deps, member.id);
  await deps.audit.record(
    adminAuditEntry(input, 'member_deactivated', { reason: 'admin', previousStatus: previous.status, invitationRevoked, scheduledFor: previous.deactivateAt?.toISOString() ?? null, ...access }),
    context,
  );
  // Someone who never accepted the invitation has no account to be told about.
  if (!invitationRevoked) {
    await mailVerifiedAddresses(deps, previous, organization, context.locale, {
      template: 'adminAction',
      params: (locale) => ({ ...requestParams(deps, organization, locale, context.client), adminName: input.actor.name, actionLabel: adminActionLabel(locale, 'deactivate') }),
    });
  }
  return toMember(claimed);
}
