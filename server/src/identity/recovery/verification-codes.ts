import { randomInt, timingSafeEqual } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import type { Secrets } from '../secrets.ts';
import { verificationCodes } from './recovery.tables.ts';

/** Wrong entries after which a code is void (NIST 800-63B, DESIGN recovery principle 4). */
export const CODE_MAX_ATTEMPTS = 5;

/** 'sms_factor': SMS second-factor codes (enrolment, sign-in, step-up), the subject naming what the code is bound to. */
export type CodePurpose = 'verify_channel' | 'recovery' | 'second_channel' | 'sms_factor';

export type CodeCheck = { ok: true; id: string; destination: string } | { ok: false; reason: 'invalid' | 'expired' | 'exhausted' | 'none'; attemptsLeft: number };

export interface IssueCodeInput {
  userId: string;
  purpose: CodePurpose;
  /** What the code proves (a recovery_addresses id, a challenge id, 'email' / 'phone' for primaries). */
  subject: string;
  destination: string;
  digits: number;
  minutes: number;
}

/** Uniformly random decimal code of `digits` digits (leading zeros kept). */
export function generateCode(digits: number): string {
  return String(randomInt(0, 10 ** digits)).padStart(digits, '0');
}

/**
 * Short numeric codes bound to a user, a purpose and a subject, stored as keyed hashes. A new code for the same
 * purpose and subject voids the older one; each code dies after CODE_MAX_ATTEMPTS wrong entries or its lifetime.
 */
export class VerificationCodeService {
  constructor(
    private readonly db: Database,
    private readonly secrets: Secrets,
  ) {}

  private hash(id: string, code: string): string {
    return this.secrets.keyedHash('verification-code', id, code);
  }

  async issue(input: IssueCodeInput): Promise<{ code: string; id: string; expiresAt: Date }> {
    const code = generateCode(input.digits);
    const now = new Date();
    const expiresAt = new Date(now.getTime() + input.minutes * 60_000);
    const id = crypto.randomUUID();
    await this.db.transaction(async (transaction) => {
      await transaction
        .update(verificationCodes)
        .set({ expiresAt: now })
        .where(and(eq(verificationCodes.userId, input.userId), eq(verificationCodes.purpose, input.purpose), eq(verificationCodes.subject, input.subject), isNull(verificationCodes.usedAt), gt(verificationCodes.expiresAt, now)));
      await transaction.insert(verificationCodes).values({ id, userId: input.userId, purpose: input.purpose, subject: input.subject, destination: input.destination, codeHash: this.hash(id, code), expiresAt });
    });
    return { code, id, expiresAt };
  }

  /** When the newest code for this subject was sent (for the 60-second resend pause). */
  async lastIssuedAt(userId: string, purpose: CodePurpose, subject: string): Promise<Date | null> {
    const [row] = await this.db
      .select({ createdAt: sql<Date>`max(${verificationCodes.createdAt})`.mapWith(verificationCodes.createdAt) })
      .from(verificationCodes)
      .where(and(eq(verificationCodes.userId, userId), eq(verificationCodes.purpose, purpose), eq(verificationCodes.subject, subject)));
    return row?.createdAt ?? null;
  }

  /**
   * Checks and, when right, spends the live code for this subject. A wrong entry counts an attempt atomically, so
   * concurrent guesses cannot exceed the limit, and of two concurrent correct entries exactly one succeeds.
   */
  async verify(userId: string, purpose: CodePurpose, subject: string, code: string): Promise<CodeCheck> {
    const now = new Date();
    const [live] = await this.db
      .select()
      .from(verificationCodes)
      .where(and(eq(verificationCodes.userId, userId), eq(verificationCodes.purpose, purpose), eq(verificationCodes.subject, subject), isNull(verificationCodes.usedAt)))
      .orderBy(sql`${verificationCodes.createdAt} desc`)
      .limit(1);
    if (!live) return { ok: false, reason: 'none', attemptsLeft: 0 };
    if (live.attempts >= CODE_MAX_ATTEMPTS) return { ok: false, reason: 'exhausted', attemptsLeft: 0 };
    if (live.expiresAt <= now) return { ok: false, reason: 'expired', attemptsLeft: 0 };
    const expected = Buffer.from(live.codeHash, 'utf8');
    const given = Buffer.from(this.hash(live.id, code.trim()), 'utf8');
    if (expected.length === given.length && timingSafeEqual(expected, given)) {
      const [spent] = await this.db
        .update(verificationCodes)
        .set({ usedAt: now })
        .where(and(eq(verificationCodes.id, live.id), isNull(verificationCodes.usedAt), gt(verificationCodes.expiresAt, now), sql`${verificationCodes.attempts} < ${CODE_MAX_ATTEMPTS}`))
        .returning({ id: verificationCodes.id, destination: verificationCodes.destination });
      return spent ? { ok: true, id: spent.id, destination: spent.destination } : { ok: false, reason: 'invalid', attemptsLeft: 0 };
    }
    const [counted] = await this.db
      .update(verificationCodes)
      .set({ attempts: sql`${verificationCodes.attempts} + 1` })
      .where(and(eq(verificationCodes.id, live.id), isNull(verificationCodes.usedAt)))
      .returning({ attempts: verificationCodes.attempts });
    const attemptsLeft = Math.max(0, CODE_MAX_ATTEMPTS - (counted?.attempts ?? CODE_MAX_ATTEMPTS));
    return { ok: false, reason: attemptsLeft === 0 ? 'exhausted' : 'invalid', attemptsLeft };
  }

  /** Wrong code entries for this user and purpose since `since`, across re-issued codes (re-issue must not reset it). */
  async failuresSince(userId: string, purpose: CodePurpose, since: Date): Promise<number> {
    const [row] = await this.db
      .select({ failures: sql<number>`coalesce(sum(${verificationCodes.attempts}), 0)::int` })
      .from(verificationCodes)
      .where(and(eq(verificationCodes.userId, userId), eq(verificationCodes.purpose, purpose), gt(verificationCodes.createdAt, since)));
    return row?.failures ?? 0;
  }

  /** Voids every live code of this purpose for the user (after a reset, every outstanding code dies). */
  async voidAll(userId: string, purpose?: CodePurpose): Promise<void> {
    const now = new Date();
    const conditions = [eq(verificationCodes.userId, userId), isNull(verificationCodes.usedAt), gt(verificationCodes.expiresAt, now)];
    if (purpose) conditions.push(eq(verificationCodes.purpose, purpose));
    await this.db.update(verificationCodes).set({ expiresAt: now }).where(and(...conditions));
  }
}
