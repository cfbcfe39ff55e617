import { and, count, eq, gt, inArray, isNotNull, lt, min, sql } from 'drizzle-orm';
import { getCountryCallingCode, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { Database } from '../../db/client.ts';
import { rateLimits } from '../../http/rate-limits.ts';
import type { Secrets } from '../secrets.ts';
import { recoveryRequests } from './recovery.tables.ts';

/** Request kinds counted in recovery_requests. 'sms' rows are actual sends (with number and country). */
export type RecoveryRequestKind = 'forgot' | 'unlock' | 'sms';

/** Kinds that share the per-IP budget of the unauthenticated request endpoints. */
const IP_LIMITED_KINDS: RecoveryRequestKind[] = ['forgot', 'unlock'];

/** Serialises SMS cap checks so concurrent sends cannot overshoot a cap (transaction-scoped advisory lock). */
const SMS_CAP_LOCK_KEY = 7_245_131;

export type SmsRefusal = 'invalid_number' | 'premium_number' | 'per_number' | 'per_country' | 'global';

export type SmsVerdict = { allowed: true; country: string } | { allowed: false; reason: SmsRefusal; country: string | null };

export interface SmsSendInput {
  /** E.164 number the message goes to. */
  number: string;
  /** The organisation's own region (policy.recovery.phoneRegion): its country code is exempt from the country cap. */
  orgRegion: string | null;
  /** What the text is for (audit details only), e.g. 'recovery', 'verify_channel', 'notice'. */
  purpose: string;
  ip: string | null;
}

function windowStart(minutes: number): Date {
  return new Date(Date.now() - minutes * 60_000);
}

/**
 * Country calling code of an E.164 number ('86', '1', '882'…), or null when it cannot be parsed. Numbers of the
 * premium-rate and shared-cost kinds are reported separately: they are the classic toll-fraud destination.
 */
export function describeSmsNumber(number: string): { country: string; isPremium: boolean } | null {
  const parsed = parsePhoneNumberFromString(number);
  if (!parsed) return null;
  const type = parsed.getType();
  return { country: parsed.countryCallingCode, isPremium: type === 'PREMIUM_RATE' || type === 'SHARED_COST' };
}

function regionCallingCode(region: string | null): string | null {
  if (!region) return null;
  try {
    return getCountryCallingCode(region as CountryCode);
  } catch {
    return null;
  }
}

/**
 * Caps for the unauthenticated recovery endpoints and for every SMS the app sends on a user's behalf (toll-fraud /
 * SMS-pumping guard). Everything is counted in the database so several app processes share the budgets; the
 * numbers live in http/rate-limits.ts.
 */
export class RecoveryLimits {
  constructor(
    private readonly db: Database,
    private readonly secrets: Secrets,
  ) {}

  /** Keyed hash of a normalized identifier: requests are counted per identifier without storing it. */
  identifierKey(normalizedIdentifier: string): string {
    return this.secrets.keyedHash('recovery-identifier', normalizedIdentifier);
  }

  /** Seconds until this IP may send another forgot/unlock request, or null. Reveals nothing about accounts. */
  async ipRetryAfterSeconds(ip: string): Promise<number | null> {
    const rule = rateLimits.recoveryRequestsPerIp;
    const [row] = await this.db
      .select({ requests: count(), oldest: min(recoveryRequests.createdAt) })
      .from(recoveryRequests)
      .where(and(eq(recoveryRequests.ip, ip), inArray(recoveryRequests.kind, IP_LIMITED_KINDS), gt(recoveryRequests.createdAt, windowStart(rule.windowMinutes))));
    if (!row || row.requests < rule.max || !row.oldest) return null;
    const oldest = row.oldest instanceof Date ? row.oldest : new Date(row.oldest);
    return Math.max(1, Math.ceil((oldest.getTime() + rule.windowMinutes * 60_000 - Date.now()) / 1000));
  }

  /** Records one request (known or unknown identifier alike) and returns its row id. */
  async recordRequest(input: { identifierKey: string; kind: RecoveryRequestKind; ip: string | null }): Promise<number> {
    const [row] = await this.db.insert(recoveryRequests).values({ identifierHash: input.identifierKey, kind: input.kind, ip: input.ip }).returning({ id: recoveryRequests.id });
    if (!row) throw new Error('recovery request not recorded');
    return row.id;
  }

  /**
   * True when the request `requestId` is within the per-identifier allowance: fewer than `max` earlier requests for
   * the same identifier in the window. Counting earlier rows (not sends) makes the answer independent of the order
   * in which queued jobs run.
   */
  async isWithinIdentifierAllowance(identifierKey: string, kind: RecoveryRequestKind, requestId: number): Promise<boolean> {
    const rule = rateLimits.recoverySendsPerIdentifier;
    const [row] = await this.db
      .select({ earlier: count() })
      .from(recoveryRequests)
      .where(and(eq(recoveryRequests.identifierHash, identifierKey), eq(recoveryRequests.kind, kind), lt(recoveryRequests.id, requestId), gt(recoveryRequests.createdAt, windowStart(rule.windowMinutes))));
    return (row?.earlier ?? 0) < rule.max;
  }

  /** Read-only check of the SMS caps for a number (use reserveSms to check and record in one step). */
  async checkSmsAllowed(number: string, orgRegion: string | null): Promise<SmsVerdict> {
    return this.evaluateSms(this.db, number, orgRegion);
  }

  /**
   * Checks every SMS cap and, when allowed, records the send, in one serialised transaction: of concurrent sends
   * only as many as the caps allow get through. Call right before SmsService.send; audit `sms_capped` on refusal.
   */
  async reserveSms(input: SmsSendInput): Promise<SmsVerdict> {
    return this.db.transaction(async (transaction) => {
      await transaction.execute(sql`select pg_advisory_xact_lock(${SMS_CAP_LOCK_KEY})`);
      const verdict = await this.evaluateSms(transaction, input.number, input.orgRegion, input.purpose === 'notice' ? rateLimits.smsNoticesPerNumber.max : rateLimits.smsPerNumber.max);
      if (verdict.allowed) {
        await transaction.insert(recoveryRequests).values({ identifierHash: this.identifierKey(input.number), kind: 'sms', ip: input.ip, smsNumber: input.number, smsCountry: verdict.country });
      }
      return verdict;
    });
  }

  private async evaluateSms(database: Pick<Database, 'select'>, number: string, orgRegion: string | null, perNumberMax: number = rateLimits.smsPerNumber.max): Promise<SmsVerdict> {
    const described = describeSmsNumber(number);
    if (!described) return { allowed: false, reason: 'invalid_number', country: null };
    const { country } = described;
    if (described.isPremium) return { allowed: false, reason: 'premium_number', country };
    const countSends = async (minutes: number, condition?: ReturnType<typeof eq>) => {
      const [row] = await database
        .select({ sends: count() })
        .from(recoveryRequests)
        .where(and(eq(recoveryRequests.kind, 'sms'), isNotNull(recoveryRequests.smsNumber), gt(recoveryRequests.createdAt, windowStart(minutes)), condition));
      return row?.sends ?? 0;
    };
    if ((await countSends(rateLimits.smsPerNumber.windowMinutes, eq(recoveryRequests.smsNumber, number))) >= perNumberMax) {
      return { allowed: false, reason: 'per_number', country };
    }
    if (country !== regionCallingCode(orgRegion) && (await countSends(rateLimits.smsPerCountry.windowMinutes, eq(recoveryRequests.smsCountry, country))) >= rateLimits.smsPerCountry.max) {
      return { allowed: false, reason: 'per_country', country };
    }
    if ((await countSends(rateLimits.smsGlobal.windowMinutes)) >= rateLimits.smsGlobal.max) return { allowed: false, reason: 'global', country };
    return { allowed: true, country };
  }
}
