import type { IdentityDependencies } from '../services.ts';
import type { FailureOutcome } from './factor-throttle.ts';
import { FACTOR_LOCK_MINUTES } from './factor-throttle.ts';
import { recordFactorEvent } from './factor-notices.ts';
import type { RecoveryCodeService } from './recovery-codes.service.ts';
import type { SecondFactorAttempt, SecondFactorResult, SecondFactorVerifier } from './second-factors.ts';
import type { TotpService } from './totp.service.ts';
import { hasActiveFactor } from './two-step-policy.ts';

/** The failure that locked a kind tells the user (once) and is audited. */
export async function noticeLock(deps: IdentityDependencies, attempt: SecondFactorAttempt, kind: 'otp' | 'recovery_code', failure: FailureOutcome): Promise<void> {
  if (!failure.lockedUntil) return;
  const user = await deps.users.findById(attempt.userId);
  const organization = user ? await deps.db.query.organizations.findFirst({ where: (table, { eq }) => eq(table.id, user.orgId) }) : undefined;
  if (!user || !organization) return;
  await recordFactorEvent(
    deps,
    { action: 'two_step_locked', outcome: 'failure', template: 'twoStepLocked', user, organization, details: { kind, failures: failure.failures, until: failure.lockedUntil.toISOString() }, params: { minutes: FACTOR_LOCK_MINUTES, failures: failure.failures } },
    { ...attempt.context, locale: attempt.context.locale ?? 'en' },
  );
}

export class TotpVerifier implements SecondFactorVerifier {
  readonly method = 'totp' as const;

  constructor(
    private readonly deps: IdentityDependencies,
    private readonly totp: TotpService,
  ) {}

  isEnrolled(userId: string): Promise<boolean> {
    return this.totp.hasActive(userId);
  }

  async verify(attempt: SecondFactorAttempt): Promise<SecondFactorResult> {
    if (typeof attempt.code !== 'string') return { ok: false };
    const check = await this.totp.verify(attempt.userId, attempt.code.replace(/\s/g, ''));
    if (check.ok) return { ok: true, userVerified: false, factorId: check.factorId };
    await noticeLock(this.deps, attempt, 'otp', check.failure);
    return { ok: false };
  }
}

export class RecoveryCodeVerifier implements SecondFactorVerifier {
  readonly method = 'recovery_code' as const;

  constructor(
    private readonly deps: IdentityDependencies,
    private readonly codes: RecoveryCodeService,
  ) {}

  /** Unused codes count only beside a real factor (TOTP or passkey): they are its backup, not a factor alone. */
  async isEnrolled(userId: string): Promise<boolean> {
    return (await this.codes.remaining(userId)) > 0 && (await hasActiveFactor(this.deps.db, userId));
  }

  async verify(attempt: SecondFactorAttempt): Promise<SecondFactorResult> {
    if (typeof attempt.code !== 'string') return { ok: false };
    const check = await this.codes.use(attempt.userId, attempt.code);
    if (!check.ok) {
      await noticeLock(this.deps, attempt, 'recovery_code', check.failure);
      return { ok: false };
    }
    const user = await this.deps.users.findById(attempt.userId);
    const organization = user ? await this.deps.db.query.organizations.findFirst({ where: (table, { eq }) => eq(table.id, user.orgId) }) : undefined;
    if (user && organization) {
      await recordFactorEvent(
        this.deps,
        { action: 'recovery_code_used', template: 'recoveryCodeUsed', user, organization, details: { remaining: check.remaining, purpose: attempt.ceremony?.purpose ?? null }, params: { remaining: check.remaining } },
        { ...attempt.context, locale: attempt.context.locale ?? 'en' },
      );
    }
    return { ok: true, userVerified: false, factorId: null };
  }
}
