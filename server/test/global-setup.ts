import type { TestProject } from 'vitest/node';
import { postgresAdminUrlKey } from './database.ts';
import { startPostgresServer, type PostgresServer } from './postgres-server.ts';

/**
 * Vitest global setup: in postgres mode (CLIENTELE_TEST_DB=postgres) start one throwaway PostgreSQL
 * server for the whole run and hand its superuser URL to the workers; each test app then creates its own
 * database on it (see database.ts). With CLIENTELE_TEST_POSTGRES_URL set, that server is used instead.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (process.env.CLIENTELE_TEST_DB !== 'postgres') {
    return undefined;
  }
  const external = process.env.CLIENTELE_TEST_POSTGRES_URL;
  if (external !== undefined && external !== '') {
    project.provide(postgresAdminUrlKey, external);
    return undefined;
  }
  const startedAt = Date.now();
  const server: PostgresServer = await startPostgresServer();
  const port = new URL(server.url).port;
  process.stdout.write(`PostgreSQL test server on 127.0.0.1:${port} (started in ${Date.now() - startedAt} ms)\n`);
  project.provide(postgresAdminUrlKey, server.url);
  return async () => {
    await server.stop();
  };
}
