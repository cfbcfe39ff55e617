import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { CursorPage, CustomerHistoryEntry, TrashedCustomer } from '../customers/customer-types';
import type { Lead, LeadConvertInput, LeadConverted, LeadCreateInput, LeadInput, LeadListFilters } from './lead-types';

export const LEAD_PAGE_SIZE = 50;

export const leadKeys = {
  all: ['leads'] as const,
  list: (filters: LeadListFilters) => ['leads', 'list', filters] as const,
  detail: (id: string) => ['leads', 'detail', id] as const,
  history: (id: string) => ['leads', 'history', id] as const,
  trash: ['leads', 'trash'] as const,
};

const leadPath = (id: string, suffix = '') => `/leads/${encodeURIComponent(id)}${suffix}`;

export const leadApi = {
  list: (filters: LeadListFilters, cursor: string | null, signal?: AbortSignal) =>
    api.get<CursorPage<Lead>>(
      '/leads',
      {
        q: filters.q.trim(),
        ownerId: filters.owner,
        status: filters.status,
        source: filters.source,
        cursor,
        limit: LEAD_PAGE_SIZE,
      },
      signal,
    ),
  get: (id: string) => api.get<Lead>(leadPath(id)),
  create: (input: LeadCreateInput) => api.post<Lead>('/leads', input),
  update: (id: string, version: number, input: LeadInput) => api.patch<Lead>(leadPath(id), { version, ...input }),
  remove: (id: string) => api.delete<{ id: string; deletedAt: string }>(leadPath(id)),
  restore: (id: string) => api.post<Lead>(leadPath(id, '/restore')),
  convert: (id: string, input: LeadConvertInput) => api.post<LeadConverted>(leadPath(id, '/convert'), input),
  transfer: (ids: string[], toUserId: string, note?: string) =>
    api.post<{ transferred: number }>('/leads/transfer', { ids, toUserId, ...(note ? { note } : {}) }),
  history: (id: string, cursor: string | null) =>
    api.get<CursorPage<CustomerHistoryEntry>>(leadPath(id, '/history'), { cursor }),
  trash: (cursor: string | null) => api.get<CursorPage<TrashedCustomer>>('/leads/trash', { cursor }),
};

export function useLeadList(filters: LeadListFilters) {
  return useInfiniteQuery({
    queryKey: leadKeys.list(filters),
    queryFn: ({ pageParam, signal }) => leadApi.list(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: (previous) => previous,
  });
}

export function useLead(id: string) {
  return useQuery({ queryKey: leadKeys.detail(id), queryFn: () => leadApi.get(id), retry: false });
}

export function useLeadHistory(id: string) {
  return useInfiniteQuery({
    queryKey: leadKeys.history(id),
    queryFn: ({ pageParam }) => leadApi.history(id, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
}

export function useLeadTrash() {
  return useInfiniteQuery({
    queryKey: leadKeys.trash,
    queryFn: ({ pageParam }) => leadApi.trash(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
}

export function refreshLeads(queryClient: QueryClient): Promise<unknown> {
  return queryClient.invalidateQueries({ queryKey: leadKeys.all });
}
