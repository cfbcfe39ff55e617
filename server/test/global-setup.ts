import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../src/db/client.ts';
import { pgliteTemplateKey, postgresAdminUrlKey, postgresTemplateDatabase } from './database.ts';
import { startPostgresServer, type PostgresServer } from './postgres-server.ts';

/**
 * Vitest global setup. Every test app gets its own database, and creating one from nothing (initdb on PGlite, the
 * migrations on both) is most of a test app's start-up, so the migrated empty database is built once here:
 * - PGlite (default): a dump of a migrated in-memory database in a temporary file; each test app loads it.
 * - PostgreSQL (CLIENTELE_TEST_DB=postgres): one throwaway server for the run (or CLIENTELE_TEST_POSTGRES_URL) with a
 *   migrated template database; each test app's database is a copy of it (CREATE DATABASE … TEMPLATE).
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (process.env.CLIENTELE_TEST_DB !== 'postgres') {
    return buildPgliteTemplate(project);
  }
  const external = process.env.CLIENTELE_TEST_POSTGRES_URL;
  if (external !== undefined && external !== '') {
    await buildPostgresTemplate(external);
    project.provide(postgresAdminUrlKey, external);
    return undefined;
  }
  const startedAt = Date.now();
  const server: PostgresServer = await startPostgresServer();
  await buildPostgresTemplate(server.url);
  const port = new URL(server.url).port;
  process.stdout.write(`PostgreSQL test server on 127.0.0.1:${port} (started and migrated in ${Date.now() - startedAt} ms)\n`);
  project.provide(postgresAdminUrlKey, server.url);
  return async () => {
    await server.stop();
  };
}

async function buildPgliteTemplate(project: TestProject): Promise<() => Promise<void>> {
  const directory = mkdtempSync(join(tmpdir(), 'clientele-vitest-'));
  const database = await openDatabase({ inMemory: true });
  try {
    await database.migrate();
    const dump = await database.dumpDataDir!();
    const path = join(directory, 'migrated.tar');
    writeFileSync(path, Buffer.from(await dump.arrayBuffer()));
    project.provide(pgliteTemplateKey, path);
  } finally {
    await database.close();
  }
  return async () => {
    rmSync(directory, { recursive: true, force: true });
  };
}

async function buildPostgresTemplate(adminUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${postgresTemplateDatabase}`);
    await admin.query(`CREATE DATABASE ${postgresTemplateDatabase} TEMPLATE template0 ENCODING 'UTF8'`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${postgresTemplateDatabase}`;
  const database = await openDatabase({ databaseUrl: url.toString() });
  try {
    await database.migrate();
  } finally {
    // A template must have no open connections when it is copied.
    await database.close();
  }
}
