import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

export interface CustomerHit {
  id: string;
  name: string;
  ownerName: string | null;
  phone: string | null;
}

export interface ContactHit {
  id: string;
  name: string;
  customerId: string;
  customerName: string;
  mobile: string | null;
  email: string | null;
}

export interface LeadHit {
  id: string;
  name: string;
  company: string | null;
  status: string;
  ownerName: string | null;
  phone: string | null;
  email: string | null;
}

export interface SearchResults {
  customers: CustomerHit[];
  contacts: ContactHit[];
  leads: LeadHit[];
}

export const SEARCH_MIN_LENGTH = 2;
export const SEARCH_MAX_LENGTH = 100;

/** GET /api/search: customers, contacts and leads by name (substring, Chinese too), phone digits or e-mail prefix. */
export function useCrmSearch(q: string) {
  const term = q.trim().slice(0, SEARCH_MAX_LENGTH);
  return useQuery({
    queryKey: ['crm-search', term],
    queryFn: ({ signal }) => api.get<SearchResults>('/search', { q: term }, signal),
    enabled: term.length >= SEARCH_MIN_LENGTH,
    staleTime: 15_000,
    placeholderData: (previous) => previous,
  });
}
