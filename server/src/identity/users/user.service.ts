import { and, asc, eq, sql } from 'drizzle-orm';
import { signInFailures } from '../lockout/lockout.tables.ts';
import type { Database } from '../../db/client.ts';
import { organizations } from '../orgs/org.tables.ts';
import { normalizePhoneNumber } from './phone-number.ts';
import { users } from './user.tables.ts';

export type UserRow = typeof users.$inferSelect;

/** E-mail → lower-case; phone → E.164 (+CC numbers, or bare mainland China mobiles). Anything else → null (never matches). */
export function normalizeIdentifier(raw: string): { kind: 'email' | 'phone'; value: string } | null {
  const trimmed = raw.normalize('NFKC').trim();
  if (trimmed.includes('@')) return { kind: 'email', value: trimmed.toLowerCase() };
  const phone = normalizePhone(trimmed);
  return phone ? { kind: 'phone', value: phone } : null;
}

/** E.164 or null; see normalizePhoneNumber (libphonenumber-js). `region` reads numbers typed without a country code. */
export function normalizePhone(raw: string, region?: string | null): string | null {
  return normalizePhoneNumber(raw, region);
}

export class UserService {
  constructor(private readonly db: Database) {}

  async findByIdentifier(raw: string): Promise<UserRow | undefined> {
    const identifier = normalizeIdentifier(raw);
    if (!identifier) return undefined;
    const column = identifier.kind === 'email' ? users.email : users.phone;
    const [user] = await this.db.select().from(users).where(eq(column, identifier.value));
    return user;
  }

  /**
   * The account, its organisation and whether it has recorded sign-in failures, in one query (the sign-in hot path:
   * a clean account then needs no write to reset its failure budget).
   */
  async findWithOrganization(raw: string): Promise<{ user: UserRow; organization: typeof organizations.$inferSelect; hasFailures: boolean } | undefined> {
    const identifier = normalizeIdentifier(raw);
    if (!identifier) return undefined;
    const column = identifier.kind === 'email' ? users.email : users.phone;
    const [row] = await this.db
      .select({ user: users, organization: organizations, hasFailures: sql<boolean>`exists (select 1 from ${signInFailures} where ${signInFailures.userId} = ${users.id})` })
      .from(users)
      .innerJoin(organizations, eq(organizations.id, users.orgId))
      .where(eq(column, identifier.value));
    return row;
  }

  async findById(id: string): Promise<UserRow | undefined> {
    const [user] = await this.db.select().from(users).where(eq(users.id, id));
    return user;
  }

  async findInOrg(orgId: string, id: string): Promise<UserRow | undefined> {
    const [user] = await this.db.select().from(users).where(and(eq(users.orgId, orgId), eq(users.id, id)));
    return user;
  }

  async listOrgMembers(orgId: string): Promise<UserRow[]> {
    return this.db.select().from(users).where(eq(users.orgId, orgId)).orderBy(asc(users.createdAt));
  }

  /** The unexecuted update that stamps a successful sign-in (for a caller that commits it with other writes). */
  /** A sign-in also answers any "disabled for inactivity soon" reminder (the lifecycle sweep may send another later). */
  buildSignInStamp(id: string, ip: string, at: Date) {
    return this.db.update(users).set({ lastSignInAt: at, lastSignInIp: ip, inactivityReminderSentAt: null, updatedAt: at }).where(eq(users.id, id));
  }

  async update(id: string, values: Partial<Omit<UserRow, 'id' | 'orgId' | 'createdAt'>>): Promise<UserRow> {
    const [user] = await this.db.update(users).set({ ...values, updatedAt: new Date() }).where(eq(users.id, id)).returning();
    if (!user) throw new Error('user vanished');
    return user;
  }
}
