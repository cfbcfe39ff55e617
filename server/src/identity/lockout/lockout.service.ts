import { and, count, countDistinct, eq, gt, isNull, lt, min, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { rateLimits } from '../../http/rate-limits.ts';
import type { SecurityPolicy } from '../orgs/security-policy.schema.ts';
import type { Secrets } from '../secrets.ts';
import { knownDevices } from '../sessions/session.tables.ts';
import { users } from '../users/user.tables.ts';
import { signInFailures } from './lockout.tables.ts';
import { normalizePassword } from '../passwords/password-hashing.ts';

export interface FailureInput {
  userId: string | null;
  ip: string;
  deviceId: string | null;
  password: string;
  policy: SecurityPolicy | null;
}

export interface FailureOutcome {
  /** This failure locked the account for unknown browsers (send the unlock mail). */
  lockedAccount: boolean;
  /** This failure locked the known browser's own budget. */
  lockedDevice: boolean;
  lockedUntil: Date | null;
  failures: number;
}

/** Failures from one IP after this instant count towards its sign-in throttle. */
export function ipFailureWindowStart(now = Date.now()): Date {
  return new Date(now - rateLimits.signInFailuresPerIp.windowMinutes * 60_000);
}

/** Seconds until an IP with these failures inside the window may try again, or null when it is not throttled. */
export function ipRetryAfterSeconds(failures: number, oldest: Date | string | null): number | null {
  const rule = rateLimits.signInFailuresPerIp;
  if (failures < rule.max || !oldest) return null;
  const oldestTime = oldest instanceof Date ? oldest.getTime() : new Date(oldest).getTime();
  return Math.max(1, Math.ceil((oldestTime + rule.windowMinutes * 60_000 - Date.now()) / 1000));
}

/**
 * Lockout aimed at the attacker, not the user: a repeated wrong password counts once (keyed hash, kept only as long
 * as the window), a browser that signed in before has its own budget, and locks are temporary.
 */
export class LockoutService {
  private failuresSinceCleanup = 0;

  constructor(
    private readonly db: Database,
    private readonly secrets: Secrets,
  ) {}

  /** Seconds until this IP may try again, or null. Checked before the account is looked up, so it reveals nothing. */
  async ipRetryAfterSeconds(ip: string): Promise<number | null> {
    const [row] = await this.db
      .select({ failures: count(), oldest: min(signInFailures.createdAt) })
      .from(signInFailures)
      .where(and(eq(signInFailures.ip, ip), gt(signInFailures.createdAt, ipFailureWindowStart())));
    return row ? ipRetryAfterSeconds(row.failures, row.oldest) : null;
  }

  async recordFailure(input: FailureInput): Promise<FailureOutcome> {
    const passwordTag = input.userId ? this.secrets.keyedHash('failed-password', input.userId, normalizePassword(input.password)) : null;
    await this.db.insert(signInFailures).values({ userId: input.userId, ip: input.ip, deviceId: input.deviceId, passwordTag });
    await this.cleanupOccasionally();
    const none: FailureOutcome = { lockedAccount: false, lockedDevice: false, lockedUntil: null, failures: 0 };
    if (!input.userId || !input.policy) return none;

    const rule = input.policy.lockout;
    const since = new Date(Date.now() - rule.windowMinutes * 60_000);
    const budget = input.deviceId ? eq(signInFailures.deviceId, input.deviceId) : isNull(signInFailures.deviceId);
    const [row] = await this.db
      .select({ distinctPasswords: countDistinct(signInFailures.passwordTag) })
      .from(signInFailures)
      .where(and(eq(signInFailures.userId, input.userId), gt(signInFailures.createdAt, since), budget));
    const failures = row?.distinctPasswords ?? 0;
    if (failures < rule.maxFailures) return { ...none, failures };

    const lockedUntil = new Date(Date.now() + rule.lockMinutes * 60_000);
    if (input.deviceId) {
      const updated = await this.db
        .update(knownDevices)
        .set({ lockedUntil })
        .where(and(eq(knownDevices.id, input.deviceId), sql`(${knownDevices.lockedUntil} is null or ${knownDevices.lockedUntil} <= now())`))
        .returning({ id: knownDevices.id });
      return { lockedAccount: false, lockedDevice: updated.length > 0, lockedUntil, failures };
    }
    // Only the request that sets the lock reports it, so concurrent failures send one notification.
    const updated = await this.db
      .update(users)
      .set({ lockedUntil })
      .where(and(eq(users.id, input.userId), sql`(${users.lockedUntil} is null or ${users.lockedUntil} <= now())`))
      .returning({ id: users.id });
    return { lockedAccount: updated.length > 0, lockedDevice: false, lockedUntil, failures };
  }

  /**
   * After a successful sign-in the budget that was used starts again. The rows are detached from the account rather
   * than deleted: they still count against their source IP, so knowing one password cannot reset a stuffing run.
   */
  async clearBudget(userId: string, deviceId: string | null): Promise<void> {
    const budget = deviceId ? eq(signInFailures.deviceId, deviceId) : isNull(signInFailures.deviceId);
    await this.db.update(signInFailures).set({ userId: null, deviceId: null, passwordTag: null }).where(and(eq(signInFailures.userId, userId), budget));
  }

  /** Self-service unlock or password change: lift every lock and forget the failures. */
  async unlockAccount(userId: string): Promise<void> {
    await this.db.update(users).set({ lockedUntil: null }).where(eq(users.id, userId));
    await this.db.update(knownDevices).set({ lockedUntil: null }).where(eq(knownDevices.userId, userId));
    await this.db.update(signInFailures).set({ userId: null, deviceId: null, passwordTag: null }).where(eq(signInFailures.userId, userId));
  }

  /** Password fingerprints must not outlive their purpose: rows older than a day are removed. */
  private async cleanupOccasionally(): Promise<void> {
    this.failuresSinceCleanup += 1;
    if (this.failuresSinceCleanup < 50) return;
    this.failuresSinceCleanup = 0;
    await this.db.delete(signInFailures).where(lt(signInFailures.createdAt, new Date(Date.now() - 86_400_000)));
  }
}
