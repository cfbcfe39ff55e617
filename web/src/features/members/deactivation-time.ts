import dayjs, { type Dayjs } from 'dayjs';

/** The hour a working day ends: a scheduled deactivation defaults to it. */
const END_OF_WORKING_DAY = 18;

/** End of the working day in the admin's time zone: today 18:00, or tomorrow's when that has passed. */
export function defaultDeactivationTime(now: Dayjs = dayjs()): Dayjs {
  const today = now.hour(END_OF_WORKING_DAY).minute(0).second(0).millisecond(0);
  return today.isAfter(now) ? today : today.add(1, 'day');
}
