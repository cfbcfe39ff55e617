import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { STRONG_PASSWORD } from '../../../test/app.ts';
import { ageSession, useOrganizationApp } from '../../../test/channel-helpers.ts';
import { auditEvents } from '../../db/schema.ts';
import { securityAnswers } from './recovery.tables.ts';
import { normalizeSecurityAnswer } from './security-answers.ts';

const questions = [
  { questionKey: 'firstSchool', answer: '北京市　第四中学！' },
  { questionKey: 'firstPet', answer: 'Ｍｉｍｉ－ｔｈｅ Cat' },
  { customQuestion: '我外婆家的村子叫什么？', answer: '  桃花村。 ' },
];

describe('security questions (RC-08)', () => {
  const app = useOrganizationApp({ locale: 'zh-CN' });

  async function setQuestionsEnabled(enabled: boolean) {
    const policy = (await app.owner.get('/api/security-policy')).json<{ policy: { recovery: Record<string, unknown> } }>().policy;
    const saved = await app.owner.request('PUT', '/api/security-policy', { policy: { ...policy, recovery: { ...policy.recovery, securityQuestions: enabled } } });
    expect(saved.statusCode).toBe(200);
  }

  it('do not exist in a default organisation: 404 before any validation, and nothing in the overview', async () => {
    expect((await app.owner.request('PUT', '/api/account/recovery/security-questions', { questions })).statusCode).toBe(404);
    expect((await app.owner.request('PUT', '/api/account/recovery/security-questions', { anything: 'at all' })).statusCode).toBe(404);
    expect((await app.owner.request('DELETE', '/api/account/recovery/security-questions')).statusCode).toBe(404);
    const overview = (await app.owner.get('/api/account/recovery')).json<{ securityQuestions: { enabled: boolean }; questionCatalog: unknown[] }>();
    expect(overview.securityQuestions.enabled).toBe(false);
    expect(overview.questionCatalog).toEqual([]);
  });

  it('when enabled: need step-up, store only argon2id hashes of normalized answers (full-width input included)', async () => {
    await setQuestionsEnabled(true);
    const overview = (await app.owner.get('/api/account/recovery')).json<{ questionCatalog: { key: string }[] }>();
    expect(overview.questionCatalog.length).toBeGreaterThanOrEqual(8);
    await ageSession(app.db, app.owner);
    expect((await app.owner.request('PUT', '/api/account/recovery/security-questions', { questions })).json<{ error: { code: string } }>().error.code).toBe('reauthentication_required');
    await app.owner.post('/api/auth/reauthenticate', { password: STRONG_PASSWORD });
    const saved = await app.owner.request('PUT', '/api/account/recovery/security-questions', { questions });
    expect(saved.statusCode).toBe(200);

    const rows = await app.db.select().from(securityAnswers).orderBy(securityAnswers.position);
    expect(rows).toHaveLength(3);
    const { hasher } = app.testApp.context.identity;
    for (const row of rows) {
      expect(row.answerHash).toMatch(/^\$argon2id\$/);
      expect(row.answerHash).not.toMatch(/北京|mimi|桃花/i);
    }
    expect(normalizeSecurityAnswer('北京市　第四中学！')).toBe('北京市第四中学');
    expect(await hasher.verify(rows[0]?.answerHash ?? '', '北京市第四中学')).toBe(true);
    expect(await hasher.verify(rows[1]?.answerHash ?? '', normalizeSecurityAnswer('mimi the cat'))).toBe(true);
    expect(await hasher.verify(rows[2]?.answerHash ?? '', '桃花村')).toBe(true);
    expect(rows[2]?.customQuestion).toBe('我外婆家的村子叫什么？');

    const described = (await app.owner.get('/api/account/recovery')).json<{ securityQuestions: { configured: boolean; positions: unknown[] } }>();
    expect(described.securityQuestions.configured).toBe(true);
    expect(JSON.stringify(described)).not.toMatch(/桃花村|mimi/i);
    const audit = await app.db.select().from(auditEvents).where(eq(auditEvents.action, 'security_questions_set'));
    expect(audit).toHaveLength(1);
  });

  it('refuses too short, duplicate or unknown questions and answers', async () => {
    const put = (body: unknown) => app.owner.request('PUT', '/api/account/recovery/security-questions', body);
    expect((await put({ questions: questions.slice(0, 2) })).statusCode).toBe(400);
    expect((await put({ questions: [questions[0], questions[0], questions[2]] })).json<{ error: { code: string } }>().error.code).toBe('security_questions_duplicate');
    expect((await put({ questions: [{ questionKey: 'firstSchool', answer: '！ 。' }, questions[1], questions[2]] })).json<{ error: { code: string } }>().error.code).toBe('security_answer_too_short');
    expect((await put({ questions: [{ questionKey: 'mothersMaidenName', answer: 'abc' }, questions[1], questions[2]] })).statusCode).toBe(400);
    expect((await put({ questions: [{ questionKey: 'firstSchool', customQuestion: 'Both?', answer: 'abc' }, questions[1], questions[2]] })).statusCode).toBe(400);
  });

  it('can be removed, and disappear again when the organisation turns them off', async () => {
    expect((await app.owner.request('DELETE', '/api/account/recovery/security-questions')).statusCode).toBe(204);
    expect(await app.db.select().from(securityAnswers)).toHaveLength(0);
    await setQuestionsEnabled(false);
    expect((await app.owner.request('PUT', '/api/account/recovery/security-questions', { questions })).statusCode).toBe(404);
  });
});
