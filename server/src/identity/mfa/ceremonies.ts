import { isIP } from 'node:net';
import { and, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { generateToken, hashToken } from '../secrets.ts';
import type { ClientInfo } from '../sessions/session.service.ts';
import { mfaChallenges } from './mfa.tables.ts';
import type { CeremonyPurpose } from './second-factors.ts';

export type CeremonyRow = typeof mfaChallenges.$inferSelect;

/** Wrong codes one sign-in challenge accepts before it is void (the account counter also moves). */
export const CEREMONY_MAX_ATTEMPTS = 5;
export const CEREMONY_MINUTES = 5;

function expandIpv6(address: string): string[] {
  const [head = '', tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') && tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  return [...left, ...Array.from({ length: Math.max(0, missing) }, () => '0'), ...right].map((part) => part.toLowerCase().padStart(4, '0'));
}

/** The network a challenge is bound to: the /24 of an IPv4 address, the /48 of an IPv6 one. */
export function ipPrefix(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1];
  const address = mapped ?? ip;
  if (isIP(address) === 4) return `${address.split('.').slice(0, 3).join('.')}.0/24`;
  if (isIP(address) === 6) return `${expandIpv6(address.split('%')[0] ?? address).slice(0, 3).join(':')}::/48`;
  return address;
}

export function userAgentHash(userAgent: string | null): string {
  return hashToken(`ua:${userAgent ?? ''}`);
}

export function isBoundTo(row: Pick<CeremonyRow, 'ipPrefix' | 'userAgentHash'>, client: ClientInfo): boolean {
  return row.ipPrefix === ipPrefix(client.ip) && row.userAgentHash === userAgentHash(client.userAgent);
}

/** mfa_challenges: ceremonies in progress, found by the SHA-256 of a 256-bit token, single use, short-lived. */
export class CeremonyStore {
  constructor(private readonly db: Database) {}

  async create(input: { purpose: CeremonyPurpose; userId: string | null; remember?: boolean; client: ClientInfo; webauthnChallenge?: string | null; minutes?: number }) {
    const token = generateToken();
    const expiresAt = new Date(Date.now() + (input.minutes ?? CEREMONY_MINUTES) * 60_000);
    // Expired rows of this user go with every new one, so the table stays small without a sweeper.
    const owner = input.userId === null ? isNull(mfaChallenges.userId) : eq(mfaChallenges.userId, input.userId);
    await this.db.delete(mfaChallenges).where(and(owner, lt(mfaChallenges.expiresAt, new Date())));
    const [row] = await this.db
      .insert(mfaChallenges)
      .values({
        tokenHash: hashToken(token),
        userId: input.userId,
        purpose: input.purpose,
        remember: input.remember ?? false,
        ipPrefix: ipPrefix(input.client.ip),
        userAgentHash: userAgentHash(input.client.userAgent),
        webauthnChallenge: input.webauthnChallenge ?? null,
        expiresAt,
      })
      .returning();
    if (!row) throw new Error('challenge not stored');
    return { token, row };
  }

  /** The live ceremony behind a token: right purpose, unused, unexpired, attempts left. */
  async findLive(token: string, purpose: CeremonyPurpose): Promise<CeremonyRow | undefined> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
    const [row] = await this.db
      .select()
      .from(mfaChallenges)
      .where(and(eq(mfaChallenges.tokenHash, hashToken(token)), eq(mfaChallenges.purpose, purpose), isNull(mfaChallenges.usedAt), gt(mfaChallenges.expiresAt, new Date()), lt(mfaChallenges.attempts, CEREMONY_MAX_ATTEMPTS)));
    return row;
  }

  /** The newest live ceremony of a purpose for a user (step-up and reset passkey ceremonies have no token of their own). */
  async latestFor(userId: string, purpose: CeremonyPurpose): Promise<CeremonyRow | undefined> {
    const [row] = await this.db
      .select()
      .from(mfaChallenges)
      .where(and(eq(mfaChallenges.userId, userId), eq(mfaChallenges.purpose, purpose), isNull(mfaChallenges.usedAt), gt(mfaChallenges.expiresAt, new Date())))
      .orderBy(desc(mfaChallenges.createdAt))
      .limit(1);
    return row;
  }

  /** Counts a wrong answer; returns the attempts now recorded. */
  async addAttempt(id: string): Promise<number> {
    const [row] = await this.db
      .update(mfaChallenges)
      .set({ attempts: sql`${mfaChallenges.attempts} + 1`, webauthnChallenge: null })
      .where(eq(mfaChallenges.id, id))
      .returning({ attempts: mfaChallenges.attempts });
    return row?.attempts ?? CEREMONY_MAX_ATTEMPTS;
  }

  async setWebauthnChallenge(id: string, challenge: string): Promise<void> {
    await this.db.update(mfaChallenges).set({ webauthnChallenge: challenge }).where(eq(mfaChallenges.id, id));
  }

  /** Marks the ceremony used; exactly one of concurrent claims gets true. */
  async claim(id: string): Promise<boolean> {
    const claimed = await this.db
      .update(mfaChallenges)
      .set({ usedAt: new Date(), webauthnChallenge: null })
      .where(and(eq(mfaChallenges.id, id), isNull(mfaChallenges.usedAt), lt(mfaChallenges.attempts, CEREMONY_MAX_ATTEMPTS), gt(mfaChallenges.expiresAt, new Date())))
      .returning({ id: mfaChallenges.id });
    return claimed.length === 1;
  }
}
