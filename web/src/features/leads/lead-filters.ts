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

/** The list's filters as GET /api/leads/export takes them (the same names as the list API; empty ones left out). */
export function leadExportQuery(filters: LeadListFilters): Record<string, string | undefined> {
  const present = (value: string) => (value.trim() === '' ? undefined : value.trim());
  return {
    q: present(filters.q),
    ownerId: present(filters.owner),
    status: present(filters.status),
    source: present(filters.source),
  };
}
