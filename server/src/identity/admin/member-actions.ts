import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { raise } from '../../http/app-error.ts';
import { toMember } from '../members/member.service.ts';
import { mfaChallenges, passkeys, recoveryCodes, smsFactors, totpFactors } from '../mfa/mfa.tables.ts';
import { revokeTrustedBrowsers } from '../mfa/trusted-browsers.ts';
import type { IdentityDependencies } from '../services.ts';
import { adminErrors } from './admin.errors.ts';
import { adminAuditEntry, type AdminActionInput, type AdminActionRegistry } from './admin-actions.ts';
import { notifyMemberOfAdminAction } from './member-notice.ts';
import { assertNoOpenTwoStepReset, cancelTwoStepResetByAdmin, requestTwoStepReset } from './two-step-reset.service.ts';

/** How the admin confirmed who they are talking to (AD-02: no action that opens a way in without it). */
export const verificationMethods = ['in_person_id', 'video_call', 'hr_callback', 'manager_confirmation', 'other'] as const;

export const verificationSchema = z
  .strictObject({
    method: z.enum(verificationMethods),
    note: z.string().trim().max(500).optional(),
  })
  .refine((value) => value.method !== 'other' || (value.note?.length ?? 0) > 0, { path: ['note'], message: 'required' });
export type Verification = z.infer<typeof verificationSchema>;

export const resetTwoStepBody = z.strictObject({ verification: verificationSchema });

/** Deletes every second factor, recovery code and pending ceremony of the member; returns how many factors went. */
export async function removeAllFactors(deps: IdentityDependencies, userId: string): Promise<number> {
  return deps.db.transaction(async (transaction) => {
    const totp = await transaction.delete(totpFactors).where(eq(totpFactors.userId, userId)).returning({ id: totpFactors.id });
    const keys = await transaction.delete(passkeys).where(eq(passkeys.userId, userId)).returning({ id: passkeys.id });
    const texts = await transaction.delete(smsFactors).where(eq(smsFactors.userId, userId)).returning({ id: smsFactors.id });
    await transaction.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    await transaction.delete(mfaChallenges).where(eq(mfaChallenges.userId, userId));
    return totp.length + keys.length + texts.length;
  });
}

/** Unlock, end sessions, require a new password, reset two-step (and cancel a pending reset): each audited and told to the member. */
export function registerMemberActions(deps: IdentityDependencies, registry: AdminActionRegistry): void {
  registry.register('unlock', async (input: AdminActionInput) => {
    const { member } = input;
    const lockedUntil = member.lockedUntil;
    if (!lockedUntil || lockedUntil <= new Date()) raise(adminErrors.MEMBER_STATE);
    await deps.lockout.unlockAccount(member.id);
    await deps.tokens.revokeAll(member.id, ['unlock']);
    await deps.audit.record(adminAuditEntry(input, 'member_unlocked', { lockedUntil: lockedUntil.toISOString() }), input.context);
    await notifyMemberOfAdminAction(deps, input, 'unlock');
    return toMember({ ...member, lockedUntil: null });
  });

  registry.register('end_sessions', async (input: AdminActionInput) => {
    const { member } = input;
    const ended = await deps.sessions.revokeOthers(member.id, null, 'revoked');
    const trustedBrowsersRevoked = await revokeTrustedBrowsers(deps.db, member.id, 'admin_action');
    await deps.audit.record(adminAuditEntry(input, 'member_sessions_ended', { ended, trustedBrowsersRevoked }), input.context);
    await notifyMemberOfAdminAction(deps, input, 'end_sessions');
    return { ended };
  });

  registry.register('require_password_change', async (input: AdminActionInput) => {
    const { member } = input;
    if (member.status !== 'active' || !member.passwordHash) raise(adminErrors.MEMBER_STATE);
    const updated = await deps.users.update(member.id, { passwordChangeRequired: true });
    await deps.audit.record(adminAuditEntry(input, 'member_password_change_required'), input.context);
    await notifyMemberOfAdminAction(deps, input, 'require_password_change');
    return toMember(updated);
  });

  // AD-02: the reset waits out the organisation's cool-down (two-step-reset.service.ts); with a delay of 0 it applies now.
  registry.register(
    'reset_two_step',
    async (input: AdminActionInput) => {
      const { id, effectiveAt, applied } = await requestTwoStepReset(deps, input, resetTwoStepBody.parse(input.payload).verification);
      return { id, effectiveAt, applied };
    },
    { check: (member) => assertNoOpenTwoStepReset(deps, member.id) },
  );

  registry.register('cancel_two_step_reset', (input: AdminActionInput) => cancelTwoStepResetByAdmin(deps, input));
}
