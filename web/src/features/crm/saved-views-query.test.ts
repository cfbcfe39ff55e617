import { describe, expect, it } from 'vitest';
import { findActiveView, normaliseViewQuery } from './saved-views-query';

describe('normaliseViewQuery', () => {
  it('sorts the keys so the order in the address does not matter', () => {
    expect(normaliseViewQuery('owner=me&level=A&sort=name&order=asc')).toBe('level=A&order=asc&owner=me&sort=name');
    expect(normaliseViewQuery(new URLSearchParams('sort=name&order=asc&level=A&owner=me'))).toBe(
      normaliseViewQuery('owner=me&level=A&sort=name&order=asc'),
    );
  });

  it('leaves out paging, empty values, excluded keys and keys a view cannot hold', () => {
    expect(normaliseViewQuery('cursor=abc&page=2&limit=50&q=&level=B&deal=123&x-y=1&view=list', ['deal'])).toBe(
      'level=B&view=list',
    );
    expect(normaliseViewQuery(`q=${'a'.repeat(201)}&status=active`)).toBe('status=active');
  });

  it('keeps non-ASCII search text intact', () => {
    const query = normaliseViewQuery(new URLSearchParams({ q: '华通 & 贸易' }));
    expect(new URLSearchParams(query).get('q')).toBe('华通 & 贸易');
  });

  it('is empty for a list without filters', () => {
    expect(normaliseViewQuery('')).toBe('');
  });
});

describe('findActiveView', () => {
  const views = [
    { id: 'mine', query: 'owner=me&level=A' },
    { id: 'shared', query: 'level=A&owner=me' },
    { id: 'all', query: '' },
  ];

  it('finds the first view with the same filters in any order', () => {
    expect(findActiveView(views, 'level=A&owner=me')?.id).toBe('mine');
    expect(findActiveView(views, '')?.id).toBe('all');
  });

  it('finds none when the filters differ', () => {
    expect(findActiveView(views, 'level=B')).toBeUndefined();
  });
});
