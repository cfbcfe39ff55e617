import { and, asc, count, desc, eq, gt, isNull, lt, or } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { organizations } from '../orgs/org.tables.ts';
import { users } from '../users/user.tables.ts';
import { apiTokens } from './api-token.tables.ts';

export type ApiTokenRow = typeof apiTokens.$inferSelect;
/** The database or a transaction of it (deactivation revokes tokens inside its own transaction). */
export type ApiTokenExecutor = Database | Parameters<Parameters<Database['transaction']>[0]>[0];

/** Expired tokens stay listed this long so their owner sees why a script stopped, then drop out of the lists. */
const EXPIRED_LISTED_MS = 30 * 86_400_000;

export class ApiTokenRepository {
  constructor(private readonly db: Database) {}

  async findByHash(tokenHash: string) {
    const [row] = await this.db
      .select({ token: apiTokens, user: users, organization: organizations })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .innerJoin(organizations, eq(organizations.id, users.orgId))
      .where(eq(apiTokens.tokenHash, tokenHash));
    return row;
  }

  /** Records use; the time condition makes concurrent requests (in any process) write once a minute at most. */
  async touch(id: string, ip: string, now: Date, intervalMs: number): Promise<void> {
    await this.db
      .update(apiTokens)
      .set({ lastUsedAt: now, lastUsedIp: ip.slice(0, 64) })
      .where(and(eq(apiTokens.id, id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, new Date(now.getTime() - intervalMs)))));
  }

  async insert(values: typeof apiTokens.$inferInsert, executor: ApiTokenExecutor = this.db): Promise<ApiTokenRow> {
    const [row] = await executor.insert(apiTokens).values(values).returning();
    if (!row) throw new Error('api token not stored');
    return row;
  }

  async countLive(userId: string, now: Date, executor: ApiTokenExecutor = this.db): Promise<number> {
    const [row] = await executor
      .select({ live: count() })
      .from(apiTokens)
      .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, now)));
    return row?.live ?? 0;
  }

  async listForUser(userId: string, now: Date): Promise<ApiTokenRow[]> {
    return this.db
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, new Date(now.getTime() - EXPIRED_LISTED_MS))))
      .orderBy(desc(apiTokens.createdAt));
  }

  async listForOrganization(orgId: string, now: Date) {
    return this.db
      .select({ token: apiTokens, owner: { id: users.id, name: users.name, email: users.email, role: users.role } })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(and(eq(apiTokens.orgId, orgId), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, new Date(now.getTime() - EXPIRED_LISTED_MS))))
      .orderBy(asc(users.name), desc(apiTokens.createdAt));
  }

  /** A token of the organisation with its owner's role, revoked or not (null for another organisation's id). */
  async findInOrganization(orgId: string, id: string) {
    const [row] = await this.db
      .select({ token: apiTokens, ownerRole: users.role, ownerEmail: users.email })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(and(eq(apiTokens.orgId, orgId), eq(apiTokens.id, id)));
    return row;
  }

  async findOwn(userId: string, id: string): Promise<ApiTokenRow | undefined> {
    const [row] = await this.db
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.userId, userId), eq(apiTokens.id, id)));
    return row;
  }

  /** Revokes one live token; false when it was already revoked (a concurrent revoke won). */
  async revoke(id: string, revokedBy: string, now: Date): Promise<boolean> {
    const revoked = await this.db
      .update(apiTokens)
      .set({ revokedAt: now, revokedBy })
      .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    return revoked.length > 0;
  }
}

/** Revokes every live token of a member (deactivation); `revokedBy` null = the system. Returns how many. */
export async function revokeAllTokensOf(executor: ApiTokenExecutor, userId: string, now: Date, revokedBy: string | null = null): Promise<number> {
  const revoked = await executor
    .update(apiTokens)
    .set({ revokedAt: now, revokedBy })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return revoked.length;
}
