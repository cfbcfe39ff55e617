import { useInfiniteQuery } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type {
  CursorPage,
  Customer,
  CustomerCreateInput,
  CustomerHistoryEntry,
  CustomerInput,
  CustomerListFilters,
  DuplicateCustomer,
  TrashedCustomer,
} from './customer-types';

export const CUSTOMER_PAGE_SIZE = 50;

export const customerKeys = {
  all: ['customers'] as const,
  list: (filters: CustomerListFilters) => ['customers', 'list', filters] as const,
  detail: (id: string) => ['customers', 'detail', id] as const,
  history: (id: string) => ['customers', 'history', id] as const,
  trash: ['customers', 'trash'] as const,
};

const customerPath = (id: string, suffix = '') => `/customers/${encodeURIComponent(id)}${suffix}`;

/** The list query string: empty filters are left out (the client drops '' values). */
export function customerListQuery(filters: CustomerListFilters, cursor: string | null) {
  return {
    q: filters.q.trim(),
    ownerId: filters.owner,
    level: filters.level,
    status: filters.status,
    source: filters.source,
    sort: filters.sort,
    order: filters.order,
    cursor,
    limit: CUSTOMER_PAGE_SIZE,
  };
}

/** The export takes the list's filters and sort, without paging. */
export function customerExportQuery(filters: CustomerListFilters): Record<string, string> {
  const { cursor: _cursor, limit: _limit, ...query } = customerListQuery(filters, null);
  return query;
}

export const customerApi = {
  list: (filters: CustomerListFilters, cursor: string | null, signal?: AbortSignal) =>
    api.get<CursorPage<Customer>>('/customers', customerListQuery(filters, cursor), signal),
  get: (id: string) => api.get<Customer>(customerPath(id)),
  create: (input: CustomerCreateInput) => api.post<Customer>('/customers', input),
  update: (id: string, version: number, input: CustomerInput) =>
    api.patch<Customer>(customerPath(id), { version, ...input }),
  remove: (id: string) => api.delete<{ id: string; deletedAt: string }>(customerPath(id)),
  restore: (id: string) => api.post<Customer>(customerPath(id, '/restore')),
  duplicates: (probe: { name?: string; phone?: string; website?: string }) =>
    api.post<{ duplicates: DuplicateCustomer[] }>('/customers/duplicates', probe),
  transfer: (ids: string[], toUserId: string, note?: string) =>
    api.post<{ transferred: number }>('/customers/transfer', {
      ids,
      toUserId,
      ...(note ? { note } : {}),
    }),
  history: (id: string, cursor: string | null) =>
    api.get<CursorPage<CustomerHistoryEntry>>(customerPath(id, '/history'), { cursor }),
  trash: (cursor: string | null) => api.get<CursorPage<TrashedCustomer>>('/customers/trash', { cursor }),
};

export function useCustomerList(filters: CustomerListFilters) {
  return useInfiniteQuery({
    queryKey: customerKeys.list(filters),
    queryFn: ({ pageParam, signal }) => customerApi.list(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    // Typing in the search box keeps the old rows on screen until the new ones arrive.
    placeholderData: (previous) => previous,
  });
}

export function useCustomerHistory(id: string) {
  return useInfiniteQuery({
    queryKey: customerKeys.history(id),
    queryFn: ({ pageParam }) => customerApi.history(id, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
}

export function useCustomerTrash() {
  return useInfiniteQuery({
    queryKey: customerKeys.trash,
    queryFn: ({ pageParam }) => customerApi.trash(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
}

/** After a change: lists, details, histories, the trash and the search all may show it. */
export function refreshCustomers(queryClient: QueryClient): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: customerKeys.all }),
    queryClient.invalidateQueries({ queryKey: ['contacts'] }),
    queryClient.invalidateQueries({ queryKey: ['crm-search'] }),
  ]);
}
