import { sql, type Placeholder, type SQL } from 'drizzle-orm';
import { boundScope, type CrmScope, type ScopeTerms } from '../access/access.service.ts';

/**
 * Queries built once per shape. Building a scoped list query with Drizzle (the select, the scope and filter
 * conditions, rendering them to text) cost more of a list request's CPU than anything else the server does for it,
 * and the text depends only on the request's shape: which kind of scope, which filters are set, the sort. So the
 * hot reads are built from a shape with placeholders, kept here, and executed with the request's values.
 *
 * A builder sees the shape and placeholders only, never a value, so a statement cannot carry one caller's data into
 * another's request. The statements are prepared without a name: PostgreSQL still parses and plans each execution
 * with its values (a custom plan, as before), and only Node's work of building the SQL is saved.
 */
export class StatementShapes<Statement extends { execute: (values: Record<string, unknown>) => unknown }> {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly capacity = 256) {}

  get(shape: unknown, build: () => Statement): Statement {
    const key = JSON.stringify(shape);
    let statement = this.statements.get(key);
    if (statement === undefined) {
      // Shapes are few (enums and flags), so this bound only guards against a caller that finds a way to vary them.
      if (this.statements.size >= this.capacity) this.statements.delete(this.statements.keys().next().value as string);
      statement = build();
      this.statements.set(key, statement);
    }
    return statement;
  }

  /**
   * Runs the statement for the caller's scope and the request's shape with the request's values; `build` (the first
   * time a shape comes) sees the scope's placeholders and the shape, never a value.
   */
  run<Shape>(scope: CrmScope, request: { shape: Shape; values: Record<string, unknown> }, build: (terms: ScopeTerms, shape: Shape) => Statement): ReturnType<Statement['execute']> {
    const bound = boundScope(scope);
    const statement = this.get([bound.shape, request.shape], () => build(bound.terms, request.shape));
    return statement.execute({ ...request.values, ...bound.values }) as ReturnType<Statement['execute']>;
  }

  get size(): number {
    return this.statements.size;
  }
}

/** Prepared without a name (see StatementShapes): node-postgres and PGlite send it as an unnamed statement. */
export const UNNAMED = '';

export const placeholder = sql.placeholder;

/** One optional list filter: its condition on a placeholder, and how the request's value becomes the bound value. */
export interface FilterSpec {
  where: (value: Placeholder) => SQL;
  bind?: (value: never) => unknown;
}

const isSet = (value: unknown) => value !== undefined && value !== null && value !== '';

/**
 * The optional filters a request sets, as part of a statement shape (their names, in the order of `specs`), with their
 * bound values added to `values` under `filter.<name>`. filterConditions turns the same names back into SQL, so the
 * placeholders and the values are named in one place.
 */
export function filterShape<Name extends string>(specs: Record<Name, FilterSpec>, filters: Partial<Record<NoInfer<Name>, unknown>>, values: Record<string, unknown>): Name[] {
  const set = (Object.keys(specs) as Name[]).filter((name) => isSet(filters[name]));
  for (const name of set) {
    const bind = specs[name].bind as ((value: unknown) => unknown) | undefined;
    values[`filter.${name}`] = bind ? bind(filters[name]) : filters[name];
  }
  return set;
}

export function filterConditions<Name extends string>(specs: Record<Name, FilterSpec>, set: readonly Name[]): SQL[] {
  return set.map((name) => specs[name].where(sql.placeholder(`filter.${name}`)));
}
