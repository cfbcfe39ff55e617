import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { filterConditions, filterShape, StatementShapes, type FilterSpec } from './statement-shapes.ts';

const statement = (label: string) => ({ label, execute: (values: Record<string, unknown>) => values });

describe('statement shapes', () => {
  it('builds a statement once per shape and keeps at most its capacity, the oldest going first', () => {
    const shapes = new StatementShapes<ReturnType<typeof statement>>(2);
    let built = 0;
    const get = (shape: unknown) => shapes.get(shape, () => statement(`#${(built += 1)}`));
    expect(get(['one', { level: true }]).label).toBe('#1');
    expect(get(['one', { level: true }]).label).toBe('#1');
    expect(get(['one', { level: false }]).label).toBe('#2');
    expect(get(['several']).label).toBe('#3');
    expect(shapes.size).toBe(2);
    // The first shape was evicted: built again.
    expect(get(['one', { level: true }]).label).toBe('#4');
  });

  it('binds the set filters under the names their conditions use, and leaves unset ones out of shape and values', () => {
    const specs = {
      level: { where: (value) => sql`level = ${value}` },
      search: { where: (value) => sql`name ilike ${value}`, bind: (value: string) => `%${value}%` },
      status: { where: (value) => sql`status = ${value}` },
    } satisfies Record<string, FilterSpec>;
    const values: Record<string, unknown> = {};
    const set = filterShape(specs, { level: 'A', search: 'acme', status: '' }, values);
    expect(set).toEqual(['level', 'search']);
    expect(values).toEqual({ 'filter.level': 'A', 'filter.search': '%acme%' });
    const query = new PgDialect().sqlToQuery(sql.join(filterConditions(specs, set), sql` and `));
    // No value is in the SQL: only placeholders, which the values fill by name.
    expect(query.sql).toBe('level = $1 and name ilike $2');
    expect(query.params.map((param) => (param as { name: string }).name)).toEqual(['filter.level', 'filter.search']);
  });
});
