import { describe, expect, it } from 'vitest';
import { rowsIn } from './read-quota.hooks.ts';
import { SlidingWindowCounter } from './sliding-window.ts';

describe('sliding window counter', () => {
  it('counts per key within the window and forgets what left it', () => {
    let now = Date.parse('2026-12-01T09:00:10Z');
    const counter = new SlidingWindowCounter(15, () => now);
    counter.add('alice', 40);
    now += 5 * 60_000;
    counter.add('alice', 60);
    counter.add('bob', 7);
    expect(counter.total('alice')).toBe(100);
    expect(counter.total('bob')).toBe(7);
    // The first slot (09:00) counts until 09:16: the count never drops early.
    now = Date.parse('2026-12-01T09:15:59Z');
    expect(counter.total('alice')).toBe(100);
    now = Date.parse('2026-12-01T09:16:00Z');
    expect(counter.total('alice')).toBe(60);
    now += 10 * 60_000;
    expect(counter.total('alice')).toBe(0);
    expect(counter.total('nobody')).toBe(0);
  });

  it('tells how long until the count falls below a limit', () => {
    let now = Date.parse('2026-12-01T09:00:30Z');
    const counter = new SlidingWindowCounter(15, () => now);
    counter.add('alice', 50);
    now = Date.parse('2026-12-01T09:02:00Z');
    counter.add('alice', 50);
    now = Date.parse('2026-12-01T09:10:00Z');
    // Below 100 once the 09:00 slot leaves at 09:16: 6 minutes from now.
    expect(counter.secondsUntilBelow('alice', 100)).toBe(360);
    // Below 40 only when both have left (09:18).
    expect(counter.secondsUntilBelow('alice', 40)).toBe(480);
    expect(counter.secondsUntilBelow('nobody', 1)).toBe(1);
  });

  it('drops idle keys, so memory follows the members active recently', () => {
    let now = Date.parse('2026-12-01T09:00:00Z');
    const counter = new SlidingWindowCounter(15, () => now);
    for (let index = 0; index < 1000; index += 1) counter.add(`member-${index}`, 1);
    now += 20 * 60_000;
    counter.add('late', 1);
    const slots = (counter as unknown as { slots: Map<string, unknown> }).slots;
    expect([...slots.keys()]).toEqual(['late']);
  });
});

describe('rows in a reply', () => {
  it('counts list entries, search groups and board cards; one record counts once', () => {
    expect(rowsIn({ items: [{ id: 1 }, { id: 2 }], nextCursor: null })).toBe(2);
    expect(rowsIn({ customers: [{ id: 1 }], contacts: [{ id: 2 }, { id: 3 }], leads: [] })).toBe(3);
    expect(rowsIn({ columns: [{ stage: {}, items: [{}, {}, {}] }, { stage: {}, items: [{}] }] })).toBe(4);
    expect(rowsIn({ id: 1, name: 'Acme', tags: ['a', 'b', 'c'] })).toBe(1);
    expect(rowsIn({ items: [], nextCursor: null })).toBe(1);
    expect(rowsIn([{}, {}])).toBe(2);
    expect(rowsIn(null)).toBe(1);
    // A customer's overview: the customer and its pages' items; a record's nested object alone still counts as one.
    expect(rowsIn({ customer: { id: 1 }, followUps: { items: [{}, {}], nextCursor: null }, contacts: { items: [{}], nextCursor: null }, deals: { items: [], nextCursor: null } })).toBe(4);
    expect(rowsIn({ customer: { id: 1 }, followUps: { items: [], nextCursor: null } })).toBe(1);
    expect(rowsIn({ id: 1, owner: { id: 2, name: 'Li' } })).toBe(1);
  });
});
