import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, setupOrganization, type TestApp } from '../../../test/app.ts';
import { users } from '../users/user.tables.ts';
import { verificationCodes } from './recovery.tables.ts';
import { CODE_MAX_ATTEMPTS, generateCode, type VerificationCodeService } from './verification-codes.ts';

describe('verification codes', () => {
  let testApp: TestApp;
  let codes: VerificationCodeService;
  let userId: string;
  const issue = (subject: string, digits = 6, minutes = 5) => codes.issue({ userId, purpose: 'verify_channel', subject, destination: 'someone@acme.test', digits, minutes });
  const wrongFor = (code: string) => String((Number(code) + 1) % 10 ** code.length).padStart(code.length, '0');

  beforeAll(async () => {
    testApp = await buildTestApp();
    const { ownerEmail } = await setupOrganization(testApp);
    codes = testApp.context.identity.codes;
    const [owner] = await testApp.context.database.db.select().from(users).where(eq(users.email, ownerEmail));
    userId = owner!.id;
  });
  afterAll(() => testApp.close());

  it('generates uniformly shaped codes of the requested length, leading zeros kept', () => {
    for (const digits of [6, 7, 8]) {
      const samples = Array.from({ length: 200 }, () => generateCode(digits));
      expect(samples.every((code) => new RegExp(`^\\d{${digits}}$`).test(code))).toBe(true);
      expect(new Set(samples).size).toBeGreaterThan(190);
    }
  });

  it('stores only a keyed hash, never the code', async () => {
    const { code, id } = await issue('hash-check');
    const [row] = await testApp.context.database.db.select().from(verificationCodes).where(eq(verificationCodes.id, id));
    expect(row?.codeHash).not.toContain(code);
    expect(row?.codeHash).toMatch(/^[0-9a-f]{32}$/);
  });

  it('accepts the right code once (replay fails)', async () => {
    const { code } = await issue('single-use');
    expect(await codes.verify(userId, 'verify_channel', 'single-use', code)).toMatchObject({ ok: true });
    expect(await codes.verify(userId, 'verify_channel', 'single-use', code)).toMatchObject({ ok: false });
  });

  it(`voids a code after ${CODE_MAX_ATTEMPTS} wrong entries, even for the right code afterwards`, async () => {
    const { code } = await issue('brute-force');
    const results = [];
    for (let attempt = 0; attempt < CODE_MAX_ATTEMPTS; attempt += 1) results.push(await codes.verify(userId, 'verify_channel', 'brute-force', wrongFor(code)));
    expect(results.map((result) => (result.ok ? 'ok' : result.attemptsLeft))).toEqual([4, 3, 2, 1, 0]);
    expect(await codes.verify(userId, 'verify_channel', 'brute-force', code)).toEqual({ ok: false, reason: 'exhausted', attemptsLeft: 0 });
  });

  it('counts concurrent wrong guesses atomically: never more than the limit', async () => {
    const { code } = await issue('parallel-guess');
    await Promise.all(Array.from({ length: 20 }, () => codes.verify(userId, 'verify_channel', 'parallel-guess', wrongFor(code))));
    expect(await codes.verify(userId, 'verify_channel', 'parallel-guess', code)).toMatchObject({ ok: false, reason: 'exhausted' });
  });

  it('lets exactly one of 20 concurrent correct entries through', async () => {
    const { code } = await issue('parallel-right');
    const results = await Promise.all(Array.from({ length: 20 }, () => codes.verify(userId, 'verify_channel', 'parallel-right', code)));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
  });

  it('voids the older code when a new one is issued, and keeps the failure count across re-issue', async () => {
    const since = new Date(Date.now() - 1000);
    const first = await issue('reissue');
    await codes.verify(userId, 'verify_channel', 'reissue', wrongFor(first.code));
    await codes.verify(userId, 'verify_channel', 'reissue', wrongFor(first.code));
    const second = await issue('reissue');
    if (second.code !== first.code) expect(await codes.verify(userId, 'verify_channel', 'reissue', first.code)).toMatchObject({ ok: false });
    expect(await codes.failuresSince(userId, 'verify_channel', since)).toBeGreaterThanOrEqual(2);
  });

  it('refuses an expired code', async () => {
    const { code, id } = await issue('expired');
    await testApp.context.database.db.update(verificationCodes).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(verificationCodes.id, id));
    expect(await codes.verify(userId, 'verify_channel', 'expired', code)).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('binds a code to its purpose and subject', async () => {
    const { code } = await issue('bound-subject');
    expect(await codes.verify(userId, 'recovery', 'bound-subject', code)).toMatchObject({ ok: false, reason: 'none' });
    expect(await codes.verify(userId, 'verify_channel', 'another-subject', code)).toMatchObject({ ok: false, reason: 'none' });
    expect(await codes.verify(userId, 'verify_channel', 'bound-subject', code)).toMatchObject({ ok: true });
  });
});
