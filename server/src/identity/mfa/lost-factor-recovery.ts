import { and, eq, gt } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { raise } from '../../http/app-error.ts';
import type { SecurityPolicy } from '../orgs/security-policy.schema.ts';
import { sessions } from '../sessions/session.tables.ts';
import { mfaErrors } from './mfa.errors.ts';
import type { FactorContext } from './two-step.service.ts';
import { passkeys, smsFactors, totpFactors } from './mfa.tables.ts';

/**
 * Lost-device recovery. A reset that proved two channels instead of the enrolled second factor lands in a session
 * marked `lost_factor_recovery`. In that session:
 *  - step-up accepts the password alone (the person no longer holds the factor);
 *  - a factor it adds counts only after the organisation's delay (`twoStep.newFactorDelayHours`, default 24 h), and
 *    every channel gets a "this wasn't me" link that freezes the account and cancels the pending factor;
 *  - factors that were already there cannot be removed and recovery codes cannot be regenerated (an attacker holding
 *    two channels must not be able to take the real owner's factors away or mint codes that count at once).
 */

/** Marks a freshly created session as the product of a reset that stood in for a lost second factor. */
export async function markLostFactorSession(db: Database, sessionId: string): Promise<void> {
  await db.update(sessions).set({ lostFactorRecovery: true }).where(eq(sessions.id, sessionId));
}

/** When a factor added in this request's session takes effect, or null when it counts at once. */
export function newFactorActivatesAt(context: Pick<FactorContext, 'lostFactorRecovery'>, policy: SecurityPolicy, now = new Date()): Date | null {
  if (policy.twoStep.newFactorDelayHours <= 0 || !context.lostFactorRecovery) return null;
  return new Date(now.getTime() + policy.twoStep.newFactorDelayHours * 3_600_000);
}

/**
 * Refuses to remove or replace a factor that is already in effect from a lost-device session (403
 * lost_factor_session). `activatesAt` is the factor's own activation time: a factor still pending may be removed.
 */
export function assertMayChangeExistingFactor(context: Pick<FactorContext, 'lostFactorRecovery'>, activatesAt: Date | null = null, now = new Date()): void {
  const pending = activatesAt !== null && activatesAt > now;
  if (!pending && context.lostFactorRecovery) raise(mfaErrors.LOST_FACTOR_SESSION);
}

/** Deletes every factor that has not taken effect yet ("this wasn't me"); returns how many went. */
export async function cancelPendingFactors(db: Database, userId: string, now = new Date()): Promise<number> {
  const totp = await db.delete(totpFactors).where(and(eq(totpFactors.userId, userId), gt(totpFactors.activatesAt, now))).returning({ id: totpFactors.id });
  const keys = await db.delete(passkeys).where(and(eq(passkeys.userId, userId), gt(passkeys.activatesAt, now))).returning({ id: passkeys.id });
  const texts = await db.delete(smsFactors).where(and(eq(smsFactors.userId, userId), gt(smsFactors.activatesAt, now))).returning({ id: smsFactors.id });
  return totp.length + keys.length + texts.length;
}
