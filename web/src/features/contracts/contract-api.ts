import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { CursorPage, CustomerHistoryEntry } from '../customers/customer-types';
import type {
  Contract,
  ContractInput,
  ContractListFilters,
  ContractPage,
  ContractReader,
  Payment,
  PaymentInput,
  PaymentList,
  TrashedContract,
} from './contract-types';

export const CONTRACT_PAGE_SIZE = 50;

export const contractKeys = {
  all: ['contracts'] as const,
  list: (filters: ContractListFilters, customerId?: string) =>
    ['contracts', 'list', filters, customerId ?? null] as const,
  detail: (id: string) => ['contracts', 'detail', id] as const,
  payments: (id: string) => ['contracts', 'payments', id] as const,
  history: (id: string) => ['contracts', 'history', id] as const,
  trash: ['contracts', 'trash'] as const,
  readers: ['contract-readers'] as const,
};

const contractPath = (id: string, suffix = '') => `/contracts/${encodeURIComponent(id)}${suffix}`;

export function contractListQuery(filters: ContractListFilters, cursor: string | null, customerId?: string) {
  return {
    q: filters.q.trim(),
    ownerId: filters.owner,
    status: filters.status,
    signedFrom: filters.signedFrom,
    signedTo: filters.signedTo,
    unpaid: filters.unpaid ? 'true' : '',
    customerId,
    sort: filters.sort,
    order: filters.order,
    cursor,
    limit: CONTRACT_PAGE_SIZE,
  };
}

export const contractApi = {
  list: (filters: ContractListFilters, cursor: string | null, customerId?: string, signal?: AbortSignal) =>
    api.get<ContractPage>('/contracts', contractListQuery(filters, cursor, customerId), signal),
  get: (id: string) => api.get<Contract>(contractPath(id)),
  create: (input: ContractInput & { ownerId?: string }) => api.post<Contract>('/contracts', input),
  update: (id: string, version: number, input: ContractInput) =>
    api.patch<Contract>(contractPath(id), { version, ...input }),
  remove: (id: string) => api.delete<{ id: string; deletedAt: string }>(contractPath(id)),
  restore: (id: string) => api.post<Contract>(contractPath(id, '/restore')),
  transfer: (ids: string[], toUserId: string, note?: string) =>
    api.post<{ transferred: number }>('/contracts/transfer', { ids, toUserId, ...(note ? { note } : {}) }),
  history: (id: string, cursor: string | null) =>
    api.get<CursorPage<CustomerHistoryEntry>>(contractPath(id, '/history'), { cursor }),
  trash: (cursor: string | null) => api.get<CursorPage<TrashedContract>>('/contracts/trash', { cursor }),
  payments: (id: string) => api.get<PaymentList>(contractPath(id, '/payments')),
  recordPayment: (id: string, input: PaymentInput) => api.post<Payment>(contractPath(id, '/payments'), input),
  removePayment: (paymentId: string) =>
    api.delete<{ id: string; deletedAt: string }>(`/payments/${encodeURIComponent(paymentId)}`),
  readers: () => api.get<{ items: ContractReader[] }>('/contract-readers'),
  grantReader: (userId: string) => api.put<{ userId: string }>(`/contract-readers/${encodeURIComponent(userId)}`),
  revokeReader: (userId: string) => api.delete<unknown>(`/contract-readers/${encodeURIComponent(userId)}`),
};

export function useContractList(filters: ContractListFilters, customerId?: string) {
  return useInfiniteQuery({
    queryKey: contractKeys.list(filters, customerId),
    queryFn: ({ pageParam, signal }) => contractApi.list(filters, pageParam, customerId, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: (previous) => previous,
  });
}

export function useContract(id: string) {
  return useQuery({ queryKey: contractKeys.detail(id), queryFn: () => contractApi.get(id), retry: false });
}

export function usePayments(id: string) {
  return useQuery({ queryKey: contractKeys.payments(id), queryFn: () => contractApi.payments(id), retry: false });
}

export function useContractHistory(id: string, enabled = true) {
  return useInfiniteQuery({
    queryKey: contractKeys.history(id),
    enabled,
    queryFn: ({ pageParam }) => contractApi.history(id, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
}

export function useContractTrash() {
  return useInfiniteQuery({
    queryKey: contractKeys.trash,
    queryFn: ({ pageParam }) => contractApi.trash(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
}

export function useContractReaders(enabled: boolean) {
  return useQuery({ queryKey: contractKeys.readers, queryFn: contractApi.readers, enabled });
}

/** After a change: contract lists, details, payments, histories and the customer's timeline may all show it. */
export function refreshContracts(queryClient: QueryClient): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: contractKeys.all }),
    queryClient.invalidateQueries({ queryKey: ['customers', 'history'] }),
  ]);
}
