import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, createVerifiedMember, requestResetMail, resetTokenOf, startRecoveryApp, type RecoveryFixture } from '../../../test/recovery.ts';
import { organizations } from '../orgs/org.tables.ts';
import { securityAnswers } from './recovery.tables.ts';
import { hashSecurityAnswer, normalizeSecurityAnswer, SECURITY_ANSWER_MAX_ATTEMPTS } from './security-answers.ts';

const NEW_PASSWORD = 'copper meadow violin 2044 harbor';
const ANSWERS = ['Beijing No.4 Middle School', 'Mr. Zhang Wei', '上海市 黄浦区'];

describe('normalizeSecurityAnswer', () => {
  it('ignores case, width, whitespace and punctuation (full-width Chinese input included)', () => {
    expect(normalizeSecurityAnswer('Beijing No.4 Middle School')).toBe('beijingno4middleschool');
    expect(normalizeSecurityAnswer('ＢＥＩＪＩＮＧ　ｎｏ４ middle-school。')).toBe('beijingno4middleschool');
    expect(normalizeSecurityAnswer('上海市，黄浦区！')).toBe(normalizeSecurityAnswer('上海市 黄浦区'));
    expect(normalizeSecurityAnswer(' ¡¿…— ')).toBe('');
  });
});

/** RC-08: security answers are an org opt-in supplement, never enough alone, limited to 5 tries, stored hashed. */
describe('security questions in a reset', () => {
  let fixture: RecoveryFixture;

  beforeAll(async () => {
    fixture = await startRecoveryApp();
    const { db } = fixture.testApp.context.database;
    const [organization] = await db.select().from(organizations);
    const policy = organization!.securityPolicy;
    await db
      .update(organizations)
      .set({ securityPolicy: { ...policy, recovery: { ...policy.recovery, securityQuestions: true } } })
      .where(eq(organizations.id, organization!.id));
  }, 120_000);
  afterAll(() => fixture.close());

  const giveAnswers = async (userId: string) => {
    const { hasher } = fixture.testApp.context.identity;
    const { db } = fixture.testApp.context.database;
    for (const [index, answer] of ANSWERS.entries()) {
      await db.insert(securityAnswers).values({ userId, position: index + 1, questionKey: index === 2 ? null : `q${index + 1}`, customQuestion: index === 2 ? 'Where did we first meet?' : null, answerHash: await hashSecurityAnswer(hasher, answer) });
    }
  };

  it('answers are stored as argon2id hashes of the normalized text', async () => {
    const member = await createVerifiedMember(fixture, { email: 'hashes@acme.test', name: 'Hash User' });
    await giveAnswers(member.id);
    const rows = await fixture.testApp.context.database.db.select().from(securityAnswers).where(eq(securityAnswers.userId, member.id));
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.answerHash).toMatch(/^\$argon2id\$/);
      for (const answer of ANSWERS) expect(row.answerHash).not.toContain(normalizeSecurityAnswer(answer));
    }
  });

  it('answers alone never reset; they are required next to the channel; 5 wrong tries void the challenge', async () => {
    const member = await createVerifiedMember(fixture, { email: 'asker@acme.test', name: 'Asker' });
    await giveAnswers(member.id);
    const client = fixture.testApp.client({ ip: '198.51.100.95' });
    const correct = ANSWERS.map((answer, index) => ({ position: index + 1, answer }));
    // No token and no code: refused by the schema whatever the answers.
    expect((await client.post('/api/auth/password/reset', { newPassword: NEW_PASSWORD, answers: correct })).statusCode).toBe(400);
    expect((await client.post('/api/auth/password/reset', { identifier: 'asker@acme.test', newPassword: NEW_PASSWORD, answers: correct })).statusCode).toBe(400);

    const mail = await requestResetMail(fixture, 'asker@acme.test');
    const token = resetTokenOf(mail);
    const inspected = (await client.post('/api/auth/password/reset/inspect', { token })).json<{ stage: string; securityQuestions: { position: number; question: string }[] }>();
    expect(inspected.stage).toBe('questions');
    expect(inspected.securityQuestions.map((question) => question.position)).toEqual([1, 2, 3]);
    expect(inspected.securityQuestions[2]?.question).toBe('Where did we first meet?');
    expect((await client.post('/api/auth/password/reset', { token, newPassword: NEW_PASSWORD })).json()).toMatchObject({ error: { code: 'security_answers_required' } });
    // A wrong code with right answers does not help either.
    expect((await client.post('/api/auth/password/reset', { identifier: 'asker@acme.test', code: '000000' === codeOf(mail.text) ? '111111' : '000000', newPassword: NEW_PASSWORD, answers: correct })).json()).toMatchObject({ error: { code: 'code_invalid' } });

    const wrong = correct.map((answer, index) => (index === 1 ? { ...answer, answer: 'Mr. Li' } : answer));
    const codes = [];
    for (let attempt = 0; attempt < SECURITY_ANSWER_MAX_ATTEMPTS; attempt += 1) codes.push((await client.post('/api/auth/password/reset', { token, newPassword: NEW_PASSWORD, answers: wrong })).json<{ error: { code: string } }>().error.code);
    expect(codes).toEqual(Array<string>(SECURITY_ANSWER_MAX_ATTEMPTS).fill('security_answers_incorrect'));
    expect((await client.post('/api/auth/password/reset', { token, newPassword: NEW_PASSWORD, answers: correct })).json()).toMatchObject({ error: { code: 'token_invalid' } });
  });

  it('normalized answers with the channel proof reset the password', async () => {
    const member = await createVerifiedMember(fixture, { email: 'answerer@acme.test', name: 'Answerer' });
    await giveAnswers(member.id);
    const token = resetTokenOf(await requestResetMail(fixture, 'answerer@acme.test'));
    const typed = [
      { position: 1, answer: 'ＢＥＩＪＩＮＧ　ｎｏ４ middle-school。' },
      { position: 2, answer: 'mr zhang wei' },
      { position: 3, answer: '上海市，黄浦区' },
    ];
    const done = await fixture.testApp.client({ ip: '198.51.100.96' }).post('/api/auth/password/reset', { token, newPassword: NEW_PASSWORD, answers: typed });
    expect(done.statusCode).toBe(200);
  });
});
