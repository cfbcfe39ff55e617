import { asc, eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import type { PasswordHasher } from '../passwords/password-hashing.ts';
import { securityAnswers } from './recovery.tables.ts';

/** Wrong answer submissions on one recovery challenge before it is void (RC-08: throttled like passwords). */
export const SECURITY_ANSWER_MAX_ATTEMPTS = 5;

/**
 * The form in which answers are hashed and compared: NFKC folds full-width input (ＡＢＣ１２３, full-width
 * punctuation) to its ordinary form, case is ignored, and whitespace, punctuation and symbols are dropped, so
 * "Beijing No.4 Middle School" and "ｂｅｉｊｉｎｇ ｎｏ４ ｍｉｄｄｌｅ ｓｃｈｏｏｌ。" compare equal.
 */
export function normalizeSecurityAnswer(answer: string): string {
  return answer
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]/gu, '');
}

/** argon2id hash of the normalized answer (the same hasher as passwords). */
export async function hashSecurityAnswer(hasher: PasswordHasher, answer: string): Promise<string> {
  return hasher.hash(normalizeSecurityAnswer(answer));
}

/** An answer that normalizes to nothing never matches. */
export async function verifySecurityAnswer(hasher: PasswordHasher, answerHash: string, answer: string): Promise<boolean> {
  const normalized = normalizeSecurityAnswer(answer);
  if (normalized === '') return false;
  return hasher.verify(answerHash, normalized);
}

export type StoredSecurityAnswer = typeof securityAnswers.$inferSelect;

export async function listSecurityAnswers(db: Database, userId: string): Promise<StoredSecurityAnswer[]> {
  return db.select().from(securityAnswers).where(eq(securityAnswers.userId, userId)).orderBy(asc(securityAnswers.position));
}

/**
 * True only when every stored answer is given and right. All answers are verified (no early exit) so the time taken
 * does not tell which one was wrong.
 */
export async function verifyAllSecurityAnswers(hasher: PasswordHasher, stored: StoredSecurityAnswer[], given: { position: number; answer: string }[]): Promise<boolean> {
  let allCorrect = stored.length > 0;
  for (const row of stored) {
    const answer = given.find((candidate) => candidate.position === row.position)?.answer ?? '';
    const isCorrect = await verifySecurityAnswer(hasher, row.answerHash, answer);
    allCorrect &&= isCorrect;
  }
  return allCorrect;
}
