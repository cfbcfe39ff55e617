import { raise } from '../../http/app-error.ts';
import { rateLimits } from '../../http/rate-limits.ts';
import { translate } from '../../i18n/i18n.ts';
import { userLocale } from '../login/login.service.ts';
import { maskAddress } from '../recovery/recovery-channels.ts';
import { RecoveryLimits } from '../recovery/recovery-limits.ts';
import { reserveSmsOrAudit } from '../recovery/recovery-notices.ts';
import { recoveryErrors } from '../recovery/recovery.errors.ts';
import type { IdentityDependencies } from '../services.ts';
import type { OrganizationRow, UserRow } from '../sessions/session.service.ts';
import { noticeLock } from './factor-verifiers.ts';
import { assertMayChangeExistingFactor, newFactorActivatesAt } from './lost-factor-recovery.ts';
import { mfaErrors } from './mfa.errors.ts';
import type { CodeRequest, SecondFactorAttempt, SecondFactorResult, SecondFactorVerifier, SentCode } from './second-factors.ts';
import { isSmsAllowedFor } from './sms-factor-rules.ts';
import { SmsFactorRepository, type SmsFactorState } from './sms-factor.repository.ts';
import type { ActionContext } from '../../http/request-context.ts';
import type { FactorContext, TwoStepService } from './two-step.service.ts';
import { assertFactorRemovable, countActiveFactors } from './two-step-policy.ts';

type SmsTemplate = 'sms.twoStepEnrolCode' | 'sms.twoStepSignInCode' | 'sms.twoStepStepUpCode';

/** NIST SP 800-63B §3.1.3.3: an out-of-band code sent by SMS lives at most 10 minutes (also capped by the policy). */
const SMS_CODE_MAX_MINUTES = 10;

export function toSmsFactorView(row: SmsFactorState) {
  return { id: row.id, masked: maskAddress('phone', row.phone), createdAt: row.createdAt, lastUsedAt: row.lastUsedAt, activatesAt: row.activatesAt, usable: row.usable };
}

/**
 * What a code is bound to (its verification-code subject): the sign-in challenge, or — for step-up, which has no
 * ceremony of its own — the session asking. A code for one attempt never answers another (RC-07, MF-09).
 */
function subjectOf(request: CodeRequest): string | null {
  if (request.ceremony?.purpose === 'sign_in') return `sign_in:${request.ceremony.id}`;
  if (request.ceremony === null && request.context.sessionHash) return `step_up:${request.context.sessionHash}`;
  return null;
}

/**
 * SMS codes as a second factor (issue 4): an organisation opt-in, never for owners or admins, only to a verified mobile
 * number, offered after passkeys and authenticator apps and never as a password reset's second proof (the phone is
 * a recovery channel there already). Enrolment: pick a verified number → a code → active. Codes are keyed hashes in
 * verification_codes (purpose 'sms_factor'), bound to one attempt, single use, 5 tries, ≤ 10 minutes; wrong ones count
 * in the account's 'otp' throttle shared with TOTP; every text goes through the SMS toll-fraud caps.
 */
export class SmsFactorService implements SecondFactorVerifier {
  readonly method = 'sms' as const;
  private readonly repository: SmsFactorRepository;
  private readonly limits: RecoveryLimits;

  constructor(
    private readonly deps: IdentityDependencies,
    private readonly twoStep: TwoStepService,
  ) {
    this.repository = new SmsFactorRepository(deps.db);
    this.limits = new RecoveryLimits(deps.db, deps.secrets);
  }

  /** The user's SMS factors and, when the policy allows SMS for the role, the verified numbers one can be added for. */
  async overview(user: UserRow, organization: OrganizationRow) {
    const factors = await this.repository.listConfirmed(user.id);
    const allowed = isSmsAllowedFor(organization.securityPolicy, user.role);
    const phones = allowed ? (await this.deps.channels.verifiedChannels(user)).filter((channel) => channel.kind === 'phone') : [];
    return {
      factors: factors.map(toSmsFactorView),
      numbers: phones.map((channel) => ({ channelId: channel.id, role: channel.role, masked: maskAddress('phone', channel.address), enrolled: factors.some((factor) => factor.phone === channel.address) })),
    };
  }

  private assertAllowed(user: UserRow, organization: OrganizationRow): void {
    if (!isSmsAllowedFor(organization.securityPolicy, user.role)) raise(mfaErrors.SMS_NOT_ALLOWED);
  }

  /** Starts (or resends) the enrolment of one of the user's verified mobiles: a pending factor and a code to it. */
  async startEnrolment(user: UserRow, organization: OrganizationRow, channelId: string, context: FactorContext): Promise<SentCode & { id: string }> {
    this.assertAllowed(user, organization);
    const channel = (await this.deps.channels.verifiedChannels(user)).find((candidate) => candidate.kind === 'phone' && candidate.id === channelId);
    if (!channel) raise(mfaErrors.SMS_NUMBER_UNVERIFIED);
    if (await this.repository.hasConfirmed(user.id, channel.address)) raise(mfaErrors.SMS_FACTOR_EXISTS);
    const pending = await this.repository.pendingFor(user.id, channel.address);
    const sent = await this.textCode(user, organization, { phone: pending.phone, subject: `enrol:${pending.id}`, template: 'sms.twoStepEnrolCode' }, context);
    return { id: pending.id, ...sent };
  }

  /** The code from the text activates the factor; the first factor also creates the recovery codes (returned once). */
  async confirmEnrolment(user: UserRow, organization: OrganizationRow, id: string, code: string, context: FactorContext) {
    this.assertAllowed(user, organization);
    const factor = await this.repository.find(user.id, id);
    if (!factor) raise(mfaErrors.FACTOR_NOT_FOUND);
    if (factor.confirmedAt) raise(mfaErrors.ALREADY_CONFIRMED);
    const channels = await this.deps.channels.verifiedChannels(user);
    if (!channels.some((channel) => channel.kind === 'phone' && channel.address === factor.phone)) raise(mfaErrors.SMS_NUMBER_UNVERIFIED);
    const check = await this.deps.codes.verify(user.id, 'sms_factor', `enrol:${factor.id}`, code.replace(/\s/g, ''));
    if (!check.ok) raise(check.reason === 'invalid' ? mfaErrors.CONFIRM_CODE_INVALID : recoveryErrors.CODE_EXPIRED);
    const activatesAt = newFactorActivatesAt(context, organization.securityPolicy);
    const confirmed = await this.repository.confirm(user.id, factor.id, activatesAt);
    if (!confirmed) raise(mfaErrors.SMS_FACTOR_EXISTS);
    const recoveryCodes = await this.twoStep.factorAdded(user, organization, { method: 'sms', id: confirmed.id, name: this.factorName(user, context, confirmed.phone), activatesAt }, context);
    const state = await this.repository.find(user.id, confirmed.id);
    if (!state) raise(mfaErrors.FACTOR_NOT_FOUND);
    return { factor: toSmsFactorView(state), recoveryCodes };
  }

  /** Removes a factor (a pending one silently); refused when it is the last factor the policy requires. Always allowed otherwise, even with SMS off. */
  async remove(user: UserRow, organization: OrganizationRow, id: string, context: FactorContext): Promise<void> {
    const factor = await this.repository.find(user.id, id);
    if (!factor) raise(mfaErrors.FACTOR_NOT_FOUND);
    if (!factor.confirmedAt) {
      await this.repository.remove(user.id, id);
      return;
    }
    assertMayChangeExistingFactor(context, factor.activatesAt);
    // A factor that does not count (delay, number, policy or role) protects nothing, so it may always go.
    if (factor.active) {
      const counts = await countActiveFactors(this.deps.db, user.id);
      assertFactorRemovable(user, organization, counts.totp + counts.passkeys + counts.sms - 1);
    }
    if (!(await this.repository.remove(user.id, id))) raise(mfaErrors.FACTOR_NOT_FOUND);
    await this.twoStep.factorRemoved(user, organization, { method: 'sms', id, name: this.factorName(user, context, factor.phone) }, context);
  }

  async isEnrolled(userId: string): Promise<boolean> {
    return (await this.repository.listActive(userId)).length > 0;
  }

  /** Texts a code for a sign-in challenge or a step-up to the number used last; refused while the 'otp' kind is locked. */
  async sendCode(request: CodeRequest): Promise<SentCode> {
    const subject = subjectOf(request);
    if (!subject) raise(mfaErrors.METHOD_UNAVAILABLE);
    await this.twoStep.throttle.assertOpen(request.userId, 'otp');
    const [factor] = await this.repository.listActive(request.userId);
    const user = await this.deps.users.findById(request.userId);
    const organization = user ? await this.deps.db.query.organizations.findFirst({ where: (table, { eq }) => eq(table.id, user.orgId) }) : undefined;
    if (!factor || !user || !organization) raise(mfaErrors.METHOD_UNAVAILABLE);
    const template = request.ceremony ? 'sms.twoStepSignInCode' : 'sms.twoStepStepUpCode';
    return this.textCode(user, organization, { phone: factor.phone, subject, template }, { ...request.context, locale: request.context.locale ?? 'en' });
  }

  /**
   * Checks a code against the live one of this attempt. A right code spends it (of two concurrent submissions exactly
   * one wins) and must still belong to an active factor; anything else counts in the 'otp' throttle.
   */
  async verify(attempt: SecondFactorAttempt): Promise<SecondFactorResult> {
    const subject = subjectOf(attempt);
    if (!subject || typeof attempt.code !== 'string') return { ok: false };
    await this.twoStep.throttle.assertOpen(attempt.userId, 'otp');
    const check = await this.deps.codes.verify(attempt.userId, 'sms_factor', subject, attempt.code.replace(/\s/g, ''));
    const factorId = check.ok ? await this.repository.markUsed(attempt.userId, check.destination) : null;
    if (factorId) {
      await this.twoStep.throttle.reset(attempt.userId, 'otp');
      return { ok: true, userVerified: false, factorId };
    }
    await noticeLock(this.deps, attempt, 'otp', await this.twoStep.throttle.recordFailure(attempt.userId, 'otp'));
    return { ok: false };
  }

  private factorName(user: UserRow, context: ActionContext, phone: string): string {
    return translate(userLocale(user, context.locale), 'mfa.smsFactorName', { number: maskAddress('phone', phone) });
  }

  /**
   * One text with a fresh code bound to `subject`: at most one per 60 s per subject (429 resend_too_soon with
   * Retry-After), and only within the SMS caps shared with recovery (429 sms_limit_reached, audited as sms_capped).
   */
  private async textCode(user: UserRow, organization: OrganizationRow, target: { phone: string; subject: string; template: SmsTemplate }, context: ActionContext): Promise<SentCode> {
    const lastSent = await this.deps.codes.lastIssuedAt(user.id, 'sms_factor', target.subject);
    const pauseEnds = lastSent ? lastSent.getTime() + rateLimits.codeResendSeconds * 1000 : 0;
    if (pauseEnds > Date.now()) {
      const seconds = Math.max(1, Math.ceil((pauseEnds - Date.now()) / 1000));
      raise(recoveryErrors.RESEND_TOO_SOON, { seconds }, { 'retry-after': String(seconds) });
    }
    const allowed = await reserveSmsOrAudit(this.deps, this.limits, { to: target.phone, userId: user.id, organization, purpose: 'second_factor', ip: context.client.ip, userAgent: context.client.userAgent });
    if (!allowed) raise(recoveryErrors.SMS_LIMIT_REACHED);
    const policy = organization.securityPolicy.recovery;
    const minutes = Math.min(policy.codeMinutes, SMS_CODE_MAX_MINUTES);
    const issued = await this.deps.codes.issue({ userId: user.id, purpose: 'sms_factor', subject: target.subject, destination: target.phone, digits: policy.codeDigits, minutes });
    const text = translate(userLocale(user, context.locale), target.template, { orgName: organization.name, code: issued.code, minutes });
    await this.deps.sms.send(target.phone, text, user.id, { code: issued.code });
    return { masked: maskAddress('phone', target.phone), expiresAt: issued.expiresAt, resendAfterSeconds: rateLimits.codeResendSeconds };
  }
}
