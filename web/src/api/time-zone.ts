/**
 * The browser's IANA time zone. The server counts "today" (My day), the dates and times of an export and the days,
 * weeks and months of a report in it, so they match the calendar on the user's wall.
 */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
