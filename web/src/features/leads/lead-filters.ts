import { LEAD_SOURCES, LEAD_STATUSES, type LeadListFilters, type LeadSource, type LeadStatus } from './lead-types';

export const DEFAULT_LEAD_FILTERS: LeadListFilters = { q: '', owner: '', status: '', source: '' };

/** The filters live in the address (shareable, back button); unknown values are ignored. */
export function leadFiltersFromSearch(search: URLSearchParams): LeadListFilters {
  const status = search.get('status') ?? '';
  const source = search.get('source') ?? '';
  return {
    q: (search.get('q') ?? '').slice(0, 100),
    owner: search.get('owner') ?? '',
    status: (LEAD_STATUSES as readonly string[]).includes(status) ? (status as LeadStatus) : '',
    source: (LEAD_SOURCES as readonly string[]).includes(source) ? (source as LeadSource) : '',
  };
}

export function leadFiltersToSearch(filters: LeadListFilters): Record<string, string> {
  return Object.fromEntries(Object.entries(filters).filter(([, value]) => value !== ''));
}

export function hasLeadFilters(filters: LeadListFilters): boolean {
  return Object.values(filters).some((value) => value !== '');
}
