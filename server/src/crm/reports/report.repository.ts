import { and, asc, count, eq, gte, inArray, isNull, lt, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Database } from '../../db/client.ts';
import { bucketOf } from '../../db/time-buckets.ts';
import { contractColumns, dealColumns, visibleRecords, type CrmScope } from '../access/access.service.ts';
import { crmContracts, crmPayments } from '../contracts/contract.tables.ts';
import { crmDeals, crmPipelineStages } from '../deals/deal.tables.ts';
import { crmTeamMembers } from '../teams/team.tables.ts';
import type { Bucket, Period } from './report-period.ts';

/** Whose records a report is about, on top of the caller's data scope (ids already checked as UUIDs). */
export interface Audience {
  teamId?: string | undefined;
  ownerId?: string | undefined;
}

/**
 * The audience as SQL on a record's owner column: one owner, and/or the members of one team of the caller's
 * organisation. An id outside the caller's scope (or organisation) matches nothing: it is ANDed with the scope.
 */
export function audienceOf(scope: CrmScope, owner: AnyPgColumn, audience: Audience): SQL[] {
  const conditions: SQL[] = [];
  if (audience.ownerId !== undefined) conditions.push(eq(owner, audience.ownerId));
  if (audience.teamId !== undefined) {
    conditions.push(
      inArray(
        owner,
        sql`(select ${crmTeamMembers.userId} from ${crmTeamMembers} where ${crmTeamMembers.teamId} = ${audience.teamId} and ${crmTeamMembers.orgId} = ${scope.orgId})`,
      ),
    );
  }
  return conditions;
}

const sumOf = (column: AnyPgColumn) => sql<string>`coalesce(sum(${column}), 0)::text`;

/**
 * The money reports: the deal funnel, won deals by month, contracts against payments received, and the currencies in
 * use. Every query starts from visibleRecords (the caller's data scope in SQL); amounts are summed per currency only.
 */
export class ReportRepository {
  constructor(private readonly db: Database) {}

  /** How many live deals and contracts in scope use each currency. */
  async currencyUse(scope: CrmScope, audience: Audience) {
    const deals = await this.db
      .select({ currency: crmDeals.currency, records: count() })
      .from(crmDeals)
      .where(and(visibleRecords(scope, dealColumns), isNull(crmDeals.deletedAt), ...audienceOf(scope, crmDeals.ownerUserId, audience)))
      .groupBy(crmDeals.currency);
    const contracts = await this.db
      .select({ currency: crmContracts.currency, records: count() })
      .from(crmContracts)
      .where(and(visibleRecords(scope, contractColumns), isNull(crmContracts.deletedAt), ...audienceOf(scope, crmContracts.ownerUserId, audience)))
      .groupBy(crmContracts.currency);
    return [...deals, ...contracts];
  }

  /** Per stage and currency: open deals in the stage now, won and lost deals closed in the period. */
  async funnel(scope: CrmScope, audience: Audience, period: Period) {
    const closedInPeriod = and(inArray(crmPipelineStages.kind, ['won', 'lost']), gte(crmDeals.closedAt, period.start), lt(crmDeals.closedAt, period.end));
    return this.db
      .select({ stageId: crmDeals.stageId, currency: crmDeals.currency, count: count(), amount: sumOf(crmDeals.amount) })
      .from(crmDeals)
      .innerJoin(crmPipelineStages, eq(crmPipelineStages.id, crmDeals.stageId))
      .where(
        and(
          visibleRecords(scope, dealColumns),
          isNull(crmDeals.deletedAt),
          or(eq(crmPipelineStages.kind, 'open'), closedInPeriod),
          ...audienceOf(scope, crmDeals.ownerUserId, audience),
        ),
      )
      .groupBy(crmDeals.stageId, crmDeals.currency);
  }

  /** Deals won in the period in one currency, per month of their closing (the index of `months`, from 1). */
  async wonByMonth(scope: CrmScope, audience: Audience, period: Period, currency: string, months: readonly Bucket[]) {
    return this.db
      .select({ month: bucketOf(crmDeals.closedAt, months), count: count(), amount: sumOf(crmDeals.amount) })
      .from(crmDeals)
      .innerJoin(crmPipelineStages, eq(crmPipelineStages.id, crmDeals.stageId))
      .where(
        and(
          visibleRecords(scope, dealColumns),
          isNull(crmDeals.deletedAt),
          eq(crmPipelineStages.kind, 'won'),
          eq(crmDeals.currency, currency),
          gte(crmDeals.closedAt, period.start),
          lt(crmDeals.closedAt, period.end),
          ...audienceOf(scope, crmDeals.ownerUserId, audience),
        ),
      )
      .groupBy(sql`1`)
      .orderBy(asc(sql`1`));
  }

  /** Contracts signed in the period (drafts are not signed yet) in one currency, per month of signing. */
  async contractsByMonth(scope: CrmScope, audience: Audience, period: Period, currency: string) {
    const month = sql<string>`to_char(${crmContracts.signedDate}, 'YYYY-MM')`;
    return this.db
      .select({ month, count: count(), amount: sumOf(crmContracts.amount) })
      .from(crmContracts)
      .where(
        and(
          visibleRecords(scope, contractColumns),
          isNull(crmContracts.deletedAt),
          ne(crmContracts.status, 'draft'),
          eq(crmContracts.currency, currency),
          gte(crmContracts.signedDate, period.from),
          lte(crmContracts.signedDate, period.to),
          ...audienceOf(scope, crmContracts.ownerUserId, audience),
        ),
      )
      .groupBy(sql`1`);
  }

  /** Payments received in the period on live contracts in scope of one currency, per month received. */
  async paymentsByMonth(scope: CrmScope, audience: Audience, period: Period, currency: string) {
    const month = sql<string>`to_char(${crmPayments.receivedDate}, 'YYYY-MM')`;
    return this.db
      .select({ month, amount: sumOf(crmPayments.amount) })
      .from(crmPayments)
      .innerJoin(crmContracts, eq(crmContracts.id, crmPayments.contractId))
      .where(
        and(
          visibleRecords(scope, contractColumns),
          isNull(crmContracts.deletedAt),
          isNull(crmPayments.deletedAt),
          eq(crmPayments.orgId, scope.orgId),
          eq(crmContracts.currency, currency),
          gte(crmPayments.receivedDate, period.from),
          lte(crmPayments.receivedDate, period.to),
          ...audienceOf(scope, crmContracts.ownerUserId, audience),
        ),
      )
      .groupBy(sql`1`);
  }
}
