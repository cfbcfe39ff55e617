import type { CrmCaller } from '../access/access.service.ts';
import type { CrmDependencies } from '../crm.dependencies.ts';
import type { PipelineService } from '../deals/pipeline.service.ts';
import type { StageKind } from '../deals/pipeline.schema.ts';
import { fromCents, toCents } from '../shared/money.ts';
import { ActivityReportRepository } from './activity-report.repository.ts';
import { isoWeekOf, monthsOf, resolvePeriod, weeksOf } from './report-period.ts';
import { ReportRepository, type Audience } from './report.repository.ts';
import { DAY_MS, type MoneyPeriodQuery, type PeriodQuery, type StaleQuery } from './report.schema.ts';

/** The currency of the money reports when the organisation has no deal or contract yet. */
const FALLBACK_CURRENCY = 'CNY';

function audienceOf(query: { teamId?: string | undefined; ownerId?: string | undefined }): Audience {
  return { teamId: query.teamId?.toLowerCase(), ownerId: query.ownerId?.toLowerCase() };
}

/** A sum as numeric(18,2) writes it ("1500.00"); sums of many rows may exceed 18 digits, BigInt cents do not mind. */
const money = (amount: string | undefined) => fromCents(toCents(amount ?? '0'));

/**
 * The Reports section (reports.read). Everything is computed in SQL inside the caller's data scope; this service
 * resolves the period, fills the buckets nobody had rows in with zeros and never adds two currencies together.
 */
export class ReportService {
  private readonly money: ReportRepository;
  private readonly activity: ActivityReportRepository;

  constructor(
    deps: CrmDependencies,
    private readonly pipeline: PipelineService,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.money = new ReportRepository(deps.identity.db);
    this.activity = new ActivityReportRepository(deps.identity.db);
  }

  async currencies(caller: CrmCaller) {
    const totals = new Map<string, number>();
    for (const row of await this.money.currencyUse(caller.scope, {})) totals.set(row.currency, (totals.get(row.currency) ?? 0) + row.records);
    const currencies = [...totals].map(([currency, records]) => ({ currency, records })).sort((a, b) => b.records - a.records || a.currency.localeCompare(b.currency));
    return { currencies, defaultCurrency: currencies[0]?.currency ?? FALLBACK_CURRENCY };
  }

  private async currencyFor(caller: CrmCaller, asked: string | undefined): Promise<string> {
    return asked ?? (await this.currencies(caller)).defaultCurrency;
  }

  /** Live stages in board order; open ones count the deals in them now, won and lost ones those closed in the period. */
  async funnel(caller: CrmCaller, query: PeriodQuery) {
    const period = resolvePeriod(query, { days: 90 }, this.now());
    const stages = await this.pipeline.stages(caller.scope.orgId);
    const rows = await this.money.funnel(caller.scope, audienceOf(query), period);
    return {
      from: period.from,
      to: period.to,
      stages: stages.map((stage) => {
        const own = rows.filter((row) => row.stageId === stage.id).sort((a, b) => a.currency.localeCompare(b.currency));
        return {
          id: stage.id,
          key: stage.key,
          name: stage.name,
          kind: stage.kind as StageKind,
          position: stage.position,
          count: own.reduce((total, row) => total + row.count, 0),
          totals: own.map((row) => ({ currency: row.currency, amount: money(row.amount) })),
        };
      }),
    };
  }

  async wonByMonth(caller: CrmCaller, query: MoneyPeriodQuery) {
    const period = resolvePeriod(query, { months: 12 }, this.now());
    const currency = await this.currencyFor(caller, query.currency);
    const buckets = monthsOf(period);
    const rows = new Map((await this.money.wonByMonth(caller.scope, audienceOf(query), period, currency, buckets)).map((row) => [row.month, row]));
    const months = buckets.map(({ label }, index) => ({ month: label, count: rows.get(index + 1)?.count ?? 0, amount: money(rows.get(index + 1)?.amount) }));
    const cents = months.reduce((total, month) => total + toCents(month.amount), 0n);
    return { from: period.from, to: period.to, currency, months, total: { count: months.reduce((total, month) => total + month.count, 0), amount: fromCents(cents) } };
  }

  async followUpsByWeek(caller: CrmCaller, query: PeriodQuery) {
    const period = resolvePeriod(query, { days: 90 }, this.now());
    const weeks = weeksOf(period);
    const people = new Map<string | null, { userId: string | null; name: string | null; counts: number[]; total: number }>();
    for (const row of await this.activity.followUpsByWeek(caller.scope, audienceOf(query), period, weeks)) {
      const person = people.get(row.userId) ?? { userId: row.userId, name: row.name, counts: weeks.map(() => 0), total: 0 };
      const index = row.week - 1;
      if (index >= 0 && index < weeks.length) person.counts[index] = (person.counts[index] ?? 0) + row.count;
      person.total += row.count;
      people.set(row.userId, person);
    }
    const rows = [...people.values()].sort((a, b) => b.total - a.total || (a.name ?? '').localeCompare(b.name ?? ''));
    return {
      from: period.from,
      to: period.to,
      weeks: weeks.map(({ label }) => ({ start: label, isoWeek: isoWeekOf(label) })),
      people: rows,
      total: rows.reduce((total, row) => total + row.total, 0),
    };
  }

  async newCustomersBySource(caller: CrmCaller, query: PeriodQuery) {
    const period = resolvePeriod(query, { months: 12 }, this.now());
    const sources = await this.activity.newCustomersBySource(caller.scope, audienceOf(query), period);
    return { from: period.from, to: period.to, sources, total: sources.reduce((total, row) => total + row.count, 0) };
  }

  async contractsVsPayments(caller: CrmCaller, query: MoneyPeriodQuery) {
    const period = resolvePeriod(query, { months: 12 }, this.now());
    const currency = await this.currencyFor(caller, query.currency);
    const audience = audienceOf(query);
    const contracts = new Map((await this.money.contractsByMonth(caller.scope, audience, period, currency)).map((row) => [row.month, row]));
    const payments = new Map((await this.money.paymentsByMonth(caller.scope, audience, period, currency)).map((row) => [row.month, row]));
    const months = monthsOf(period).map(({ label: month }) => ({
      month,
      contracts: contracts.get(month)?.count ?? 0,
      contracted: money(contracts.get(month)?.amount),
      received: money(payments.get(month)?.amount),
    }));
    const sum = (pick: (month: (typeof months)[number]) => string) => fromCents(months.reduce((total, month) => total + toCents(pick(month)), 0n));
    return {
      from: period.from,
      to: period.to,
      currency,
      months,
      total: { contracts: months.reduce((total, month) => total + month.contracts, 0), contracted: sum((month) => month.contracted), received: sum((month) => month.received) },
    };
  }

  async staleCustomers(caller: CrmCaller, query: StaleQuery) {
    const now = this.now();
    const before = new Date(now.getTime() - query.days * DAY_MS);
    const audience = audienceOf(query);
    const [total, rows] = await Promise.all([this.activity.staleCount(caller.scope, audience, before), this.activity.staleCustomers(caller.scope, audience, before, query.limit)]);
    return {
      days: query.days,
      total,
      items: rows.map((row) => ({ ...row, idleDays: Math.floor((now.getTime() - (row.lastFollowUpAt ?? row.createdAt).getTime()) / DAY_MS) })),
    };
  }
}
