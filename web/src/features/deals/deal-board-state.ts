import { toCents } from '../crm/money-format';
import type { BoardColumn, Deal, Money, Stage } from './deal-types';

/** Whole cents back to the API's decimal form ("-12.30"). */
export function fromCents(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const absolute = cents < 0n ? -cents : cents;
  return `${sign}${absolute / 100n}.${(absolute % 100n).toString().padStart(2, '0')}`;
}

/** A column's totals with `amount` added (or taken away): exact, in cents, never in floating point. */
export function adjustTotals(totals: Money[], currency: string, amount: string, direction: 1 | -1): Money[] {
  const delta = toCents(amount) * BigInt(direction);
  const existing = totals.find((total) => total.currency === currency);
  if (!existing) {
    return direction > 0
      ? [...totals, { currency, amount: fromCents(delta) }].sort((a, b) => a.currency.localeCompare(b.currency))
      : totals;
  }
  const next = toCents(existing.amount) + delta;
  // The last deal of a currency left the column: its total goes with it rather than showing "0.00".
  if (next <= 0n && direction < 0) {
    return totals.filter((total) => total !== existing);
  }
  return totals.map((total) => (total === existing ? { currency, amount: fromCents(next) } : total));
}

/** The deal as it will look in its new stage, before the server confirms (it fills in the rest). */
export function movedCard(deal: Deal, stage: Stage, lostReason?: string): Deal {
  return {
    ...deal,
    stageId: stage.id,
    stageKey: stage.key,
    stageName: stage.name,
    stageKind: stage.kind,
    probability: stage.probability,
    lostReason: stage.kind === 'lost' ? (lostReason ?? deal.lostReason) : null,
  };
}

/**
 * The board with one card moved: out of its column (count and totals down), to the top of the target column (the
 * board is ordered by last change, and the move is the latest one).
 */
export function moveOnBoard(columns: BoardColumn[], deal: Deal, next: Deal): BoardColumn[] {
  return columns.map((column) => {
    if (column.stage.id === deal.stageId && column.stage.id !== next.stageId) {
      return {
        ...column,
        count: Math.max(0, column.count - 1),
        totals: adjustTotals(column.totals, deal.currency, deal.amount, -1),
        items: column.items.filter((item) => item.id !== deal.id),
      };
    }
    if (column.stage.id === next.stageId && column.stage.id !== deal.stageId) {
      return {
        ...column,
        count: column.count + 1,
        totals: adjustTotals(column.totals, next.currency, next.amount, 1),
        items: [next, ...column.items.filter((item) => item.id !== deal.id)],
      };
    }
    return column;
  });
}

/** The server's answer replaces the optimistic card (new version, probability, closing time). */
export function replaceCard(columns: BoardColumn[], saved: Deal): BoardColumn[] {
  return columns.map((column) => ({
    ...column,
    items: column.items.map((item) => (item.id === saved.id ? saved : item)),
  }));
}

/** A column's next cards appended; a card already shown (moved there meanwhile) is not shown twice. */
export function appendCards(
  columns: BoardColumn[],
  stageId: string,
  items: Deal[],
  nextCursor: string | null,
): BoardColumn[] {
  return columns.map((column) => {
    if (column.stage.id !== stageId) {
      return column;
    }
    const shown = new Set(column.items.map((item) => item.id));
    return { ...column, items: [...column.items, ...items.filter((item) => !shown.has(item.id))], nextCursor };
  });
}
