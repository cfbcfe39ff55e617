import type { TFunction } from 'i18next';
import dayjs from 'dayjs';
import type { Task } from './task-api';

export type TaskUrgency = 'done' | 'overdue' | 'today' | 'later' | 'undated';

/** Where a task stands against the user's clock: overdue is past its due time, today is before midnight. */
export function urgencyOf(task: Pick<Task, 'status' | 'dueAt'>, now = dayjs()): TaskUrgency {
  if (task.status === 'done') {
    return 'done';
  }
  if (task.dueAt === null) {
    return 'undated';
  }
  const due = dayjs(task.dueAt);
  if (due.isBefore(now)) {
    return 'overdue';
  }
  return due.isSame(now, 'day') ? 'today' : 'later';
}

/** "Today 14:00", "Tomorrow 09:00", "Yesterday 17:30", else the date: how people talk about due times. */
export function formatDue(t: TFunction, dueAt: string, now = dayjs()): string {
  const due = dayjs(dueAt);
  const time = due.format('HH:mm');
  if (due.isSame(now, 'day')) {
    return t('tasks.due.today', { time });
  }
  if (due.isSame(now.add(1, 'day'), 'day')) {
    return t('tasks.due.tomorrow', { time });
  }
  if (due.isSame(now.subtract(1, 'day'), 'day')) {
    return t('tasks.due.yesterday', { time });
  }
  return due.format(due.isSame(now, 'year') ? 'MM-DD HH:mm' : 'YYYY-MM-DD HH:mm');
}
