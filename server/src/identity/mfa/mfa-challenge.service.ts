import { raise } from '../../http/app-error.ts';
import type { Locale } from '../../i18n/i18n.ts';
import { completeSignIn, type SignInCompletionContext } from '../login/sign-in-completion.ts';
import type { IdentityDependencies } from '../services.ts';
import type { ClientInfo, UserRow } from '../sessions/session.service.ts';
import { CeremonyStore, isBoundTo, type CeremonyRow } from './ceremonies.ts';
import { mfaErrors } from './mfa.errors.ts';
import type { SecondFactorMethod } from './second-factors.ts';
import { trustBrowserDaysFor, TrustedBrowserService } from './trusted-browsers.ts';

export interface SignInFactors {
  totp: boolean;
  passkey: boolean;
  sms: boolean;
  recoveryCodes: boolean;
}

export interface SecondStepInput {
  challenge: string;
  method: SecondFactorMethod;
  code?: string | undefined;
  response?: unknown;
  /** "Trust this browser": honoured only when the org policy allows it for the user's role (MF-14). */
  trustBrowser?: boolean | undefined;
}

export type SecondStepContext = SignInCompletionContext & { locale: Locale };

/**
 * The second step of a sign-in (MF-02): the password step hands out a challenge instead of a session; only
 * `complete` with a valid factor creates the session, exactly as a password-only sign-in does.
 */
export class MfaChallengeService {
  private readonly trustedBrowsers: TrustedBrowserService;

  constructor(
    private readonly deps: IdentityDependencies,
    private readonly ceremonies: CeremonyStore,
  ) {
    this.trustedBrowsers = new TrustedBrowserService(deps.db);
  }

  /** The methods offered for the factors read by the sign-in lookup (passkey only while its verifier is plugged in). */
  methodsFor(factors: SignInFactors): SecondFactorMethod[] {
    const methods: SecondFactorMethod[] = [];
    if (factors.passkey && this.deps.secondFactors.get('passkey')) methods.push('passkey');
    if (factors.totp) methods.push('totp');
    // Least preferred of the real factors (SIM swap, interception): after passkeys and authenticator apps.
    if (factors.sms && this.deps.secondFactors.get('sms')) methods.push('sms');
    if (factors.recoveryCodes) methods.push('recovery_code');
    return methods;
  }

  /** `trustBrowserDays`: how long "trust this browser" would last for this user (0 = not offered). */
  async start(user: UserRow, remember: boolean, client: ClientInfo, factors: SignInFactors, trustBrowserDays = 0) {
    const { token, row } = await this.ceremonies.create({ purpose: 'sign_in', userId: user.id, remember, client });
    return { mfaRequired: true as const, methods: this.methodsFor(factors), challenge: token, expiresAt: row.expiresAt, trustBrowserDays };
  }

  /** Unknown, expired, used, void or bound elsewhere: all the same 401 mfa_challenge_invalid. */
  private async liveChallenge(token: string, client: ClientInfo): Promise<{ row: CeremonyRow; user: UserRow }> {
    const row = await this.ceremonies.findLive(token, 'sign_in');
    if (!row?.userId || !isBoundTo(row, client)) raise(mfaErrors.CHALLENGE_INVALID);
    const user = await this.deps.users.findById(row.userId);
    const passwordChangedSince = user?.passwordChangedAt && user.passwordChangedAt > row.createdAt;
    if (!user || user.status !== 'active' || user.frozenAt || !user.passwordHash || passwordChangedSince) raise(mfaErrors.CHALLENGE_INVALID);
    return { row, user };
  }

  /** WebAuthn options for a passkey second step, stored on the challenge row. */
  async passkeyOptions(token: string, client: ClientInfo): Promise<{ options: unknown }> {
    const { row, user } = await this.liveChallenge(token, client);
    const verifier = this.deps.secondFactors.get('passkey');
    if (!verifier?.createOptions || !(await verifier.isEnrolled(user.id))) raise(mfaErrors.METHOD_UNAVAILABLE);
    const { options, webauthnChallenge } = await verifier.createOptions(user.id);
    await this.ceremonies.setWebauthnChallenge(row.id, webauthnChallenge);
    return { options };
  }

  /** Texts the code of an SMS second step, bound to this challenge (resend pause, SMS caps and factor lock apply). */
  async sendCode(token: string, method: SecondFactorMethod, context: SecondStepContext) {
    const { row, user } = await this.liveChallenge(token, context.client);
    const verifier = this.deps.secondFactors.get(method);
    if (!verifier?.sendCode || !(await verifier.isEnrolled(user.id))) raise(mfaErrors.METHOD_UNAVAILABLE);
    return verifier.sendCode({ userId: user.id, ceremony: { id: row.id, purpose: 'sign_in', webauthnChallenge: null }, context });
  }

  async complete(input: SecondStepInput, context: SecondStepContext) {
    const { row, user } = await this.liveChallenge(input.challenge, context.client);
    const organization = await this.deps.db.query.organizations.findFirst({ where: (table, { eq }) => eq(table.id, user.orgId) });
    if (!organization) raise(mfaErrors.CHALLENGE_INVALID);
    const verifier = this.deps.secondFactors.get(input.method);
    if (!verifier || !(await verifier.isEnrolled(user.id))) raise(mfaErrors.METHOD_UNAVAILABLE);
    const auditBase = { orgId: user.orgId, actorUserId: user.id, actorLabel: user.email, targetUserId: user.id, targetLabel: user.email };
    const result = await verifier.verify({ userId: user.id, code: input.code, response: input.response, ceremony: { id: row.id, purpose: 'sign_in', webauthnChallenge: row.webauthnChallenge }, context });
    if (!result.ok) {
      const attempts = await this.ceremonies.addAttempt(row.id);
      await this.deps.audit.record({ ...auditBase, action: 'sign_in_failed', outcome: 'failure', details: { reason: 'wrong_second_factor', method: input.method, challengeAttempts: attempts } }, context);
      raise(mfaErrors.CODE_INVALID);
    }
    if (!(await this.ceremonies.claim(row.id))) raise(mfaErrors.CHALLENGE_INVALID);
    const device = (await this.deps.sessions.findKnownDevice(user.id, context.deviceToken)) ?? null;
    // Only a passkey with user verification marks the session as passkey-verified (MF-12); UV=0 never does.
    const passkeyVerified = input.method === 'passkey' && result.userVerified;
    const signedIn = await completeSignIn(this.deps, { user, organization, remember: row.remember, device, passkeyVerified, details: { secondFactor: input.method, ...(result.factorId ? { factorId: result.factorId } : {}) } }, context);
    // Asked for and allowed right now (policy on, not an owner or admin); otherwise the request is silently ignored.
    const trustDays = input.trustBrowser ? trustBrowserDaysFor(organization.securityPolicy, user.role) : 0;
    let trustedBrowser: { token: string; expiresAt: Date } | null = null;
    if (trustDays > 0) {
      const issued = await this.trustedBrowsers.issue(user.id, context.client, trustDays);
      await this.deps.audit.record({ ...auditBase, action: 'browser_trusted', details: { trustedBrowser: issued.row.id, days: trustDays, until: issued.row.expiresAt.toISOString() } }, { ...context, sessionHash: signedIn.session.id });
      trustedBrowser = { token: issued.token, expiresAt: issued.row.expiresAt };
    }
    return { ...signedIn, method: input.method, trustedBrowser };
  }
}
