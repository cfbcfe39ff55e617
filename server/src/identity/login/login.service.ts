import { publicLink } from '../../config.ts';
import type { AuditContext } from '../../audit/audit.service.ts';
import { isLocale, translate, type Locale } from '../../i18n/i18n.ts';
import { raise } from '../../http/app-error.ts';
import { rateLimits } from '../../http/rate-limits.ts';
import type { IdentityDependencies } from '../services.ts';
import { describeUserAgent, type ClientInfo } from '../sessions/session.service.ts';
import { normalizeIdentifier, type UserRow } from '../users/user.service.ts';
import { ipRetryAfterSeconds } from '../lockout/lockout.service.ts';
import { loginErrors } from './login.errors.ts';
import { LoginRepository } from './login.repository.ts';
import { completeSignIn } from './sign-in-completion.ts';
import { CeremonyStore } from '../mfa/ceremonies.ts';
import { MfaChallengeService } from '../mfa/mfa-challenge.service.ts';
import { trustBrowserDaysFor, TrustedBrowserService } from '../mfa/trusted-browsers.ts';

export interface LoginInput {
  identifier: string;
  password: string;
  remember: boolean;
}

export interface LoginRequestContext extends AuditContext {
  client: ClientInfo;
  deviceToken: string | undefined;
  /** The "trust this browser" cookie, looked at only after the right password for an account with a second factor. */
  trustedBrowserToken?: string | undefined;
  locale: Locale;
}

const UNLOCK_LINK_MINUTES = 15;

export function userLocale(user: Pick<UserRow, 'locale'>, fallback: Locale): Locale {
  return isLocale(user.locale) ? user.locale : fallback;
}

export class LoginService {
  private readonly repository: LoginRepository;
  private readonly secondStep: MfaChallengeService;
  private readonly trustedBrowsers: TrustedBrowserService;

  constructor(private readonly deps: IdentityDependencies) {
    this.repository = new LoginRepository(deps.db);
    this.secondStep = new MfaChallengeService(deps, new CeremonyStore(deps.db));
    this.trustedBrowsers = new TrustedBrowserService(deps.db);
  }

  async login(input: LoginInput, context: LoginRequestContext) {
    const { audit, hasher, lockout, users } = this.deps;
    const lookup = await this.repository.findSignInLookup(input.identifier, context.client.ip, context.deviceToken);
    const retryAfter = ipRetryAfterSeconds(lookup.ipFailures, lookup.ipOldestFailure);
    if (retryAfter !== null) raise(loginErrors.THROTTLED, { minutes: Math.ceil(retryAfter / 60) }, { 'retry-after': String(retryAfter) });

    const found = lookup.account;
    const user = found?.user;
    // Only identifiers shaped like an e-mail or phone are recorded: people sometimes type a password into this field.
    const identifierLabel = normalizeIdentifier(input.identifier)?.value ?? '(not an e-mail or phone number)';
    if (!found || !user?.passwordHash || user.status !== 'active') {
      await hasher.verifyDummy(input.password);
      await lockout.recordFailure({ userId: user?.id ?? null, ip: context.client.ip, deviceId: null, password: input.password, policy: null });
      await audit.record({ action: 'sign_in_failed', outcome: 'failure', actorLabel: identifierLabel, orgId: user?.orgId ?? null, details: { reason: user ? 'inactive' : 'unknown_identifier' } }, context);
      raise(loginErrors.INVALID_CREDENTIALS);
    }

    const organization = found.organization;
    const policy = organization.securityPolicy;
    const device = found.device;
    const lockedUntil = device ? device.lockedUntil : user.lockedUntil;
    const isLocked = lockedUntil !== null && lockedUntil > new Date();
    const isCorrect = await hasher.verify(user.passwordHash, input.password);
    const auditBase = { orgId: user.orgId, actorUserId: user.id, actorLabel: user.email, targetUserId: user.id, targetLabel: user.email };

    if (isLocked) {
      await audit.record({ ...auditBase, action: 'sign_in_failed', outcome: 'failure', details: { reason: 'locked', knownDevice: Boolean(device) } }, context);
      raise(loginErrors.INVALID_CREDENTIALS);
    }
    if (!isCorrect) {
      const outcome = await lockout.recordFailure({ userId: user.id, ip: context.client.ip, deviceId: device?.id ?? null, password: input.password, policy });
      await audit.record({ ...auditBase, action: 'sign_in_failed', outcome: 'failure', details: { reason: 'wrong_password', knownDevice: Boolean(device), failures: outcome.failures } }, context);
      if (outcome.lockedAccount || outcome.lockedDevice) {
        await audit.record({ ...auditBase, action: 'account_locked', outcome: 'success', details: { scope: outcome.lockedDevice ? 'device' : 'account', until: outcome.lockedUntil?.toISOString(), failures: outcome.failures, rule: policy.lockout } }, context);
      }
      if (outcome.lockedAccount && outcome.lockedUntil) await this.notifyLock(user, outcome.lockedUntil, policy.lockout.maxFailures, context);
      if (outcome.failures >= rateLimits.hardFailureCeiling) {
        await audit.record({ ...auditBase, action: 'sign_in_failure_ceiling', outcome: 'failure' }, context);
      }
      raise(loginErrors.INVALID_CREDENTIALS);
    }

    if (hasher.needsRehash(user.passwordHash)) {
      await users.update(user.id, { passwordHash: await hasher.hash(input.password) });
      await audit.record({ ...auditBase, action: 'password_rehashed' }, context);
    }
    if (found.hasFailures) await lockout.clearBudget(user.id, device?.id ?? null);
    if (found.factors.totp || found.factors.passkey || found.factors.sms) {
      // MF-14: a browser this user trusted after a second factor skips the second step, never the password (this
      // runs only after the right one). The policy is read now: off, shortened, or an owner/admin role → no skip.
      const trustDays = trustBrowserDaysFor(policy, user.role);
      const trusted = trustDays > 0 ? await this.trustedBrowsers.findValid(user.id, context.trustedBrowserToken, trustDays) : null;
      if (trusted) {
        const signedIn = await completeSignIn(this.deps, { user, organization, remember: input.remember, device, details: { trustedBrowser: trusted.id } }, context);
        await audit.record({ ...auditBase, action: 'trusted_browser_used', details: { trustedBrowser: trusted.id, trustedUntil: trusted.expiresAt.toISOString() } }, { ...context, sessionHash: signedIn.session.id });
        return { kind: 'signed_in' as const, ...signedIn };
      }
      // Right password, second factor enrolled: a challenge instead of a session (no cookie until the second step).
      const pending = await this.secondStep.start(user, input.remember, context.client, found.factors, trustDays);
      await audit.record({ ...auditBase, action: 'sign_in_second_step_required', details: { methods: pending.methods, knownDevice: Boolean(device) } }, context);
      return { kind: 'second_step' as const, ...pending };
    }
    const signedIn = await completeSignIn(this.deps, { user, organization, remember: input.remember, device }, context);
    return { kind: 'signed_in' as const, ...signedIn };
  }

  /** Mail (and SMS when a verified phone exists) with the reason, where it came from and a self-service unlock link. */
  private async notifyLock(user: UserRow, lockedUntil: Date, maxFailures: number, context: LoginRequestContext): Promise<void> {
    const token = await this.deps.tokens.issue(user.id, 'unlock', UNLOCK_LINK_MINUTES);
    const unlockUrl = publicLink(this.deps.config, `/unlock#token=${token}`);
    const locale = userLocale(user, context.locale);
    const agent = describeUserAgent(context.client.userAgent);
    const minutes = Math.max(1, Math.round((lockedUntil.getTime() - Date.now()) / 60_000));
    const params = {
      name: user.name,
      failures: maxFailures,
      ip: context.client.ip,
      device: [agent.browser, agent.os].filter(Boolean).join(', ') || translate(locale, 'mail.unknownDevice'),
      time: new Date().toISOString().replace('T', ' ').slice(0, 19) + ' UTC',
      minutes,
      linkMinutes: UNLOCK_LINK_MINUTES,
    };
    await this.deps.mail.send({ to: user.email, userId: user.id, template: 'accountLocked', locale, params, actionUrl: unlockUrl });
    if (user.phone && user.phoneVerifiedAt) {
      await this.deps.sms.send(user.phone, translate(locale, 'sms.accountLocked', { ...params, url: unlockUrl }), user.id);
    }
  }

  async inspectUnlock(token: string) {
    return this.deps.tokens.inspect(token, 'unlock');
  }

  async unlock(token: string, context: AuditContext): Promise<void> {
    const { userId } = await this.deps.tokens.consume(token, 'unlock');
    await this.deps.lockout.unlockAccount(userId);
    const user = await this.deps.users.findById(userId);
    await this.deps.audit.record({ action: 'account_unlocked', orgId: user?.orgId ?? null, actorUserId: userId, actorLabel: user?.email ?? null, targetUserId: userId, targetLabel: user?.email ?? null, details: { method: 'self_service_link' } }, context);
  }
}
