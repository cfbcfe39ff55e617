import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/**
 * Server-side prepared statements for embedded PGlite.
 *
 * PGlite runs every parameterised query as an unnamed statement: each call parses and plans it again inside the
 * WebAssembly Postgres, on the event loop, and an unnamed extended-protocol round trip costs far more than the
 * statement itself (measured: a sign-in lookup 3.9 ms of CPU that way, 1.2 ms as EXECUTE of a prepared plan).
 * PGlite has no API for named statements, so a text that keeps coming back is prepared once with
 * `PREPARE … AS <text>` and later runs as `EXECUTE name(<literals>)`, its values quoted by node-postgres'
 * `escapeLiteral`. Values that are not plain scalars take the ordinary path, as does a text Postgres refuses to
 * prepare. Postgres replans prepared statements itself when the tables they use change.
 */
const PREPARE_AFTER_RUNS = 3;
const MAX_PREPARED_STATEMENTS = 500;
const PREPARABLE = /^\s*(select|insert|update|delete|with)\b/i;

type QueryFunction = PGlite['query'];

/** A literal Postgres coerces to the prepared parameter's type, exactly as it coerces a text parameter; null = not a scalar. */
export function toSqlLiteral(value: unknown): string | null {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return value.includes('\0') ? null : pg.escapeLiteral(value);
  if (typeof value === 'number') return Number.isFinite(value) ? pg.escapeLiteral(String(value)) : null;
  if (typeof value === 'bigint' || typeof value === 'boolean') return pg.escapeLiteral(String(value));
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : pg.escapeLiteral(value.toISOString());
  return null;
}

export function withPlanCache(client: PGlite): PGlite {
  /** Runs seen so far per text, or the prepared statement's name; `false` = Postgres would not prepare it. */
  const statements = new Map<string, number | string | false>();
  let prepared = 0;

  const prepare = async (text: string): Promise<void> => {
    const name = `clientele_plan_${prepared + 1}`;
    try {
      await client.exec(`PREPARE ${name} AS ${text}`);
      prepared += 1;
      statements.set(text, name);
    } catch {
      statements.set(text, false);
    }
  };

  const query = (async (text: string, params?: unknown[], options?: Parameters<QueryFunction>[2]) => {
    const entry = params && params.length > 0 ? statements.get(text) : false;
    if (typeof entry === 'string') {
      const literals = params!.map(toSqlLiteral);
      if (literals.every((literal) => literal !== null)) return client.query(`EXECUTE ${entry}(${literals.join(', ')})`, [], options);
    } else if (entry !== false && PREPARABLE.test(text) && !text.includes(';')) {
      const runs = (entry ?? 0) + 1;
      statements.set(text, runs);
      if (runs >= PREPARE_AFTER_RUNS && prepared < MAX_PREPARED_STATEMENTS) await prepare(text);
    }
    return client.query(text, params, options);
  }) as QueryFunction;

  return new Proxy(client, {
    get(target, property) {
      if (property === 'query') return query;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
