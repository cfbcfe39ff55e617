import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/**
 * Which of the buckets (days, weeks, months: their start instants, in order) a timestamp falls in: 1 for the first, 0
 * before it. The starts are the caller's local midnights, computed by the server (i18n/time-zone.ts) and sent as one
 * array parameter, so neither PGlite nor a PostgreSQL server needs time zone data.
 */
export function bucketOf(column: AnyPgColumn, buckets: readonly { start: Date }[]): SQL<number> {
  const starts = `{${buckets.map((bucket) => bucket.start.toISOString()).join(',')}}`;
  return sql<number>`width_bucket(${column}, ${starts}::timestamptz[])`.mapWith(Number);
}
