import type { AuditContext } from '../../audit/audit.service.ts';
import { publicLink } from '../../config.ts';
import { commonErrors, raise } from '../../http/app-error.ts';
import type { Locale } from '../../i18n/i18n.ts';
import { userLocale } from '../login/login.service.ts';
import { memberErrors, toMember } from '../members/member.service.ts';
import { cancelPendingFactors } from '../mfa/lost-factor-recovery.ts';
import { revokeTrustedBrowsers } from '../mfa/trusted-browsers.ts';
import { voidOpenTwoStepReset } from '../admin/two-step-reset.service.ts';
import type { IdentityDependencies } from '../services.ts';
import type { ClientInfo } from '../sessions/session.service.ts';
import { tokenErrors } from '../tokens/action-token.service.ts';
import type { UserRow } from '../users/user.service.ts';
import { requestParams } from './recovery-notices.ts';
import type { RecoveryRepository } from './recovery.repository.ts';

/**
 * "This wasn't me": the link in every reset notice freezes the account (no password, no sessions, no self-service
 * reset) and alerts the organisation's owners and admins, who lift the freeze after checking the person's identity.
 */
export class FreezeService {
  constructor(
    private readonly deps: IdentityDependencies,
    private readonly repository: RecoveryRepository,
  ) {}

  /** Never consumes: mail scanners pre-fetch links. */
  async inspect(token: string) {
    const state = await this.deps.tokens.inspect(token, 'freeze');
    return state.valid ? { valid: true as const } : { valid: false as const, reason: state.reason };
  }

  async freeze(token: string, context: AuditContext & { client: ClientInfo; locale: Locale }): Promise<void> {
    const { deps } = this;
    const { userId } = await deps.tokens.consume(token, 'freeze');
    const user = await deps.users.findById(userId);
    // A deactivated account stays deactivated: freezing it would turn it into one an admin can lift back to active.
    if (!user || user.status === 'deactivated') raise(tokenErrors.TOKEN_INVALID);
    const frozen = await deps.users.update(user.id, { status: 'frozen', frozenAt: new Date(), passwordHash: null });
    const sessionsEnded = await deps.sessions.revokeOthers(user.id, null, 'revoked');
    const trustedBrowsersRevoked = await revokeTrustedBrowsers(deps.db, user.id, 'account_frozen');
    // A factor added after lost-device recovery and not yet in effect is the likeliest thing "wasn't me" is about.
    const pendingFactorsCancelled = await cancelPendingFactors(deps.db, user.id);
    await this.repository.voidPending(user.id);
    await deps.codes.voidAll(user.id);
    await deps.tokens.revokeAll(user.id, ['unlock', 'freeze', 'email_revert']);
    // An admin's two-step reset still in its cool-down dies too: after a freeze, admins check the person again anyway.
    const twoStepResetVoided = (await voidOpenTwoStepReset(deps, user.id, 'frozen')) !== null;
    await deps.audit.record({ action: 'account_frozen', orgId: user.orgId, actorUserId: user.id, actorLabel: user.email, targetUserId: user.id, targetLabel: user.email, details: { sessionsEnded, trustedBrowsersRevoked, pendingFactorsCancelled, twoStepResetVoided, via: 'reset_notice' } }, context);
    await this.alertAdmins(frozen, context);
  }

  private async alertAdmins(member: UserRow, context: { client: ClientInfo; locale: Locale }): Promise<void> {
    const organization = await this.deps.db.query.organizations.findFirst({ where: (table, { eq }) => eq(table.id, member.orgId) });
    if (!organization) return;
    const admins = (await this.deps.users.listOrgMembers(member.orgId)).filter((candidate) => (candidate.role === 'owner' || candidate.role === 'admin') && candidate.status === 'active' && candidate.id !== member.id);
    for (const admin of admins) {
      const locale = userLocale(admin, context.locale);
      await this.deps.mail.send({
        to: admin.email,
        userId: admin.id,
        template: 'accountFrozenAdminAlert',
        locale,
        params: { ...requestParams(this.deps, organization, locale, context.client), name: admin.name, memberName: member.name, memberEmail: member.email },
        actionUrl: publicLink(this.deps.config, '/settings/members'),
      });
    }
  }

  /** Members → "Lift freeze": the account is active again with no password, so the person uses "Forgot password". */
  async unfreeze(actor: UserRow, memberId: string, context: AuditContext) {
    const member = await this.deps.users.findInOrg(actor.orgId, memberId);
    if (!member) raise(commonErrors.NOT_FOUND);
    if (member.role === 'owner' && actor.role !== 'owner') raise(memberErrors.ROLE_NOT_ALLOWED);
    if (member.status !== 'frozen') raise(commonErrors.CONFLICT);
    const updated = await this.deps.users.update(member.id, { status: 'active', frozenAt: null });
    await this.deps.audit.record({ action: 'account_unfrozen', orgId: actor.orgId, actorUserId: actor.id, actorLabel: actor.email, targetUserId: member.id, targetLabel: member.email }, context);
    return toMember(updated);
  }
}
