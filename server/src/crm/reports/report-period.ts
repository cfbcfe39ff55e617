import { commonErrors, raise } from '../../http/app-error.ts';
import { DAY_MS, MAX_PERIOD_DAYS } from './report.schema.ts';
import type { Period } from './report.repository.ts';

/**
 * Periods and buckets of the reports, in UTC: organisations have no time zone setting yet, so a day, a week (ISO,
 * from Monday) and a month start at midnight UTC both here and in the SQL that groups the rows.
 */

const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);
const timeOf = (day: string) => Date.parse(`${day}T00:00:00Z`);

export function addDays(day: string, days: number): string {
  return isoDay(timeOf(day) + days * DAY_MS);
}

/** The first day of the month `months` months before `day`'s month. */
function monthStartBefore(day: string, months: number): string {
  const date = new Date(timeOf(day));
  return isoDay(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - months, 1));
}

export type PeriodDefault = { months: number } | { days: number };

/**
 * The period asked for, with defaults: `to` today, `from` the start of the last `months` months (this one included)
 * or `days` days back. A period the defaults turn around or stretch too far answers 400 like a bad query.
 */
export function resolvePeriod(query: { from?: string | undefined; to?: string | undefined }, fallback: PeriodDefault, now: Date): Period {
  const to = query.to ?? isoDay(now.getTime());
  const from = query.from ?? ('months' in fallback ? monthStartBefore(to, fallback.months - 1) : addDays(to, 1 - fallback.days));
  const span = (timeOf(to) - timeOf(from)) / DAY_MS;
  if (span < 0 || span >= MAX_PERIOD_DAYS) raise(commonErrors.VALIDATION_FAILED);
  return { from, to, start: new Date(timeOf(from)), end: new Date(timeOf(to) + DAY_MS) };
}

/** "YYYY-MM" of every month the period touches, in order. */
export function monthsOf(period: Period): string[] {
  const months: string[] = [];
  const first = new Date(period.start);
  for (let index = 0; ; index += 1) {
    const month = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + index, 1));
    if (month.getTime() >= period.end.getTime()) return months;
    months.push(month.toISOString().slice(0, 7));
  }
}

/** The ISO week name of a Monday: the week belongs to the year of its Thursday ("2026-W01" may start in December). */
export function isoWeekOf(monday: string): string {
  const thursday = new Date(timeOf(monday) + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY_MS / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Mondays of every ISO week the period touches, in order. */
export function weeksOf(period: Period): string[] {
  const start = new Date(period.start);
  const back = (start.getUTCDay() + 6) % 7;
  const weeks: string[] = [];
  for (let time = start.getTime() - back * DAY_MS; time < period.end.getTime(); time += 7 * DAY_MS) weeks.push(isoDay(time));
  return weeks;
}
