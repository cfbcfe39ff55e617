import { and, count, eq, inArray, ne, sql, type SQL } from 'drizzle-orm';
import type { AuditEntry } from '../../audit/audit.service.ts';
import { translate, type Locale } from '../../i18n/i18n.ts';
import type { MailParams, MailTemplate } from '../../messaging/templates/render-mail.ts';
import { revokeAllTokensOf } from '../api-tokens/api-token.service.ts';
import { userLocale } from '../login/login.service.ts';
import { ROLE_CHANGE_LOCK_KEY } from '../members/member.service.ts';
import { revokeTrustedBrowsers } from '../mfa/trusted-browsers.ts';
import { RecoveryRepository } from '../recovery/recovery.repository.ts';
import type { IdentityDependencies } from '../services.ts';
import type { OrganizationRow, UserRow } from '../sessions/session.service.ts';
import type { TokenPurpose } from '../tokens/action-token.service.ts';
import { users } from '../users/user.tables.ts';
import { voidOpenTwoStepReset } from './two-step-reset.service.ts';

/** Statuses a deactivation applies to; an invited member's deactivation revokes the invitation. */
export const DEACTIVATABLE_STATUSES = ['active', 'frozen', 'invited'] as const;

/** Every kind of single-use link; a record so that a new purpose fails to compile until it is listed here. */
const EVERY_TOKEN_PURPOSE: Record<TokenPurpose, true> = {
  invite: true,
  unlock: true,
  freeze: true,
  email_revert: true,
  assisted_recovery: true,
  break_glass: true,
  contact_confirm: true,
  two_step_reset_cancel: true,
};

export type DeactivationClaim = { claimed: UserRow; previous: UserRow } | { refused: 'state' | 'last_owner' };

/**
 * Deactivates one account if it is still in one of `statuses` and matches `condition`. Runs under the lock that role
 * changes take, so two deactivations (or a deactivation and a demotion) cannot both pass the owner count and leave the
 * organisation without an active owner; the status in the UPDATE's WHERE makes a second caller (another process's
 * sweep, a concurrent approval) find nothing to do.
 */
export async function claimDeactivation(deps: IdentityDependencies, userId: string, now: Date, statuses: readonly string[], condition?: SQL): Promise<DeactivationClaim> {
  return deps.db.transaction(async (transaction): Promise<DeactivationClaim> => {
    await transaction.execute(sql`select pg_advisory_xact_lock(${ROLE_CHANGE_LOCK_KEY})`);
    const [current] = await transaction
      .select()
      .from(users)
      .where(and(eq(users.id, userId), inArray(users.status, [...statuses]), condition));
    if (!current) return { refused: 'state' };
    if (current.role === 'owner') {
      const [others] = await transaction
        .select({ owners: count() })
        .from(users)
        .where(and(eq(users.orgId, current.orgId), eq(users.role, 'owner'), eq(users.status, 'active'), ne(users.id, current.id)));
      if ((others?.owners ?? 0) === 0) return { refused: 'last_owner' };
    }
    const [claimed] = await transaction
      .update(users)
      .set({ status: 'deactivated', deactivatedAt: now, deactivateAt: null, updatedAt: now })
      .where(and(eq(users.id, userId), eq(users.status, current.status)))
      .returning();
    if (!claimed) return { refused: 'state' };
    // In the same transaction as the status: API tokens end with the account, and a later reactivation (which only
    // changes the status) cannot bring them back — the member creates new ones.
    await revokeAllTokensOf(transaction, userId, now);
    return { claimed, previous: current };
  });
}

/**
 * Closes every way into a deactivated account: sessions (also refused at once by status on every request, in every
 * process; API tokens likewise, and already revoked by claimDeactivation), trusted browsers, every live link (invitation, unlock, freeze, revert, recovery, break-glass, contact
 * confirmation, two-step reset cancel), every pending code or reset challenge, and an admin's two-step reset still in
 * its cool-down. Pending approvals about the member stay as they are.
 */
export async function closeAccess(deps: IdentityDependencies, userId: string) {
  const sessionsEnded = await deps.sessions.revokeOthers(userId, null, 'deactivated');
  const trustedBrowsersRevoked = await revokeTrustedBrowsers(deps.db, userId, 'account_deactivated');
  await deps.tokens.revokeAll(userId, Object.keys(EVERY_TOKEN_PURPOSE) as TokenPurpose[]);
  await deps.codes.voidAll(userId);
  await new RecoveryRepository(deps.db).voidPending(userId);
  const twoStepResetVoided = (await voidOpenTwoStepReset(deps, userId, 'deactivated')) !== null;
  return { sessionsEnded, trustedBrowsersRevoked, twoStepResetVoided };
}

/** The audit entry of a deactivation nobody asked for right now (a scheduled date reached, or inactivity). */
export function automaticAuditEntry(member: UserRow, action: AuditEntry['action'], details: Record<string, unknown>, outcome: 'success' | 'failure' = 'success'): AuditEntry {
  return { action, outcome, orgId: member.orgId, targetUserId: member.id, targetLabel: member.email, details };
}

/**
 * A notice to the member's verified mailboxes only (no SMS: the notice opens nothing and is not worth the SMS
 * budget). `orSignInAddress`: a member with no verified mailbox gets it at the sign-in address instead.
 */
export async function mailVerifiedAddresses(
  deps: IdentityDependencies,
  member: UserRow,
  organization: OrganizationRow,
  fallbackLocale: Locale,
  mail: { template: MailTemplate; params: (locale: Locale) => MailParams; actionUrl?: string; orSignInAddress?: boolean },
): Promise<void> {
  const locale = userLocale(member, fallbackLocale);
  const addresses = (await deps.channels.verifiedChannels(member)).filter((channel) => channel.kind === 'email').map((channel) => channel.address);
  if (addresses.length === 0 && mail.orSignInAddress) addresses.push(member.email);
  for (const to of addresses) {
    await deps.mail.send({ to, userId: member.id, template: mail.template, locale, params: { name: member.name, ...mail.params(locale) }, ...(mail.actionUrl ? { actionUrl: mail.actionUrl } : {}) });
  }
}

export function organizationLocale(organization: OrganizationRow): Locale {
  return organization.defaultLocale === 'zh-CN' ? 'zh-CN' : 'en';
}

export function deactivationReason(locale: Locale, reason: 'scheduled' | 'inactive', params: MailParams = {}): string {
  return translate(locale, `lifecycle.reason.${reason}`, params);
}
