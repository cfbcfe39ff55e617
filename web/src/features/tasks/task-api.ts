import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { api } from '../../api/client';
import { browserTimeZone } from '../../api/time-zone';
import type { CursorPage } from '../customers/customer-types';

/** Tasks as the API serves them (server/src/crm/tasks/). */

export const TASK_VIEWS = ['my_day', 'open', 'done', 'all'] as const;
export type TaskView = (typeof TASK_VIEWS)[number];

export interface Task {
  id: string;
  title: string;
  notes: string | null;
  dueAt: string | null;
  status: 'open' | 'done';
  assigneeId: string;
  assigneeName: string | null;
  customerId: string | null;
  customerName: string | null;
  dealId: string | null;
  dealName: string | null;
  followUpId: string | null;
  completedAt: string | null;
  completedByName: string | null;
  createdByName: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  canEdit: boolean;
}

export interface TaskInput {
  title: string;
  notes?: string | null;
  dueAt?: string | null;
  assigneeId?: string;
  customerId?: string | null;
}

export interface TaskFilters {
  view: TaskView;
  /** '' everyone the user may see, else a member's id (not for my_day: that is always the user's own). */
  assigneeId: string;
  customerId: string;
}

export interface TaskCounts {
  overdue: number;
  today: number;
  undated: number;
}

export const TASK_PAGE_SIZE = 50;

export const taskKeys = {
  all: ['tasks'] as const,
  lists: ['tasks', 'list'] as const,
  list: (filters: TaskFilters) => ['tasks', 'list', filters] as const,
  counts: ['tasks', 'counts'] as const,
};

const taskPath = (id: string, suffix = '') => `/tasks/${encodeURIComponent(id)}${suffix}`;

export const taskApi = {
  list: (filters: TaskFilters, cursor: string | null, signal?: AbortSignal) =>
    api.get<CursorPage<Task>>(
      '/tasks',
      {
        view: filters.view,
        assigneeId: filters.view === 'my_day' ? '' : filters.assigneeId,
        customerId: filters.customerId,
        tz: browserTimeZone(),
        cursor,
        limit: TASK_PAGE_SIZE,
      },
      signal,
    ),
  counts: () => api.get<TaskCounts>('/tasks/counts', { tz: browserTimeZone() }),
  create: (input: TaskInput) => api.post<Task>('/tasks', input),
  update: (id: string, version: number, input: Partial<TaskInput>) =>
    api.patch<Task>(taskPath(id), { version, ...input }),
  complete: (id: string) => api.post<Task>(taskPath(id, '/complete')),
  reopen: (id: string) => api.post<Task>(taskPath(id, '/reopen')),
  remove: (id: string) => api.delete<{ id: string; deletedAt: string }>(taskPath(id)),
  restore: (id: string) => api.post<Task>(taskPath(id, '/restore')),
};

export function useTaskList(filters: TaskFilters, enabled = true) {
  return useInfiniteQuery({
    queryKey: taskKeys.list(filters),
    queryFn: ({ pageParam, signal }) => taskApi.list(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: (previous) => previous,
    enabled,
  });
}

/** The navigation badge: the user's overdue and today's tasks, checked again every few minutes. */
export function useTaskCounts(enabled: boolean) {
  return useQuery({
    queryKey: taskKeys.counts,
    queryFn: taskApi.counts,
    enabled,
    refetchInterval: 5 * 60_000,
    staleTime: 30_000,
  });
}

/** A task change shows in task lists, the badge, and the timeline of the customer it is about. */
export function refreshTasks(queryClient: QueryClient): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: taskKeys.all }),
    queryClient.invalidateQueries({ queryKey: ['customers', 'history'] }),
  ]);
}

type TaskPages = InfiniteData<CursorPage<Task>, string | null>;

/**
 * Tick a task done (or open again) at once: every list showing it changes before the server answers, and goes back
 * with a message if the server refuses. Completing is idempotent on the server, so a double click is harmless.
 */
export function useToggleTask() {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  return useMutation({
    mutationFn: (task: Task) => (task.status === 'open' ? taskApi.complete(task.id) : taskApi.reopen(task.id)),
    onMutate: async (task) => {
      await queryClient.cancelQueries({ queryKey: taskKeys.lists });
      const previous = queryClient.getQueriesData<TaskPages>({ queryKey: taskKeys.lists });
      const status = task.status === 'open' ? 'done' : 'open';
      queryClient.setQueriesData<TaskPages>({ queryKey: taskKeys.lists }, (data) =>
        data
          ? {
              ...data,
              pages: data.pages.map((page) => ({
                ...page,
                items: page.items.map((item) =>
                  item.id === task.id
                    ? { ...item, status, completedAt: status === 'done' ? new Date().toISOString() : null }
                    : item,
                ),
              })),
            }
          : data,
      );
      return { previous };
    },
    onError: (error, _task, context) => {
      for (const [key, data] of context?.previous ?? []) {
        queryClient.setQueryData(key, data);
      }
      void message.error(error instanceof Error ? error.message : String(error));
    },
    onSettled: () => void refreshTasks(queryClient),
  });
}
