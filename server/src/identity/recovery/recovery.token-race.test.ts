import { describe, expect, it } from 'vitest';
import { codeOf, createVerifiedMember, requestResetMail, resetTokenOf, useRecoveryApp } from '../../../test/recovery.ts';

const NEW_PASSWORDS = Array.from({ length: 20 }, (_unused, index) => `copper meadow violin ${2000 + index} harbor`);

/** RC-03 single use under concurrency: of 20 simultaneous redemptions exactly one wins. */
describe('concurrent redemption', () => {
  const fixture = useRecoveryApp();

  it('20 concurrent resets with one link token: exactly one 200, the rest token_used', async () => {
    await createVerifiedMember(fixture, { email: 'race@acme.test', name: 'Race User' });
    const token = resetTokenOf(await requestResetMail(fixture, 'race@acme.test'));
    const responses = await Promise.all(NEW_PASSWORDS.map((newPassword, index) => fixture.testApp.client({ ip: `198.18.0.${index + 1}` }).post('/api/auth/password/reset', { token, newPassword })));
    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(responses.filter((response) => response.statusCode !== 200).every((response) => response.json<{ error: { code: string } }>().error.code === 'token_used')).toBe(true);
    const winner = NEW_PASSWORDS[statuses.indexOf(200)] ?? '';
    expect((await fixture.testApp.client({ ip: '198.18.1.1' }).login('race@acme.test', winner)).statusCode).toBe(200);
  });

  it('20 concurrent code redemptions: exactly one ticket', async () => {
    await createVerifiedMember(fixture, { email: 'race.code@acme.test', name: 'Race Code' });
    const code = codeOf((await requestResetMail(fixture, 'race.code@acme.test')).text);
    const responses = await Promise.all(Array.from({ length: 20 }, (_unused, index) => fixture.testApp.client({ ip: `198.18.2.${index + 1}` }).post('/api/auth/password/reset/code', { identifier: 'race.code@acme.test', code })));
    expect(responses.filter((response) => response.statusCode === 200)).toHaveLength(1);
  });
});
