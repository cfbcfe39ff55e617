import { describe, expect, it } from 'vitest';
import { monthsOf, resolvePeriod, weeksOf } from './report-period.ts';

describe('report periods', () => {
  it('gives report periods and their month and week buckets local midnights', () => {
    const period = resolvePeriod({ from: '2025-02-15', to: '2025-04-02', tz: 'America/New_York' }, { months: 12 }, new Date());
    expect(period).toMatchObject({ start: new Date('2025-02-15T05:00:00Z'), end: new Date('2025-04-03T04:00:00Z') });
    expect(monthsOf(period)).toEqual([
      { label: '2025-02', start: new Date('2025-02-01T05:00:00Z') },
      { label: '2025-03', start: new Date('2025-03-01T05:00:00Z') },
      { label: '2025-04', start: new Date('2025-04-01T04:00:00Z') },
    ]);
    const weeks = weeksOf(resolvePeriod({ from: '2025-03-05', to: '2025-03-10', tz: 'Asia/Shanghai' }, { days: 90 }, new Date()));
    expect(weeks).toEqual([
      { label: '2025-03-03', start: new Date('2025-03-02T16:00:00Z') },
      { label: '2025-03-10', start: new Date('2025-03-09T16:00:00Z') },
    ]);
    // Defaults: the last twelve months, this one included, up to today in the zone (already 1 January 2026 in Shanghai).
    expect(resolvePeriod({ tz: 'Asia/Shanghai' }, { months: 12 }, new Date('2025-12-31T18:00:00Z'))).toMatchObject({ from: '2025-02-01', to: '2026-01-01' });
  });
});
