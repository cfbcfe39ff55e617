import { z } from 'zod';
import { isCalendarDate } from '../shared/fields.ts';
import { currencyField } from '../shared/money.ts';
import { timeZoneField } from '../../i18n/time-zone.ts';
import { stageKinds } from '../deals/pipeline.schema.ts';

/** The longest period a report covers: three years (a leap day included). */
export const MAX_PERIOD_DAYS = 1096;
export const DAY_MS = 86_400_000;

const dateField = z.string().trim().refine(isCalendarDate, { message: 'Expected a date (YYYY-MM-DD)' });

/** Who the figures are about: the records of one team's members or of one owner, inside the caller's data scope. */
const audienceFields = {
  teamId: z.uuid().optional(),
  ownerId: z.uuid().optional(),
};

/** Calendar days in the caller's time zone `tz` (the browser sends its own; default UTC). */
const periodFields = { from: dateField.optional(), to: dateField.optional(), tz: timeZoneField, ...audienceFields };

function daysBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS;
}

/** from ≤ to, and at most MAX_PERIOD_DAYS apart (checked when both are given; a default fills the other). */
function checkPeriod(query: { from?: string | undefined; to?: string | undefined }, context: z.RefinementCtx) {
  if (query.from === undefined || query.to === undefined) return;
  const days = daysBetween(query.from, query.to);
  if (days < 0) context.addIssue({ code: 'custom', path: ['from'], message: 'from must not be after to' });
  else if (days >= MAX_PERIOD_DAYS) context.addIssue({ code: 'custom', path: ['to'], message: `The period spans at most ${MAX_PERIOD_DAYS} days` });
}

export const periodQuery = z.strictObject(periodFields).superRefine(checkPeriod);
export type PeriodQuery = z.infer<typeof periodQuery>;

/** Reports that add up money: one currency at a time (default: the one most used in the caller's scope). */
export const moneyPeriodQuery = z.strictObject({ ...periodFields, currency: currencyField.optional() }).superRefine(checkPeriod);
export type MoneyPeriodQuery = z.infer<typeof moneyPeriodQuery>;

export const staleQuery = z.strictObject({
  ...audienceFields,
  days: z.coerce.number().int().min(1).max(365).default(30),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type StaleQuery = z.infer<typeof staleQuery>;

export const audienceQuery = z.strictObject(audienceFields);
export type AudienceQuery = z.infer<typeof audienceQuery>;

const period = { from: z.string(), to: z.string() };
const moneyTotal = z.object({ currency: z.string(), amount: z.string() });

export const currenciesSchema = z.object({
  /** Currencies of the deals and contracts in scope, the most used first. */
  currencies: z.array(z.object({ currency: z.string(), records: z.number() })),
  /** What the money reports use when no currency is asked for. */
  defaultCurrency: z.string(),
});

export const funnelSchema = z.object({
  ...period,
  stages: z.array(
    z.object({
      id: z.string(),
      key: z.string().nullable(),
      name: z.string().nullable(),
      kind: z.enum(stageKinds),
      position: z.number(),
      /** Open stages: deals in the stage now. Won and lost stages: deals closed in the period. */
      count: z.number(),
      /** The same deals' amounts, one sum per currency. */
      totals: z.array(moneyTotal),
    }),
  ),
});

export const wonByMonthSchema = z.object({
  ...period,
  currency: z.string(),
  months: z.array(z.object({ month: z.string(), count: z.number(), amount: z.string() })),
  total: z.object({ count: z.number(), amount: z.string() }),
});

export const followUpsByWeekSchema = z.object({
  ...period,
  /** Mondays of the ISO weeks in the period ("2026-11-30") with their ISO names ("2026-W49"). */
  weeks: z.array(z.object({ start: z.string(), isoWeek: z.string() })),
  /** One row per author (null: a member since removed), counts aligned with `weeks`; the most active first. */
  people: z.array(z.object({ userId: z.string().nullable(), name: z.string().nullable(), counts: z.array(z.number()), total: z.number() })),
  total: z.number(),
});

export const newCustomersSchema = z.object({
  ...period,
  /** Sources by count; customers without a source are "unknown". */
  sources: z.array(z.object({ source: z.string(), count: z.number() })),
  total: z.number(),
});

export const contractsVsPaymentsSchema = z.object({
  ...period,
  currency: z.string(),
  months: z.array(z.object({ month: z.string(), contracts: z.number(), contracted: z.string(), received: z.string() })),
  total: z.object({ contracts: z.number(), contracted: z.string(), received: z.string() }),
});

export const staleCustomersSchema = z.object({
  days: z.number(),
  /** Every customer in scope without a follow-up for `days` days (never followed up: counted from its creation). */
  total: z.number(),
  /** The first `limit` of them, the longest without a follow-up first. */
  items: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      status: z.string(),
      ownerId: z.string().nullable(),
      ownerName: z.string().nullable(),
      lastFollowUpAt: z.date().nullable(),
      createdAt: z.date(),
      /** Whole days since the last follow-up (or the creation). */
      idleDays: z.number(),
    }),
  ),
});
