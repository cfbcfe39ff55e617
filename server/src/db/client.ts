import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { withPlanCache } from './pglite-plan-cache.ts';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema.ts';

export type Database = NodePgDatabase<typeof schema>;

export interface DatabaseHandle {
  db: Database;
  kind: 'pglite' | 'postgres';
  /** Raw SQL for pg-boss; parameterless scripts may hold several statements. */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** PGlite only: the whole database as a tarball, for test templates. */
  dumpDataDir?: () => Promise<Blob | File>;
}

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

export interface OpenDatabaseOptions {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  /** PGlite without a directory, for tests. */
  inMemory?: boolean;
  /** In-memory PGlite only: start from this dump (`dumpDataDir`) of an already migrated database instead of initdb. */
  template?: Blob | undefined;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  return openPglite(options.inMemory ? undefined : options.dataDir, options.template);
}

async function openPglite(dataDir: string | undefined, template?: Blob): Promise<DatabaseHandle> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // PGlite's default 128 MB of shared buffers is sized for a server; an embedded CRM database is well served by 32 MB,
  // which keeps the idle process around 100 MB smaller. pg_trgm backs the CRM's substring search (Chinese names too).
  const options = { postgresqlconf: ['shared_buffers=32MB'], extensions: { pg_trgm }, ...(template && !dataDir ? { loadDataDir: template } : {}) };
  const client = dataDir ? await PGlite.create(dataDir, options) : await PGlite.create(options);
  // Drizzle's repeated statements run as prepared plans; pg-boss's own SQL (executeSql) goes straight to PGlite.
  const db = drizzlePglite({ client: withPlanCache(client), schema }) as unknown as Database;
  return {
    db,
    kind: 'pglite',
    async executeSql(text, values = []) {
      if (values.length === 0) {
        const results = await client.exec(text);
        return { rows: results.flatMap((result) => result.rows) };
      }
      return client.query(text, values);
    },
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    async ping() {
      await client.query('select 1');
    },
    close: () => client.close(),
    dumpDataDir: () => client.dumpDataDir('none'),
  };
}

async function openPostgres(databaseUrl: string): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const db = drizzlePg({ client: pool, schema });
  return {
    db,
    kind: 'postgres',
    async executeSql(text, values = []) {
      // A multi-statement script (pg-boss migrations) resolves to one result per statement.
      const result = (await pool.query(text, values)) as pg.QueryResult<Record<string, unknown>> | pg.QueryResult<Record<string, unknown>>[];
      const rows: unknown[] = Array.isArray(result) ? result.flatMap((item) => item.rows) : result.rows;
      return { rows };
    },
    migrate: () => migratePg(db, { migrationsFolder }),
    async ping() {
      await pool.query('select 1');
    },
    close: () => pool.end(),
  };
}
