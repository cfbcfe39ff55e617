import { and, eq, gt, inArray, isNull } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { defineErrors, raise } from '../../http/app-error.ts';
import { generateToken, hashToken } from '../secrets.ts';
import { actionTokens } from './token.tables.ts';

export type TokenPurpose = 'unlock' | 'invite' | 'freeze' | 'email_revert' | 'assisted_recovery' | 'break_glass' | 'contact_confirm' | 'two_step_reset_cancel';

export const tokenErrors = defineErrors({
  TOKEN_INVALID: { status: 400, code: 'token_invalid' },
  TOKEN_EXPIRED: { status: 400, code: 'token_expired' },
  TOKEN_USED: { status: 400, code: 'token_used' },
});

export type TokenState = { valid: true; userId: string; details: Record<string, unknown> } | { valid: false; reason: 'invalid' | 'expired' | 'used' };

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** Single-use, purpose-bound links. Issuing a new one voids the user's older ones for the same purpose. */
export class ActionTokenService {
  constructor(private readonly db: Database) {}

  /**
   * `keepOthers`: earlier live tokens of this purpose stay valid (revert links: a second change of the sign-in
   * address must not kill the link that undoes the first).
   */
  async issue(userId: string, purpose: TokenPurpose, lifetimeMinutes: number, details: Record<string, unknown> = {}, options: { keepOthers?: boolean } = {}): Promise<string> {
    const token = generateToken();
    const now = new Date();
    await this.db.transaction(async (transaction) => {
      if (!options.keepOthers) {
        await transaction
          .update(actionTokens)
          .set({ expiresAt: now })
          .where(and(eq(actionTokens.userId, userId), eq(actionTokens.purpose, purpose), isNull(actionTokens.usedAt), gt(actionTokens.expiresAt, now)));
      }
      await transaction.insert(actionTokens).values({
        userId,
        purpose,
        tokenHash: hashToken(token),
        details,
        expiresAt: new Date(now.getTime() + lifetimeMinutes * 60_000),
      });
    });
    return token;
  }

  /** Looks a token up without spending it: opening a link must not consume it (mail scanners pre-fetch links). */
  async inspect(token: string, purpose: TokenPurpose): Promise<TokenState> {
    if (!TOKEN_SHAPE.test(token)) return { valid: false, reason: 'invalid' };
    const [row] = await this.db.select().from(actionTokens).where(eq(actionTokens.tokenHash, hashToken(token)));
    if (row?.purpose !== purpose) return { valid: false, reason: 'invalid' };
    if (row.usedAt) return { valid: false, reason: 'used' };
    if (row.expiresAt <= new Date()) return { valid: false, reason: 'expired' };
    return { valid: true, userId: row.userId, details: row.details };
  }

  /** Voids the user's live tokens of these purposes (after a reset or a freeze, older unlock links must die). */
  async revokeAll(userId: string, purposes: TokenPurpose[]): Promise<void> {
    if (purposes.length === 0) return;
    const now = new Date();
    await this.db
      .update(actionTokens)
      .set({ expiresAt: now })
      .where(and(eq(actionTokens.userId, userId), inArray(actionTokens.purpose, purposes), isNull(actionTokens.usedAt), gt(actionTokens.expiresAt, now)));
  }

  /** Spends a token atomically: of two concurrent submits exactly one wins. */
  async consume(token: string, purpose: TokenPurpose): Promise<{ userId: string; details: Record<string, unknown> }> {
    const state = await this.inspect(token, purpose);
    if (!state.valid) {
      if (state.reason === 'expired') raise(tokenErrors.TOKEN_EXPIRED);
      if (state.reason === 'used') raise(tokenErrors.TOKEN_USED);
      raise(tokenErrors.TOKEN_INVALID);
    }
    const now = new Date();
    const [spent] = await this.db
      .update(actionTokens)
      .set({ usedAt: now })
      .where(and(eq(actionTokens.tokenHash, hashToken(token)), isNull(actionTokens.usedAt), gt(actionTokens.expiresAt, now)))
      .returning({ userId: actionTokens.userId, details: actionTokens.details });
    if (!spent) raise(tokenErrors.TOKEN_USED);
    return spent;
  }
}
