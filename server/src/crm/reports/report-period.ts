import { commonErrors, raise } from '../../http/app-error.ts';
import { addDays, calendarDay, dayStart } from '../../i18n/time-zone.ts';
import { DAY_MS, MAX_PERIOD_DAYS } from './report.schema.ts';

/**
 * Periods and buckets of the reports, in the caller's time zone: a period is a run of calendar days, and a day, a
 * week (ISO, from Monday) and a month start at local midnight. The server turns them into instants (the bounds every
 * query filters on, and the bucket starts SQL counts rows into), so the database needs no time zone data.
 */

/** A report's period: calendar days `from`..`to` (inclusive) in `zone`, and the instants they span. */
export interface Period {
  from: string;
  to: string;
  zone: string;
  start: Date;
  end: Date;
}

/** A bucket of a report: its label ("2026-03", or the Monday "2026-03-30") and the instant it starts. */
export interface Bucket {
  label: string;
  start: Date;
}

// Calendar arithmetic on "YYYY-MM-DD" strings; UTC dates here are only a way to count days, not instants.
const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);
const timeOf = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** The first day of the month `months` months before `day`'s month. */
function monthStartBefore(day: string, months: number): string {
  const date = new Date(timeOf(day));
  return isoDay(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - months, 1));
}

export type PeriodDefault = { months: number } | { days: number };

/**
 * The period asked for, with defaults: `to` today in the caller's zone, `from` the start of the last `months` months
 * (this one included) or `days` days back. A period the defaults turn around or stretch too far answers 400 like a
 * bad query.
 */
export function resolvePeriod(query: { from?: string | undefined; to?: string | undefined; tz: string }, fallback: PeriodDefault, now: Date): Period {
  const to = query.to ?? calendarDay(now, query.tz);
  const from = query.from ?? ('months' in fallback ? monthStartBefore(to, fallback.months - 1) : addDays(to, 1 - fallback.days));
  const span = (timeOf(to) - timeOf(from)) / DAY_MS;
  if (span < 0 || span >= MAX_PERIOD_DAYS) raise(commonErrors.VALIDATION_FAILED);
  return { from, to, zone: query.tz, start: dayStart(from, query.tz), end: dayStart(addDays(to, 1), query.tz) };
}

/** Every month the period touches, in order ("YYYY-MM", starting at local midnight of its first day). */
export function monthsOf(period: Period): Bucket[] {
  const months: Bucket[] = [];
  for (let first = `${period.from.slice(0, 7)}-01`; first <= period.to; first = monthStartBefore(first, -1)) {
    months.push({ label: first.slice(0, 7), start: dayStart(first, period.zone) });
  }
  return months;
}

/** The ISO week name of a Monday: the week belongs to the year of its Thursday ("2026-W01" may start in December). */
export function isoWeekOf(monday: string): string {
  const thursday = new Date(timeOf(monday) + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY_MS / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Every ISO week the period touches, in order (labelled by its Monday, starting at local midnight of it). */
export function weeksOf(period: Period): Bucket[] {
  const back = (new Date(timeOf(period.from)).getUTCDay() + 6) % 7;
  const weeks: Bucket[] = [];
  for (let monday = addDays(period.from, -back); monday <= period.to; monday = addDays(monday, 7)) {
    weeks.push({ label: monday, start: dayStart(monday, period.zone) });
  }
  return weeks;
}
