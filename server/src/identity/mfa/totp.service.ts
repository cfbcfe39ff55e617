import { randomUUID } from 'node:crypto';
import { and, asc, eq, isNotNull, isNull, lt, lte, or } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import type { Database } from '../../db/client.ts';
import { raise } from '../../http/app-error.ts';
import type { Secrets } from '../secrets.ts';
import { FactorThrottle, type FailureOutcome } from './factor-throttle.ts';
import { mfaErrors } from './mfa.errors.ts';
import { totpFactors } from './mfa.tables.ts';
import { TotpSecretBox } from './totp-secret.ts';

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** RFC 6238 §5.2: at most one step either side for network delay and clock drift (documented window). */
export const TOTP_WINDOW = 1;
/** An enrolment left unconfirmed this long is deleted the next time the user starts one. */
const PENDING_TTL_MS = 60 * 60_000;
const MAX_PENDING = 5;

export type TotpFactorRow = typeof totpFactors.$inferSelect;

function totpFor(base32: string, label = 'Clientele', issuer = 'Clientele'): TOTP {
  return new TOTP({ issuer, label, algorithm: 'SHA1', digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS, secret: Secret.fromBase32(base32) });
}

/** The time step a code belongs to (within ±1 of now), or null. */
export function matchStep(base32: string, code: string, now = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpFor(base32).validate({ token: code, timestamp: now, window: TOTP_WINDOW });
  return delta === null ? null : TOTP.counter({ period: TOTP_PERIOD_SECONDS, timestamp: now }) + delta;
}

export function isActiveFactor(row: Pick<TotpFactorRow, 'confirmedAt' | 'activatesAt'>, now = new Date()): boolean {
  return row.confirmedAt !== null && (row.activatesAt === null || row.activatesAt <= now);
}

export type TotpCheck = { ok: true; factorId: string } | { ok: false; failure: FailureOutcome };

/** Authenticator-app factors (RFC 6238): enrol (pending) → confirm with a first code → active; single use per step. */
export class TotpService {
  private readonly box: TotpSecretBox;

  constructor(
    private readonly db: Database,
    secrets: Secrets,
    private readonly throttle: FactorThrottle,
  ) {
    this.box = new TotpSecretBox(secrets);
  }

  /** A pending factor with a fresh 160-bit secret; the secret is returned only here. */
  async enrol(user: { id: string; email: string }, orgName: string, name: string) {
    await this.db.delete(totpFactors).where(and(eq(totpFactors.userId, user.id), isNull(totpFactors.confirmedAt), lt(totpFactors.createdAt, new Date(Date.now() - PENDING_TTL_MS))));
    const pending = await this.db.select({ id: totpFactors.id }).from(totpFactors).where(and(eq(totpFactors.userId, user.id), isNull(totpFactors.confirmedAt))).orderBy(asc(totpFactors.createdAt));
    const surplus = pending.length - (MAX_PENDING - 1);
    for (const stale of pending.slice(0, Math.max(0, surplus))) await this.db.delete(totpFactors).where(eq(totpFactors.id, stale.id));
    const id = randomUUID();
    const secret = new Secret({ size: 20 }).base32;
    await this.db.insert(totpFactors).values({ id, userId: user.id, name, secretCiphertext: this.box.seal(secret, id) });
    const otpauthUrl = totpFor(secret, user.email, `Clientele (${orgName})`).toString();
    const qrSvg = await QRCode.toString(otpauthUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { id, secret, otpauthUrl, qrSvg };
  }

  async find(userId: string, id: string): Promise<TotpFactorRow | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const [row] = await this.db.select().from(totpFactors).where(and(eq(totpFactors.id, id), eq(totpFactors.userId, userId)));
    return row;
  }

  /** Activates a pending factor with its first code (that step is then used); it counts from `activatesAt` when set. Null for a wrong code. */
  async confirm(userId: string, id: string, code: string, activatesAt: Date | null = null): Promise<TotpFactorRow | null> {
    const factor = await this.find(userId, id);
    if (!factor) raise(mfaErrors.FACTOR_NOT_FOUND);
    if (factor.confirmedAt) raise(mfaErrors.ALREADY_CONFIRMED);
    const step = matchStep(this.box.open(factor.secretCiphertext, factor.id), code);
    if (step === null) return null;
    const now = new Date();
    const [confirmed] = await this.db
      .update(totpFactors)
      .set({ confirmedAt: now, activatesAt, lastUsedStep: step, lastUsedAt: now })
      .where(and(eq(totpFactors.id, id), isNull(totpFactors.confirmedAt)))
      .returning();
    if (!confirmed) raise(mfaErrors.ALREADY_CONFIRMED);
    return confirmed;
  }

  async listConfirmed(userId: string): Promise<TotpFactorRow[]> {
    return this.db.select().from(totpFactors).where(and(eq(totpFactors.userId, userId), isNotNull(totpFactors.confirmedAt))).orderBy(asc(totpFactors.createdAt));
  }

  async hasActive(userId: string): Promise<boolean> {
    const now = new Date();
    const [row] = await this.db
      .select({ id: totpFactors.id })
      .from(totpFactors)
      .where(and(eq(totpFactors.userId, userId), isNotNull(totpFactors.confirmedAt), or(isNull(totpFactors.activatesAt), lte(totpFactors.activatesAt, now))))
      .limit(1);
    return row !== undefined;
  }

  async rename(userId: string, id: string, name: string): Promise<TotpFactorRow> {
    const [row] = await this.db.update(totpFactors).set({ name }).where(and(eq(totpFactors.id, id), eq(totpFactors.userId, userId), isNotNull(totpFactors.confirmedAt))).returning();
    if (!row) raise(mfaErrors.FACTOR_NOT_FOUND);
    return row;
  }

  async remove(userId: string, id: string): Promise<TotpFactorRow | undefined> {
    const [row] = await this.db.delete(totpFactors).where(and(eq(totpFactors.id, id), eq(totpFactors.userId, userId))).returning();
    return row;
  }

  /**
   * Checks a code against every active device of the user under the account's 'otp' counter. A code counts once:
   * the step is claimed with `UPDATE … WHERE last_used_step < step`, so a replay, a parallel twin or an older step
   * after a newer one (T−1 after T) fails and counts as wrong.
   */
  async verify(userId: string, code: string, now = Date.now()): Promise<TotpCheck> {
    await this.throttle.assertOpen(userId, 'otp');
    const factors = (await this.listConfirmed(userId)).filter((factor) => isActiveFactor(factor, new Date(now)));
    for (const factor of factors) {
      const step = matchStep(this.box.open(factor.secretCiphertext, factor.id), code, now);
      if (step === null) continue;
      const claimed = await this.db
        .update(totpFactors)
        .set({ lastUsedStep: step, lastUsedAt: new Date(now) })
        .where(and(eq(totpFactors.id, factor.id), lt(totpFactors.lastUsedStep, step)))
        .returning({ id: totpFactors.id });
      if (claimed.length === 1) {
        await this.throttle.reset(userId, 'otp');
        return { ok: true, factorId: factor.id };
      }
    }
    return { ok: false, failure: await this.throttle.recordFailure(userId, 'otp') };
  }
}
