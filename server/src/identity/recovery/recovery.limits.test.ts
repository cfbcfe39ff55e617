import { and, eq, isNotNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { STRONG_PASSWORD } from '../../../test/app.ts';
import { createVerifiedMember, mailsTo, smsTo, userByEmail, useRecoveryApp, waitForQueues } from '../../../test/recovery.ts';
import { auditEvents } from '../../audit/audit.tables.ts';
import { rateLimits } from '../../http/rate-limits.ts';
import { mailMessages, smsMessages } from '../../messaging/messaging.tables.ts';
import { recoveryRequests } from './recovery.tables.ts';

/** RC-02 and RC-07: per-identifier, per-IP and SMS toll-fraud caps; requests change nothing by themselves. */
describe('recovery request limits', () => {
  const fixture = useRecoveryApp();
  let ipCounter = 0;
  const freshClient = () => {
    ipCounter += 1;
    return fixture.testApp.client({ ip: `172.16.${(ipCounter >> 8) & 255}.${ipCounter & 255}` });
  };

  it('20 requests for one account → identical 202s, at most 3 mails; the old password still works and nothing is locked', async () => {
    await createVerifiedMember(fixture, { email: 'u1@acme.test', name: 'User One' });
    const client = fixture.testApp.client({ ip: '192.0.2.50' });
    const bodies = new Set<string>();
    for (let request = 0; request < 20; request += 1) {
      const response = await client.post('/api/auth/password/forgot', { identifier: 'u1@acme.test' });
      expect(response.statusCode).toBe(202);
      bodies.add(response.body);
    }
    expect([...bodies]).toEqual(['{"accepted":true}']);
    await waitForQueues(fixture.testApp);
    await fixture.sink.waitForMail((mail) => mail.to.includes('u1@acme.test') && mail.subject.startsWith('Reset'));
    await waitForQueues(fixture.testApp);
    expect(mailsTo(fixture.sink, 'u1@acme.test', 'Reset').length).toBeLessThanOrEqual(rateLimits.recoverySendsPerIdentifier.max);
    const user = await userByEmail(fixture.testApp, 'u1@acme.test');
    expect(user.lockedUntil).toBeNull();
    expect((await fixture.testApp.client({ ip: '192.0.2.51' }).login('u1@acme.test', STRONG_PASSWORD)).statusCode).toBe(200);
    const capped = await fixture.testApp.context.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'password_reset_capped'));
    expect(capped.length).toBeGreaterThan(0);
  });

  it('a request flood from many IPs for one address does not fill the mail log', async () => {
    await createVerifiedMember(fixture, { email: 'flood@acme.test', name: 'Flood Target' });
    for (let request = 0; request < 100; request += 1) expect((await freshClient().post('/api/auth/password/forgot', { identifier: 'flood@acme.test' })).statusCode).toBe(202);
    await waitForQueues(fixture.testApp);
    const rows = await fixture.testApp.context.database.db.select().from(mailMessages).where(and(eq(mailMessages.toAddress, 'flood@acme.test'), eq(mailMessages.template, 'passwordReset')));
    expect(rows.length).toBeLessThanOrEqual(rateLimits.recoverySendsPerAccount.max);
  });

  it('the IP limit engages (429 with Retry-After, same for every identifier) after 20 requests for 200 addresses', async () => {
    const client = fixture.testApp.client({ ip: '192.0.2.99' });
    const statuses: number[] = [];
    let limited: { body: string; retryAfter: string | undefined } | undefined;
    for (let index = 0; index < 200; index += 1) {
      const response = await client.post('/api/auth/password/forgot', { identifier: `person${index}@example.org` });
      statuses.push(response.statusCode);
      if (response.statusCode === 429 && !limited) limited = { body: response.body, retryAfter: String(response.headers['retry-after']) };
    }
    expect(statuses.slice(0, rateLimits.recoveryRequestsPerIp.max).every((status) => status === 202)).toBe(true);
    expect(statuses.slice(rateLimits.recoveryRequestsPerIp.max).every((status) => status === 429)).toBe(true);
    expect(Number(limited?.retryAfter)).toBeGreaterThan(0);
    expect(JSON.parse(limited?.body ?? '{}')).toMatchObject({ error: { code: 'rate_limited' } });
    expect((await client.post('/api/auth/unlock/request', { identifier: 'u1@acme.test' })).statusCode).toBe(429);
    expect((await fixture.testApp.client({ ip: '192.0.2.100' }).post('/api/auth/password/forgot', { identifier: 'person1@example.org' })).statusCode).toBe(202);
  });

  it('malformed bodies are 400, never 500', async () => {
    const client = freshClient();
    expect((await client.post('/api/auth/password/forgot', {})).statusCode).toBe(400);
    expect((await client.post('/api/auth/password/forgot', { identifier: 'x'.repeat(400) })).statusCode).toBe(400);
    expect((await client.post('/api/auth/password/forgot', { identifier: 'a@b.test', extra: 1 })).statusCode).toBe(400);
    expect((await client.post('/api/auth/password/reset', { token: 'short', newPassword: 'x', extra: true })).statusCode).toBe(400);
    expect((await client.post('/api/auth/password/reset/inspect', { token: 'not-a-token' })).json()).toEqual({ valid: false, reason: 'invalid' });
  });

  it('SMS flood: 50 unverified and premium numbers get nothing; a verified number gets at most 3 texts, each logged', async () => {
    const numbers = [
      ...Array.from({ length: 20 }, (_unused, index) => `+1900555${String(index).padStart(4, '0')}`),
      ...Array.from({ length: 15 }, (_unused, index) => `+88234567${String(index).padStart(3, '0')}`),
      ...Array.from({ length: 15 }, (_unused, index) => `+8613900${String(index).padStart(6, '0')}`),
    ];
    for (const number of numbers) expect((await freshClient().post('/api/auth/password/forgot', { identifier: number })).statusCode).toBe(202);
    await createVerifiedMember(fixture, { email: 'texter@acme.test', name: 'Texter', phone: '+8613800138222' });
    for (let request = 0; request < 6; request += 1) await freshClient().post('/api/auth/password/forgot', { identifier: '+8613800138222' });
    await waitForQueues(fixture.testApp);
    const { db } = fixture.testApp.context.database;
    const sent = await db.select().from(smsMessages);
    expect(sent.filter((message) => numbers.includes(message.toNumber))).toHaveLength(0);
    const texts = await smsTo(fixture.testApp, '+8613800138222');
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.length).toBeLessThanOrEqual(3);
    expect(texts[0]?.text).toMatch(/password reset code is \d{6}/);
    const logged = await db.select().from(recoveryRequests).where(and(eq(recoveryRequests.smsNumber, '+8613800138222'), isNotNull(recoveryRequests.smsCountry)));
    expect(logged.length).toBe(texts.length);
    expect(logged[0]?.smsCountry).toBe('86');
  });

  it('toll-fraud caps: per number, per foreign country calling code (own region exempt), premium numbers, global', async () => {
    const { limits } = fixture.testApp.context.recovery;
    const reserve = (number: string, orgRegion: string | null = 'CN') => limits.reserveSms({ number, orgRegion, purpose: 'test', ip: '192.0.2.200' });
    expect(await reserve('+19005550100')).toMatchObject({ allowed: false, reason: 'premium_number' });
    expect(await reserve('not a number')).toMatchObject({ allowed: false, reason: 'invalid_number' });
    const perNumber = [];
    for (let send = 0; send < 4; send += 1) perNumber.push((await reserve('+447700900001')).allowed);
    expect(perNumber).toEqual([true, true, true, false]);
    // A security notice still reaches a number whose code budget is spent, within its own larger allowance.
    const notices = [];
    for (let send = 0; send < 4; send += 1) notices.push((await limits.reserveSms({ number: '+447700900001', orgRegion: 'CN', purpose: 'notice', ip: '192.0.2.200' })).allowed);
    expect(notices).toEqual([true, true, true, false]);
    expect((await reserve('+447700900001')).allowed).toBe(false);
    const uk = [];
    for (let index = 0; index < 50; index += 1) uk.push(await reserve(`+4474001${String(index).padStart(5, '0')}`));
    const allowedUk = uk.filter((verdict) => verdict.allowed).length;
    expect(allowedUk + 6).toBe(rateLimits.smsPerCountry.max);
    expect(uk.at(-1)).toMatchObject({ allowed: false, reason: 'per_country', country: '44' });
    // The organisation's own region is not capped per country, only globally.
    const home = [];
    for (let index = 0; index < 80; index += 1) home.push(await reserve(`+8613700${String(index).padStart(6, '0')}`));
    const allowedHome = home.filter((verdict) => verdict.allowed).length;
    const [{ sends } = { sends: 0 }] = (await fixture.testApp.context.database.executeSql("select count(*)::int as sends from recovery_requests where kind = 'sms'")).rows as { sends: number }[];
    expect(sends).toBe(rateLimits.smsGlobal.max);
    expect(allowedHome).toBeGreaterThan(rateLimits.smsPerCountry.max);
    expect(home.at(-1)).toMatchObject({ allowed: false, reason: 'global' });
  });
});
