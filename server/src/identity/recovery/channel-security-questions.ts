import { eq } from 'drizzle-orm';
import type { AuditContext } from '../../audit/audit.service.ts';
import { commonErrors, raise } from '../../http/app-error.ts';
import type { SecurityPolicy } from '../orgs/security-policy.schema.ts';
import type { IdentityDependencies } from '../services.ts';
import type { UserRow } from '../sessions/session.service.ts';
import { channelErrors } from './channel.errors.ts';
import { securityAnswers } from './recovery.tables.ts';
import { listSecurityAnswers, normalizeSecurityAnswer } from './security-answers.ts';

/** Keys of the localized question list (server i18n `securityQuestions.<key>`, web translates the same keys). */
export const SECURITY_QUESTION_KEYS = ['firstSchool', 'childhoodStreet', 'firstTeacher', 'childhoodFriend', 'firstPet', 'firstJob', 'parentsMet', 'favouriteBook'] as const;
export type SecurityQuestionKey = (typeof SECURITY_QUESTION_KEYS)[number];

export const SECURITY_QUESTION_COUNT = 3;
/** Normalized answers shorter than this are too easy to guess. */
export const SECURITY_ANSWER_MIN_LENGTH = 2;

export interface SecurityQuestionInput {
  questionKey?: SecurityQuestionKey | undefined;
  customQuestion?: string | undefined;
  answer: string;
}

/**
 * Security questions exist only where the organisation turned them on (RC-08: absent by default); they are a
 * supplement in recovery, never a way back on their own, so they do not count towards readiness.
 */
export function ensureQuestionsEnabled(policy: SecurityPolicy): void {
  if (!policy.recovery.securityQuestions) raise(commonErrors.NOT_FOUND);
}

export async function describeSecurityQuestions(deps: IdentityDependencies, user: UserRow, policy: SecurityPolicy) {
  const stored = policy.recovery.securityQuestions ? await listSecurityAnswers(deps.db, user.id) : [];
  return {
    enabled: policy.recovery.securityQuestions,
    configured: stored.length === SECURITY_QUESTION_COUNT,
    positions: stored.map((row) => ({ position: row.position, questionKey: row.questionKey, customQuestion: row.customQuestion })),
  };
}

/** Replaces the user's three questions; answers are normalized (width, case, spaces, punctuation) and argon2id-hashed. */
export async function setSecurityQuestions(deps: IdentityDependencies, user: UserRow, policy: SecurityPolicy, questions: SecurityQuestionInput[], context: AuditContext): Promise<void> {
  ensureQuestionsEnabled(policy);
  const labels = questions.map((question) => (question.questionKey ? `key:${question.questionKey}` : `custom:${normalizeSecurityAnswer(question.customQuestion ?? '')}`));
  if (new Set(labels).size !== labels.length) raise(channelErrors.SECURITY_QUESTIONS_DUPLICATE);
  const normalizedAnswers = questions.map((question) => normalizeSecurityAnswer(question.answer));
  if (normalizedAnswers.some((answer) => [...answer].length < SECURITY_ANSWER_MIN_LENGTH)) raise(channelErrors.SECURITY_ANSWER_TOO_SHORT, { min: SECURITY_ANSWER_MIN_LENGTH });
  if (new Set(normalizedAnswers).size !== normalizedAnswers.length) raise(channelErrors.SECURITY_QUESTIONS_DUPLICATE);
  // Hash first (slow), then swap all three in one transaction.
  const hashes = await Promise.all(normalizedAnswers.map((answer) => deps.hasher.hash(answer)));
  await deps.db.transaction(async (transaction) => {
    await transaction.delete(securityAnswers).where(eq(securityAnswers.userId, user.id));
    await transaction.insert(securityAnswers).values(
      questions.map((question, index) => ({
        userId: user.id,
        position: index + 1,
        questionKey: question.questionKey ?? null,
        customQuestion: question.questionKey ? null : (question.customQuestion?.trim() ?? null),
        answerHash: hashes[index] ?? '',
      })),
    );
  });
  await deps.audit.record({ action: 'security_questions_set', orgId: user.orgId, actorUserId: user.id, actorLabel: user.email, targetUserId: user.id, targetLabel: user.email }, context);
}

export async function removeSecurityQuestions(deps: IdentityDependencies, user: UserRow, policy: SecurityPolicy, context: AuditContext): Promise<void> {
  ensureQuestionsEnabled(policy);
  await deps.db.delete(securityAnswers).where(eq(securityAnswers.userId, user.id));
  await deps.audit.record({ action: 'security_questions_removed', orgId: user.orgId, actorUserId: user.id, actorLabel: user.email, targetUserId: user.id, targetLabel: user.email }, context);
}

