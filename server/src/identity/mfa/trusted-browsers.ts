import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import type { SecurityPolicy } from '../orgs/security-policy.schema.ts';
import { generateToken, hashToken } from '../secrets.ts';
import type { ClientInfo } from '../sessions/session.service.ts';
import { trustedBrowsers } from './mfa.tables.ts';

/**
 * "Trust this browser" (MF-14, decision C11): after a second factor, an org that opted in may let this browser skip
 * the second step — never the password — for a bounded time. The cookie holds a 256-bit token stored here as SHA-256;
 * on its own it opens nothing, because it is only looked at after the right password.
 */

/** The ceiling whatever the policy says (NIST §5.1 allows no more than a bounded re-authentication allowance). */
export const TRUSTED_BROWSER_MAX_DAYS = 30;

export type TrustedBrowserRow = typeof trustedBrowsers.$inferSelect;

/** Why a trust ended early; kept on the row for investigations ("why was I asked for my code again?"). */
export type TrustedBrowserRevokeReason =
  | 'revoked'
  | 'password_changed'
  | 'password_reset'
  | 'password_cleared'
  | 'factor_changed'
  | 'account_frozen'
  | 'account_locked'
  | 'signed_out_everywhere'
  | 'admin_action'
  | 'account_deactivated';

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const DAY_MS = 86_400_000;

/**
 * Days a trust may last for this user under the org's current policy: 0 when the org has the feature off, and always 0
 * for owners and admins (admin roles never skip the second step). Read again at every use, so switching the policy
 * off, shortening it or promoting the user ends existing trusts at once.
 */
export function trustBrowserDaysFor(policy: SecurityPolicy, role: string): number {
  if (role === 'owner' || role === 'admin') return 0;
  return Math.min(Math.max(0, policy.twoStep.trustBrowserDays), TRUSTED_BROWSER_MAX_DAYS);
}

export class TrustedBrowserService {
  constructor(private readonly db: Database) {}

  async issue(userId: string, client: ClientInfo, days: number): Promise<{ token: string; row: TrustedBrowserRow }> {
    const lifetimeDays = Math.min(days, TRUSTED_BROWSER_MAX_DAYS);
    if (lifetimeDays <= 0) throw new Error('a browser can only be trusted for a positive number of days');
    const token = generateToken();
    const [row] = await this.db
      .insert(trustedBrowsers)
      .values({ userId, tokenHash: hashToken(token), userAgent: client.userAgent?.slice(0, 512) ?? null, ip: client.ip, expiresAt: new Date(Date.now() + lifetimeDays * DAY_MS) })
      .returning();
    if (!row) throw new Error('trusted browser not stored');
    return { token, row };
  }

  /**
   * The live trust behind a cookie value for exactly this user — unexpired, unrevoked and issued within the policy's
   * current number of days — marked as used in the same statement; null otherwise (another user's cookie included).
   */
  async findValid(userId: string, token: string | undefined, policyDays: number = TRUSTED_BROWSER_MAX_DAYS): Promise<TrustedBrowserRow | null> {
    if (!token || !TOKEN_PATTERN.test(token) || policyDays <= 0) return null;
    const now = new Date();
    const [row] = await this.db
      .update(trustedBrowsers)
      .set({ lastUsedAt: now })
      .where(
        and(
          eq(trustedBrowsers.tokenHash, hashToken(token)),
          eq(trustedBrowsers.userId, userId),
          isNull(trustedBrowsers.revokedAt),
          gt(trustedBrowsers.expiresAt, now),
          gt(trustedBrowsers.createdAt, new Date(now.getTime() - Math.min(policyDays, TRUSTED_BROWSER_MAX_DAYS) * DAY_MS)),
        ),
      )
      .returning();
    return row ?? null;
  }

  /** The user's live trusts, newest first. */
  async list(userId: string): Promise<TrustedBrowserRow[]> {
    return this.db
      .select()
      .from(trustedBrowsers)
      .where(and(eq(trustedBrowsers.userId, userId), isNull(trustedBrowsers.revokedAt), gt(trustedBrowsers.expiresAt, new Date())))
      .orderBy(desc(trustedBrowsers.createdAt));
  }

  /** Ends one of the user's own trusts; null when the id is not a live trust of theirs (the route answers 404). */
  async revoke(userId: string, id: string): Promise<TrustedBrowserRow | null> {
    const [row] = await this.db
      .update(trustedBrowsers)
      .set({ revokedAt: new Date(), revokeReason: 'revoked' })
      .where(and(eq(trustedBrowsers.id, id), eq(trustedBrowsers.userId, userId), isNull(trustedBrowsers.revokedAt), gt(trustedBrowsers.expiresAt, new Date())))
      .returning();
    return row ?? null;
  }

  /** Whether a cookie value is this trust's token (the "this browser" mark in the list). */
  static isTokenOf(row: Pick<TrustedBrowserRow, 'tokenHash'>, token: string | undefined): boolean {
    return token !== undefined && TOKEN_PATTERN.test(token) && hashToken(token) === row.tokenHash;
  }
}

/**
 * Ends every trust of the user. Called on each password change or reset, factor change (TOTP added or removed,
 * passkey added or removed, recovery codes replaced), freeze and "sign out everywhere": whatever proved the person
 * before may be what an attacker holds. Returns how many were ended (for the caller's audit details).
 */
export async function revokeTrustedBrowsers(db: Database, userId: string, reason: TrustedBrowserRevokeReason): Promise<number> {
  const ended = await db
    .update(trustedBrowsers)
    .set({ revokedAt: new Date(), revokeReason: reason })
    .where(and(eq(trustedBrowsers.userId, userId), isNull(trustedBrowsers.revokedAt)))
    .returning({ id: trustedBrowsers.id });
  return ended.length;
}
