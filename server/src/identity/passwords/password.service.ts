import { eq } from 'drizzle-orm';
import type { AuditContext } from '../../audit/audit.service.ts';
import { publicLink } from '../../config.ts';
import { raise } from '../../http/app-error.ts';
import type { Locale } from '../../i18n/i18n.ts';
import { loginErrors } from '../login/login.errors.ts';
import { userLocale } from '../login/login.service.ts';
import { revokeTrustedBrowsers } from '../mfa/trusted-browsers.ts';
import { organizations } from '../orgs/org.tables.ts';
import type { SecurityPolicy } from '../orgs/security-policy.schema.ts';
import type { IdentityDependencies } from '../services.ts';
import { passkeyVerifiedUntil } from '../stepup/stepup.ts';
import { describeUserAgent, type ClientInfo, type SessionRow } from '../sessions/session.service.ts';
import type { UserRow } from '../users/user.service.ts';
import { rejectPassword } from './password-rejection.ts';
import { assessPassword, type PasswordContext } from './password-policy.ts';

export class PasswordService {
  constructor(private readonly deps: IdentityDependencies) {}

  /** Rejects with 400 password_rejected and the list of reasons (the UI translates each code). */
  ensureAcceptable(password: string, policy: SecurityPolicy, context: PasswordContext): void {
    const assessment = assessPassword(password, policy, context);
    if (!assessment.valid) rejectPassword(assessment.problems);
  }

  async policyFor(orgId: string): Promise<{ policy: SecurityPolicy; orgName: string }> {
    const [organization] = await this.deps.db.select().from(organizations).where(eq(organizations.id, orgId));
    if (!organization) throw new Error('organization missing');
    return { policy: organization.securityPolicy, orgName: organization.name };
  }

  /**
   * A signed-in user proving their password again (password change, step-up). A wrong one counts on the account's
   * lockout budget exactly like a failed sign-in, so a hijacked session cannot be used to guess; reaching the limit
   * locks the account and ends every session.
   */
  async verifyCurrentPassword(user: UserRow, password: string, policy: SecurityPolicy, context: AuditContext & { client: ClientInfo }, via: 'password_change' | 'reauthenticate'): Promise<void> {
    const { audit, hasher, lockout, sessions } = this.deps;
    const isCorrect = user.passwordHash ? await hasher.verify(user.passwordHash, password) : false;
    if (isCorrect) return;
    const auditBase = { orgId: user.orgId, actorUserId: user.id, actorLabel: user.email, targetUserId: user.id, targetLabel: user.email };
    const outcome = await lockout.recordFailure({ userId: user.id, ip: context.client.ip, deviceId: null, password, policy });
    const action = via === 'password_change' ? 'password_change_failed' : 'reauthentication_failed';
    await audit.record({ ...auditBase, action, outcome: 'failure', details: { reason: 'wrong_current_password' } }, context);
    if (outcome.lockedAccount) {
      await audit.record({ ...auditBase, action: 'account_locked', details: { scope: 'account', via } }, context);
      await sessions.revokeOthers(user.id, null, 'revoked');
      await revokeTrustedBrowsers(this.deps.db, user.id, 'account_locked');
    }
    raise(loginErrors.CURRENT_PASSWORD_INCORRECT);
  }

  /**
   * Needs the current password (wrong guesses count towards the same lockout as sign-in) — or, without it, a
   * user-verified passkey proof in this session within the step-up window (MF-12: a forgotten password is replaced
   * by signing in with a passkey, no e-mail round trip). Then ends every other session, rotates this one (which
   * drops the passkey proof), lifts any lock and tells the user by mail.
   */
  async change(
    user: UserRow,
    session: SessionRow,
    input: { currentPassword?: string | undefined; newPassword: string },
    context: AuditContext & { client: ClientInfo; locale: Locale },
  ) {
    const { audit, hasher, lockout, sessions, users } = this.deps;
    const { policy, orgName } = await this.policyFor(user.orgId);
    const auditBase = { orgId: user.orgId, actorUserId: user.id, actorLabel: user.email, targetUserId: user.id, targetLabel: user.email };
    let authorizedBy: 'current_password' | 'passkey' = 'current_password';
    if (input.currentPassword !== undefined) {
      await this.verifyCurrentPassword(user, input.currentPassword, policy, context, 'password_change');
    } else if (passkeyVerifiedUntil(session, this.deps.config.stepUpMinutes)) {
      authorizedBy = 'passkey';
    } else {
      await audit.record({ ...auditBase, action: 'password_change_failed', outcome: 'failure', details: { reason: 'current_password_required' } }, context);
      raise(loginErrors.CURRENT_PASSWORD_REQUIRED);
    }
    this.ensureAcceptable(input.newPassword, policy, { name: user.name, email: user.email, orgName });
    await users.update(user.id, { passwordHash: await hasher.hash(input.newPassword), passwordChangedAt: new Date(), passwordReminderSentAt: null, passwordChangeRequired: false });
    await lockout.unlockAccount(user.id);
    const ended = await sessions.revokeOthers(user.id, session.id, 'password_changed');
    const trustedBrowsersRevoked = await revokeTrustedBrowsers(this.deps.db, user.id, 'password_changed');
    const rotated = await sessions.rotate(session, user);
    await audit.record({ ...auditBase, action: 'password_changed', details: { otherSessionsEnded: ended, trustedBrowsersRevoked, authorizedBy } }, context);
    const locale = userLocale(user, context.locale);
    const agent = describeUserAgent(context.client.userAgent);
    await this.deps.mail.send({
      to: user.email,
      userId: user.id,
      template: authorizedBy === 'passkey' ? 'passwordChangedWithPasskey' : 'passwordChanged',
      locale,
      params: {
        name: user.name,
        ip: context.client.ip,
        device: [agent.browser, agent.os].filter(Boolean).join(', ') || '-',
        time: new Date().toISOString().replace('T', ' ').slice(0, 19) + ' UTC',
      },
      actionUrl: publicLink(this.deps.config, '/settings/security'),
    });
    return { token: rotated.token, session: rotated.session, otherSessionsEnded: ended, authorizedBy };
  }
}
