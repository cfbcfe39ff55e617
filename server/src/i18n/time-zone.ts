import { z } from 'zod';

/**
 * The caller's calendar: "today" in My day, the dates and times of an export, the days, weeks and months of the CRM's
 * reports and of the recovery report are the caller's, whose browser names its IANA time zone. The server computes
 * bounds and clock readings itself from the runtime's time zone data (ICU), so PGlite and PostgreSQL servers without
 * tzdata agree.
 */

const TIME_ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/;

/** An IANA name such as "Asia/Shanghai" or "UTC" that the runtime knows. */
export function isTimeZone(zone: string): boolean {
  if (!TIME_ZONE_NAME.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The caller's IANA time zone (the browser sends its own); UTC when none is given. */
export const timeZoneField = z.string().max(64).refine(isTimeZone, { message: 'Unknown time zone' }).default('UTC');

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/**
 * One formatter per zone: building an Intl.DateTimeFormat costs about ten times as much as using one, and an export
 * reads the clock of every timestamp cell. Zones are validated IANA names; as the runtime accepts them in any letter case,
 * the map is also capped.
 */
const MAX_CACHED_ZONES = 1000;
const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

function wallClockFormat(zone: string): Intl.DateTimeFormat {
  let format = wallClockFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    if (wallClockFormats.size >= MAX_CACHED_ZONES) wallClockFormats.clear();
    wallClockFormats.set(zone, format);
  }
  return format;
}

function wallTime(instant: Date, zone: string): WallTime {
  const parts = wallClockFormat(zone).formatToParts(instant);
  const value = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  return { year: value('year'), month: value('month'), day: value('day'), hour: value('hour'), minute: value('minute'), second: value('second') };
}

/**
 * What the zone's clocks read at `instant`, as a Date whose UTC fields hold that reading (to the second): for text and
 * spreadsheet cells, which carry no time zone.
 */
export function wallClock(instant: Date, zone: string): Date {
  const wall = wallTime(instant, zone);
  return new Date(Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second));
}

/** How far the zone's clocks are ahead of UTC at `instant`, in milliseconds. */
function offsetAt(instant: number, zone: string): number {
  const wall = wallTime(new Date(instant), zone);
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) - Math.floor(instant / 1000) * 1000;
}

/** The instant the given calendar day starts in `zone` (a day that starts with a DST jump starts when clocks resume). */
function startOfDay(year: number, month: number, day: number, zone: string): Date {
  const naive = Date.UTC(year, month - 1, day);
  const first = naive - offsetAt(naive, zone);
  // A second pass settles days on which the offset changes between the guess and the real start.
  return new Date(naive - offsetAt(first, zone));
}

/** Where today starts and where tomorrow starts, in `zone`, at `now`. */
export function dayBounds(now: Date, zone: string): { start: Date; end: Date } {
  const wall = wallTime(now, zone);
  return { start: startOfDay(wall.year, wall.month, wall.day, zone), end: startOfDay(wall.year, wall.month, wall.day + 1, zone) };
}

/** The calendar day ("YYYY-MM-DD") the zone's clocks show at `instant`. */
export function calendarDay(instant: Date, zone: string): string {
  const wall = wallTime(instant, zone);
  return `${String(wall.year).padStart(4, '0')}-${String(wall.month).padStart(2, '0')}-${String(wall.day).padStart(2, '0')}`;
}

/** The calendar day `days` days after `day` (both "YYYY-MM-DD"; negative goes back): arithmetic on dates, no zone. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The instant a calendar day ("YYYY-MM-DD", already validated) starts in `zone`. */
export function dayStart(day: string, zone: string): Date {
  const [year, month, date] = day.split('-').map(Number);
  return startOfDay(year ?? 1970, month ?? 1, date ?? 1, zone);
}
