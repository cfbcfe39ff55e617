import { DEAL_SORT_KEYS, STAGE_KINDS, type DealFilters, type DealSortKey } from './deal-types';

/** Recently changed first: what a salesperson looks at when opening the deals. */
export const DEFAULT_DEAL_FILTERS: DealFilters = {
  q: '',
  owner: '',
  stage: '',
  status: '',
  closeFrom: '',
  closeTo: '',
  amountMin: '',
  amountMax: '',
  customerId: '',
  sort: 'updatedAt',
  order: 'desc',
};

export type DealView = 'board' | 'list';

const UUID = /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const AMOUNT = /^\d{1,16}(\.\d{1,2})?$/;

function matching(value: string | null, pattern: RegExp): string {
  return value !== null && pattern.test(value) ? value : '';
}

/** Filters live in the address (?owner=me&status=open), so a filtered board can be bookmarked and shared. */
export function dealFiltersFromSearch(search: URLSearchParams): DealFilters {
  const owner = search.get('owner') ?? '';
  const status = search.get('status') ?? '';
  const sort = search.get('sort') ?? '';
  const order = search.get('order');
  const knownSort = (DEAL_SORT_KEYS as readonly string[]).includes(sort);
  return {
    q: (search.get('q') ?? '').slice(0, 100),
    owner: owner === 'me' || UUID.test(owner) ? owner : '',
    stage: matching(search.get('stage'), UUID),
    status: (STAGE_KINDS as readonly string[]).includes(status) ? (status as DealFilters['status']) : '',
    closeFrom: matching(search.get('closeFrom'), DATE),
    closeTo: matching(search.get('closeTo'), DATE),
    amountMin: matching(search.get('amountMin'), AMOUNT),
    amountMax: matching(search.get('amountMax'), AMOUNT),
    customerId: '',
    sort: knownSort ? (sort as DealSortKey) : DEFAULT_DEAL_FILTERS.sort,
    order: order === 'asc' || order === 'desc' ? order : DEFAULT_DEAL_FILTERS.order,
  };
}

/** Only what differs from the defaults goes into the address; the view and an open deal are kept. */
export function dealFiltersToSearch(filters: DealFilters, current: URLSearchParams): Record<string, string> {
  const search: Record<string, string> = {};
  for (const key of ['view', 'deal'] as const) {
    const value = current.get(key);
    if (value) {
      search[key] = value;
    }
  }
  for (const key of ['q', 'owner', 'stage', 'status', 'closeFrom', 'closeTo', 'amountMin', 'amountMax'] as const) {
    if (filters[key] !== '') {
      search[key] = filters[key];
    }
  }
  if (filters.sort !== DEFAULT_DEAL_FILTERS.sort || filters.order !== DEFAULT_DEAL_FILTERS.order) {
    search.sort = filters.sort;
    search.order = filters.order;
  }
  return search;
}

export function hasNarrowingDealFilters(filters: DealFilters): boolean {
  return (['q', 'owner', 'stage', 'status', 'closeFrom', 'closeTo', 'amountMin', 'amountMax'] as const).some(
    (key) => filters[key].trim() !== '',
  );
}

export function viewFromSearch(search: URLSearchParams): DealView {
  return search.get('view') === 'list' ? 'list' : 'board';
}

/** Names read best A→Z, dates soonest first; amounts and changes biggest / newest first. */
export function firstDealOrder(sort: DealSortKey): 'asc' | 'desc' {
  return sort === 'name' || sort === 'expectedCloseDate' ? 'asc' : 'desc';
}
