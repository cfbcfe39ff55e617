import { describe, expect, it } from 'vitest';
import { adjustTotals, appendCards, fromCents, moveOnBoard, movedCard } from './deal-board-state';
import {
  DEFAULT_DEAL_FILTERS,
  dealFiltersFromSearch,
  dealFiltersToSearch,
  hasNarrowingDealFilters,
} from './deal-filters';
import type { BoardColumn, Deal, Stage } from './deal-types';

const stage = (id: string, kind: Stage['kind'], probability: number): Stage => ({
  id,
  key: id,
  name: null,
  kind,
  probability,
  position: 0,
});
const qualify = stage('qualify', 'open', 10);
const lost = stage('lost', 'lost', 0);

function deal(id: string, amount: string, currency = 'CNY'): Deal {
  return {
    id,
    name: `Deal ${id}`,
    customerId: 'c',
    customerName: 'Customer',
    contactId: null,
    contactName: null,
    ownerId: 'u',
    ownerName: 'Alice',
    amount,
    currency,
    stageId: qualify.id,
    stageKey: qualify.key,
    stageName: null,
    stageKind: 'open',
    probability: 10,
    expectedCloseDate: null,
    lostReason: null,
    closedAt: null,
    stageChangedAt: '2025-01-01T00:00:00.000Z',
    notes: null,
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    createdByName: null,
    version: 1,
    canEdit: true,
    canDelete: false,
    sharedWithMe: false,
  };
}

describe('the board while a card moves', () => {
  it('adds and subtracts amounts exactly, in cents', () => {
    expect(adjustTotals([{ currency: 'CNY', amount: '0.10' }], 'CNY', '0.20', 1)).toEqual([
      { currency: 'CNY', amount: '0.30' },
    ]);
    expect(adjustTotals([{ currency: 'CNY', amount: '9007199254740993.01' }], 'CNY', '0.01', 1)).toEqual([
      { currency: 'CNY', amount: '9007199254740993.02' },
    ]);
    expect(adjustTotals([{ currency: 'USD', amount: '5.00' }], 'CNY', '1.50', 1)).toEqual([
      { currency: 'CNY', amount: '1.50' },
      { currency: 'USD', amount: '5.00' },
    ]);
    // The last amount of a currency leaves: its total goes.
    expect(adjustTotals([{ currency: 'USD', amount: '5.00' }], 'USD', '5.00', -1)).toEqual([]);
    expect(fromCents(-1230n)).toBe('-12.30');
  });

  it('moves the card to the top of the target column with counts and totals', () => {
    const first = deal('a', '100.25');
    const second = deal('b', '0.75');
    const columns: BoardColumn[] = [
      {
        stage: qualify,
        count: 2,
        totals: [{ currency: 'CNY', amount: '101.00' }],
        items: [first, second],
        nextCursor: null,
      },
      {
        stage: lost,
        count: 1,
        totals: [{ currency: 'CNY', amount: '1.00' }],
        items: [deal('c', '1.00')],
        nextCursor: null,
      },
    ];
    const next = movedCard(first, lost, 'Too expensive');
    expect(next).toMatchObject({ stageId: 'lost', stageKind: 'lost', probability: 0, lostReason: 'Too expensive' });
    const moved = moveOnBoard(columns, first, next);
    expect(moved[0]).toMatchObject({ count: 1, totals: [{ currency: 'CNY', amount: '0.75' }] });
    expect(moved[0]?.items.map((item) => item.id)).toEqual(['b']);
    expect(moved[1]).toMatchObject({ count: 2, totals: [{ currency: 'CNY', amount: '101.25' }] });
    expect(moved[1]?.items.map((item) => item.id)).toEqual(['a', 'c']);
    // Loading more never shows a card twice.
    expect(appendCards(moved, 'lost', [first, deal('d', '2.00')], 'next')[1]?.items.map((item) => item.id)).toEqual([
      'a',
      'c',
      'd',
    ]);
  });
});

describe('deal filters in the address', () => {
  it('round-trips what differs from the defaults and keeps the view and the open deal', () => {
    const filters = {
      ...DEFAULT_DEAL_FILTERS,
      q: '华东',
      owner: 'me',
      status: 'open' as const,
      amountMin: '100.5',
      sort: 'amount' as const,
    };
    const search = dealFiltersToSearch(filters, new URLSearchParams({ view: 'list', deal: 'x', q: 'old' }));
    expect(search).toEqual({
      view: 'list',
      deal: 'x',
      q: '华东',
      owner: 'me',
      status: 'open',
      amountMin: '100.5',
      sort: 'amount',
      order: 'desc',
    });
    expect(dealFiltersFromSearch(new URLSearchParams(search))).toEqual(filters);
  });

  it('ignores values the API would refuse', () => {
    const parsed = dealFiltersFromSearch(
      new URLSearchParams({
        owner: "x' or 1=1",
        stage: 'nope',
        status: 'closed',
        amountMin: '1e3',
        closeFrom: 'tomorrow',
        sort: 'password',
      }),
    );
    expect(parsed).toEqual(DEFAULT_DEAL_FILTERS);
    expect(hasNarrowingDealFilters(parsed)).toBe(false);
  });
});
