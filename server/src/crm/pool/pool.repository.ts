import { and, count, eq, gt, gte, inArray, isNotNull, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { users } from '../../identity/users/user.tables.ts';
import { visibleRecords, type CrmScope } from '../access/access.service.ts';
import { crmCustomers } from '../customers/customer.tables.ts';
import type { Executor } from '../shared/database.ts';
import { DEFAULT_POOL_RULE, type PoolEventKind, type PoolRule } from './pool.schema.ts';
import { crmPoolEvents, crmPoolRules } from './pool.tables.ts';

const DAY_MS = 86_400_000;

/**
 * When the owner last did something with the customer: the last follow-up or the day they got it (GREATEST skips
 * NULLs). The expression index crm_customers_pool_idle_idx is on exactly this.
 */
export const idleSince = sql<Date>`greatest(${crmCustomers.lastFollowUpAt}, ${crmCustomers.ownedSince})`.mapWith(crmCustomers.ownedSince);

export interface PoolEventValues {
  orgId: string;
  customerId: string;
  kind: PoolEventKind;
  userId: string;
  actorUserId: string | null;
  reason?: string | null;
  createdAt?: Date;
}

/** The pool's own tables, and the conditional updates that move customers into and out of the pool. */
export class PoolRepository {
  constructor(private readonly db: Database) {}

  async rule(orgId: string, executor: Executor = this.db): Promise<PoolRule> {
    const [row] = await executor.select().from(crmPoolRules).where(eq(crmPoolRules.orgId, orgId));
    if (!row) return { ...DEFAULT_POOL_RULE };
    return { claimLimitPerDay: row.claimLimitPerDay, returnAfterDays: row.returnAfterDays, noticeDays: row.noticeDays, reclaimCooldownDays: row.reclaimCooldownDays };
  }

  async saveRule(executor: Executor, orgId: string, rule: PoolRule, by: string): Promise<void> {
    const values = { ...rule, updatedBy: by, updatedAt: new Date() };
    await executor
      .insert(crmPoolRules)
      .values({ orgId, ...values })
      .onConflictDoUpdate({ target: crmPoolRules.orgId, set: values });
  }

  /** Organisations whose customers go back to the pool by themselves. */
  async rulesWithReturn() {
    return this.db.select().from(crmPoolRules).where(isNotNull(crmPoolRules.returnAfterDays));
  }

  /** Serialises one person's claims, so the rolling count read inside the transaction cannot be overtaken. */
  async lockUser(executor: Executor, userId: string): Promise<void> {
    await executor.select({ id: users.id }).from(users).where(eq(users.id, userId)).for('update');
  }

  async countEvents(executor: Executor, userId: string, kind: PoolEventKind, since: Date): Promise<number> {
    const [row] = await executor
      .select({ total: count() })
      .from(crmPoolEvents)
      .where(and(eq(crmPoolEvents.userId, userId), eq(crmPoolEvents.kind, kind), gt(crmPoolEvents.createdAt, since)));
    return row?.total ?? 0;
  }

  /** Whether the user lost or released this customer after `since`. */
  async leftSince(executor: Executor, customerId: string, userId: string, since: Date): Promise<boolean> {
    const [row] = await executor
      .select({ id: crmPoolEvents.id })
      .from(crmPoolEvents)
      .where(and(eq(crmPoolEvents.customerId, customerId), eq(crmPoolEvents.userId, userId), inArray(crmPoolEvents.kind, ['released', 'returned']), gt(crmPoolEvents.createdAt, since)))
      .limit(1);
    return row !== undefined;
  }

  async insertEvents(executor: Executor, events: PoolEventValues[]): Promise<void> {
    if (events.length > 0) await executor.insert(crmPoolEvents).values(events);
  }

  /** A live customer the scope sees, with its owner (not locked: the claim's UPDATE is conditional). */
  async findVisible(executor: Executor, scope: CrmScope, id: string) {
    const [row] = await executor
      .select({ id: crmCustomers.id, ownerUserId: crmCustomers.ownerUserId })
      .from(crmCustomers)
      .where(and(eq(crmCustomers.id, id), isNull(crmCustomers.deletedAt), visibleRecords(scope)));
    return row;
  }

  /**
   * Whether the customer's current owner took it from the pool (the claim event carries the owned_since it set). Such
   * a customer was in everyone's view until then, so telling a slower claimant "already claimed" reveals nothing new.
   */
  async claimedFromPool(executor: Executor, orgId: string, id: string): Promise<boolean> {
    const [row] = await executor
      .select({ id: crmPoolEvents.id })
      .from(crmPoolEvents)
      .innerJoin(crmCustomers, and(eq(crmCustomers.id, crmPoolEvents.customerId), eq(crmCustomers.ownerUserId, crmPoolEvents.userId), eq(crmCustomers.ownedSince, crmPoolEvents.createdAt)))
      .where(and(eq(crmPoolEvents.customerId, id), eq(crmPoolEvents.orgId, orgId), eq(crmPoolEvents.kind, 'claimed'), isNull(crmCustomers.deletedAt)))
      .limit(1);
    return row !== undefined;
  }

  /** Takes a pool customer for `userId` only if it is still in the pool: of two concurrent claims exactly one matches. */
  async claim(executor: Executor, orgId: string, id: string, userId: string, now: Date): Promise<boolean> {
    const rows = await executor
      .update(crmCustomers)
      .set({ ownerUserId: userId, ownedSince: now, poolNoticeSentAt: null, version: sql`${crmCustomers.version} + 1`, updatedAt: now })
      .where(and(eq(crmCustomers.id, id), eq(crmCustomers.orgId, orgId), isNull(crmCustomers.ownerUserId), isNull(crmCustomers.deletedAt)))
      .returning({ id: crmCustomers.id });
    return rows.length === 1;
  }

  /** Puts a customer back in the pool if `ownerUserId` still owns it. */
  async release(executor: Executor, id: string, ownerUserId: string, now: Date): Promise<boolean> {
    const rows = await executor
      .update(crmCustomers)
      .set({ ownerUserId: null, poolNoticeSentAt: null, version: sql`${crmCustomers.version} + 1`, updatedAt: now })
      .where(and(eq(crmCustomers.id, id), eq(crmCustomers.ownerUserId, ownerUserId), isNull(crmCustomers.deletedAt)))
      .returning({ id: crmCustomers.id });
    return rows.length === 1;
  }

  private owned(orgId: string): SQL {
    return and(eq(crmCustomers.orgId, orgId), isNull(crmCustomers.deletedAt), isNotNull(crmCustomers.ownerUserId)) as SQL;
  }

  /** Owned customers idle for at least `noticeAfterDays` whose owner has no notice about this idle spell yet. */
  private noticeDue(rule: { returnAfterDays: number; noticeDays: number }, now: Date): SQL {
    const from = new Date(now.getTime() - (rule.returnAfterDays - rule.noticeDays) * DAY_MS);
    return and(lte(idleSince, from), or(isNull(crmCustomers.poolNoticeSentAt), lt(crmCustomers.poolNoticeSentAt, idleSince))) as SQL;
  }

  /**
   * Idle for the whole limit, and (with notices on) told at least `noticeDays` ago about this idle spell: a follow-up,
   * a transfer or a claim after the notice starts a new spell.
   */
  private returnDue(rule: { returnAfterDays: number; noticeDays: number }, now: Date): SQL {
    const idleLimit = lte(idleSince, new Date(now.getTime() - rule.returnAfterDays * DAY_MS));
    if (rule.noticeDays === 0) return idleLimit;
    return and(idleLimit, gte(crmCustomers.poolNoticeSentAt, idleSince), lte(crmCustomers.poolNoticeSentAt, new Date(now.getTime() - rule.noticeDays * DAY_MS))) as SQL;
  }

  async candidates(orgId: string, rule: { returnAfterDays: number; noticeDays: number }, kind: 'notice' | 'return', now: Date, limit: number) {
    return this.db
      .select({ id: crmCustomers.id, ownerUserId: sql<string>`${crmCustomers.ownerUserId}` })
      .from(crmCustomers)
      .where(and(this.owned(orgId), kind === 'notice' ? this.noticeDue(rule, now) : this.returnDue(rule, now)))
      .orderBy(idleSince)
      .limit(limit);
  }

  /** Stamps the notice on those of `ids` still due and still `ownerUserId`'s; a concurrent sweep stamps none twice. */
  async claimNotices(ids: string[], ownerUserId: string, orgId: string, rule: { returnAfterDays: number; noticeDays: number }, now: Date) {
    if (ids.length === 0) return [];
    return this.db
      .update(crmCustomers)
      .set({ poolNoticeSentAt: now })
      .where(and(inArray(crmCustomers.id, ids), eq(crmCustomers.ownerUserId, ownerUserId), this.owned(orgId), this.noticeDue(rule, now)))
      .returning({ id: crmCustomers.id, name: crmCustomers.name, idleSince });
  }

  /** Puts back in the pool those of `ids` still due and still `ownerUserId`'s (conditional: never twice). */
  async returnToPool(executor: Executor, ids: string[], ownerUserId: string, orgId: string, rule: { returnAfterDays: number; noticeDays: number }, now: Date) {
    if (ids.length === 0) return [];
    return executor
      .update(crmCustomers)
      .set({ ownerUserId: null, poolNoticeSentAt: null, version: sql`${crmCustomers.version} + 1`, updatedAt: now })
      .where(and(inArray(crmCustomers.id, ids), eq(crmCustomers.ownerUserId, ownerUserId), this.owned(orgId), this.returnDue(rule, now)))
      .returning({ id: crmCustomers.id, name: crmCustomers.name });
  }

  async user(executor: Executor, id: string) {
    const [row] = await executor.select().from(users).where(eq(users.id, id));
    return row;
  }
}
