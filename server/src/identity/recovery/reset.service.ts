import type { AuditContext } from '../../audit/audit.service.ts';
import { raise } from '../../http/app-error.ts';
import { rateLimits } from '../../http/rate-limits.ts';
import { translate, type Locale } from '../../i18n/i18n.ts';
import { userLocale } from '../login/login.service.ts';
import { CeremonyStore } from '../mfa/ceremonies.ts';
import { markLostFactorSession } from '../mfa/lost-factor-recovery.ts';
import { mfaErrors } from '../mfa/mfa.errors.ts';
import type { SecondFactorMethod } from '../mfa/second-factors.ts';
import { revokeTrustedBrowsers } from '../mfa/trusted-browsers.ts';
import { PasswordService } from '../passwords/password.service.ts';
import { generateToken } from '../secrets.ts';
import type { IdentityDependencies } from '../services.ts';
import type { ClientInfo, OrganizationRow } from '../sessions/session.service.ts';
import { tokenErrors } from '../tokens/action-token.service.ts';
import type { UserRow } from '../users/user.service.ts';
import { normalizeIdentifier } from '../users/user.service.ts';
import { channelLabel, maskAddress } from './recovery-channels.ts';
import type { RecoveryLimits } from './recovery-limits.ts';
import { otherKindChannels, requestParams, reserveSmsOrAudit, sendFreezeNotice } from './recovery-notices.ts';
import { recoveryErrors } from './recovery.errors.ts';
import type { ChallengeRow, RecoveryRepository } from './recovery.repository.ts';
import { listSecurityAnswers, SECURITY_ANSWER_MAX_ATTEMPTS, verifyAllSecurityAnswers, type StoredSecurityAnswer } from './security-answers.ts';
import type { CodePurpose } from './verification-codes.ts';

/**
 * The second factors a user has enrolled ('totp', 'passkey', 'recovery_code'…). When the list is not empty, a reset
 * needs one of them or a second channel of the other kind. Issue 4 (MFA) provides the real lookup; until then nobody
 * has a factor.
 */
export type SecondFactorMethods = (userId: string) => Promise<string[]>;

export const noSecondFactors: SecondFactorMethods = () => Promise.resolve([]);

const FREEZE_LINK_MINUTES = 7 * 24 * 60;

export type ResolvedChallenge = { challenge: ChallengeRow; user: UserRow; organization: OrganizationRow };

export interface ResetRequestContext extends AuditContext {
  client: ClientInfo;
  locale: Locale;
  deviceToken: string | undefined;
}

export interface ResetInput {
  token?: string | undefined;
  identifier?: string | undefined;
  code?: string | undefined;
  newPassword: string;
  answers?: { position: number; answer: string }[] | undefined;
  /** A second factor as the second proof (adds `factor:<method>` to the challenge's proofs). */
  secondFactor?: { method: SecondFactorMethod; code?: string | undefined; response?: Record<string, unknown> | undefined } | undefined;
}

/**
 * Redeeming a recovery challenge: inspect (never consumes), code → ticket, second channel, and the final reset that
 * proves everything sign-in would before it lands the user signed in (DESIGN "Reset ends signed in").
 */
export class ResetService {
  private readonly passwords: PasswordService;
  private readonly ceremonies: CeremonyStore;

  constructor(
    private readonly deps: IdentityDependencies,
    private readonly limits: RecoveryLimits,
    private readonly repository: RecoveryRepository,
    private readonly secondFactorMethods: SecondFactorMethods = noSecondFactors,
  ) {
    this.passwords = new PasswordService(deps);
    this.ceremonies = new CeremonyStore(deps.db);
  }

  /** The challenge behind a link token or ticket, or why it cannot be used. */
  async resolve(token: string): Promise<ResolvedChallenge | { reason: 'invalid' | 'expired' | 'used' }> {
    const challenge = await this.repository.findByToken(token);
    if (!challenge || challenge.status === 'void') return { reason: 'invalid' };
    if (challenge.status === 'used') return { reason: 'used' };
    if (challenge.linkExpiresAt <= new Date()) return { reason: 'expired' };
    const found = await this.deps.users.findById(challenge.userId);
    if (!found || found.status !== 'active' || found.frozenAt) return { reason: 'invalid' };
    const { organization } = await this.organizationOf(found);
    return { challenge, user: found, organization };
  }

  private async resolveOrRaise(token: string): Promise<ResolvedChallenge> {
    const resolved = await this.resolve(token);
    if ('reason' in resolved) {
      if (resolved.reason === 'expired') raise(tokenErrors.TOKEN_EXPIRED);
      if (resolved.reason === 'used') raise(tokenErrors.TOKEN_USED);
      raise(tokenErrors.TOKEN_INVALID);
    }
    return resolved;
  }

  private async organizationOf(user: UserRow): Promise<{ organization: OrganizationRow }> {
    const organization = await this.deps.db.query.organizations.findFirst({ where: (table, { eq }) => eq(table.id, user.orgId) });
    if (!organization) throw new Error('organization missing');
    return { organization };
  }

  /** What the second proof needs: required when a factor is enrolled; satisfied by a factor or the other channel kind. */
  async secondProofState({ challenge, user }: ResolvedChallenge) {
    const enrolled = await this.secondFactorMethods(user.id);
    // An SMS factor makes the second proof required but is not offered as one: its phone is a channel here already.
    const methods = enrolled.filter((method) => method !== 'sms');
    const channels = otherKindChannels(await this.deps.channels.verifiedChannels(user), challenge.channelKind);
    const isSatisfied = challenge.proofs.some((proof) => proof.startsWith('factor:') || !proof.startsWith(`${challenge.channelKind}:`));
    return { required: enrolled.length > 0, satisfied: enrolled.length === 0 || isSatisfied, methods, channels };
  }

  /** Stored answers when the organisation uses security questions and the user set them; otherwise null. */
  async securityQuestionsFor({ user, organization }: Pick<ResolvedChallenge, 'user' | 'organization'>): Promise<StoredSecurityAnswer[] | null> {
    if (!organization.securityPolicy.recovery.securityQuestions) return null;
    const stored = await listSecurityAnswers(this.deps.db, user.id);
    return stored.length > 0 ? stored : null;
  }

  async inspect(token: string, locale: Locale) {
    const resolved = await this.resolve(token);
    if ('reason' in resolved) return { valid: false as const, reason: resolved.reason };
    const { challenge, user, organization } = resolved;
    const secondProof = await this.secondProofState(resolved);
    const questions = await this.securityQuestionsFor(resolved);
    const members = await this.deps.users.listOrgMembers(organization.id);
    const admins = members.filter((member) => (member.role === 'owner' || member.role === 'admin') && member.status === 'active').map((member) => member.name);
    const stage: 'second_proof' | 'questions' | 'password' = secondProof.required && !secondProof.satisfied ? 'second_proof' : questions ? 'questions' : 'password';
    return {
      valid: true as const,
      stage,
      user: { name: user.name },
      orgName: organization.name,
      proofs: challenge.proofs,
      secondProof: {
        required: secondProof.required,
        satisfied: secondProof.satisfied,
        methods: secondProof.methods,
        channels: secondProof.channels.map((channel) => ({ id: channel.id, kind: channel.kind, masked: maskAddress(channel.kind, channel.address) })),
      },
      securityQuestions: questions
        ? questions.map((row) => ({ position: row.position, questionKey: row.questionKey, question: row.customQuestion ?? translate(locale, `securityQuestions.${row.questionKey ?? ''}`) }))
        : null,
      policy: { minLength: organization.securityPolicy.minLength, minScore: organization.securityPolicy.minScore },
      admins,
    };
  }

  /** Identifier + code → ticket. Every failure that could tell accounts apart answers the same code_invalid. */
  async redeemCode(identifier: string, code: string, context: AuditContext): Promise<string> {
    const { resolved } = await this.verifyRecoveryCode(identifier, code, context);
    const ticket = generateToken();
    if (!(await this.repository.replaceToken(resolved.challenge.id, ticket, resolved.organization.securityPolicy.recovery.linkMinutes))) raise(recoveryErrors.CODE_EXPIRED);
    return ticket;
  }

  private async findCodeChallenge(identifier: string, code: string): Promise<ResolvedChallenge> {
    const normalized = normalizeIdentifier(identifier);
    const found = normalized ? await this.deps.channels.findByVerifiedAddress(normalized.kind, normalized.value) : undefined;
    const challenge = found && found.user.status === 'active' && !found.user.frozenAt ? await this.repository.findPendingForDestination(found.user.id, found.channel.address) : undefined;
    if (!found || !challenge) {
      // The same keyed hash a real check computes, so an unknown identifier costs about as much.
      this.deps.secrets.keyedHash('verification-code', 'no-challenge', code);
      raise(recoveryErrors.CODE_INVALID);
    }
    return { challenge, user: found.user, organization: found.organization };
  }

  private async verifyRecoveryCode(identifier: string, code: string, context: AuditContext, preChecked?: ResolvedChallenge) {
    const resolved = preChecked ?? (await this.findCodeChallenge(identifier, code));
    await this.checkCode(resolved, 'recovery', code, context);
    return { resolved };
  }

  /** Verifies a code of this purpose for the challenge under the per-account budget that survives re-issue. */
  private async checkCode({ challenge, user }: ResolvedChallenge, purpose: CodePurpose, code: string, context: AuditContext): Promise<string> {
    const rule = rateLimits.recoveryCodeFailuresPerAccount;
    const failures = await this.deps.codes.failuresSince(user.id, purpose, new Date(Date.now() - rule.windowMinutes * 60_000));
    const auditBase = { orgId: user.orgId, targetUserId: user.id, targetLabel: user.email };
    if (failures >= rule.max) {
      await this.deps.audit.record({ ...auditBase, action: 'recovery_code_budget_exhausted', outcome: 'failure', details: { purpose, failures } }, context);
      raise(recoveryErrors.CODE_INVALID);
    }
    const check = await this.deps.codes.verify(user.id, purpose, challenge.id, code);
    if (check.ok) return check.id;
    await this.deps.audit.record({ ...auditBase, action: 'recovery_code_failed', outcome: 'failure', details: { purpose, reason: check.reason } }, context);
    if (check.reason === 'expired' || check.reason === 'exhausted') raise(recoveryErrors.CODE_EXPIRED);
    raise(recoveryErrors.CODE_INVALID);
  }

  /** Sends a code to a verified channel of the other kind (second proof). */
  async sendSecondChannelCode(token: string, channelId: string, context: AuditContext & { client: ClientInfo; locale: Locale }): Promise<{ masked: string }> {
    const resolved = await this.resolveOrRaise(token);
    const { challenge, user, organization } = resolved;
    const state = await this.secondProofState(resolved);
    const channel = state.channels.find((candidate) => candidate.id === channelId);
    if (!state.required || !channel) raise(recoveryErrors.CHANNEL_NOT_ALLOWED);
    const last = await this.deps.codes.lastIssuedAt(user.id, 'second_channel', challenge.id);
    const wait = last ? Math.ceil((last.getTime() + rateLimits.codeResendSeconds * 1000 - Date.now()) / 1000) : 0;
    if (wait > 0) raise(recoveryErrors.RESEND_TOO_SOON, { seconds: wait }, { 'retry-after': String(wait) });
    const client = { ip: context.client.ip, userAgent: context.client.userAgent };
    if (channel.kind === 'phone' && !(await reserveSmsOrAudit(this.deps, this.limits, { to: channel.address, userId: user.id, organization, purpose: 'second_channel', ...client }))) {
      raise(recoveryErrors.SMS_LIMIT_REACHED);
    }
    const rule = organization.securityPolicy.recovery;
    const { code } = await this.deps.codes.issue({ userId: user.id, purpose: 'second_channel', subject: challenge.id, destination: channel.address, digits: rule.codeDigits, minutes: rule.codeMinutes });
    const locale = userLocale(user, context.locale);
    if (channel.kind === 'email') {
      const params = requestParams(this.deps, organization, locale, context.client);
      await this.deps.mail.send({ to: channel.address, userId: user.id, template: 'passwordResetSecondCode', locale, params: { ...params, name: user.name, code, codeMinutes: rule.codeMinutes } });
    } else {
      await this.deps.sms.send(channel.address, translate(locale, 'sms.secondChannelCode', { orgName: organization.name, code, minutes: rule.codeMinutes }), user.id, { code });
    }
    await this.deps.audit.record({ action: 'recovery_second_channel_code_sent', orgId: user.orgId, targetUserId: user.id, targetLabel: user.email, details: { channel: channelLabel(channel) } }, context);
    return { masked: maskAddress(channel.kind, channel.address) };
  }

  async verifySecondChannelCode(token: string, code: string, context: AuditContext): Promise<void> {
    const resolved = await this.resolveOrRaise(token);
    const codeId = await this.checkCode(resolved, 'second_channel', code, context);
    const destination = await this.repository.codeDestination(codeId);
    const state = await this.secondProofState(resolved);
    const channel = state.channels.find((candidate) => candidate.address === destination);
    if (!channel) raise(recoveryErrors.CODE_INVALID);
    await this.repository.addProof(resolved.challenge.id, channelLabel(channel));
    await this.deps.audit.record({ action: 'recovery_second_channel_verified', orgId: resolved.user.orgId, targetUserId: resolved.user.id, targetLabel: resolved.user.email, details: { channel: channelLabel(channel) } }, context);
  }

  /** Sets the new password once every required proof is in; exactly one of concurrent submits wins. */
  async reset(input: ResetInput, context: ResetRequestContext) {
    const isCodePath = !input.token;
    const resolved = input.token ? await this.resolveOrRaise(input.token) : await this.findCodeChallenge(input.identifier ?? '', input.code ?? '');
    const { challenge, user, organization } = resolved;
    // Without a token the code is the channel proof and is checked first: no later answer (policy, second proof,
    // security answers) may tell someone without the code anything about the account.
    if (isCodePath) await this.verifyRecoveryCode('', input.code ?? '', context, resolved);
    const policy = organization.securityPolicy;
    this.passwords.ensureAcceptable(input.newPassword, policy, { name: user.name, email: user.email, orgName: organization.name });
    if (input.secondFactor) await this.proveSecondFactor(resolved, input.secondFactor, context);
    const secondProof = await this.secondProofState(resolved);
    if (!secondProof.satisfied) raise(recoveryErrors.SECOND_PROOF_REQUIRED);
    await this.checkSecurityAnswers(resolved, input.answers, context);
    if (!(await this.repository.claim(challenge.id))) raise(tokenErrors.TOKEN_USED);

    const { deps } = this;
    const now = new Date();
    const updated = await deps.users.update(user.id, { passwordHash: await deps.hasher.hash(input.newPassword), passwordChangedAt: now, passwordReminderSentAt: null, passwordChangeRequired: false, lastSignInAt: now, lastSignInIp: context.client.ip });
    await deps.lockout.unlockAccount(user.id);
    const otherSessionsEnded = await deps.sessions.revokeOthers(user.id, null, 'password_changed');
    const trustedBrowsersRevoked = await revokeTrustedBrowsers(deps.db, user.id, 'password_reset');
    await this.repository.voidPending(user.id);
    await deps.codes.voidAll(user.id);
    await deps.tokens.revokeAll(user.id, ['unlock']);
    const created = await deps.sessions.create(updated, policy, false, context.client);
    // Two channels stood in for an enrolled factor (lost device): factors this session adds wait out the org's delay.
    const lostFactorRecovery = secondProof.required && !challenge.proofs.some((proof) => proof.startsWith('factor:'));
    if (lostFactorRecovery) {
      await markLostFactorSession(deps.db, created.session.id);
      created.session.lostFactorRecovery = true;
    }
    const device = await deps.sessions.findKnownDevice(user.id, context.deviceToken);
    const newDeviceToken = await deps.sessions.rememberDevice(user.id, context.deviceToken, context.client.userAgent, device);
    const secondProofKind = challenge.proofs.find((proof) => !proof.startsWith(`${challenge.channelKind}:`)) ?? null;
    // A ticket comes from a code typed on the page, so only a link opened from the mail counts as 'token'.
    const usedCode = isCodePath || (await this.repository.hasRedeemedCode(challenge.id));
    // requestedAt: when the message went out, for the recovery report's time from request to signed in.
    await deps.audit.record(
      {
        action: 'password_reset',
        orgId: user.orgId,
        actorUserId: user.id,
        actorLabel: user.email,
        targetUserId: user.id,
        targetLabel: user.email,
        details: { proofs: challenge.proofs, secondProof: secondProofKind, via: usedCode ? 'code' : 'token', requestedAt: challenge.createdAt.toISOString(), otherSessionsEnded, trustedBrowsersRevoked, lostFactorRecovery },
      },
      { ...context, sessionHash: created.session.id },
    );
    await this.notifyEveryChannel(updated, organization, context);
    return { ...created, user: { ...updated, lastSignInAt: user.lastSignInAt, lastSignInIp: user.lastSignInIp }, organization, newDeviceToken };
  }

  /** WebAuthn options for a passkey as the reset's second proof (stored on a 'reset' ceremony of the user). */
  async passkeyOptions(token: string, client: ClientInfo): Promise<{ options: unknown }> {
    const { user } = await this.resolveOrRaise(token);
    const verifier = this.deps.secondFactors.get('passkey');
    if (!verifier?.createOptions || !(await this.secondFactorMethods(user.id)).includes('passkey')) raise(mfaErrors.METHOD_UNAVAILABLE);
    const { options, webauthnChallenge } = await verifier.createOptions(user.id);
    await this.ceremonies.create({ purpose: 'reset', userId: user.id, client, webauthnChallenge, minutes: 10 });
    return { options };
  }

  /** An enrolled second factor proves the account holder (under the factor's own throttle); recorded on the challenge. */
  private async proveSecondFactor({ challenge, user }: ResolvedChallenge, factor: NonNullable<ResetInput['secondFactor']>, context: ResetRequestContext): Promise<void> {
    if (challenge.proofs.includes(`factor:${factor.method}`)) return;
    const verifier = this.deps.secondFactors.get(factor.method);
    if (!verifier || !(await this.secondFactorMethods(user.id)).includes(factor.method)) raise(mfaErrors.METHOD_UNAVAILABLE);
    const ceremony = factor.method === 'passkey' ? await this.ceremonies.latestFor(user.id, 'reset') : undefined;
    if (ceremony && !(await this.ceremonies.claim(ceremony.id))) raise(mfaErrors.CHALLENGE_INVALID);
    const result = await verifier.verify({
      userId: user.id,
      code: factor.code,
      response: factor.response,
      ceremony: ceremony ? { id: ceremony.id, purpose: 'reset', webauthnChallenge: ceremony.webauthnChallenge } : null,
      context,
    });
    const auditBase = { orgId: user.orgId, targetUserId: user.id, targetLabel: user.email, details: { method: factor.method } };
    if (!result.ok) {
      await this.deps.audit.record({ ...auditBase, action: 'recovery_second_factor_failed', outcome: 'failure' }, context);
      raise(mfaErrors.CODE_INVALID);
    }
    await this.repository.addProof(challenge.id, `factor:${factor.method}`);
    challenge.proofs = [...challenge.proofs, `factor:${factor.method}`];
    await this.deps.audit.record({ ...auditBase, action: 'recovery_second_factor_verified' }, context);
  }

  private async checkSecurityAnswers(resolved: ResolvedChallenge, answers: ResetInput['answers'], context: AuditContext): Promise<void> {
    const stored = await this.securityQuestionsFor(resolved);
    if (!stored) return;
    if (!answers || answers.length === 0) raise(recoveryErrors.SECURITY_ANSWERS_REQUIRED);
    if (resolved.challenge.answerAttempts >= SECURITY_ANSWER_MAX_ATTEMPTS) raise(tokenErrors.TOKEN_INVALID);
    if (await verifyAllSecurityAnswers(this.deps.hasher, stored, answers)) return;
    const attempts = await this.repository.countWrongAnswers(resolved.challenge.id);
    const { user } = resolved;
    await this.deps.audit.record({ action: 'security_answers_failed', outcome: 'failure', orgId: user.orgId, targetUserId: user.id, targetLabel: user.email, details: { attempts } }, context);
    raise(recoveryErrors.SECURITY_ANSWERS_INCORRECT);
  }

  /** Every verified channel hears of the reset, with a link that freezes the account ("this wasn't me"). */
  private async notifyEveryChannel(user: UserRow, organization: OrganizationRow, context: ResetRequestContext): Promise<void> {
    await sendFreezeNotice(this.deps, this.limits, { user, organization, client: context.client, locale: context.locale, mailTemplate: 'passwordResetDone', smsKey: 'sms.passwordResetDone', linkMinutes: FREEZE_LINK_MINUTES });
  }
}
