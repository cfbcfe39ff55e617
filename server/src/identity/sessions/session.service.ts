import { randomUUID } from 'node:crypto';
import { and, desc, eq, isNull, ne, sql } from 'drizzle-orm';
import { UAParser } from 'ua-parser-js';
import type { Database } from '../../db/client.ts';
import { organizations } from '../orgs/org.tables.ts';
import type { SecurityPolicy } from '../orgs/security-policy.schema.ts';
import { generateToken, hashToken } from '../secrets.ts';
import { users } from '../users/user.tables.ts';
import { knownDevices, sessions } from './session.tables.ts';

/** Writing last_seen on every request would turn reads into writes; a minute of slack is invisible to users. */
const TOUCH_INTERVAL_MS = 60_000;

export interface ClientInfo {
  ip: string;
  userAgent: string | null;
}

export type SessionRow = typeof sessions.$inferSelect;
export type UserRow = typeof users.$inferSelect;
export type OrganizationRow = typeof organizations.$inferSelect;
export type KnownDeviceRow = typeof knownDevices.$inferSelect;

export interface ResolvedSession {
  session: SessionRow;
  user: UserRow;
  organization: OrganizationRow;
  idleExpiresAt: Date | null;
  /** Set when the token was rotated (role change): the caller must send the new cookie. */
  rotatedToken?: string;
}

export type SessionEndReason = 'logout' | 'revoked' | 'password_changed' | 'idle' | 'expired' | 'rotated' | 'deactivated';

function idleExpiry(session: SessionRow, policy: SecurityPolicy): Date | null {
  // "Keep me signed in" trades the idle timeout for the (bounded) absolute lifetime the org allows.
  if (session.remember) return null;
  return new Date(session.lastSeenAt.getTime() + policy.session.idleMinutes * 60_000);
}

export function describeUserAgent(userAgent: string | null) {
  const parsed = new UAParser(userAgent ?? '').getResult();
  const browser = [parsed.browser.name, parsed.browser.major].filter(Boolean).join(' ') || null;
  const os = [parsed.os.name, parsed.os.version].filter(Boolean).join(' ') || null;
  const device = parsed.device.type ?? 'desktop';
  return { browser, os, device };
}

/** The session, its user and organisation for a token hash: one statement on every API request. */
function lookupQuery(db: Database) {
  return db
    .select({ session: sessions, user: users, organization: organizations })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(eq(sessions.tokenHash, sql.placeholder('tokenHash')))
    .prepare('clientele_session_lookup');
}

export class SessionService {
  /** Built once: Drizzle would otherwise assemble the same three-table select (about 80 columns) on every request. */
  private readonly lookup: ReturnType<typeof lookupQuery>;

  constructor(private readonly db: Database) {
    this.lookup = lookupQuery(db);
  }

  async create(user: UserRow, policy: SecurityPolicy, remember: boolean, client: ClientInfo) {
    const { token, session, write } = this.buildCreate(user, policy, remember, client);
    await write;
    return { token, session };
  }

  /**
   * A new session as it will be stored, and the unexecuted insert that stores it (for a caller that commits it with
   * other writes). The id and timestamps are chosen here so that no `returning` round trip is needed.
   * `proofs.passkeyVerifiedAt`: the sign-in was, or included, a passkey assertion with user verification (MF-12).
   */
  buildCreate(user: Pick<UserRow, 'id' | 'role'>, policy: SecurityPolicy, remember: boolean, client: ClientInfo, proofs: { passkeyVerifiedAt?: Date | null } = {}) {
    const token = generateToken();
    const keep = remember && policy.session.allowRemember;
    const lifetimeMs = keep ? policy.session.rememberDays * 86_400_000 : policy.session.absoluteHours * 3_600_000;
    const now = new Date();
    const session: SessionRow = {
      id: randomUUID(),
      userId: user.id,
      tokenHash: hashToken(token),
      remember: keep,
      role: user.role,
      ip: client.ip,
      userAgent: client.userAgent?.slice(0, 512) ?? null,
      createdAt: now,
      lastSeenAt: now,
      absoluteExpiresAt: new Date(now.getTime() + lifetimeMs),
      reauthenticatedAt: null,
      passkeyVerifiedAt: proofs.passkeyVerifiedAt ?? null,
      lostFactorRecovery: false,
      revokedAt: null,
      revokeReason: null,
    };
    return { token, session, write: this.db.insert(sessions).values(session) };
  }

  /** Finds a live session for a cookie value, enforcing revocation, absolute and idle expiry on the server. */
  async resolve(token: string): Promise<ResolvedSession | { ended: SessionEndReason; session: SessionRow } | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const [row] = await this.lookup.execute({ tokenHash: hashToken(token) });
    if (!row || row.session.revokedAt) return null;
    const now = new Date();
    const policy = row.organization.securityPolicy;
    const idleExpiresAt = idleExpiry(row.session, policy);
    let ended: SessionEndReason | undefined;
    if (row.user.status !== 'active') ended = 'deactivated';
    else if (row.session.absoluteExpiresAt <= now) ended = 'expired';
    else if (idleExpiresAt && idleExpiresAt <= now) ended = 'idle';
    if (ended) {
      await this.endSession(row.session.id, ended);
      return { ended, session: row.session };
    }
    if (row.session.role !== row.user.role) {
      const rotated = await this.rotate(row.session, row.user);
      return { session: rotated.session, user: row.user, organization: row.organization, idleExpiresAt: idleExpiry(rotated.session, policy), rotatedToken: rotated.token };
    }
    if (now.getTime() - row.session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
      await this.db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.session.id));
      row.session.lastSeenAt = now;
    }
    return { ...row, idleExpiresAt: idleExpiry(row.session, policy) };
  }

  /** Replaces a session's token (same lifetime) and ends the old one. */
  async rotate(session: SessionRow, user: UserRow) {
    const token = generateToken();
    const [replacement] = await this.db.transaction(async (transaction) => {
      await transaction.update(sessions).set({ revokedAt: new Date(), revokeReason: 'rotated' }).where(eq(sessions.id, session.id));
      return transaction
        .insert(sessions)
        .values({
          userId: user.id,
          tokenHash: hashToken(token),
          remember: session.remember,
          role: user.role,
          ip: session.ip,
          userAgent: session.userAgent,
          createdAt: session.createdAt,
          absoluteExpiresAt: session.absoluteExpiresAt,
          // A lost-device session stays one: otherwise a password change would turn its new factors immediate.
          lostFactorRecovery: session.lostFactorRecovery,
        })
        .returning();
    });
    if (!replacement) throw new Error('session not rotated');
    return { token, session: replacement };
  }

  async endSession(sessionId: string, reason: SessionEndReason): Promise<void> {
    await this.db.update(sessions).set({ revokedAt: new Date(), revokeReason: reason }).where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
  }

  async listActive(userId: string) {
    const rows = await this.db
      .select()
      .from(sessions)
      .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
      .orderBy(desc(sessions.lastSeenAt));
    const now = Date.now();
    return rows.filter((row) => row.absoluteExpiresAt.getTime() > now);
  }

  /** Ends one of the user's own sessions; false when the id is not theirs (the route answers 404). */
  async revokeOwn(userId: string, sessionId: string): Promise<boolean> {
    const ended = await this.db
      .update(sessions)
      .set({ revokedAt: new Date(), revokeReason: 'revoked' })
      .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
      .returning({ id: sessions.id });
    return ended.length > 0;
  }

  async revokeOthers(userId: string, keepSessionId: string | null, reason: SessionEndReason): Promise<number> {
    const condition = keepSessionId
      ? and(eq(sessions.userId, userId), isNull(sessions.revokedAt), ne(sessions.id, keepSessionId))
      : and(eq(sessions.userId, userId), isNull(sessions.revokedAt));
    const ended = await this.db.update(sessions).set({ revokedAt: new Date(), revokeReason: reason }).where(condition).returning({ id: sessions.id });
    return ended.length;
  }

  async findKnownDevice(userId: string, deviceToken: string | undefined) {
    if (!deviceToken || !/^[A-Za-z0-9_-]{43}$/.test(deviceToken)) return undefined;
    const [device] = await this.db
      .select()
      .from(knownDevices)
      .where(and(eq(knownDevices.userId, userId), eq(knownDevices.tokenHash, hashToken(deviceToken))));
    return device;
  }

  /** Remembers this browser for the account after a successful sign-in; returns a device token to set when new. */
  async rememberDevice(userId: string, deviceToken: string | undefined, userAgent: string | null, known?: KnownDeviceRow): Promise<string | undefined> {
    const { newDeviceToken, write } = this.buildRememberDevice(userId, deviceToken, userAgent, known);
    if (write) await write;
    return newDeviceToken;
  }

  /** The unexecuted upsert behind rememberDevice (null when none is needed) and the device token to set when new. */
  buildRememberDevice(userId: string, deviceToken: string | undefined, userAgent: string | null, known?: KnownDeviceRow | null) {
    // A browser already known and seen within the hour needs no write.
    if (known && !known.lockedUntil && Date.now() - known.lastSeenAt.getTime() < 3_600_000) return { newDeviceToken: undefined, write: null };
    const token = deviceToken && /^[A-Za-z0-9_-]{43}$/.test(deviceToken) ? deviceToken : generateToken();
    const write = this.db
      .insert(knownDevices)
      .values({ userId, tokenHash: hashToken(token), userAgent: userAgent?.slice(0, 512) ?? null })
      .onConflictDoUpdate({ target: [knownDevices.userId, knownDevices.tokenHash], set: { lastSeenAt: new Date(), lockedUntil: null } });
    return { newDeviceToken: token === deviceToken ? undefined : token, write };
  }
}
