import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { checkedFirst, requireReportsRead, resolveCaller, type AccessService } from '../access/access.service.ts';
import {
  contractsVsPaymentsSchema,
  currenciesSchema,
  followUpsByWeekSchema,
  funnelSchema,
  moneyPeriodQuery,
  newCustomersSchema,
  periodQuery,
  staleCustomersSchema,
  staleQuery,
  wonByMonthSchema,
} from './report.schema.ts';
import type { ReportService } from './report.service.ts';

/**
 * The Reports section: read-only figures in the caller's data scope (reports.read). Periods are calendar days in
 * the caller's time zone `tz` (from/to inclusive, at most three years; UTC without `tz`); teamId/ownerId narrow the
 * scope, never widen it.
 */
export function registerReportRoutes(parent: FastifyInstance, access: AccessService, reports: ReportService): void {
  const app = parent.withTypeProvider<ZodTypeProvider>();
  const tags = ['reports'];
  const read = checkedFirst(requireReportsRead);
  const caller = (request: FastifyRequest) => resolveCaller(access, request, requireReportsRead(request));

  app.get(
    '/api/reports/currencies',
    { ...read, schema: { tags, summary: 'Currencies of the deals and contracts in your scope, the most used first', querystring: z.strictObject({}), response: { 200: currenciesSchema } } },
    async (request) => reports.currencies(await caller(request)),
  );

  app.get(
    '/api/reports/funnel',
    { ...read, schema: { tags, summary: 'Sales funnel: open deals per stage now, deals won and lost in the period (default: 90 days)', querystring: periodQuery, response: { 200: funnelSchema } } },
    async (request) => reports.funnel(await caller(request), request.query),
  );

  app.get(
    '/api/reports/won-by-month',
    { ...read, schema: { tags, summary: 'Deals won per month in one currency (default: the last 12 months)', querystring: moneyPeriodQuery, response: { 200: wonByMonthSchema } } },
    async (request) => reports.wonByMonth(await caller(request), request.query),
  );

  app.get(
    '/api/reports/follow-ups-by-week',
    { ...read, schema: { tags, summary: 'Follow-ups per author and ISO week (default: 90 days)', querystring: periodQuery, response: { 200: followUpsByWeekSchema } } },
    async (request) => reports.followUpsByWeek(await caller(request), request.query),
  );

  app.get(
    '/api/reports/new-customers',
    { ...read, schema: { tags, summary: 'Customers created in the period by source (default: the last 12 months)', querystring: periodQuery, response: { 200: newCustomersSchema } } },
    async (request) => reports.newCustomersBySource(await caller(request), request.query),
  );

  app.get(
    '/api/reports/contracts-vs-payments',
    { ...read, schema: { tags, summary: 'Contracts signed and payments received per month in one currency (default: the last 12 months)', querystring: moneyPeriodQuery, response: { 200: contractsVsPaymentsSchema } } },
    async (request) => reports.contractsVsPayments(await caller(request), request.query),
  );

  app.get(
    '/api/reports/stale-customers',
    { ...checkedFirst(requireReportsRead, { readQuota: 'rows' }), schema: { tags, summary: 'Customers without a follow-up for `days` days (never followed up: since created), the longest first', querystring: staleQuery, response: { 200: staleCustomersSchema } } },
    async (request) => reports.staleCustomers(await caller(request), request.query),
  );
}
