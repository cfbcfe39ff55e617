import { and, asc, count, desc, eq, gte, inArray, isNull, lt, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client.ts';
import { bucketOf } from '../../db/time-buckets.ts';
import { users } from '../../identity/users/user.tables.ts';
import { customerColumns, visibleRecords, type CrmScope } from '../access/access.service.ts';
import { crmCustomers } from '../customers/customer.tables.ts';
import { crmFollowUps } from '../follow-ups/follow-up.tables.ts';
import type { Bucket, Period } from './report-period.ts';
import { audienceOf, type Audience } from './report.repository.ts';

const author = alias(users, 'report_author');
const owner = alias(users, 'report_owner');

/** When a customer was last worked on: its last follow-up, or its creation if it never had one. */
const lastTouched = sql<Date>`coalesce(${crmCustomers.lastFollowUpAt}, ${crmCustomers.createdAt})`;

/**
 * The activity reports: follow-ups per author and week, new customers by source, customers nobody followed up lately.
 * Follow-ups have no owner of their own: they are seen through their customer (visibleRecords on crm_customers), and
 * counted only for authors inside the caller's scope, so a salesperson never counts a colleague's work on a shared or
 * pool customer.
 */
export class ActivityReportRepository {
  constructor(private readonly db: Database) {}

  /** Follow-ups that happened in the period, per author and ISO week (the index of `weeks`, from 1). */
  async followUpsByWeek(scope: CrmScope, audience: Audience, period: Period, weeks: readonly Bucket[]) {
    return this.db
      .select({ userId: crmFollowUps.authorUserId, name: author.name, week: bucketOf(crmFollowUps.occurredAt, weeks), count: count() })
      .from(crmFollowUps)
      .innerJoin(crmCustomers, eq(crmCustomers.id, crmFollowUps.customerId))
      .leftJoin(author, eq(author.id, crmFollowUps.authorUserId))
      .where(
        and(
          eq(crmFollowUps.orgId, scope.orgId),
          isNull(crmFollowUps.deletedAt),
          isNull(crmCustomers.deletedAt),
          visibleRecords(scope, customerColumns),
          scope.ownerIds === null ? undefined : inArray(crmFollowUps.authorUserId, scope.ownerIds),
          gte(crmFollowUps.occurredAt, period.start),
          lt(crmFollowUps.occurredAt, period.end),
          ...audienceOf(scope, crmFollowUps.authorUserId, audience),
        ),
      )
      .groupBy(crmFollowUps.authorUserId, author.name, sql`3`);
  }

  /** Customers created in the period, per source (none: "unknown"), the most common first. */
  async newCustomersBySource(scope: CrmScope, audience: Audience, period: Period) {
    const source = sql<string>`coalesce(${crmCustomers.source}, 'unknown')`;
    return this.db
      .select({ source, count: count() })
      .from(crmCustomers)
      .where(
        and(
          visibleRecords(scope, customerColumns),
          isNull(crmCustomers.deletedAt),
          gte(crmCustomers.createdAt, period.start),
          lt(crmCustomers.createdAt, period.end),
          ...audienceOf(scope, crmCustomers.ownerUserId, audience),
        ),
      )
      .groupBy(sql`1`)
      .orderBy(desc(count()), asc(sql`1`));
  }

  private staleWhere(scope: CrmScope, audience: Audience, before: Date) {
    return and(visibleRecords(scope, customerColumns), isNull(crmCustomers.deletedAt), lt(lastTouched, before), ...audienceOf(scope, crmCustomers.ownerUserId, audience));
  }

  /** How many customers in scope were last followed up (or created) before `before`. */
  async staleCount(scope: CrmScope, audience: Audience, before: Date): Promise<number> {
    const [row] = await this.db.select({ count: count() }).from(crmCustomers).where(this.staleWhere(scope, audience, before));
    return row?.count ?? 0;
  }

  /** The first `limit` of them, the longest untouched first. */
  async staleCustomers(scope: CrmScope, audience: Audience, before: Date, limit: number) {
    return this.db
      .select({
        id: crmCustomers.id,
        name: crmCustomers.name,
        status: crmCustomers.status,
        ownerId: crmCustomers.ownerUserId,
        ownerName: owner.name,
        lastFollowUpAt: crmCustomers.lastFollowUpAt,
        createdAt: crmCustomers.createdAt,
      })
      .from(crmCustomers)
      .leftJoin(owner, eq(owner.id, crmCustomers.ownerUserId))
      .where(this.staleWhere(scope, audience, before))
      .orderBy(asc(lastTouched), asc(crmCustomers.id))
      .limit(limit);
  }
}
