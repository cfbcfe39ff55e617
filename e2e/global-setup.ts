import { ensureDatabaseTemplate } from './support/database-template.ts';

/** Runs once before all specs: the migrated database every test server starts from. */
export default function globalSetup(): void {
  ensureDatabaseTemplate();
}
