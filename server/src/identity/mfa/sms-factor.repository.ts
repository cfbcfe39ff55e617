import { and, asc, desc, eq, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';
import { organizations } from '../orgs/org.tables.ts';
import { users } from '../users/user.tables.ts';
import { smsFactors } from './mfa.tables.ts';
import { smsFactorActive, smsFactorUsable } from './sms-factor-rules.ts';

export type SmsFactorRow = typeof smsFactors.$inferSelect;

/** A row with what the rules say about it right now: `usable` (number verified, SMS allowed) and `active` (also past any delay). */
export type SmsFactorState = SmsFactorRow & { usable: boolean; active: boolean };

/** An enrolment left unconfirmed this long is deleted the next time the user starts one. */
const PENDING_TTL_MS = 60 * 60_000;

/** The only queries on sms_factors (besides the shared rules read by sign-in and the factor counts). */
export class SmsFactorRepository {
  constructor(private readonly db: Database) {}

  private selectWithState() {
    return this.db
      .select({ factor: smsFactors, usable: sql<boolean>`(${smsFactorUsable})`, active: sql<boolean>`(${smsFactorActive})` })
      .from(smsFactors)
      .innerJoin(users, eq(users.id, smsFactors.userId))
      .innerJoin(organizations, eq(organizations.id, users.orgId));
  }

  async find(userId: string, id: string): Promise<SmsFactorState | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const [row] = await this.selectWithState().where(and(eq(smsFactors.id, id), eq(smsFactors.userId, userId)));
    return row ? { ...row.factor, usable: Boolean(row.usable), active: Boolean(row.active) } : undefined;
  }

  /** Confirmed factors, usable or not (a factor the policy no longer allows stays listed so it can be removed). */
  async listConfirmed(userId: string): Promise<SmsFactorState[]> {
    const rows = await this.selectWithState()
      .where(and(eq(smsFactors.userId, userId), isNotNull(smsFactors.confirmedAt)))
      .orderBy(asc(smsFactors.createdAt));
    return rows.map((row) => ({ ...row.factor, usable: Boolean(row.usable), active: Boolean(row.active) }));
  }

  /** Active factors, the one used last first (that number gets the sign-in and step-up texts). */
  async listActive(userId: string): Promise<SmsFactorRow[]> {
    const rows = await this.selectWithState()
      .where(and(eq(smsFactors.userId, userId), smsFactorActive))
      .orderBy(sql`${smsFactors.lastUsedAt} desc nulls last`, asc(smsFactors.createdAt));
    return rows.map((row) => row.factor);
  }

  async hasConfirmed(userId: string, phone: string): Promise<boolean> {
    const [row] = await this.db
      .select({ id: smsFactors.id })
      .from(smsFactors)
      .where(and(eq(smsFactors.userId, userId), eq(smsFactors.phone, phone), isNotNull(smsFactors.confirmedAt)))
      .limit(1);
    return row !== undefined;
  }

  /** The pending enrolment for this number (a resend reuses it), after dropping the user's stale ones; or a new one. */
  async pendingFor(userId: string, phone: string): Promise<SmsFactorRow> {
    await this.db.delete(smsFactors).where(and(eq(smsFactors.userId, userId), isNull(smsFactors.confirmedAt), lt(smsFactors.createdAt, new Date(Date.now() - PENDING_TTL_MS))));
    const [pending] = await this.db
      .select()
      .from(smsFactors)
      .where(and(eq(smsFactors.userId, userId), eq(smsFactors.phone, phone), isNull(smsFactors.confirmedAt)))
      .orderBy(desc(smsFactors.createdAt))
      .limit(1);
    if (pending) return pending;
    const [created] = await this.db.insert(smsFactors).values({ userId, phone }).returning();
    if (!created) throw new Error('sms factor not stored');
    return created;
  }

  /**
   * Activates a pending factor (exactly one of concurrent confirmations wins); null when it was confirmed meanwhile or
   * the number became another active factor of this user (unique index on confirmed rows).
   */
  async confirm(userId: string, id: string, activatesAt: Date | null): Promise<SmsFactorRow | null> {
    const confirmed = await this.db
      .update(smsFactors)
      .set({ confirmedAt: new Date(), activatesAt })
      .where(and(eq(smsFactors.id, id), eq(smsFactors.userId, userId), isNull(smsFactors.confirmedAt)))
      .returning()
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) return [];
        throw error;
      });
    return confirmed[0] ?? null;
  }

  /** Stamps the use on the active factor with this number; null when there is none any more (removed, policy off). */
  async markUsed(userId: string, phone: string): Promise<string | null> {
    const [active] = await this.selectWithState().where(and(eq(smsFactors.userId, userId), eq(smsFactors.phone, phone), smsFactorActive));
    if (!active) return null;
    await this.db.update(smsFactors).set({ lastUsedAt: new Date() }).where(eq(smsFactors.id, active.factor.id));
    return active.factor.id;
  }

  async remove(userId: string, id: string): Promise<boolean> {
    const removed = await this.db.delete(smsFactors).where(and(eq(smsFactors.id, id), eq(smsFactors.userId, userId))).returning({ id: smsFactors.id });
    return removed.length === 1;
  }
}
