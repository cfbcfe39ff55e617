import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeOf, createVerifiedMember, requestResetMail, resetTokenOf, smsTo, startRecoveryApp, type RecoveryFixture } from '../../../test/recovery.ts';
import { auditEvents } from '../../audit/audit.tables.ts';
import { AppError } from '../../http/app-error.ts';
import { RecoveryRepository } from './recovery.repository.ts';
import { ResetService } from './reset.service.ts';

const NEW_PASSWORD = 'copper meadow violin 2044 harbor';

async function errorCodeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return 'no error';
}

/**
 * RC-06 / RC-09 / MF: a reset must not bypass a second factor. No factor exists before the MFA issue, so the service is
 * built here the way issue 4 will build it: with a `secondFactorMethods` lookup that reports an enrolled TOTP. Every
 * other part (database, codes, SMS outbox, SMTP mail, audit) is the real one of a running test app.
 */
describe('second proof when a second factor is enrolled', () => {
  let fixture: RecoveryFixture;
  let service: ResetService;
  const context = () => ({ client: { ip: '198.51.100.90', userAgent: 'Mozilla/5.0 (Macintosh) Firefox/141.0' }, locale: 'en' as const, deviceToken: undefined, ip: '198.51.100.90' });

  beforeAll(async () => {
    fixture = await startRecoveryApp();
    const { identity, recovery, database } = fixture.testApp.context;
    service = new ResetService(identity, recovery.limits, new RecoveryRepository(database.db), () => Promise.resolve(['totp']));
  }, 120_000);
  afterAll(() => fixture.close());

  it('refuses the reset until a channel of the other kind is proven; never a second mailbox', async () => {
    const member = await createVerifiedMember(fixture, { email: 'mfa@acme.test', name: 'Mfa User', phone: '+8613800138333', backupEmail: 'mfa.backup@example.net' });
    const token = resetTokenOf(await requestResetMail(fixture, 'mfa@acme.test'));

    const inspected = await service.inspect(token, 'en');
    expect(inspected).toMatchObject({ valid: true, stage: 'second_proof', secondProof: { required: true, satisfied: false, methods: ['totp'], channels: [{ id: 'primary-phone', kind: 'phone', masked: '+86138••••8333' }] } });
    expect(await errorCodeOf(service.reset({ token, newPassword: NEW_PASSWORD }, context()))).toBe('second_proof_required');
    const backupId = (await fixture.testApp.context.identity.channels.verifiedChannels((await fixture.testApp.context.identity.users.findById(member.id))!)).find((channel) => channel.role === 'backup')?.id ?? '';
    expect(await errorCodeOf(service.sendSecondChannelCode(token, 'primary-email', context()))).toBe('channel_not_allowed');
    expect(await errorCodeOf(service.sendSecondChannelCode(token, backupId, context()))).toBe('channel_not_allowed');

    expect(await service.sendSecondChannelCode(token, 'primary-phone', context())).toEqual({ masked: '+86138••••8333' });
    expect(await errorCodeOf(service.sendSecondChannelCode(token, 'primary-phone', context()))).toBe('resend_too_soon');
    const [text] = await smsTo(fixture.testApp, '+8613800138333');
    const code = codeOf(text?.text ?? '');
    expect(await errorCodeOf(service.verifySecondChannelCode(token, String((Number(code) + 1) % 1_000_000).padStart(6, '0'), context()))).toBe('code_invalid');
    await service.verifySecondChannelCode(token, code, context());
    expect(await service.inspect(token, 'en')).toMatchObject({ stage: 'password', secondProof: { satisfied: true }, proofs: ['email:primary', 'phone:primary'] });

    const result = await service.reset({ token, newPassword: NEW_PASSWORD }, context());
    expect(result.user.email).toBe('mfa@acme.test');
    const [audit] = await fixture.testApp.context.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'password_reset'));
    expect(audit?.details).toMatchObject({ proofs: ['email:primary', 'phone:primary'], secondProof: 'phone:primary' });
  });

  it('the code path cannot skip the second proof either, and a user without another kind of channel is sent to the admins', async () => {
    await createVerifiedMember(fixture, { email: 'mailonly@acme.test', name: 'Mail Only' });
    const mail = await requestResetMail(fixture, 'mailonly@acme.test');
    expect(await errorCodeOf(service.reset({ identifier: 'mailonly@acme.test', code: codeOf(mail.text), newPassword: NEW_PASSWORD }, context()))).toBe('second_proof_required');
    // The code is spent; the link in the same mail still shows the way to the admins.
    const ticket = resetTokenOf(mail);
    expect(await service.inspect(ticket, 'en')).toMatchObject({ stage: 'second_proof', secondProof: { channels: [] }, admins: ['Wang Li'] });
    expect(await errorCodeOf(service.reset({ token: ticket, newPassword: NEW_PASSWORD }, context()))).toBe('second_proof_required');
  });

  it('the HTTP app (no factors yet) does not ask for a second proof', async () => {
    await createVerifiedMember(fixture, { email: 'plain@acme.test', name: 'Plain User', phone: '+8613800138444' });
    const token = resetTokenOf(await requestResetMail(fixture, 'plain@acme.test'));
    const client = fixture.testApp.client({ ip: '198.51.100.91' });
    expect((await client.post('/api/auth/password/reset/inspect', { token })).json()).toMatchObject({ stage: 'password', secondProof: { required: false } });
    expect((await client.post('/api/auth/password/reset/second-channel', { token, channelId: 'primary-phone' })).json()).toMatchObject({ error: { code: 'channel_not_allowed' } });
  });
});
