import {
  CUSTOMER_LEVELS,
  CUSTOMER_SORT_KEYS,
  CUSTOMER_SOURCES,
  CUSTOMER_STATUSES,
  type CustomerListFilters,
  type CustomerSortKey,
} from './customer-types';

/** Newest activity first: what a salesperson wants to see on opening the list. */
export const DEFAULT_CUSTOMER_FILTERS: CustomerListFilters = {
  q: '',
  owner: '',
  level: '',
  status: '',
  source: '',
  sort: 'updatedAt',
  order: 'desc',
};

function pick<Value extends string>(allowed: readonly Value[], value: string | null): Value | '' {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as Value) : '';
}

const OWNER_VALUE = /^(me|none|[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12})$/i;

/** Filters live in the address (?q=…&level=A), so a filtered list can be bookmarked, shared and returned to. */
export function filtersFromSearch(search: URLSearchParams): CustomerListFilters {
  const owner = search.get('owner') ?? '';
  const sort = pick(CUSTOMER_SORT_KEYS, search.get('sort'));
  const order = search.get('order');
  return {
    q: (search.get('q') ?? '').slice(0, 100),
    owner: OWNER_VALUE.test(owner) ? owner : '',
    level: pick(CUSTOMER_LEVELS, search.get('level')),
    status: pick(CUSTOMER_STATUSES, search.get('status')),
    source: pick(CUSTOMER_SOURCES, search.get('source')),
    sort: sort === '' ? DEFAULT_CUSTOMER_FILTERS.sort : sort,
    order: order === 'asc' || order === 'desc' ? order : sort === '' ? DEFAULT_CUSTOMER_FILTERS.order : 'asc',
  };
}

/** Only what differs from the defaults goes into the address. */
export function filtersToSearch(filters: CustomerListFilters): Record<string, string> {
  const search: Record<string, string> = {};
  for (const key of ['q', 'owner', 'level', 'status', 'source'] as const) {
    if (filters[key] !== '') {
      search[key] = filters[key];
    }
  }
  if (filters.sort !== DEFAULT_CUSTOMER_FILTERS.sort || filters.order !== DEFAULT_CUSTOMER_FILTERS.order) {
    search.sort = filters.sort;
    search.order = filters.order;
  }
  return search;
}

export function hasNarrowingFilters(filters: CustomerListFilters): boolean {
  return (
    filters.q.trim() !== '' ||
    filters.owner !== '' ||
    filters.level !== '' ||
    filters.status !== '' ||
    filters.source !== ''
  );
}

/** Text columns read best A→Z first; dates and levels newest / highest first. */
export function firstOrderFor(sort: CustomerSortKey): 'asc' | 'desc' {
  return sort === 'name' || sort === 'level' ? 'asc' : 'desc';
}
