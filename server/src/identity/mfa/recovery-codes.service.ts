import { randomInt } from 'node:crypto';
import { and, count, eq, isNull, min } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import type { PasswordHasher } from '../passwords/password-hashing.ts';
import { FactorThrottle, type FailureOutcome } from './factor-throttle.ts';
import { recoveryCodes } from './mfa.tables.ts';

export const RECOVERY_CODE_COUNT = 10;
/** Lower-case letters and digits without the look-alikes 0/o, 1/l/i: 31 symbols, ≈4.95 bits each, 16 → ≈79 bits. */
const ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
const GROUPS = 4;
const GROUP_LENGTH = 4;

function randomGroup(): string {
  let group = '';
  for (let index = 0; index < GROUP_LENGTH; index += 1) group += ALPHABET[randomInt(ALPHABET.length)];
  return group;
}

/** What a person typed → the 16 symbols, or null when it cannot be a code (spaces, dashes and case ignored). */
export function normalizeRecoveryCode(input: string): string | null {
  const compact = input.toLowerCase().replace(/[\s-]/g, '');
  if (compact.length !== GROUPS * GROUP_LENGTH) return null;
  for (const character of compact) if (!ALPHABET.includes(character)) return null;
  return compact;
}

export type RecoveryCodeCheck = { ok: true; remaining: number } | { ok: false; failure: FailureOutcome };

/**
 * Recovery codes `xxxx-xxxx-xxxx-xxxx`: the first group is a selector stored in clear (unique per user) that finds
 * the row; the other twelve symbols are an argon2id hash. Shown once; a new set deletes the old one.
 */
export class RecoveryCodeService {
  constructor(
    private readonly db: Database,
    private readonly hasher: PasswordHasher,
    private readonly throttle: FactorThrottle,
  ) {}

  /** Replaces the user's set with 10 new codes and returns them (the only time they exist in clear). */
  async generate(userId: string): Promise<string[]> {
    const selectors = new Set<string>();
    while (selectors.size < RECOVERY_CODE_COUNT) selectors.add(randomGroup());
    const codes = [...selectors].map((selector) => [selector, ...Array.from({ length: GROUPS - 1 }, randomGroup)].join('-'));
    const rows = await Promise.all(codes.map(async (code) => ({ userId, selector: code.slice(0, GROUP_LENGTH), codeHash: await this.hasher.hash(code.replace(/-/g, '').slice(GROUP_LENGTH)) })));
    await this.db.transaction(async (tx) => {
      await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
      await tx.insert(recoveryCodes).values(rows);
    });
    return codes;
  }

  async deleteAll(userId: string): Promise<void> {
    await this.db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  }

  /** Unused codes left, the size of the set and when it was made; null when the user has no set. */
  async summary(userId: string): Promise<{ remaining: number; total: number; createdAt: Date } | null> {
    const [all] = await this.db.select({ total: count(), createdAt: min(recoveryCodes.createdAt) }).from(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    if (!all || Number(all.total) === 0 || !all.createdAt) return null;
    return { remaining: await this.remaining(userId), total: Number(all.total), createdAt: new Date(all.createdAt) };
  }

  async remaining(userId: string): Promise<number> {
    const [row] = await this.db.select({ remaining: count() }).from(recoveryCodes).where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
    return Number(row?.remaining ?? 0);
  }

  /** Uses one code exactly once (atomic claim), under the account's 'recovery_code' counter. */
  async use(userId: string, input: string): Promise<RecoveryCodeCheck> {
    await this.throttle.assertOpen(userId, 'recovery_code');
    const code = normalizeRecoveryCode(input);
    const [row] = code
      ? await this.db
          .select()
          .from(recoveryCodes)
          .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.selector, code.slice(0, GROUP_LENGTH)), isNull(recoveryCodes.usedAt)))
      : [];
    const secret = code?.slice(GROUP_LENGTH) ?? input;
    const matches = row ? await this.hasher.verify(row.codeHash, secret) : (await this.hasher.verifyDummy(secret), false);
    if (row && matches) {
      const claimed = await this.db
        .update(recoveryCodes)
        .set({ usedAt: new Date() })
        .where(and(eq(recoveryCodes.id, row.id), isNull(recoveryCodes.usedAt)))
        .returning({ id: recoveryCodes.id });
      if (claimed.length === 1) {
        await this.throttle.reset(userId, 'recovery_code');
        return { ok: true, remaining: await this.remaining(userId) };
      }
    }
    return { ok: false, failure: await this.throttle.recordFailure(userId, 'recovery_code') };
  }
}
