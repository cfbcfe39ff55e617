import { useInfiniteQuery } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { CursorPage, SortOrder } from '../customers/customer-types';

/** A person at a customer (server/src/crm/contacts/); visible and editable as its customer is. */
export interface Contact {
  id: string;
  customerId: string;
  customerName: string;
  name: string;
  title: string | null;
  mobile: string | null;
  email: string | null;
  wechat: string | null;
  isPrimary: boolean;
  notes: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  canEdit: boolean;
}

export interface ContactInput {
  name: string;
  title?: string | null;
  mobile?: string | null;
  email?: string | null;
  wechat?: string | null;
  isPrimary?: boolean;
  notes?: string | null;
}

export const CONTACT_SORT_KEYS = ['name', 'createdAt', 'updatedAt'] as const;
export type ContactSortKey = (typeof CONTACT_SORT_KEYS)[number];

export interface ContactListFilters {
  q: string;
  customerId: string;
  sort: ContactSortKey;
  order: SortOrder;
}

export const CONTACT_PAGE_SIZE = 50;

export const contactKeys = {
  all: ['contacts'] as const,
  list: (filters: ContactListFilters) => ['contacts', 'list', filters] as const,
};

const contactPath = (id: string, suffix = '') => `/contacts/${encodeURIComponent(id)}${suffix}`;

export const contactApi = {
  list: (filters: ContactListFilters, cursor: string | null, signal?: AbortSignal) =>
    api.get<CursorPage<Contact>>(
      '/contacts',
      {
        q: filters.q.trim(),
        customerId: filters.customerId,
        sort: filters.sort,
        order: filters.order,
        cursor,
        limit: CONTACT_PAGE_SIZE,
      },
      signal,
    ),
  create: (customerId: string, input: ContactInput) => api.post<Contact>('/contacts', { customerId, ...input }),
  update: (id: string, version: number, input: Partial<ContactInput>) =>
    api.patch<Contact>(contactPath(id), { version, ...input }),
  remove: (id: string) => api.delete<unknown>(contactPath(id)),
  restore: (id: string) => api.post<Contact>(contactPath(id, '/restore')),
};

/** One customer's contacts by name: the customer's contacts tab and the follow-up composer's picker (one cache entry). */
export function customerContactFilters(customerId: string): ContactListFilters {
  return { q: '', customerId, sort: 'name', order: 'asc' };
}

export function useContactList(filters: ContactListFilters, enabled = true) {
  return useInfiniteQuery({
    queryKey: contactKeys.list(filters),
    queryFn: ({ pageParam, signal }) => contactApi.list(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    placeholderData: (previous) => previous,
    enabled,
  });
}

/** A contact change also changes its customer (contact count, primary contact, history). */
export function refreshContacts(queryClient: QueryClient): Promise<unknown> {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: contactKeys.all }),
    queryClient.invalidateQueries({ queryKey: ['customers'] }),
    queryClient.invalidateQueries({ queryKey: ['crm-search'] }),
  ]);
}
