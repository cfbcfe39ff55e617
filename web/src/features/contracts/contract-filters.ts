import {
  CONTRACT_SORT_KEYS,
  CONTRACT_STATUSES,
  type ContractListFilters,
  type ContractSortKey,
} from './contract-types';

/** Most recently signed first (unsigned drafts last): what sales and finance look at on opening the list. */
export const DEFAULT_CONTRACT_FILTERS: ContractListFilters = {
  q: '',
  owner: '',
  status: '',
  signedFrom: '',
  signedTo: '',
  unpaid: false,
  sort: 'signedDate',
  order: 'desc',
};

const OWNER_VALUE = /^(me|[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12})$/i;
const DATE_VALUE = /^\d{4}-\d\d-\d\d$/;

function pick<Value extends string>(allowed: readonly Value[], value: string | null): Value | '' {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as Value) : '';
}

/** Filters live in the address (?status=active&unpaid=1), so a view can be bookmarked and shared. */
export function contractFiltersFromSearch(search: URLSearchParams): ContractListFilters {
  const owner = search.get('owner') ?? '';
  const sort = pick(CONTRACT_SORT_KEYS, search.get('sort'));
  const order = search.get('order');
  const date = (key: string) => {
    const value = search.get(key) ?? '';
    return DATE_VALUE.test(value) ? value : '';
  };
  return {
    q: (search.get('q') ?? '').slice(0, 100),
    owner: OWNER_VALUE.test(owner) ? owner : '',
    status: pick(CONTRACT_STATUSES, search.get('status')),
    signedFrom: date('signedFrom'),
    signedTo: date('signedTo'),
    unpaid: search.get('unpaid') === '1',
    sort: sort === '' ? DEFAULT_CONTRACT_FILTERS.sort : sort,
    order:
      order === 'asc' || order === 'desc' ? order : sort === '' ? DEFAULT_CONTRACT_FILTERS.order : firstOrderFor(sort),
  };
}

export function contractFiltersToSearch(filters: ContractListFilters): Record<string, string> {
  const search: Record<string, string> = {};
  for (const key of ['q', 'owner', 'status', 'signedFrom', 'signedTo'] as const) {
    if (filters[key] !== '') {
      search[key] = filters[key];
    }
  }
  if (filters.unpaid) {
    search.unpaid = '1';
  }
  if (filters.sort !== DEFAULT_CONTRACT_FILTERS.sort || filters.order !== DEFAULT_CONTRACT_FILTERS.order) {
    search.sort = filters.sort;
    search.order = filters.order;
  }
  return search;
}

export function hasNarrowingContractFilters(filters: ContractListFilters): boolean {
  return (
    filters.q.trim() !== '' ||
    filters.owner !== '' ||
    filters.status !== '' ||
    filters.signedFrom !== '' ||
    filters.signedTo !== '' ||
    filters.unpaid
  );
}

/** Numbers read best A→Z; amounts and dates largest / newest first. */
export function firstOrderFor(sort: ContractSortKey): 'asc' | 'desc' {
  return sort === 'number' ? 'asc' : 'desc';
}
