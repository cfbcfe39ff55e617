/**
 * Second-factor verifier registry — the seam between the two-step core (TOTP, recovery codes, challenges, step-up,
 * reset) and other factor kinds (passkeys, in ./passkeys/). The shape below is stable; add methods, never change them.
 *
 *   type SecondFactorMethod = 'passkey' | 'totp' | 'sms' | 'recovery_code'  // order = the order offered to users
 *
 *   interface SecondFactorVerifier {
 *     method: SecondFactorMethod;
 *     // The user has at least one *active* factor of this kind (confirmed, activates_at null or past).
 *     isEnrolled(userId: string): Promise<boolean>;
 *     // Checks one answer. `code` for totp / recovery_code, `response` (WebAuthn AuthenticationResponseJSON) for
 *     // passkey. `ceremony` is the mfa_challenges row of this attempt (sign-in, step-up) or a stand-in carrying the
 *     // WebAuthn challenge issued by `createOptions` (reset); the core clears `webauthnChallenge` after every attempt.
 *     // Returns { ok: true, userVerified, factorId } or { ok: false }. May throw AppErrors (e.g. mfa_throttled);
 *     // a verifier applies its own throttle and single-use rules and records nothing else in the audit log.
 *     verify(attempt: SecondFactorAttempt): Promise<SecondFactorResult>;
 *     // Passkey only: WebAuthn request options for this user (allowCredentials = the user's passkeys) and the
 *     // challenge to store on the ceremony. Used by /api/auth/mfa/passkey-options, /api/auth/reauthenticate/
 *     // passkey-options and /api/auth/password/reset/passkey-options, which the core serves.
 *     createOptions?(userId: string): Promise<{ options: unknown; webauthnChallenge: string }>;
 *     // SMS only: texts a code bound to this attempt (the sign-in challenge, or the step-up's session when `ceremony`
 *     // is null) under the resend pause and the SMS caps. Served by /api/auth/mfa/sms and /api/auth/reauthenticate/sms.
 *     sendCode?(attempt: CodeRequest): Promise<SentCode>;
 *   }
 *
 * Registration: `deps.secondFactors.register(verifier)` once at start-up (e.g. from the passkey routes' register
 * function). The core registers 'totp' and 'recovery_code'; 'sms' comes from sms-factor.service.ts. Look-ups happen
 * per request, so order does not matter.
 * A session after a successful second step is created by `completeSignIn` (../login/sign-in-completion.ts), which a
 * password-less sign-in can reuse.
 */
import type { AuditContext } from '../../audit/audit.service.ts';
import type { Locale } from '../../i18n/i18n.ts';
import type { ClientInfo } from '../sessions/session.service.ts';

/** SMS is the least preferred real factor (SIM swap, interception): offered after passkeys and authenticator apps. */
export const SECOND_FACTOR_METHODS = ['passkey', 'totp', 'sms', 'recovery_code'] as const;
export type SecondFactorMethod = (typeof SECOND_FACTOR_METHODS)[number];

export type CeremonyPurpose = 'sign_in' | 'step_up' | 'passkey_register' | 'passkey_sign_in' | 'reset';

/** The part of an mfa_challenges row (or of a reset's stand-in) a verifier may need. */
export interface FactorCeremony {
  id: string;
  purpose: CeremonyPurpose;
  webauthnChallenge: string | null;
}

export interface SecondFactorAttempt {
  userId: string;
  code?: string;
  response?: unknown;
  ceremony: FactorCeremony | null;
  context: AuditContext & { client: ClientInfo; locale?: Locale };
}

export type SecondFactorResult = { ok: true; userVerified: boolean; factorId: string | null } | { ok: false };

/** A request for a code sent by message (SMS): the same binding as the attempt that will check it. */
export type CodeRequest = Omit<SecondFactorAttempt, 'code' | 'response'>;

/** Where the code went (masked), until when it works and when another may be asked for. */
export interface SentCode {
  masked: string;
  expiresAt: Date;
  resendAfterSeconds: number;
}

export interface SecondFactorVerifier {
  readonly method: SecondFactorMethod;
  isEnrolled(userId: string): Promise<boolean>;
  verify(attempt: SecondFactorAttempt): Promise<SecondFactorResult>;
  createOptions?(userId: string): Promise<{ options: unknown; webauthnChallenge: string }>;
  sendCode?(request: CodeRequest): Promise<SentCode>;
}

export class SecondFactorRegistry {
  private readonly verifiers = new Map<SecondFactorMethod, SecondFactorVerifier>();

  register(verifier: SecondFactorVerifier): void {
    this.verifiers.set(verifier.method, verifier);
  }

  get(method: SecondFactorMethod): SecondFactorVerifier | undefined {
    return this.verifiers.get(method);
  }

  /** The user's active methods, in the order offered. */
  async enrolledMethods(userId: string): Promise<SecondFactorMethod[]> {
    const present = await Promise.all(SECOND_FACTOR_METHODS.map(async (method) => ((await this.verifiers.get(method)?.isEnrolled(userId)) ? method : null)));
    return present.filter((method): method is SecondFactorMethod => method !== null);
  }
}
