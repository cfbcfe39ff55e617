import { and, eq, isNull } from 'drizzle-orm';
import type { AuditContext } from '../../audit/audit.service.ts';
import { raise } from '../../http/app-error.ts';
import type { Locale } from '../../i18n/i18n.ts';
import { CeremonyStore } from '../mfa/ceremonies.ts';
import { mfaErrors } from '../mfa/mfa.errors.ts';
import type { SecondFactorMethod } from '../mfa/second-factors.ts';
import { PasswordService } from '../passwords/password.service.ts';
import type { IdentityDependencies } from '../services.ts';
import type { ClientInfo, SessionRow, UserRow } from '../sessions/session.service.ts';
import { sessions } from '../sessions/session.tables.ts';

export type StepUpInput = { password: string; method?: 'totp' | 'sms' | 'recovery_code' | undefined; code?: string | undefined } | { method: 'passkey'; response: Record<string, unknown> };

type StepUpContext = AuditContext & { client: ClientInfo; locale?: Locale };

/**
 * Proving it is still you in a live session ("step-up") before sensitive changes. Without a second factor: the
 * password. With one (MF-08): the password and a factor code, or a passkey assertion with user verification alone
 * (something you have plus a PIN or biometric — two factors in one gesture).
 */
export class StepUpService {
  private readonly passwords: PasswordService;
  private readonly ceremonies: CeremonyStore;

  constructor(private readonly deps: IdentityDependencies) {
    this.passwords = new PasswordService(deps);
    this.ceremonies = new CeremonyStore(deps.db);
  }

  async reauthenticate(user: UserRow, session: SessionRow, input: StepUpInput, context: StepUpContext): Promise<Date> {
    const methods = await this.deps.secondFactors.enrolledMethods(user.id);
    let factor: SecondFactorMethod | null = null;
    if ('response' in input) {
      await this.verifyPasskey(user, methods, input.response, context);
      factor = 'passkey';
    } else {
      const { policy } = await this.passwords.policyFor(user.orgId);
      await this.passwords.verifyCurrentPassword(user, input.password, policy, context, 'reauthenticate');
      // A session from lost-device recovery proved two channels and set this password; it no longer has the factor.
      if (methods.length > 0 && !session.lostFactorRecovery) {
        if (!input.method || !input.code) {
          raise(mfaErrors.SECOND_FACTOR_REQUIRED, {}, {}, methods.map((method) => ({ path: 'methods', code: method, messageKey: `mfa.methods.${method}` })));
        }
        if (!methods.includes(input.method)) raise(mfaErrors.METHOD_UNAVAILABLE);
        const verifier = this.deps.secondFactors.get(input.method);
        const result = verifier ? await verifier.verify({ userId: user.id, code: input.code, ceremony: null, context }) : { ok: false as const };
        if (!result.ok) await this.refuse(user, input.method, context);
        factor = input.method;
      }
    }
    const now = new Date();
    // The session module has no setter for this column yet; only this one live session is marked.
    await this.deps.db
      .update(sessions)
      // verifyPasskey refused UV=0, so a passkey step-up is a user-verified passkey proof (MF-12).
      .set({ reauthenticatedAt: now, ...(factor === 'passkey' ? { passkeyVerifiedAt: now } : {}) })
      .where(and(eq(sessions.id, session.id), isNull(sessions.revokedAt)));
    await this.deps.audit.record({ action: 'reauthenticated', orgId: user.orgId, actorUserId: user.id, actorLabel: user.email, targetUserId: user.id, targetLabel: user.email, details: factor ? { secondFactor: factor } : {} }, context);
    return new Date(now.getTime() + this.deps.config.stepUpMinutes * 60_000);
  }

  /** WebAuthn options for a passkey step-up, stored on a 'step_up' ceremony of this user. */
  async passkeyOptions(user: UserRow, client: ClientInfo): Promise<{ options: unknown }> {
    const verifier = this.deps.secondFactors.get('passkey');
    if (!verifier?.createOptions || !(await verifier.isEnrolled(user.id))) raise(mfaErrors.METHOD_UNAVAILABLE);
    const { options, webauthnChallenge } = await verifier.createOptions(user.id);
    await this.ceremonies.create({ purpose: 'step_up', userId: user.id, client, webauthnChallenge });
    return { options };
  }

  private async verifyPasskey(user: UserRow, methods: SecondFactorMethod[], response: Record<string, unknown>, context: StepUpContext): Promise<void> {
    const verifier = this.deps.secondFactors.get('passkey');
    if (!verifier || !methods.includes('passkey')) raise(mfaErrors.METHOD_UNAVAILABLE);
    const ceremony = await this.ceremonies.latestFor(user.id, 'step_up');
    // A used or expired ceremony is a refused attempt (403), never a 401: the session itself is fine.
    if (!ceremony || !(await this.ceremonies.claim(ceremony.id))) return this.refuse(user, 'passkey', context);
    const result = await verifier.verify({ userId: user.id, response, ceremony: { id: ceremony.id, purpose: 'step_up', webauthnChallenge: ceremony.webauthnChallenge }, context });
    // Without user verification a passkey is one factor only: not enough on its own.
    if (!result.ok || !result.userVerified) await this.refuse(user, 'passkey', context);
  }

  private async refuse(user: UserRow, method: SecondFactorMethod, context: StepUpContext): Promise<never> {
    await this.deps.audit.record({ action: 'reauthentication_failed', outcome: 'failure', orgId: user.orgId, actorUserId: user.id, actorLabel: user.email, targetUserId: user.id, targetLabel: user.email, details: { reason: 'wrong_second_factor', method } }, context);
    raise(mfaErrors.STEP_UP_CODE_INVALID);
  }
}
