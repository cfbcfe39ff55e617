import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { api, apiUpload } from '../../api/client';
import type { CursorPage } from '../customers/customer-types';

/** Follow-up records as the API serves them (server/src/crm/follow-ups/). */

export const FOLLOW_UP_TYPES = ['call', 'visit', 'email', 'wechat', 'meeting'] as const;
export type FollowUpType = (typeof FOLLOW_UP_TYPES)[number];

/** The server's limits, checked here too so nobody waits for an upload that will be refused. */
export const CONTENT_MAX = 10_000;
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;
export const ATTACHMENTS_MAX = 10;
/** What the server accepts (it decides by the content; this only filters the file picker). */
export const ATTACHMENT_ACCEPT = '.png,.jpg,.jpeg,.gif,.webp,.pdf,.docx,.xlsx,.pptx,.txt,.csv';

export interface FollowUpAttachment {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  createdAt: string;
}

export interface FollowUp {
  id: string;
  customerId: string;
  customerName: string;
  contactId: string | null;
  contactName: string | null;
  dealId: string | null;
  dealName: string | null;
  type: FollowUpType;
  content: string;
  occurredAt: string;
  nextFollowUpAt: string | null;
  authorId: string | null;
  authorName: string | null;
  attachments: FollowUpAttachment[];
  createdAt: string;
  updatedAt: string;
  version: number;
  canEdit: boolean;
}

export interface FollowUpInput {
  type: FollowUpType;
  content: string;
  occurredAt?: string;
  nextFollowUpAt?: string | null;
  contactId?: string | null;
  dealId?: string | null;
}

/** A deal of the customer, as the deal picker needs it. */
export interface DealOption {
  id: string;
  name: string;
}

export const FOLLOW_UP_PAGE_SIZE = 20;

export const followUpKeys = {
  all: ['follow-ups'] as const,
  ofCustomer: (customerId: string) => ['follow-ups', 'customer', customerId] as const,
  dealsOf: (customerId: string) => ['follow-ups', 'deals', customerId] as const,
};

const followUpPath = (id: string, suffix = '') => `/follow-ups/${encodeURIComponent(id)}${suffix}`;

/** Where the browser downloads an attachment (the server always sends it as a download). */
export function attachmentUrl(id: string): string {
  return `/api/attachments/${encodeURIComponent(id)}`;
}

export const followUpApi = {
  list: (customerId: string, cursor: string | null, signal?: AbortSignal) =>
    api.get<CursorPage<FollowUp>>('/follow-ups', { customerId, cursor, limit: FOLLOW_UP_PAGE_SIZE }, signal),
  create: (customerId: string, input: FollowUpInput) => api.post<FollowUp>('/follow-ups', { customerId, ...input }),
  update: (id: string, version: number, input: Partial<FollowUpInput>) =>
    api.patch<FollowUp>(followUpPath(id), { version, ...input }),
  remove: (id: string) => api.delete<{ id: string; deletedAt: string }>(followUpPath(id)),
  restore: (id: string) => api.post<FollowUp>(followUpPath(id, '/restore')),
  attach: (id: string, file: File) => apiUpload<FollowUpAttachment>(followUpPath(id, '/attachments'), file),
  detach: (attachmentId: string) => api.delete<{ id: string }>(`/attachments/${encodeURIComponent(attachmentId)}`),
  /** Open deals and others of one customer, for linking a follow-up to one (the deals the user may see). */
  dealsOf: (customerId: string, signal?: AbortSignal) =>
    api.get<CursorPage<DealOption>>('/deals', { customerId, limit: 100 }, signal),
};

export function useCustomerFollowUps(customerId: string) {
  return useInfiniteQuery({
    queryKey: followUpKeys.ofCustomer(customerId),
    queryFn: ({ pageParam, signal }) => followUpApi.list(customerId, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
}

export function useCustomerDeals(customerId: string, enabled: boolean) {
  return useQuery({
    queryKey: followUpKeys.dealsOf(customerId),
    queryFn: ({ signal }) => followUpApi.dealsOf(customerId, signal),
    enabled,
    staleTime: 60_000,
    retry: false,
  });
}

/**
 * A follow-up changes more than its list: the customer's last follow-up date and timeline, and the reminder tasks
 * (My day, the task badge).
 */
export function refreshFollowUps(queryClient: QueryClient): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: followUpKeys.all }),
    queryClient.invalidateQueries({ queryKey: ['customers'] }),
    queryClient.invalidateQueries({ queryKey: ['tasks'] }),
  ]);
}

/** "2.4 MB", "830 KB": sizes as a file list shows them. */
export function formatFileSize(bytes: number): string {
  if (bytes < 1024) {
    return `${bytes} B`;
  }
  if (bytes < 1024 * 1024) {
    return `${Math.round(bytes / 1024)} KB`;
  }
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
