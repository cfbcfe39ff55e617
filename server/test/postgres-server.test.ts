import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabaseUrl, isPostgresMode } from './database.ts';

async function query(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<Record<string, unknown>>(sql);
    return result.rows;
  } finally {
    await client.end();
  }
}

describe('test database helper', () => {
  it.runIf(!isPostgresMode())('returns no URL in PGlite mode', async () => {
    expect(await createTestDatabaseUrl()).toBeUndefined();
  });

  it.runIf(isPostgresMode())('creates a separate, empty database per call on the shared server', async () => {
    const first = await createTestDatabaseUrl();
    const second = await createTestDatabaseUrl();
    expect(first).toMatch(/^postgres:\/\/postgres:.+@127\.0\.0\.1:\d+\/clientele_test_\w+$/);
    if (first === undefined || second === undefined) {
      throw new Error('expected URLs in postgres mode');
    }
    expect(second).not.toBe(first);

    await query(first, 'CREATE TABLE marker (id int)');
    const rows = await query(second, "SELECT to_regclass('public.marker') AS marker, current_database() AS name");
    expect(rows).toEqual([{ marker: null, name: new URL(second).pathname.slice(1) }]);
  });
});
