import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { CursorPage, CustomerHistoryEntry } from '../customers/customer-types';
import type {
  BoardColumn,
  Deal,
  DealCreateInput,
  DealFilters,
  DealInput,
  DealPage,
  Stage,
  TrashedDeal,
} from './deal-types';

export const DEAL_PAGE_SIZE = 50;
export const BOARD_CARDS = 20;

export const dealKeys = {
  all: ['deals'] as const,
  list: (filters: DealFilters) => ['deals', 'list', filters] as const,
  board: (filters: DealFilters) => ['deals', 'board', filters] as const,
  column: (filters: DealFilters, stageId: string, cursor: string) =>
    ['deals', 'column', filters, stageId, cursor] as const,
  detail: (id: string) => ['deals', 'detail', id] as const,
  history: (id: string) => ['deals', 'history', id] as const,
  trash: ['deals', 'trash'] as const,
  pipeline: ['pipeline'] as const,
};

const dealPath = (id: string, suffix = '') => `/deals/${encodeURIComponent(id)}${suffix}`;

/** The filters as query parameters (the client leaves out empty ones). */
function filterQuery(filters: DealFilters) {
  return {
    q: filters.q.trim(),
    ownerId: filters.owner,
    stageId: filters.stage,
    status: filters.status,
    closeFrom: filters.closeFrom,
    closeTo: filters.closeTo,
    amountMin: filters.amountMin,
    amountMax: filters.amountMax,
    customerId: filters.customerId,
    sort: filters.sort,
    order: filters.order,
  };
}

export const dealApi = {
  list: (filters: DealFilters, cursor: string | null, signal?: AbortSignal, limit = DEAL_PAGE_SIZE) =>
    api.get<DealPage>('/deals', { ...filterQuery(filters), cursor, limit }, signal),
  /** The next cards of one board column: the list, restricted to the stage, from the column's cursor. */
  column: (filters: DealFilters, stageId: string, cursor: string, signal?: AbortSignal) =>
    api.get<DealPage>('/deals', { ...filterQuery(filters), stageId, cursor, limit: BOARD_CARDS }, signal),
  board: (filters: DealFilters, signal?: AbortSignal) =>
    api.get<{ columns: BoardColumn[] }>('/deals/board', { ...filterQuery(filters), limit: BOARD_CARDS }, signal),
  get: (id: string) => api.get<Deal>(dealPath(id)),
  create: (input: DealCreateInput) => api.post<Deal>('/deals', input),
  update: (id: string, version: number, input: DealInput) => api.patch<Deal>(dealPath(id), { version, ...input }),
  move: (id: string, version: number, stageId: string, lostReason?: string) =>
    api.post<Deal>(dealPath(id, '/stage'), { stageId, version, ...(lostReason ? { lostReason } : {}) }),
  remove: (id: string) => api.delete<{ id: string; deletedAt: string }>(dealPath(id)),
  restore: (id: string) => api.post<Deal>(dealPath(id, '/restore')),
  transfer: (ids: string[], toUserId: string, note?: string) =>
    api.post<{ transferred: number }>('/deals/transfer', { ids, toUserId, ...(note ? { note } : {}) }),
  history: (id: string, cursor: string | null) =>
    api.get<CursorPage<CustomerHistoryEntry>>(dealPath(id, '/history'), { cursor }),
  trash: (cursor: string | null) => api.get<CursorPage<TrashedDeal>>('/deals/trash', { cursor }),
  pipeline: () => api.get<{ stages: Stage[] }>('/pipeline'),
  savePipeline: (body: {
    stages: { id?: string; name: string | null; probability: number }[];
    moveDealsTo?: Record<string, string>;
  }) => api.put<{ stages: Stage[] }>('/pipeline', body),
};

export function usePipeline() {
  return useQuery({ queryKey: dealKeys.pipeline, queryFn: dealApi.pipeline, staleTime: 60_000 });
}

export function useDealList(filters: DealFilters, enabled = true) {
  return useInfiniteQuery({
    queryKey: dealKeys.list(filters),
    queryFn: ({ pageParam, signal }) => dealApi.list(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: (previous) => previous,
    enabled,
  });
}

export function useDealBoard(filters: DealFilters, enabled = true) {
  return useQuery({
    queryKey: dealKeys.board(filters),
    queryFn: ({ signal }) => dealApi.board(filters, signal),
    placeholderData: (previous) => previous,
    enabled,
  });
}

export function useDeal(id: string | null) {
  return useQuery({
    queryKey: dealKeys.detail(id ?? ''),
    queryFn: () => dealApi.get(id ?? ''),
    enabled: id !== null,
    retry: false,
  });
}

export function useDealHistory(id: string) {
  return useInfiniteQuery({
    queryKey: dealKeys.history(id),
    queryFn: ({ pageParam }) => dealApi.history(id, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
}

export function useDealTrash() {
  return useInfiniteQuery({
    queryKey: dealKeys.trash,
    queryFn: ({ pageParam }) => dealApi.trash(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
}

/** After a change: deal lists, the board, details and histories, and the customers whose deal counts and timelines show it. */
export function refreshDeals(queryClient: QueryClient): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: dealKeys.all }),
    queryClient.invalidateQueries({ queryKey: ['customers'] }),
  ]);
}

/** What deals give the generic owner-transfer dialog (crm/owner-transfer-dialog.tsx): texts, endpoint, refresh. */
export function useDealTransferOptions() {
  const queryClient = useQueryClient();
  return {
    textPrefix: 'deals.transfer',
    transfer: (ids: string[], toUserId: string, note: string | undefined) => dealApi.transfer(ids, toUserId, note),
    onRefresh: () => void refreshDeals(queryClient),
    formName: 'transfer-deals',
  };
}
