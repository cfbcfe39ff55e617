import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DatabaseHandle } from './client.ts';

const journalPath = fileURLToPath(new URL('./migrations/meta/_journal.json', import.meta.url));

interface Journal {
  entries: { tag: string; when: number }[];
}

/**
 * Migrations of this code base not yet applied to the database, read without applying anything (opening the app
 * migrates; a console command that must not change the schema asks this first). Drizzle applies every migration
 * newer than the newest `created_at` in `drizzle.__drizzle_migrations`, so the same comparison is made here.
 */
export async function pendingMigrations(database: DatabaseHandle): Promise<string[]> {
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as Journal;
  const { rows } = await database.executeSql("select to_regclass('drizzle.__drizzle_migrations') is not null as present", []);
  const present = (rows[0] as { present?: boolean } | undefined)?.present === true;
  if (!present) return journal.entries.map((entry) => entry.tag);
  const latest = await database.executeSql('select coalesce(max(created_at), 0)::text as latest from drizzle.__drizzle_migrations', []);
  const appliedUpTo = Number((latest.rows[0] as { latest?: string } | undefined)?.latest ?? 0);
  return journal.entries.filter((entry) => entry.when > appliedUpTo).map((entry) => entry.tag);
}
