import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { CursorPage, Customer } from '../customers/customer-types';

/** The organisation's pool rule (server/src/crm/pool/pool.schema.ts). */
export interface PoolRule {
  claimLimitPerDay: number | null;
  returnAfterDays: number | null;
  noticeDays: number;
  reclaimCooldownDays: number;
}

export interface PoolStatus {
  rule: PoolRule;
  claimedToday: number;
  claimsLeftToday: number | null;
}

const POOL_PAGE_SIZE = 50;

/** Under 'customers' so that refreshCustomers() after any customer change refreshes the pool too. */
export const poolKeys = {
  status: ['customers', 'pool-status'] as const,
  list: (q: string) => ['customers', 'pool', q] as const,
};

export const poolApi = {
  status: () => api.get<PoolStatus>('/pool'),
  list: (q: string, cursor: string | null, signal?: AbortSignal) =>
    api.get<CursorPage<Customer>>(
      '/customers',
      { ownerId: 'none', q: q.trim(), sort: 'updatedAt', order: 'desc', cursor, limit: POOL_PAGE_SIZE },
      signal,
    ),
  claim: (id: string) => api.post<Customer>(`/customers/${encodeURIComponent(id)}/claim`, {}),
  release: (id: string, reason: string) =>
    api.post<{ id: string }>(`/customers/${encodeURIComponent(id)}/release`, reason.trim() ? { reason } : {}),
  saveRule: (rule: PoolRule) => api.put<PoolRule>('/pool/rule', rule),
};

export function usePoolStatus() {
  return useQuery({ queryKey: poolKeys.status, queryFn: poolApi.status });
}

export function usePoolCustomers(q: string) {
  return useInfiniteQuery({
    queryKey: poolKeys.list(q),
    queryFn: ({ pageParam, signal }) => poolApi.list(q, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: (previous) => previous,
  });
}
