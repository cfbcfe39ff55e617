import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createMember, setupOrganization, type TestApp, type TestClient } from '../../../test/app.ts';

/** LG-01: unknown identifier, wrong password, locked and invited accounts answer identically. */
describe('sign-in failures reveal nothing', () => {
  let testApp: TestApp;
  let owner: TestClient;

  beforeAll(async () => {
    testApp = await buildTestApp();
    ({ owner } = await setupOrganization(testApp));
    await owner.post('/api/members/invitations', { email: 'invited@acme.test', name: 'Pending Person', role: 'sales' });
    await createMember(testApp, owner, { email: 'locked@acme.test', name: 'Locked Person', role: 'sales' });
    const attacker = testApp.client({ ip: '10.9.9.9' });
    for (let attempt = 0; attempt < 5; attempt += 1) await attacker.login('locked@acme.test', `wrong password ${attempt}`);
  });
  afterAll(() => testApp.close());

  it('answers 401 invalid_credentials with the same body and no cookie in every case', async () => {
    const cases = [
      ['nobody@acme.test', 'some password here'],
      ['owner@acme.test', 'wrong password here'],
      ['locked@acme.test', 'plum orchard lantern 1987 river'],
      ['invited@acme.test', 'plum orchard lantern 1987 river'],
      ['+8613800138000', 'some password here'],
      ['not an identifier', 'some password here'],
    ];
    const answers = [];
    for (const [identifier, password] of cases) {
      const response = await testApp.client({ ip: '192.0.2.10' }).login(identifier ?? '', password ?? '');
      answers.push({ status: response.statusCode, body: response.body, setCookie: response.headers['set-cookie'] ?? null, headerNames: Object.keys(response.headers).filter((name) => !['date', 'x-ratelimit-remaining', 'x-ratelimit-reset'].includes(name)).sort() });
    }
    for (const answer of answers) expect(answer).toEqual(answers[0]);
    expect(answers[0]?.status).toBe(401);
    expect(JSON.parse(answers[0]?.body ?? '{}')).toEqual({ error: { code: 'invalid_credentials', message: 'The e-mail/mobile number or password is incorrect.' } });
    expect(answers[0]?.setCookie).toBeNull();
  });
});
