import { describe, expect, it } from 'vitest';
import { DEFAULT_CUSTOMER_COLUMNS, parseStoredColumns } from './customer-columns-store';
import { DEFAULT_CUSTOMER_FILTERS, filtersFromSearch, filtersToSearch, hasNarrowingFilters } from './customer-filters';

describe('customer list filters in the address', () => {
  it('round-trips what differs from the defaults', () => {
    const filters = { ...DEFAULT_CUSTOMER_FILTERS, q: '华为', owner: 'me', level: 'A' as const, sort: 'name' as const };
    const search = filtersToSearch({ ...filters, order: 'asc' });
    expect(search).toEqual({ q: '华为', owner: 'me', level: 'A', sort: 'name', order: 'asc' });
    expect(filtersFromSearch(new URLSearchParams(search))).toEqual({ ...filters, order: 'asc' });
    expect(filtersToSearch(DEFAULT_CUSTOMER_FILTERS)).toEqual({});
  });

  it('ignores values the API would refuse', () => {
    const parsed = filtersFromSearch(
      new URLSearchParams({ owner: "x' or 1=1", level: 'Z', status: 'gone', sort: 'password', order: 'sideways' }),
    );
    expect(parsed).toEqual(DEFAULT_CUSTOMER_FILTERS);
    expect(hasNarrowingFilters(parsed)).toBe(false);
    expect(hasNarrowingFilters({ ...parsed, q: ' acme ' })).toBe(true);
  });
});

describe('stored column choice', () => {
  it('keeps known columns in their canonical order and falls back on garbage', () => {
    expect(parseStoredColumns('["updatedAt","owner","nonsense"]')).toEqual(['owner', 'updatedAt']);
    expect(parseStoredColumns('[]')).toEqual([]);
    expect(parseStoredColumns('{')).toEqual(DEFAULT_CUSTOMER_COLUMNS);
    expect(parseStoredColumns('"owner"')).toEqual(DEFAULT_CUSTOMER_COLUMNS);
    expect(parseStoredColumns(null)).toEqual(DEFAULT_CUSTOMER_COLUMNS);
  });
});
