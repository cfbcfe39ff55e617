import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { linkTokenIn } from '../../../test/channel-helpers.ts';
import { codeOf, createVerifiedMember, mailsTo, requestResetMail, resetTokenOf, smsTo, useRecoveryApp, waitForQueues } from '../../../test/recovery.ts';
import { awayFromStepEdge, enrolTotp, errorCode, totpCode } from '../../../test/two-step.ts';
import { auditEvents } from '../../audit/audit.tables.ts';
import { recoveryChallenges } from '../recovery/recovery.tables.ts';
import { actionTokens } from '../tokens/token.tables.ts';
import { RecoveryReportService, type RecoveryReport } from './recovery-report.service.ts';

/** The recovery report counts real recoveries from the audit log: paths, channels, times, failures, locks — per organisation. */

const NEW_PASSWORD = 'saffron lantern quarry 5531 heron';
const MINUTE = 60_000;

describe('recovery report', () => {
  const fixture = useRecoveryApp();
  const db = () => fixture.testApp.context.database.db;
  const report = async (query = '') => {
    const response = await fixture.owner.get(`/api/admin/recovery-report${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<RecoveryReport>();
  };

  /** Makes the reset message behind a challenge look sent `minutes` ago (the audit row itself cannot be changed). */
  async function ageChallenge(userId: string, minutes: number) {
    await db()
      .update(recoveryChallenges)
      .set({ createdAt: new Date(Date.now() - minutes * MINUTE) })
      .where(and(eq(recoveryChallenges.userId, userId), eq(recoveryChallenges.status, 'pending')));
  }

  /** Makes an admin's or the console's link look issued `minutes` ago. */
  async function ageLink(userId: string, purpose: string, minutes: number) {
    const issuedAt = new Date(Date.now() - minutes * MINUTE).toISOString();
    await db()
      .update(actionTokens)
      .set({ details: sql`${actionTokens.details} || ${JSON.stringify({ issuedAt })}::jsonb` })
      .where(and(eq(actionTokens.userId, userId), eq(actionTokens.purpose, purpose)));
  }

  it('starts empty: no share, no times, every day of the period present', async () => {
    const empty = await report();
    expect(empty).toMatchObject({ days: 30, total: 0, selfServiceShare: null, medianMinutes: null, p90Minutes: null, locks: 0, failedAttempts: { total: 0 } });
    expect(empty.series).toHaveLength(30);
    expect(empty.series.every((day) => day.selfService + day.assisted + day.breakGlass === 0)).toBe(true);
    expect(empty.paths.map((path) => [path.path, path.count, path.medianMinutes])).toEqual([
      ['self_service', 0, null],
      ['assisted', 0, null],
      ['break_glass', 0, null],
    ]);
    expect(empty.timeBuckets.map((bucket) => bucket.count)).toEqual([0, 0, 0, 0]);
  });

  it('counts each way back by path and channel, with the time from request to back in', async () => {
    // E-mail link, 12 minutes after the message went out.
    const linkUser = await createVerifiedMember(fixture, { email: 'link@acme.test', name: 'Link User' });
    const linkToken = resetTokenOf(await requestResetMail(fixture, 'link@acme.test'));
    await ageChallenge(linkUser.id, 12);
    expect((await fixture.testApp.client({ ip: '198.51.100.81' }).post('/api/auth/password/reset', { token: linkToken, newPassword: NEW_PASSWORD })).statusCode).toBe(200);

    // E-mail code typed on the page, after one wrong code.
    await createVerifiedMember(fixture, { email: 'code@acme.test', name: 'Code User' });
    const code = codeOf((await requestResetMail(fixture, 'code@acme.test')).text);
    const codeBrowser = fixture.testApp.client({ ip: '198.51.100.82' });
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    expect(errorCode(await codeBrowser.post('/api/auth/password/reset', { identifier: 'code@acme.test', code: wrong, newPassword: NEW_PASSWORD }))).toBe('code_invalid');
    expect((await codeBrowser.post('/api/auth/password/reset', { identifier: 'code@acme.test', code, newPassword: NEW_PASSWORD })).statusCode).toBe(200);

    // SMS code exchanged for a ticket: the reset then uses the ticket, and still counts as the code.
    await createVerifiedMember(fixture, { email: 'sms@acme.test', name: 'Sms User', phone: '+8613800138771' });
    const smsBrowser = fixture.testApp.client({ ip: '198.51.100.83' });
    expect((await smsBrowser.post('/api/auth/password/forgot', { identifier: '+8613800138771' })).statusCode).toBe(202);
    await waitForQueues(fixture.testApp);
    const smsCode = codeOf((await smsTo(fixture.testApp, '+8613800138771'))[0]?.text ?? '');
    const ticket = await smsBrowser.post('/api/auth/password/reset/code', { identifier: '+8613800138771', code: smsCode });
    expect(ticket.statusCode).toBe(200);
    expect((await smsBrowser.post('/api/auth/password/reset', { token: ticket.json<{ token: string }>().token, newPassword: NEW_PASSWORD })).statusCode).toBe(200);

    // E-mail link with an authenticator code as the second proof, after one wrong authenticator code.
    const factorUser = await createVerifiedMember(fixture, { email: 'factor@acme.test', name: 'Factor User' });
    const { secret } = await enrolTotp(factorUser.client);
    const factorToken = resetTokenOf(await requestResetMail(fixture, 'factor@acme.test'));
    const factorBrowser = fixture.testApp.client({ ip: '198.51.100.84' });
    expect(errorCode(await factorBrowser.post('/api/auth/password/reset', { token: factorToken, newPassword: NEW_PASSWORD, secondFactor: { method: 'totp', code: '000000' } }))).toBe('mfa_code_invalid');
    await awayFromStepEdge();
    expect((await factorBrowser.post('/api/auth/password/reset', { token: factorToken, newPassword: NEW_PASSWORD, secondFactor: { method: 'totp', code: totpCode(secret) } })).statusCode).toBe(200);

    // Locked by wrong passwords, back in with the unlock link from the lock notice.
    await createVerifiedMember(fixture, { email: 'locked@acme.test', name: 'Locked User' });
    const guesser = fixture.testApp.client({ ip: '203.0.113.85' });
    for (let attempt = 0; attempt < 5; attempt += 1) await guesser.login('locked@acme.test', `wrong guess ${attempt}`);
    await waitForQueues(fixture.testApp);
    const lockMail = mailsTo(fixture.sink, 'locked@acme.test').find((mail) => mail.text.includes('/unlock#token='));
    const unlockToken = /\/unlock#token=([A-Za-z0-9_-]+)/.exec(lockMail?.text ?? '')?.[1];
    expect((await fixture.testApp.client({ ip: '198.51.100.85' }).post('/api/auth/unlock', { token: unlockToken })).statusCode).toBe(200);

    // A fourth request for one address within the hour is refused (capped): a failed attempt, not a recovery.
    await createVerifiedMember(fixture, { email: 'capped@acme.test', name: 'Capped User' });
    for (let request = 0; request < 4; request += 1) await fixture.testApp.client({ ip: '198.51.100.86' }).post('/api/auth/password/forgot', { identifier: 'capped@acme.test' });
    await waitForQueues(fixture.testApp);

    // Admin-assisted, handed over in person; the owner's fresh session counts as a recent step-up. Five hours later.
    const assisted = await createVerifiedMember(fixture, { email: 'assisted@acme.test', name: 'Assisted User' });
    const issued = await fixture.owner.post(`/api/members/${assisted.id}/recovery-link`, { verification: { method: 'video_call' }, delivery: { channel: 'in_person' } });
    expect(issued.statusCode).toBe(201);
    await ageLink(assisted.id, 'assisted_recovery', 5 * 60);
    const redeemed = await fixture.testApp.client({ ip: '198.51.100.87' }).post('/api/recovery-links/redeem', { token: linkTokenIn(issued.json<{ link: string }>().link), password: NEW_PASSWORD });
    expect(redeemed.statusCode, redeemed.body).toBe(200);

    // Break-glass from the server console, 45 minutes after it was issued.
    const stranded = await createVerifiedMember(fixture, { email: 'stranded@acme.test', name: 'Stranded Owner' });
    const consoleToken = await fixture.testApp.context.identity.tokens.issue(stranded.id, 'break_glass', 60, { issuedAt: new Date().toISOString() });
    await ageLink(stranded.id, 'break_glass', 45);
    expect((await fixture.testApp.client({ ip: '198.51.100.88' }).post('/api/recovery-links/redeem', { token: consoleToken, password: NEW_PASSWORD })).statusCode).toBe(200);

    const result = await report();
    expect(result.total).toBe(7);
    expect(result.selfServiceShare).toBeCloseTo(5 / 7, 5);
    expect(result.channels.map((row) => [row.path, row.channel, row.count])).toEqual([
      ['self_service', 'email_link', 2],
      ['self_service', 'email_code', 1],
      ['self_service', 'sms_code', 1],
      ['self_service', 'unlock_link', 1],
      ['assisted', 'recovery_link', 1],
      ['assisted', 'admin_unlock', 0],
      ['break_glass', 'console_link', 1],
    ]);
    expect(result.secondProof).toEqual({ none: 3, secondChannel: 0, secondFactor: 1 });
    expect(result.failedAttempts).toEqual({ total: 3, wrongCodes: 2, refusedResets: 1, securityAnswers: 0 });
    expect(result.locks).toBe(1);

    // Times in minutes, sorted: ~0 ×4 (code, SMS, factor, unlock), 12, 45, 300.
    const byPath = Object.fromEntries(result.paths.map((row) => [row.path, row]));
    expect(byPath.self_service).toMatchObject({ count: 5, timed: 5 });
    expect(byPath.self_service?.medianMinutes).toBeLessThan(1);
    // percentile_cont(0.9) of five values interpolates 60 % of the way from the 4th (~0) to the 5th (12).
    expect(byPath.self_service?.p90Minutes).toBeCloseTo(7.2, 0);
    expect(byPath.assisted).toMatchObject({ count: 1, timed: 1 });
    expect(byPath.assisted?.medianMinutes).toBeCloseTo(300, 0);
    expect(byPath.break_glass?.medianMinutes).toBeCloseTo(45, 0);
    expect(result.medianMinutes).toBeLessThan(1);
    // Seven values: 40 % of the way from 45 to 300.
    expect(result.p90Minutes).toBeCloseTo(147, 0);
    expect(result.timeBuckets).toEqual([
      { bucket: 'under_5m', count: 4 },
      { bucket: '5m_to_30m', count: 1 },
      { bucket: '30m_to_4h', count: 1 },
      { bucket: 'over_4h', count: 1 },
    ]);
    expect(result.series.reduce((sum, day) => sum + day.selfService + day.assisted + day.breakGlass, 0)).toBe(7);

    // The reset records when its message went out, and that a ticket came from a typed code.
    const smsReset = (await db().select().from(auditEvents).where(and(eq(auditEvents.action, 'password_reset'), eq(auditEvents.targetLabel, 'sms@acme.test'))))[0];
    expect(smsReset?.details).toMatchObject({ via: 'code', proofs: ['phone:primary'] });
    expect(Date.parse(String(smsReset?.details.requestedAt))).toBeLessThanOrEqual(smsReset?.occurredAt.getTime() ?? 0);
  });

  it('follows the viewer’s calendar days, and 90 days reach further back than 30', async () => {
    const localDate = (zone: string) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    // UTC+14 and UTC−11 all year round: at any moment their dates differ from each other's, and often from UTC's.
    const east = await report('?tz=Pacific/Kiritimati');
    const west = await report('?tz=Pacific/Pago_Pago');
    expect(east.timeZone).toBe('Pacific/Kiritimati');
    expect(east.series.at(-1)?.date).toBe(localDate('Pacific/Kiritimati'));
    expect(west.series.at(-1)?.date).toBe(localDate('Pacific/Pago_Pago'));
    // Each window starts at the viewer's local midnight 29 days before their today (whatever the time of day in UTC).
    for (const [view, offset] of [[east, 840], [west, -660]] as const) {
      const localToday = Date.parse(`${view.series.at(-1)?.date ?? ''}T00:00:00Z`);
      expect(new Date(view.from).getTime()).toBe(localToday - 29 * 24 * 60 * MINUTE - offset * MINUTE);
    }
    for (const view of [east, west]) expect(view.series.reduce((sum, day) => sum + day.selfService + day.assisted + day.breakGlass, 0)).toBe(7);
    expect((await report()).timeZone).toBe('UTC');

    const quarter = await report('?days=90');
    expect(quarter.days).toBe(90);
    expect(quarter.series).toHaveLength(90);
    expect(Date.now() - new Date(quarter.from).getTime()).toBeGreaterThan(89 * 24 * 60 * MINUTE);
    expect(quarter.total).toBe(7);
  });

  it('counts days from local midnight across a daylight-saving change (New York, 8 March 2026)', async () => {
    const audit = fixture.testApp.context.identity.audit;
    const orgId = randomUUID();
    const resetAt = async (instant: string) => {
      vi.useFakeTimers({ toFake: ['Date'] });
      try {
        vi.setSystemTime(new Date(instant));
        await audit.record({ action: 'password_reset', orgId, targetUserId: randomUUID(), details: { proofs: ['email:primary'], secondProof: null, via: 'token', requestedAt: instant } });
      } finally {
        vi.useRealTimers();
      }
    };
    await resetAt('2026-02-19T04:59:59Z'); // 23:59:59 on 18 February (EST): before the window
    await resetAt('2026-02-19T05:00:00Z'); // midnight starting 19 February, the window's first day
    await resetAt('2026-03-08T04:30:00Z'); // 23:30 on 7 March (EST)
    await resetAt('2026-03-08T05:30:00Z'); // 00:30 on 8 March (EST; clocks go forward at 02:00)
    await resetAt('2026-03-09T03:30:00Z'); // 23:30 on 8 March (EDT): the 23-hour day
    await resetAt('2026-03-09T04:30:00Z'); // 00:30 on 9 March (EDT)
    const service = new RecoveryReportService(db());
    const result = await service.report(orgId, 30, 'America/New_York', new Date('2026-03-20T16:00:00Z'));
    expect(result.from).toEqual(new Date('2026-02-19T05:00:00Z'));
    expect(result.series).toHaveLength(30);
    expect(result.series[0]?.date).toBe('2026-02-19');
    expect(result.series.at(-1)?.date).toBe('2026-03-20');
    const perDay = Object.fromEntries(result.series.filter((day) => day.selfService > 0).map((day) => [day.date, day.selfService]));
    expect(perDay).toEqual({ '2026-02-19': 1, '2026-03-07': 1, '2026-03-08': 2, '2026-03-09': 1 });
    expect(result.total).toBe(5);
  });

  it('counts only the organisation’s own events', async () => {
    const audit = fixture.testApp.context.identity.audit;
    const otherOrg = randomUUID();
    const someone = randomUUID();
    await audit.record({ action: 'password_reset', orgId: otherOrg, targetUserId: someone, details: { proofs: ['email:primary'], secondProof: null, via: 'token', requestedAt: new Date().toISOString() } });
    await audit.record({ action: 'assisted_recovery_completed', orgId: otherOrg, targetUserId: someone, details: { kind: 'break_glass', issuedAt: new Date().toISOString() } });
    await audit.record({ action: 'account_locked', orgId: otherOrg, targetUserId: someone });
    await audit.record({ action: 'recovery_code_failed', orgId: otherOrg, targetUserId: someone, outcome: 'failure' });
    // Events without an organisation (unknown identifiers) are no one's recovery either.
    await audit.record({ action: 'password_reset', orgId: null, details: { proofs: ['email:primary'] } });
    const result = await report();
    expect(result.total).toBe(7);
    expect(result.locks).toBe(1);
    expect(result.failedAttempts.wrongCodes).toBe(2);
  });

  it('is for those who may read the audit log; other periods and unknown parameters are refused', async () => {
    const viewer = await createVerifiedMember(fixture, { email: 'viewer@acme.test', name: 'Viewer', role: 'viewer' });
    const sales = await createVerifiedMember(fixture, { email: 'sales@acme.test', name: 'Sales', role: 'sales' });
    const manager = await createVerifiedMember(fixture, { email: 'manager@acme.test', name: 'Manager', role: 'manager' });
    for (const member of [viewer, sales, manager]) {
      const refused = await member.client.get('/api/admin/recovery-report');
      expect(refused.statusCode).toBe(403);
      expect(errorCode(refused)).toBe('forbidden');
    }
    expect((await fixture.testApp.client().get('/api/admin/recovery-report')).statusCode).toBe(401);
    const admin = await createVerifiedMember(fixture, { email: 'admin@acme.test', name: 'Admin', role: 'admin' });
    expect((await admin.client.get('/api/admin/recovery-report?days=90')).json<RecoveryReport>().total).toBe(7);

    for (const query of ['?days=7', '?days=', '?days=30&days=90', '?days=abc', '?tz=Mars/Olympus_Mons', '?tz=UTC%2B8', '?tz=' + 'A'.repeat(65), '?utcOffsetMinutes=480', '?orgId=00000000-0000-4000-8000-000000000000']) {
      const bad = await fixture.owner.get(`/api/admin/recovery-report${query}`);
      expect(bad.statusCode, query).toBe(400);
      expect(errorCode(bad), query).toBe('validation_failed');
    }
  });

  it('is described in the OpenAPI document', async () => {
    const document = (await fixture.testApp.client().get('/api/openapi.json')).json<{ paths: Record<string, { get?: { responses?: Record<string, unknown> } }> }>();
    expect(document.paths['/api/admin/recovery-report']?.get?.responses?.['200']).toBeDefined();
  });
});
