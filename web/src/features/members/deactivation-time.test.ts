import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { defaultDeactivationTime } from './deactivation-time';

describe('default deactivation time', () => {
  it('is today at 18:00 during the working day', () => {
    const now = dayjs(new Date(2025, 2, 4, 9, 30));
    expect(defaultDeactivationTime(now).toDate()).toEqual(new Date(2025, 2, 4, 18, 0));
  });

  it('is tomorrow at 18:00 once the working day has ended', () => {
    expect(defaultDeactivationTime(dayjs(new Date(2025, 2, 4, 18, 0))).toDate()).toEqual(new Date(2025, 2, 5, 18, 0));
    expect(defaultDeactivationTime(dayjs(new Date(2025, 2, 31, 23, 59))).toDate()).toEqual(new Date(2025, 3, 1, 18, 0));
  });
});
