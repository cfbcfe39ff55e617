import { describe, expect, it } from 'vitest';
import { calendarDay, dayBounds, dayStart, isTimeZone } from './time-zone.ts';

describe('the caller\'s day', () => {
  it('knows IANA time zones and nothing else', () => {
    for (const zone of ['UTC', 'Asia/Shanghai', 'America/New_York', 'Europe/Berlin', 'America/Argentina/Buenos_Aires', 'Etc/GMT+8']) expect(isTimeZone(zone), zone).toBe(true);
    for (const zone of ['', 'Mars/Olympus', 'Asia/Shanghai; drop table', '../etc/passwd', 'x'.repeat(65), '+08:00']) expect(isTimeZone(zone), zone).toBe(false);
  });

  it('finds where today starts and ends in the zone, whatever the server\'s own zone', () => {
    const now = new Date('2025-03-04T17:30:00Z');
    expect(dayBounds(now, 'UTC')).toEqual({ start: new Date('2025-03-04T00:00:00Z'), end: new Date('2025-03-05T00:00:00Z') });
    // 01:30 on the 5th in Shanghai (UTC+8).
    expect(dayBounds(now, 'Asia/Shanghai')).toEqual({ start: new Date('2025-03-04T16:00:00Z'), end: new Date('2025-03-05T16:00:00Z') });
    // 06:30 on the 4th in Honolulu (UTC−10).
    expect(dayBounds(now, 'Pacific/Honolulu')).toEqual({ start: new Date('2025-03-04T10:00:00Z'), end: new Date('2025-03-05T10:00:00Z') });
    // Month and year ends roll over.
    expect(dayBounds(new Date('2025-12-31T20:00:00Z'), 'Asia/Tokyo').end).toEqual(new Date('2026-01-01T15:00:00Z'));
  });

  it('gets days with a clock change right (23 and 25 hours long)', () => {
    const spring = dayBounds(new Date('2025-03-09T15:00:00Z'), 'America/New_York');
    expect(spring).toEqual({ start: new Date('2025-03-09T05:00:00Z'), end: new Date('2025-03-10T04:00:00Z') });
    const autumn = dayBounds(new Date('2025-10-26T12:00:00Z'), 'Europe/Berlin');
    expect(autumn).toEqual({ start: new Date('2025-10-25T22:00:00Z'), end: new Date('2025-10-26T23:00:00Z') });
  });

  it('names the calendar day of an instant and finds where a named day starts', () => {
    expect(calendarDay(new Date('2025-03-04T17:30:00Z'), 'Asia/Shanghai')).toBe('2025-03-05');
    expect(calendarDay(new Date('2025-03-04T17:30:00Z'), 'America/Los_Angeles')).toBe('2025-03-04');
    expect(dayStart('2025-03-05', 'Asia/Shanghai')).toEqual(new Date('2025-03-04T16:00:00Z'));
    expect(dayStart('2025-03-09', 'America/New_York')).toEqual(new Date('2025-03-09T05:00:00Z'));
    expect(dayStart('2025-03-10', 'America/New_York')).toEqual(new Date('2025-03-10T04:00:00Z'));
  });
});
