import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Test database selection.
 *
 * Default (PGlite): `createTestDatabaseUrl()` returns undefined and the caller opens an in-memory PGlite.
 * With `CLIENTELE_TEST_DB=postgres`, vitest's global setup starts one PostgreSQL server for the run
 * (or uses `CLIENTELE_TEST_POSTGRES_URL` when given) and every call here creates a fresh database on it, a copy
 * of the migrated template, so each test app is isolated exactly as with PGlite.
 */

/** Names of the values that server/test/global-setup.ts provides to the workers. */
export const postgresAdminUrlKey = 'clienteleTestPostgresUrl';
export const pgliteTemplateKey = 'clienteleTestPgliteTemplate';
/** The migrated, empty database every PostgreSQL test database is copied from. */
export const postgresTemplateDatabase = 'clientele_test_template';

declare module 'vitest' {
  export interface ProvidedContext {
    clienteleTestPostgresUrl: string;
    clienteleTestPgliteTemplate: string;
  }
}

export function isPostgresMode(): boolean {
  return process.env.CLIENTELE_TEST_DB === 'postgres';
}

async function readAdminUrl(): Promise<string> {
  const fromEnvironment = process.env.CLIENTELE_TEST_POSTGRES_URL;
  if (fromEnvironment !== undefined && fromEnvironment !== '') {
    return fromEnvironment;
  }
  // Imported lazily so this module stays usable outside vitest (e.g. from scripts in PGlite mode).
  const { inject } = await import('vitest');
  const provided = inject(postgresAdminUrlKey);
  if (provided === undefined || provided === '') {
    throw new Error(
      'CLIENTELE_TEST_DB=postgres, but no PostgreSQL server URL was provided. Run the suite through vitest ' +
        '(its globalSetup starts the server) or set CLIENTELE_TEST_POSTGRES_URL to a superuser URL.',
    );
  }
  return provided;
}

let databaseCounter = 0;

/** `empty`: a database with nothing in it (not even the migrations), for tests of what happens before migrating. */
export async function createTestDatabaseUrl(options: { empty?: boolean } = {}): Promise<string | undefined> {
  if (!isPostgresMode()) {
    return undefined;
  }
  const adminUrl = await readAdminUrl();
  databaseCounter += 1;
  // Lower-case letters, digits and underscores only, so the name needs no quoting and fits in 63 bytes.
  const name = `clientele_test_${process.pid}_${databaseCounter}_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name} TEMPLATE ${options.empty ? 'template0' : postgresTemplateDatabase} ENCODING 'UTF8'`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

let pgliteTemplate: Promise<Blob | undefined> | undefined;

/** PGlite mode: the migrated empty database (a dump made by the global setup), read once per worker. */
export function loadPgliteTemplate(): Promise<Blob | undefined> {
  pgliteTemplate ??= (async () => {
    const { inject } = await import('vitest');
    const path = inject(pgliteTemplateKey);
    if (path === undefined || path === '') return undefined;
    const { readFile } = await import('node:fs/promises');
    return new Blob([await readFile(path)]);
  })();
  return pgliteTemplate;
}
