import { and, eq, gt, or, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { raise } from '../../http/app-error.ts';
import { mfaErrors } from './mfa.errors.ts';
import { factorThrottles } from './mfa.tables.ts';

export type ThrottleKind = 'otp' | 'recovery_code';

/** Consecutive wrong codes of one kind (across every challenge, browser and network) before the kind locks. */
export const FACTOR_MAX_FAILURES = 10;
export const FACTOR_LOCK_MINUTES = 15;

export interface FailureOutcome {
  failures: number;
  /** Set only by the failure that locked the kind (so the user is told once). */
  lockedUntil: Date | null;
}

/**
 * One cumulative wrong-code counter per account and kind (RFC 4226 §7.3, MF-06): parallel challenges share it, a
 * success resets it, and it is separate from the password budget (lockout module).
 */
export class FactorThrottle {
  constructor(private readonly db: Database) {}

  /** 429 mfa_throttled with Retry-After while the kind is locked. */
  async assertOpen(userId: string, kind: ThrottleKind): Promise<void> {
    const [row] = await this.db
      .select({ lockedUntil: factorThrottles.lockedUntil })
      .from(factorThrottles)
      .where(and(eq(factorThrottles.userId, userId), eq(factorThrottles.kind, kind), gt(factorThrottles.lockedUntil, new Date())));
    if (row?.lockedUntil) {
      const seconds = Math.max(1, Math.ceil((row.lockedUntil.getTime() - Date.now()) / 1000));
      raise(mfaErrors.THROTTLED, { minutes: Math.ceil(seconds / 60) }, { 'retry-after': String(seconds) });
    }
  }

  /** Counts a wrong code atomically; the failure that reaches the limit sets the lock and restarts the count. */
  async recordFailure(userId: string, kind: ThrottleKind): Promise<FailureOutcome> {
    const now = new Date();
    const until = new Date(now.getTime() + FACTOR_LOCK_MINUTES * 60_000);
    const next = sql`(case when ${factorThrottles.lockedUntil} is not null and ${factorThrottles.lockedUntil} <= ${now} then 1 else ${factorThrottles.failures} + 1 end)`;
    const [row] = await this.db
      .insert(factorThrottles)
      .values({ userId, kind, failures: 1, updatedAt: now })
      .onConflictDoUpdate({
        target: [factorThrottles.userId, factorThrottles.kind],
        set: {
          failures: sql`(case when ${next} >= ${FACTOR_MAX_FAILURES} then 0 else ${next} end)`,
          lockedUntil: sql`(case when ${next} >= ${FACTOR_MAX_FAILURES} then ${until} when ${factorThrottles.lockedUntil} <= ${now} then null else ${factorThrottles.lockedUntil} end)`,
          updatedAt: now,
        },
      })
      .returning({ failures: factorThrottles.failures, lockedUntil: factorThrottles.lockedUntil });
    const justLocked = row !== undefined && row.failures === 0 && row.lockedUntil !== null && row.lockedUntil.getTime() === until.getTime();
    return { failures: justLocked ? FACTOR_MAX_FAILURES : (row?.failures ?? 1), lockedUntil: justLocked ? until : null };
  }

  async reset(userId: string, kind: ThrottleKind): Promise<void> {
    await this.db
      .update(factorThrottles)
      .set({ failures: 0, lockedUntil: null, updatedAt: new Date() })
      .where(and(eq(factorThrottles.userId, userId), eq(factorThrottles.kind, kind), or(gt(factorThrottles.failures, 0), sql`${factorThrottles.lockedUntil} is not null`)));
  }
}
