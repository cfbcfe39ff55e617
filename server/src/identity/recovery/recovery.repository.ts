import { and, count, eq, gt, isNotNull, lt, ne, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { hashToken } from '../secrets.ts';
import { recoveryChallenges, verificationCodes, type ChannelKind } from './recovery.tables.ts';
import { SECURITY_ANSWER_MAX_ATTEMPTS } from './security-answers.ts';

export type ChallengeRow = typeof recoveryChallenges.$inferSelect;

/** The only place that queries recovery_challenges. */
export class RecoveryRepository {
  constructor(private readonly db: Database) {}

  /** A new challenge voids every older pending one of the user ("a new request voids older ones"). */
  async createChallenge(input: { userId: string; channelKind: ChannelKind; destination: string; token: string; linkMinutes: number; proof: string; ip: string | null; userAgent: string | null }): Promise<ChallengeRow> {
    return this.db.transaction(async (transaction) => {
      await transaction
        .update(recoveryChallenges)
        .set({ status: 'void' })
        .where(and(eq(recoveryChallenges.userId, input.userId), eq(recoveryChallenges.status, 'pending')));
      const [row] = await transaction
        .insert(recoveryChallenges)
        .values({
          userId: input.userId,
          channelKind: input.channelKind,
          destination: input.destination,
          tokenHash: hashToken(input.token),
          linkExpiresAt: new Date(Date.now() + input.linkMinutes * 60_000),
          proofs: [input.proof],
          ip: input.ip,
          userAgent: input.userAgent?.slice(0, 512) ?? null,
        })
        .returning();
      if (!row) throw new Error('challenge not created');
      return row;
    });
  }

  async findByToken(token: string): Promise<ChallengeRow | undefined> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
    const [row] = await this.db.select().from(recoveryChallenges).where(eq(recoveryChallenges.tokenHash, hashToken(token)));
    return row;
  }

  /** The live challenge that sent a message to this address (the code path names the address, not the token). */
  async findPendingForDestination(userId: string, destination: string): Promise<ChallengeRow | undefined> {
    const [row] = await this.db
      .select()
      .from(recoveryChallenges)
      .where(and(eq(recoveryChallenges.userId, userId), eq(recoveryChallenges.destination, destination), eq(recoveryChallenges.status, 'pending'), gt(recoveryChallenges.linkExpiresAt, new Date())))
      .orderBy(sql`${recoveryChallenges.createdAt} desc`)
      .limit(1);
    return row;
  }

  /** Challenges created for the user within the window (per-account message cap). */
  async countRecent(userId: string, windowMinutes: number): Promise<number> {
    const [row] = await this.db
      .select({ challenges: count() })
      .from(recoveryChallenges)
      .where(and(eq(recoveryChallenges.userId, userId), gt(recoveryChallenges.createdAt, new Date(Date.now() - windowMinutes * 60_000))));
    return row?.challenges ?? 0;
  }

  /** After a correct code: the challenge is now reached with the ticket (the link token stops working). */
  async replaceToken(challengeId: string, ticket: string, linkMinutes: number): Promise<boolean> {
    const updated = await this.db
      .update(recoveryChallenges)
      .set({ tokenHash: hashToken(ticket), linkExpiresAt: new Date(Date.now() + linkMinutes * 60_000) })
      .where(and(eq(recoveryChallenges.id, challengeId), eq(recoveryChallenges.status, 'pending')))
      .returning({ id: recoveryChallenges.id });
    return updated.length > 0;
  }

  async addProof(challengeId: string, proof: string): Promise<void> {
    await this.db
      .update(recoveryChallenges)
      .set({ proofs: sql`${recoveryChallenges.proofs} || ${JSON.stringify([proof])}::jsonb` })
      .where(and(eq(recoveryChallenges.id, challengeId), eq(recoveryChallenges.status, 'pending')));
  }

  /** Counts one wrong set of answers; the challenge is void at the limit. Returns the attempts now recorded. */
  async countWrongAnswers(challengeId: string): Promise<number> {
    const [row] = await this.db
      .update(recoveryChallenges)
      .set({
        answerAttempts: sql`${recoveryChallenges.answerAttempts} + 1`,
        status: sql`case when ${recoveryChallenges.answerAttempts} + 1 >= ${SECURITY_ANSWER_MAX_ATTEMPTS} then 'void' else ${recoveryChallenges.status} end`,
      })
      .where(and(eq(recoveryChallenges.id, challengeId), eq(recoveryChallenges.status, 'pending')))
      .returning({ attempts: recoveryChallenges.answerAttempts });
    return row?.attempts ?? SECURITY_ANSWER_MAX_ATTEMPTS;
  }

  /** Spends the challenge atomically: of concurrent submits exactly one gets the row back. */
  async claim(challengeId: string): Promise<boolean> {
    const now = new Date();
    const claimed = await this.db
      .update(recoveryChallenges)
      .set({ status: 'used', usedAt: now })
      .where(
        and(
          eq(recoveryChallenges.id, challengeId),
          eq(recoveryChallenges.status, 'pending'),
          gt(recoveryChallenges.linkExpiresAt, now),
          lt(recoveryChallenges.answerAttempts, SECURITY_ANSWER_MAX_ATTEMPTS),
        ),
      )
      .returning({ id: recoveryChallenges.id });
    return claimed.length > 0;
  }

  /** Voids every pending challenge of the user (after a reset or a freeze), except `exceptId`. */
  async voidPending(userId: string, exceptId?: string): Promise<void> {
    const conditions = [eq(recoveryChallenges.userId, userId), eq(recoveryChallenges.status, 'pending')];
    if (exceptId) conditions.push(ne(recoveryChallenges.id, exceptId));
    await this.db
      .update(recoveryChallenges)
      .set({ status: 'void' })
      .where(and(...conditions));
  }

  /** Whether the challenge's own code was entered (the ticket path), as opposed to its link being opened. */
  async hasRedeemedCode(challengeId: string): Promise<boolean> {
    const [row] = await this.db
      .select({ id: verificationCodes.id })
      .from(verificationCodes)
      .where(and(eq(verificationCodes.purpose, 'recovery'), eq(verificationCodes.subject, challengeId), isNotNull(verificationCodes.usedAt)))
      .limit(1);
    return row !== undefined;
  }

  /** The address a code was sent to (the second-channel step learns which channel was proven). */
  async codeDestination(codeId: string): Promise<string | undefined> {
    const [row] = await this.db.select({ destination: verificationCodes.destination }).from(verificationCodes).where(eq(verificationCodes.id, codeId));
    return row?.destination;
  }
}
